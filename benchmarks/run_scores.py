"""Score-metric benchmark: fasteval beside scikit-learn on binary scores (and a multiclass row).

    python benchmarks/run_scores.py                  # 10,000,000 binary scores
    python benchmarks/run_scores.py --rows 1000000   # a quicker look

Prints a markdown section (for benchmarks/RESULTS.md): medians measured side by side in
this one process on the same numpy arrays, with every fasteval result checked against
scikit-learn's (bit for bit where the table says "equal").
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make `import fasteval` find the work tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_binary(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels, scores and weights: scores of a decent classifier, clipped to [0, 1].

    Most scores are distinct; the clipping makes ties at 0 and 1.
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    scores = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0.0, 1.0)
    weights = rng.random(n)
    return y, scores, weights


def make_multiclass(n: int, classes: int = 10, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    logits = rng.standard_normal((n, classes)) + 2.0 * np.eye(classes)[y]
    p = np.exp(logits)
    return y, p / p.sum(axis=1, keepdims=True)


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def workloads(n: int) -> list[tuple[str, Callable[[], Any], Callable[[], Any], str]]:
    """(label, fasteval call, scikit-learn call, how results compare)."""
    import sklearn.metrics as skm

    import fasteval
    from fasteval.functional import scores as F

    y, s, w = make_binary(n)
    n_mc = max(1000, n // 10)
    ymc, pmc = make_multiclass(n_mc)
    roc = fasteval.load("roc_auc")
    ap = fasteval.load("average_precision")
    ll = fasteval.load("log_loss")
    return [
        (
            f"roc_auc, binary, {n:,} rows (evaluate-style module)",
            lambda: roc.compute(references=y, predictions=s)["roc_auc"],
            lambda: skm.roc_auc_score(y, s),
            "equal",
        ),
        (
            f"average_precision, binary, {n:,} rows (module)",
            lambda: ap.compute(references=y, predictions=s)["average_precision"],
            lambda: skm.average_precision_score(y, s),
            "equal",
        ),
        (
            f"roc_auc_score, binary, {n:,} rows, sample_weight (functional)",
            lambda: F.roc_auc_score(y, s, sample_weight=w),
            lambda: skm.roc_auc_score(y, s, sample_weight=w),
            "equal",
        ),
        (
            f"roc_curve, binary, {n:,} rows (functional)",
            lambda: F.roc_curve(y, s),
            lambda: skm.roc_curve(y, s),
            "equal",
        ),
        (
            f"log_loss, binary, {n:,} rows (module)",
            lambda: ll.compute(references=y, predictions=s)["log_loss"],
            lambda: skm.log_loss(y, s),
            "equal",
        ),
        (
            f"brier_score_loss, binary, {n:,} rows (functional)",
            lambda: F.brier_score_loss(y, s),
            lambda: skm.brier_score_loss(y, s),
            "equal",
        ),
        (
            f"roc_auc_score, 10 classes ovr, {n_mc:,} rows (functional)",
            lambda: F.roc_auc_score(ymc, pmc, multi_class="ovr"),
            lambda: skm.roc_auc_score(ymc, pmc, multi_class="ovr"),
            "equal",
        ),
        (
            f"top_k_accuracy_score k=3, 10 classes, {n_mc:,} rows (functional)",
            lambda: F.top_k_accuracy_score(ymc, pmc, k=3),
            lambda: skm.top_k_accuracy_score(ymc, pmc, k=3),
            "equal",
        ),
    ]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple):
        return all(np.array_equal(x, y) for x, y in zip(a, b))
    return bool(a == b)


SHARED_NOTE = " (shared with other jobs while measured)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument(
        "--shared", action="store_true", help="say in the output that other jobs shared the cores"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs of fasteval")
    parser.add_argument("--slow-runs", type=int, default=1, help="timed runs of scikit-learn")
    args = parser.parse_args(argv)

    import numba
    import sklearn

    import fasteval

    print("## Score-based metrics\n")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores{SHARED_NOTE if args.shared else ''};"
        f" Python {platform.python_version()}, fasteval {fasteval.__version__},"
        f" scikit-learn {sklearn.__version__}, numpy {np.__version__}, numba {numba.__version__}."
        f" Medians of {args.runs} runs (fasteval) and {args.slow_runs} (scikit-learn), measured"
        " side by side in one process on the same arrays; compile time excluded (one warm-up"
        " call on 1,000 rows).\n"
    )
    from fasteval.functional import scores as F

    yw, sw, ww = make_binary(1000)
    F.roc_auc_score(yw, sw)
    F.roc_auc_score(yw, sw, sample_weight=ww)
    F.average_precision_score(yw, sw)
    F.roc_curve(yw, sw)
    F.log_loss(yw, sw)
    F.brier_score_loss(yw, sw)

    print("| workload | fasteval | scikit-learn | speed-up | result |")
    print("|---|---:|---:|---:|---|")
    for label, ours_fn, theirs_fn, expect in workloads(args.rows):
        ours_fn()  # warm (module paths, multiclass kernels)
        t_ours, ours = median_time(ours_fn, args.runs)
        t_theirs, theirs = median_time(theirs_fn, args.slow_runs)
        if not same(ours, theirs):
            raise SystemExit(f"{label}: results differ: fasteval {ours!r}, scikit-learn {theirs!r}")
        shown = "curves equal" if isinstance(ours, tuple) else f"{expect} ({float(ours):.12g})"
        print(
            f"| {label} | {fmt_time(t_ours)} | {fmt_time(t_theirs)} | {t_theirs / t_ours:.1f}x |"
            f" {shown} |"
        )


if __name__ == "__main__":
    main()
