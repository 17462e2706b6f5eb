"""pytest-benchmark module for multilabel classification: fasteval beside scikit-learn.

Indicator matrices of ``--bench-rows`` rows (default 100,000) and 50 labels. In the
default test run benchmarking is disabled: each benchmark runs once and its result
is checked against scikit-learn. To time them:

    python -m pytest benchmarks/test_bench_multilabel.py --benchmark-enable --bench-rows 1000000 -p no:doctest
"""

import numpy as np
import pytest
from sklearn import metrics as skm

import fasteval as evaluate
from fasteval.functional import f1_score

LABELS = 50

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # ill-defined rows: by design


@pytest.fixture(scope="module")
def multilabel_data(bench_rows):
    """References with ~10% of the labels on; predictions with 10% of the cells flipped."""
    rng = np.random.default_rng(3)
    refs = rng.random((bench_rows, LABELS)) < 0.1
    preds = refs ^ (rng.random((bench_rows, LABELS)) < 0.1)
    return preds, refs


@pytest.mark.parametrize("dtype", ["bool", "int64"])
@pytest.mark.parametrize("average", ["samples", "macro"])
@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
def test_f1_multilabel(benchmark, impl, average, dtype, multilabel_data, bench_rows):
    preds, refs = (a.astype(dtype) for a in multilabel_data)
    benchmark.group = f"f1-multilabel|{average}|{dtype}|{bench_rows}x{LABELS}"
    if impl == "fasteval":
        out = benchmark(f1_score, refs, preds, average=average)
        expected = skm.f1_score(refs, preds, average=average)
        if average == "samples":  # per-example scores summed in another order
            assert out == pytest.approx(expected, rel=1e-13)
        else:
            assert out == expected
    else:
        benchmark.pedantic(skm.f1_score, args=(refs, preds), kwargs={"average": average}, rounds=1)


def test_combined_multilabel_streaming(benchmark, multilabel_data, bench_rows):
    preds, refs = multilabel_data
    names = ["accuracy", "f1", "precision", "recall", "hamming_loss"]
    batch = 10_000
    benchmark.group = f"combine5-multilabel|add_batch {batch}|{bench_rows}x{LABELS}"

    def stream():
        clf = evaluate.combine([evaluate.load(n, "multilabel") for n in names])
        for lo in range(0, bench_rows, batch):
            clf.add_batch(predictions=preds[lo : lo + batch], references=refs[lo : lo + batch])
        return clf.compute(average="micro")

    out = benchmark(stream)
    assert out == {
        "accuracy": skm.accuracy_score(refs, preds),
        "f1": skm.f1_score(refs, preds, average="micro"),
        "precision": skm.precision_score(refs, preds, average="micro"),
        "recall": skm.recall_score(refs, preds, average="micro"),
        "hamming_loss": skm.hamming_loss(refs, preds),
    }
