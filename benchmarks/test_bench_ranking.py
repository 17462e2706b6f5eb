"""pytest-benchmark modules for mean_iou and ndcg: fasteval beside evaluate's algorithm and scikit-learn.

In the default test run benchmarking is disabled (``--benchmark-disable``):
each benchmark runs once and its result is checked against the reference. To
time them:

    python -m pytest benchmarks/test_bench_ranking.py --benchmark-enable

* mean_iou: 20 segmentation maps of 512 x 512 (150 classes, ignore_index 255),
  fasteval (one Numba pass per map; per-class state, and evaluate's deferred
  ``add_batch`` then ``compute(num_labels=...)``) against evaluate's algorithm
  (``np.histogram`` per map, as its mean_iou module computes it).
* ndcg: a (10,000 queries x 50 items) score matrix with tied scores, fasteval
  against ``sklearn.metrics.ndcg_score``; and 100,000 ragged ranked lists.
"""

import numpy as np
import pytest
from sklearn.metrics import ndcg_score as sk_ndcg

import fasteval as evaluate

N_MAPS, SIDE, CLASSES = 20, 512, 150


def evaluate_mean_iou_standin(preds, refs, num_labels, ignore_index):
    """evaluate's mean_iou algorithm: per map, mask, three np.histogram calls, sum."""
    totals = np.zeros((4, num_labels))
    for pred, ref in zip(preds, refs):
        keep = ref != ignore_index
        pred, ref = pred[keep], ref[keep]

        def hist(values):
            return np.histogram(values, bins=num_labels, range=(0, num_labels - 1))[0]

        inter, area_pred, area_ref = hist(pred[pred == ref]), hist(pred), hist(ref)
        totals += np.stack([inter, area_pred, area_ref, area_pred + area_ref - inter])
    inter, _, area_ref, union = totals
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "mean_iou": float(np.nanmean(inter / union)),
            "overall_accuracy": float(inter.sum() / area_ref.sum()),
        }


@pytest.fixture(scope="module")
def segmentation_maps():
    rng = np.random.default_rng(0)
    refs = rng.integers(0, CLASSES, size=(N_MAPS, SIDE, SIDE), dtype=np.uint8)
    noise = rng.integers(0, CLASSES, size=(N_MAPS, SIDE, SIDE), dtype=np.uint8)
    preds = np.where(rng.random((N_MAPS, SIDE, SIDE)) < 0.8, refs, noise).astype(np.uint8)
    refs[:, :16] = 255  # an ignored border
    preds, refs = list(preds), list(refs)
    return preds, refs, evaluate_mean_iou_standin(preds, refs, CLASSES, 255)


@pytest.mark.parametrize("impl", ["fasteval", "fasteval-deferred", "evaluate-standin"])
def test_mean_iou(benchmark, impl, segmentation_maps):
    preds, refs, expected = segmentation_maps
    benchmark.group = f"mean_iou|{N_MAPS} maps {SIDE}x{SIDE}"
    if impl == "fasteval":
        module = evaluate.load("mean_iou")
        out = benchmark(
            module.compute,
            predictions=preds,
            references=refs,
            num_labels=CLASSES,
            ignore_index=255,
        )
    elif impl == "fasteval-deferred":  # evaluate's way: add_batch, then compute(num_labels=...)

        def stream():
            module = evaluate.load("mean_iou")
            for i in range(0, N_MAPS, 4):
                module.add_batch(predictions=preds[i : i + 4], references=refs[i : i + 4])
            return module.compute(num_labels=CLASSES, ignore_index=255)

        out = benchmark(stream)
    else:
        out = benchmark.pedantic(
            evaluate_mean_iou_standin, args=(preds, refs, CLASSES, 255), rounds=3, iterations=1
        )
    assert out["mean_iou"] == expected["mean_iou"]
    assert out["overall_accuracy"] == expected["overall_accuracy"]


N_QUERIES, N_ITEMS = 10_000, 50


@pytest.fixture(scope="module")
def score_matrix():
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 4, size=(N_QUERIES, N_ITEMS)).astype(float)
    y_score = rng.integers(0, 20, size=(N_QUERIES, N_ITEMS)).astype(float)  # many ties
    return y_true, y_score, {k: sk_ndcg(y_true, y_score, k=k) for k in (None, 10)}


@pytest.mark.parametrize("k", [None, 10])
@pytest.mark.parametrize("impl", ["fasteval", "sklearn"])
def test_ndcg_scores(benchmark, impl, k, score_matrix):
    y_true, y_score, expected = score_matrix
    benchmark.group = f"ndcg@{k}|{N_QUERIES}x{N_ITEMS} scores with ties"
    if impl == "fasteval":
        module = evaluate.load("ndcg")
        out = benchmark(module.compute, predictions=y_score, references=y_true, k=k)
        value = out["ndcg" if k is None else f"ndcg@{k}"]
    else:
        value = benchmark.pedantic(sk_ndcg, args=(y_true, y_score), kwargs={"k": k}, rounds=3)
    assert value == pytest.approx(expected[k], rel=1e-12)


def test_ndcg_ranked_ids(benchmark):
    """Ragged ranked ids: 100,000 queries of 1..50 ids as an Arrow ListArray (read zero-copy)."""
    import pyarrow as pa

    rng = np.random.default_rng(2)
    n = 100_000
    lengths = rng.integers(1, 51, size=n)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    query = np.repeat(np.arange(n), lengths)
    hit = rng.random(offsets[-1]) < 0.1
    values = np.where(hit, query * 10 + rng.integers(0, 5, offsets[-1]), 10 * n + query)
    ranked = pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))
    judged = np.arange(n)[:, None] * 10 + np.arange(5)  # 5 relevant ids per query
    benchmark.group = f"ndcg@10|{n} ragged ranked lists"
    module = evaluate.load("ndcg", k=10)
    out = benchmark(module.compute, predictions=ranked, references=judged)
    head = evaluate.load("ndcg", k=10).compute(
        predictions=ranked.slice(0, 500).to_pylist(), references=judged[:500].tolist()
    )
    part = module.compute(predictions=ranked.slice(0, 500), references=judged[:500])
    assert part == head and 0 < out["ndcg@10"] < 1
