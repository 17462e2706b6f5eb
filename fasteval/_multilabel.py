"""Multilabel classification: indicator-matrix inputs and their streaming state.

A multilabel batch is two ``(n_samples, n_labels)`` matrices of 0/1 (row ``i``
has a 1 in column ``j`` when label ``j`` applies to example ``i``), as
scikit-learn's "multilabel-indicator" targets. :class:`MultilabelCounts` is the
sufficient statistic every multilabel score derives from, built by one Numba
pass per batch (:mod:`fasteval.kernels.multilabel`):

* per label: true positives, predicted and true counts (int64, or float64
  weight sums): per-label, 'micro', 'macro' and 'weighted' precision / recall /
  F-beta / jaccard / specificity, the per-label 2 x 2 confusion matrices and
  per-label MCC;
* rows with every label right and the number of wrong (row, label) cells:
  subset accuracy and hamming loss;
* a histogram of per-row triples (true positives, predicted, true) with their
  counts and weight sums: every 'samples' average (one score per example,
  averaged) derives from it exactly, for any ``beta`` or ``zero_division``.
  There are at most ``(n_labels + 1) ** 3`` distinct triples, and in practice
  far fewer. The triples count over all columns; a 'samples' average over a
  subset of the columns (``labels=``) needs that subset's triples, kept when
  the subset is known before the rows arrive (a ``selection``).

Memory is O(labels + distinct triples) however many rows stream through, and
two states merge by addition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fasteval._inputs import as_weights

__all__ = [
    "MAX_LABELS",
    "MultilabelCounts",
    "MultilabelView",
    "SampleCounts",
    "as_indicator",
    "check_indicator_pair",
    "is_indicator_input",
    "label_indices",
    "selection_key",
    "validate_indicator_batch",
]

#: at most this many label columns (per-row triples are encoded in an int64)
MAX_LABELS = 1 << 20
#: per-row triples go to a dense histogram up to this many cells (else: codes, then unique)
DENSE_HIST = 1 << 16
#: unweighted batches of at most this many cells are counted with numpy (no Numba load)
NUMPY_CELLS = 1 << 14

Selection = tuple[int, ...]


def _kernels():
    from fasteval import kernels

    return kernels


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


# --------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------


def is_indicator_input(x: Any) -> bool:
    """Whether ``x`` looks like a 2-D label-indicator matrix (cheap: no conversion).

    A 2-D input with one column is a column of labels (scikit-learn squeezes
    it), not an indicator matrix.
    """
    if type(x) is np.ndarray:
        return x.ndim == 2 and x.shape[1] != 1
    if isinstance(x, (list, tuple)):
        if not x:
            return False
        first = x[0]
        if isinstance(first, (list, tuple, np.ndarray)):
            return len(first) != 1
        return _module_of(first) == "torch" and getattr(first, "ndim", 0) == 1 and len(first) != 1
    mod = _module_of(x)
    if mod in ("torch", "numpy", "pandas") or (mod == "polars" and hasattr(x, "columns")):
        shape = getattr(x, "shape", ())
        if len(shape) == 2:
            return shape[1] != 1
        if mod == "pandas" and len(shape) == 1 and len(x) and x.dtype == object:
            return isinstance(x.iloc[0], (list, tuple, np.ndarray))
        return False
    if mod == "pyarrow":
        typ = getattr(x, "type", None)
        return typ is not None and _is_arrow_list(typ)
    if mod == "polars":
        return type(x.dtype).__name__ in ("List", "Array")
    if mod == "scipy":
        return len(getattr(x, "shape", ())) == 2
    return False


def _is_arrow_list(typ: Any) -> bool:
    import pyarrow.types as pat

    checks = (
        "is_list",
        "is_large_list",
        "is_fixed_size_list",
        "is_list_view",
        "is_large_list_view",
    )
    return any(getattr(pat, check, lambda t: False)(typ) for check in checks)


def _null_error(name: str, count: int) -> ValueError:
    return ValueError(f"{name}: contains {count} null value(s); indicator values must be 0 or 1")


def _arrow_matrix(x: Any, name: str) -> np.ndarray:
    """A pyarrow list / fixed-size-list array (or chunked array) as an (n, k) numpy matrix."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.types as pat

    if isinstance(x, pa.ChunkedArray):
        parts = [_arrow_matrix(chunk, name) for chunk in x.chunks if len(chunk)]
        if not parts:
            raise ValueError(f"{name}: expected at least one row, got an empty input")
        widths = {p.shape[1] for p in parts}
        if len(widths) > 1:
            raise ValueError(
                f"{name}: rows have different lengths ({sorted(widths)}); every row needs"
                " one entry per label"
            )
        return np.concatenate(parts) if len(parts) > 1 else parts[0]
    if x.null_count:
        raise _null_error(name, x.null_count)
    typ = x.type
    n = len(x)
    if pat.is_fixed_size_list(typ):
        width = typ.list_size
    elif _is_arrow_list(typ):
        lengths = pc.list_value_length(x).to_numpy(zero_copy_only=False) if n else np.zeros(0)
        if n and lengths.min() != lengths.max():
            raise ValueError(
                f"{name}: rows have different lengths (from {lengths.min()} to {lengths.max()});"
                " every row needs one entry per label"
            )
        width = int(lengths[0]) if n else 0
    else:
        return x.to_numpy(zero_copy_only=False)  # 1-D: reported by the caller
    values = x.flatten()
    if values.null_count:
        raise _null_error(name, values.null_count)
    vt = values.type
    if not (pat.is_integer(vt) or pat.is_floating(vt) or pat.is_boolean(vt)):
        raise TypeError(f"{name}: expected 0/1 indicator values, got Arrow type {vt}")
    return values.to_numpy(zero_copy_only=False).reshape(n, width)


def _rows_to_array(x: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(x)
    except ValueError as err:
        if "inhomogeneous" in str(err) or "sequence" in str(err):
            raise ValueError(
                f"{name}: rows have different lengths (ragged); every row needs one entry per label"
            ) from None
        raise


def _to_matrix(x: Any, name: str) -> np.ndarray:
    """Convert the supported containers to numpy (no copy where the input already is)."""
    if type(x) is np.ndarray:
        arr = x
    else:
        mod = _module_of(x)
        if mod == "torch":
            arr = x.detach().cpu().resolve_conj().resolve_neg().numpy()
        elif mod == "pyarrow":
            arr = _arrow_matrix(x, name)
        elif mod == "polars":
            if hasattr(x, "columns"):  # DataFrame: one column per label
                arr = x.to_numpy()
            else:
                if x.null_count():
                    raise _null_error(name, x.null_count())
                arr = _arrow_matrix(x.to_arrow(), name)
        elif mod == "pandas":
            if hasattr(x, "columns"):
                arr = x.to_numpy()
            elif x.dtype == object:
                arr = _rows_to_array(x.tolist(), name)
            else:
                arr = x.to_numpy()
        elif mod == "scipy" and hasattr(x, "toarray"):
            arr = np.asarray(x.toarray())
        elif isinstance(x, np.ndarray):
            arr = np.asarray(x)
        else:
            if isinstance(x, (list, tuple)) and x and _module_of(x[0]) == "torch":
                x = [row.detach().cpu().numpy() for row in x]
            arr = _rows_to_array(x, name)
    if arr.dtype == object:
        if arr.ndim == 1 and len(arr) and isinstance(arr[0], (list, tuple, np.ndarray)):
            arr = _rows_to_array(arr.tolist(), name)
        if arr.dtype == object:
            raise TypeError(
                f"{name}: expected 0/1 indicator values, got objects (None, strings or a mix)"
            )
    return arr


def as_indicator(x: Any, name: str, one_d_hint: str = "") -> np.ndarray:
    """Validate ``x`` as an ``(n_samples, n_labels)`` matrix of 0/1.

    Returns a C-contiguous numpy matrix of integer, uint8 (for bool) or float
    dtype holding only 0 and 1. Raises a ``ValueError``/``TypeError`` naming
    ``name`` for: None, an empty input, a 1-D input (``one_d_hint`` says what to
    do instead), ragged rows, nulls, NaN or any value other than 0 and 1, and
    non-numeric values.
    """
    if x is None:
        raise ValueError(f"{name}: expected a 2-D indicator matrix (n_samples, n_labels), got None")
    arr = _to_matrix(x, name)
    if arr.ndim != 2:
        what = f"a {arr.ndim}-D array of shape {tuple(arr.shape)}"
        raise ValueError(
            f"{name}: expected a 2-D indicator matrix (n_samples, n_labels) of 0/1, got {what}"
            + (f"; {one_d_hint}" if one_d_hint and arr.ndim == 1 else "")
        )
    n, k = arr.shape
    if n == 0:
        raise ValueError(f"{name}: expected at least one row, got an empty input")
    if k == 0:
        raise ValueError(f"{name}: expected at least one label column, got shape {arr.shape}")
    if k > MAX_LABELS:
        raise ValueError(f"{name}: at most {MAX_LABELS} label columns are supported, got {k}")
    kind = arr.dtype.kind
    if kind == "b":
        return np.ascontiguousarray(arr).view(np.uint8)
    if kind == "f" and arr.dtype.itemsize < 4:
        arr = arr.astype(np.float32)
    elif kind not in "iuf":
        raise TypeError(f"{name}: expected 0/1 indicator values, got dtype {arr.dtype}")
    arr = np.ascontiguousarray(arr)
    flat = arr.reshape(-1)
    if flat.shape[0] <= NUMPY_CELLS:
        bad = np.flatnonzero((flat != 0) & (flat != 1))
        first = int(bad[0]) if bad.shape[0] else -1
    else:
        first = int(_kernels().first_non_binary(flat))
    if first >= 0:
        row, col = divmod(first, k)
        raise ValueError(
            f"{name}: indicator values must be 0 or 1, found {flat[first].item()!r} at row {row},"
            f" column {col}"
        )
    return arr


def label_indices(labels: Any, n_labels: int, name: str = "labels") -> np.ndarray:
    """Column indices ``labels`` (any order, repeats allowed) proven in ``[0, n_labels)``.

    Raises ValueError naming ``name`` for non-integers and indices out of range
    (scikit-learn's "All labels must be in [0, n labels)").
    """
    arr = np.asarray(labels)
    if arr.ndim != 1:
        arr = arr.reshape(-1)
    if arr.shape[0] == 0:
        return np.zeros(0, dtype=np.intp)
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.floor(arr)):
            arr = arr.astype(np.int64)
        else:
            raise ValueError(
                f"{name}: for multilabel targets labels are column indices (integers);"
                f" got {arr.tolist()!r}"
            )
    hi, lo = int(arr.max()), int(arr.min())
    if hi >= n_labels:
        raise ValueError(
            f"{name}: All labels must be in [0, n labels) for multilabel targets."
            f" Got {hi} > {n_labels - 1}"
        )
    if lo < 0:
        raise ValueError(
            f"{name}: All labels must be in [0, n labels) for multilabel targets. Got {lo} < 0"
        )
    return arr.astype(np.intp)


def selection_key(labels: Any, n_labels: int | None = None) -> Selection | None:
    """The key of a 'samples' column selection: None for all columns, else sorted indices."""
    if labels is None:
        return None
    arr = np.asarray(labels).reshape(-1)
    if arr.dtype.kind not in "iu" and arr.shape[0]:
        arr = label_indices(arr, MAX_LABELS)
    key = tuple(sorted(int(v) for v in arr))
    if n_labels is not None and key == tuple(range(n_labels)):
        return None
    return key


def check_indicator_pair(
    y_true: Any,
    y_pred: Any,
    sample_weight: Any = None,
    *,
    true_name: str = "references",
    pred_name: str = "predictions",
    columns: int | None = None,
    selections: Iterable[Selection] = (),
    one_d_hint: str = "",
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate a pair of indicator matrices (and weights) against each other and the state.

    ``columns`` is the number of label columns of the rows already stored
    (None: nothing stored); ``selections`` are column selections the state
    keeps, proven in range here. Returns matrices of one dtype.
    """
    refs = as_indicator(y_true, true_name, one_d_hint)
    preds = as_indicator(y_pred, pred_name, one_d_hint)
    if refs.shape[0] != preds.shape[0]:
        raise ValueError(
            f"{pred_name} and {true_name} must have the same length,"
            f" got {preds.shape[0]} and {refs.shape[0]}"
        )
    k = refs.shape[1]
    if preds.shape[1] != k:
        raise ValueError(
            f"{pred_name} and {true_name} must have the same number of label columns,"
            f" got {preds.shape[1]} and {k}"
        )
    if columns is not None and k != columns:
        raise ValueError(
            f"{true_name} and {pred_name} have {k} label columns but earlier batches had {columns}"
        )
    for sel in selections:
        if sel and sel[-1] >= k:
            raise ValueError(
                f"labels: All labels must be in [0, n labels) for multilabel targets."
                f" Got {sel[-1]} > {k - 1} (labels={list(sel)} were given when loading)"
            )
    if refs.dtype != preds.dtype:  # 0/1 either way: one dtype keeps the kernel signatures few
        refs, preds = refs.astype(np.uint8), preds.astype(np.uint8)
    n = refs.shape[0]
    weights = None if sample_weight is None else as_weights(sample_weight, n)
    return refs, preds, weights


def validate_indicator_batch(
    batch: dict[str, Any],
    columns: int | None,
    selections: Iterable[Selection] = (),
    one_d_hint: str = "",
) -> tuple[dict[str, Any], int]:
    """Check one multilabel module batch (``references``/``predictions``/``sample_weight``)."""
    refs, preds, weights = check_indicator_pair(
        batch["references"],
        batch["predictions"],
        batch.get("sample_weight"),
        columns=columns,
        selections=selections,
        one_d_hint=one_d_hint,
    )
    return {"y_true": refs, "y_pred": preds, "weights": weights}, refs.shape[0]


def concat_indicator_batches(batches: list[dict[str, Any]]) -> dict[str, Any]:
    """Concatenate buffered ``{"y_true", "y_pred", "weights"}`` multilabel batches."""
    weights = None
    if any(b["weights"] is not None for b in batches):
        weights = np.concatenate(
            [
                b["weights"] if b["weights"] is not None else np.ones(b["y_true"].shape[0])
                for b in batches
            ]
        )
    y_true = np.concatenate([b["y_true"] for b in batches])
    y_pred = np.concatenate([b["y_pred"] for b in batches])
    if y_true.dtype != y_pred.dtype:
        y_true, y_pred = y_true.astype(np.uint8), y_pred.astype(np.uint8)
    return {"y_true": y_true, "y_pred": y_pred, "weights": weights}


# --------------------------------------------------------------------------
# per-row triples
# --------------------------------------------------------------------------


@dataclass
class _Histogram:
    """Per-row triple codes (sorted, unique) with their row counts and weight sums."""

    codes: np.ndarray
    counts: np.ndarray
    weights: np.ndarray | None = None

    @classmethod
    def empty(cls, weighted: bool) -> _Histogram:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z.copy(), np.zeros(0) if weighted else None)

    def to_weighted(self) -> None:
        if self.weights is None:
            self.weights = self.counts.astype(np.float64)

    def add(self, other: _Histogram) -> None:
        if other.codes.shape[0] == 0:
            return
        if self.weights is not None:
            other.to_weighted()
        codes = np.concatenate([self.codes, other.codes])
        uniq, inverse = np.unique(codes, return_inverse=True)
        counts = np.zeros(uniq.shape[0], dtype=np.int64)
        np.add.at(counts, inverse, np.concatenate([self.counts, other.counts]))
        if self.weights is not None:
            # in batch order: the weights of each triple are summed as they came
            weights = np.zeros(uniq.shape[0])
            np.add.at(weights, inverse, np.concatenate([self.weights, other.weights]))
            self.weights = weights
        self.codes, self.counts = uniq, counts

    def copy(self) -> _Histogram:
        return _Histogram(
            self.codes.copy(),
            self.counts.copy(),
            None if self.weights is None else self.weights.copy(),
        )


def _hist_from_dense(hist: np.ndarray, hist_w: np.ndarray | None) -> _Histogram:
    codes = np.flatnonzero(hist)
    return _Histogram(
        codes.astype(np.int64), hist[codes], None if hist_w is None else hist_w[codes]
    )


def _hist_from_codes(codes: np.ndarray, weights: np.ndarray | None) -> _Histogram:
    uniq, inverse = np.unique(codes, return_inverse=True)
    counts = np.bincount(inverse, minlength=uniq.shape[0]).astype(np.int64)
    sums = None if weights is None else np.bincount(inverse, weights, uniq.shape[0])
    return _Histogram(uniq.astype(np.int64), counts, sums)


def _hist_buffers(m: int, n: int, weighted: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hist, hist_w, codes) for a kernel: dense when small, else one code per row."""
    size = (m + 1) ** 3 + 1
    empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0)
    if size <= DENSE_HIST and size <= 8 * n:
        return np.zeros(size, dtype=np.int64), np.zeros(size) if weighted else empty_f, empty_i
    return empty_i, empty_f, np.empty(n, dtype=np.int64)


def _hist_result(hist, hist_w, codes, weights) -> _Histogram:
    if hist.shape[0]:
        return _hist_from_dense(hist, hist_w if weights is not None else None)
    return _hist_from_codes(codes, weights)


@dataclass(frozen=True)
class SampleCounts:
    """The distinct per-row triples of a column selection of ``size`` columns.

    ``tp``, ``pred``, ``true`` (int64, aligned): a row's true positives,
    predicted and true labels among the selected columns. ``void`` marks the
    triple standing for rows of sample weight 0 (whose weighted counts are all
    0, as in scikit-learn's sample-wise confusion matrices). ``counts``: rows
    with that triple; ``weights``: their summed weights (None when unweighted).
    """

    size: int
    tp: np.ndarray
    pred: np.ndarray
    true: np.ndarray
    void: np.ndarray
    counts: np.ndarray
    weights: np.ndarray | None


def _decode(hist: _Histogram, m: int) -> SampleCounts:
    m1 = m + 1
    codes = hist.codes
    void = codes == m1**3
    c = np.where(void, 0, codes)
    return SampleCounts(m, c // (m1 * m1), (c // m1) % m1, c % m1, void, hist.counts, hist.weights)


@dataclass(frozen=True)
class MultilabelView:
    """Sufficient statistics of a multilabel comparison (what every derive reads).

    Attributes
    ----------
    n_labels : int
        Number of label columns.
    tp, pred, true : ndarray
        Per label: true positives, predicted and true; int64, or float64 weight sums.
    rows : int
        Number of rows.
    total : int or float
        Rows, or the sum of sample weights.
    exact : int or float
        Rows (or their weight) with every label right (subset accuracy).
    mismatches : int or float
        Wrong (row, label) cells (weighted: sum of weight x wrong labels).
    weighted : bool
        Whether sample weights were given.
    nonzero_weight : bool
        Whether some sample weight is non-zero (always True when unweighted).
    samples : dict
        Selection key (None: all columns; else sorted column indices) ->
        :class:`SampleCounts`.
    """

    n_labels: int
    tp: np.ndarray
    pred: np.ndarray
    true: np.ndarray
    rows: int
    total: int | float
    exact: int | float
    mismatches: int | float
    weighted: bool
    nonzero_weight: bool
    samples: dict[Selection | None, SampleCounts] = field(default_factory=dict)


# --------------------------------------------------------------------------
# the state
# --------------------------------------------------------------------------


class MultilabelCounts:
    """Mergeable multilabel counts (see the module docstring).

    Parameters
    ----------
    selections : iterable of tuple of int
        Column selections (sorted indices, repeats allowed) whose per-row
        triples are kept besides those over all columns: what a 'samples'
        average with ``labels=`` needs while streaming.
    """

    def __init__(self, selections: Iterable[Selection] = ()) -> None:
        self.base_selections = tuple(sorted({tuple(s) for s in selections}))
        self.reset()

    def reset(self) -> None:
        """Drop everything; back to the selections the state was built with."""
        self._view: MultilabelView | None = None
        self.selections: list[Selection] = list(self.base_selections)
        self.columns: int | None = None
        self.rows = 0
        self.weighted = False
        self.nonzero_weight = False
        self.tp = self.pred = self.true = None
        self.total: int | float = 0
        self.exact: int | float = 0
        self.mismatches: int | float = 0
        self.hists: dict[Selection | None, _Histogram] = {}

    def add_selection(self, selection: Selection) -> None:
        """Also keep the triples of ``selection`` (the state must hold no rows)."""
        if self.rows:
            raise RuntimeError("cannot add a column selection to a state that holds rows")
        if selection not in self.selections:
            self.selections.append(tuple(selection))

    def has_samples(self, key: Selection | None) -> bool:
        return key is None or key in self.selections

    # -- updates ------------------------------------------------------------------
    def _to_weighted(self) -> None:
        if self.tp is not None:
            self.tp, self.pred, self.true = (
                a.astype(np.float64) for a in (self.tp, self.pred, self.true)
            )
        self.total = float(self.rows)
        self.nonzero_weight = self.rows > 0  # the rows so far weigh 1
        self.exact = float(self.exact)
        self.mismatches = float(self.mismatches)
        for hist in self.hists.values():
            hist.to_weighted()
        self.weighted = True

    def update(
        self, y_true: np.ndarray, y_pred: np.ndarray, weights: np.ndarray | None = None
    ) -> None:
        """Fold one validated batch (0/1 matrices of one dtype, same shape) into the counts."""
        n, k = y_true.shape
        if y_pred.shape != y_true.shape or y_pred.dtype != y_true.dtype:
            raise ValueError("y_true and y_pred must be validated matrices of one shape and dtype")
        if self.columns is not None and k != self.columns:
            raise ValueError(f"batches have {k} label columns; the state holds {self.columns}")
        for sel in self.selections:  # proven in range before any kernel runs
            if sel and (sel[0] < 0 or sel[-1] >= k):
                raise ValueError(f"labels={list(sel)} out of range for {k} label columns")
        if weights is None and self.weighted:
            weights = np.ones(n)
        if weights is not None and not self.weighted:
            self._to_weighted()
        if weights is not None and weights.shape[0] != n:
            raise ValueError(f"expected {n} weights, got {weights.shape[0]}")
        self._view = None
        self.columns = k
        dtype = np.float64 if self.weighted else np.int64
        if self.tp is None:
            self.tp, self.pred, self.true = (np.zeros(k, dtype=dtype) for _ in range(3))
        if weights is None and y_true.size <= NUMPY_CELLS:
            self._update_numpy(y_true, y_pred)
        else:
            self._update_kernels(y_true, y_pred, weights)
        self.rows += n

    def _fold_hist(self, key: Selection | None, hist: _Histogram) -> None:
        if key not in self.hists:
            self.hists[key] = _Histogram.empty(self.weighted)
        self.hists[key].add(hist)

    def _update_numpy(self, y_true: np.ndarray, y_pred: np.ndarray) -> None:
        """Small unweighted batch: the same integers as the kernel, without loading Numba."""
        t = y_true != 0
        p = y_pred != 0
        both = t & p
        self.tp += both.sum(axis=0)
        self.pred += p.sum(axis=0)
        self.true += t.sum(axis=0)
        for key in [None, *self.selections]:
            if key is None:
                tt, pp, bb = t, p, both
            else:
                cols = np.asarray(key, dtype=np.intp)
                tt, pp, bb = t[:, cols], p[:, cols], both[:, cols]
            a = bb.sum(axis=1, dtype=np.int64)
            b = pp.sum(axis=1, dtype=np.int64)
            c = tt.sum(axis=1, dtype=np.int64)
            if key is None:
                miss = b + c - 2 * a
                self.exact += int(np.count_nonzero(miss == 0))
                self.mismatches += int(miss.sum())
            m1 = bb.shape[1] + 1
            self._fold_hist(key, _hist_from_codes((a * m1 + b) * m1 + c, None))

    def _update_kernels(
        self, y_true: np.ndarray, y_pred: np.ndarray, weights: np.ndarray | None
    ) -> None:
        kernels = _kernels()
        n, k = y_true.shape
        weighted = weights is not None
        hist, hist_w, codes = _hist_buffers(k, n, weighted)
        if weighted:
            miss = np.empty(n, dtype=np.int64)
            kernels.multilabel_counts_weighted(
                y_true, y_pred, weights, self.tp, self.pred, self.true, hist, hist_w, codes, miss
            )
            # scikit-learn's sums, in its order: sum(w), sum(w * all_right), dot(wrong, w)
            self.total += float(np.sum(weights))
            self.exact += float(np.sum(np.multiply((miss == 0).astype(np.float64), weights)))
            self.mismatches += float(np.dot(miss, weights))
            self.nonzero_weight = self.nonzero_weight or bool(np.any(weights != 0))
        else:
            exact, mismatches = kernels.multilabel_counts(
                y_true, y_pred, self.tp, self.pred, self.true, hist, codes
            )
            self.exact += int(exact)
            self.mismatches += int(mismatches)
        self._fold_hist(None, _hist_result(hist, hist_w, codes, weights))
        w = weights if weighted else np.zeros(0)
        for key in self.selections:
            cols = np.asarray(key, dtype=np.int64)
            hist, hist_w, codes = _hist_buffers(len(key), n, weighted)
            kernels.selection_codes(y_true, y_pred, cols, w, hist, hist_w, codes)
            self._fold_hist(key, _hist_result(hist, hist_w, codes, weights))

    @staticmethod
    def concat(batches: list[dict[str, Any]]) -> dict[str, Any]:
        return concat_indicator_batches(batches)

    def merge(self, other: MultilabelCounts) -> None:
        """Add ``other``'s counts into this state."""
        if other.rows == 0:
            return
        if self.columns is not None and other.columns != self.columns:
            raise ValueError(
                f"cannot merge multilabel states with {other.columns} and {self.columns} label columns"
            )
        missing = [s for s in self.selections if s not in other.hists]
        if missing:
            raise ValueError(
                f"cannot merge: the other state does not keep the per-row counts of labels={list(missing[0])}"
            )
        self._view = None
        if other.weighted and not self.weighted:
            self._to_weighted()
        if self.tp is None:
            dtype = np.float64 if self.weighted else np.int64
            self.tp, self.pred, self.true = (np.zeros(other.columns, dtype=dtype) for _ in range(3))
        self.columns = other.columns
        for name in ("tp", "pred", "true"):
            getattr(self, name)[:] += getattr(other, name).astype(getattr(self, name).dtype)
        if self.weighted:
            self.total += other.total if other.weighted else float(other.rows)
            self.nonzero_weight = self.nonzero_weight or (
                other.nonzero_weight if other.weighted else True
            )
        self.exact += other.exact
        self.mismatches += other.mismatches
        for key in [None, *self.selections]:
            self._fold_hist(key, other.hists[key].copy())
        self.rows += other.rows

    # -- reading --------------------------------------------------------------------
    def view(self) -> MultilabelView:
        """The counts as a :class:`MultilabelView` (computed once per state)."""
        if self.rows == 0:
            raise ValueError("no data: add predictions and references before computing")
        if self._view is None:
            k = self.columns
            samples = {None: _decode(self.hists[None], k)}
            for key in self.selections:
                samples[key] = _decode(self.hists[key], len(key))
            self._view = MultilabelView(
                n_labels=k,
                tp=self.tp.copy(),
                pred=self.pred.copy(),
                true=self.true.copy(),
                rows=self.rows,
                total=self.total if self.weighted else self.rows,
                exact=self.exact,
                mismatches=self.mismatches,
                weighted=self.weighted,
                nonzero_weight=self.nonzero_weight if self.weighted else True,
                samples=samples,
            )
        return self._view
