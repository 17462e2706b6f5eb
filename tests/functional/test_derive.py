"""fasteval.functional._derive against scikit-learn, bit for bit where claimed.

Every property test builds a CountsView from raw labels with numpy only
(np.unique + np.searchsorted + np.bincount, which sums weights row by row
exactly like scikit-learn's own bincount / coo_array accumulation), runs the
scikit-learn function on the raw labels and the derive function on the
counts, and compares results, raised exception types and warnings.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm
from sklearn.exceptions import UndefinedMetricWarning as SkUndefinedMetricWarning
from sklearn.metrics._classification import _check_set_wise_labels, _prf_divide
from sklearn.utils.extmath import _nanaverage

from fasteval._counts import CountsView
from fasteval.functional._derive import (
    UndefinedMetricWarning,
    derive_accuracy,
    derive_balanced_accuracy,
    derive_cohen_kappa,
    derive_confusion_matrix,
    derive_hamming_loss,
    derive_jaccard,
    derive_matthews,
    derive_precision_recall_fscore_support,
    derive_specificity,
)

SETTINGS = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------
# building counts
# --------------------------------------------------------------------------


def make_view(y_true, y_pred, sample_weight=None, *, matrix=True) -> CountsView:
    """CountsView of two label arrays, counted with np.bincount (row order)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    labels = np.unique(np.concatenate([y_true, y_pred]))
    k = labels.shape[0]
    t, p = np.searchsorted(labels, y_true), np.searchsorted(labels, y_pred)
    eq = t == p
    w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    weq = None if w is None else w[eq]
    tp = np.bincount(t[eq], weights=weq, minlength=k)
    pred = np.bincount(p, weights=w, minlength=k)
    true = np.bincount(t, weights=w, minlength=k)
    cm = np.bincount(t * k + p, weights=w, minlength=k * k).reshape(k, k) if matrix else None
    if w is None:
        total, correct = int(y_true.shape[0]), int(np.sum(eq))
    else:
        total, correct = float(np.sum(w)), float(np.sum(weq))
    return CountsView(labels, tp, pred, true, total, correct, w is not None, cm)


# --------------------------------------------------------------------------
# comparing outcomes
# --------------------------------------------------------------------------


def run(fn):
    """(result, exception, [(warning class name, message)]) of calling fn."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, exc = fn(), None
        except (ValueError, ZeroDivisionError, TypeError) as e:
            result, exc = None, e
    user = [
        (w.category.__name__, str(w.message)) for w in caught if issubclass(w.category, UserWarning)
    ]
    return result, exc, user


def assert_same_value(got, want, approx=False):
    if want is None:
        assert got is None
    elif isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray)
        assert got.shape == want.shape
        if approx:
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
        else:
            assert got.dtype == want.dtype, (got.dtype, want.dtype)
            np.testing.assert_array_equal(got, want)
    else:
        assert isinstance(got, float), type(got)
        if math.isnan(want):
            assert math.isnan(got)
        elif approx:
            # approx=True: rounding-level difference (1e-12 rel, 1e-14 abs);
            # approx=<tol>: the difference may be amplified by cancellation
            # (kappa / mcc near 0), so tol is used absolutely and relatively.
            tol = (1e-12, 1e-14) if approx is True else (approx, approx)
            assert got == pytest.approx(want, rel=tol[0], abs=tol[1])
        else:
            assert got == want, (got, want)


def assert_same(sk_fn, fe_fn, approx=False):
    """Same result (bitwise unless approx), same exception type, same warnings."""
    want, want_exc, want_warn = run(sk_fn)
    got, got_exc, got_warn = run(fe_fn)
    if want_exc is not None:
        assert got_exc is not None, f"sklearn raised {want_exc!r}, fasteval returned {got!r}"
        # sklearn's InvalidParameterError subclasses ValueError (and TypeError)
        assert isinstance(
            got_exc, ValueError if isinstance(want_exc, ValueError) else type(want_exc)
        ), (
            got_exc,
            want_exc,
        )
        return None
    assert got_exc is None, f"fasteval raised {got_exc!r}, sklearn returned {want!r}"
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert_same_value(g, w, approx)
    else:
        assert_same_value(got, want, approx)
    assert got_warn == want_warn
    return want


# --------------------------------------------------------------------------
# strategies
# --------------------------------------------------------------------------

INT_POOL = [-7, -1, 0, 1, 2, 3, 5, 10]
STR_POOL = ["a", "b", "cat", "dog", "e", "zz", "1"]
WEIGHT = st.one_of(st.just(0.0), st.floats(0.01, 10.0, allow_nan=False))


@st.composite
def problems(draw, with_weights=None):
    """(y_true, y_pred, sample_weight or None, pool, extras of the same kind)."""
    kind = draw(st.sampled_from(["int", "str", "bool"]))
    if kind == "bool":
        pool = draw(st.lists(st.booleans(), min_size=1, max_size=2, unique=True))
        extras = [b for b in (False, True) if b not in pool]
    else:
        source = INT_POOL if kind == "int" else STR_POOL
        pool = draw(st.lists(st.sampled_from(source), min_size=1, max_size=6, unique=True))
        extras = [x for x in source if x not in pool][:2]
    n = draw(st.integers(1, 60))
    y_true = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    y_pred = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    weighted = draw(st.booleans()) if with_weights is None else with_weights
    sw = draw(st.lists(WEIGHT, min_size=n, max_size=n)) if weighted else None
    dtype = {"int": np.int64, "bool": bool, "str": None}[kind]
    return np.array(y_true, dtype=dtype), np.array(y_pred, dtype=dtype), sw, pool, extras


def label_lists(draw, pool, extras, *, allow_empty=True):
    """None, or a list (with possible duplicates / absent labels) of labels."""
    if draw(st.booleans()):
        return None
    return draw(
        st.lists(st.sampled_from(pool + extras), min_size=0 if allow_empty else 1, max_size=7)
    )


def pos_labels(draw, pool, extras):
    return draw(st.sampled_from(pool + extras + [1]))


AVERAGES = st.sampled_from([None, "binary", "micro", "macro", "weighted", "samples"])
ZERO_DIVISION = st.sampled_from(["warn", 0, 1, 0.0, 1.0, np.nan])


def uniq_labels(y_true, y_pred):
    return np.unique(np.concatenate([y_true, y_pred]))


# --------------------------------------------------------------------------
# precision / recall / f-score / jaccard / specificity
# --------------------------------------------------------------------------


@SETTINGS
@given(data=st.data())
def test_precision_recall_fscore_support(data):
    y_true, y_pred, sw, pool, extras = data.draw(problems())
    labels = label_lists(data.draw, pool, extras)
    kw = dict(
        beta=data.draw(st.sampled_from([0.5, 1, 1.0, 2, 0.0, np.inf])),
        labels=labels,
        pos_label=pos_labels(data.draw, pool, extras),
        average=data.draw(AVERAGES),
        warn_for=data.draw(
            st.sampled_from([("precision", "recall", "f-score"), ("f-score",), ("recall",), ()])
        ),
        zero_division=data.draw(ZERO_DIVISION),
    )
    view = make_view(y_true, y_pred, sw, matrix=data.draw(st.booleans()))
    assert_same(
        lambda: skm.precision_recall_fscore_support(y_true, y_pred, sample_weight=sw, **kw),
        lambda: derive_precision_recall_fscore_support(view, **kw),
    )


@SETTINGS
@given(data=st.data())
def test_jaccard(data):
    y_true, y_pred, sw, pool, extras = data.draw(problems())
    kw = dict(
        labels=label_lists(data.draw, pool, extras),
        pos_label=pos_labels(data.draw, pool, extras),
        average=data.draw(AVERAGES),
        zero_division=data.draw(ZERO_DIVISION),
    )
    view = make_view(y_true, y_pred, sw)
    assert_same(
        lambda: skm.jaccard_score(y_true, y_pred, sample_weight=sw, **kw),
        lambda: derive_jaccard(view, **kw),
    )


def sk_specificity(y_true, y_pred, *, sample_weight, labels, pos_label, average, zero_division):
    """Specificity from sklearn's multilabel_confusion_matrix, with recall's rules."""
    if average not in (None, "binary", "micro", "macro", "weighted"):
        raise ValueError(f"bad average {average!r}")
    labels = _check_set_wise_labels(y_true, y_pred, average, labels, pos_label)
    mcm = skm.multilabel_confusion_matrix(
        y_true, y_pred, sample_weight=sample_weight, labels=labels
    )
    tn, fp, fn, tp = mcm[:, 0, 0], mcm[:, 0, 1], mcm[:, 1, 0], mcm[:, 1, 1]
    negatives, support = tn + fp, tp + fn
    if average == "micro":
        tn, negatives = np.reshape(np.sum(tn), (1,)), np.reshape(np.sum(negatives), (1,))
    spec = _prf_divide(
        tn, negatives, "specificity", "negative", average, ("specificity",), zero_division
    )
    if average is None:
        return spec
    return float(_nanaverage(spec, weights=support if average == "weighted" else None))


@SETTINGS
@given(data=st.data())
def test_specificity(data):
    y_true, y_pred, sw, pool, extras = data.draw(problems())
    kw = dict(
        labels=label_lists(data.draw, pool, extras),
        pos_label=pos_labels(data.draw, pool, extras),
        average=data.draw(AVERAGES),
        zero_division=data.draw(ZERO_DIVISION),
    )
    view = make_view(y_true, y_pred, sw)
    assert_same(
        lambda: sk_specificity(y_true, y_pred, sample_weight=sw, **kw),
        lambda: derive_specificity(view, **kw),
    )


# --------------------------------------------------------------------------
# accuracy / hamming / balanced accuracy / matthews
# --------------------------------------------------------------------------


@SETTINGS
@given(data=st.data())
def test_accuracy_and_hamming(data):
    y_true, y_pred, sw, _, _ = data.draw(problems())
    normalize = data.draw(st.booleans())
    # Bitwise without weights; with weights sklearn sums per row (documented).
    approx = sw is not None
    for matrix in (True, False):
        view = make_view(y_true, y_pred, sw, matrix=matrix)
        assert_same(
            lambda: skm.accuracy_score(y_true, y_pred, normalize=normalize, sample_weight=sw),
            lambda v=view: derive_accuracy(v, normalize=normalize),
            approx=approx,
        )
        assert_same(
            lambda: skm.hamming_loss(y_true, y_pred, sample_weight=sw),
            lambda v=view: derive_hamming_loss(v),
            approx=approx,
        )


@SETTINGS
@given(data=st.data())
def test_balanced_accuracy(data):
    y_true, y_pred, sw, _, _ = data.draw(problems())
    adjusted = data.draw(st.booleans())
    matrix = data.draw(st.booleans())
    view = make_view(y_true, y_pred, sw, matrix=matrix)
    assert_same(
        lambda: skm.balanced_accuracy_score(y_true, y_pred, sample_weight=sw, adjusted=adjusted),
        lambda: derive_balanced_accuracy(view, adjusted=adjusted),
        approx=sw is not None and not matrix,
    )


@SETTINGS
@given(data=st.data())
def test_matthews(data):
    y_true, y_pred, sw, _, _ = data.draw(problems())
    matrix = data.draw(st.booleans())
    view = make_view(y_true, y_pred, sw, matrix=matrix)
    # Without the matrix, weighted marginals are summed in another order; the
    # covariance differences can amplify that near mcc == 0, hence 1e-9.
    assert_same(
        lambda: skm.matthews_corrcoef(y_true, y_pred, sample_weight=sw),
        lambda: derive_matthews(view),
        approx=1e-9 if (sw is not None and not matrix) else False,
    )


# --------------------------------------------------------------------------
# confusion matrix / kappa
# --------------------------------------------------------------------------


def only_zero_weight_in_true(y_true, sw, labels):
    """True when every label of ``labels`` found in y_true has only weight-0 rows there.

    sklearn then accepts ``labels``; from counts such a label looks absent
    from y_true, so fasteval raises (documented limitation).
    """
    if sw is None or not labels:
        return False
    w = np.asarray(sw)
    in_true = [lab for lab in labels if np.any(y_true == lab)]
    return bool(in_true) and all(np.sum(w[y_true == lab]) == 0 for lab in in_true)


@SETTINGS
@given(data=st.data())
def test_confusion_matrix(data):
    y_true, y_pred, sw, pool, extras = data.draw(problems())
    labels = label_lists(data.draw, pool, extras)
    normalize = data.draw(st.sampled_from([None, "true", "pred", "all"]))
    assume(not only_zero_weight_in_true(y_true, sw, labels))
    view = make_view(y_true, y_pred, sw)
    assert_same(
        lambda: skm.confusion_matrix(
            y_true, y_pred, labels=labels, sample_weight=sw, normalize=normalize
        ),
        lambda: derive_confusion_matrix(view, labels=labels, normalize=normalize),
    )


@SETTINGS
@given(data=st.data())
def test_cohen_kappa(data):
    y_true, y_pred, sw, pool, extras = data.draw(problems())
    labels = label_lists(data.draw, pool, extras)
    weights = data.draw(st.sampled_from([None, "linear", "quadratic"]))
    replace = data.draw(st.sampled_from([np.nan, 0.0, -1.0, 0.5]))
    assume(not only_zero_weight_in_true(y_true, sw, labels))
    kw = dict(labels=labels, weights=weights, replace_undefined_by=replace)
    assert_same(
        lambda: skm.cohen_kappa_score(y_true, y_pred, sample_weight=sw, **kw),
        lambda: derive_cohen_kappa(make_view(y_true, y_pred, sw), **kw),
    )
    # Without the dense matrix: only unweighted kappa over all data labels.
    view = make_view(y_true, y_pred, sw, matrix=False)
    covers = labels is None or set(uniq_labels(y_true, y_pred).tolist()) <= set(labels)
    if weights is not None or not covers:
        with pytest.raises(ValueError):  # needs the matrix (or fails label validation)
            derive_cohen_kappa(view, **kw)
        return
    assert_same(
        lambda: skm.cohen_kappa_score(y_true, y_pred, sample_weight=sw, **kw),
        lambda: derive_cohen_kappa(view, **kw),
        approx=1e-9 if sw is not None else False,
    )


# --------------------------------------------------------------------------
# errors and known answers
# --------------------------------------------------------------------------


def test_mixed_label_kinds_raise():
    int_view = make_view([0, 1, 2], [0, 2, 1])
    str_view = make_view(["a", "b"], ["b", "b"])
    for call in (
        lambda: derive_precision_recall_fscore_support(int_view, labels=["a"], average="macro"),
        lambda: derive_jaccard(str_view, labels=[1], average=None),
        lambda: derive_specificity(int_view, labels=["0"], average="micro"),
        lambda: derive_confusion_matrix(int_view, labels=["a", "b"]),
        lambda: derive_cohen_kappa(str_view, labels=[0, 1]),
    ):
        with pytest.raises(ValueError, match="mix string and numeric"):
            call()


def test_float_labels():
    y_true, y_pred = np.array([0.0, 1.0, 2.0, 2.0]), np.array([1.0, 1.0, 2.0, 0.0])
    view = make_view(y_true, y_pred)
    for avg in (None, "macro", "micro"):
        assert_same(
            lambda a=avg: skm.precision_recall_fscore_support(
                y_true, y_pred, average=a, labels=[2, 1, 7]
            ),
            lambda a=avg: derive_precision_recall_fscore_support(view, average=a, labels=[2, 1, 7]),
        )
    assert_same(
        lambda: skm.confusion_matrix(y_true, y_pred, labels=[2.0, 0]),
        lambda: derive_confusion_matrix(view, labels=[2.0, 0]),
    )
    continuous = make_view([0.5, 1.0], [1.0, 1.0])
    assert_same(lambda: skm.f1_score([0.5, 1.0], [1.0, 1.0]), lambda: derive_jaccard(continuous))
    with pytest.raises(ValueError, match="continuous"):
        derive_matthews(continuous)


def test_option_errors():
    view = make_view([0, 1, 2], [0, 2, 1], matrix=False)
    with pytest.raises(ValueError, match=r"average must be one of \['binary', 'micro'"):
        derive_precision_recall_fscore_support(view, average="foo")
    with pytest.raises(ValueError, match="average"):
        derive_specificity(view, average="samples")
    with pytest.raises(ValueError, match="zero_division"):
        derive_jaccard(view, average="macro", zero_division=np.nan)
    with pytest.raises(ValueError, match="normalize"):
        derive_confusion_matrix(make_view([0, 1], [1, 1]), normalize="rows")
    with pytest.raises(ValueError, match="view.matrix is None"):
        derive_confusion_matrix(view)
    with pytest.raises(ValueError, match="weights"):
        derive_cohen_kappa(view, weights="linear")
    with pytest.raises(ValueError, match="weights must be one of"):
        derive_cohen_kappa(view, weights="cubic")
    with pytest.raises(ValueError, match="matrix"):
        derive_cohen_kappa(view, labels=[0, 1])
    with pytest.raises(ValueError, match="Target is multiclass but average='binary'"):
        derive_precision_recall_fscore_support(view, average="binary")


def test_known_answers():
    view = make_view([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1])
    f1 = lambda avg: derive_precision_recall_fscore_support(view, average=avg)[2]  # noqa: E731
    assert f1("macro") == 0.26666666666666666
    assert f1("micro") == 0.3333333333333333
    assert f1("weighted") == 0.26666666666666666
    np.testing.assert_array_equal(f1(None), [0.8, 0.0, 0.0])
    assert derive_accuracy(make_view([0, 1, 2, 3], [0, 2, 1, 3])) == 0.5
    assert derive_accuracy(make_view([0, 1, 2, 3], [0, 2, 1, 3]), normalize=False) == 2.0
    assert derive_balanced_accuracy(make_view([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])) == 0.625
    assert derive_hamming_loss(make_view([1, 2, 3, 4], [2, 2, 3, 4])) == 0.25
    assert round(derive_matthews(make_view([+1, +1, +1, -1], [+1, -1, +1, +1])), 2) == -0.33
    y1 = ["negative", "positive", "negative", "neutral", "positive"]
    y2 = ["negative", "positive", "negative", "neutral", "negative"]
    assert derive_cohen_kappa(make_view(y1, y2, matrix=False)) == 0.6875
    np.testing.assert_array_equal(
        derive_confusion_matrix(make_view([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])),
        [[2, 0, 0], [0, 0, 1], [1, 0, 2]],
    )
    cats = make_view(
        ["cat", "ant", "cat", "cat", "ant", "bird"], ["ant", "ant", "cat", "cat", "ant", "cat"]
    )
    np.testing.assert_array_equal(
        derive_confusion_matrix(cats, labels=["ant", "bird", "cat"]),
        [[2, 0, 0], [0, 0, 1], [1, 0, 2]],
    )
    # sklearn matches pos_label=1 to the lone label "1" (numpy casts both to str)
    assert (
        derive_precision_recall_fscore_support(make_view(["1"], ["1"]), average="binary")[2] == 1.0
    )
    jac = make_view([0, 1, 2, 1], [0, 2, 1, 1])
    assert derive_jaccard(jac, average="macro") == skm.jaccard_score(
        [0, 1, 2, 1], [0, 2, 1, 1], average="macro"
    )
    # specificity of label 1 in a binary problem is recall of label 0
    bin_view = make_view([0, 0, 0, 1, 1], [0, 1, 0, 1, 0])
    assert derive_specificity(bin_view) == skm.recall_score(
        [0, 0, 0, 1, 1], [0, 1, 0, 1, 0], pos_label=0
    )


def test_warnings_are_fasteval_classes():
    view = make_view([0, 0], [0, 0])
    with pytest.warns(UndefinedMetricWarning, match="ill-defined") as record:
        derive_precision_recall_fscore_support(view, average="binary")
    assert all(not issubclass(w.category, SkUndefinedMetricWarning) for w in record)
    with pytest.warns(UserWarning, match="single label"):
        derive_matthews(view)
