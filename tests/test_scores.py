"""Score metrics (roc_auc, average_precision, pr_auc, log_loss, brier_score, top_k_accuracy,
expected_calibration_error, equal_error_rate) against scikit-learn 1.9, torchmetrics and
evaluate's documented examples.

Ranking metrics and one-shot probability metrics are compared with ``==`` (bit for bit):
the kernels replay scikit-learn's arithmetic (cumsum order, drop_intermediate corners,
numpy's pairwise summation). Streamed probability metrics sum batch by batch, so they
are compared with rtol=1e-12; the ECE streams bit for bit.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from fasteval.kernels import scores as K
from hypothesis import given, settings
from hypothesis import strategies as st

import fasteval as evaluate
from fasteval.functional import scores as F

RNG = np.random.default_rng(20240601)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def chunked(module, chunks, **inputs):
    """Feed ``inputs`` to ``module.add_batch`` cut at the ``chunks`` positions."""
    n = len(next(iter(inputs.values())))
    bounds = [0, *sorted({c % (n + 1) for c in chunks}), n]
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        if hi > lo:
            module.add_batch(**{k: v[lo:hi] for k, v in inputs.items()})
    return module


def probs(n, c, rng=RNG, decimals=None):
    p = rng.random((n, c)) + 1e-3
    if decimals is not None:
        p = np.round(p, decimals) + 10.0**-decimals
    return p / p.sum(axis=1, keepdims=True)


# -- evaluate's and scikit-learn's documented examples -------------------------------------


def test_evaluate_roc_auc_examples():
    roc_auc = evaluate.load("roc_auc")
    out = roc_auc.compute(
        references=[1, 0, 1, 1, 0, 0], prediction_scores=[0.5, 0.2, 0.99, 0.3, 0.1, 0.7]
    )
    assert round(out["roc_auc"], 2) == 0.78
    scores = [
        [0.3, 0.5, 0.2],
        [0.7, 0.2, 0.1],
        [0.005, 0.99, 0.005],
        [0.2, 0.3, 0.5],
        [0.1, 0.1, 0.8],
        [0.1, 0.7, 0.2],
    ]
    out = evaluate.load("roc_auc", "multiclass").compute(
        references=[1, 0, 1, 2, 2, 0], prediction_scores=scores, multi_class="ovr"
    )
    assert round(out["roc_auc"], 2) == 0.85
    refs = [[1, 1, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [0, 1, 1], [1, 0, 1]]
    out = evaluate.load("roc_auc", "multilabel").compute(
        references=refs, prediction_scores=scores, average=None
    )
    assert [round(v, 2) for v in out["roc_auc"]] == [0.83, 0.38, 0.94]
    np.testing.assert_array_equal(out["roc_auc"], skm.roc_auc_score(refs, scores, average=None))


def test_evaluate_brier_score_examples():
    brier = evaluate.load("brier_score")
    out = brier.compute(
        references=np.array([0, 0, 1, 1]), predictions=np.array([0.1, 0.9, 0.8, 0.3])
    )
    assert round(out["brier_score"], 4) == 0.3375
    # evaluate's page prints 0.3375 for this one; scikit-learn (which it calls) gives 0.0375
    refs, preds = np.array(["spam", "ham", "ham", "spam"]), np.array([0.1, 0.9, 0.8, 0.3])
    out = brier.compute(references=refs, predictions=preds, pos_label="ham")
    assert out["brier_score"] == skm.brier_score_loss(refs, preds, pos_label="ham")
    assert round(out["brier_score"], 4) == 0.0375


def test_sklearn_documented_examples():
    y, s = np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])
    assert F.roc_auc_score(y, s) == 0.75
    assert F.average_precision_score(y, s) == skm.average_precision_score(y, s)
    fpr, tpr, thr = F.roc_curve([1, 1, 2, 2], s, pos_label=2)
    np.testing.assert_array_equal(fpr, [0.0, 0.0, 0.5, 0.5, 1.0])
    np.testing.assert_array_equal(thr, [np.inf, 0.8, 0.4, 0.35, 0.1])
    assert F.log_loss(
        ["spam", "ham", "ham", "spam"], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]
    ) == (
        skm.log_loss(
            ["spam", "ham", "ham", "spam"], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]
        )
    )
    three = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]]
    assert F.brier_score_loss(["eggs", "ham", "spam"], three) == skm.brier_score_loss(
        ["eggs", "ham", "spam"], three
    )
    ys = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]
    assert F.top_k_accuracy_score([0, 1, 2, 2], ys, k=2) == 0.75
    assert F.top_k_accuracy_score([0, 1, 2, 2], ys, k=2, normalize=False) == 3.0


# -- the pairwise-sum kernel -----------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 8193, 100_003])
def test_pairwise_sum_is_numpy_sum(n):
    a = RNG.standard_normal(n) * 10.0 ** RNG.uniform(-8, 8, n)
    assert K.pairwise_sum(a) == np.sum(a)


# -- binary ranking metrics: bitwise against scikit-learn ------------------------------------


@st.composite
def binary_data(draw, weighted=None, min_size=2):
    n = draw(st.integers(min_size, 300))
    levels = draw(st.integers(1, 12))  # few levels: many tied scores
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    y[0], y[1] = 0, 1  # both classes
    score = rng.integers(0, levels, n) / levels if draw(st.booleans()) else rng.standard_normal(n)
    use_w = draw(st.booleans()) if weighted is None else weighted
    w = None
    if use_w:
        w = rng.random(n) * 3
        w[rng.random(n) < 0.1] = 0.0  # zero weights are dropped, as scikit-learn does
        w[0] = w[1] = 1.0
    chunks = draw(st.lists(st.integers(0, n), max_size=5))
    return y, score, w, chunks


@settings(max_examples=80)
@given(binary_data())
def test_binary_ranking_bitwise(data):
    y, s, w, _ = data
    kw = {} if w is None else {"sample_weight": w}
    assert F.roc_auc_score(y, s, **kw) == skm.roc_auc_score(y, s, **kw)
    assert F.average_precision_score(y, s, **kw) == skm.average_precision_score(y, s, **kw)
    precision, recall, _ = skm.precision_recall_curve(y, s, **kw)
    assert F.pr_auc_score(y, s, **kw) == skm.auc(recall, precision)
    for max_fpr in (0.1, 0.5, 0.99):
        assert F.roc_auc_score(y, s, max_fpr=max_fpr, **kw) == skm.roc_auc_score(
            y, s, max_fpr=max_fpr, **kw
        )
    for drop in (True, False):
        for ours, theirs in zip(
            F.roc_curve(y, s, drop_intermediate=drop, **kw),
            skm.roc_curve(y, s, drop_intermediate=drop, **kw),
        ):
            np.testing.assert_array_equal(ours, theirs)
        for ours, theirs in zip(
            F.precision_recall_curve(y, s, drop_intermediate=drop, **kw),
            skm.precision_recall_curve(y, s, drop_intermediate=drop, **kw),
        ):
            np.testing.assert_array_equal(ours, theirs)


@settings(max_examples=40)
@given(binary_data())
def test_binary_ranking_streamed(data):
    y, s, w, chunks = data
    kw = {} if w is None else {"sample_weight": w}
    for name, ref in [
        ("roc_auc", skm.roc_auc_score(y, s, **kw)),
        ("average_precision", skm.average_precision_score(y, s, **kw)),
    ]:
        module = chunked(evaluate.load(name), chunks, references=y, predictions=s, **kw)
        assert module.compute()[name] == ref
        assert evaluate.load(name).compute(references=y, predictions=s, **kw)[name] == ref


def test_binary_labels_any_two():
    y = np.array(["b", "a", "b", "a", "b"])
    s = np.array([0.9, 0.1, 0.4, 0.6, 0.5])
    assert F.roc_auc_score(y, s) == skm.roc_auc_score(y, s)
    assert F.average_precision_score(y, s, pos_label="a") == skm.average_precision_score(
        y, s, pos_label="a"
    )
    yb = np.array([True, False, True, False, True])
    assert F.roc_auc_score(yb, s) == skm.roc_auc_score(yb, s)
    y2 = np.array([3, 7, 7, 3, 7])
    assert F.roc_auc_score(y2, s) == skm.roc_auc_score(y2, s)


def test_single_class_warns_nan():
    from fasteval.functional import UndefinedMetricWarning

    with pytest.warns(UndefinedMetricWarning, match="Only one class"):
        assert np.isnan(F.roc_auc_score([1, 1, 1], [0.2, 0.4, 0.9]))
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(
            evaluate.load("roc_auc").compute(references=[0, 0], predictions=[0.1, 0.2])["roc_auc"]
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(skm.roc_auc_score([1, 1, 1], [0.2, 0.4, 0.9]))


def test_large_binary_bitwise():
    n = 300_000
    y = RNG.integers(0, 2, n)
    s = np.clip(RNG.normal(0.3 + 0.4 * y, 0.2), 0, 1)
    w = RNG.random(n)
    assert F.roc_auc_score(y, s) == skm.roc_auc_score(y, s)
    assert F.average_precision_score(y, s) == skm.average_precision_score(y, s)
    assert F.roc_auc_score(y, s, sample_weight=w) == skm.roc_auc_score(y, s, sample_weight=w)
    assert F.average_precision_score(y, s, sample_weight=w) == skm.average_precision_score(
        y, s, sample_weight=w
    )


# -- multiclass and multilabel ------------------------------------------------------------


@pytest.mark.parametrize("decimals", [None, 1])
@pytest.mark.parametrize(
    "multi_class,average,weighted",
    [
        ("ovr", "macro", False),
        ("ovr", "weighted", False),
        ("ovr", "micro", False),
        ("ovr", None, False),
        ("ovr", "macro", True),
        ("ovr", "weighted", True),
        ("ovr", "micro", True),
        ("ovo", "macro", False),
        ("ovo", "weighted", False),
    ],
)
def test_multiclass_roc_auc(multi_class, average, weighted, decimals):
    n, c = 500, 4
    y = RNG.integers(0, c, n)
    p = probs(n, c, decimals=decimals)
    kw = {"sample_weight": RNG.random(n)} if weighted else {}
    ours = F.roc_auc_score(y, p, multi_class=multi_class, average=average, **kw)
    theirs = skm.roc_auc_score(y, p, multi_class=multi_class, average=average, **kw)
    np.testing.assert_array_equal(ours, theirs)
    module = chunked(
        evaluate.load("roc_auc", "multiclass"), [100, 333], references=y, prediction_scores=p, **kw
    )
    np.testing.assert_array_equal(
        module.compute(multi_class=multi_class, average=average)["roc_auc"], theirs
    )


def test_multiclass_labels_and_strings():
    y = np.array(["b", "c", "a", "c", "b", "a", "a"])
    p = probs(len(y), 3)
    assert F.roc_auc_score(y, p, multi_class="ovr") == skm.roc_auc_score(y, p, multi_class="ovr")
    # labels= covers a class absent from y_true
    y2 = np.array([0, 1, 0, 1, 1, 0])
    p2 = probs(len(y2), 3)
    for average in ("weighted", None):  # macro: NaN for the absent class, as scikit-learn
        np.testing.assert_array_equal(
            F.roc_auc_score(y2, p2, multi_class="ovr", labels=[0, 1, 2], average=average),
            skm.roc_auc_score(y2, p2, multi_class="ovr", labels=[0, 1, 2], average=average),
        )


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", "samples", None])
@pytest.mark.parametrize("weighted", [False, True])
def test_multilabel(average, weighted):
    n, c = 300, 4
    y = (RNG.random((n, c)) < 0.4).astype(int)
    y[0], y[1] = 0, 1
    s = np.round(RNG.random((n, c)), 1)
    kw = {"sample_weight": RNG.random(n)} if weighted else {}
    for ours_fn, theirs_fn in [
        (F.roc_auc_score, skm.roc_auc_score),
        (F.average_precision_score, skm.average_precision_score),
    ]:
        np.testing.assert_array_equal(
            ours_fn(y, s, average=average, **kw), theirs_fn(y, s, average=average, **kw)
        )
    np.testing.assert_array_equal(
        F.roc_auc_score(y, s, average=average, max_fpr=0.4, **kw),
        skm.roc_auc_score(y, s, average=average, max_fpr=0.4, **kw),
    )
    module = chunked(
        evaluate.load("average_precision", "multilabel"),
        [50, 51, 200],
        references=y,
        predictions=s,
        **kw,
    )
    np.testing.assert_array_equal(
        module.compute(average=average)["average_precision"],
        skm.average_precision_score(y, s, average=average, **kw),
    )


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", None])
def test_multiclass_average_precision_and_pr_auc(average):
    n, c = 400, 3
    y = RNG.integers(0, c, n)
    p = probs(n, c, decimals=1)
    np.testing.assert_array_equal(
        F.average_precision_score(y, p, average=average),
        skm.average_precision_score(y, p, average=average),
    )
    onehot = np.eye(c, dtype=int)[y]
    expected = []
    for k in range(c):
        precision, recall, _ = skm.precision_recall_curve(onehot[:, k], p[:, k])
        expected.append(skm.auc(recall, precision))
    if average is None:
        np.testing.assert_array_equal(F.pr_auc_score(y, p, average=None), expected)
    elif average == "macro":
        assert F.pr_auc_score(y, p) == np.average(expected)


# -- probability metrics ------------------------------------------------------------------


@st.composite
def proba_data(draw, binary=None):
    c = 2 if binary else draw(st.sampled_from([2, 3, 5, 9]))
    n = draw(st.integers(c + 1, 200))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    y = rng.integers(0, c, n)
    y[:c] = np.arange(c)  # every class present
    one_d = c == 2 and (binary or draw(st.booleans()))
    if one_d:
        p = rng.random(n)
        p[rng.random(n) < 0.1] = 0.0
        p[rng.random(n) < 0.1] = 1.0
    else:
        p = probs(n, c, rng, decimals=draw(st.sampled_from([None, 1])))
    w = rng.random(n) * 2 + 0.01 if draw(st.booleans()) else None
    chunks = draw(st.lists(st.integers(0, n), max_size=4))
    return y, p, w, chunks


@settings(max_examples=60)
@given(proba_data())
def test_log_loss_and_brier(data):
    y, p, w, chunks = data
    kw = {} if w is None else {"sample_weight": w}
    assert F.log_loss(y, p, **kw) == skm.log_loss(y, p, **kw)
    assert F.brier_score_loss(y, p, **kw) == skm.brier_score_loss(y, p, **kw)
    for scale in (True, False):
        assert F.brier_score_loss(y, p, scale_by_half=scale, **kw) == skm.brier_score_loss(
            y, p, scale_by_half=scale, **kw
        )
    total = F.log_loss(y, p, normalize=False, **kw)
    assert total == pytest.approx(skm.log_loss(y, p, normalize=False, **kw), rel=1e-13)
    # one-shot modules: bit for bit; streamed: summed per batch
    for name, ref in [
        ("log_loss", skm.log_loss(y, p, **kw)),
        ("brier_score", skm.brier_score_loss(y, p, **kw)),
    ]:
        assert evaluate.load(name).compute(references=y, predictions=p, **kw)[name] == ref
        streamed = chunked(
            evaluate.load(name), chunks, references=y, predictions=p, **kw
        ).compute()[name]
        assert streamed == pytest.approx(ref, rel=1e-12, abs=1e-300)


def test_probability_streams_large_batches():
    n, c = 200_000, 4
    y = RNG.integers(0, c, n)
    p = probs(n, c)
    w = RNG.random(n)
    ll = evaluate.load("log_loss")
    for lo in range(0, n, 70_000):
        ll.add_batch(
            references=y[lo : lo + 70_000],
            predictions=p[lo : lo + 70_000],
            sample_weight=w[lo : lo + 70_000],
        )
    assert ll.compute()["log_loss"] == pytest.approx(skm.log_loss(y, p, sample_weight=w), rel=1e-13)


def test_log_loss_labels_and_clipping():
    y = [0, 1, 1]
    p = [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.0, 1.0, 0.0]]
    assert F.log_loss(y, p, labels=[0, 1, 2]) == skm.log_loss(y, p, labels=[0, 1, 2])
    module = evaluate.load("log_loss", labels=[0, 1, 2])
    module.add_batch(references=y[:1], predictions=p[:1])
    module.add_batch(references=y[1:], predictions=p[1:])
    assert module.compute()["log_loss"] == skm.log_loss(y, p, labels=[0, 1, 2])
    with pytest.raises(ValueError, match="classes"):
        F.log_loss(y, p)
    assert F.log_loss([0, 1], [0.0, 1.0]) == skm.log_loss([0, 1], [0.0, 1.0])
    assert F.log_loss([1, 0], [0.0, 1.0]) == skm.log_loss([1, 0], [0.0, 1.0])
    assert F.log_loss(["a", "b", "a"], [0.2, 0.7, 0.4]) == skm.log_loss(
        ["a", "b", "a"], [0.2, 0.7, 0.4]
    )


def test_brier_pos_label_rules():
    p = np.array([0.2, 0.7, 0.9, 0.4])
    for y in ([1, 2, 2, 1], [-1, 1, 1, -1], [0, 0, 0, 0], [2, 2, 2, 2]):
        assert F.brier_score_loss(y, p) == skm.brier_score_loss(y, p)
    assert F.brier_score_loss([0, 1, 1, 0], p, pos_label=0) == skm.brier_score_loss(
        [0, 1, 1, 0], p, pos_label=0
    )
    with pytest.raises(ValueError, match="pos_label"):
        F.brier_score_loss(["a", "b", "b", "a"], p)
    module = evaluate.load("brier_score", pos_label=None)
    assert module.compute(references=[1, 2, 2, 1], predictions=p)[
        "brier_score"
    ] == skm.brier_score_loss([1, 2, 2, 1], p)


@settings(max_examples=60)
@given(proba_data(), st.integers(1, 4))
def test_top_k_accuracy(data, k):
    y, p, w, chunks = data
    p = np.round(p, 1)  # ties
    kw = {} if w is None else {"sample_weight": w}
    if p.ndim == 2 and p.shape[1] == 2:  # binary labels, two columns: refused by both
        with pytest.raises(ValueError, match="binary"):
            skm.top_k_accuracy_score(y, p, k=k)
        with pytest.raises(ValueError, match="binary"):
            F.top_k_accuracy_score(y, p, k=k)
        return
    for normalize in (True, False):
        ours = F.top_k_accuracy_score(y, p, k=k, normalize=normalize, **kw)
        theirs = skm.top_k_accuracy_score(y, p, k=k, normalize=normalize, **kw)
        if normalize or w is None:
            assert ours == theirs
        else:  # scikit-learn: a BLAS dot product
            assert ours == pytest.approx(theirs, rel=1e-13)
    ref = skm.top_k_accuracy_score(y, p, k=k, **kw)
    module = chunked(
        evaluate.load("top_k_accuracy", k=k), chunks, references=y, predictions=p, **kw
    )
    assert module.compute()["top_k_accuracy"] == pytest.approx(ref, rel=1e-12)
    assert (
        evaluate.load("top_k_accuracy").compute(references=y, predictions=p, k=k, **kw)[
            "top_k_accuracy"
        ]
        == ref
    )


def test_top_k_binary_threshold_streams():
    y = np.array([0, 1, 1, 0, 1])
    s = np.array([-0.5, 0.2, 2.0, 0.1, -0.1])  # outside [0, 1]: threshold 0
    module = chunked(evaluate.load("top_k_accuracy", k=1), [2], references=y, predictions=s)
    assert module.compute()["top_k_accuracy"] == skm.top_k_accuracy_score(y, s, k=1)
    s01 = np.array([0.4, 0.2, 0.9, 0.1, 0.6])
    module = chunked(evaluate.load("top_k_accuracy", k=1), [3], references=y, predictions=s01)
    assert module.compute()["top_k_accuracy"] == skm.top_k_accuracy_score(y, s01, k=1)


def test_top_k_labels():
    y = [0, 1, 0]
    p = probs(3, 4)
    assert F.top_k_accuracy_score(y, p, k=2, labels=[0, 1, 2, 3]) == skm.top_k_accuracy_score(
        y, p, k=2, labels=[0, 1, 2, 3]
    )
    with pytest.raises(ValueError, match="ordered"):
        F.top_k_accuracy_score(y, p, labels=[1, 0, 2, 3])


# -- expected calibration error ----------------------------------------------------------------


def ece_reference(conf, correct, n_bins, weights=None):
    """A plain numpy ECE: bins [k/B, (k+1)/B), the last closed."""
    edges = np.linspace(0, 1, n_bins + 1)
    b = np.clip(np.searchsorted(edges, conf, side="right") - 1, 0, n_bins - 1)
    w = np.ones(len(conf)) if weights is None else weights
    total = 0.0
    for k in range(n_bins):
        m = b == k
        if w[m].sum() > 0:
            acc = (w[m] * correct[m]).sum() / w[m].sum()
            cf = (w[m] * conf[m]).sum() / w[m].sum()
            total += abs(acc - cf) * w[m].sum() / w.sum()
    return total


@settings(max_examples=50)
@given(proba_data(), st.integers(1, 20))
def test_ece_against_reference(data, n_bins):
    y, p, w, chunks = data
    kw = {} if w is None else {"sample_weight": w}
    if p.ndim == 1:
        conf, correct = p, y == 1
    else:
        conf, correct = p.max(axis=1), p.argmax(axis=1) == y
    expected = ece_reference(conf, correct, n_bins, w)
    ours = F.expected_calibration_error(y, p, n_bins=n_bins, pos_label=1, **kw)
    assert ours == pytest.approx(expected, rel=1e-9, abs=1e-12)
    one_shot = evaluate.load("ece", n_bins=n_bins).compute(references=y, predictions=p, **kw)
    streamed = chunked(
        evaluate.load("ece", n_bins=n_bins), chunks, references=y, predictions=p, **kw
    ).compute()
    assert one_shot == streamed  # per-bin sums in row order: bit for bit
    assert one_shot["expected_calibration_error"] == ours


@pytest.mark.parametrize("n_bins", [5, 15])
def test_ece_against_torchmetrics(n_bins):
    torch = pytest.importorskip("torch")
    pytest.importorskip("torchmetrics")
    from torchmetrics.functional.classification import (
        binary_calibration_error,
        multiclass_calibration_error,
    )

    n = 2000
    p = RNG.random(n) * 0.999
    y = (RNG.random(n) < p).astype(int)
    tm = binary_calibration_error(torch.tensor(p), torch.tensor(y), n_bins=n_bins).item()
    assert F.expected_calibration_error(y, p, n_bins=n_bins) == pytest.approx(tm, rel=1e-9)
    P = probs(n, 4) * 0.999
    yc = RNG.integers(0, 4, n)
    tm = multiclass_calibration_error(
        torch.tensor(P), torch.tensor(yc), num_classes=4, n_bins=n_bins
    ).item()
    # torchmetrics' multiclass path computes its confidences in float32
    assert F.expected_calibration_error(yc, P, n_bins=n_bins) == pytest.approx(tm, rel=1e-5)


def test_ece_reliability_table():
    ece, table = F.expected_calibration_error(
        [0, 1, 1, 0, 1], [0.1, 0.9, 0.55, 0.45, 1.0], n_bins=2, return_reliability=True
    )
    np.testing.assert_array_equal(table["count"], [2.0, 3.0])
    np.testing.assert_allclose(table["mean_confidence"], [0.275, (0.9 + 0.55 + 1.0) / 3])
    np.testing.assert_array_equal(table["accuracy"], [0.0, 1.0])
    assert ece == pytest.approx(2 / 5 * 0.275 + 3 / 5 * (1 - 2.45 / 3))
    out = evaluate.load("expected_calibration_error", n_bins=4).compute(
        references=[0, 1], predictions=[0.1, 0.9], return_reliability=True
    )
    assert np.isnan(out["reliability"]["accuracy"][1])


# -- equal error rate ------------------------------------------------------------------------


@settings(max_examples=50)
@given(binary_data())
def test_equal_error_rate_against_brentq(data):
    from scipy.interpolate import interp1d
    from scipy.optimize import brentq

    y, s, w, chunks = data
    kw = {} if w is None else {"sample_weight": w}
    fpr, tpr, _ = skm.roc_curve(y, s, drop_intermediate=False, **kw)
    expected = brentq(lambda x: 1.0 - x - interp1d(fpr, tpr)(x), 0.0, 1.0, xtol=1e-14)
    assert F.equal_error_rate(y, s, **kw) == pytest.approx(expected, abs=1e-9)
    module = chunked(evaluate.load("eer"), chunks, references=y, predictions=s, **kw)
    assert module.compute()["equal_error_rate"] == F.equal_error_rate(y, s, **kw)


def test_equal_error_rate_threshold():
    eer, thr = F.equal_error_rate(
        [0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.3, 0.8, 0.9], return_threshold=True
    )
    assert (eer, thr) == (1 / 3, 0.7)
    assert F.equal_error_rate([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8]) == 0.0
    assert F.equal_error_rate([1, 0, 1, 0], [0.1, 0.9, 0.2, 0.8]) == 1.0


# -- bad input: clear errors, state unchanged ------------------------------------------------------


def test_probabilities_outside_unit_interval():
    with pytest.raises(ValueError, match="y_proba.*greater than 1"):
        F.log_loss([0, 1], [0.2, 1.2])
    with pytest.raises(ValueError, match="y_proba.*lower than 0"):
        F.brier_score_loss([0, 1], [-0.1, 0.5])
    module = evaluate.load("brier_score")
    module.add_batch(references=[0, 1], predictions=[0.2, 0.9])
    with pytest.raises(ValueError, match="predictions.*greater than 1"):
        module.add_batch(references=[0, 1], predictions=[0.2, 1.5])
    assert module.compute()["brier_score"] == skm.brier_score_loss([0, 1], [0.2, 0.9])


def test_multiclass_rows_must_sum_to_one():
    p = np.array([[0.5, 0.6, 0.1], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])
    with pytest.raises(ValueError, match="y_score.*sum to 1.*row 0"):
        F.roc_auc_score([0, 1, 2], p, multi_class="ovr")
    module = evaluate.load("roc_auc", "multiclass")
    with pytest.raises(ValueError, match="prediction_scores.*sum to 1"):
        module.compute(references=[0, 1, 2], prediction_scores=p, multi_class="ovr")
    with pytest.raises(ValueError, match="multi_class"):
        F.roc_auc_score([0, 1, 2], probs(3, 3))


def test_ragged_and_nan_scores():
    with pytest.raises(ValueError, match="prediction_scores.*same number"):
        evaluate.load("roc_auc", "multiclass").add_batch(
            references=[0, 1], prediction_scores=[[0.5, 0.5], [1.0]]
        )
    with pytest.raises(ValueError, match="prediction_scores.*nan.*row 1"):
        evaluate.load("roc_auc").add_batch(references=[0, 1], predictions=[0.5, float("nan")])
    with pytest.raises(ValueError, match="y_score.*inf"):
        F.roc_auc_score([0, 1], [0.5, np.inf])
    with pytest.raises(ValueError, match="same number of rows"):
        F.roc_auc_score([0, 1, 1], [0.5, 0.2])
    with pytest.raises(TypeError, match="numeric"):
        F.roc_auc_score([0, 1], ["a", "b"])
    module = evaluate.load("roc_auc")
    module.add_batch(references=[0, 1], predictions=[0.2, 0.9])
    with pytest.raises(ValueError, match="same shape of scores"):
        module.add_batch(references=[0, 1], predictions=[[0.2, 0.8], [0.4, 0.6]])
    assert module.compute()["roc_auc"] == 1.0


def test_streaming_label_rules():
    module = evaluate.load("log_loss")
    with pytest.raises(ValueError, match="column indices 0..2"):
        module.add_batch(references=[0, 5], predictions=probs(2, 3))
    with pytest.raises(ValueError, match="labels="):
        module.add_batch(references=["a", "b"], predictions=probs(2, 3))
    module.add_batch(references=[0, 1], predictions=probs(2, 3))
    with pytest.raises(ValueError, match="no row of class 2"):
        module.compute()
    # the refused compute kept the rows: labels= is fixed at load time
    with pytest.raises(ValueError, match="load-time options"):
        module.compute(labels=[0, 1, 2])
    module.add_batch(references=[2], predictions=probs(1, 3))
    assert module.compute()["log_loss"] > 0
    # one-shot: scikit-learn's rules (sorted classes of the references)
    y, p = ["c", "a", "b", "a"], probs(4, 3)
    assert evaluate.load("log_loss").compute(references=y, predictions=p)[
        "log_loss"
    ] == skm.log_loss(y, p)


def test_fold_options_fixed_while_streaming():
    module = evaluate.load("top_k_accuracy", k=2)
    y, p = [0, 1, 2, 2], probs(4, 3)
    module.add_batch(references=y, predictions=p)
    with pytest.raises(ValueError, match="k=1"):
        module.compute(k=1)
    expected = skm.top_k_accuracy_score(y, p, k=2, normalize=False)
    assert module.compute(normalize=False)["top_k_accuracy"] == expected
    ece = evaluate.load("ece", n_bins=5)
    ece.add_batch(references=[0, 1], predictions=[0.2, 0.8])
    with pytest.raises(ValueError, match="n_bins"):
        ece.compute(n_bins=10)


# -- input kinds, combine, API --------------------------------------------------------------------


def test_input_kinds():
    torch = pytest.importorskip("torch")
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    y = np.array([0, 1, 2, 1, 0, 2])
    p = probs(6, 3)
    expected = skm.roc_auc_score(y, p, multi_class="ovr")
    for refs, scores in [
        (torch.tensor(y), torch.tensor(p)),
        (pa.array(y), pa.array(list(p), type=pa.list_(pa.float64()))),
        (pa.array(y), pa.FixedSizeListArray.from_arrays(pa.array(p.ravel()), 3)),
        (pl.Series(y), pl.Series(list(p))),
        (y.tolist(), p.tolist()),
    ]:
        module = evaluate.load("roc_auc", "multiclass")
        assert (
            module.compute(references=refs, prediction_scores=scores, multi_class="ovr")["roc_auc"]
            == expected
        )
    yb, sb = np.array([0, 1, 1, 0]), np.array([0.1, 0.8, 0.3, 0.4], dtype=np.float32)
    assert F.roc_auc_score(yb, sb) == skm.roc_auc_score(yb, sb)
    # probabilities are taken as float64; scikit-learn keeps float32 (and its eps) for float32
    assert F.log_loss(yb, torch.tensor(sb)) == skm.log_loss(yb, sb.astype(np.float64))
    assert F.log_loss(yb, torch.tensor(sb)) == pytest.approx(skm.log_loss(yb, sb), rel=1e-6)


def test_combine_and_add():
    combo = evaluate.combine(["roc_auc", "average_precision", "log_loss", "brier_score"])
    y, s = [0, 1, 1, 0, 1], [0.2, 0.7, 0.6, 0.4, 0.9]
    out = combo.compute(references=y, predictions=s)
    assert out == {
        "roc_auc": skm.roc_auc_score(y, s),
        "average_precision": skm.average_precision_score(y, s),
        "log_loss": skm.log_loss(y, s),
        "brier_score": skm.brier_score_loss(y, s),
    }
    module = evaluate.load("roc_auc")
    for yi, si in zip(y, s):
        module.add(reference=yi, prediction_scores=si)
    assert module.compute() == {"roc_auc": skm.roc_auc_score(y, s)}
    with pytest.raises(TypeError, match="once"):
        module.add_batch(references=y, predictions=s, prediction_scores=list(s))


def test_merge_states():
    y = RNG.integers(0, 2, 100)
    s = RNG.random(100)
    a, b = evaluate.load("roc_auc"), evaluate.load("roc_auc")
    a.add_batch(references=y[:40], predictions=s[:40])
    b.add_batch(references=y[40:], predictions=s[40:])
    assert a.merge(b).compute()["roc_auc"] == skm.roc_auc_score(y, s)
    c, d = evaluate.load("ece"), evaluate.load("ece")
    c.add_batch(references=y[:40], predictions=s[:40])
    d.add_batch(references=y[40:], predictions=s[40:])
    # merging adds two sets of per-bin totals: equal to rounding, not bit for bit
    merged = c.merge(d).compute()["expected_calibration_error"]
    one_shot = evaluate.load("ece").compute(references=y, predictions=s)
    assert merged == pytest.approx(one_shot["expected_calibration_error"], rel=1e-13)


def test_registry_names():
    names = evaluate.list_evaluation_modules()
    for name in [
        "roc_auc",
        "average_precision",
        "pr_auc",
        "log_loss",
        "brier_score",
        "top_k_accuracy",
        "expected_calibration_error",
        "equal_error_rate",
    ]:
        assert name in names
    assert evaluate.load("ece").name == "expected_calibration_error"
    assert "prediction_scores" in evaluate.load("roc_auc").input_names


@pytest.mark.parametrize(
    "name",
    [
        "roc_auc",
        "average_precision",
        "pr_auc",
        "log_loss",
        "brier_score",
        "top_k_accuracy",
        "expected_calibration_error",
        "equal_error_rate",
    ],
)
def test_inputs_description_examples(name):
    import doctest

    module = evaluate.load(name)
    test = doctest.DocTestParser().get_doctest(module.inputs_description, {}, name, None, 0)
    assert len(test.examples) >= 2
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
