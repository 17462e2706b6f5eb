"""pytest-benchmark modules for the regression metrics: fasteval beside scikit-learn / scipy.

In the default test run benchmarking is disabled (``--benchmark-disable``):
each benchmark runs once on ``--bench-rows`` rows (100,000 by default) and its
result is checked against the reference. To time them on the issue's size:

    python -m pytest benchmarks/test_bench_regression.py --benchmark-enable --bench-rows 10000000

``benchmarks/run_regression.py`` prints the side-by-side table with the
numpy-sum baseline.
"""

import numpy as np
import pytest
from scipy import stats
from sklearn import metrics as skm

import fasteval as evaluate
from benchmarks.run_regression import evaluate_smape, make_data

# rank metrics sort: capped so that a default run stays quick
RANK_ROWS = 1_000_000

REFERENCES = {
    "mse": lambda p, r: skm.mean_squared_error(r, p),
    "rmse": lambda p, r: skm.root_mean_squared_error(r, p),
    "mae": lambda p, r: skm.mean_absolute_error(r, p),
    "mape": lambda p, r: skm.mean_absolute_percentage_error(r, p),
    "smape": lambda p, r: evaluate_smape(r, p),
    "r_squared": lambda p, r: skm.r2_score(r, p),
    "pearsonr": lambda p, r: float(stats.pearsonr(r, p).statistic),
    "spearmanr": lambda p, r: float(stats.spearmanr(r, p).statistic),
    "kendall_tau": lambda p, r: float(stats.kendalltau(r, p).statistic),
}
BITWISE = {"mse", "rmse", "mae", "mape", "smape", "r_squared", "kendall_tau"}


@pytest.fixture(scope="module")
def regression_data(bench_rows):
    preds, refs, weights = make_data(bench_rows)
    return preds, refs, weights


def _value(result, name):
    return result[name] if isinstance(result, dict) else result


def _check(name, ours, theirs):
    if name in BITWISE:
        assert ours == theirs
    else:
        assert ours == pytest.approx(theirs, rel=1e-12)


@pytest.mark.parametrize("impl", ["fasteval", "reference"])
@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_metric(benchmark, impl, name, regression_data):
    preds, refs, _ = regression_data
    if name in ("spearmanr", "kendall_tau"):
        preds, refs = preds[:RANK_ROWS], refs[:RANK_ROWS]
    benchmark.group = f"{name}|{len(refs)} rows"
    expected = REFERENCES[name](preds, refs)
    if impl == "fasteval":
        module = evaluate.load(name)
        out = benchmark(module.compute, predictions=preds, references=refs)
        _check(name, _value(out, name), expected)
    else:
        out = benchmark.pedantic(
            REFERENCES[name], args=(preds, refs), rounds=3 if len(refs) > 10**6 else 5
        )
        assert out == expected


def test_numpy_sum_baseline(benchmark, regression_data):
    preds, refs, _ = regression_data
    benchmark.group = f"numpy sum|{len(refs)} rows"
    out = benchmark(lambda: preds.sum() + refs.sum())
    assert np.isfinite(out)


@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
def test_weighted_r_squared(benchmark, impl, regression_data):
    preds, refs, weights = regression_data
    benchmark.group = f"r_squared weighted|{len(refs)} rows"
    expected = skm.r2_score(refs, preds, sample_weight=weights)
    if impl == "fasteval":
        module = evaluate.load("r_squared")
        out = benchmark(module.compute, predictions=preds, references=refs, sample_weight=weights)
    else:
        out = benchmark(skm.r2_score, refs, preds, sample_weight=weights)
    assert out == expected


@pytest.mark.parametrize("batch_size", [1_000, 100_000])
def test_mse_add_batch_streaming(benchmark, batch_size, regression_data):
    preds, refs, _ = regression_data
    benchmark.group = f"mse add_batch|{batch_size}"
    expected = skm.mean_squared_error(refs, preds)

    def run():
        module = evaluate.load("mse")
        for lo in range(0, len(refs), batch_size):
            module.add_batch(
                predictions=preds[lo : lo + batch_size], references=refs[lo : lo + batch_size]
            )
        return module.compute()["mse"]

    assert benchmark(run) == pytest.approx(expected, rel=1e-12)
