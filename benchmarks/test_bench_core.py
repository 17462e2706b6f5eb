"""pytest-benchmark modules: fasteval beside scikit-learn (and torchmetrics) on the same arrays.

In the default test run benchmarking is disabled (``--benchmark-disable``):
each benchmark runs once and its result is checked against scikit-learn, so
the suite stays honest. To time it:

    python -m pytest benchmarks --benchmark-enable --bench-rows 10000000 -p no:doctest

``benchmarks/run.py`` measures the full matrix side by side and writes
benchmarks/RESULTS.md (with the scaling plot).
"""

import subprocess
import sys

import numpy as np
import pytest
from sklearn import metrics as skm

import fasteval as evaluate
from fasteval.functional import confusion_matrix, f1_score

FOUR = ["accuracy", "f1", "precision", "recall"]


def fasteval_four(preds, refs, average, sample_weight=None):
    return evaluate.combine(FOUR).compute(
        predictions=preds, references=refs, average=average, sample_weight=sample_weight
    )


def sklearn_four(preds, refs, average, sample_weight=None):
    return {
        "accuracy": skm.accuracy_score(refs, preds, sample_weight=sample_weight),
        "f1": skm.f1_score(refs, preds, average=average, sample_weight=sample_weight),
        "precision": skm.precision_score(refs, preds, average=average, sample_weight=sample_weight),
        "recall": skm.recall_score(refs, preds, average=average, sample_weight=sample_weight),
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


def torchmetrics_four(preds, refs, classes):
    torchmetrics = pytest.importorskip("torchmetrics")
    from torchmetrics import classification as tmc

    if classes == 2:
        metrics = [
            tmc.BinaryAccuracy(),
            tmc.BinaryF1Score(),
            tmc.BinaryPrecision(),
            tmc.BinaryRecall(),
        ]
    else:
        kw = {"num_classes": classes, "average": "macro"}
        metrics = [
            tmc.MulticlassAccuracy(num_classes=classes, average="micro"),
            tmc.MulticlassF1Score(**kw),
            tmc.MulticlassPrecision(**kw),
            tmc.MulticlassRecall(**kw),
        ]
    return torchmetrics.MetricCollection(metrics)(preds, refs)


@pytest.mark.parametrize("workload", ["binary", "10-class-macro"])
def test_four_metrics_torchmetrics(benchmark, workload, binary_data, multiclass_data, bench_rows):
    torch = pytest.importorskip("torch")
    pytest.importorskip("torchmetrics")
    preds, refs = binary_data if workload == "binary" else multiclass_data
    classes = 2 if workload == "binary" else 10
    benchmark.group = f"combine4|{workload}|{bench_rows}"
    out = benchmark(torchmetrics_four, torch.from_numpy(preds), torch.from_numpy(refs), classes)
    expected = sklearn_four(preds, refs, "binary" if classes == 2 else "macro")
    assert float(out[next(k for k in out if "F1" in k)]) == pytest.approx(expected["f1"], rel=1e-5)


LABEL_KINDS = ["int8", "int32", "int64", "bool", "string"]


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("kind", LABEL_KINDS)
@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
def test_f1_label_kinds(benchmark, impl, kind, weighted, multiclass_data, bench_rows):
    preds, refs = multiclass_data
    if kind == "bool":
        preds, refs = preds % 2 == 0, refs % 2 == 0
    elif kind == "string":
        names = np.array([f"class_{i}" for i in range(10)])
        preds, refs = names[preds], names[refs]
    else:
        preds, refs = preds.astype(kind), refs.astype(kind)
    average = "binary" if kind == "bool" else "macro"
    kw = {"sample_weight": np.linspace(0.5, 2.0, len(preds))} if weighted else {}
    benchmark.group = f"f1|{kind}|{'weighted' if weighted else 'unweighted'}|{bench_rows}"
    if impl == "fasteval":
        out = benchmark(f1_score, refs, preds, average=average, **kw)
        assert out == pytest.approx(skm.f1_score(refs, preds, average=average, **kw), rel=1e-12)
    else:
        benchmark.pedantic(
            skm.f1_score, args=(refs, preds), kwargs={"average": average, **kw}, rounds=1
        )


@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
def test_f1_thousand_classes(benchmark, impl, bench_rows):
    rng = np.random.default_rng(4)
    n = min(bench_rows, 10**6)
    refs = rng.integers(0, 1000, n)
    preds = np.where(rng.random(n) < 0.7, refs, rng.integers(0, 1000, n))
    benchmark.group = f"f1|1000-class|{n}"
    if impl == "fasteval":
        assert benchmark(f1_score, refs, preds, average="macro") == skm.f1_score(
            refs, preds, average="macro"
        )
    else:
        benchmark.pedantic(skm.f1_score, args=(refs, preds), kwargs={"average": "macro"}, rounds=1)


@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
def test_confusion_matrix(benchmark, impl, multiclass_data, bench_rows):
    preds, refs = multiclass_data
    benchmark.group = f"confusion_matrix|10-class|{bench_rows}"
    if impl == "fasteval":
        np.testing.assert_array_equal(
            benchmark(confusion_matrix, refs, preds), skm.confusion_matrix(refs, preds)
        )
    else:
        benchmark.pedantic(skm.confusion_matrix, args=(refs, preds), rounds=1)


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


COLD = (
    "import numpy as np, fasteval as e\n"
    "r = np.arange(100000) % 3\n"
    "print(e.load('f1').compute(predictions=r, references=r, average='macro')['f1'])"
)


def test_cold_start_fresh_process(benchmark):
    """Import + first compute in a new process (counted with numpy: the kernels are not needed yet)."""
    benchmark.group = "cold-start"

    def run():
        return subprocess.run(
            [sys.executable, "-c", COLD], capture_output=True, text=True, check=True
        ).stdout

    assert benchmark.pedantic(run, rounds=3 if benchmark.enabled else 1).strip() == "1.0"
