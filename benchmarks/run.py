"""The benchmark suite: fasteval beside scikit-learn, torchmetrics and numpy; writes RESULTS.md.

    python benchmarks/run.py                  # tier "medium": 1e3 .. 1e7 rows (the issue's workloads)
    python benchmarks/run.py --tier small     # 1e3 .. 1e6, a quick look
    python benchmarks/run.py --tier large     # adds 1e8 rows (scikit-learn is capped at 1e7: minutes per call)

Every ratio compares medians measured side by side in this one process on the
same arrays. torchmetrics and Hugging Face evaluate run when installed
(``pip install -e ".[bench]"``). evaluate loads its metric scripts from the Hub,
which this suite does not assume is reachable: it times local copies of the
published modules' ``_compute`` through evaluate's own machinery (see
``benchmarks/_evaluate_local.py``), up to 1,000,000 rows (about 20 s a call).
Cold-start numbers come from fresh subprocesses with the kernel cache on disk
warm. Peak memory is tracemalloc's peak of numpy/Python allocations during
the call (Numba kernels allocate through numpy, so they are included).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `fasteval` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._evaluate_local import HAVE_EVALUATE, compute_each, load_local  # noqa: E402

HERE = Path(__file__).resolve().parent
FOUR = ["accuracy", "f1", "precision", "recall"]
TIERS = {
    "small": [10**3, 10**4, 10**5, 10**6],
    "medium": [10**3, 10**4, 10**5, 10**6, 10**7],
    "large": [10**3, 10**4, 10**5, 10**6, 10**7, 10**8],
}
SKLEARN_MAX_ROWS = 10**7
EVALUATE_MAX_ROWS = 10**6
HAVE_TORCHMETRICS = importlib.util.find_spec("torchmetrics") is not None


def median_time(
    fn: Callable[[], Any], budget: float = 1.0, min_runs: int = 3, max_runs: int = 9
) -> float:
    """Median wall time of ``fn`` over a few runs (more runs for fast calls)."""
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() - start < budget):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_memory(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@dataclass
class Row:
    workload: str
    rows: int
    times: dict[str, float] = field(default_factory=dict)
    memory: dict[str, int] = field(default_factory=dict)


def make_data(n: int, classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    refs = rng.integers(0, classes, n)
    preds = np.where(rng.random(n) < 0.8, refs, rng.integers(0, classes, n))
    return preds, refs


# -- the implementations compared ----------------------------------------------------------


def fasteval_four(preds, refs, average, sample_weight=None):
    import fasteval

    return fasteval.combine(FOUR).compute(
        predictions=preds, references=refs, average=average, sample_weight=sample_weight
    )


def sklearn_four(preds, refs, average, sample_weight=None):
    from sklearn import metrics as skm

    return {
        "accuracy": skm.accuracy_score(refs, preds, sample_weight=sample_weight),
        "f1": skm.f1_score(refs, preds, average=average, sample_weight=sample_weight),
        "precision": skm.precision_score(refs, preds, average=average, sample_weight=sample_weight),
        "recall": skm.recall_score(refs, preds, average=average, sample_weight=sample_weight),
    }


def torchmetrics_four(preds_t, refs_t, classes: int, average: str):
    import torchmetrics
    from torchmetrics import classification as tmc

    if classes == 2:
        collection = torchmetrics.MetricCollection(
            [tmc.BinaryAccuracy(), tmc.BinaryF1Score(), tmc.BinaryPrecision(), tmc.BinaryRecall()]
        )
    else:
        kw = {"num_classes": classes, "average": average}
        collection = torchmetrics.MetricCollection(
            [
                tmc.MulticlassAccuracy(num_classes=classes, average="micro"),
                tmc.MulticlassF1Score(**kw),
                tmc.MulticlassPrecision(**kw),
                tmc.MulticlassRecall(**kw),
            ]
        )
    return collection(preds_t, refs_t)


# -- workloads ------------------------------------------------------------------------------


def bench_four(rows: list[Row], n: int, classes: int) -> None:
    average = "binary" if classes == 2 else "macro"
    preds, refs = make_data(n, classes)
    row = Row(
        f"combine(accuracy, f1, precision, recall), {'binary' if classes == 2 else f'{classes}-class macro'}, int64",
        n,
    )
    fasteval_four(preds[:5000], refs[:5000], average)  # warm the kernels
    row.times["fasteval"] = median_time(lambda: fasteval_four(preds, refs, average))
    row.memory["fasteval"] = peak_memory(lambda: fasteval_four(preds, refs, average))
    row.times["numpy sum"] = median_time(lambda: (preds.sum(), refs.sum()))
    if n <= SKLEARN_MAX_ROWS:
        expected = sklearn_four(preds, refs, average)
        assert fasteval_four(preds, refs, average) == expected, "fasteval differs from scikit-learn"
        row.times["scikit-learn"] = median_time(
            lambda: sklearn_four(preds, refs, average), budget=0, min_runs=1 if n >= 10**7 else 3
        )
        row.memory["scikit-learn"] = (
            peak_memory(lambda: sklearn_four(preds, refs, average)) if n <= 10**6 else 0
        )
    if HAVE_TORCHMETRICS:
        import torch

        preds_t, refs_t = torch.from_numpy(preds), torch.from_numpy(refs)
        torchmetrics_four(preds_t[:1000], refs_t[:1000], classes, average)
        row.times["torchmetrics"] = median_time(
            lambda: torchmetrics_four(preds_t, refs_t, classes, average)
        )
    if HAVE_EVALUATE and n <= EVALUATE_MAX_ROWS:
        modules = load_local(FOUR)
        got = compute_each(modules, average, predictions=preds, references=refs)
        assert got == fasteval_four(preds, refs, average), "evaluate differs from fasteval"
        row.times["evaluate"] = median_time(
            lambda: compute_each(modules, average, predictions=preds, references=refs),
            budget=0,
            min_runs=1 if n >= 10**5 else 3,
        )
    rows.append(row)


def bench_variants(rows: list[Row], n: int) -> None:
    """One size, many input kinds: label dtypes, strings, 1000 classes, weights, confusion matrix."""
    from sklearn import metrics as skm

    import fasteval
    from fasteval.functional import confusion_matrix, f1_score

    preds, refs = make_data(n, 10)
    cases: list[tuple[str, Any, Any, dict[str, Any]]] = [
        ("f1 macro, 10 classes, int8", preds.astype(np.int8), refs.astype(np.int8), {}),
        ("f1 macro, 10 classes, int32", preds.astype(np.int32), refs.astype(np.int32), {}),
        ("f1 binary, bool labels", preds % 2 == 0, refs % 2 == 0, {}),
    ]
    names = np.array([f"class_{i}" for i in range(10)])
    cases.append(("f1 macro, 10 classes, string labels (numpy)", names[preds], names[refs], {}))
    weights = np.random.default_rng(1).random(n)
    cases.append(
        ("f1 macro, 10 classes, int64, sample_weight", preds, refs, {"sample_weight": weights})
    )
    for name, p, r, kw in cases:
        average = "binary" if p.dtype == bool else "macro"
        f1_score(r[:5000], p[:5000], average=average, **{k: v[:5000] for k, v in kw.items()})
        row = Row(name, n)
        row.times["fasteval"] = median_time(
            lambda p=p, r=r, kw=kw, a=average: f1_score(r, p, average=a, **kw)
        )
        expected = skm.f1_score(r, p, average=average, **kw)
        got = f1_score(r, p, average=average, **kw)
        assert abs(got - expected) <= 1e-12 * abs(expected), (name, got, expected)
        row.times["scikit-learn"] = median_time(
            lambda p=p, r=r, kw=kw, a=average: skm.f1_score(r, p, average=a, **kw),
            budget=0,
            min_runs=1,
        )
        rows.append(row)
    # 1000 classes, 1M rows (the workload)
    p, r = make_data(10**6, 1000)
    row = Row("f1 macro, 1000 classes, int64", 10**6)
    f1_score(r[:5000], p[:5000], average="macro")
    row.times["fasteval"] = median_time(lambda: f1_score(r, p, average="macro"))
    assert f1_score(r, p, average="macro") == skm.f1_score(r, p, average="macro")
    row.times["scikit-learn"] = median_time(
        lambda: skm.f1_score(r, p, average="macro"), budget=0, min_runs=1
    )
    rows.append(row)
    row = Row("confusion_matrix, 10 classes, int64", n)
    confusion_matrix(refs[:5000], preds[:5000])
    row.times["fasteval"] = median_time(lambda: confusion_matrix(refs, preds))
    assert (confusion_matrix(refs, preds) == skm.confusion_matrix(refs, preds)).all()
    row.times["scikit-learn"] = median_time(
        lambda: skm.confusion_matrix(refs, preds), budget=0, min_runs=1
    )
    rows.append(row)
    del fasteval


def _stream_fasteval(preds: np.ndarray, refs: np.ndarray, batch: int, total: int) -> Any:
    import fasteval

    clf = fasteval.combine(FOUR)
    for lo in range(0, total, batch):
        clf.add_batch(predictions=preds[lo : lo + batch], references=refs[lo : lo + batch])
    return clf.compute(average="macro")


def _stream_torchmetrics(preds: Any, refs: Any, batch: int, total: int) -> Any:
    from torchmetrics import classification as tmc

    metric = tmc.MulticlassF1Score(num_classes=10, average="macro")
    for lo in range(0, total, batch):
        metric.update(preds[lo : lo + batch], refs[lo : lo + batch])
    return metric.compute()


def _stream_evaluate(modules: list, preds: np.ndarray, refs: np.ndarray, batch: int, total: int):
    """evaluate's add_batch loop over the four modules (its combine cannot pass average)."""
    for lo in range(0, total, batch):
        for module in modules:
            module.add_batch(predictions=preds[lo : lo + batch], references=refs[lo : lo + batch])
    return compute_each(modules, "macro")


def bench_streaming(n: int) -> list[tuple[int, dict[str, float]]]:
    preds, refs = make_data(n, 10)
    if HAVE_TORCHMETRICS:
        import torch

        pt, rt = torch.from_numpy(preds), torch.from_numpy(refs)
    out = []
    for batch in (32, 1000, 100_000):
        total = min(n, batch * 20_000)
        _stream_fasteval(preds, refs, batch, min(total, 100 * batch))
        seconds = median_time(
            lambda b=batch, t=total: _stream_fasteval(preds, refs, b, t), budget=2
        )
        rates = {"fasteval": total / seconds}
        mem = peak_memory(lambda b=batch, t=total: _stream_fasteval(preds, refs, b, t))
        if HAVE_TORCHMETRICS:
            tm_total = min(total, batch * 2000)
            seconds = median_time(
                lambda b=batch, t=tm_total: _stream_torchmetrics(pt, rt, b, t), budget=2
            )
            rates["torchmetrics (f1 only)"] = tm_total / seconds
        if HAVE_EVALUATE:
            ev_total = min(total, 200_000)
            modules = load_local(FOUR)
            seconds = median_time(
                lambda b=batch, t=ev_total, m=modules: _stream_evaluate(m, preds, refs, b, t),
                budget=0,
                min_runs=1,
            )
            rates["evaluate"] = ev_total / seconds
        out.append((batch, {**rates, "peak_memory": mem}))
        print(
            f"add_batch({batch}): "
            + ", ".join(f"{k} {v / 1e6:,.2f} M rows/s" for k, v in rates.items()),
            flush=True,
        )
    return out


def bench_parquet(n: int) -> list[tuple[str, float, float]]:
    """evaluate_parquet against pyarrow reading the same columns, on one file of ``n`` rows."""
    import tempfile

    import pyarrow as pa
    import pyarrow.parquet as pq

    import fasteval

    rng = np.random.default_rng(2)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "preds.parquet")
        preds, refs = make_data(n, 10)
        langs = np.array(["en", "de", "fr", "ja", "sw"])[rng.integers(0, 5, n)]
        pq.write_table(
            pa.table({"prediction": preds, "label": refs, "language": langs}),
            path,
            row_group_size=1 << 20,
        )
        fasteval.evaluate_parquet(path, average="macro", progress=False)
        read2 = median_time(lambda: pq.read_table(path, columns=["prediction", "label"]))
        fast = median_time(lambda: fasteval.evaluate_parquet(path, average="macro", progress=False))
        out.append(("combine of four, macro", fast, read2))
        read3 = median_time(
            lambda: pq.read_table(path, columns=["prediction", "label", "language"])
        )
        grouped = median_time(
            lambda: fasteval.evaluate_parquet(
                path, average="macro", group_by="language", progress=False
            )
        )
        out.append(("same, group_by='language' (string column)", grouped, read3))
    return out


def fresh_process(code: str, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def bench_cold_start() -> dict[str, float]:
    timer = "import time; t=time.perf_counter()\n"
    done = "\nprint(time.perf_counter()-t)"
    first_small = (
        "import fasteval as e\n"
        "e.combine(['accuracy','f1','precision','recall']).compute(predictions=[0,1,1,0], references=[0,1,0,0])"
    )

    def first_compute(rows: int, extra: str = "") -> str:
        # the clock includes importing numpy and making the arrays (a few ms)
        return (
            timer
            + f"import numpy as np\nr = np.arange({rows}) % 10\np = r[::-1].copy()\n"
            + "import fasteval as e\n"
            + "e.combine(['accuracy','f1','precision','recall']).compute("
            + f"predictions=p, references=r, average='macro'{extra})"
            + done
        )

    weighted = ", sample_weight=np.ones(r.size)"
    subprocess.run(  # make sure the disk cache is warm
        [sys.executable, "-c", first_compute(100_000, weighted)], check=True, capture_output=True
    )
    out = {
        "import fasteval": fresh_process(timer + "import fasteval" + done),
        "import fasteval + first compute (4 rows)": fresh_process(timer + first_small + done),
    }
    for rows in (100_000, 1_000_000, 10_000_000):
        out[f"import fasteval + first compute ({rows:,} rows, 10 classes)"] = fresh_process(
            first_compute(rows)
        )
    out[
        "import fasteval + first compute (1,000,000 rows, sample_weight: Numba kernels from the disk cache)"
    ] = fresh_process(first_compute(1_000_000, weighted))
    out["import sklearn.metrics"] = fresh_process(timer + "import sklearn.metrics" + done)
    if HAVE_TORCHMETRICS:
        out["import torchmetrics"] = fresh_process(timer + "import torchmetrics" + done)
    return out


# -- report ---------------------------------------------------------------------------------


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:,.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:,.1f} ms"
    return f"{seconds * 1e6:,.0f} µs"


def slope(sizes: list[int], times: list[float]) -> float:
    x, y = np.log10(sizes), np.log10(times)
    return float(np.polyfit(x, y, 1)[0])


def plot(rows: list[Row], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, key in zip(axes, ["binary", "10-class"]):
        subset = [r for r in rows if r.workload.startswith("combine") and key in r.workload]
        for lib in ("fasteval", "scikit-learn", "torchmetrics", "evaluate", "numpy sum"):
            pts = [(r.rows, r.times[lib]) for r in subset if lib in r.times]
            if pts:
                xs, ys = zip(*pts)
                ax.plot(xs, ys, marker="o", label=lib)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("rows")
        ax.set_ylabel("seconds (median)")
        ax.set_title(f"accuracy + f1 + precision + recall, {key}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _evaluate_version() -> str:
    if not HAVE_EVALUATE:
        return " was not installed, so not measured"
    from importlib.metadata import version

    return f" {version('evaluate')}"


def write_report(args, rows, streaming, parquet, cold, plotted) -> str:
    import numba
    import pyarrow
    import sklearn

    import fasteval

    versions = [
        f"Python {platform.python_version()}",
        f"numpy {np.__version__}",
        f"numba {numba.__version__}",
        f"pyarrow {pyarrow.__version__}",
        f"scikit-learn {sklearn.__version__}",
    ]
    if HAVE_TORCHMETRICS:
        import torch
        import torchmetrics

        versions += [f"torch {torch.__version__}", f"torchmetrics {torchmetrics.__version__}"]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python benchmarks/run.py --tier {args.tier}` on {time.strftime('%Y-%m-%d')}.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()};"
        f" {', '.join(versions)}, fasteval {fasteval.__version__}. Numba threads: {numba.get_num_threads()}.",
        "",
        "Medians, measured side by side in one process on the same arrays; every fasteval result",
        "was checked equal to scikit-learn's (and evaluate's) in the same run. Hugging Face",
        f"evaluate{_evaluate_version()}: its metric scripts load from the Hub, not reachable here, so",
        "local copies of the published accuracy/f1/precision/recall modules' `_compute` (one",
        "scikit-learn call each) run through evaluate's own `compute`/`add_batch` (features",
        "encoding, Arrow cache), up to 1,000,000 rows; the four are called one by one, because",
        "evaluate's `combine(...).compute(average=...)` passes `average` to accuracy, which rejects it.",
        "",
        "## combine(accuracy, f1, precision, recall) by size",
        "",
        "| workload | rows | fasteval | scikit-learn | speed-up | torchmetrics | speed-up | evaluate | speed-up | numpy sum of both arrays | fasteval / numpy | peak memory fasteval / sklearn |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in [r for r in rows if r.workload.startswith("combine")]:
        t = r.times
        fast, sk, tm = t["fasteval"], t.get("scikit-learn"), t.get("torchmetrics")
        sk_cell = f"{fmt_time(sk)} | {sk / fast:,.0f}x" if sk else "not run | "
        tm_cell = f"{fmt_time(tm)} | {tm / fast:,.0f}x" if tm else "n/a | "
        ev = t.get("evaluate")
        ev_cell = f"{fmt_time(ev)} | {ev / fast:,.0f}x" if ev else "not run | "
        mem_fast = r.memory.get("fasteval", 0) / 2**20
        mem_sk = r.memory.get("scikit-learn", 0) / 2**20
        lines.append(
            f"| {r.workload} | {r.rows:,} | {fmt_time(fast)} | {sk_cell} | {tm_cell} | {ev_cell} |"
            f" {fmt_time(t['numpy sum'])} | {fast / t['numpy sum']:.2f}x |"
            f" {mem_fast:,.1f} MB / {f'{mem_sk:,.1f} MB' if mem_sk else '-'} |"
        )
    for key in ("binary", "10-class"):
        combos = [r for r in rows if r.workload.startswith("combine") and key in r.workload]
        subset = [r for r in combos if r.rows >= 10**6]
        if len(subset) < 2:
            subset = [r for r in combos if r.rows >= 10**5]
        if len(subset) >= 2:
            s = slope([r.rows for r in subset], [r.times["fasteval"] for r in subset])
            lines.append("")
            lines.append(
                f"Growth of fasteval's time with rows ({key}, {subset[0].rows:,} to {subset[-1].rows:,} rows):"
                f" log-log slope {s:.2f} (1.00 = linear)."
            )
    if plotted:
        lines += ["", "![time against rows, log-log](scaling.png)"]
    lines += [
        "",
        f"## Input kinds at {args.variant_rows:,} rows (1000 classes at 1,000,000 rows)",
        "",
        "| workload | rows | fasteval | scikit-learn | speed-up |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in [r for r in rows if not r.workload.startswith("combine")]:
        t = r.times
        lines.append(
            f"| {r.workload} | {r.rows:,} | {fmt_time(t['fasteval'])} | {fmt_time(t['scikit-learn'])} | {t['scikit-learn'] / t['fasteval']:,.0f}x |"
        )
    lines += [
        "",
        "## Streaming `add_batch` (10 classes; combine of four, then compute)",
        "",
        "| batch size | fasteval rows/s | per add_batch call | peak memory | torchmetrics rows/s (f1 only) | evaluate rows/s (the four modules) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for batch, rates in streaming:
        tm, ev = rates.get("torchmetrics (f1 only)"), rates.get("evaluate")
        lines.append(
            f"| {batch:,} | {rates['fasteval'] / 1e6:,.2f} M | {fmt_time(batch / rates['fasteval'])} |"
            f" {rates['peak_memory'] / 2**20:,.1f} MB | {f'{tm / 1e6:,.2f} M' if tm else 'n/a'} |"
            f" {f'{ev / 1e6:,.3f} M' if ev else 'n/a'} |"
        )
    lines += [
        "",
        f"## `evaluate_parquet` on one {args.parquet_rows:,}-row Parquet file (row groups of 1M rows)",
        "",
        "| workload | evaluate_parquet | pyarrow `read_table` of the same columns | ratio |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {fmt_time(fast)} | {fmt_time(read)} | {fast / read:.2f}x |"
        for name, fast, read in parquet
    ]
    lines += [
        "",
        "## Cold start (fresh process; Numba's kernel cache on disk warm)",
        "",
        "Loading Numba and its kernel cache costs about 0.6 s in a fresh process (a third of",
        "it Numba importing SciPy's BLAS when SciPy is installed). Until the kernels are",
        "needed, unweighted small-integer labels are counted with `np.bincount`, up to",
        "`COLD_NUMPY_ROWS` (16,777,216) rows in all, in chunks of 1M rows; past that, or for weights, strings or",
        "large label values, the kernels load once and stay. The tables above time the steady",
        "state (kernels loaded).",
        "",
    ]
    lines += [f"- {name}: {fmt_time(value)}" for name, value in cold.items()]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=sorted(TIERS), default="medium")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    # Steady state: the Numba kernels count from the first call (a fresh process
    # counts its first few million rows with numpy instead; see the cold start).
    from fasteval import _state

    _state.COLD_NUMPY_ROWS = 0
    sizes = TIERS[args.tier]
    args.variant_rows = min(sizes[-1], 10**7)
    args.parquet_rows = min(sizes[-1], 10**7)
    rows: list[Row] = []
    for n in sizes:
        for classes in (2, 10):
            bench_four(rows, n, classes)
            r = rows[-1]
            print(
                f"{r.workload} @ {n:,}: "
                + ", ".join(f"{k} {fmt_time(v)}" for k, v in r.times.items()),
                flush=True,
            )
    bench_variants(rows, args.variant_rows)
    streaming = bench_streaming(min(sizes[-1], 10**7))
    parquet = bench_parquet(args.parquet_rows)
    cold = bench_cold_start()
    plotted = plot(rows, Path(args.output).with_name("scaling.png"))
    report = write_report(args, rows, streaming, parquet, cold, plotted)
    Path(args.output).write_text(report)
    print(report)


if __name__ == "__main__":
    main()
