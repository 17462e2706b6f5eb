"""Measure fasteval beside scikit-learn and numpy in one run; write benchmarks/RESULTS.md.

    python benchmarks/run.py                 # 10,000,000 rows (the issue's workload)
    python benchmarks/run.py --rows 1000000  # a quicker tier

Each ratio compares medians measured side by side in this one process on the
same arrays. Cold-start numbers come from fresh subprocesses.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
FOUR = ["accuracy", "f1", "precision", "recall"]


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def fresh_process(code: str, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def measure_four(preds: np.ndarray, refs: np.ndarray, average: str) -> tuple[float, float, float]:
    """Median seconds of fasteval's combine, scikit-learn's four calls and numpy summing both arrays."""
    from sklearn import metrics as skm

    import fasteval as evaluate

    clf = evaluate.combine(FOUR)
    clf.compute(predictions=preds[:100], references=refs[:100], average=average)  # warm
    fast = median_time(lambda: clf.compute(predictions=preds, references=refs, average=average), 7)

    def sk_four():
        skm.accuracy_score(refs, preds)
        for fn in (skm.f1_score, skm.precision_score, skm.recall_score):
            fn(refs, preds, average=average)

    sk = median_time(sk_four, 3)
    np_sum = median_time(lambda: (preds.sum(), refs.sum()), 11)
    return fast, sk, np_sum


def measure_parquet(n: int, rng: np.random.Generator) -> list[tuple[str, float, float]]:
    """evaluate_parquet against pyarrow reading the same columns, on a file of ``n`` rows."""
    import tempfile

    import pyarrow as pa
    import pyarrow.parquet as pq

    import fasteval

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "preds.parquet")
        refs = rng.integers(0, 10, n)
        preds = np.where(rng.random(n) < 0.8, refs, rng.integers(0, 10, n))
        langs = np.array(["en", "de", "fr", "ja", "sw"])[rng.integers(0, 5, n)]
        pq.write_table(
            pa.table({"prediction": preds, "label": refs, "language": langs}),
            path,
            row_group_size=1 << 20,
        )
        fasteval.evaluate_parquet(path, average="macro", progress=False)  # warm
        read2 = median_time(lambda: pq.read_table(path, columns=["prediction", "label"]), 5)
        fast = median_time(
            lambda: fasteval.evaluate_parquet(path, average="macro", progress=False), 5
        )
        out.append(("combine of four, macro", fast, read2))
        read3 = median_time(
            lambda: pq.read_table(path, columns=["prediction", "label", "language"]), 5
        )
        grouped = median_time(
            lambda: fasteval.evaluate_parquet(
                path, average="macro", group_by="language", progress=False
            ),
            5,
        )
        out.append(("same, group_by='language' (string column)", grouped, read3))
    for name, fast, read in out:
        print(
            f"parquet {name}: {fast * 1e3:.0f} ms, pyarrow read_table of the same columns {read * 1e3:.0f} ms"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    n = args.rows

    import sklearn

    import fasteval as evaluate

    rng = np.random.default_rng(0)
    rows = []

    def add(workload, fast, sk, np_sum, note=""):
        rows.append((workload, fast, sk, np_sum, note))
        print(
            f"{workload}: fasteval {fast * 1e3:.1f} ms, sklearn {sk * 1e3:.0f} ms ({sk / fast:.0f}x),"
            f" numpy sum {np_sum * 1e3:.1f} ms ({fast / np_sum:.2f}x of it)",
            flush=True,
        )

    for workload, classes, average in [
        ("binary int64", 2, "binary"),
        ("10-class int64, macro", 10, "macro"),
    ]:
        refs = rng.integers(0, classes, n)
        preds = np.where(rng.random(n) < 0.8, refs, rng.integers(0, classes, n))
        add(
            f"combine(accuracy, f1, precision, recall), {workload}",
            *measure_four(preds, refs, average),
        )

    parquet_rows = measure_parquet(n, rng)

    # streaming add_batch, batch size 1000
    refs = rng.integers(0, 10, min(n, 2_000_000))
    preds = np.where(rng.random(refs.shape[0]) < 0.8, refs, rng.integers(0, 10, refs.shape[0]))

    def stream(bs):
        clf = evaluate.combine(FOUR)
        for lo in range(0, refs.shape[0], bs):
            clf.add_batch(predictions=preds[lo : lo + bs], references=refs[lo : lo + bs])
        clf.compute(average="macro")

    stream(1000)
    stream_rates = {
        bs: refs.shape[0] / median_time(lambda bs=bs: stream(bs), 3) for bs in (32, 1000, 100_000)
    }

    import_s = fresh_process(
        "import time; t=time.perf_counter(); import fasteval; print(time.perf_counter()-t)"
    )
    first_s = fresh_process(
        "import time; t=time.perf_counter(); import fasteval as e\n"
        "e.combine(['accuracy','f1','precision','recall']).compute(predictions=[0,1,1], references=[0,1,0])\n"
        "print(time.perf_counter()-t)"
    )
    sk_import = fresh_process(
        "import time; t=time.perf_counter(); import sklearn.metrics; print(time.perf_counter()-t)"
    )

    import numba
    import pyarrow

    lines = [
        "# Benchmark results",
        "",
        f"Written by `python benchmarks/run.py --rows {n}` on {time.strftime('%Y-%m-%d')}.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()};"
        f" Python {platform.python_version()}, numpy {np.__version__}, numba {numba.__version__},"
        f" pyarrow {pyarrow.__version__}, scikit-learn {sklearn.__version__}, fasteval {evaluate.__version__}.",
        "",
        "Medians, measured side by side in one process on the same arrays (serial kernels).",
        "",
        f"## {n:,} rows",
        "",
        "| workload | fasteval | scikit-learn (4 calls) | speed-up | numpy: sum both arrays | fasteval / numpy sum |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for workload, fast, sk, np_sum, _ in rows:
        lines.append(
            f"| {workload} | {fast * 1e3:.1f} ms | {sk * 1e3:,.0f} ms | {sk / fast:,.0f}x | {np_sum * 1e3:.1f} ms | {fast / np_sum:.2f}x |"
        )
    lines += [
        "",
        f"## `evaluate_parquet` on one {n:,}-row Parquet file (10 classes, row groups of 1M rows)",
        "",
        "| workload | evaluate_parquet | pyarrow `read_table` of the same columns | ratio |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {fast * 1e3:.0f} ms | {read * 1e3:.0f} ms | {fast / read:.2f}x |"
        for name, fast, read in parquet_rows
    ]
    lines += [
        "",
        f"## Streaming `add_batch` ({refs.shape[0]:,} rows, 10 classes, combine of four)",
        "",
        "| batch size | rows/s |",
        "|---:|---:|",
    ]
    lines += [f"| {bs:,} | {rate / 1e6:,.1f} M |" for bs, rate in stream_rates.items()]
    lines += [
        "",
        "## Cold start (fresh process, kernel cache on disk warm)",
        "",
        f"- `import fasteval`: {import_s * 1e3:.0f} ms (`import sklearn.metrics`: {sk_import * 1e3:.0f} ms)",
        f"- `import fasteval` + first combine(...).compute: {first_s * 1e3:.0f} ms",
        "",
    ]
    Path(args.output).write_text("\n".join(lines))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
