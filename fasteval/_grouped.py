"""Per-slice counts: the classification state for ``group_by``.

:class:`GroupedLabelCounts` counts every group's per-label tp / predicted /
true in the same single pass (one grouped kernel per batch, not one pass per
group), beside the overall :class:`~fasteval._state.LabelCounts`, whose label
codes it shares. Group keys (one or more columns of any Arrow type, nulls
included as their own group) get dense codes through Arrow's dictionary
encoding; only each batch's distinct keys touch Python.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fasteval._counts import CountsView
from fasteval._inputs import LabelArray
from fasteval._state import LabelCounts, _kernels, build_view

# Refuse per-group dense confusion matrices beyond this many cells.
GROUPED_MATRIX_LIMIT = 1 << 26


class GroupKeys:
    """Group key tuples <-> dense codes, stable across batches."""

    def __init__(self, names: list[str]) -> None:
        self.names = list(names)
        self.index: dict[tuple, int] = {}
        self.keys: list[tuple] = []

    def __len__(self) -> int:
        return len(self.keys)

    def code(self, key: tuple) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.keys)
            self.keys.append(key)
        return found

    def encode(self, columns: list[Any]) -> np.ndarray:
        """Codes (int64) of the rows of ``columns`` (pyarrow arrays), adding new keys."""
        import pyarrow as pa
        import pyarrow.compute as pc

        values, indices = [], []
        for column in columns:
            if isinstance(column, pa.ChunkedArray):
                column = column.combine_chunks()
            if not pa.types.is_dictionary(
                column.type
            ):  # Parquet files are read as dictionaries already
                column = pc.dictionary_encode(column, null_encoding="encode")
            vals = column.dictionary.to_pylist()
            idx = column.indices
            if idx.null_count:
                idx = pc.fill_null(idx, len(vals))
                vals.append(None)
            values.append(vals)
            indices.append(idx.to_numpy(zero_copy_only=False))
        if len(columns) == 1:
            mapping = np.array([self.code((v,)) for v in values[0]], dtype=np.int64)
            return mapping[indices[0]]
        combined = np.zeros(len(columns[0]), dtype=np.int64)
        for vals, idx in zip(values, indices):
            combined = combined * max(len(vals), 1) + idx.astype(np.int64)
        uniq, inverse = np.unique(combined, return_inverse=True)
        keys = []
        for packed in uniq.tolist():
            parts = []
            for vals in reversed(values):
                packed, j = divmod(packed, max(len(vals), 1))
                parts.append(vals[j])
            keys.append(tuple(reversed(parts)))
        mapping = np.array([self.code(k) for k in keys], dtype=np.int64)
        return mapping[inverse.reshape(-1)]


class GroupedLabelCounts:
    """Overall and per-group label counts, updated together, mergeable."""

    def __init__(self, group_by: list[str], *, matrix: bool = False) -> None:
        self.group_by = list(group_by)
        self.keep_matrix = matrix
        self.reset()

    def reset(self) -> None:
        self.overall = LabelCounts(matrix=self.keep_matrix)
        self.overall.on_recode = self._recode_labels
        self.groups = GroupKeys(self.group_by)
        self.tp = np.zeros((0, 0), dtype=np.int64)
        self.pred = np.zeros((0, 0), dtype=np.int64)
        self.true = np.zeros((0, 0), dtype=np.int64)
        self.seen = np.zeros((0, 0), dtype=np.uint8)
        self.rows = np.zeros(0, dtype=np.int64)
        self.total = np.zeros(0)
        self.correct = np.zeros(0)
        self.matrix = np.zeros((0, 0, 0), dtype=np.int64) if self.keep_matrix else None
        self.weighted = False

    # -- shape management ----------------------------------------------------------
    def _reserve(self, n_groups: int, k: int) -> None:
        g_cap, k_cap = self.tp.shape
        if n_groups <= g_cap and k <= k_cap:
            return
        new_g = max(n_groups, 2 * g_cap if n_groups > g_cap else g_cap, 1)
        new_k = max(k, k_cap)
        if self.keep_matrix and new_g * new_k * new_k > GROUPED_MATRIX_LIMIT:
            raise ValueError(
                f"per-group confusion matrices for {n_groups} groups x {k} labels are too large"
                f" (limit {GROUPED_MATRIX_LIMIT:,} cells); drop confusion_matrix / weighted kappa"
                " from a grouped evaluation or group by fewer keys"
            )

        def grow(arr: np.ndarray) -> np.ndarray:
            out = np.zeros((new_g,) + (new_k,) * (arr.ndim - 1), dtype=arr.dtype)
            out[tuple(slice(0, s) for s in arr.shape)] = arr
            return out

        self.tp, self.pred, self.true, self.seen = (
            grow(a) for a in (self.tp, self.pred, self.true, self.seen)
        )
        if self.keep_matrix:
            self.matrix = grow(self.matrix)
        for name in ("rows", "total", "correct"):
            arr = getattr(self, name)
            grown = np.zeros(new_g, dtype=arr.dtype)
            grown[: arr.shape[0]] = arr
            setattr(self, name, grown)

    def _recode_labels(self, codes: np.ndarray) -> None:
        """The overall vocabulary renumbered its labels: follow on the label axis."""
        if codes.size and int(codes.max()) >= self.tp.shape[1]:
            self._reserve(self.tp.shape[0], int(codes.max()) + 1)
        self.tp, self.pred, self.true, self.seen = (
            a[:, codes].copy() for a in (self.tp, self.pred, self.true, self.seen)
        )
        if self.keep_matrix:
            self.matrix = self.matrix[:, codes][:, :, codes].copy()

    def _to_weighted(self) -> None:
        self.seen |= ((self.true != 0) | (self.pred != 0)).astype(np.uint8)
        self.total = self.rows.astype(np.float64)
        self.correct = self.tp.sum(axis=1).astype(np.float64)
        self.tp, self.pred, self.true = (
            a.astype(np.float64) for a in (self.tp, self.pred, self.true)
        )
        if self.keep_matrix:
            self.matrix = self.matrix.astype(np.float64)
        self.weighted = True

    # -- updates -------------------------------------------------------------------
    def update(
        self,
        y_true: LabelArray,
        y_pred: LabelArray,
        weights: np.ndarray | None = None,
        groups: list[Any] | None = None,
    ) -> None:
        """Fold one validated batch; ``groups`` holds one pyarrow array per group column."""
        kernels = _kernels()
        g = self.groups.encode(groups)
        t, p = self.overall.update(y_true, y_pred, weights)
        t, p = np.asarray(t), np.asarray(p)
        self._reserve(len(self.groups), self.overall.capacity)
        if weights is None and self.weighted:
            weights = np.ones(len(y_true))
        if weights is not None and not self.weighted:
            self._to_weighted()
        k = self.tp.shape[1]
        flat = [a.reshape(-1) for a in (self.tp, self.pred, self.true)]
        if weights is None:
            kernels.grouped_class_counts(g, t, p, k, *flat, self.rows)
        else:
            kernels.grouped_class_counts_weighted(
                g,
                t,
                p,
                weights,
                k,
                *flat,
                self.seen.reshape(-1),
                self.rows,
                self.total,
                self.correct,
            )
        if self.keep_matrix:
            kernels.grouped_joint_counts(g, t, p, weights, k, self.matrix.reshape(-1))

    @staticmethod
    def concat(batches: list[dict[str, Any]]) -> dict[str, Any]:
        raise NotImplementedError("grouped states fold whole batches; they are never buffered")

    def merge(self, other: GroupedLabelCounts) -> None:
        """Add ``other``'s overall and per-group counts (labels and groups matched by value)."""
        if other.group_by != self.group_by:
            raise ValueError(
                f"cannot merge states grouped by {other.group_by} into states grouped by {self.group_by}"
            )
        codes_other, mine = self.overall.merge(other.overall)
        if len(other.groups) == 0:
            return
        groups_mine = np.array([self.groups.code(key) for key in other.groups.keys], dtype=np.int64)
        groups_other = np.arange(len(other.groups))
        self._reserve(len(self.groups), self.overall.capacity)
        if other.weighted and not self.weighted:
            self._to_weighted()
        rows, cols = np.ix_(groups_mine, mine)
        src = np.ix_(groups_other, codes_other)
        for name in ("tp", "pred", "true"):
            getattr(self, name)[rows, cols] += getattr(other, name)[src].astype(
                getattr(self, name).dtype
            )
        self.seen[rows, cols] |= other.seen[src]
        self.rows[groups_mine] += other.rows[: len(other.groups)]
        if self.weighted:
            other_total = other.total if other.weighted else other.rows.astype(np.float64)
            other_correct = (
                other.correct if other.weighted else other.tp.sum(axis=1).astype(np.float64)
            )
            self.total[groups_mine] += other_total[: len(other.groups)]
            self.correct[groups_mine] += other_correct[: len(other.groups)]
        if self.keep_matrix:
            self.matrix[np.ix_(groups_mine, mine, mine)] += other.matrix[
                np.ix_(groups_other, codes_other, codes_other)
            ]

    # -- views -----------------------------------------------------------------------
    def group_view(self, group: int) -> CountsView:
        """Counts of one group, over the labels present in that group (as scikit-learn sees a slice)."""
        k = self.overall.vocab.size
        tp, pred, true, seen = (a[group, :k] for a in (self.tp, self.pred, self.true, self.seen))
        codes = np.flatnonzero((true != 0) | (pred != 0) | (seen != 0))
        matrix = self.matrix[group, :k, :k] if self.keep_matrix else None
        if self.weighted:
            totals = (float(self.total[group]), float(self.correct[group]))
        else:
            totals = (int(self.rows[group]), None)
        return build_view(self.overall.vocab, codes, tp, pred, true, matrix, *totals)


class _GroupState:
    """What a module's derive expects (``.view()``, ``.keep_matrix``) for one group."""

    def __init__(self, grouped: GroupedLabelCounts, group: int) -> None:
        self.keep_matrix = grouped.keep_matrix
        self._view = grouped.group_view(group)

    def view(self) -> CountsView:
        return self._view
