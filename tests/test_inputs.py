"""Every supported container gives the same counts; bad input gets a clear error."""

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from sklearn.metrics import confusion_matrix as sk_confusion_matrix

from fasteval._inputs import as_labels, as_weights
from fasteval.functional import accuracy_score, confusion_matrix, count_labels, f1_score

REFS = [0, 1, 2, 0, 1, 2, 2]
PREDS = [0, 2, 1, 0, 0, 1, 2]
EXPECTED_CM = np.array([[2, 0, 0], [1, 0, 1], [0, 2, 1]])


def containers():
    yield "list", list
    yield "tuple", tuple
    for dtype in (
        np.int8,
        np.int16,
        np.int32,
        np.int64,
        np.uint8,
        np.uint16,
        np.uint32,
        np.uint64,
        np.float32,
        np.float64,
    ):
        yield f"numpy-{np.dtype(dtype).name}", lambda x, d=dtype: np.asarray(x, dtype=d)
    yield "numpy-strided", lambda x: np.repeat(np.asarray(x), 2)[::2]
    yield "numpy-column", lambda x: np.asarray(x).reshape(-1, 1)
    yield "arrow-array", lambda x: pa.array(x)
    yield "arrow-int8", lambda x: pa.array(x, type=pa.int8())
    yield "arrow-chunked", lambda x: pa.chunked_array([x[:3], x[3:]])
    yield "polars", lambda x: pl.Series(x)
    yield "polars-int16", lambda x: pl.Series(x, dtype=pl.Int16)
    yield "pandas", lambda x: pd.Series(x)
    yield "pandas-nullable", lambda x: pd.Series(x, dtype="Int64")


@pytest.mark.parametrize("name,make", list(containers()), ids=[n for n, _ in containers()])
def test_every_container_gives_the_same_matrix(name, make):
    np.testing.assert_array_equal(sk_confusion_matrix(REFS, PREDS), EXPECTED_CM)
    np.testing.assert_array_equal(confusion_matrix(make(REFS), make(PREDS)), EXPECTED_CM)


def test_torch_tensors():
    torch = pytest.importorskip("torch")
    refs, preds = torch.tensor(REFS), torch.tensor(PREDS)
    np.testing.assert_array_equal(confusion_matrix(refs, preds), EXPECTED_CM)
    np.testing.assert_array_equal(confusion_matrix(refs.to(torch.int32), preds.long()), EXPECTED_CM)
    logits = torch.randn(7, 3, requires_grad=True)
    assert accuracy_score(refs, logits.argmax(dim=-1)) == accuracy_score(
        REFS, logits.argmax(dim=-1).tolist()
    )
    assert accuracy_score(torch.tensor([True, False]), torch.tensor([True, True])) == 0.5


@pytest.mark.parametrize(
    "make",
    [
        lambda x: x,
        lambda x: np.array(x),
        lambda x: np.array(x, dtype=object),
        lambda x: pa.array(x),
        lambda x: pa.array(x, type=pa.large_string()),
        lambda x: pa.array(x).dictionary_encode(),
        lambda x: pl.Series(x),
        lambda x: pl.Series(x, dtype=pl.Categorical),
        lambda x: pd.Series(x),
        lambda x: pd.Series(x, dtype="category"),
        lambda x: np.array(x, dtype="S"),
    ],
)
def test_string_labels_from_every_container(make):
    refs = ["cat", "dog", "bird", "cat", "dog", "bird", "bird"]
    preds = ["cat", "bird", "dog", "cat", "cat", "dog", "bird"]
    expected = sk_confusion_matrix(refs, preds)
    np.testing.assert_array_equal(expected, [[1, 0, 2], [0, 2, 0], [1, 1, 0]])
    np.testing.assert_array_equal(confusion_matrix(make(refs), make(preds)), expected)


def test_no_copy_for_contiguous_numeric_arrays():
    arr = np.arange(10, dtype=np.int32)
    assert as_labels(arr, "x").values is arr
    arrow = pa.array(np.arange(10))
    assert np.shares_memory(
        as_labels(arrow, "x").values, np.frombuffer(arrow.buffers()[1], dtype=np.int64)
    )


def test_bool_labels_are_viewed_not_copied():
    arr = np.array([True, False, True])
    out = as_labels(arr, "x")
    assert out.dtype == np.dtype(bool) and np.shares_memory(out.values, arr)
    assert f1_score(arr, np.array([True, True, True])) == pytest.approx(0.8)


def test_large_and_negative_int_labels():
    refs = np.array([-(2**62), 5, 2**62, 5, -1])
    preds = np.array([-(2**62), 5, 5, 5, 2**62])
    np.testing.assert_array_equal(
        confusion_matrix(refs, preds), [[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 2, 0], [0, 0, 1, 0]]
    )
    assert count_labels(refs, preds).labels.tolist() == [-(2**62), -1, 5, 2**62]


@pytest.mark.parametrize(
    "bad,error,match",
    [
        (None, ValueError, "y_pred: expected an array of labels, got None"),
        ([], ValueError, "y_pred: expected at least one label"),
        # a 2-D y_pred is a multilabel indicator matrix: y_true (1-D) cannot go with it
        (
            np.zeros((3, 2), dtype=int),
            ValueError,
            r"y_true: expected a 2-D indicator matrix.*single-label targets cannot be mixed",
        ),
        ([0.0, np.nan, 1.0], ValueError, r"y_pred: .*NaN.*position 1"),
        ([0.0, 0.5, 1.0], ValueError, r"y_pred: .*non-integer value \(.*0\.5.*\) at position 1"),
        ([0, None, 1], ValueError, "y_pred: contains 1 null"),
        (pa.array([0, None, 1]), ValueError, "y_pred: contains 1 null"),
        (pl.Series([0, None, 1]), ValueError, "y_pred: contains 1 null"),
        (pd.Series([0, None, 1], dtype="Int64"), ValueError, "y_pred: contains 1 null"),
        ([0, "a", 1], TypeError, "y_pred: labels must all be numbers or all be strings"),
        (np.array([1 + 2j, 0, 0]), TypeError, "y_pred: expected integer, boolean or string labels"),
    ],
)
def test_bad_labels_name_the_argument(bad, error, match):
    with pytest.raises(error, match=match):
        accuracy_score([0, 1, 1], bad)


def test_mismatched_lengths_and_kinds():
    with pytest.raises(
        ValueError, match="y_pred and y_true must have the same length, got 2 and 3"
    ):
        accuracy_score([0, 1, 1], [0, 1])
    with pytest.raises(TypeError, match="mix of string and number"):
        accuracy_score([0, 1], ["a", "b"])


@pytest.mark.parametrize(
    "weights,error,match",
    [
        ([1.0, 2.0], ValueError, "sample_weight: expected 3 weights"),
        ([1.0, np.nan, 2.0], ValueError, "sample_weight: weights must be finite"),
        (np.ones((3, 1)), ValueError, "sample_weight: expected a 1-D array"),
        (["a", "b", "c"], TypeError, "sample_weight: expected numeric weights"),
    ],
)
def test_bad_weights(weights, error, match):
    with pytest.raises(error, match=match):
        accuracy_score([0, 1, 1], [0, 1, 0], sample_weight=weights)


def test_weights_accept_containers():
    w = as_weights(pl.Series([1, 2, 3]), 3)
    assert w.dtype == np.float64 and w.tolist() == [1.0, 2.0, 3.0]


def test_numpy_unicode_labels_are_hashed_without_conversion():
    refs = np.array(["ünï", "cödé", "", "ünï", "a" * 40])
    preds = np.array(["cödé", "cödé", "", "x", "a" * 40])
    out = as_labels(refs, "y_true")
    assert out.kind == "string" and out.values is refs
    np.testing.assert_array_equal(confusion_matrix(refs, preds), sk_confusion_matrix(refs, preds))
    # numpy and Arrow batches share one vocabulary
    import fasteval

    m = fasteval.load("accuracy")
    m.add_batch(predictions=preds, references=refs)
    m.add_batch(predictions=pa.array(preds.tolist()), references=pa.array(refs.tolist()))
    m.add_batch(predictions=list(preds), references=list(refs))
    assert m.compute() == {"accuracy": 0.6}
