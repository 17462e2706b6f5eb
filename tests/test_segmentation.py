"""Segmentation (mean_iou, dice_coefficient) and imbalanced classification (geometric_mean).

mean_iou is checked against evaluate's documented example and against a
plain numpy reference of evaluate's algorithm (per map: rewrite the
reference labels, mask ignore_index, ``np.histogram`` with evaluate's bins
and range, sum, divide), by hypothesis over every option: one-shot,
streamed with the classes known at load time, and streamed evaluate's way
(``add_batch`` then ``compute(num_labels=...)``) all give the reference's
numbers bit for bit. Dice is checked against per-class pixel masks.
geometric_mean is checked against imbalanced-learn (its generic property
tests run in tests/test_common.py through tests/reference.py).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.metrics import geometric_mean_score as imb_gmean

import fasteval as evaluate
from fasteval.functional import segmentation as S
from fasteval.functional.imbalanced import geometric_mean_score

# evaluate's documented example
PREDICTED = [
    np.array([[1, 2], [3, 4], [5, 255]]),
    np.array([[2, 7], [9, 2], [3, 6]]),
    np.array([[2, 2, 3], [8, 2, 4], [3, 255, 2]]),
]
ACTUAL = [
    np.array([[0, 3], [5, 4], [6, 255]]),
    np.array([[1, 7], [9, 2], [3, 6]]),
    np.array([[1, 2, 2], [8, 2, 1], [3, 255, 1]]),
]
DOCUMENTED = {
    "mean_iou": 0.47750000000000004,
    "mean_accuracy": 0.5916666666666666,
    "overall_accuracy": 0.5263157894736842,
    "per_category_iou": np.array([0.0, 0.0, 0.375, 0.4, 0.5, 0.0, 0.5, 1.0, 1.0, 1.0]),
    "per_category_accuracy": np.array([0.0, 0.0, 0.75, 2 / 3, 1.0, 0.0, 0.5, 1.0, 1.0, 1.0]),
}


def reference_mean_iou(
    preds, refs, num_labels, ignore_index, nan_to_num=None, label_map=None, reduce_labels=False
):
    """evaluate's mean_iou algorithm written out with numpy (np.histogram per map)."""
    totals = np.zeros((4, num_labels))
    for pred, ref in zip(preds, refs):
        pred = np.asarray(pred)
        ref = np.array(ref, dtype=np.int64)
        if label_map:
            ref = np.array(
                [label_map.get(v, v) for v in ref.ravel().tolist()], dtype=np.int64
            ).reshape(ref.shape)
        if reduce_labels:
            ref[ref == 0] = 255
            ref = ref - 1
            ref[ref == 254] = 255
        keep = np.ones(ref.shape, bool) if ignore_index is None else ref != ignore_index
        pred, ref = pred[keep], ref[keep]

        def hist(values):
            return np.histogram(values, bins=num_labels, range=(0, num_labels - 1))[0]

        inter, area_pred, area_ref = hist(pred[pred == ref]), hist(pred), hist(ref)
        totals += np.stack([inter, area_pred, area_ref, area_pred + area_ref - inter])
    inter, _, area_ref, union = totals
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        iou, acc = inter / union, inter / area_ref
        out = {
            "mean_iou": np.nanmean(iou),
            "mean_accuracy": np.nanmean(acc),
            "overall_accuracy": inter.sum() / area_ref.sum(),
            "per_category_iou": iou,
            "per_category_accuracy": acc,
        }
    if nan_to_num is not None:
        out = {key: np.nan_to_num(value, nan=nan_to_num) for key, value in out.items()}
    return out


def assert_same(got, expected):
    """Same keys, bitwise equal numbers (NaN == NaN), Python floats for scalars."""
    assert list(got) == list(expected)
    for key, value in expected.items():
        if np.ndim(value) == 0:
            assert isinstance(got[key], float), key
        assert np.array_equal(np.asarray(got[key]), np.asarray(value), equal_nan=True), (
            key,
            got[key],
            value,
        )


# -- mean_iou known answers ------------------------------------------------------------


def test_evaluate_documented_example():
    kw = dict(num_labels=10, ignore_index=255, reduce_labels=False)
    got = evaluate.load("mean_iou").compute(predictions=PREDICTED, references=ACTUAL, **kw)
    assert got["mean_iou"] == DOCUMENTED["mean_iou"]
    assert got["mean_accuracy"] == DOCUMENTED["mean_accuracy"]
    assert got["overall_accuracy"] == DOCUMENTED["overall_accuracy"]
    np.testing.assert_allclose(got["per_category_iou"], DOCUMENTED["per_category_iou"], rtol=0)
    np.testing.assert_allclose(got["per_category_accuracy"], DOCUMENTED["per_category_accuracy"])
    assert_same(got, reference_mean_iou(PREDICTED, ACTUAL, 10, 255))
    assert_same(S.mean_iou(PREDICTED, ACTUAL, 10, 255), got)


def test_by_hand():
    # one 2 x 2 map: class 0: I=1, U=2; class 1: I=2, U=3
    out = S.mean_iou([[[0, 1], [1, 1]]], [[[0, 1], [0, 1]]], num_labels=2)
    assert out["per_category_iou"].tolist() == [0.5, 2 / 3]
    assert out["per_category_accuracy"].tolist() == [0.5, 1.0]
    assert out["overall_accuracy"] == 0.75
    # a class absent from both sides is NaN and left out of the means, or nan_to_num
    out = S.mean_iou([[0, 0]], [[0, 0]], num_labels=3)
    assert out["mean_iou"] == 1.0 and np.isnan(out["per_category_iou"][1:]).all()
    out = S.mean_iou([[0, 0]], [[0, 0]], num_labels=3, nan_to_num=-1)
    assert out["per_category_iou"].tolist() == [1.0, -1.0, -1.0]
    # reduce_labels: reference 0 -> 255 (ignored), 1 -> 0, 2 -> 1
    out = S.mean_iou([[0, 1, 5]], [[1, 2, 0]], num_labels=2, ignore_index=255, reduce_labels=True)
    assert out["per_category_iou"].tolist() == [1.0, 1.0]
    # label_map uses the original labels (no chaining)
    out = S.mean_iou([[1, 2]], [[2, 1]], num_labels=3, label_map={1: 2, 2: 1})
    assert out["overall_accuracy"] == 1.0


# -- mean_iou against evaluate's algorithm, every option --------------------------------------


@st.composite
def map_batches(draw):
    num_labels = draw(st.integers(1, 12))
    ignore_index = draw(st.sampled_from([None, 255, 0, num_labels - 1, -1]))
    reduce_labels = draw(st.booleans())
    label_map = draw(
        st.none() | st.dictionaries(st.integers(0, 13), st.integers(0, 13), max_size=4)
    )
    # labels in range, plus (sometimes) values evaluate drops silently
    top = num_labels + (3 if draw(st.booleans()) else 0)
    values = st.integers(-1 if draw(st.booleans()) else 0, top) | st.just(255)
    n_maps = draw(st.integers(1, 5))
    preds, refs = [], []
    for _ in range(n_maps):
        h, w = draw(st.integers(0, 5)), draw(st.integers(1, 6))
        preds.append(np.array(draw(st.lists(values, min_size=h * w, max_size=h * w))).reshape(h, w))
        refs.append(np.array(draw(st.lists(values, min_size=h * w, max_size=h * w))).reshape(h, w))
    dtype = draw(st.sampled_from([np.int64, np.int32, np.int16]))
    preds = [p.astype(dtype) for p in preds]
    refs = [r.astype(dtype) for r in refs]
    options = dict(
        num_labels=num_labels,
        ignore_index=ignore_index,
        nan_to_num=draw(st.sampled_from([None, 0, -1.5])),
        label_map=label_map,
        reduce_labels=reduce_labels,
    )
    cuts = sorted(draw(st.lists(st.integers(0, n_maps), max_size=3)))
    return preds, refs, options, cuts


def batches(preds, refs, cuts):
    bounds = [0, *cuts, len(preds)]
    return [(preds[lo:hi], refs[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:]) if hi > lo]


@given(case=map_batches())
def test_mean_iou_equals_evaluate_algorithm(case):
    preds, refs, options, cuts = case
    expected = reference_mean_iou(preds, refs, **options)
    kw = dict(options, out_of_range="ignore")  # keep evaluate's silent dropping

    one_shot = evaluate.load("mean_iou").compute(predictions=preds, references=refs, **kw)
    assert_same(one_shot, expected)

    per_class = evaluate.load("mean_iou", **kw)  # classes known: O(num_labels) state
    for p, r in batches(preds, refs, cuts):
        per_class.add_batch(predictions=p, references=r)
    assert per_class._acc.state.config.per_class
    assert_same(per_class.compute(), expected)

    deferred = evaluate.load("mean_iou")  # evaluate's way: options at compute time
    for p, r in batches(preds, refs, cuts):
        deferred.add_batch(predictions=p, references=r)
    assert not deferred._acc.state.config.per_class
    assert_same(deferred.compute(**kw), expected)

    # out_of_range="raise" (the default) raises exactly when evaluate would drop a value
    dropped = _drops_values(preds, refs, options)
    for module_kw, compute_kw in [
        ({}, kw | {"out_of_range": "raise"}),
        (kw | {"out_of_range": "raise"}, {}),
    ]:
        module = evaluate.load("mean_iou", **module_kw)
        if dropped:
            with pytest.raises(ValueError, match="outside \\[0, num_labels="):
                module.compute(predictions=preds, references=refs, **compute_kw)
            assert module._acc.stored == 0
        else:
            assert_same(module.compute(predictions=preds, references=refs, **compute_kw), expected)


def _drops_values(preds, refs, options):
    n = options["num_labels"]
    for pred, ref in zip(preds, refs):
        ref = S.transform_labels(
            ref.ravel(),
            tuple(sorted(options["label_map"].items())) if options["label_map"] else None,
            options["reduce_labels"],
        )
        keep = (
            np.ones(ref.shape, bool)
            if options["ignore_index"] is None
            else ref != options["ignore_index"]
        )
        p, r = pred.ravel()[keep], ref[keep]
        if np.any((p < 0) | (p >= n)) or np.any((r < 0) | (r >= n)):
            return True
    return False


def test_input_forms_and_large_maps():
    rng = np.random.default_rng(0)
    preds = rng.integers(0, 21, size=(6, 40, 30), dtype=np.uint8)
    refs = np.where(rng.random((6, 40, 30)) < 0.7, preds, rng.integers(0, 21, (6, 40, 30)))
    refs = refs.astype(np.uint8)
    refs[:, :3] = 255
    kw = dict(num_labels=21, ignore_index=255)
    expected = reference_mean_iou(list(preds), list(refs), **kw)
    forms = [
        (preds, refs),  # one (n, h, w) block: one kernel call
        (list(preds), list(refs)),
        (list(preds), refs),
        ([p.tolist() for p in preds], [r.tolist() for r in refs]),
        (list(preds.astype(np.float64)), list(refs.astype(np.int64))),
        (np.asfortranarray(preds), refs),
    ]
    try:
        import torch

        forms.append((torch.from_numpy(preds.astype(np.int64)), torch.from_numpy(refs)))
    except ImportError:  # pragma: no cover
        pass
    for p, r in forms:
        assert_same(evaluate.load("mean_iou").compute(predictions=p, references=r, **kw), expected)
    # maps of different sizes, streamed one at a time
    module = evaluate.load("mean_iou", **kw)
    for i in range(6):
        module.add(prediction=preds[i, : 10 + i], reference=refs[i, : 10 + i])
    sizes = [(preds[i, : 10 + i], refs[i, : 10 + i]) for i in range(6)]
    assert_same(module.compute(), reference_mean_iou(*zip(*sizes), **kw))
    # flat label arrays work as one-pixel maps
    flat = evaluate.load("mean_iou").compute(
        predictions=preds.ravel().tolist(), references=refs.ravel().tolist(), **kw
    )
    assert_same(flat, expected)


def test_merge_states():
    rng = np.random.default_rng(1)
    preds = list(rng.integers(0, 5, size=(8, 9, 7)))
    refs = list(rng.integers(0, 5, size=(8, 9, 7)))
    expected = reference_mean_iou(preds, refs, 5, None)
    for kw in ({"num_labels": 5}, {}):
        a, b = evaluate.load("mean_iou", **kw), evaluate.load("mean_iou", **kw)
        a.add_batch(predictions=preds[:3], references=refs[:3])
        b.add_batch(predictions=preds[3:], references=refs[3:])
        assert_same(a.merge(b).compute(num_labels=5), expected)
    with pytest.raises(ValueError, match="different options"):
        evaluate.load("mean_iou", num_labels=5).state.merge(evaluate.load("mean_iou").state)


# -- dice ------------------------------------------------------------------------------


def reference_dice(preds, refs, num_labels, ignore_index=None, average="macro"):
    p = np.concatenate([np.ravel(x) for x in preds])
    r = np.concatenate([np.ravel(x) for x in refs])
    keep = np.ones(r.shape, bool) if ignore_index is None else r != ignore_index
    p, r = p[keep], r[keep]
    inter = np.array([np.sum((p == c) & (r == c)) for c in range(num_labels)], dtype=float)
    sizes = np.array([np.sum(p == c) + np.sum(r == c) for c in range(num_labels)], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        dice = 2 * inter / sizes
    if average is None:
        return dice
    present = ~np.isnan(dice)
    if average == "macro":
        return float(np.mean(dice[present])) if present.any() else math.nan
    if average == "micro":
        return float(2 * inter.sum() / sizes.sum()) if sizes.sum() else math.nan
    support = np.array([np.sum(r == c) for c in range(num_labels)], dtype=float)[present]
    return float(np.sum(dice[present] * support) / support.sum()) if support.sum() else math.nan


@given(
    data=st.data(),
    num_labels=st.integers(1, 6),
    ignore_index=st.sampled_from([None, 0, 99]),
    average=st.sampled_from(["macro", "micro", "weighted", None]),
)
def test_dice_equals_pixel_masks(data, num_labels, ignore_index, average):
    labels = (
        st.integers(0, num_labels - 1) | st.just(99)
        if ignore_index == 99
        else st.integers(0, num_labels - 1)
    )
    n = data.draw(st.integers(1, 4))
    preds, refs = [], []
    for _ in range(n):
        size = data.draw(st.integers(1, 12))
        preds.append(
            np.array(
                data.draw(st.lists(st.integers(0, num_labels - 1), min_size=size, max_size=size))
            )
        )
        refs.append(np.array(data.draw(st.lists(labels, min_size=size, max_size=size))))
    expected = reference_dice(preds, refs, num_labels, ignore_index, average)
    kw = dict(num_labels=num_labels, ignore_index=ignore_index, average=average)
    got = evaluate.load("dice_coefficient").compute(predictions=preds, references=refs, **kw)
    np.testing.assert_allclose(got["dice_coefficient"], expected, rtol=1e-13)
    streamed = evaluate.load("dice_coefficient", **kw)
    for p, r in zip(preds, refs):
        streamed.add_batch(predictions=[p], references=[r])
    np.testing.assert_array_equal(streamed.compute()["dice_coefficient"], got["dice_coefficient"])
    np.testing.assert_array_equal(
        S.dice_coefficient(preds, refs, num_labels, ignore_index, average=average),
        got["dice_coefficient"],
    )


def test_dice_relates_to_iou():
    rng = np.random.default_rng(2)
    preds, refs = rng.integers(0, 4, (3, 16, 16)), rng.integers(0, 4, (3, 16, 16))
    iou = S.mean_iou(preds, refs, 4)["per_category_iou"]
    dice = S.dice_coefficient(preds, refs, 4, average=None)
    np.testing.assert_allclose(dice, 2 * iou / (1 + iou), rtol=1e-14)


# -- segmentation errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    "preds, refs, options, err, match",
    [
        (
            [[[0, 1]]],
            [[[0, 7]]],
            {},
            ValueError,
            r"references(\[0\])?: labels outside \[0, num_labels=3\), e.g. 7 \(1 such pixel",
        ),
        (
            [[[0, 1]], [[0, 5]]],
            [[[0, 1]], [[0, 1]]],
            {},
            ValueError,
            r"predictions(\[1\])?: labels outside .*e.g. 5 \(1 such pixel",
        ),
        (
            np.zeros((2, 3, 3), int),
            np.full((2, 3, 3), 4),
            {},
            ValueError,
            r"references(\[0\])?: labels outside .*e.g. 4 \(18 such pixel",
        ),
        (
            [[[0, 1]]],
            [[[0, 1, 1]]],
            {},
            ValueError,
            r"predictions\[0\] has shape \(1, 2\) but references\[0\] has shape \(1, 3\)",
        ),
        (np.zeros((2, 3, 3), int), np.zeros((2, 3, 4), int), {}, ValueError, "same shape"),
        ([[[0, 1]], None], [[[0, 1]], [[0]]], {}, ValueError, r"predictions\[1\] is None"),
        ([[[0, 1]]], [[[0, 1]], [[1]]], {}, ValueError, "same number of maps"),
        (
            [[[0, 0.5]]],
            [[[0, 1]]],
            {},
            ValueError,
            r"predictions\[0\]: expected integer class labels",
        ),
        (
            [np.array([["a"]])],
            [[[0]]],
            {},
            TypeError,
            r"predictions\[0\]: expected integer class labels",
        ),
        ([], [], {}, ValueError, "at least one map"),
        (
            np.zeros(3, int),
            np.zeros(3, int),
            {},
            ValueError,
            "expected a list of segmentation maps",
        ),
        ([[[0]]], [[[0]]], {"num_labels": 0}, ValueError, "num_labels must be a positive integer"),
        ([[[0]]], [[[0]]], {"ignore_index": 2.5}, TypeError, "ignore_index must be an integer"),
        ([[[0]]], [[[0]]], {"label_map": [1, 2]}, TypeError, "label_map must be a dict"),
        ([[[0]]], [[[0]]], {"out_of_range": "drop"}, ValueError, "out_of_range must be one of"),
    ],
)
def test_bad_maps_name_the_argument_and_keep_state(preds, refs, options, err, match):
    for module in (evaluate.load("mean_iou", num_labels=3), evaluate.load("mean_iou")):
        module.add_batch(predictions=[[[0, 1, 2]]], references=[[[0, 1, 1]]])
        with pytest.raises(err, match=match):
            if module._acc.state.config.per_class and not options:
                module.add_batch(predictions=preds, references=refs)
            else:
                module.compute(predictions=preds, references=refs, **{"num_labels": 3, **options})
        assert module._acc.stored == 1
        out = module.compute(num_labels=3)
        assert out["per_category_iou"].tolist() == [1.0, 0.5, 0.0]


def test_compute_options_against_the_stream():
    module = evaluate.load("mean_iou", num_labels=3, ignore_index=255)
    module.add_batch(predictions=[[[0, 1, 2]]], references=[[[0, 1, 255]]])
    with pytest.raises(
        ValueError,
        match=r"mean_iou.compute\(num_labels=4\): the stored examples were folded with num_labels=3",
    ):
        module.compute(num_labels=4)
    assert module._acc.stored == 1
    assert module.compute()["overall_accuracy"] == 1.0
    deferred = evaluate.load("mean_iou")
    deferred.add_batch(predictions=[[[0, 1, 2]]], references=[[[0, 1, 2]]])
    with pytest.raises(ValueError, match="num_labels is required"):
        deferred.compute()
    assert deferred.compute(num_labels=2, out_of_range="ignore")["overall_accuracy"] == 1.0


def test_value_pair_limit():
    module = evaluate.load("mean_iou")
    module.add_batch(predictions=[[[0, 1]]], references=[[[0, 1]]])
    wide = np.array([[[0, 70000]]], dtype=np.int64)
    with pytest.raises(ValueError, match="load the module with num_labels="):
        module.add_batch(predictions=wide, references=wide)
    assert module._acc.stored == 1
    # with num_labels at load time any label value is fine (counted per class)
    ok = evaluate.load("mean_iou", num_labels=2, ignore_index=70000)
    ok.add_batch(predictions=wide, references=wide)
    assert ok.compute()["overall_accuracy"] == 1.0


# -- geometric_mean ---------------------------------------------------------------------


def test_geometric_mean_imblearn_documented_examples():
    y_true = [0, 1, 2, 0, 1, 2]
    y_pred = [0, 2, 1, 0, 0, 1]
    module = evaluate.load("geometric_mean")
    for kw in [
        {},
        {"correction": 0.001},
        {"average": "macro"},
        {"average": "micro"},
        {"average": "weighted"},
    ]:
        expected = imb_gmean(y_true, y_pred, **kw)
        assert module.compute(predictions=y_pred, references=y_true, **kw) == {
            "geometric_mean": expected
        }
        assert geometric_mean_score(y_true, y_pred, **kw) == expected
    np.testing.assert_array_equal(
        geometric_mean_score(y_true, y_pred, average=None),
        imb_gmean(y_true, y_pred, average=None),
    )


@given(
    data=st.data(),
    average=st.sampled_from(["multiclass", "binary", "micro", "macro", "weighted", None]),
)
def test_geometric_mean_weighted_and_string_labels(data, average):
    """imbalanced-learn counts true negatives as n - (...) even with weights: so does fasteval."""
    pool = data.draw(st.sampled_from([["neg", "pos"], ["a", "b", "c"], [0, 1]]))
    n = data.draw(st.integers(1, 30))
    y_true = data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    y_pred = data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    weights = data.draw(st.lists(st.sampled_from([0.5, 1.0, 3.0]), min_size=n, max_size=n))
    kw = {"average": average, "sample_weight": weights}
    if average == "binary":
        kw["pos_label"] = pool[-1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = imb_gmean(y_true, y_pred, **kw)
        except ValueError:
            with pytest.raises(ValueError):
                geometric_mean_score(y_true, y_pred, **kw)
            return
        got = geometric_mean_score(y_true, y_pred, **kw)
        module = evaluate.load("geometric_mean", average=average, pos_label=kw.get("pos_label", 1))
        half = n // 2
        if half:
            module.add_batch(
                predictions=y_pred[:half], references=y_true[:half], sample_weight=weights[:half]
            )
        module.add_batch(
            predictions=y_pred[half:], references=y_true[half:], sample_weight=weights[half:]
        )
        streamed = module.compute()["geometric_mean"]
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    np.testing.assert_allclose(streamed, expected, rtol=1e-13)


def test_geometric_mean_shares_counts_in_combine():
    combo = evaluate.combine(["recall", "balanced_accuracy", "geometric_mean"])
    accumulators = {id(m._acc) for m in combo.evaluation_modules}
    assert len(accumulators) == 1  # one counting pass for all three
    out = combo.compute(predictions=[0, 1, 1, 2], references=[0, 1, 2, 2], average="macro")
    assert out["geometric_mean"] == imb_gmean([0, 1, 2, 2], [0, 1, 1, 2], average="macro")


def test_geometric_mean_bad_options_keep_state():
    module = evaluate.load("geometric_mean")
    module.add_batch(predictions=[0, 1], references=[0, 1])
    with pytest.raises(ValueError, match="average must be one of"):
        module.compute(average="mean")
    with pytest.raises(TypeError, match="correction must be a real number"):
        module.compute(correction="small")
    with pytest.raises(ValueError, match="Target is multiclass but average='binary'"):
        module.compute(predictions=[2], references=[2], average="binary")
    assert module._acc.stored == 2
    assert module.compute() == {"geometric_mean": 1.0}
