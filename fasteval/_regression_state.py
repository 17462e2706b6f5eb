"""Inputs and mergeable states of the regression metrics.

Three statistics stream in O(outputs) memory; the fourth keeps the values:

* :class:`ErrorSums` (mse, rmse, mae, mape, smape): per output, the
  (weighted) sum of one per-row error term and the sum of weights.
* :class:`VarianceSums` (r_squared): per output, the weight, mean and sum of
  squared deviations of the references (merged with Chan et al.'s pairwise
  update) and the residual sum of squares.
* :class:`CoMoments` (pearsonr): count, means, sums of squares and the
  co-moment of two columns (Chan et al.'s update), plus whether each column is
  constant.
* :class:`PairedValues` (spearmanr, kendall_tau): rank statistics need every
  value, so the pairs are kept (two float64 arrays, 16 bytes a row).

A batch is validated by computing its statistic: the kernels sum the terms of
every row, and a non-finite sum (a NaN or infinite input makes one) triggers
an exact search for the offending row. So one pass both checks and
summarizes the batch, and nothing is stored before the batch is known to be
good. One batch summed alone gives the bits numpy (so scikit-learn) gives:
the kernels follow numpy's pairwise summation; batches are then joined with
compensated (Neumaier) sums, and variances with Chan's update.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from fasteval._inputs import _describe, _module_of

__all__ = [
    "CoMoments",
    "ErrorSums",
    "PairedValues",
    "VarianceSums",
    "as_float_values",
    "raise_non_finite",
    "paired_values",
]

# per-row error terms of ErrorSums
TERMS = ("squared", "absolute", "absolute_percentage", "symmetric_percentage")
# below this many rows the serial kernels are used (threads cost more than they save)
PARALLEL_ROWS = 1 << 21
# stands in for the weights of an unweighted batch (never read)
_NO_WEIGHTS = np.zeros(1)


_KERNELS: Any = None


def _kernels() -> Any:
    """``fasteval.kernels.regression``, imported (and Numba loaded) on first use."""
    global _KERNELS
    if _KERNELS is None:
        from fasteval.kernels import regression

        _KERNELS = regression
    return _KERNELS


# -- inputs ------------------------------------------------------------------------------


def _null_error(name: str, count: int) -> ValueError:
    return ValueError(f"{name}: contains {count} null value(s); values must not be missing")


def _from_arrow(x: Any, name: str) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.types as pat

    if isinstance(x, pa.ChunkedArray):
        x = x.combine_chunks() if x.num_chunks != 1 else x.chunk(0)
    if x.null_count:
        raise _null_error(name, x.null_count)
    typ = x.type
    if pat.is_integer(typ) or pat.is_floating(typ) or pat.is_boolean(typ):
        return x.to_numpy(zero_copy_only=False)
    if pat.is_fixed_size_list(typ) or pat.is_list(typ) or pat.is_large_list(typ):
        if pat.is_fixed_size_list(typ):
            width = typ.list_size
        else:
            lengths = x.value_lengths().to_numpy(zero_copy_only=False)
            width = int(lengths[0]) if len(lengths) else 0
            if len(lengths) and (lengths != width).any():
                raise ValueError(
                    f"{name}: rows of a multi-output input must all have the same number of"
                    f" values, got lengths {sorted(set(lengths.tolist()))[:5]}"
                )
        values = x.flatten()
        if values.null_count:
            raise _null_error(name, values.null_count)
        flat = _from_arrow(values, name)
        return flat.reshape(len(x), width)
    raise TypeError(f"{name}: expected numbers, got Arrow type {typ}")


def _to_numeric(x: Any, name: str) -> np.ndarray:
    mod = _module_of(x)
    if mod == "torch":
        tensor = x.detach().cpu().resolve_conj().resolve_neg()
        try:
            return tensor.numpy()
        except TypeError:  # bfloat16 and other dtypes numpy lacks
            return tensor.double().numpy()
    if mod == "pyarrow":
        return _from_arrow(x, name)
    if mod == "polars":
        if hasattr(x, "to_arrow") and hasattr(x, "null_count") and callable(x.null_count):
            nulls = x.null_count()
            if not isinstance(nulls, int):  # a DataFrame: one count per column
                nulls = int(nulls.sum_horizontal().item())
                if nulls:
                    raise _null_error(name, nulls)
                return x.to_numpy()
            if nulls:
                raise _null_error(name, nulls)
            return _from_arrow(x.to_arrow(), name)
        return np.asarray(x.to_numpy())
    if mod == "pandas":
        missing = x.isna()
        count = int(np.asarray(missing).sum())
        if count:
            raise _null_error(name, count)
        return x.to_numpy()
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name}: expected numbers, got a string")
    try:
        arr = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(
            f"{name}: rows of a multi-output input must all have the same number of values ({err})"
        ) from None
    return arr


def as_float_values(x: Any, name: str) -> np.ndarray:
    """Validate ``x`` as regression values: a C-contiguous float64 array of shape (n,) or (n, k).

    Accepts lists (nested lists for several outputs), numpy arrays, torch
    tensors, pyarrow arrays (numeric, or fixed-size lists for several
    outputs), polars and pandas Series/DataFrames. A contiguous float64 numpy
    array is used as is (no copy). Raises a ``ValueError``/``TypeError``
    naming ``name`` for None, scalars, empty input, more than two dimensions,
    nulls, strings and other non-numbers. NaN and infinity are found where
    the values are summed (see :meth:`ErrorSums.from_batch`).
    """
    if (
        type(x) is np.ndarray
        and x.dtype == np.float64
        and x.ndim == 1
        and x.shape[0]
        and x.flags.c_contiguous
    ):
        return x  # the common case, checked first: no conversion
    if x is None:
        raise ValueError(f"{name}: expected an array of numbers, got None")
    arr = _to_numeric(x, name)
    kind = arr.dtype.kind
    if kind in "US":
        raise TypeError(f"{name}: expected numbers, got strings (dtype {arr.dtype})")
    if kind == "c":
        raise TypeError(f"{name}: complex values are not supported")
    if kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name}: expected numbers, got {_describe(arr)} ({err})") from None
    elif kind not in "biuf":
        raise TypeError(f"{name}: expected numbers, got dtype {arr.dtype}")
    if arr.ndim == 0:
        raise ValueError(f"{name}: expected a 1-D or 2-D array of numbers, got a scalar")
    if arr.ndim > 2:
        raise ValueError(
            f"{name}: expected a 1-D array (one output) or a 2-D array (n_samples, n_outputs),"
            f" got {_describe(arr)}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name}: expected at least one value, got an empty input")
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise ValueError(f"{name}: expected at least one output column, got {_describe(arr)}")
    return np.ascontiguousarray(arr, dtype=np.float64)


#: argument names of the evaluate-style modules: (references, predictions)
MODULE_NAMES = ("references", "predictions")


def paired_values(
    references: Any,
    predictions: Any,
    outputs: int | None = None,
    names: tuple[str, str] = MODULE_NAMES,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Validate references and predictions together: ``(y_true, y_pred, n_outputs)``.

    A 1-D input and an (n, 1) column are the same single output (as in
    scikit-learn); single-output values come back 1-D, several outputs as
    (n, k). ``outputs`` is the number of outputs already stored, if any;
    ``names`` name the two arguments in error messages.
    """
    true_name, pred_name = names
    y_true = as_float_values(references, true_name)
    y_pred = as_float_values(predictions, pred_name)
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"{pred_name} and {true_name} must have the same number of rows,"
            f" got {y_pred.shape[0]} and {y_true.shape[0]}"
        )
    k_true = 1 if y_true.ndim == 1 else y_true.shape[1]
    k_pred = 1 if y_pred.ndim == 1 else y_pred.shape[1]
    if k_true != k_pred:
        raise ValueError(
            f"{pred_name} and {true_name} must have the same number of outputs (columns),"
            f" got {k_pred} and {k_true}"
        )
    if outputs is not None and k_true != outputs:
        raise ValueError(
            f"this batch has {k_true} output(s) per row but the rows added before have {outputs};"
            " every batch must have the same number of outputs"
        )
    if k_true == 1:
        return y_true.reshape(-1), y_pred.reshape(-1), 1
    return y_true, y_pred, k_true


def raise_non_finite(*columns: tuple[np.ndarray | None, str]) -> None:
    """Raise a ``ValueError`` naming the first column and row holding NaN or infinity, if any."""
    kernels = _kernels()
    for values, name in columns:
        if values is None:
            continue
        flat = values.reshape(-1)
        bad = kernels.first_non_finite(flat)
        if bad >= 0:
            value = flat[bad]
            row = bad // (values.shape[1] if values.ndim == 2 else 1)
            what = "NaN" if np.isnan(value) else "infinity"
            raise ValueError(f"{name}: contains {what} at row {row}; values must be finite")


def _check_finite_sums(sums: np.ndarray, *columns: tuple[np.ndarray | None, str]) -> None:
    """A non-finite sum means a non-finite input or an overflow: find which, raise for the former."""
    finite = all(map(math.isfinite, sums.flat)) if sums.size <= 8 else np.isfinite(sums).all()
    if not finite:
        raise_non_finite(*columns)


# -- compensated sums ----------------------------------------------------------------------


def _two_sum(total: np.ndarray, error: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Neumaier's compensated addition of ``x`` to ``total`` (in place on ``error``); returns the new total."""
    if total.shape[0] == 1:  # one output: plain floats are much faster than numpy calls
        s, v = float(total[0]), float(x[0])
        t = s + v
        if math.isfinite(t):
            error[0] += (s - t) + v if abs(s) >= abs(v) else (v - t) + s
        else:
            error[0] = math.nan
        return np.array([t])
    new = total + x
    with np.errstate(invalid="ignore", over="ignore"):
        error += np.where(np.abs(total) >= np.abs(x), (total - new) + x, (x - new) + total)
    return new


def _compensated(total: np.ndarray, error: np.ndarray) -> np.ndarray:
    """``total + error``, or ``total`` where the compensation is not finite (inf or NaN sums)."""
    with np.errstate(invalid="ignore", over="ignore"):
        out = total + error
    return np.where(np.isfinite(error), out, total)


def _sums(
    q0: int,
    q1: int,
    q2: int,
    t: np.ndarray,
    p: np.ndarray,
    w: np.ndarray | None,
    a: float | np.ndarray = 0.0,
    b: float | np.ndarray = 0.0,
) -> np.ndarray:
    """Sums of up to three terms: shape (3,) for 1-D inputs, (3, k) for (n, k) inputs.

    1-D sums are numpy's pairwise sums (bitwise); columns are summed row after
    row, as numpy reduces a C-ordered (n, k) array along axis 0.
    """
    kernels = _kernels()
    has_w = w is not None
    weights = w if has_w else _NO_WEIGHTS
    if t.ndim == 1:
        kernel = (
            kernels.pairwise_sums_parallel if t.shape[0] >= PARALLEL_ROWS else kernels.pairwise_sums
        )
        a_val = a if isinstance(a, float) else float(np.ravel(a)[0])
        b_val = b if isinstance(b, float) else float(np.ravel(b)[0])
        return np.array(kernel(q0, q1, q2, t, p, weights, has_w, a_val, b_val))
    k = t.shape[1]
    out = np.zeros((3, k))
    a_cols = np.broadcast_to(np.asarray(a, dtype=np.float64), (k,)).copy()
    b_cols = np.broadcast_to(np.asarray(b, dtype=np.float64), (k,)).copy()
    kernel = kernels.column_sums_parallel if t.size >= PARALLEL_ROWS else kernels.column_sums
    kernel(q0, q1, q2, t, p, weights, has_w, a_cols, b_cols, out)
    return out


def _check_non_negative(weights: np.ndarray) -> None:
    """R^2's mergeable variance needs non-negative weights: raise naming the first negative one."""
    if float(np.min(weights)) < 0:
        row = int(np.argmax(weights < 0))
        raise ValueError(
            f"sample_weight: R^2 (r_squared, r2_score) needs non-negative weights, found"
            f" {weights[row]!r} at row {row} (scikit-learn's r2_score accepts negative"
            " weights; fasteval's mergeable variance does not)"
        )


def _constant_columns(
    values: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, int]:
    """Per column, whether the rows of non-zero weight hold one value; and the first such row."""
    kernels = _kernels()
    table = values.reshape(values.shape[0], -1)
    out = np.empty(table.shape[1], dtype=np.bool_)
    has_w = weights is not None
    ref = kernels.constant_columns(table, weights if has_w else _NO_WEIGHTS, has_w, out)
    return out, int(ref)


def _weight_sum(w: np.ndarray) -> float:
    """``np.sum(w)`` (pairwise), as scikit-learn's weighted averages divide by it."""
    k = _kernels()
    return float(_sums(k.ONE, k.NONE, k.NONE, w, w, w)[0])


# -- mean errors -----------------------------------------------------------------------------


class ErrorSums:
    """Per-output (weighted) sums of one per-row error term, and the sum of weights.

    ``term`` is ``"squared"`` (mse, rmse), ``"absolute"`` (mae),
    ``"absolute_percentage"`` (mape) or ``"symmetric_percentage"`` (smape).
    A batch without ``sample_weight`` counts each row with weight 1.

    >>> import numpy as np
    >>> state = ErrorSums("squared")
    >>> state.update(stats=ErrorSums.from_batch("squared", np.array([3.0, -0.5]), np.array([2.5, 0.0])))
    >>> state.update(stats=ErrorSums.from_batch("squared", np.array([2.0, 7.0]), np.array([2.0, 8.0])))
    >>> state.rows, state.sums(), state.denominator()
    (4, array([1.5]), 4.0)
    """

    def __init__(self, term: str) -> None:
        if term not in TERMS:
            raise ValueError(f"term must be one of {TERMS}, got {term!r}")
        self.term = term
        self.reset()

    def reset(self) -> None:
        self.rows = 0
        self.outputs: int | None = None
        self.total = np.zeros(0)
        self.error = np.zeros(0)
        self.weight = np.zeros(1)
        self.weight_error = np.zeros(1)
        self.weighted = False

    @classmethod
    def from_batch(
        cls,
        term: str,
        y_true: np.ndarray,
        y_pred: np.ndarray,
        sample_weight: np.ndarray | None = None,
        names: tuple[str, str] = MODULE_NAMES,
    ) -> ErrorSums:
        """The statistic of one validated batch (raises ``ValueError`` on NaN or infinity)."""
        k = _kernels()
        code = {
            "squared": k.SQUARED,
            "absolute": k.ABSOLUTE,
            "absolute_percentage": k.ABS_PERCENT,
            "symmetric_percentage": k.SYM_PERCENT,
        }[term]
        # one output: the weights are summed in the same traversal (the same bits)
        fused = sample_weight is not None and y_true.ndim == 1
        sums = _sums(code, k.ONE if fused else k.NONE, k.NONE, y_true, y_pred, sample_weight)
        _check_finite_sums(sums[0], (y_true, names[0]), (y_pred, names[1]))
        out = cls(term)
        out.rows = y_true.shape[0]
        out.outputs = 1 if y_true.ndim == 1 else y_true.shape[1]
        out.total = np.atleast_1d(sums[0]).astype(np.float64)
        out.error = np.zeros_like(out.total)
        if sample_weight is not None:
            out.weighted = True
            weight = float(sums[1]) if fused else _weight_sum(sample_weight)
            out.weight = np.array([weight])
        else:
            out.weight = np.array([float(out.rows)])
        return out

    def _check_mergeable(self, other: ErrorSums) -> None:
        if other.term != self.term:
            raise ValueError(f"cannot merge {other.term} sums into {self.term} sums")
        if self.outputs is not None and other.outputs is not None and other.outputs != self.outputs:
            raise ValueError(
                f"cannot merge a state of {other.outputs} output(s) into one of {self.outputs}"
            )

    def merge(self, other: ErrorSums) -> None:
        """Add ``other``'s rows (exact when this state is empty)."""
        self._check_mergeable(other)
        if other.rows == 0:
            return
        if self.rows == 0:
            self.total, self.error = other.total.copy(), other.error.copy()
            self.weight, self.weight_error = other.weight.copy(), other.weight_error.copy()
        else:
            self.total = _two_sum(self.total, self.error, other.total)
            self.error += other.error
            self.weight = _two_sum(self.weight, self.weight_error, other.weight)
            self.weight_error += other.weight_error
        self.rows += other.rows
        self.outputs = other.outputs
        self.weighted = self.weighted or other.weighted

    def update(self, *, stats: ErrorSums) -> None:
        self.merge(stats)

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        joined = ErrorSums(self.term)
        for batch in batches:
            joined.merge(batch["stats"])
        return {"stats": joined}

    def sums(self) -> np.ndarray:
        """Per-output sums of the (weighted) terms."""
        return _compensated(self.total, self.error)

    def denominator(self) -> float:
        """Sum of weights (the row count when no batch was weighted)."""
        if not self.weighted:
            return float(self.rows)
        return float(_compensated(self.weight, self.weight_error)[0])


# -- r squared -------------------------------------------------------------------------------


class VarianceSums:
    """Per-output weight, mean and squared deviations of the references, and residual squares.

    One batch is summed in two passes (its mean first, then the deviations
    from it), as scikit-learn's ``r2_score`` does (a constant column gets
    exactly its value as mean and 0 as sum of squares); batches are joined with
    Chan et al.'s update ``M2 = M2_a + M2_b + delta**2 * W_a * W_b / W``, which
    is stable, so streaming in any chunking agrees with the one-shot result to
    about 1e-15 relative.

    >>> import numpy as np
    >>> state = VarianceSums()
    >>> y_true, y_pred = np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0])
    >>> state.update(stats=VarianceSums.from_batch(y_true[:2], y_pred[:2]))
    >>> state.update(stats=VarianceSums.from_batch(y_true[2:], y_pred[2:]))
    >>> state.mean, state.m2, state.residual()
    (array([2.875]), array([29.1875]), array([1.5]))
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.rows = 0
        self.outputs: int | None = None
        self.weight = 0.0
        self.mean = np.zeros(0)
        self.m2 = np.zeros(0)
        self.resid = np.zeros(0)
        self.resid_error = np.zeros(0)
        self.weighted = False

    @classmethod
    def from_batch(
        cls,
        y_true: np.ndarray,
        y_pred: np.ndarray,
        sample_weight: np.ndarray | None = None,
        names: tuple[str, str] = MODULE_NAMES,
    ) -> VarianceSums:
        """The statistic of one validated batch (raises ``ValueError`` on NaN or infinity)."""
        k = _kernels()
        weighted = sample_weight is not None
        fused = weighted and y_true.ndim == 1  # the weights summed in the same traversal
        first = _sums(
            k.VALUE_T, k.ONE if fused else k.NONE, k.SQUARED, y_true, y_pred, sample_weight
        )
        _check_finite_sums(first[[0, 2]], (y_true, names[0]), (y_pred, names[1]))
        out = cls()
        out.rows = y_true.shape[0]
        out.outputs = 1 if y_true.ndim == 1 else y_true.shape[1]
        out.weighted = weighted
        if fused:
            weight = float(first[1])
        else:
            weight = _weight_sum(sample_weight) if weighted else float(out.rows)
        if weighted and (not fused or weight <= 0.0):
            _check_non_negative(sample_weight)  # else checked in the second pass
        out.weight = weight
        out.resid = np.atleast_1d(first[2]).astype(np.float64)
        out.resid_error = np.zeros_like(out.resid)
        if weight == 0.0:  # every weight is zero: the batch carries no variance
            out.mean = np.zeros_like(out.resid)
            out.m2 = np.zeros_like(out.resid)
            return out
        if y_true.ndim == 1:
            out.mean = np.array([float(first[0]) / weight])
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                out.mean = first[0] / weight
        check = k.NEGATIVE_WEIGHTS if fused else k.NONE
        second = _sums(k.CENTRED_T, check, k.NONE, y_true, y_pred, sample_weight, a=out.mean)
        if fused and second[1] > 0:
            _check_non_negative(sample_weight)
        out.m2 = np.atleast_1d(second[0]).astype(np.float64)
        # A constant column (over the rows of non-zero weight) has mean c and no
        # deviation, exactly: numpy's mean of c, c, c may differ from c in the
        # last bit and leave a tiny positive sum of squares (scikit-learn's R^2
        # is then a huge negative number); here the constant is detected so that
        # force_finite applies, in any chunking.
        constant, ref = _constant_columns(y_true, sample_weight)
        if constant.any():
            first_row = np.atleast_1d(y_true[ref])
            out.mean[constant] = first_row[constant]
            out.m2[constant] = 0.0
        return out

    def merge(self, other: VarianceSums) -> None:
        """Add ``other``'s rows (exact when this state is empty)."""
        if self.outputs is not None and other.outputs is not None and other.outputs != self.outputs:
            raise ValueError(
                f"cannot merge a state of {other.outputs} output(s) into one of {self.outputs}"
            )
        if other.rows == 0:
            return
        if self.rows == 0:
            self.mean, self.m2 = other.mean.copy(), other.m2.copy()
            self.resid, self.resid_error = other.resid.copy(), other.resid_error.copy()
            self.weight = other.weight
        else:
            if other.weight > 0.0:
                if self.weight == 0.0:
                    self.mean, self.m2 = other.mean.copy(), other.m2.copy()
                    self.weight = other.weight
                else:
                    total = self.weight + other.weight
                    share = other.weight / total
                    scale = self.weight * other.weight / total
                    if self.mean.shape[0] == 1:  # plain floats: much faster than numpy calls
                        mean, delta = float(self.mean[0]), float(other.mean[0] - self.mean[0])
                        m2 = float(self.m2[0]) + float(other.m2[0]) + delta * delta * scale
                        self.mean, self.m2 = np.array([mean + delta * share]), np.array([m2])
                    else:
                        delta = other.mean - self.mean
                        with np.errstate(over="ignore", invalid="ignore"):
                            self.mean = self.mean + delta * share
                            self.m2 = self.m2 + other.m2 + delta * delta * scale
                    self.weight = total
            self.resid = _two_sum(self.resid, self.resid_error, other.resid)
            self.resid_error += other.resid_error
        self.rows += other.rows
        self.outputs = other.outputs
        self.weighted = self.weighted or other.weighted

    def update(self, *, stats: VarianceSums) -> None:
        self.merge(stats)

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        joined = VarianceSums()
        for batch in batches:
            joined.merge(batch["stats"])
        return {"stats": joined}

    def residual(self) -> np.ndarray:
        """Per-output (weighted) residual sum of squares."""
        return _compensated(self.resid, self.resid_error)


# -- pearson ----------------------------------------------------------------------------------


class CoMoments:
    """Count, means, sums of squared deviations and co-moment of (references, predictions).

    ``x`` is the references, ``y`` the predictions. Each batch is summed in two
    passes (means, then centred sums); batches are joined with Chan et al.'s
    update of the co-moment. ``constant_x``/``constant_y`` record whether every
    value equals the first one (the correlation is then undefined).

    The moments describe ``x * 2**-exp_x`` and ``y * 2**-exp_y``, scaled to
    about 1 (powers of two: exact), so batches of any magnitude merge without
    underflow; values whose squares would underflow or overflow are summed
    scaled (the correlation does not depend on the scale).

    >>> import math
    >>> import numpy as np
    >>> state = CoMoments()
    >>> state.update(stats=CoMoments.from_batch(np.array([1.0, 2.0, 3.0]), np.array([10.0, 9.0, 2.5])))
    >>> state.update(stats=CoMoments.from_batch(np.array([4.0, 5.0]), np.array([6.0, 4.0])))
    >>> state.rows, math.ldexp(state.mean_x, state.exp_x), math.ldexp(state.cxx, 2 * state.exp_x)
    (5, 3.0, 10.0)
    """

    _MOMENTS = ("mean_x", "mean_y", "cxx", "cyy", "cxy")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.rows = 0
        self.outputs: int | None = None
        self.mean_x = self.mean_y = 0.0
        self.cxx = self.cyy = self.cxy = 0.0
        self.exp_x: int | None = 0
        self.exp_y: int | None = 0
        self.first_x = self.first_y = 0.0
        self.constant_x = self.constant_y = True

    def _sum_moments(self, x: np.ndarray, y: np.ndarray, first: np.ndarray | None = None) -> None:
        k = _kernels()
        n = x.shape[0]
        if first is None:
            first = _sums(k.VALUE_T, k.VALUE_P, k.NONE, x, y, None)
        with np.errstate(over="ignore", invalid="ignore"):
            self.mean_x = float(first[0] / n)
            self.mean_y = float(first[1] / n)
        second = _sums(k.CENTRED_T, k.CENTRED_P, k.CROSS, x, y, None, a=self.mean_x, b=self.mean_y)
        self.cxx, self.cyy, self.cxy = (float(v) for v in second)

    def _well_scaled(self) -> bool:
        moments = np.array([getattr(self, key) for key in self._MOMENTS])
        return bool(
            np.isfinite(moments).all() and _TINY < self.cxx < _HUGE and _TINY < self.cyy < _HUGE
        )

    @classmethod
    def from_batch(
        cls, x: np.ndarray, y: np.ndarray, names: tuple[str, str] = MODULE_NAMES
    ) -> CoMoments:
        """The statistic of one validated 1-D batch (raises ``ValueError`` on NaN or infinity)."""
        k = _kernels()
        first = _sums(k.VALUE_T, k.VALUE_P, k.NONE, x, y, None)
        _check_finite_sums(first[:2], (x, names[0]), (y, names[1]))
        out = cls()
        out.rows = x.shape[0]
        out.outputs = 1
        out.first_x, out.first_y = float(x[0]), float(y[0])
        out.constant_x = bool(k.all_equal(x))
        out.constant_y = bool(k.all_equal(y))
        out._sum_moments(x, y, first)
        if not (out.constant_x or out.constant_y or out._well_scaled()):
            out.exp_x = _exponent(x)
            out.exp_y = _exponent(y)
            out._sum_moments(np.ldexp(x, -out.exp_x), np.ldexp(y, -out.exp_y))
        out._normalize()
        return out

    def _normalize(self) -> None:
        """Scale the moments by powers of two to about 1 (exact), recording the exponents.

        Batches of very different magnitudes then merge without underflow.
        An all-zero column has no scale (exponent None): it takes the other's.
        """
        shift_x = _scale_exponent(self.mean_x, self.cxx, self.rows)
        shift_y = _scale_exponent(self.mean_y, self.cyy, self.rows)
        if shift_x is None:
            self.exp_x = None
        else:
            self.mean_x = math.ldexp(self.mean_x, -shift_x)
            self.cxx = math.ldexp(self.cxx, -2 * shift_x)
            self.exp_x += shift_x
        if shift_y is None:
            self.exp_y = None
        else:
            self.mean_y = math.ldexp(self.mean_y, -shift_y)
            self.cyy = math.ldexp(self.cyy, -2 * shift_y)
            self.exp_y += shift_y
        self.cxy = math.ldexp(self.cxy, -(shift_x or 0) - (shift_y or 0))

    def _moments_at(self, exp_x: int | None, exp_y: int | None) -> tuple[float, ...]:
        """The moments rescaled to the exponents ``exp_x``, ``exp_y`` (not below this state's)."""
        dx = 0 if self.exp_x is None or exp_x is None else self.exp_x - exp_x
        dy = 0 if self.exp_y is None or exp_y is None else self.exp_y - exp_y
        if dx == 0 and dy == 0:
            return self.mean_x, self.mean_y, self.cxx, self.cyy, self.cxy
        return (
            math.ldexp(self.mean_x, dx),
            math.ldexp(self.mean_y, dy),
            math.ldexp(self.cxx, 2 * dx),
            math.ldexp(self.cyy, 2 * dy),
            math.ldexp(self.cxy, dx + dy),
        )

    def merge(self, other: CoMoments) -> None:
        """Add ``other``'s rows (exact when this state is empty)."""
        if other.rows == 0:
            return
        if self.rows == 0:
            for key in (
                *self._MOMENTS, "exp_x", "exp_y",
                "first_x", "first_y", "constant_x", "constant_y",
            ):  # fmt: skip
                setattr(self, key, getattr(other, key))
        else:
            exp_x = _larger(self.exp_x, other.exp_x)
            exp_y = _larger(self.exp_y, other.exp_y)
            mx, my, cxx, cyy, cxy = self._moments_at(exp_x, exp_y)
            omx, omy, ocxx, ocyy, ocxy = other._moments_at(exp_x, exp_y)
            n = self.rows + other.rows
            dx = omx - mx
            dy = omy - my
            scale = self.rows * other.rows / n
            self.mean_x = mx + dx * (other.rows / n)
            self.mean_y = my + dy * (other.rows / n)
            self.cxx = cxx + ocxx + dx * dx * scale
            self.cyy = cyy + ocyy + dy * dy * scale
            self.cxy = cxy + ocxy + dx * dy * scale
            self.exp_x, self.exp_y = exp_x, exp_y
            self.constant_x = self.constant_x and other.constant_x and other.first_x == self.first_x
            self.constant_y = self.constant_y and other.constant_y and other.first_y == self.first_y
        self.rows += other.rows
        self.outputs = 1

    def update(self, *, stats: CoMoments) -> None:
        self.merge(stats)

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        joined = CoMoments()
        for batch in batches:
            joined.merge(batch["stats"])
        return {"stats": joined}


# moments outside (_TINY, _HUGE) are summed again on values scaled by a power of two
_TINY = 2.0**-800
_HUGE = 2.0**800


def _larger(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _scale_exponent(mean: float, comoment: float, rows: int) -> int | None:
    """Binary exponent of a column's magnitude (its mean, or its spread), None if both are 0."""
    size = max(abs(mean), math.sqrt(comoment / rows) if rows else 0.0)
    return math.frexp(size)[1] if size > 0 else None


def _exponent(values: np.ndarray) -> int:
    """The binary exponent of the largest magnitude (``2**e`` just above it), 0 for all zeros."""
    largest = float(np.max(np.abs(values)))
    return math.frexp(largest)[1] if largest > 0 else 0


# -- rank correlations ---------------------------------------------------------------------------


class PairedValues:
    """Every (reference, prediction) pair, kept for rank statistics (Spearman, Kendall).

    Ranks depend on all values at once, so no small statistic streams; the
    pairs are kept as float64 chunks (16 bytes a row) and joined when the
    score is derived.

    >>> import numpy as np
    >>> state = PairedValues()
    >>> state.update(x=np.array([1.0, 2.0]), y=np.array([3.0, 1.0]))
    >>> state.update(x=np.array([5.0]), y=np.array([0.0]))
    >>> state.values()
    (array([1., 2., 5.]), array([3., 1., 0.]))
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.rows = 0
        self.outputs: int | None = None
        self.x_chunks: list[np.ndarray] = []
        self.y_chunks: list[np.ndarray] = []

    @staticmethod
    def check_batch(x: np.ndarray, y: np.ndarray, names: tuple[str, str] = MODULE_NAMES) -> None:
        """Raise ``ValueError`` if a value is NaN or infinite."""
        raise_non_finite((x, names[0]), (y, names[1]))

    def update(self, *, x: np.ndarray, y: np.ndarray) -> None:
        # copies: the caller may refill its arrays after add_batch returns
        self.x_chunks.append(np.array(x, dtype=np.float64, copy=True))
        self.y_chunks.append(np.array(y, dtype=np.float64, copy=True))
        self.rows += x.shape[0]
        self.outputs = 1

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "x": np.concatenate([b["x"] for b in batches]),
            "y": np.concatenate([b["y"] for b in batches]),
        }

    def merge(self, other: PairedValues) -> None:
        self.x_chunks.extend(other.x_chunks)
        self.y_chunks.extend(other.y_chunks)
        self.rows += other.rows
        if other.rows:
            self.outputs = 1

    def values(self) -> tuple[np.ndarray, np.ndarray]:
        """All pairs, as two 1-D arrays (joined into one chunk, kept for the next call)."""
        if len(self.x_chunks) > 1:
            self.x_chunks = [np.concatenate(self.x_chunks)]
            self.y_chunks = [np.concatenate(self.y_chunks)]
        if not self.x_chunks:
            return np.zeros(0), np.zeros(0)
        return self.x_chunks[0], self.y_chunks[0]
