"""Regression-metric benchmark: fasteval beside scikit-learn / scipy and a numpy sum of the inputs.

    python benchmarks/run_regression.py                   # 10,000,000 rows (the issue's size)
    python benchmarks/run_regression.py --rows 1000000    # a quicker look

Prints a markdown section. Every ratio compares medians measured side by side
in this one process on the same float64 arrays; the baseline is numpy summing
the inputs once (``preds.sum() + refs.sum()``), the issue's yardstick for the
metrics that stream on a sufficient statistic. fasteval is timed through the
evaluate-style module (``evaluate.load(name).compute(predictions=...,
references=...)``: conversion, validation and the Numba kernels). Every result
is checked against the reference: bitwise for scikit-learn's metrics and
Kendall's tau, to 1e-12 relative for Pearson and Spearman. Spearman and Kendall
cannot stream on a small statistic: they sort, so the numpy-sum yardstick does
not apply to them (their ratio is shown for completeness).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make `import fasteval` find the work tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EPS = np.finfo(np.float64).eps


def make_data(n: int, seed: int = 0, outputs: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """References around 50 (no zeros: MAPE is meaningful), predictions = references + noise, weights."""
    rng = np.random.default_rng(seed)
    shape = (n,) if outputs == 1 else (n, outputs)
    refs = rng.standard_normal(shape) * 10.0 + 50.0
    preds = refs + rng.standard_normal(shape) * 3.0
    weights = rng.random(n)
    return preds, refs, weights


def evaluate_smape(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """evaluate's smape module's formula in numpy (its scikit-learn helper is gone from sklearn 1.9)."""
    y_true = y_true.reshape(len(y_true), -1)
    y_pred = y_pred.reshape(len(y_pred), -1)
    terms = (
        2
        * np.abs(y_pred - y_true)
        / (np.maximum(np.abs(y_true), EPS) + np.maximum(np.abs(y_pred), EPS))
    )
    return float(np.average(np.average(terms, axis=0)))


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.0f} µs"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def check(name: str, ours: Any, theirs: Any, exact: bool) -> str:
    a, b = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    if exact and np.array_equal(a, b):
        return "bitwise"
    if not exact and np.allclose(a, b, rtol=1e-12, atol=0):
        return f"{float(np.max(np.abs(a - b) / np.abs(b))):.0e} rel."
    raise SystemExit(f"{name}: fasteval {ours!r} differs from the reference {theirs!r}")


def workloads(preds, refs, weights, preds_k, refs_k):
    """(label, fasteval call, reference call, reference name, exact, streams) per workload."""
    from scipy import stats
    from sklearn import metrics as skm

    import fasteval as evaluate

    def module(name, p=preds, r=refs, **kw):
        m = evaluate.load(name)
        return lambda: m.compute(predictions=p, references=r, **kw)

    def value(name):
        def get(result):
            return result[name] if isinstance(result, dict) else result

        return get

    return [
        ("mse", module("mse"), lambda: skm.mean_squared_error(refs, preds),
         "sklearn", True, True, value("mse")),
        ("rmse", module("rmse"), lambda: skm.root_mean_squared_error(refs, preds),
         "sklearn", True, True, value("rmse")),
        ("mae", module("mae"), lambda: skm.mean_absolute_error(refs, preds),
         "sklearn", True, True, value("mae")),
        ("mape", module("mape"), lambda: skm.mean_absolute_percentage_error(refs, preds),
         "sklearn", True, True, value("mape")),
        ("smape", module("smape"), lambda: evaluate_smape(refs, preds),
         "evaluate's formula (numpy)", True, True, value("smape")),
        ("r_squared", module("r_squared"), lambda: skm.r2_score(refs, preds),
         "sklearn", True, True, value("r_squared")),
        ("pearsonr", module("pearsonr"), lambda: stats.pearsonr(refs, preds).statistic,
         "scipy", False, True, value("pearsonr")),
        ("mse, sample_weight", module("mse", sample_weight=weights),
         lambda: skm.mean_squared_error(refs, preds, sample_weight=weights),
         "sklearn", True, True, value("mse")),
        ("r_squared, sample_weight", module("r_squared", sample_weight=weights),
         lambda: skm.r2_score(refs, preds, sample_weight=weights),
         "sklearn", True, True, value("r_squared")),
        (f"mse, {refs_k.shape[1]} outputs (n/{refs_k.shape[1]} rows)", module("mse", p=preds_k, r=refs_k),
         lambda: skm.mean_squared_error(refs_k, preds_k),
         "sklearn", True, True, value("mse")),
        (f"r_squared, {refs_k.shape[1]} outputs, variance_weighted",
         module("r_squared", p=preds_k, r=refs_k, multioutput="variance_weighted"),
         lambda: skm.r2_score(refs_k, preds_k, multioutput="variance_weighted"),
         "sklearn", True, True, value("r_squared")),
        ("spearmanr", module("spearmanr"), lambda: stats.spearmanr(refs, preds).statistic,
         "scipy", False, False, value("spearmanr")),
        ("kendall_tau", module("kendall_tau"), lambda: stats.kendalltau(refs, preds).statistic,
         "scipy", True, False, value("kendall_tau")),
    ]  # fmt: skip


SHARED_NOTE = (
    " shared with other jobs while this ran (timings are wall-clock medians and vary by"
    " tens of percent from run to run)"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument(
        "--shared", action="store_true", help="say in the output that other jobs shared the cores"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs of fasteval and numpy")
    parser.add_argument("--slow-runs", type=int, default=3, help="timed runs of the references")
    parser.add_argument("--rank-runs", type=int, default=1, help="timed runs of spearman/kendall")
    parser.add_argument("--batch", type=int, default=100_000, help="add_batch size when streaming")
    args = parser.parse_args(argv)

    import numba
    import scipy
    import sklearn

    import fasteval

    n = args.rows
    preds, refs, weights = make_data(n)
    outputs = 4
    preds_k, refs_k, _ = make_data(n // outputs, seed=1, outputs=outputs)
    # compile / load every kernel once
    for name in (
        "mse",
        "mae",
        "mape",
        "smape",
        "r_squared",
        "pearsonr",
        "spearmanr",
        "kendall_tau",
    ):
        fasteval.load(name).compute(predictions=preds[:3000], references=refs[:3000])
        fasteval.load(name).compute(predictions=preds[:300_000], references=refs[:300_000])
    fasteval.load("mse").compute(predictions=preds_k[:100], references=refs_k[:100])

    t_sum, _ = median_time(lambda: preds.sum() + refs.sum(), max(args.runs, 7))
    print(
        f"## Regression metrics\n\n{n:,} float64 rows (multi-output: {n // outputs:,} rows x {outputs}).\n"
    )
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores{SHARED_NOTE if args.shared else ''};"
        f" Numba threads: {numba.get_num_threads()}. Python {platform.python_version()},"
        f" numpy {np.__version__}, scikit-learn {sklearn.__version__}, scipy {scipy.__version__},"
        f" fasteval {fasteval.__version__}. Medians of {args.runs} runs (fasteval, numpy),"
        f" {args.slow_runs} (scikit-learn / scipy), {args.rank_runs} for the rank metrics.\n"
    )
    print(f"Baseline: numpy `preds.sum() + refs.sum()` = {fmt_time(t_sum)}.\n")
    print(
        "| metric | fasteval | reference | reference time | speed-up | fasteval / numpy sum"
        " | equal |"
    )
    print("|---|---:|---|---:|---:|---:|---|")
    warnings.simplefilter("ignore")
    streaming = []
    for label, ours_fn, ref_fn, ref_name, exact, streams, get in workloads(
        preds, refs, weights, preds_k, refs_k
    ):
        runs = args.runs if streams else args.rank_runs
        ref_runs = args.slow_runs if streams else args.rank_runs
        t_ours, ours = median_time(ours_fn, runs)
        t_ref, theirs = median_time(ref_fn, ref_runs)
        equal = check(label, get(ours), theirs, exact)
        ratio = f"{t_ours / t_sum:.1f}x" + ("" if streams else " (sorts)")
        print(
            f"| {label} | {fmt_time(t_ours)} | {ref_name} | {fmt_time(t_ref)}"
            f" | {t_ref / t_ours:.1f}x | {ratio} | {equal} |"
        )
        if label in ("mse", "r_squared", "pearsonr"):
            streaming.append(label)

    print(
        f"\nStreaming: the same {n:,} rows through `add_batch` in batches of {args.batch:,},"
        " then `compute()` (each batch is validated and summarized at once; the state is"
        " O(outputs)).\n"
    )
    print("| metric | fasteval add_batch + compute | rows/s | equal to one-shot |")
    print("|---|---:|---:|---|")
    for name in streaming:
        one_shot = fasteval.load(name).compute(predictions=preds, references=refs)

        def run(name=name):
            m = fasteval.load(name)
            for lo in range(0, n, args.batch):
                m.add_batch(
                    predictions=preds[lo : lo + args.batch], references=refs[lo : lo + args.batch]
                )
            return m.compute()

        t_stream, streamed = median_time(run, max(1, args.runs // 2))
        a = streamed[name] if isinstance(streamed, dict) else streamed
        b = one_shot[name] if isinstance(one_shot, dict) else one_shot
        rel = abs(a - b) / abs(b)
        if rel > 1e-12:
            raise SystemExit(f"{name}: streamed {a!r} differs from one-shot {b!r}")
        print(
            f"| {name} | {fmt_time(t_stream)} | {n / t_stream / 1e6:,.0f} M |"
            f" {'bitwise' if a == b else f'{rel:.0e} rel.'} |"
        )


if __name__ == "__main__":
    main()
