"""pytest-benchmark modules: fasteval beside scikit-learn and numpy on the same arrays.

In the default test run benchmarking is disabled (``--benchmark-disable``):
each benchmark runs once and its result is checked against scikit-learn, so
the suite stays honest. To time it:

    python -m pytest benchmarks --benchmark-enable --bench-rows 10000000

``benchmarks/run.py`` writes the side-by-side ratios to benchmarks/RESULTS.md.
"""

import pytest
from sklearn import metrics as skm

import fasteval as evaluate

FOUR = ["accuracy", "f1", "precision", "recall"]


def fasteval_four(preds, refs, average):
    return evaluate.combine(FOUR).compute(predictions=preds, references=refs, average=average)


def sklearn_four(preds, refs, average):
    return {
        "accuracy": skm.accuracy_score(refs, preds),
        "f1": skm.f1_score(refs, preds, average=average),
        "precision": skm.precision_score(refs, preds, average=average),
        "recall": skm.recall_score(refs, preds, average=average),
    }


def numpy_sum_both(preds, refs):
    return int(preds.sum()) + int(refs.sum())


@pytest.mark.parametrize("impl", ["fasteval", "sklearn", "numpy-sum"])
@pytest.mark.parametrize("workload", ["binary", "10-class-macro"])
def test_four_metrics(benchmark, impl, workload, binary_data, multiclass_data, bench_rows):
    preds, refs = binary_data if workload == "binary" else multiclass_data
    average = "binary" if workload == "binary" else "macro"
    benchmark.group = f"combine4|{workload}|{bench_rows}"
    if impl == "fasteval":
        out = benchmark(fasteval_four, preds, refs, average)
        assert out == sklearn_four(preds, refs, average)
    elif impl == "sklearn":
        benchmark.pedantic(sklearn_four, args=(preds, refs, average), rounds=1, iterations=1)
    else:
        assert benchmark(numpy_sum_both, preds, refs) == numpy_sum_both(preds, refs)


@pytest.mark.parametrize("batch_size", [32, 1000, 100_000])
def test_add_batch_streaming(benchmark, batch_size, multiclass_data):
    preds, refs = multiclass_data
    n = min(len(preds), 200 * batch_size)
    benchmark.group = f"add_batch|{batch_size}"

    def stream():
        clf = evaluate.combine(FOUR)
        for lo in range(0, n, batch_size):
            clf.add_batch(
                predictions=preds[lo : lo + batch_size], references=refs[lo : lo + batch_size]
            )
        return clf.compute(average="macro")

    assert benchmark(stream) == sklearn_four(preds[:n], refs[:n], "macro")
