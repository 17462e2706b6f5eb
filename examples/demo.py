"""fasteval demo: evaluate millions of predictions, one-shot and streamed.

Run with ``bash scripts/demo.sh`` (or ``python examples/demo.py --rows 1000000``).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np


def make_predictions(rows: int, classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic labels and a model that is right about 80% of the time."""
    rng = np.random.default_rng(seed)
    references = rng.integers(0, classes, rows)
    wrong = rng.random(rows) < 0.2
    predictions = np.where(wrong, rng.integers(0, classes, rows), references)
    return predictions, references


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=5_000_000, help="number of predictions (default 5,000,000)"
    )
    parser.add_argument("--classes", type=int, default=10, help="number of classes (default 10)")
    parser.add_argument(
        "--batch-size", type=int, default=10_000, help="add_batch size for the streamed run"
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    import fasteval as evaluate

    import_s = time.perf_counter() - t0
    predictions, references = make_predictions(args.rows, args.classes)
    print(f"fasteval {evaluate.__version__}: {args.rows:,} predictions, {args.classes} classes")
    print(f"  import fasteval: {import_s * 1000:.0f} ms")

    metrics = ["accuracy", "f1", "precision", "recall", "matthews_correlation", "balanced_accuracy"]
    clf = evaluate.combine(metrics)
    with warnings.catch_warnings():  # compile (or load from the disk cache) the kernels
        warnings.simplefilter("ignore")
        clf.compute(predictions=predictions[:10], references=references[:10], average="macro")
    t0 = time.perf_counter()
    results = clf.compute(predictions=predictions, references=references, average="macro")
    one_shot = time.perf_counter() - t0
    print(
        f"  combine({', '.join(metrics)}).compute: {one_shot * 1000:.1f} ms"
        f" ({args.rows / one_shot / 1e6:,.0f} M rows/s)"
    )

    t0 = time.perf_counter()
    for lo in range(0, args.rows, args.batch_size):
        clf.add_batch(
            predictions=predictions[lo : lo + args.batch_size],
            references=references[lo : lo + args.batch_size],
        )
    streamed = clf.compute(average="macro")
    stream_s = time.perf_counter() - t0
    print(
        f"  streamed with add_batch({args.batch_size:,} rows): {stream_s * 1000:.1f} ms"
        f" ({args.rows / stream_s / 1e6:,.0f} M rows/s)"
    )
    assert streamed == results, "streamed and one-shot results differ"

    width = max(map(len, results))
    print()
    for name, value in results.items():
        print(f"  {name:<{width}}  {value:.6f}")

    try:
        from sklearn import metrics as skm
    except ImportError:
        print("\n(install scikit-learn to compare: pip install scikit-learn)")
        return results
    t0 = time.perf_counter()
    skm.accuracy_score(references, predictions)
    for fn in (skm.f1_score, skm.precision_score, skm.recall_score):
        fn(references, predictions, average="macro")
    sk_s = time.perf_counter() - t0
    print(
        f"\n  scikit-learn, accuracy + f1 + precision + recall only: {sk_s * 1000:.0f} ms"
        f" ({sk_s / one_shot:,.0f}x slower than fasteval's six metrics)"
    )
    return results


if __name__ == "__main__":
    main()
