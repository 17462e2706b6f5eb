"""``threshold=``: every classification module takes scores and labels them ``score >= threshold``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn import metrics as skm

import fasteval as evaluate
from tests.reference import REFERENCES
from tests.test_common import run, same

SCORES = st.floats(-3.0, 3.0, allow_nan=False, width=32)


@st.composite
def scored_cases(draw, name):
    ref = REFERENCES[name]
    n = draw(st.integers(1, 40))
    scores = np.array(draw(st.lists(SCORES, min_size=n, max_size=n)))
    # thresholds on and between the scores: ties (score == threshold) become 1
    threshold = draw(st.sampled_from([0.5, 0.0, -1.0]) | st.sampled_from(scores.tolist()))
    y_true = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    weights = draw(
        st.none() | st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.5]), min_size=n, max_size=n)
    )
    options = {opt: draw(st.sampled_from(values)) for opt, values in ref.options.items()}
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=3)))
    return scores, threshold, y_true, weights, options, cuts


def check(name, case):
    ref = REFERENCES[name]
    scores, threshold, y_true, weights, options, cuts = case
    kw = dict(options)
    if weights is not None:
        kw["sample_weight"] = weights
    labels = (scores >= threshold).astype(int)
    expected, expected_err = run(lambda: ref.sklearn(y_true, labels, **kw))
    one_shot, err = run(
        lambda: evaluate.load(name).compute(
            predictions=scores, references=y_true, threshold=threshold, **kw
        )
    )
    if expected_err is not None:
        assert err is not None
        return
    assert err is None, err
    assert same(one_shot[ref.key], expected, ref.exact), (one_shot, expected)
    # streamed with the threshold (and options) given at load time
    module = evaluate.load(name, threshold=threshold, **options)
    bounds = [0, *cuts, len(y_true)]
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        if hi > lo:
            w = None if weights is None else weights[lo:hi]
            module.add_batch(predictions=scores[lo:hi], references=y_true[lo:hi], sample_weight=w)
    streamed, err = run(module.compute)
    assert err is None, err
    assert same(streamed[ref.key], expected, ref.exact), (streamed, expected)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_thresholded_scores_equal_sklearn_on_the_labelled_scores(name):
    given(case=scored_cases(name))(lambda case: check(name, case))()


@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(SCORES, min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(st.lists(st.integers(0, 1), min_size=3, max_size=3), min_size=n, max_size=n),
        )
    ),
    st.sampled_from([0.5, 0.0, 1.5]),
    st.sampled_from(["micro", "macro", "weighted", "samples"]),
)
def test_multilabel_scores_are_thresholded_per_label(data, threshold, average):
    scores, y_true = np.array(data[0]), np.array(data[1])
    labels = (scores >= threshold).astype(int)
    expected, expected_err = run(
        lambda: skm.f1_score(y_true, labels, average=average, zero_division=0)
    )
    got, err = run(
        lambda: evaluate.load("f1", "multilabel").compute(
            predictions=scores,
            references=y_true,
            threshold=threshold,
            average=average,
            zero_division=0,
        )
    )
    assert (err is None) == (expected_err is None)
    if err is None:
        assert same(got["f1"], expected, exact=False)


def test_combine_thresholds_once_for_every_module():
    scores = np.array([0.1, 0.4, 0.35, 0.8, 0.5, 0.95])
    y_true = np.array([0, 0, 1, 1, 0, 1])
    got = evaluate.combine(["accuracy", "f1", "precision", "recall"]).compute(
        predictions=scores, references=y_true, threshold=0.5
    )
    labels = scores >= 0.5
    assert got == {
        "accuracy": skm.accuracy_score(y_true, labels),
        "f1": skm.f1_score(y_true, labels),
        "precision": skm.precision_score(y_true, labels),
        "recall": skm.recall_score(y_true, labels),
    }


def test_bootstrap_resamples_the_thresholded_labels():
    rng = np.random.default_rng(3)
    scores = rng.random(500)
    y_true = (rng.random(500) < scores).astype(int)
    got = evaluate.bootstrap(
        "f1", predictions=scores, references=y_true, threshold=0.3, n_resamples=99, random_state=0
    )
    assert got["f1"]["score"] == skm.f1_score(y_true, scores >= 0.3)
    low, high = got["f1"]["confidence_interval"]
    assert low <= got["f1"]["score"] <= high


def test_another_threshold_at_compute_than_at_add_is_refused_and_keeps_the_rows():
    module = evaluate.load("recall", threshold=0.5)
    module.add_batch(predictions=[0.2, 0.7, 0.6], references=[1, 1, 0])
    with pytest.raises(ValueError, match=r"threshold=0\.5 when they were added"):
        module.compute(threshold=0.1)
    assert module._acc.stored == 3
    assert module.compute() == {"recall": 0.5}
    # after a compute the load-time threshold applies again
    module.add_batch(predictions=[0.2, 0.7], references=[1, 1])
    assert module.compute() == {"recall": 0.5}


@pytest.mark.parametrize(
    "scores, threshold, message",
    [
        ([0.2, float("nan")], 0.5, "scores must be finite"),
        ([0.2, float("inf")], 0.5, "scores must be finite"),
        (["a", "b"], 0.5, "numeric scores"),
        ([[0.2, 0.1], [0.3, 0.4]], 0.5, r"shape \(n_samples,\)"),
        ([0.2, 0.6], "0.5", "threshold must be None or a finite number"),
        ([0.2, 0.6], True, "threshold must be None or a finite number"),
        ([0.2, 0.6], float("nan"), "threshold must be None or a finite number"),
    ],
)
def test_bad_scores_or_threshold_are_clear_errors_and_change_nothing(scores, threshold, message):
    module = evaluate.load("f1", threshold=0.5)
    module.add_batch(predictions=[0.9, 0.1], references=[1, 1])
    with pytest.raises((ValueError, TypeError), match=message):
        module.compute(predictions=scores, references=[0, 1], threshold=threshold)
    assert module._acc.stored == 2
    assert module.compute() == {"f1": skm.f1_score([1, 1], [1, 0])}


def test_scores_added_to_labels_stored_without_a_threshold_are_refused():
    module = evaluate.load("f1")
    module.add_batch(predictions=[1, 0], references=[1, 1])
    with pytest.raises(ValueError, match=r"were added as labels \(threshold=None\)"):
        module.compute(predictions=[0.7, 0.2], references=[1, 0], threshold=0.5)
    assert module.compute() == {"f1": skm.f1_score([1, 1], [1, 0])}


def test_a_bad_threshold_at_load_is_refused():
    with pytest.raises(ValueError, match="threshold must be None or a finite number"):
        evaluate.load("accuracy", threshold=[0.5])


def test_merge_keeps_the_threshold_and_refuses_a_different_one():
    a, b = evaluate.load("f1", threshold=0.5), evaluate.load("f1", threshold=0.5)
    a.add_batch(predictions=[0.9, 0.2], references=[1, 1])
    b.add_batch(predictions=[0.6, 0.7], references=[0, 1])
    empty = evaluate.load("f1", threshold=0.5)
    merged = empty.merge(a).merge(b)  # an empty module takes the stored rows' threshold
    assert merged.compute() == {"f1": skm.f1_score([1, 1, 0, 1], [1, 0, 1, 1])}
    c, d = evaluate.load("f1", threshold=0.5), evaluate.load("f1", threshold=0.8)
    c.add_batch(predictions=[0.9], references=[1])
    d.add_batch(predictions=[0.9], references=[1])
    with pytest.raises(ValueError, match="different thresholds"):
        c.merge(d)
    assert c._acc.stored == 1 and c.compute() == {"f1": 1.0}
