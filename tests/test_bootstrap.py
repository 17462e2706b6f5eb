"""fasteval.bootstrap: resampled counts, vectorized derives, intervals as scipy.stats.bootstrap."""

from __future__ import annotations

import math
import types
import warnings

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score, f1_score

import fasteval as evaluate
from fasteval._state import LabelCounts
from fasteval.module import Metric, State, validate_label_batch
from fasteval.resampling import (
    DegenerateBootstrapWarning,
    _CountsPlan,
    _distributions,
    _LabelRows,
    _local_copy,
)

# -- vectorized derives equal the modules' own derive on every resample ---------------

NAN = float("nan")
SETWISE = [
    {"average": "micro"},
    {"average": "macro"},
    {"average": "weighted"},
    {"average": None},
    {"average": "macro", "zero_division": 1},
    {"average": "weighted", "zero_division": NAN},
    {"average": "macro", "labels": [0, 2, 7]},
    {"average": "micro", "labels": [1, 2]},
]
BINARY = [{}, {"pos_label": 0}, {"zero_division": 1}, {"zero_division": NAN}]
CASES = (
    [("accuracy", {}), ("accuracy", {"normalize": False}), ("hamming_loss", {})]
    + [
        ("matthews_correlation", {}),
        ("cohen_kappa", {}),
        ("cohen_kappa", {"replace_undefined_by": 0.5}),
    ]
    + [("balanced_accuracy", {}), ("balanced_accuracy", {"adjusted": True})]
    + [(name, o) for name in ("precision", "recall", "f1", "specificity") for o in SETWISE]
    + [("jaccard", o) for o in SETWISE if o.get("zero_division") is not NAN]
    + [("fbeta", {"beta": b, **o}) for b in (0.5, 0, math.inf) for o in SETWISE[:4]]
)
BINARY_CASES = [
    (name, o)
    for name in ("precision", "recall", "f1", "jaccard", "specificity")
    for o in BINARY
    if not (name == "jaccard" and o.get("zero_division") is NAN)
] + [("fbeta", {"beta": 2.0})]


def _plan(name, options, preds, refs, weights):
    module = _local_copy(evaluate.load(name))
    opts = {**module.defaults, **options}
    rows = {} if weights is None else {"sample_weight": weights}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _CountsPlan([0], [module], [opts], preds, refs, rows)


def _check_equal(plan, c, exact):
    assert plan.derives[0] is not None, "expected the vectorized derive"
    vec = plan._score(0, c)
    each = plan._score_each(0, c)
    assert vec.keys() == each.keys()
    for key in vec:
        assert vec[key].shape == each[key].shape
        if exact:
            np.testing.assert_array_equal(vec[key], each[key])
        else:
            np.testing.assert_allclose(vec[key], each[key], rtol=1e-12, atol=1e-13)


labels_strategy = st.integers(min_value=1, max_value=9).flatmap(
    lambda k: st.lists(
        st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)), min_size=1, max_size=40
    )
)


def _pairs_to_arrays(pairs):
    return np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])


@pytest.mark.parametrize(("name", "options"), CASES + BINARY_CASES, ids=str)
@settings(max_examples=6)
@given(pairs=labels_strategy, weighted=st.booleans(), seed=st.integers(0, 2**16))
def test_vectorized_derives_equal_scalar_derive_on_each_resample(
    name, options, pairs, weighted, seed
):
    refs, preds = _pairs_to_arrays(pairs)
    k = len(np.union1d(refs, preds))
    if (name, options) in BINARY_CASES:  # labels 0 and 1 (pos_label must be one of them)
        refs, preds = refs % 2, preds % 2
        k = len(np.union1d(refs, preds))
    rng = np.random.default_rng(seed)
    weights = rng.choice([0.5, 1.0, 2.5], size=len(refs)) if weighted else None
    plan = _plan(name, options, preds, refs, weights)
    # bitwise equal unless a float sum runs over >= 8 terms among which labels absent from
    # a resample leave zeros (numpy's pairwise summation then groups terms differently):
    # kappa sums the K x K expected-counts matrix
    exact = not weighted and (k <= 2 if name == "cohen_kappa" else k < 8)
    for c in plan.rows.resamples(rng, 8, by_rows=False):
        _check_equal(plan, c, exact)
    c, _ = next(plan.rows.jackknife(False))
    _check_equal(plan, c, exact)


def test_string_labels_and_row_kernel_path_equal_scalar_derive():
    rng = np.random.default_rng(3)
    refs = rng.choice(["cat", "dog", "eel"], size=300)
    preds = np.where(rng.random(300) < 0.7, refs, rng.choice(["cat", "dog", "eel"], size=300))
    weights = rng.random(300)  # all distinct: rows are resampled one by one
    for name, options in [("f1", {"average": "macro"}), ("cohen_kappa", {}), ("accuracy", {})]:
        plan = _plan(name, options, list(preds), list(refs), weights)
        assert plan.rows.by_rows()
        for c in plan.rows.resamples(rng, 20, by_rows=True):
            _check_equal(plan, c, exact=False)
    # unweighted, many labels: few rows per cell, also resampled row by row
    refs = rng.integers(0, 60, 300)
    preds = np.where(rng.random(300) < 0.5, refs, rng.integers(0, 60, 300))
    for name, options in [("f1", {"average": "weighted"}), ("matthews_correlation", {})]:
        plan = _plan(name, options, preds, refs, None)
        assert plan.rows.by_rows()
        for c in plan.rows.resamples(rng, 20, by_rows=True):
            assert c.tp.dtype == np.int64 and np.all(c.total == 300)
            _check_equal(plan, c, exact=False)


def test_row_kernel_resamples_carry_their_confusion_matrices():
    rng = np.random.default_rng(12)
    refs = rng.integers(0, 3, 200)
    preds = np.where(rng.random(200) < 0.6, refs, rng.integers(0, 3, 200))
    rows = _LabelRows(preds, refs, rng.random(200))
    assert rows.by_rows()
    for c in rows.resamples(rng, 10, by_rows=True):
        assert np.all(c.occ.sum(axis=1) == 2 * 200)  # every draw counted once per side
        for r in range(c.size):
            view = rows.view_of(c, r, matrix=True)
            np.testing.assert_allclose(view.matrix.sum(axis=1), view.true, rtol=1e-12)
            np.testing.assert_allclose(view.matrix.sum(axis=0), view.pred, rtol=1e-12)
            np.testing.assert_allclose(np.diagonal(view.matrix), view.tp, rtol=1e-12)
    res = evaluate.bootstrap(
        "cohen_kappa",
        predictions=preds,
        references=refs,
        sample_weight=rng.random(200),
        weights="linear",
        n_resamples=100,
        random_state=0,
    )["cohen_kappa"]
    low, high = res["confidence_interval"]
    assert low < res["score"] < high


def test_options_without_vectorized_derive_use_the_module_derive():
    refs = [0, 1, 2, 2, 1, 0, 2, 1, 1, 0]
    preds = [0, 2, 2, 2, 1, 0, 1, 1, 0, 0]
    plan = _plan("cohen_kappa", {"weights": "quadratic"}, preds, refs, None)
    assert plan.derives[0] is None
    res = evaluate.bootstrap(
        evaluate.load("cohen_kappa", weights="quadratic"),
        predictions=preds,
        references=refs,
        n_resamples=200,
        random_state=0,
    )
    from sklearn.metrics import cohen_kappa_score

    assert res["cohen_kappa"]["score"] == cohen_kappa_score(refs, preds, weights="quadratic")
    # every resample is a real kappa: the distribution is a proper one
    low, high = res["cohen_kappa"]["confidence_interval"]
    assert -1 <= low <= high <= 1
    cm = evaluate.bootstrap(
        "confusion_matrix", predictions=preds, references=refs, n_resamples=50, random_state=0
    )["confusion_matrix"]
    assert cm["confidence_interval"][0].shape == (3, 3)
    assert np.all(cm["confidence_interval"][0] <= cm["score"])


# -- the resampled counts -------------------------------------------------------------


def _view(refs, preds, weights=None):
    batch = {"predictions": preds, "references": refs}
    if weights is not None:
        batch["sample_weight"] = weights
    state = LabelCounts()
    state.update(**validate_label_batch(batch, None)[0])
    return state.view()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("strings", [False, True])
def test_grouped_counts_are_the_data_counts_and_jackknife_drops_one_row(weighted, strings):
    rng = np.random.default_rng(1)
    n = 60
    refs = rng.integers(0, 4, n) * 3 + 5  # not identity codes: 5, 8, 11, 14
    preds = np.where(rng.random(n) < 0.6, refs, rng.integers(0, 4, n) * 3 + 5)
    if strings:
        refs, preds = refs.astype(str), preds.astype(str)
    weights = rng.choice([1.0, 0.25, 3.0], n) if weighted else None
    rows = _LabelRows(preds, refs, weights)
    view = _view(refs, preds, weights)
    np.testing.assert_array_equal(rows.view.labels, view.labels)
    for name in ("tp", "pred", "true"):
        np.testing.assert_allclose(getattr(rows.full, name)[0], getattr(view, name), rtol=1e-14)
    assert rows.full.total[0] == pytest.approx(view.total, rel=1e-14)
    assert rows.gn.sum() == n
    # leave-one-out of group g == the counts of the data without one of g's rows
    for c, sizes in rows.jackknife(True):
        for j in range(c.size):
            g = np.flatnonzero(c.groups[j] != rows.gn)[0]
            i = np.flatnonzero(
                (rows.t == rows.gt[g])
                & (rows.p == rows.gp[g])
                & ((weights if weighted else np.ones(n)) == (rows.gw[g] if weighted else 1))
            )[0]
            keep = np.arange(n) != i
            loo = _view(refs[keep], preds[keep], None if weights is None else weights[keep])
            got = rows.view_of(c, j, matrix=False)
            np.testing.assert_array_equal(got.labels, loo.labels)
            for name in ("tp", "pred", "true"):
                np.testing.assert_allclose(getattr(got, name), getattr(loo, name), atol=1e-12)
            assert sizes[j] == rows.gn[g]


def test_multinomial_counts_are_row_resamples():
    """The counts of a multinomial draw have the law of a row resample: compare moments."""
    rng = np.random.default_rng(5)
    refs = rng.integers(0, 3, 500)
    preds = np.where(rng.random(500) < 0.5, refs, rng.integers(0, 3, 500))
    rows = _LabelRows(preds, refs, None)
    draws = np.concatenate([c.tp for c in rows.resamples(rng, 4000, by_rows=False)])
    idx = rng.integers(0, 500, size=(4000, 500))
    by_rows = np.stack(
        [((refs[idx] == k) & (preds[idx] == k)).sum(axis=1) for k in range(3)], axis=1
    )
    np.testing.assert_allclose(draws.mean(axis=0), by_rows.mean(axis=0), rtol=0.01)
    np.testing.assert_allclose(draws.std(axis=0), by_rows.std(axis=0), rtol=0.06)


# -- intervals: scipy.stats.bootstrap's definitions ----------------------------------


def _small_data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    refs = rng.integers(0, 2, n)
    preds = np.where(rng.random(n) < 0.75, refs, 1 - refs)
    return refs, preds


@pytest.mark.parametrize("method", ["percentile", "basic", "BCa"])
@pytest.mark.parametrize("name", ["accuracy", "f1"])
def test_interval_formulas_equal_scipy_on_the_same_distribution(method, name):
    refs, preds = _small_data()
    sk = {"accuracy": accuracy_score, "f1": f1_score}[name]
    _, per_module = _distributions(name, preds, refs, 999, 0, True, {})
    est = per_module[0][name]
    ours = est.summary((1 - 0.9) / 2, method.lower(), name)
    theirs = scipy.stats.bootstrap(
        (refs, preds),
        lambda y, p: sk(y, p),
        paired=True,
        vectorized=False,
        n_resamples=0,
        confidence_level=0.9,
        method=method,
        bootstrap_result=types.SimpleNamespace(bootstrap_distribution=est.theta),
    )
    np.testing.assert_allclose(
        ours["confidence_interval"], tuple(theirs.confidence_interval), rtol=1e-10
    )
    assert ours["standard_error"] == pytest.approx(theirs.standard_error, rel=1e-12)
    assert ours["score"] == sk(refs, preds)


def test_intervals_agree_with_scipy_resampling_within_monte_carlo_error():
    refs, preds = _small_data(n=200, seed=2)
    ours = evaluate.bootstrap(
        "accuracy", predictions=preds, references=refs, n_resamples=4000, random_state=1
    )["accuracy"]
    correct = (refs == preds).astype(float)
    theirs = scipy.stats.bootstrap(
        (correct,), np.mean, n_resamples=4000, method="percentile", rng=2
    )
    se = theirs.standard_error
    assert ours["standard_error"] == pytest.approx(se, rel=0.08)
    for a, b in zip(ours["confidence_interval"], theirs.confidence_interval):
        assert abs(a - b) < 0.4 * se + 0.005  # quantiles of a discrete distribution


@pytest.mark.parametrize(("level", "bounds"), [(0.95, (0.92, 0.99)), (0.8, (0.73, 0.87))])
def test_coverage_of_a_binomial_proportion(level, bounds):
    rng = np.random.default_rng(11)
    p, n, trials, hits = 0.3, 150, 300, 0
    for t in range(trials):
        refs = np.ones(n, dtype=int)
        preds = (rng.random(n) < p).astype(int)  # accuracy estimates p
        low, high = evaluate.bootstrap(
            "accuracy",
            predictions=preds,
            references=refs,
            n_resamples=999,
            random_state=t,
            confidence_level=level,
        )["accuracy"]["confidence_interval"]
        hits += low <= p <= high
    # the fraction of intervals holding p is the confidence level, up to the binomial
    # noise of 300 trials (sd 0.013 at 0.95, 0.023 at 0.8)
    assert bounds[0] <= hits / trials <= bounds[1]


# -- user metrics: summed states and recomputation -------------------------------------


class SumAbsError(Metric):
    name = "sum_abs_error"
    states = {"total": State(np.float64(0.0)), "count": State(np.int64(0))}

    def update(self, state, predictions, references):
        state["total"] += np.abs(predictions - references).sum()
        state["count"] += len(predictions)

    def derive(self, state):
        return {"mae": float(state["total"] / state["count"])}


class CatAbsError(Metric):
    name = "cat_abs_error"
    states = {"errors": State(np.zeros(0), merge="cat")}

    def update(self, state, predictions, references):
        state["errors"].append(np.abs(predictions - references))

    def derive(self, state):
        return {"mae": float(np.mean(state["errors"]))}


@pytest.mark.parametrize("method", ["percentile", "BCa"])
def test_summed_states_and_recomputation_give_the_same_resamples(method):
    rng = np.random.default_rng(4)
    refs = rng.normal(size=80)
    preds = refs + rng.normal(scale=0.5, size=80)
    a = evaluate.bootstrap(
        SumAbsError(),
        predictions=preds,
        references=refs,
        n_resamples=300,
        random_state=7,
        method=method,
    )["mae"]
    b = evaluate.bootstrap(
        CatAbsError(),
        predictions=preds,
        references=refs,
        n_resamples=300,
        random_state=7,
        method=method,
    )["mae"]
    assert a["score"] == pytest.approx(b["score"], rel=1e-14)
    np.testing.assert_allclose(a["confidence_interval"], b["confidence_interval"], rtol=1e-12)
    assert a["standard_error"] == pytest.approx(b["standard_error"], rel=1e-10)
    theirs = scipy.stats.bootstrap(
        (np.abs(preds - refs),), np.mean, n_resamples=3000, method=method, rng=0
    )
    assert a["standard_error"] == pytest.approx(theirs.standard_error, rel=0.15)
    for x, y in zip(a["confidence_interval"], theirs.confidence_interval):
        assert abs(x - y) < 0.5 * theirs.standard_error


def test_text_metric_and_mixed_combination():
    preds = ["the cat sat", "a dog", "hello world", "foo bar baz", "same"] * 4
    refs = ["the cat sat", "a dog ran", "hello there world", "foo baz", "same"] * 4
    res = evaluate.bootstrap(
        "wer", predictions=preds, references=refs, n_resamples=100, random_state=0
    )
    assert res["wer"]["score"] == pytest.approx(
        evaluate.load("wer").compute(predictions=preds, references=refs)
    )
    low, high = res["wer"]["confidence_interval"]
    assert low <= res["wer"]["score"] <= high
    both = evaluate.bootstrap(
        ["accuracy", "exact_match"],
        predictions=preds,
        references=refs,
        n_resamples=100,
        random_state=0,
    )
    assert sorted(both) == ["accuracy", "exact_match"]
    assert both["accuracy"]["score"] == both["exact_match"]["score"] == 0.4


# -- API --------------------------------------------------------------------------------


def test_output_format_reproducibility_and_combined_keys():
    refs, preds = _small_data(n=300, seed=9)
    clf = evaluate.combine(["accuracy", "f1", "precision"])
    a = evaluate.bootstrap(clf, predictions=preds, references=refs, n_resamples=500, random_state=3)
    b = evaluate.bootstrap(clf, predictions=preds, references=refs, n_resamples=500, random_state=3)
    c = evaluate.bootstrap(clf, predictions=preds, references=refs, n_resamples=500, random_state=4)
    assert a == b and a != c
    assert list(a) == ["accuracy", "f1", "precision"]
    assert list(a["f1"]) == ["confidence_interval", "standard_error", "score"]
    assert a["f1"]["score"] == f1_score(refs, preds)
    assert isinstance(a["f1"]["confidence_interval"], tuple)
    assert all(isinstance(x, float) for x in a["f1"]["confidence_interval"])
    # module.compute(bootstrap=...) and combine.compute(bootstrap=...)
    assert (
        clf.compute(
            predictions=preds, references=refs, bootstrap={"n_resamples": 500, "random_state": 3}
        )
        == a
    )
    f1 = evaluate.load("f1")
    assert (
        f1.compute(
            predictions=preds, references=refs, bootstrap={"n_resamples": 500, "random_state": 3}
        )["f1"]["score"]
        == a["f1"]["score"]
    )
    assert f1.compute(predictions=preds, references=refs, bootstrap=False) == {
        "f1": a["f1"]["score"]
    }
    forced = evaluate.combine(["accuracy", "accuracy"], force_prefix=True)
    assert list(evaluate.bootstrap(forced, predictions=preds, references=refs, n_resamples=20)) == [
        "accuracy_0_accuracy",
        "accuracy_1_accuracy",
    ]


def test_weighted_rows_and_per_label_arrays():
    rng = np.random.default_rng(8)
    refs = rng.integers(0, 3, 400)
    preds = np.where(rng.random(400) < 0.7, refs, rng.integers(0, 3, 400))
    weights = rng.choice([1.0, 2.0], 400)
    res = evaluate.bootstrap(
        "f1",
        predictions=preds,
        references=refs,
        sample_weight=weights,
        average=None,
        n_resamples=500,
        random_state=0,
    )["f1"]
    np.testing.assert_allclose(
        res["score"], f1_score(refs, preds, average=None, sample_weight=weights)
    )
    low, high = res["confidence_interval"]
    assert low.shape == high.shape == res["standard_error"].shape == (3,)
    assert np.all(low < res["score"]) and np.all(res["score"] < high)
    # grouped (few distinct weights) and row-by-row (distinct weights) resampling agree in law
    w2 = weights + rng.random(400) * 1e-9
    by_groups = evaluate.bootstrap(
        "accuracy",
        predictions=preds,
        references=refs,
        sample_weight=weights,
        n_resamples=3000,
        random_state=1,
    )
    by_rows = evaluate.bootstrap(
        "accuracy",
        predictions=preds,
        references=refs,
        sample_weight=w2,
        n_resamples=3000,
        random_state=1,
    )
    assert by_rows["accuracy"]["standard_error"] == pytest.approx(
        by_groups["accuracy"]["standard_error"], rel=0.08
    )


def test_nan_scores_give_a_nan_interval_with_a_warning():
    refs = [0, 0, 0, 1, 1, 0]
    preds = [0, 0, 0, 0, 0, 0]
    with pytest.warns(DegenerateBootstrapWarning):
        res = evaluate.bootstrap(
            "precision",
            predictions=preds,
            references=refs,
            zero_division=np.nan,
            n_resamples=50,
            random_state=0,
        )
    assert all(math.isnan(x) for x in res["precision"]["confidence_interval"])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"confidence_level": 1.0}, ValueError, "confidence_level"),
        ({"n_resamples": 0}, ValueError, "n_resamples"),
        ({"method": "studentized"}, ValueError, "method"),
        ({"average": "macro", "nope": 1}, TypeError, "nope"),
    ],
)
def test_bad_settings_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        evaluate.bootstrap("f1", predictions=[0, 1], references=[1, 1], **kwargs)


def test_stored_examples_and_missing_rows_are_refused():
    acc = evaluate.load("accuracy")
    acc.add_batch(predictions=[0, 1], references=[1, 1])
    with pytest.raises(ValueError, match="stored examples"):
        evaluate.bootstrap(acc, predictions=[0, 1], references=[1, 1])
    assert acc.compute() == {"accuracy": 0.5}  # untouched
    with pytest.raises(ValueError, match="predictions= and references="):
        evaluate.bootstrap("accuracy", predictions=[0, 1])
    with pytest.raises(TypeError, match="bootstrap"):
        evaluate.load("accuracy").compute(predictions=[0], references=[0], bootstrap={"x": 1})
    with pytest.raises(TypeError, match="expected a module name"):
        evaluate.bootstrap(3.5, predictions=[0], references=[0])
