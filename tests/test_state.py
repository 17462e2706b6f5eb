"""LabelCounts: label vocabulary modes, growth, merging, and the counts view."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix as sk_cm

from fasteval._inputs import as_labels
from fasteval._state import IDENTITY_LIMIT_WITH_MATRIX, LabelCounts


def fold(state, refs, preds, weights=None):
    state.update(as_labels(refs, "references"), as_labels(preds, "predictions"), weights)
    return state


def reference_view(refs, preds, weights=None):
    labels = np.unique(np.concatenate([np.asarray(refs), np.asarray(preds)]))
    t, p = np.searchsorted(labels, refs), np.searchsorted(labels, preds)
    w = None if weights is None else np.asarray(weights)
    k = len(labels)
    true = np.bincount(t, weights=w, minlength=k)
    pred = np.bincount(p, weights=w, minlength=k)
    tp = np.bincount(t[t == p], weights=None if w is None else w[t == p], minlength=k)
    return labels, tp, pred, true


label_values = st.one_of(
    st.integers(0, 5),
    st.integers(0, 200),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([-1, 0, 1, 300, 10**12]),
)


@given(
    pairs=st.lists(st.tuples(label_values, label_values), min_size=1, max_size=300),
    cuts=st.lists(st.integers(0, 300), max_size=6),
    matrix=st.booleans(),
    weighted=st.booleans(),
)
def test_streamed_counts_equal_bincount(pairs, cuts, matrix, weighted):
    refs = np.array([a for a, _ in pairs], dtype=np.int64)
    preds = np.array([b for _, b in pairs], dtype=np.int64)
    w = np.linspace(0.25, 4.0, len(refs)) if weighted else None
    state = LabelCounts(matrix=matrix)
    bounds = sorted({0, len(refs), *[c for c in cuts if c < len(refs)]})
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        fold(state, refs[lo:hi], preds[lo:hi], None if w is None else w[lo:hi])
    view = state.view()
    labels, tp, pred, true = reference_view(refs, preds, w)
    np.testing.assert_array_equal(view.labels, labels)
    np.testing.assert_array_equal(view.tp, tp)
    np.testing.assert_array_equal(view.pred, pred)
    np.testing.assert_array_equal(view.true, true)
    if matrix:
        np.testing.assert_array_equal(
            view.matrix, sk_cm(refs, preds, labels=labels, sample_weight=w)
        )


def test_identity_mode_then_switch_to_hash_keeps_counts():
    state = LabelCounts(matrix=True)
    fold(state, [0, 1, 2, 2], [0, 2, 2, 1])
    assert state.vocab.identity
    fold(state, [IDENTITY_LIMIT_WITH_MATRIX + 5, 1], [0, -3])
    assert not state.vocab.identity
    refs = [0, 1, 2, 2, IDENTITY_LIMIT_WITH_MATRIX + 5, 1]
    preds = [0, 2, 2, 1, 0, -3]
    view = state.view()
    np.testing.assert_array_equal(view.labels, [-3, 0, 1, 2, IDENTITY_LIMIT_WITH_MATRIX + 5])
    np.testing.assert_array_equal(view.matrix, sk_cm(refs, preds))


def test_zero_weight_labels_are_present():
    state = fold(LabelCounts(), [0, 1, 2], [0, 1, 1], np.array([1.0, 1.0, 0.0]))
    view = state.view()
    assert view.labels.tolist() == [0, 1, 2]  # label 2 occurs, with weight 0: scikit-learn lists it
    assert view.true.tolist() == [1.0, 1.0, 0.0]


def test_unweighted_then_weighted_batches():
    state = fold(LabelCounts(), [0, 1, 1], [0, 1, 0])
    fold(state, [1, 2], [1, 2], np.array([0.5, 2.0]))
    view = state.view()
    assert view.weighted and view.total == 5.5 and view.correct == 4.5
    np.testing.assert_array_equal(view.true, [1.0, 2.5, 2.0])


def test_label_types_are_reported_back():
    assert fold(LabelCounts(), [True, False], [True, True]).view().labels.dtype == bool
    assert fold(LabelCounts(), [1.0, 2.0], [2.0, 2.0]).view().labels.tolist() == [1.0, 2.0]
    assert fold(LabelCounts(), ["b", "a"], ["a", "c"]).view().labels.tolist() == ["a", "b", "c"]


def test_merge_across_modes_and_kinds():
    a = fold(LabelCounts(), [0, 1, 2], [0, 1, 1])  # identity mode
    b = fold(LabelCounts(), [10**9, 1], [1, 1])  # hash mode
    a.merge(b)
    labels, tp, pred, true = reference_view([0, 1, 2, 10**9, 1], [0, 1, 1, 1, 1])
    view = a.view()
    np.testing.assert_array_equal(view.labels, labels)
    np.testing.assert_array_equal(view.tp, tp)
    np.testing.assert_array_equal(view.pred, pred)
    s1, s2 = fold(LabelCounts(), ["x", "y"], ["y", "y"]), fold(LabelCounts(), ["z"], ["x"])
    s1.merge(s2)
    assert s1.view().labels.tolist() == ["x", "y", "z"] and s1.view().true.tolist() == [1, 1, 1]
    with pytest.raises(TypeError, match="mix of string and number"):
        s1.merge(fold(LabelCounts(), [1], [1]))


def test_view_is_cached_until_the_counts_change():
    state = fold(LabelCounts(), [0, 1], [0, 0])
    first = state.view()
    assert state.view() is first
    fold(state, [1], [1])
    assert state.view() is not first and state.view().tp.tolist() == [1, 1]


def test_matrix_size_limit_is_a_clear_error():
    state = LabelCounts(matrix=True)
    refs = np.arange(20_000) * 3
    with pytest.raises(ValueError, match="confusion matrix of 20000 x 20000 labels needs .* GiB"):
        fold(state, refs, refs)


def test_many_string_labels():
    rng = np.random.default_rng(0)
    names = np.array([f"class-{i:06d}" for i in range(50_000)])
    refs, preds = names[rng.integers(0, 50_000, 200_000)], names[rng.integers(0, 50_000, 200_000)]
    view = fold(LabelCounts(), refs, preds).view()
    labels, tp, pred, true = reference_view(refs, preds)
    np.testing.assert_array_equal(view.labels, labels)
    np.testing.assert_array_equal(view.true, true)


def test_repeated_merges_keep_zero_weight_labels_present():
    total = fold(LabelCounts(), [0], [0], np.array([1.0]))
    for _ in range(300):  # more merges than a uint8 flag could count
        total.merge(fold(LabelCounts(), [0, 5], [0, 0], np.array([1.0, 0.0])))
    view = total.view()
    assert view.labels.tolist() == [0, 5] and view.true.tolist() == [301.0, 0.0]


def test_parallel_counts_equal_serial(monkeypatch):
    import fasteval._state as state_module

    rng = np.random.default_rng(12)
    for k in (3, 50, 5000):  # joint table path, and per-class path
        refs, preds = rng.integers(0, k, 50_000), rng.integers(0, k, 50_000)
        serial = fold(LabelCounts(), refs, preds).view()
        monkeypatch.setattr(state_module, "PARALLEL_ROWS", 1000)
        parallel = fold(LabelCounts(), refs, preds).view()
        monkeypatch.setattr(state_module, "PARALLEL_ROWS", 1 << 20)
        for name in ("labels", "tp", "pred", "true"):
            np.testing.assert_array_equal(getattr(parallel, name), getattr(serial, name))
        labels, tp, pred, true = reference_view(refs, preds)
        np.testing.assert_array_equal(parallel.tp, tp)


def test_numpy_counts_before_the_kernels_load_equal_the_kernel_counts(monkeypatch):
    """The cold-process numpy path (chunked bincount) gives the kernels' integers."""
    import fasteval._state as state_module

    rng = np.random.default_rng(13)
    for k, dtype in ((2, np.bool_), (10, np.int8), (64, np.uint64), (65, np.int64)):
        refs = rng.integers(0, k, 20_000).astype(dtype)
        preds = rng.integers(0, k, 20_000).astype(dtype)
        kernel = fold(LabelCounts(matrix=True), refs, preds)
        monkeypatch.setattr(state_module, "_kernels_loaded", lambda: False)
        monkeypatch.setattr(state_module, "_cold_rows", 0)
        monkeypatch.setattr(state_module, "NUMPY_CHUNK", 4097)  # several uneven chunks
        cold = fold(LabelCounts(matrix=True), refs, preds)
        monkeypatch.undo()
        for name in ("labels", "tp", "pred", "true"):
            np.testing.assert_array_equal(getattr(cold.view(), name), getattr(kernel.view(), name))
        np.testing.assert_array_equal(cold.matrix, kernel.matrix)
        labels, tp, pred, true = reference_view(refs, preds)
        np.testing.assert_array_equal(cold.view().tp, tp)


def test_a_refused_fold_leaves_no_phantom_labels():
    state = fold(LabelCounts(matrix=True), ["a", "b"], ["a", "a"])
    too_many = np.array([f"label-{i}" for i in range(20_000)])
    with pytest.raises(ValueError, match="confusion matrix of"):
        fold(state, too_many, too_many)
    view = state.view()
    assert view.labels.tolist() == ["a", "b"] and view.true.tolist() == [1, 1]
    np.testing.assert_array_equal(view.matrix, [[1, 0], [1, 0]])
