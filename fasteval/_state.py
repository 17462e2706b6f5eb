"""Streaming state of the 1-D classification metrics.

:class:`LabelCounts` is the one sufficient statistic behind accuracy,
precision, recall, F-beta, jaccard, specificity, balanced accuracy, MCC,
hamming loss and unweighted kappa: per-label tp / predicted / true counts,
O(labels) memory however many rows stream through. A dense labels x labels
confusion matrix is kept only when a metric declares it needs one
(confusion_matrix, weighted kappa).

Label values are mapped to dense codes by :class:`LabelVocabulary`, stable
across batches, so a label first seen in batch 7 simply gets the next code:

* small non-negative integers are their own codes ("identity" mode, no work);
* other integers go through a Numba open-addressing hash table;
* strings go through Arrow's hash-based dictionary encoding, batch by batch,
  and only each batch's distinct values touch Python.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fasteval._counts import CountsView
from fasteval._inputs import LabelArray, check_label_kinds
from fasteval._lazy import kernels_loaded

# Identity coding wastes memory proportional to the largest label; above these
# limits labels are hashed to dense codes instead.
IDENTITY_LIMIT = 1 << 17
IDENTITY_LIMIT_WITH_MATRIX = 256
# Up to this many labels, unweighted batches are counted as a joint k x k table
# (one increment per row), from which the per-label counts follow exactly.
JOINT_LIMIT = 64
# Unweighted batches of small labels up to this many rows are counted with numpy.
NUMPY_ROWS = 4096
# Until Numba's kernels are first needed in a process, unweighted batches of small
# labels are counted with numpy, up to this many rows in all: loading Numba and
# its kernel cache costs ~0.6 s, numpy's count ~6 ns a row (the kernels ~1 ns), so
# a script evaluating up to ~100M rows once answers sooner without them. Past
# this many rows (or for any batch numpy cannot count) the kernels load and stay.
COLD_NUMPY_ROWS = 1 << 24
# numpy counts in chunks of this many rows (its temporaries stay a few MB)
NUMPY_CHUNK = 1 << 20
# Unweighted batches of at least this many rows are counted by several threads.
PARALLEL_ROWS = 1 << 20
# Refuse dense confusion matrices beyond this many labels (2 GiB of int64).
MATRIX_LIMIT = 16384


_cold_rows = 0  # rows counted with numpy while the kernels were not loaded
_kernels_loaded = kernels_loaded  # a module global, so tests can pretend they are not


def _kernels():
    from fasteval import kernels

    return kernels


def _count_with_numpy(n: int) -> bool:
    """True if a batch of ``n`` small, unweighted labels is counted with ``np.bincount``."""
    global _cold_rows
    if n <= NUMPY_ROWS:
        return True
    if _kernels_loaded() or _cold_rows + n > COLD_NUMPY_ROWS:
        return False
    _cold_rows += n
    return True


def _threads(rows: int) -> int:
    """Threads for an unweighted count of ``rows`` rows: 1 below PARALLEL_ROWS.

    Weighted sums always run serially, in row order, to equal scikit-learn's
    sequential ``np.bincount`` sums bit for bit.
    """
    if rows < PARALLEL_ROWS:
        return 1
    import numba

    return max(1, min(numba.get_num_threads(), rows // (PARALLEL_ROWS // 2)))


def _grown(arr: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size, dtype=arr.dtype)
    out[: arr.shape[0]] = arr
    return out


def _unique_fixed_width(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Batch-local codes and distinct values of a numpy unicode array, hashed in Numba.

    The array's fixed-width UTF-32 rows are hashed as they are: no conversion to
    Python or Arrow strings (which costs more than the counting itself).
    """
    kernels = _kernels()
    values = np.ascontiguousarray(values)
    n = values.shape[0]
    width = values.dtype.itemsize // 4
    if width == 0:  # every string is empty
        return np.zeros(n, dtype=np.int64), [""]
    rows = values.view(np.uint32).reshape(n, width)
    table = np.full(1024, -1, dtype=np.int64)
    reps = np.zeros(512, dtype=np.int64)
    out = np.empty(n, dtype=np.int64)
    start, n_unique = 0, 0
    while True:
        start, n_unique = kernels.unique_rows(rows, start, table, reps, n_unique, out)
        if start >= n:
            break
        table = np.full(table.shape[0] * 4, -1, dtype=np.int64)
        reps = _grown(reps, table.shape[0] // 2)
        kernels.reinsert_rows(rows, table, reps, n_unique)
    return out, values[reps[:n_unique]].tolist()


class LabelVocabulary:
    """Label value <-> dense code mapping that only ever grows."""

    def __init__(self) -> None:
        self.kind: str | None = None  # "number" or "string"
        self.dtype: np.dtype | None = None  # labels' own dtype, for reporting
        self.identity = True  # numbers only: code == value
        self.size = 0  # codes in use
        self._keys = self._slots = None  # hash table (numbers, hash mode)
        self._labels = np.zeros(0, dtype=np.int64)  # code -> value (hash mode)
        self._strings: dict[str, int] = {}
        self._string_labels: list[str] = []

    def note_types(self, *columns: LabelArray) -> None:
        self.kind = columns[0].kind
        if self.kind == "string":
            self.identity = False
        dtypes = [c.dtype for c in columns] + ([self.dtype] if self.dtype is not None else [])
        self.dtype = np.result_type(*dtypes) if self.kind == "number" else np.dtype(str)

    # -- numbers ----------------------------------------------------------------
    def _ensure_table(self, n_new: int) -> None:
        need = 2 * (self.size + n_new) + 2
        cap = 1024 if self._keys is None else self._keys.shape[0]
        if self._keys is not None and cap >= need and self._labels.shape[0] >= self.size + n_new:
            return
        while cap < need:
            cap *= 2
        keys = np.zeros(cap, dtype=np.int64)
        slots = np.full(cap, -1, dtype=np.int64)
        labels = _grown(self._labels[: self.size], cap // 2)
        if self.size:  # re-insert existing labels in code order: codes are unchanged
            scratch = np.empty(self.size, dtype=np.int64)
            _kernels().hash_encode(labels[: self.size].copy(), keys, slots, labels, 0, scratch)
        self._keys, self._slots, self._labels = keys, slots, labels

    def hash_codes(self, values: np.ndarray) -> np.ndarray:
        """Codes of integer ``values``, adding new labels (hash mode)."""
        kernels = _kernels()
        out = np.empty(values.shape[0], dtype=np.int64)
        self._ensure_table(0)
        start = 0
        while True:
            done, self.size = kernels.hash_encode(
                values[start:], self._keys, self._slots, self._labels, self.size, out[start:]
            )
            start += done
            if start >= values.shape[0]:
                return out
            self._ensure_table(max(self.size, 1024))

    def switch_to_hash(self, present_codes: np.ndarray) -> None:
        """Leave identity mode: the present labels get codes 0..m-1 in sorted order."""
        self.identity = False
        self.size = 0
        self._keys = None
        self._labels = np.zeros(0, dtype=np.int64)
        self._ensure_table(present_codes.shape[0])
        self.hash_codes(present_codes.astype(np.int64))

    # -- strings ----------------------------------------------------------------
    def string_codes(self, values: Any) -> np.ndarray:
        """Codes of Arrow string ``values`` (Array or ChunkedArray), adding new labels."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if isinstance(values, np.ndarray):
            local, batch_labels = _unique_fixed_width(values)
        elif isinstance(values, pa.ChunkedArray):
            parts = [self.string_codes(chunk) for chunk in values.chunks]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        else:
            encoded = pc.dictionary_encode(values)
            batch_labels = encoded.dictionary.to_pylist()
            local = encoded.indices.to_numpy(zero_copy_only=False)
        mapping = np.empty(len(batch_labels), dtype=np.int64)
        for j, label in enumerate(batch_labels):
            code = self._strings.get(label)
            if code is None:
                code = self._strings[label] = len(self._string_labels)
                self._string_labels.append(label)
            mapping[j] = code
        self.size = len(self._string_labels)
        return mapping[local]

    # -- reporting ----------------------------------------------------------------
    def values(self, codes: np.ndarray) -> np.ndarray:
        """Label values of ``codes``, in the labels' own dtype."""
        if self.kind == "string":
            return np.array([self._string_labels[c] for c in codes], dtype=str)
        raw = codes if self.identity else self._labels[codes]
        return raw.astype(self.dtype)


class LabelCounts:
    """Mergeable per-label counts (and optionally the confusion matrix).

    Parameters
    ----------
    matrix : bool
        Also keep the dense labels x labels confusion matrix.
    """

    def __init__(self, *, matrix: bool = False) -> None:
        self.keep_matrix = matrix
        #: called with the kept codes whenever labels are renumbered (see ``_recode``),
        #: so that a state indexed by these codes (per-group counts) can follow
        self.on_recode: Any = None
        self.reset()

    def reset(self) -> None:
        self._view: CountsView | None = None
        self.vocab = LabelVocabulary()
        self.rows = 0
        self.weighted = False
        self.total = 0.0  # weighted only: sequential sum of weights
        self.correct = 0.0  # weighted only: sequential sum of weights of correct rows
        self.tp = np.zeros(0, dtype=np.int64)
        self.pred = np.zeros(0, dtype=np.int64)
        self.true = np.zeros(0, dtype=np.int64)
        self.seen = np.zeros(0, dtype=np.uint8)
        self.matrix = np.zeros((0, 0), dtype=np.int64) if self.keep_matrix else None

    @property
    def capacity(self) -> int:
        return self.tp.shape[0]

    # -- growth and re-coding ---------------------------------------------------
    def _reserve(self, size: int) -> None:
        if size > MATRIX_LIMIT and self.keep_matrix:
            raise ValueError(
                f"a dense confusion matrix of {size} x {size} labels needs"
                f" {size * size * 8 / 2**30:.1f} GiB; this metric supports at most"
                f" {MATRIX_LIMIT} labels (per-label metrics such as f1 have no such limit)"
            )
        if size <= self.capacity:
            return
        cap = max(size, 2 * self.capacity, 2)
        if self.keep_matrix:
            cap = min(cap, max(size, MATRIX_LIMIT))
        self.tp, self.pred, self.true = (_grown(a, cap) for a in (self.tp, self.pred, self.true))
        self.seen = _grown(self.seen, cap)
        if self.keep_matrix:
            grown = np.zeros((cap, cap), dtype=self.matrix.dtype)
            k = self.matrix.shape[0]
            grown[:k, :k] = self.matrix
            self.matrix = grown

    def _present_codes(self) -> np.ndarray:
        """Codes of the labels that occur in some row (weighted: even with weight 0).

        Decided by the counts, not by the vocabulary: a label the vocabulary took
        in from a batch whose folding was then refused never shows up.
        """
        k = self.vocab.size
        present = (self.true[:k] != 0) | (self.pred[:k] != 0) | (self.seen[:k] != 0)
        return np.flatnonzero(present)

    def _recode(self, codes: np.ndarray) -> None:
        """Keep only ``codes``, renumbered 0..m-1 in that order."""
        self.tp, self.pred, self.true, self.seen = (
            a[codes].copy() for a in (self.tp, self.pred, self.true, self.seen)
        )
        if self.keep_matrix:
            self.matrix = self.matrix[np.ix_(codes, codes)].copy()
        if self.on_recode is not None:
            self.on_recode(codes)

    def _to_weighted(self) -> None:
        k = self.capacity
        self.seen[:k] |= ((self.true != 0) | (self.pred != 0)).astype(np.uint8)
        self.total = float(self.rows)
        self.correct = float(self.tp.sum())
        self.tp, self.pred, self.true = (
            a.astype(np.float64) for a in (self.tp, self.pred, self.true)
        )
        if self.keep_matrix:
            self.matrix = self.matrix.astype(np.float64)
        self.weighted = True

    def _encode(self, y_true: LabelArray, y_pred: LabelArray) -> tuple[Any, Any]:
        """Codes of both columns, growing the vocabulary (and the arrays) as needed."""
        vocab = self.vocab
        vocab.note_types(y_true, y_pred)
        if vocab.kind == "string":
            t, p = vocab.string_codes(y_true.values), vocab.string_codes(y_pred.values)
        else:
            t, p = y_true.values, y_pred.values
            if vocab.identity:
                lo, hi = _kernels().pair_range(t, p)
                limit = IDENTITY_LIMIT_WITH_MATRIX if self.keep_matrix else IDENTITY_LIMIT
                if lo >= 0 and hi < limit:
                    vocab.size = max(vocab.size, int(hi) + 1)
                    self._reserve(vocab.size)
                    return t, p
                present = self._present_codes()
                vocab.switch_to_hash(present)
                self._recode(present)
            t, p = vocab.hash_codes(t), vocab.hash_codes(p)
        self._reserve(vocab.size)
        return t, p

    def _add_joint(self, joint: np.ndarray) -> None:
        k = joint.shape[0]
        self.tp[:k] += np.diagonal(joint)
        self.true[:k] += joint.sum(axis=1)
        self.pred[:k] += joint.sum(axis=0)
        if self.keep_matrix:
            self.matrix[:k, :k] += joint

    def _update_small(self, y_true: LabelArray, y_pred: LabelArray) -> bool:
        """One-pass path for unweighted integer labels in [0, 64); False if not applicable.

        Small batches (and, until the kernels are first needed, batches of up to
        ``COLD_NUMPY_ROWS`` rows in all) are counted with ``np.bincount``, so that
        evaluating a few examples never waits for Numba to load; large ones by a
        Numba kernel that checks the range as it counts. Both give the same
        integers.
        """
        if y_true.kind != "number" or not self.vocab.identity:
            return False
        t, p = y_true.values, y_pred.values
        n = len(t)
        if _count_with_numpy(n):
            lo, hi = min(t.min(), p.min()), max(t.max(), p.max())
            if lo < 0 or hi >= JOINT_LIMIT:
                return False
            k = int(hi) + 1
            joint = np.zeros(k * k, dtype=np.int64)
            for start in range(0, n, NUMPY_CHUNK):  # bounded temporaries
                codes = t[start : start + NUMPY_CHUNK].astype(np.intp) * k
                codes += p[start : start + NUMPY_CHUNK].astype(np.intp, copy=False)
                joint += np.bincount(codes, minlength=k * k)
            joint = joint.reshape(k, k)
        else:
            threads = _threads(n)
            if threads > 1:  # per-thread tables, summed: exact integers either way
                tables = np.zeros((threads, JOINT_LIMIT * JOINT_LIMIT), dtype=np.int64)
                if _kernels().joint_counts_small_parallel(t, p, tables) < n:
                    return False
                flat = tables.sum(axis=0)
            else:
                flat = np.zeros(JOINT_LIMIT * JOINT_LIMIT, dtype=np.int64)
                if _kernels().joint_counts_small(t, p, flat) < n:
                    return False
            joint = flat.reshape(JOINT_LIMIT, JOINT_LIMIT)
            used = np.flatnonzero(joint.any(axis=0) | joint.any(axis=1))
            k = int(used[-1]) + 1
        self.vocab.note_types(y_true, y_pred)
        self.vocab.size = max(self.vocab.size, k)
        self._reserve(self.vocab.size)
        self._add_joint(joint[:k, :k])
        return True

    # -- public --------------------------------------------------------------------
    def update(
        self, y_true: LabelArray, y_pred: LabelArray, weights: np.ndarray | None = None
    ) -> tuple[Any, Any]:
        """Fold one validated batch into the counts; return the batch's label codes.

        The caller has validated lengths and label kinds (``check_label_kinds``), so
        nothing below can fail half-way and leave the counts inconsistent. The
        returned codes lie in ``[0, vocab.size)``.
        """
        self._view = None
        n = len(y_true)
        if weights is None and self.weighted:
            weights = np.ones(n)
        if weights is not None and not self.weighted:
            self._to_weighted()
        if weights is None and self._update_small(y_true, y_pred):
            self.rows += n
            return y_true.values, y_pred.values  # identity mode: codes are the values
        kernels = _kernels()
        t, p = self._encode(y_true, y_pred)
        k = self.vocab.size
        if weights is None:
            if k <= JOINT_LIMIT:
                joint = np.zeros(k * k, dtype=np.int64)
                kernels.joint_counts(t, p, k, joint)
                self._add_joint(joint.reshape(k, k))
            else:
                threads = _threads(n)
                if threads > 1:
                    parts = np.zeros((3, threads, self.capacity), dtype=np.int64)
                    kernels.class_counts_parallel(t, p, parts[0], parts[1], parts[2])
                    summed = parts.sum(axis=1)
                    self.tp += summed[0]
                    self.pred += summed[1]
                    self.true += summed[2]
                else:
                    kernels.class_counts(t, p, self.tp, self.pred, self.true)
                if self.keep_matrix:
                    kernels.joint_counts(t, p, self.capacity, self.matrix.reshape(-1))
        else:
            total, correct = kernels.class_counts_weighted(
                t, p, weights, self.tp, self.pred, self.true, self.seen
            )
            self.total += total
            self.correct += correct
            if self.keep_matrix:
                kernels.joint_counts_weighted(
                    t, p, weights, self.capacity, self.matrix.reshape(-1), self.seen
                )
        self.rows += n
        return t, p

    @staticmethod
    def concat(batches: list[dict[str, Any]]) -> dict[str, Any]:
        return concat_batches(batches)

    def merge(self, other: LabelCounts) -> tuple[np.ndarray, np.ndarray]:
        """Add ``other``'s counts into this state (labels are matched by value).

        Returns ``(other_codes, my_codes)``: where each of ``other``'s labels went.
        """
        if other.rows == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        self._view = None
        if self.keep_matrix and not other.keep_matrix:
            raise ValueError(
                "cannot merge: this state keeps a confusion matrix and the other does not"
            )
        codes_other = other._present_codes()
        values = other.vocab.values(codes_other)
        column = _label_column(values, other.vocab)
        check_label_kinds((column, "merged labels"), stored=self.vocab.kind)
        mine, _ = self._encode(column, column)
        mine = np.asarray(mine, dtype=np.int64)
        if other.weighted and not self.weighted:
            self._to_weighted()
        for name in ("tp", "pred", "true"):
            getattr(self, name)[mine] += getattr(other, name)[codes_other].astype(
                getattr(self, name).dtype
            )
        self.seen[mine] |= other.seen[codes_other]  # flags: or, never add (uint8 would wrap)
        if self.keep_matrix:
            self.matrix[np.ix_(mine, mine)] += other.matrix[np.ix_(codes_other, codes_other)]
        if self.weighted:
            self.total += other.total if other.weighted else float(other.rows)
            self.correct += other.correct if other.weighted else float(other.tp.sum())
        self.rows += other.rows
        return codes_other, mine

    def view(self) -> CountsView:
        """Counts for the labels present, in sorted label order (computed once per state)."""
        if self._view is None:
            self._view = self._make_view()
        return self._view

    def _make_view(self) -> CountsView:
        if self.rows == 0:
            raise ValueError("no data: add predictions and references before computing")
        totals = (self.total, self.correct) if self.weighted else (self.rows, None)
        return build_view(
            self.vocab, self._present_codes(), self.tp, self.pred, self.true, self.matrix, *totals
        )


def build_view(
    vocab: LabelVocabulary,
    codes: np.ndarray,
    tp: np.ndarray,
    pred: np.ndarray,
    true: np.ndarray,
    matrix: np.ndarray | None,
    total: float,
    correct: float | None,
) -> CountsView:
    """The counts of ``codes`` (the labels present), in sorted label order.

    ``correct=None`` means unweighted: the number of correct rows is the exact
    integer sum of the true positives.
    """
    labels = vocab.values(codes)
    if not vocab.identity:
        order = np.argsort(labels, kind="stable")
        codes, labels = codes[order], labels[order]
    tp, pred, true = tp[codes], pred[codes], true[codes]
    weighted = correct is not None
    if not weighted:
        correct = int(tp.sum())
    kept = None if matrix is None else matrix[np.ix_(codes, codes)]
    return CountsView(labels, tp, pred, true, total, correct, weighted, kept)


def _label_column(values: np.ndarray, vocab: LabelVocabulary) -> LabelArray:
    if vocab.kind == "string":
        import pyarrow as pa

        return LabelArray(pa.array(values.tolist(), type=pa.string()), "string", np.dtype(str))
    raw = values.view(np.uint8) if values.dtype == bool else values
    if raw.dtype.kind == "f":
        raw = raw.astype(np.int64)
    return LabelArray(raw, "number", vocab.dtype)


def concat_labels(columns: list[LabelArray]) -> LabelArray:
    """Concatenate validated label columns of one kind (small buffered batches)."""
    if columns[0].kind == "string":
        import pyarrow as pa

        if all(isinstance(c.values, np.ndarray) for c in columns):
            return LabelArray(np.concatenate([c.values for c in columns]), "string", np.dtype(str))
        arrays = [
            chunk
            for c in columns
            for chunk in _chunks(
                pa.array(c.values) if isinstance(c.values, np.ndarray) else c.values
            )
        ]
        arrays = [a.cast(pa.large_string()) for a in arrays]
        return LabelArray(pa.chunked_array(arrays, type=pa.large_string()), "string", np.dtype(str))
    values = np.concatenate([c.values for c in columns])
    return LabelArray(values, "number", np.result_type(*[c.dtype for c in columns]))


def _chunks(values: Any) -> list[Any]:
    return list(values.chunks) if hasattr(values, "chunks") else [values]


def concat_batches(batches: list[dict[str, Any]]) -> dict[str, Any]:
    """Concatenate buffered ``{"y_true", "y_pred", "weights"}`` batches."""
    weights = None
    if any(b["weights"] is not None for b in batches):
        weights = np.concatenate(
            [
                b["weights"] if b["weights"] is not None else np.ones(len(b["y_true"]))
                for b in batches
            ]
        )
    return {
        "y_true": concat_labels([b["y_true"] for b in batches]),
        "y_pred": concat_labels([b["y_pred"] for b in batches]),
        "weights": weights,
    }
