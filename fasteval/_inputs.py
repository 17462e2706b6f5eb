"""Input handling: anything array-like -> a validated 1-D label array.

Numeric labels come out as numpy arrays (no copy when the input already is a
numeric array); string labels come out as Arrow arrays, ready for Arrow's
hash-based dictionary encoding. Heavy libraries (torch, pyarrow, polars,
pandas) are only touched when the input is one of their objects.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["LabelArray", "as_labels", "as_weights"]


class LabelArray:
    """A validated 1-D column of labels.

    ``values`` is a numpy integer or bool array when ``kind == "number"``; a
    numpy unicode array or a pyarrow string array when ``kind == "string"``.
    ``dtype`` records the labels' own type (bool, int64, float64 ...), used to
    report labels back. (A slotted class: it is built twice per ``add_batch``.)
    """

    __slots__ = ("values", "kind", "dtype")

    def __init__(self, values: Any, kind: str, dtype: np.dtype) -> None:
        self.values = values
        self.kind = kind
        self.dtype = dtype

    def __len__(self) -> int:
        return len(self.values)


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


def _describe(x: Any) -> str:
    shape = getattr(x, "shape", None)
    return f"{type(x).__name__} of shape {tuple(shape)}" if shape is not None else type(x).__name__


def _null_error(name: str, count: int) -> ValueError:
    return ValueError(f"{name}: contains {count} null value(s); labels must not be missing")


def _from_arrow(x: Any, name: str) -> Any:
    """pyarrow Array/ChunkedArray -> numpy (numeric) or pyarrow string array."""
    import pyarrow as pa
    import pyarrow.types as pat

    if x.null_count:
        raise _null_error(name, x.null_count)
    typ = x.type
    if pat.is_dictionary(typ):
        x = x.cast(typ.value_type) if isinstance(x, pa.Array) else x.cast(typ.value_type)
        typ = x.type
    if pat.is_string(typ) or pat.is_large_string(typ) or pat.is_string_view(typ):
        if isinstance(x, pa.ChunkedArray) and x.num_chunks == 1:
            x = x.chunk(0)
        return x  # an Array, or a ChunkedArray (kept: combining could overflow 32-bit offsets)
    if pat.is_integer(typ) or pat.is_floating(typ) or pat.is_boolean(typ):
        return x.to_numpy(zero_copy_only=False)
    raise TypeError(f"{name}: expected integer, boolean or string labels, got Arrow type {typ}")


def _object_to_labels(arr: Any, name: str) -> Any:
    """Object or unicode numpy array: strings -> Arrow; numbers -> numpy; mixes rejected."""
    import pyarrow as pa

    try:
        converted = pa.array(arr, from_pandas=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise TypeError(
            f"{name}: labels must all be numbers or all be strings, got a mix ({err})"
        ) from None
    if converted.null_count:
        raise _null_error(name, converted.null_count)
    if pa.types.is_string(converted.type) or pa.types.is_large_string(converted.type):
        return converted
    if pa.types.is_null(converted.type):
        raise _null_error(name, len(converted))
    return _from_arrow(converted, name)


def _to_array(x: Any, name: str) -> Any:
    """Convert supported containers to numpy or pyarrow without copying where possible."""
    mod = _module_of(x)
    if mod == "torch":
        return x.detach().cpu().resolve_conj().resolve_neg().numpy()
    if mod == "pyarrow":
        return _from_arrow(x, name)
    if mod == "polars":
        if getattr(x, "null_count", lambda: 0)():
            raise _null_error(name, x.null_count())
        return _from_arrow(x.to_arrow(), name)
    if mod == "pandas":
        if hasattr(x, "isna") and bool(x.isna().any()):
            raise _null_error(name, int(x.isna().sum()))
        x = x.to_numpy()
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
        x = [x]
    arr = np.asarray(x)
    if arr.dtype.kind in "OU":
        # numpy turns [0, "a"] into strings: let Arrow see the original items,
        # so that a mix of numbers and strings (or a None) is caught.
        return _object_to_labels(x if isinstance(x, list) else list(x), name)
    return arr


def as_labels(x: Any, name: str) -> LabelArray:
    """Validate ``x`` as a 1-D column of class labels.

    Raises a ``ValueError``/``TypeError`` naming ``name`` for: None, empty input,
    more than one dimension (an ``(n, 1)`` column is accepted, as in
    scikit-learn), nulls or NaN, floats with a fractional part, and a mix of
    string and numeric labels.
    """
    if (
        type(x) is np.ndarray
        and x.ndim == 1
        and x.dtype.kind in "iu"
        and x.dtype != np.uint64
        and len(x)
    ):
        return LabelArray(x, "number", x.dtype)  # the common case, checked first: no conversion
    if x is None:
        raise ValueError(f"{name}: expected an array of labels, got None")
    arr = _to_array(x, name)
    if isinstance(arr, np.ndarray):
        if arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        if arr.ndim != 1:
            raise ValueError(
                f"{name}: expected a 1-D array of labels, got {_describe(arr)}"
                " (multilabel indicator matrices are not supported by this metric)"
            )
        if arr.dtype.kind == "S":
            arr = arr.astype(str)
        if arr.dtype.kind == "U":
            # fixed-width unicode: hashed as is by a Numba kernel, never converted
            if len(arr) == 0:
                raise ValueError(f"{name}: expected at least one label, got an empty input")
            return LabelArray(arr, "string", np.dtype(str))
        if arr.dtype.kind == "O":
            arr = _object_to_labels(arr, name)
    if len(arr) == 0:
        raise ValueError(f"{name}: expected at least one label, got an empty input")
    if not isinstance(arr, np.ndarray):  # Arrow strings
        return LabelArray(arr, "string", np.dtype(str))
    kind = arr.dtype.kind
    if kind == "b":
        return LabelArray(arr.view(np.uint8), "number", np.dtype(bool))
    if kind in "iu":
        if arr.dtype == np.uint64 and arr.max() > np.iinfo(np.int64).max:
            raise ValueError(f"{name}: integer labels must be below 2**63, got {arr.max()}")
        return LabelArray(arr, "number", arr.dtype)
    if kind == "f":
        from fasteval.kernels import first_invalid_float_label

        bad = first_invalid_float_label(arr)
        if bad >= 0:
            value = arr[bad]
            what = "NaN" if np.isnan(value) else "a non-integer value"
            raise ValueError(
                f"{name}: expected class labels, found {what} ({value!r}) at position {bad};"
                " floats must be whole numbers (for scores or probabilities use a score metric)"
            )
        return LabelArray(arr.astype(np.int64), "number", np.dtype(np.float64))
    raise TypeError(f"{name}: expected integer, boolean or string labels, got dtype {arr.dtype}")


def as_weights(x: Any, n: int, name: str = "sample_weight") -> np.ndarray:
    """Validate sample weights: 1-D, finite, float64, length ``n``."""
    arr = _to_array(x, name)
    if isinstance(arr, np.ndarray) and arr.dtype.kind in "biuf":
        arr = np.asarray(arr, dtype=np.float64)
    else:
        raise TypeError(f"{name}: expected numeric weights, got {_describe(arr)}")
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array, got {_describe(arr)}")
    if arr.shape[0] != n:
        raise ValueError(f"{name}: expected {n} weights (one per row), got {arr.shape[0]}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: weights must be finite, found NaN or infinity")
    return arr


def check_label_kinds(*columns: tuple[LabelArray, str], stored: str | None = None) -> None:
    """All ``(column, name)`` pairs, and the labels already ``stored``, are numbers, or all strings."""
    first = columns[0][0].kind
    if all(col.kind == first for col, _ in columns) and stored in (None, first):
        return
    names = ", ".join(f"{name}: {col.kind}s" for col, name in columns)
    seen = f", earlier batches: {stored}s" if stored else ""
    raise TypeError(
        f"labels must be all numbers or all strings, got a mix of string and number ({names}{seen})"
    )


def check_same_length(
    y_true: LabelArray, y_pred: LabelArray, true_name: str, pred_name: str
) -> None:
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"{pred_name} and {true_name} must have the same length,"
            f" got {len(y_pred)} and {len(y_true)}"
        )
