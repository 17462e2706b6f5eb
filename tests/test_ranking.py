"""Ranking / retrieval metrics (precision_at_k, recall_at_k, ndcg, mrr, map).

Known answers checked by hand (Wikipedia's DCG and MRR examples, TREC's P@k
and AP definitions), a small pure-Python reference written from the
definitions for the ragged id form, scikit-learn's ndcg_score / dcg_score for
the rectangular score form (ties included), hypothesis property tests over
every option with random chunkings through add_batch (streamed == one-shot,
bit for bit, == reference), every accepted input container, and the errors.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import dcg_score as sk_dcg
from sklearn.metrics import ndcg_score as sk_ndcg

import fasteval as evaluate
from fasteval.functional import ranking as F

MODULES = {
    "precision": "precision_at_k",
    "recall": "recall_at_k",
    "ndcg": "ndcg",
    "mrr": "mrr",
    "map": "map",
}
FUNCTIONS = {
    "precision": F.precision_at_k,
    "recall": F.recall_at_k,
    "ndcg": F.ndcg_at_k,
    "mrr": F.mean_reciprocal_rank,
    "map": F.mean_average_precision,
}


# -- the reference: the definitions, one query at a time, in plain Python -------------------


def reference_query(metric, ranked, judged, k, gain="linear"):
    """One query's score from its ranked ids and {item: grade}; k None = the whole list."""

    def g(grade):
        return (2.0**grade - 1) if gain == "exponential" else float(grade)

    depth = len(ranked) if k is None else min(k, len(ranked))
    gains = []
    for i, item in enumerate(ranked[:depth]):
        repeated = item in ranked[:i]  # an item counts only at its first rank
        gains.append(0.0 if repeated else g(judged.get(item, 0)))
    rel = [1 if x > 0 else 0 for x in gains]
    n_rel = sum(1 for v in judged.values() if v > 0)
    if metric == "precision":
        denominator = len(ranked) if k is None else k
        return sum(rel) / denominator if denominator else 0.0
    if metric == "recall":
        return sum(rel) / n_rel if n_rel else 0.0
    if metric == "mrr":
        return next((1 / (i + 1) for i, r in enumerate(rel) if r), 0.0)
    if metric == "map":
        precisions = [sum(rel[: i + 1]) / (i + 1) for i, r in enumerate(rel) if r]
        denominator = n_rel if k is None else min(k, n_rel)
        return sum(precisions) / denominator if denominator else 0.0
    ideal = sorted((g(v) for v in judged.values() if v > 0), reverse=True)
    ideal = ideal if k is None else ideal[:k]
    dcg = sum(x / math.log2(i + 2) for i, x in enumerate(gains))
    idcg = sum(x / math.log2(i + 2) for i, x in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def reference_mean(metric, queries, k, gain="linear", action="neg", weights=None):
    scores, kept = [], []
    for q, (ranked, judged) in enumerate(queries):
        w = 1.0 if weights is None else weights[q]
        if not any(v > 0 for v in judged.values()):
            if action == "skip":
                continue
            if action == "error":
                raise ValueError("no relevant item")
            scores.append((0.0 if action == "neg" else 1.0) * w)
        else:
            scores.append(reference_query(metric, ranked, judged, k, gain) * w)
        kept.append(w)
    total = math.fsum(kept)
    return math.fsum(scores) / total if total else math.nan


def same(a: dict, b: dict) -> bool:
    """Bitwise equal dicts of floats (NaN equals NaN)."""
    return list(a) == list(b) and all(
        x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a.values(), b.values())
    )


def close(a, b, rel=1e-12):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-15)


# -- known answers ------------------------------------------------------------------


def test_known_answers_by_hand():
    # Wikipedia's DCG example: grades 3, 2, 3, 0, 1, 2 at ranks 1..6
    ranked = [["d1", "d2", "d3", "d4", "d5", "d6"]]
    judged = {"d1": 3, "d2": 2, "d3": 3, "d4": 0, "d5": 1, "d6": 2}
    dcg = 3 + 2 / math.log2(3) + 3 / 2 + 0 + 1 / math.log2(6) + 2 / math.log2(7)
    assert round(dcg, 3) == 6.861
    idcg = 3 + 3 / math.log2(3) + 2 / 2 + 2 / math.log2(5) + 1 / math.log2(6)
    assert close(F.ndcg_at_k(ranked, [judged], k=6), dcg / idcg)
    # ... and with two more relevant documents never retrieved (IDCG = 8.740)
    more = {**judged, "d7": 3, "d8": 2}
    assert round(F.ndcg_at_k(ranked, [more], k=6), 3) == 0.785
    # Wikipedia's MRR example: first relevant at ranks 3, 2, 1
    preds = [["catten", "cati", "cats"], ["torii", "tori", "toruses"], ["viruses", "virii", "viri"]]
    refs = [["cats"], ["tori"], ["viruses"]]
    assert close(F.mean_reciprocal_rank(preds, refs), (1 / 3 + 1 / 2 + 1) / 3)
    # TREC's P@k: k is the denominator even for a short list
    assert F.precision_at_k([[1]], [[1]], k=5) == 0.2
    assert F.precision_at_k([[1, 2]], [[1]]) == 0.5  # k=None: the list's length
    # AP (Manning et al. 8.4): relevant at ranks 1, 3, 6, one relevant never retrieved
    assert (
        F.mean_average_precision([[1, 2, 3, 4, 5, 6]], [[1, 3, 6, 9]])
        == (1 / 1 + 2 / 3 + 3 / 6) / 4
    )
    # AP@k divides by min(k, R): a perfect top 2 scores 1 although R = 4
    assert F.mean_average_precision([[1, 3, 5]], [[1, 3, 6, 9]], k=2) == 1.0
    # recall@k
    assert F.recall_at_k([[5, 1, 7]], [[1, 2, 3, 4]], k=2) == 0.25
    # a repeated relevant item counts once
    assert F.precision_at_k([[1, 1, 2]], [[1]], k=3) == 1 / 3
    assert F.mean_reciprocal_rank([[2, 1, 1]], [[1]]) == 0.5


def test_sklearn_documented_examples():
    true_relevance = [[10, 0, 0, 1, 5]]
    scores = [[0.1, 0.2, 0.3, 4, 70]]
    assert close(F.ndcg_score(true_relevance, scores), sk_ndcg(true_relevance, scores))
    scores = [[0.05, 1.1, 1.0, 0.5, 0.0]]
    for k in (None, 4):
        assert close(
            F.ndcg_score(true_relevance, scores, k=k), sk_ndcg(true_relevance, scores, k=k)
        )
    assert F.ndcg_score(true_relevance, true_relevance, k=4) == 1.0
    ties = [[1, 0, 0, 0, 1]]
    assert F.ndcg_score(true_relevance, ties, k=1) == 0.75 == sk_ndcg(true_relevance, ties, k=1)
    assert F.ndcg_score(true_relevance, ties, k=1, ignore_ties=True) == 1.0
    module = evaluate.load("ndcg")
    out = module.compute(predictions=np.array(ties, float), references=true_relevance, k=[1, 5])
    assert out["ndcg@1"] == 0.75
    assert close(out["ndcg@5"], sk_ndcg(true_relevance, ties, k=5))


# -- rectangle of scores: scikit-learn's ndcg_score / dcg_score ------------------------


@st.composite
def score_matrices(draw):
    n = draw(st.integers(1, 6))
    m = draw(st.integers(2, 9))
    grades = draw(st.lists(st.sampled_from([0, 0, 1, 2, 3, 0.5]), min_size=n * m, max_size=n * m))
    tie_heavy = draw(st.booleans())
    values = st.sampled_from([0.0, 1.0, 2.0]) if tie_heavy else st.floats(-5, 5, width=32)
    scores = draw(st.lists(values, min_size=n * m, max_size=n * m))
    weights = draw(
        st.none() | st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.25]), min_size=n, max_size=n)
    )
    k = draw(st.sampled_from([None, 1, 2, 3, 20]))
    return (
        np.array(grades, dtype=float).reshape(n, m),
        np.array(scores, dtype=float).reshape(n, m),
        weights,
        k,
    )


@given(case=score_matrices(), ignore_ties=st.booleans(), log_base=st.sampled_from([2, 10, 1.5]))
def test_score_form_equals_sklearn(case, ignore_ties, log_base):
    y_true, y_score, weights, k = case
    if ignore_ties:  # scikit-learn leaves the order of tied items unspecified then
        y_score = y_score + np.arange(y_score.size).reshape(y_score.shape) * 1e-3
    kw = dict(k=k, sample_weight=weights, ignore_ties=ignore_ties)
    assert close(F.ndcg_score(y_true, y_score, **kw), sk_ndcg(y_true, y_score, **kw))
    assert close(
        F.dcg_score(y_true, y_score, log_base=log_base, **kw),
        sk_dcg(y_true, y_score, log_base=log_base, **kw),
    )
    module = evaluate.load("ndcg", k=k, ignore_ties=ignore_ties)
    out = module.compute(predictions=y_score, references=y_true, sample_weight=weights)
    assert close(out[F.result_key("ndcg", k or 0)], sk_ndcg(y_true, y_score, **kw))


@given(case=score_matrices(), metric=st.sampled_from(sorted(MODULES)))
def test_score_form_equals_ranked_ids(case, metric):
    """Scores ranked by a stable descending sort == the same ranking given as ids."""
    y_true, y_score, _, k = case
    y_score = y_score + np.arange(y_score.size).reshape(y_score.shape) * 1e-3  # no ties
    order = np.argsort(-y_score, axis=1, kind="stable")
    ranked = order.tolist()
    judged = [{j: float(g) for j, g in enumerate(row)} for row in y_true]
    kw = {"k": k} if metric != "ndcg" else {"k": k, "ignore_ties": True}
    from_scores = FUNCTIONS[metric](y_score, y_true, **kw)
    from_ids = FUNCTIONS[metric](ranked, judged, k=k)
    assert close(from_scores, from_ids)
    expected = reference_mean(metric, list(zip(ranked, judged)), k)
    assert close(from_ids, expected)


# -- ragged ids: the reference, every option, streamed == one-shot ---------------------------


@st.composite
def ranked_queries(draw, string_ids=False):
    pool = list(range(12))
    n = draw(st.integers(1, 12))
    queries = []
    for _ in range(n):
        ranked = draw(st.lists(st.sampled_from(pool), max_size=9))  # repeats allowed
        judged_ids = draw(st.lists(st.sampled_from(pool), max_size=6, unique=True))
        grades = draw(
            st.lists(
                st.sampled_from([0, 1, 1, 2, 3, 0.5]),
                min_size=len(judged_ids),
                max_size=len(judged_ids),
            )
        )
        if string_ids:
            ranked = [f"item{x}" for x in ranked]
            judged_ids = [f"item{x}" for x in judged_ids]
        queries.append((ranked, dict(zip(judged_ids, grades))))
    return queries


def chunked(draw, n):
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    bounds = [0, *cuts, n]
    return [(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:]) if hi > lo]


@given(
    data=st.data(),
    metric=st.sampled_from(sorted(MODULES)),
    k=st.sampled_from([None, 1, 3, 5, [1, 3], [5, None, 2]]),
    action=st.sampled_from(["neg", "pos", "skip", "error"]),
    weighted=st.booleans(),
    string_ids=st.booleans(),
    form=st.sampled_from(["dicts", "relevance", "arrow"]),
)
def test_ids_streamed_equals_one_shot_equals_reference(
    data, metric, k, action, weighted, string_ids, form
):
    gain = data.draw(st.sampled_from(["linear", "exponential"])) if metric == "ndcg" else "linear"
    queries = data.draw(ranked_queries(string_ids))
    n = len(queries)
    weights = (
        data.draw(st.lists(st.sampled_from([0.25, 1.0, 2.0, 5.5]), min_size=n, max_size=n))
        if weighted
        else None
    )
    ks = k if isinstance(k, list) else [k]
    expected = {}
    for kk in ks:
        try:
            expected[kk] = reference_mean(metric, queries, kk, gain, action, weights)
        except ValueError:
            expected = None
            break
    preds = [r for r, _ in queries]
    if form == "dicts":
        refs, relevance = [j for _, j in queries], None
    elif form == "relevance":
        refs, relevance = [list(j) for _, j in queries], [list(j.values()) for _, j in queries]
    else:  # Arrow list columns: ranked ids, and a map column item -> grade
        key_type = pa.string() if string_ids else pa.int64()
        preds = pa.array(preds, type=pa.large_list(key_type))
        refs = pa.array([list(j.items()) for _, j in queries], type=pa.map_(key_type, pa.float64()))
        relevance = None
    options = {"k": k} if metric != "ndcg" else {"k": k, "gain": gain}

    def one_shot():
        return evaluate.load(MODULES[metric]).compute(
            predictions=preds,
            references=refs,
            relevance=relevance,
            sample_weight=weights,
            empty_target_action=action,
            **options,
        )

    if expected is None:
        with pytest.raises(ValueError, match="no relevant item"):
            one_shot()
        return
    got = one_shot()
    keys = [F.result_key(metric, kk or 0) for kk in ks]
    assert list(got) == keys
    for key, kk in zip(keys, ks):
        assert close(got[key], expected[kk]), (key, got[key], expected[kk])

    # streamed in random chunks, with the load-time options: bit for bit the one-shot result
    module = evaluate.load(MODULES[metric], **options)
    for lo, hi in chunked(data.draw, n):
        module.add_batch(
            predictions=preds[lo:hi],
            references=refs[lo:hi],
            relevance=None if relevance is None else relevance[lo:hi],
            sample_weight=None if weights is None else weights[lo:hi],
        )
    assert same(module.compute(empty_target_action=action), got)

    # the functional layer gives the same numbers
    fn = FUNCTIONS[metric](
        preds,
        refs,
        relevance=relevance,
        sample_weight=weights,
        empty_target_action=action,
        **options,
    )
    if isinstance(k, list):
        assert same(dict(zip(keys, fn.values())), got)
    else:
        assert same({keys[0]: fn}, got)


def test_merge_and_query_order():
    rng = np.random.default_rng(3)
    preds = [rng.choice(50, size=rng.integers(0, 20), replace=False).tolist() for _ in range(300)]
    refs = [rng.choice(50, size=rng.integers(0, 8), replace=False).tolist() for _ in range(300)]
    for name in MODULES.values():
        whole = evaluate.load(name, k=[1, 10]).compute(predictions=preds, references=refs)
        a, b = evaluate.load(name, k=[1, 10]), evaluate.load(name, k=[1, 10])
        a.add_batch(predictions=preds[:120], references=refs[:120])
        b.add_batch(predictions=preds[120:], references=refs[120:])
        assert b.merge(a).compute() == whole  # exact sums: any order, any chunking
        perm = rng.permutation(300)
        shuffled = evaluate.load(name, k=[1, 10]).compute(
            predictions=[preds[i] for i in perm], references=[refs[i] for i in perm]
        )
        assert shuffled == whole
        with pytest.raises(ValueError, match="different options"):
            evaluate.load(name, k=5).state.merge(evaluate.load(name, k=6).state)


def test_large_batch_buffering_and_add():
    """Many single queries (buffered then folded) == one batch."""
    rng = np.random.default_rng(5)
    preds = [rng.choice(30, size=10, replace=False).tolist() for _ in range(500)]
    refs = [rng.choice(30, size=3, replace=False).tolist() for _ in range(500)]
    module = evaluate.load("ndcg", k=5)
    for p, r in zip(preds, refs):
        module.add(prediction=p, reference=r)
    assert module.compute() == evaluate.load("ndcg").compute(
        predictions=preds, references=refs, k=5
    )


# -- input containers ----------------------------------------------------------------


def test_every_container_gives_the_same_numbers():
    import pandas as pd
    import polars as pl

    preds = [[3, 1, 4], [1, 5, 9], [2, 6, 5]]
    refs = [[1, 4], [9], [7, 2, 6]]
    expected = evaluate.load("map").compute(predictions=preds, references=refs)
    as_objects = np.empty(3, dtype=object)
    as_objects[:] = [np.array(p) for p in preds]
    containers = [
        (np.array(preds), refs),
        (as_objects, refs),
        (pa.array(preds), pa.array(refs)),
        (pa.array(preds, type=pa.large_list(pa.int32())), pa.array(refs)),
        (pa.array(preds, type=pa.list_(pa.int64(), 3)), pa.array(refs)),  # fixed size
        (pa.chunked_array([pa.array(preds[:1]), pa.array(preds[1:])]), pa.chunked_array([refs])),
        (pl.Series(preds), pl.Series(refs)),
        (pd.Series(preds), pd.Series(refs)),
        (preds, [set(r) for r in refs]),
        (preds, [dict.fromkeys(r, 1) for r in refs]),
        (pa.array([[9, 9], *preds, [0]]).slice(1, 3), pa.array([[0], *refs]).slice(1, 3)),
    ]
    try:
        import torch

        containers.append((torch.tensor(preds), refs))
    except ImportError:  # pragma: no cover - torch is optional
        pass
    for p, r in containers:
        assert evaluate.load("map").compute(predictions=p, references=r) == expected, type(p)
    # string ids, as lists, numpy unicode, Arrow and polars
    spreds = [[f"d{x}" for x in p] for p in preds]
    srefs = [[f"d{x}" for x in r] for r in refs]
    for p, r in [
        (spreds, srefs),
        (np.array(spreds), srefs),
        (pa.array(spreds), pa.array(srefs, type=pa.list_(pa.large_string()))),
        (pl.Series(spreds), pl.Series(srefs)),
        (pa.array(spreds, type=pa.list_(pa.dictionary(pa.int32(), pa.string()))), srefs),
    ]:
        assert evaluate.load("map").compute(predictions=p, references=r) == expected


def test_arrow_values_are_read_without_copy():
    arr = pa.array([[1, 2], [3], [4, 5, 6]], type=pa.large_list(pa.int64()))
    col, _ = F.as_ragged(arr.slice(1, 2), "predictions")
    assert col.offsets.tolist() == [0, 1, 4]
    assert np.shares_memory(col.values, np.asarray(arr.values))
    assert col.values.tolist() == [3, 4, 5, 6]


def test_empty_lists_and_single_query_add():
    assert F.precision_at_k([[]], [[1]], k=2) == 0.0
    assert F.recall_at_k([[1, 2]], [[]], empty_target_action="pos") == 1.0
    assert math.isnan(F.recall_at_k([[1, 2]], [[]], empty_target_action="skip"))
    module = evaluate.load("mrr")
    module.add(prediction=["a", "b"], reference={"b"})
    module.add(prediction=[], reference=[])
    assert module.compute() == {"mrr": 0.25}


def test_combine_routes_options():
    combo = evaluate.combine(["precision_at_k", "recall_at_k", "ndcg", "mrr", "map"])
    out = combo.compute(predictions=[[1, 2, 3]], references=[[2]], k=[1, 2])
    assert out == {
        "precision@1": 0.0,
        "precision@2": 0.5,
        "recall@1": 0.0,
        "recall@2": 1.0,
        "ndcg@1": 0.0,
        "ndcg@2": pytest.approx(1 / math.log2(3), rel=1e-15),
        "mrr@1": 0.0,
        "mrr@2": 0.5,
        "map@1": 0.0,
        "map@2": 0.5,
    }


# -- errors: clear, naming the argument, state unchanged ----------------------------------


def stored(module):
    return module._acc.stored


def test_bad_k():
    for bad, err, match in [
        (0, ValueError, "k must be a positive integer"),
        (-3, ValueError, "k must be a positive integer"),
        (2.5, TypeError, "k must be a positive integer"),
        (True, TypeError, "k must be a positive integer"),
        ([], ValueError, "k: expected at least one cut-off"),
        ([3, 0], ValueError, "k must be a positive integer"),
        (2**64, ValueError, "k must be a positive integer"),
    ]:
        with pytest.raises(err, match=match):
            evaluate.load("ndcg", k=bad)
        with pytest.raises(err, match=match):
            evaluate.load("ndcg").compute(predictions=[[1]], references=[[1]], k=bad)
        with pytest.raises(err, match=match):
            F.precision_at_k([[1]], [[1]], k=bad)


@pytest.mark.parametrize(
    "preds, refs, extra, err, match",
    [
        ([[1, 2], None], [[1], [2]], {}, ValueError, r"predictions\[1\] is None"),
        ([[1, 2], [3]], [[1], None], {}, ValueError, r"references\[1\] is None"),
        ([[1, None]], [[1]], {}, ValueError, "predictions: contains 1 missing"),
        ([[1, 2]], [[1], [2]], {}, ValueError, "same number of queries"),
        ([[1, 2]], [[1, 1]], {}, ValueError, r"references\[0\] lists item 1 more than once"),
        ([["a", "b"]], [["a", "a"]], {}, ValueError, r"lists item 'a' more than once"),
        ([[1, 2]], [["a"]], {}, TypeError, "all integers or all strings"),
        ([[1, "a"]], [[1]], {}, TypeError, "predictions: item ids must be all integers"),
        ([1, 2, 3], [[1]], {}, TypeError, "one list of item ids per query"),
        ([], [], {}, ValueError, "at least one query"),
        ([[1, 2]], [[1, 2]], {"relevance": [[1.0]]}, ValueError, r"relevance\[0\] has 1 grades"),
        ([[1, 2]], [[1, 2]], {"relevance": [[1.0, -1.0]]}, ValueError, "relevance: .*>= 0"),
        ([[1, 2]], [[1, 2]], {"relevance": [[1.0, np.nan]]}, ValueError, "relevance: .*finite"),
        ([[1, 2]], [{1: 2.0}], {"relevance": [[1.0]]}, ValueError, "relevance: give grades"),
        ([[1, 2]], [[1]], {"sample_weight": [1.0, 2.0]}, ValueError, "sample_weight: expected 1"),
        # the scores form needs rectangles
        ([[0.5, 0.1], [0.2]], [[1, 0], [1]], {}, ValueError, "predictions: expected a rectangle"),
        (
            [[0.5, 0.1], [0.2, 0.3]],
            [[1, 0], [1]],
            {},
            ValueError,
            "references: expected a rectangle",
        ),
        ([[0.5, 0.1]], [[1, 0, 1]], {}, ValueError, "same shape"),
        ([[0.5, np.nan]], [[1, 0]], {}, ValueError, "predictions: scores must be finite"),
        ([[0.5, 0.1]], [[1, -2]], {}, ValueError, "references: relevance grades must be >= 0"),
        ([[0.5]], [[1]], {}, ValueError, "more than one item"),
    ],
)
def test_bad_input_names_the_argument_and_keeps_state(preds, refs, extra, err, match):
    module = evaluate.load("ndcg")
    module.add_batch(predictions=[[1, 2, 3]], references=[[2]])
    before = module._acc.state.score_sums()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(err, match=match):
            module.add_batch(predictions=preds, references=refs, **extra)
    assert stored(module) == 1
    assert module._acc.state.score_sums() == before
    assert module.compute() == {"ndcg": pytest.approx(1 / math.log2(3), rel=1e-15)}


def test_options_fixed_while_streaming():
    module = evaluate.load("ndcg", k=3)
    module.add_batch(predictions=[[1, 2, 3]], references=[[3]])
    with pytest.raises(ValueError, match=r"ndcg.compute\(k=5\).*folded with k=3"):
        module.compute(k=5)
    with pytest.raises(ValueError, match="gain must be one of"):
        module.compute(gain="log")
    with pytest.raises(ValueError, match="empty_target_action must be one of"):
        module.compute(empty_target_action="drop")
    with pytest.raises(ValueError, match=r"ndcg.compute\(k=5\)"):
        module.compute(predictions=[[1]], references=[[1]], k=5)
    assert stored(module) == 1
    assert module.compute(empty_target_action="skip") == {"ndcg@3": 0.5}
    # a one-shot compute uses its own options and leaves the load-time ones in place
    assert module.compute(predictions=[[1, 2]], references=[[2]], k=1) == {"ndcg@1": 0.0}
    module.add_batch(predictions=[[1, 2, 3]], references=[[3]])
    assert module.compute() == {"ndcg@3": 0.5}


def test_scores_with_an_integer_among_floats():
    # [[1, 0.5, 0.2]] holds floats: the scores form, though its first value is an int
    out = evaluate.load("ndcg").compute(predictions=[[1, 0.5, 0.2]], references=[[0, 1, 2]])
    assert close(out["ndcg"], sk_ndcg([[0, 1, 2]], [[1, 0.5, 0.2]]))


def test_input_format_override():
    # integer "scores" are ids unless input_format says otherwise
    scores = np.array([[3, 1, 2]])
    grades = np.array([[0, 1, 0]])
    as_scores = F.ndcg_at_k(scores, grades, input_format="scores")
    assert close(as_scores, 1 / math.log2(4))
    with pytest.raises(ValueError, match="input_format must be one of"):
        F.ndcg_at_k(scores, grades, input_format="matrix")
    with pytest.raises(TypeError, match="item ids must be integers or strings"):
        F.ndcg_at_k([[0.5, 0.2]], [[1]], input_format="ids")
