"""pytest-benchmark modules for the score metrics: fasteval beside scikit-learn.

In the default test run benchmarking is disabled (``--benchmark-disable``): each
benchmark runs once on ``--bench-rows`` (100,000 by default) binary scores and its
result is checked against scikit-learn on the same data. The published numbers:

    python -m pytest benchmarks/test_bench_scores.py --benchmark-enable --bench-rows 10000000

``benchmarks/run_scores.py`` prints the side-by-side table.
"""

import pytest
import sklearn.metrics as skm

import fasteval as evaluate
from benchmarks.run_scores import make_binary
from fasteval.functional import scores as F


@pytest.fixture(scope="module")
def scores_data(bench_rows):
    return make_binary(bench_rows)


REFERENCE = {
    "roc_auc": skm.roc_auc_score,
    "average_precision": skm.average_precision_score,
    "log_loss": skm.log_loss,
    "brier_score": skm.brier_score_loss,
}


@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
@pytest.mark.parametrize("metric", list(REFERENCE))
def test_binary_scores(benchmark, impl, metric, scores_data):
    y, s, _ = scores_data
    benchmark.group = f"{metric}|{len(y)} rows"
    expected = REFERENCE[metric](y, s)
    if impl == "fasteval":
        module = evaluate.load(metric)
        out = benchmark(lambda: module.compute(references=y, predictions=s)[metric])
    else:
        out = benchmark.pedantic(REFERENCE[metric], args=(y, s), rounds=1, iterations=1)
    assert out == expected


@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
def test_weighted_roc_auc(benchmark, impl, scores_data):
    y, s, w = scores_data
    benchmark.group = f"roc_auc weighted|{len(y)} rows"
    fn = F.roc_auc_score if impl == "fasteval" else skm.roc_auc_score
    out = benchmark.pedantic(fn, args=(y, s), kwargs={"sample_weight": w}, rounds=1, iterations=1)
    assert out == skm.roc_auc_score(y, s, sample_weight=w)


@pytest.mark.parametrize("batch_size", [1000, 100_000])
def test_roc_auc_add_batch(benchmark, batch_size, scores_data):
    y, s, _ = scores_data
    benchmark.group = f"roc_auc add_batch|{batch_size}"

    def stream():
        module = evaluate.load("roc_auc")
        for lo in range(0, len(y), batch_size):
            module.add_batch(
                references=y[lo : lo + batch_size], predictions=s[lo : lo + batch_size]
            )
        return module.compute()["roc_auc"]

    assert benchmark(stream) == skm.roc_auc_score(y, s)
