"""Generic tests over the reference registry (tests/reference.py).

For every built-in classification module and every option: fasteval's one-shot
compute, the same data streamed through add_batch in random chunks, and the
functional layer all equal scikit-learn (bitwise when unweighted), raise when
it raises, and keep their state when they raise.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fasteval as evaluate
from tests.reference import REFERENCES

LABEL_SETS = {
    "small-int": [0, 1, 2, 3, 4],
    "binary": [0, 1],
    "signed": [-7, 3, 1000003, -(2**40)],
    "string": ["ant", "bee", "cat", "dog"],
    "bool": [False, True],
}


def same(a, b, exact: bool) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    if exact:
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.allclose(a, b, rtol=1e-12, atol=1e-15, equal_nan=True))


def run(fn):
    """(result, None) or (None, exception type) with warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(), None
        except (ValueError, TypeError) as err:
            return None, type(err)


@st.composite
def cases(draw, name):
    ref = REFERENCES[name]
    kind = draw(st.sampled_from(sorted(LABEL_SETS)))
    pool = LABEL_SETS[kind]
    n = draw(st.integers(1, 40))
    used = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
    y_true = draw(st.lists(st.sampled_from(used), min_size=n, max_size=n))
    y_pred = draw(st.lists(st.sampled_from(used), min_size=n, max_size=n))
    # dyadic weights: every sum is exact whatever the summation order, so results
    # must be bitwise equal (scikit-learn mixes pairwise and sequential sums; with
    # arbitrary floats an ill-conditioned case such as TN = total - TP - FP - FN = 0
    # comes out as +-1e-16 there, which no implementation should try to copy)
    weights = draw(
        st.none()
        | st.lists(st.sampled_from([0.0, 0.125, 0.5, 1.0, 2.5, 7.25]), min_size=n, max_size=n)
    )
    options = {opt: draw(st.sampled_from(values)) for opt, values in ref.options.items()}
    if "labels" in ref.label_options and draw(st.booleans()):
        options["labels"] = draw(
            st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True)
        )
    if "pos_label" in ref.label_options and draw(st.booleans()):
        options["pos_label"] = draw(st.sampled_from(pool))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    if draw(st.booleans()):  # numpy arrays (strings then take the fixed-width unicode path)
        y_true, y_pred = np.array(y_true), np.array(y_pred)
    return y_true, y_pred, weights, options, cuts


def check_against_sklearn(name, case):
    ref = REFERENCES[name]
    y_true, y_pred, weights, options, cuts = case
    kw = dict(options)
    if weights is not None:
        kw["sample_weight"] = weights
    expected, expected_err = run(lambda: ref.sklearn(np.asarray(y_true), np.asarray(y_pred), **kw))

    module = evaluate.load(name)
    one_shot, err = run(lambda: module.compute(predictions=y_pred, references=y_true, **kw))
    if expected_err is not None:
        assert err is not None, (
            f"sklearn raised {expected_err.__name__}, fasteval returned {one_shot}"
        )
        assert module._acc.stored == 0
        return
    assert err is None, f"fasteval raised {err.__name__}, sklearn returned {expected}"
    exact = ref.exact
    assert same(one_shot[ref.key], expected, exact), (one_shot, expected)

    # streamed in random chunks, with the load-time options
    streamed_module = evaluate.load(name, **options)
    bounds = [0, *cuts, len(y_true)]
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        if hi > lo:
            batch_w = None if weights is None else weights[lo:hi]
            streamed_module.add_batch(
                predictions=y_pred[lo:hi], references=y_true[lo:hi], sample_weight=batch_w
            )
    streamed, err = run(lambda: streamed_module.compute())
    assert err is None
    assert same(streamed[ref.key], expected, exact), (streamed, expected)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_module_equals_sklearn_one_shot_and_streamed(name):
    given(case=cases(name))(lambda case: check_against_sklearn(name, case))()


def test_every_builtin_classification_module_has_a_reference():
    from fasteval.registry import BUILTIN, _builtin_class

    classification = {
        name for name in BUILTIN if issubclass(_builtin_class(name), evaluate.ClassificationModule)
    }
    assert classification == set(REFERENCES)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_list_equals_array_and_order_invariance(name):
    ref = REFERENCES[name]
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    opts = {"average": "macro"} if "average" in ref.options else {}
    a = evaluate.load(name).compute(predictions=y_pred, references=y_true, **opts)[ref.key]
    b = evaluate.load(name).compute(
        predictions=y_pred.tolist(), references=y_true.tolist(), **opts
    )[ref.key]
    perm = rng.permutation(200)
    c = evaluate.load(name).compute(predictions=y_pred[perm], references=y_true[perm], **opts)[
        ref.key
    ]
    assert same(a, b, True) and same(a, c, True)
    if ref.symmetric:
        d = evaluate.load(name).compute(predictions=y_true, references=y_pred, **opts)[ref.key]
        assert same(a, d, False)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_single_sample(name):
    ref = REFERENCES[name]
    expected, expected_err = run(lambda: ref.sklearn([1], [1]))
    got, err = run(lambda: evaluate.load(name).compute(predictions=[1], references=[1])[ref.key])
    assert err == expected_err
    if expected_err is None:
        assert same(got, expected, True)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_nan_label_raises_and_keeps_state(name):
    module = evaluate.load(name)
    module.add_batch(predictions=[0, 1, 1], references=[0, 1, 0])
    with pytest.raises(ValueError, match="predictions: .*NaN"):
        module.add_batch(predictions=[0.0, math.nan], references=[0, 1])
    with pytest.raises(ValueError, match="references and predictions|predictions and references"):
        module.add_batch(predictions=[0, 1, 1], references=[0, 1])
    with pytest.raises(TypeError, match="mix of string and number"):
        module.add_batch(predictions=["a", "b"], references=["a", "b"])
    assert module._acc.stored == 3
    ref = REFERENCES[name]
    expected, _ = run(lambda: ref.sklearn([0, 1, 0], [0, 1, 1]))
    got, _ = run(lambda: module.compute()[ref.key])
    assert same(got, expected, True)
