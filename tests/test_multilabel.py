"""Multilabel classification: the "multilabel" config of the classification modules and
the functional layer on indicator matrices, against scikit-learn.

Every module and every option: one-shot compute, the same rows streamed through
add_batch in random chunks (with the options given at load time) and the functional
layer all equal scikit-learn (bitwise, except 'samples' averages: ~1e-16), raise
when it raises, and keep their state when they raise. The counting runs through each
of its paths (numpy for small batches, the Numba kernel with a dense histogram, the
kernel with per-row codes).
"""

from __future__ import annotations

import doctest
import math
import warnings
from contextlib import contextmanager
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm
from sklearn.metrics._classification import _check_set_wise_labels
from sklearn.utils.extmath import _nanaverage

import fasteval as evaluate
import fasteval._multilabel as ml
import fasteval.functional as F
from fasteval._multilabel import MultilabelCounts
from fasteval.functional.multilabel import count_indicators

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # sklearn's and ours, by design

# --------------------------------------------------------------------------
# references
# --------------------------------------------------------------------------


def _zd(zero_division):
    if isinstance(zero_division, float) and math.isnan(zero_division):
        return np.nan
    return 0.0 if zero_division == "warn" else float(zero_division)


def sk_specificity(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """TN / (TN + FP) from scikit-learn's (sample-wise) multilabel confusion matrices."""
    labels = _check_set_wise_labels(y_true, y_pred, average, labels, pos_label)
    samplewise = average == "samples"
    mcm = skm.multilabel_confusion_matrix(
        y_true, y_pred, sample_weight=sample_weight, labels=labels, samplewise=samplewise
    )
    tn, fp = mcm[:, 0, 0], mcm[:, 0, 1]
    support = mcm[:, 1, 0] + mcm[:, 1, 1]
    if average == "micro":
        tn, fp = np.array([tn.sum()]), np.array([fp.sum()])
    denom = tn + fp
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(denom == 0, _zd(zero_division), tn / np.where(denom == 0, 1, denom))
    if average is None:
        return score
    weights = support if average == "weighted" else None
    if samplewise:
        weights = sample_weight
    return float(_nanaverage(score, weights=weights))


def sk_matthews(y_true, y_pred, *, average=None, sample_weight=None):
    """evaluate's multilabel matthews_correlation: sklearn's MCC column by column."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if average == "micro":
        w = None if sample_weight is None else np.repeat(sample_weight, y_true.shape[1])
        return skm.matthews_corrcoef(y_true.ravel(), y_pred.ravel(), sample_weight=w)
    if average not in (None, "macro"):
        raise ValueError("average")
    per_label = [
        skm.matthews_corrcoef(y_true[:, j], y_pred[:, j], sample_weight=sample_weight)
        for j in range(y_true.shape[1])
    ]
    return np.array(per_label) if average is None else float(np.mean(per_label))


def _fbeta(y_true, y_pred, beta=1.0, **kw):
    return skm.fbeta_score(y_true, y_pred, beta=beta, **kw)


AVERAGES = ["binary", "micro", "macro", "weighted", "samples", None]
ZERO_DIVISION = ["warn", 0, 1, np.nan]
# name -> (sklearn reference, functional function or None, option -> values, takes labels)
REFERENCES = {
    "accuracy": (skm.accuracy_score, F.accuracy_score, {"normalize": [True, False]}, False),
    "hamming_loss": (skm.hamming_loss, F.hamming_loss, {}, False),
    "precision": (
        skm.precision_score,
        F.precision_score,
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        True,
    ),
    "recall": (
        skm.recall_score,
        F.recall_score,
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        True,
    ),
    "f1": (
        skm.f1_score,
        F.f1_score,
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        True,
    ),
    "fbeta": (
        _fbeta,
        lambda yt, yp, beta=1.0, **kw: F.fbeta_score(yt, yp, beta=beta, **kw),
        {"average": AVERAGES, "zero_division": ZERO_DIVISION, "beta": [0.0, 0.5, 2.0, np.inf]},
        True,
    ),
    "jaccard": (
        skm.jaccard_score,
        F.jaccard_score,
        {"average": AVERAGES, "zero_division": ["warn", 0, 1]},
        True,
    ),
    "specificity": (
        sk_specificity,
        F.specificity_score,
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        True,
    ),
    "confusion_matrix": (
        skm.multilabel_confusion_matrix,
        F.multilabel_confusion_matrix,
        {},
        True,
    ),
    "matthews_correlation": (
        sk_matthews,
        None,
        {"average": [None, "macro", "micro", "weighted"]},
        False,
    ),
}
KEY = {name: name for name in REFERENCES}


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


@contextmanager
def counting_path(path: str):
    """Force one counting path: numpy (small batches), the kernel with a dense
    histogram of per-row triples, or the kernel writing one code per row."""
    if path == "default":
        yield
        return
    with mock.patch.object(ml, "NUMPY_CELLS", 0):
        if path == "kernel-dense":
            with mock.patch.object(ml, "DENSE_HIST", 1 << 30):
                yield
        else:
            with mock.patch.object(ml, "DENSE_HIST", 0):
                yield


# --------------------------------------------------------------------------
# strategies
# --------------------------------------------------------------------------

DYADIC = [0.0, 0.125, 0.5, 1.0, 2.5, 7.25]


def _as_kind(matrix: np.ndarray, kind: str):
    if kind == "list":
        return matrix.tolist()
    return matrix.astype(
        {"int64": np.int64, "uint8": np.uint8, "bool": bool, "float32": np.float32}[kind]
    )


@st.composite
def cases(draw, name):
    _, _, options_space, takes_labels = REFERENCES[name]
    n = draw(st.integers(1, 30))
    k = draw(st.integers(2, 6))
    level = draw(st.sampled_from([1, 4, 8]))  # label density, in tenths
    digits = st.lists(st.integers(0, 9), min_size=n * k, max_size=n * k)
    y_true = (np.array(draw(digits)) < level).reshape(n, k).astype(np.int64)
    if draw(st.booleans()):  # predictions close to the references
        flips = (np.array(draw(digits)) < 2).reshape(n, k)
        y_pred = np.where(flips, 1 - y_true, y_true)
    else:
        y_pred = (np.array(draw(digits)) < level).reshape(n, k).astype(np.int64)
    # dyadic weights: every sum is exact in any order, so results must be bitwise equal
    weights = draw(st.none() | st.lists(st.sampled_from(DYADIC), min_size=n, max_size=n))
    options = {opt: draw(st.sampled_from(values)) for opt, values in options_space.items()}
    if takes_labels and draw(st.booleans()):
        options["labels"] = draw(st.lists(st.integers(0, k), min_size=0, max_size=k + 1))
    if "average" in options_space and "zero_division" in options_space and draw(st.booleans()):
        options["pos_label"] = draw(st.sampled_from([1, 0, 2]))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    kinds = (
        draw(st.sampled_from(["list", "int64", "uint8", "bool", "float32"])),
        draw(st.sampled_from(["int64", "uint8", "bool"])),
    )
    return y_true, y_pred, weights, options, cuts, kinds


def check_against_sklearn(name: str, case, path: str = "default") -> None:
    sklearn_fn, functional, _, _ = REFERENCES[name]
    y_true, y_pred, weights, options, cuts, (kind_t, kind_p) = case
    exact = options.get("average") != "samples"
    kw = dict(options)
    if weights is not None:
        kw["sample_weight"] = weights
    expected, expected_err = run(lambda: sklearn_fn(y_true, y_pred, **kw))
    refs, preds = _as_kind(y_true, kind_t), _as_kind(y_pred, kind_p)

    with counting_path(path):
        module = evaluate.load(name, config_name="multilabel")
        one_shot, err = run(lambda: module.compute(predictions=preds, references=refs, **kw))
        if expected_err is not None:
            assert err is not None, (
                f"sklearn raised {expected_err.__name__}, fasteval gave {one_shot}"
            )
            assert module._acc.stored == 0
            if functional is not None:
                assert run(lambda: functional(refs, preds, **kw))[1] is not None
            return
        assert err is None, f"fasteval raised {err.__name__}, sklearn returned {expected}"
        assert same(one_shot[KEY[name]], expected, exact), (one_shot, expected)
        if name == "confusion_matrix":
            assert one_shot[KEY[name]].dtype == expected.dtype

        # the functional layer, as sklearn
        if functional is not None:
            got, err = run(lambda: functional(refs, preds, **kw))
            assert err is None and same(got, expected, exact), (got, expected)

        # streamed in random chunks, with the options given at load time
        streamed_module = evaluate.load(name, config_name="multilabel", **options)
        bounds = [0, *cuts, len(y_true)]
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            if hi > lo:
                batch_w = None if weights is None else weights[lo:hi]
                streamed_module.add_batch(
                    predictions=preds[lo:hi], references=refs[lo:hi], sample_weight=batch_w
                )
        streamed, err = run(lambda: streamed_module.compute())
        assert err is None, err
        assert same(streamed[KEY[name]], expected, exact), (streamed, expected)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_module_and_functional_equal_sklearn(name):
    given(case=cases(name))(lambda case: check_against_sklearn(name, case))()


@pytest.mark.parametrize("path", ["numpy", "kernel-dense", "kernel-codes"])
@pytest.mark.parametrize(
    "name",
    [
        "f1",
        "fbeta",
        "jaccard",
        "specificity",
        "accuracy",
        "hamming_loss",
        "matthews_correlation",
        "confusion_matrix",
    ],
)
def test_every_counting_path_equals_sklearn(name, path):
    if path == "numpy":  # numpy counts only unweighted batches: drop the weights
        strategy = cases(name).map(lambda c: (c[0], c[1], None, *c[3:]))
    else:
        strategy = cases(name)
    settings(max_examples=25)(
        given(case=strategy)(lambda case: check_against_sklearn(name, case, path))
    )()


# --------------------------------------------------------------------------
# larger data: the kernels, many rows and labels, streaming, merging
# --------------------------------------------------------------------------


def _random_matrices(n, k, seed, p=0.3, p_pred=None):
    """Indicator matrices of density ``p``; predictions independent of density ``p_pred``
    if given, else the references with 20% of the cells flipped."""
    rng = np.random.default_rng(seed)
    y_true = (rng.random((n, k)) < p).astype(np.int64)
    if p_pred is not None:
        return y_true, (rng.random((n, k)) < p_pred).astype(np.int64)
    flip = rng.random((n, k)) < 0.2
    return y_true, np.where(flip, 1 - y_true, y_true)


@pytest.mark.parametrize("k, p_true, p_pred", [(3, 0.3, 0.3), (40, 0.1, 0.9), (45, 0.5, 0.05)])
def test_large_streamed_equals_sklearn_bitwise(k, p_true, p_pred):
    # independent predictions, predicted (or true) sums far above the true positives:
    # scikit-learn's rebuilt sums tp + (pred - tp) then round differently from pred
    y_true, y_pred = _random_matrices(30_000, k, seed=0, p=p_true, p_pred=p_pred)
    weights = np.random.default_rng(1).random(30_000)  # arbitrary floats: one shot is bitwise
    if k > 3:  # the data must exercise that rounding, or this test proves little
        view = count_indicators(y_true, y_pred, weights)
        rebuilt = view.tp + (view.pred - view.tp), view.tp + (view.true - view.tp)
        assert np.any(rebuilt[0] != view.pred) or np.any(rebuilt[1] != view.true)
    f1 = evaluate.load("f1", "multilabel")
    for avg in ["micro", "macro", "weighted", None]:
        got = f1.compute(predictions=y_pred, references=y_true, average=avg, sample_weight=weights)
        assert same(
            got["f1"], skm.f1_score(y_true, y_pred, average=avg, sample_weight=weights), True
        )
        for fn in (F.precision_recall_fscore_support, F.jaccard_score):
            got = fn(y_true, y_pred, average=avg, sample_weight=weights)
            expected = getattr(skm, fn.__name__)(y_true, y_pred, average=avg, sample_weight=weights)
            assert all(
                same(a, b, True)
                for a, b in zip(np.atleast_1d(got), np.atleast_1d(expected))
                if a is not None
            )
    for w in (None, weights):
        got = f1.compute(predictions=y_pred, references=y_true, average="samples", sample_weight=w)
        assert same(
            got["f1"], skm.f1_score(y_true, y_pred, average="samples", sample_weight=w), False
        )
        assert F.hamming_loss(y_true, y_pred, sample_weight=w) == skm.hamming_loss(
            y_true, y_pred, sample_weight=w
        )
        assert F.accuracy_score(y_true, y_pred, sample_weight=w) == skm.accuracy_score(
            y_true, y_pred, sample_weight=w
        )
        np.testing.assert_array_equal(
            F.multilabel_confusion_matrix(y_true, y_pred, sample_weight=w),
            skm.multilabel_confusion_matrix(y_true, y_pred, sample_weight=w),
        )
    # streamed in uneven batches, unweighted: all integer counts, bitwise
    clf = evaluate.combine(
        [evaluate.load(n, "multilabel") for n in ("f1", "jaccard", "accuracy", "hamming_loss")]
    )
    for lo in range(0, 30_000, 7_001):
        clf.add_batch(predictions=y_pred[lo : lo + 7_001], references=y_true[lo : lo + 7_001])
    out = clf.compute(average="macro")
    assert out["f1"] == skm.f1_score(y_true, y_pred, average="macro")
    assert out["jaccard"] == skm.jaccard_score(y_true, y_pred, average="macro")
    assert out["accuracy"] == skm.accuracy_score(y_true, y_pred)
    assert out["hamming_loss"] == skm.hamming_loss(y_true, y_pred)


def test_many_labels_use_per_row_codes():
    # 300 labels: (301 ** 3) possible triples, so triples go through per-row codes
    y_true, y_pred = _random_matrices(2_000, 300, seed=3, p=0.02)
    for avg in ["samples", "macro", "micro"]:
        expected = skm.precision_recall_fscore_support(y_true, y_pred, average=avg)
        got = F.precision_recall_fscore_support(y_true, y_pred, average=avg)
        assert all(same(a, b, avg != "samples") for a, b in zip(got[:3], expected[:3]))


def test_merge_equals_one_shot():
    y_true, y_pred = _random_matrices(5_000, 7, seed=5)
    w = np.random.default_rng(2).choice(DYADIC, 5_000)
    a = evaluate.load("recall", "multilabel", average="samples")
    b = evaluate.load("recall", "multilabel", average="samples")
    a.add_batch(predictions=y_pred[:1_000], references=y_true[:1_000])  # unweighted ...
    b.add_batch(predictions=y_pred[1_000:], references=y_true[1_000:], sample_weight=w[1_000:])
    a.merge(b)  # ... merged with a weighted state
    weights = np.concatenate([np.ones(1_000), w[1_000:]])
    expected = skm.recall_score(y_true, y_pred, average="samples", sample_weight=weights)
    assert same(a.compute()["recall"], expected, False)
    state = MultilabelCounts()
    state.update(np.zeros((2, 3), np.uint8), np.zeros((2, 3), np.uint8))
    other = MultilabelCounts()
    other.update(np.zeros((2, 4), np.uint8), np.zeros((2, 4), np.uint8))
    with pytest.raises(ValueError, match="4 and 3 label columns"):
        state.merge(other)


def test_input_containers_give_the_same_result():
    torch = pytest.importorskip("torch")
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    y_true, y_pred = _random_matrices(40_000, 5, seed=9)  # large enough for the kernels
    expected = skm.f1_score(y_true, y_pred, average="samples")
    variants = {
        "numpy": (y_true, y_pred),
        "bool": (y_true.astype(bool), y_pred.astype(bool)),
        "torch": (torch.from_numpy(y_true), torch.from_numpy(y_pred).bool()),
        "arrow fixed-size list (read-only buffers)": (
            pa.FixedSizeListArray.from_arrays(pa.array(y_true.ravel().astype(np.int8)), 5),
            pa.FixedSizeListArray.from_arrays(pa.array(y_pred.ravel().astype(np.int8)), 5),
        ),
        "arrow list, chunked": (
            pa.chunked_array([pa.array(y_true[:100].tolist()), pa.array(y_true[100:].tolist())]),
            pa.array(y_pred.tolist()),
        ),
        "polars list": (pl.Series(y_true.tolist()), pl.Series(y_pred.tolist())),
        "polars array": (
            pl.Series(y_true.tolist(), dtype=pl.Array(pl.Int8, 5)),
            pl.Series(y_pred.tolist(), dtype=pl.Array(pl.Int8, 5)),
        ),
        "pandas": (pd.Series(y_true.tolist()), pd.DataFrame(y_pred)),
        "lists": (y_true.tolist(), y_pred.tolist()),
    }
    for label, (refs, preds) in variants.items():
        got = evaluate.load("f1", "multilabel").compute(
            predictions=preds, references=refs, average="samples"
        )
        assert same(got["f1"], expected, False), label
        assert same(F.f1_score(refs, preds, average="samples"), expected, False), label


# --------------------------------------------------------------------------
# combine
# --------------------------------------------------------------------------


def test_combine_shares_one_multilabel_state(monkeypatch):
    calls = []
    original = MultilabelCounts.update

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MultilabelCounts, "update", counting)
    names = [
        "accuracy",
        "f1",
        "precision",
        "recall",
        "jaccard",
        "hamming_loss",
        "matthews_correlation",
        "confusion_matrix",
        "specificity",
        "fbeta",
    ]
    clf = evaluate.combine([evaluate.load(n, "multilabel") for n in names])
    assert len({id(m._acc) for m in clf.evaluation_modules}) == 1
    y_true, y_pred = _random_matrices(70_000, 4, seed=11)
    clf.add_batch(predictions=y_pred, references=y_true)
    out = clf.compute(average="macro")
    assert len(calls) == 1
    assert out["accuracy"] == skm.accuracy_score(y_true, y_pred)
    assert out["f1"] == skm.f1_score(y_true, y_pred, average="macro")
    assert out["precision"] == skm.precision_score(y_true, y_pred, average="macro")
    assert out["jaccard"] == skm.jaccard_score(y_true, y_pred, average="macro")
    assert out["hamming_loss"] == skm.hamming_loss(y_true, y_pred)
    assert out["matthews_correlation"] == sk_matthews(y_true, y_pred, average="macro")
    assert out["specificity"] == sk_specificity(y_true, y_pred, average="macro")
    np.testing.assert_array_equal(
        out["confusion_matrix"], skm.multilabel_confusion_matrix(y_true, y_pred)
    )


def test_combine_keeps_multiclass_and_multilabel_states_apart():
    clf = evaluate.combine(
        [evaluate.load("f1", "multilabel"), evaluate.load("accuracy"), evaluate.load("recall")]
    )
    ml_acc, f1d_acc, rec_acc = (m._acc for m in clf.evaluation_modules)
    assert ml_acc is not f1d_acc and f1d_acc is rec_acc
    assert isinstance(ml_acc.state, MultilabelCounts)
    # the same rows cannot be both: the batch is refused as a whole, nothing is stored
    with pytest.raises(ValueError, match="references"):
        clf.add_batch(predictions=[[0, 1], [1, 1]], references=[[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="references"):
        clf.add_batch(predictions=[0, 1], references=[1, 1])
    assert ml_acc.stored == 0 and f1d_acc.stored == 0


def test_combine_samples_with_labels_given_at_load():
    y_true, y_pred = _random_matrices(3_000, 6, seed=12)
    clf = evaluate.combine(
        {
            "subset": evaluate.load("f1", "multilabel", average="samples", labels=[4, 1]),
            "all": evaluate.load("f1", "multilabel", average="samples"),
            "jac": evaluate.load("jaccard", "multilabel", average="samples", labels=[0, 0, 2]),
        }
    )
    for lo in range(0, 3_000, 500):
        clf.add_batch(predictions=y_pred[lo : lo + 500], references=y_true[lo : lo + 500])
    out = clf.compute()
    assert same(
        out["subset_f1"], skm.f1_score(y_true, y_pred, average="samples", labels=[4, 1]), False
    )
    assert same(out["all_f1"], skm.f1_score(y_true, y_pred, average="samples"), False)
    expected = skm.jaccard_score(y_true, y_pred, average="samples", labels=[0, 0, 2])
    assert same(out["jaccard"], expected, False)


# --------------------------------------------------------------------------
# options, features, documented examples
# --------------------------------------------------------------------------

MULTILABEL_MODULES = [
    "accuracy",
    "confusion_matrix",
    "f1",
    "fbeta",
    "hamming_loss",
    "jaccard",
    "matthews_correlation",
    "precision",
    "recall",
    "specificity",
]


@pytest.mark.parametrize("name", MULTILABEL_MODULES)
def test_multilabel_config_features_and_examples(name):
    module = evaluate.load(name, config_name="multilabel")
    assert repr(module.features["predictions"]) == (
        "Sequence(feature=Value(dtype='int32', id=None), length=-1, id=None)"
    )
    assert "Multilabel config" in module.inputs_description
    assert "multilabel" in module.description
    test = doctest.DocTestParser().get_doctest(module.inputs_description, {}, name, None, 0)
    multilabel_examples = [e for e in test.examples if "multilabel" in e.source]
    assert multilabel_examples, f"{name} has no multilabel example"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_evaluate_documented_multilabel_examples():
    # f1's Example 5, matthews_correlation's Examples 4 and 5 in evaluate's docs
    f1 = evaluate.load("f1", "multilabel")
    out = f1.compute(
        predictions=[[0, 1, 1], [1, 1, 0]], references=[[0, 1, 1], [0, 1, 0]], average="macro"
    )
    assert round(out["f1"], 2) == 0.67
    mcc = evaluate.load("matthews_correlation", config_name="multilabel")
    refs, preds = [[0, 1], [1, 0], [1, 1]], [[0, 1], [1, 1], [0, 1]]
    per_label = mcc.compute(references=refs, predictions=preds)["matthews_correlation"]
    assert per_label.tolist() == [0.5, 0.0]
    macro = mcc.compute(references=refs, predictions=preds, average="macro")
    assert round(macro["matthews_correlation"], 2) == 0.25
    cm = evaluate.load("confusion_matrix", config_name="multilabel").compute(
        references=[[0, 1], [1, 0], [0, 0], [0, 1], [1, 0], [0, 0]],
        predictions=[[0, 1], [1, 0], [1, 0], [0, 0], [1, 0], [0, 1]],
    )
    assert cm["confusion_matrix"].tolist() == [[[3, 1], [0, 2]], [[3, 1], [1, 1]]]


def test_modules_without_a_multilabel_form_refuse_the_config():
    for name in ["balanced_accuracy", "cohen_kappa"]:
        with pytest.raises(ValueError, match="config_name='multilabel' is not supported"):
            evaluate.load(name, config_name="multilabel")
    # other config names keep the default behaviour, as in evaluate
    assert evaluate.load("f1", "multiclass").compute(predictions=[0, 1], references=[0, 1]) == {
        "f1": 1.0
    }


def test_multilabel_options_are_declared():
    # threshold= (scores -> labels) is an option of every classification module
    assert evaluate.load("matthews_correlation", "multilabel").options == {
        "average": None,
        "threshold": None,
    }
    assert evaluate.load("matthews_correlation").options == {"threshold": None}
    with pytest.raises(TypeError, match="normalize"):
        evaluate.load("confusion_matrix", "multilabel").compute(
            predictions=[[0, 1]], references=[[0, 1]], normalize="true"
        )
    with pytest.raises(TypeError, match="average"):
        evaluate.load("hamming_loss", "multilabel", average="macro")


def test_one_column_is_one_label():
    # the multilabel config reads an (n, 1) matrix as one label; sklearn would read it as
    # a 1-D binary target, whose 'binary' F1 is the same number
    refs, preds = [[1], [0], [1], [1]], [[1], [1], [0], [1]]
    out = evaluate.load("f1", "multilabel").compute(
        predictions=preds, references=refs, average=None
    )
    assert out["f1"].tolist() == [skm.f1_score(np.ravel(refs), np.ravel(preds))]
    # the functional layer follows sklearn: an (n, 1) column is a 1-D target
    assert F.f1_score(refs, preds, average="macro") == skm.f1_score(refs, preds, average="macro")


def test_zero_weights_and_negative_weights():
    refs, preds = [[0, 1], [1, 1], [0, 0]], [[1, 1], [1, 0], [0, 0]]
    for fn in (
        lambda **k: F.f1_score(refs, preds, average="samples", **k),
        lambda **k: F.hamming_loss(refs, preds, **k),
        lambda **k: evaluate.load("accuracy", "multilabel").compute(
            predictions=preds, references=refs, **k
        ),
    ):
        with pytest.raises(ValueError, match="at least one non-zero"):
            fn(sample_weight=[0, 0, 0])
    w = [2.0, -1.0, 0.5]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for avg in ["macro", "micro", "samples"]:
            assert same(
                F.recall_score(refs, preds, average=avg, sample_weight=w),
                skm.recall_score(refs, preds, average=avg, sample_weight=w),
                avg != "samples",
            )


def test_zero_weight_rows_count_nothing_in_samples_averages():
    # a row of weight 0 has all-zero weighted counts in sklearn (0/0: zero_division);
    # it matters when every weighted row is NaN and the average falls back to all rows
    refs = [[1, 0, 1], [1, 1, 1], [0, 1, 0]]
    preds = [[1, 0, 0], [1, 1, 1], [0, 0, 0]]
    w = [0.0, 1.0, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for zd in [np.nan, 0, 1]:
            got = F.specificity_score(
                refs, preds, average="samples", sample_weight=w, zero_division=zd
            )
            expected = sk_specificity(
                refs, preds, average="samples", sample_weight=w, zero_division=zd
            )
            assert same(got, expected, True), (zd, got, expected)
        refs2, preds2 = [[1, 0], [0, 0]], [[1, 1], [0, 0]]
        for zd in [np.nan, 0, 1]:
            got = F.recall_score(
                refs2, preds2, average="samples", sample_weight=[0, 1], zero_division=zd
            )
            expected = skm.recall_score(
                refs2, preds2, average="samples", sample_weight=[0, 1], zero_division=zd
            )
            assert same(got, expected, True), (zd, got, expected)


def test_warnings_name_samples_like_sklearn():
    refs, preds = [[0, 1], [0, 0]], [[0, 1], [0, 0]]
    with pytest.warns(F.UndefinedMetricWarning, match="in samples with no predicted labels"):
        F.precision_score(refs, preds, average="samples")
    with pytest.warns(F.UndefinedMetricWarning, match="in labels with no predicted samples"):
        F.precision_score(refs, preds, average="macro")
    with pytest.warns(UserWarning, match="pos_label"):
        F.precision_score(refs, preds, average="micro", pos_label=0)


# --------------------------------------------------------------------------
# bad input: clear errors naming the argument, and no state change
# --------------------------------------------------------------------------

BAD_BATCHES = [
    ({"predictions": [[0, 2], [1, 0]], "references": [[0, 1], [1, 0]]}, ValueError,
     r"predictions: indicator values must be 0 or 1, found 2 at row 0, column 1"),
    ({"predictions": [[0, 1], [1, 0]], "references": [[0.5, 1], [1, 0]]}, ValueError,
     r"references: indicator values must be 0 or 1, found 0.5"),
    ({"predictions": [[0, 1], [1, 0]], "references": [[np.nan, 1], [1, 0]]}, ValueError,
     r"references: .*found nan"),
    ({"predictions": [[0, 1], [1]], "references": [[0, 1], [1, 0]]}, ValueError,
     r"predictions: rows have different lengths"),
    ({"predictions": [[0, 1, 1], [1, 0, 1]], "references": [[0, 1, 1], [1, 0, 1]]}, ValueError,
     r"3 label columns but earlier batches had 2"),
    ({"predictions": [[0, 1, 1], [1, 0, 0]], "references": [[0, 1], [1, 0]]}, ValueError,
     r"same number of label columns, got 3 and 2"),
    ({"predictions": [[0, 1]], "references": [[0, 1], [1, 0]]}, ValueError,
     r"same length, got 1 and 2"),
    ({"predictions": [0, 1], "references": [1, 1]}, ValueError,
     r"references: expected a 2-D indicator matrix .* without config_name='multilabel'"),
    ({"predictions": [["a", "b"]], "references": [[0, 1]]}, TypeError,
     r"predictions: expected 0/1 indicator values"),
    ({"predictions": [[0, None]], "references": [[0, 1]]}, TypeError,
     r"predictions: expected 0/1 indicator values"),
    ({"predictions": np.zeros((0, 2)), "references": np.zeros((0, 2))}, ValueError,
     r"references: expected at least one row"),
    ({"predictions": [[0, 1], [1, 0]], "references": [[0, 1], [1, 0]], "sample_weight": [1.0]},
     ValueError, r"sample_weight: expected 2 weights"),
]  # fmt: skip


@pytest.mark.parametrize("batch, error, message", BAD_BATCHES)
@pytest.mark.parametrize("path", ["numpy", "kernel-dense"])
def test_bad_batches_are_refused_without_state_change(batch, error, message, path):
    with counting_path(path):
        module = evaluate.load("f1", "multilabel", average="micro")
        module.add_batch(predictions=[[0, 1], [1, 1]], references=[[0, 1], [1, 0]])
        with pytest.raises(error, match=message):
            module.add_batch(**batch)
        assert module._acc.stored == 2
        assert module.compute()["f1"] == skm.f1_score(
            [[0, 1], [1, 0]], [[0, 1], [1, 1]], average="micro"
        )


def test_bad_options_keep_the_state():
    module = evaluate.load("f1", "multilabel")
    module.add_batch(predictions=[[0, 1, 1], [1, 1, 0]], references=[[0, 1, 1], [1, 0, 0]])
    for options, message in [
        ({}, "Target is multilabel-indicator but average='binary'"),
        (
            {"average": "macro", "labels": [0, 3]},
            r"labels: All labels must be in \[0, n labels\).*3 > 2",
        ),
        ({"average": "macro", "labels": [-1]}, r"labels: .*-1 < 0"),
        ({"average": "macro", "labels": ["a"]}, r"labels: .*column indices"),
        ({"average": "samples", "labels": [0, 2]}, r"labels=\[0, 2\] needs the per-example counts"),
        ({"average": "mean"}, "average must be one of"),
        ({"average": "micro", "zero_division": 2}, "zero_division"),
    ]:
        with pytest.raises(ValueError, match=message):
            module.compute(**options)
        assert module._acc.stored == 2
    expected = skm.f1_score(
        [[0, 1, 1], [1, 0, 0]], [[0, 1, 1], [1, 1, 0]], average="samples", labels=[2, 0]
    )
    assert evaluate.load("f1", "multilabel", average="samples", labels=[2, 0]).compute(
        predictions=[[0, 1, 1], [1, 1, 0]], references=[[0, 1, 1], [1, 0, 0]]
    )["f1"] == pytest.approx(expected, rel=1e-15)
    # labels given at load time are checked against the first batch's columns
    loaded = evaluate.load("recall", "multilabel", average="samples", labels=[5])
    with pytest.raises(
        ValueError, match=r"labels: .*5 > 1 \(labels=\[5\] were given when loading\)"
    ):
        loaded.add_batch(predictions=[[0, 1]], references=[[1, 1]])
    assert loaded._acc.stored == 0


def test_failed_one_shot_compute_restores_the_stored_rows():
    module = evaluate.load("jaccard", "multilabel", average="micro")
    module.add_batch(predictions=[[0, 1], [1, 1]], references=[[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="earlier batches had 2"):
        module.compute(predictions=[[0, 1, 0]], references=[[0, 1, 1]])
    with pytest.raises(ValueError, match="labels"):
        module.compute(predictions=[[0, 1]], references=[[0, 1]], labels=[9])
    assert module._acc.stored == 2
    assert module.compute()["jaccard"] == skm.jaccard_score(
        [[0, 1], [1, 0]], [[0, 1], [1, 1]], average="micro"
    )


def test_functional_rejects_mixed_and_unsupported_targets():
    with pytest.raises(
        ValueError, match=r"y_true: expected a 2-D indicator matrix .* cannot be mixed"
    ):
        F.f1_score([0, 1], [[0, 1], [1, 1]], average="micro")
    for fn in (
        F.matthews_corrcoef,
        F.balanced_accuracy_score,
        F.cohen_kappa_score,
        F.confusion_matrix,
    ):
        with pytest.raises(ValueError, match="multilabel indicator matrices are not supported"):
            fn([[0, 1], [1, 1]], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="Samplewise metrics are not available"):
        F.multilabel_confusion_matrix([0, 1], [1, 1], samplewise=True)


# --------------------------------------------------------------------------
# multilabel_confusion_matrix: also 1-D targets and sample-wise matrices
# --------------------------------------------------------------------------


@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            st.lists(st.sampled_from([0, 3, 7]), min_size=n, max_size=n),
            st.lists(st.sampled_from([0, 3, 7, 9]), min_size=n, max_size=n),
            st.none() | st.lists(st.sampled_from(DYADIC), min_size=n, max_size=n),
            st.none() | st.lists(st.sampled_from([0, 3, 7, 9, 11]), min_size=1, max_size=4),
        )
    )
)
def test_multilabel_confusion_matrix_of_1d_targets(case):
    y_true, y_pred, weights, labels = case
    expected, expected_err = run(
        lambda: skm.multilabel_confusion_matrix(
            y_true, y_pred, sample_weight=weights, labels=labels
        )
    )
    got, err = run(
        lambda: F.multilabel_confusion_matrix(y_true, y_pred, sample_weight=weights, labels=labels)
    )
    assert err == expected_err
    if err is None:
        assert got.dtype == expected.dtype and np.array_equal(got, expected)


@given(cases("confusion_matrix"))
def test_samplewise_multilabel_confusion_matrix(case):
    y_true, y_pred, weights, options, _, _ = case
    kw = {"labels": options.get("labels"), "sample_weight": weights, "samplewise": True}
    expected, expected_err = run(lambda: skm.multilabel_confusion_matrix(y_true, y_pred, **kw))
    got, err = run(lambda: F.multilabel_confusion_matrix(y_true.tolist(), y_pred, **kw))
    assert err == expected_err
    if err is None:
        assert got.dtype == expected.dtype and np.array_equal(got, expected)
