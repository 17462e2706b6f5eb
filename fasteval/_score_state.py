"""Mergeable states of the score metrics.

* :class:`ScoreBuffer` keeps every (label, score, weight) row. Exact ROC AUC,
  average precision, the PR area and the equal error rate depend on the
  order of all the scores together, so no small statistic can stream them:
  the buffer holds the validated numpy chunks (8 bytes per score, plus the
  label and the weight) and the metric sorts them once when it is computed.
* :class:`TermSums` keeps sums of per-row terms (log loss, Brier terms, top-k
  hits) and of the weights: the sufficient statistic of a mean. Each batch
  is summed with numpy's pairwise summation, so a single batch (a one-shot
  compute, or small batches buffered and folded together) gives scikit-learn's
  number to the last bit; batches folded apart add their sums, which can
  differ from one pairwise sum in the last bits (relative 1e-15 or so).
* :class:`CalibrationTotals` keeps per-bin totals (weight, confidence,
  correct weight) for the expected calibration error, summed in row order.

Every state records the classes its rows were mapped to (``classes``) and
which of them were seen (``present``), so that the derive can apply
scikit-learn's checks about the classes of the whole stream.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fasteval._lazy import LazyModule

K = LazyModule("fasteval.kernels.scores")  # Numba loads when a kernel is first used

__all__ = ["CalibrationTotals", "ScoreBuffer", "TermSums"]


def _concat_weights(batches: list[dict[str, Any]], key: str = "weights") -> np.ndarray | None:
    """Concatenated weights; rows added without weights count with weight 1."""
    if all(b[key] is None for b in batches):
        return None
    parts = [
        b[key] if b[key] is not None else np.ones(len(b["scores"]), dtype=np.float64)
        for b in batches
    ]
    return np.concatenate(parts)


class _Classes:
    """Classes fixed for a stream (or None) and a count of rows per class."""

    classes: Any
    present: np.ndarray | None

    def _reset_classes(self) -> None:
        self.classes = None
        self.present = None
        self.n_columns: int | None = None

    def fix(self, classes: Any, n_columns: int | None) -> None:
        """Record the classes of the first batch (later batches were validated against them)."""
        if self.classes is None and classes is not None:
            self.classes = classes
            self.present = np.zeros(len(classes), dtype=np.int64)
        if self.n_columns is None:
            self.n_columns = n_columns

    def _count_present(self, cols: np.ndarray | None) -> None:
        if cols is not None and self.present is not None and len(cols):
            self.present += np.bincount(cols, minlength=len(self.present))[: len(self.present)]

    def _merge_classes(self, other: _Classes) -> None:
        if other.classes is None:
            return
        if self.classes is None:
            self.classes, self.present = other.classes, other.present.copy()
            self.n_columns = other.n_columns
            return
        if not np.array_equal(np.asarray(self.classes), np.asarray(other.classes)):
            raise ValueError(
                f"cannot merge states of different classes ({other.classes!r} into {self.classes!r})"
            )
        self.present = self.present + other.present


class ScoreBuffer(_Classes):
    """Every validated batch, kept as numpy chunks until the metric is computed.

    >>> state = ScoreBuffer()
    >>> state.update(y=np.array([0, 1]), scores=np.array([0.2, 0.7]), weights=None)
    >>> state.update(y=np.array([1]), scores=np.array([0.4]), weights=None)
    >>> y, scores, weights = state.arrays()
    >>> y.tolist(), scores.tolist(), weights
    ([0, 1, 1], [0.2, 0.7, 0.4], None)
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.y: list[np.ndarray] = []
        self.scores: list[np.ndarray] = []
        self.weights: list[np.ndarray | None] = []
        self.rows = 0
        self.kind: str | None = None  # "number", "string" or "indicator"
        self._reset_classes()

    def update(
        self,
        *,
        y: np.ndarray,
        scores: np.ndarray,
        weights: np.ndarray | None,
        copy: bool = True,
    ) -> None:
        """Keep a batch; ``copy=False`` only for arrays nobody else holds (or a one-shot compute)."""
        if copy:  # the caller may refill its arrays before the metric is computed
            y, scores = np.array(y, copy=True), np.array(scores, copy=True)
            weights = None if weights is None else np.array(weights, copy=True)
        self.y.append(y)
        self.scores.append(scores)
        self.weights.append(weights)
        self.rows += len(scores)

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "y": np.concatenate([b["y"] for b in batches]),
            "scores": np.concatenate([b["scores"] for b in batches]),
            "weights": _concat_weights(batches),
            "copy": False,
        }

    def merge(self, other: ScoreBuffer) -> None:
        if other.kind is not None and self.kind is not None and other.kind != self.kind:
            raise ValueError(f"cannot merge {other.kind} labels into {self.kind} labels")
        self.kind = self.kind or other.kind
        self.y.extend(other.y)
        self.scores.extend(other.scores)
        self.weights.extend(other.weights)
        self.rows += other.rows

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(labels, scores, weights or None) of every row, in the order added."""
        if not self.scores:
            raise ValueError("no rows stored")
        y = self.y[0] if len(self.y) == 1 else np.concatenate(self.y)
        scores = self.scores[0] if len(self.scores) == 1 else np.concatenate(self.scores)
        batches = [{"weights": w, "scores": s} for w, s in zip(self.weights, self.scores)]
        weights = _concat_weights(batches)
        return y, scores, weights


class TermSums(_Classes):
    """Sums of named per-row terms and of the weights, plus the score range.

    ``config`` holds the options the terms were computed with (fixed for a
    stream). Terms are summed per batch with numpy's pairwise summation
    (weighted terms as ``term * weight``, as ``np.average`` does).

    >>> state = TermSums(config=None)
    >>> state.update(terms={"loss": np.array([0.5, 1.5])}, weights=None, low=0.1, high=0.9, scores=None)
    >>> state.sums, state.weight_total, state.rows
    ({'loss': 2.0}, 2.0, 2)
    """

    def __init__(self, config: Any) -> None:
        self.base_config = config
        self.config = config
        self.reset()

    def reset(self) -> None:
        self.config = self.base_config
        self.sums: dict[str, float] = {}
        self.weight_total = 0.0
        self.rows = 0
        self.weighted = False
        self.low = np.inf
        self.high = -np.inf
        self.kind: str | None = None
        self._reset_classes()

    def reconfigure(self, config: Any) -> None:
        if self.rows:
            raise RuntimeError("cannot reconfigure a state that holds rows")
        self.config = config

    def update(
        self,
        *,
        terms: dict[str, np.ndarray],
        weights: np.ndarray | None,
        low: float,
        high: float,
        scores: Any = None,
        cols: np.ndarray | None = None,
    ) -> None:
        n = len(next(iter(terms.values())))
        for name, values in terms.items():
            part = K.pairwise_sum(values if weights is None else values * weights)
            self.sums[name] = self.sums.get(name, 0.0) + part
        if weights is None:
            self.weight_total += n
        else:
            self.weight_total += K.pairwise_sum(weights)
            self.weighted = True
        self.rows += n
        self.low = min(self.low, low)
        self.high = max(self.high, high)
        self._count_present(cols)

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        names = batches[0]["terms"].keys()
        weights = None
        if any(b["weights"] is not None for b in batches):
            weights = np.concatenate(
                [
                    b["weights"]
                    if b["weights"] is not None
                    else np.ones(len(next(iter(b["terms"].values()))))
                    for b in batches
                ]
            )
        cols = None
        if all(b.get("cols") is not None for b in batches):
            cols = np.concatenate([b["cols"] for b in batches])
        return {
            "terms": {k: np.concatenate([b["terms"][k] for b in batches]) for k in names},
            "weights": weights,
            "low": min(b["low"] for b in batches),
            "high": max(b["high"] for b in batches),
            "cols": cols,
        }

    def merge(self, other: TermSums) -> None:
        if other.config != self.config:
            raise ValueError(
                f"cannot merge states folded with different options ({other.config!r} into"
                f" {self.config!r})"
            )
        self._merge_classes(other)
        for name, value in other.sums.items():
            self.sums[name] = self.sums.get(name, 0.0) + value
        self.weight_total += other.weight_total
        self.rows += other.rows
        self.weighted = self.weighted or other.weighted
        self.low = min(self.low, other.low)
        self.high = max(self.high, other.high)
        self.kind = self.kind or other.kind


class CalibrationTotals(_Classes):
    """Per-bin totals of equal-width confidence bins: weight, confidence and correct weight.

    >>> state = CalibrationTotals(n_bins=2)
    >>> state.update(confidence=np.array([0.2, 0.9]), correct=np.array([False, True]), weights=None)
    >>> state.count.tolist(), state.conf_sum.tolist(), state.acc_sum.tolist()
    ([1.0, 1.0], [0.2, 0.9], [0.0, 1.0])
    """

    def __init__(self, n_bins: int, config: Any = None) -> None:
        self.base_config = (n_bins, config)
        self.config = self.base_config
        self.reset()

    @property
    def n_bins(self) -> int:
        return self.config[0]

    def reset(self) -> None:
        self.config = self.base_config
        self._clear()
        self.kind: str | None = None
        self._reset_classes()

    def _clear(self) -> None:
        n_bins = self.config[0]
        self.count = np.zeros(n_bins)
        self.conf_sum = np.zeros(n_bins)
        self.acc_sum = np.zeros(n_bins)
        self.edges = np.linspace(0.0, 1.0, n_bins + 1)
        self.rows = 0

    def reconfigure(self, config: Any) -> None:
        if self.rows:
            raise RuntimeError("cannot reconfigure a state that holds rows")
        self.config = config
        self._clear()

    def update(
        self,
        *,
        confidence: np.ndarray,
        correct: np.ndarray,
        weights: np.ndarray | None,
        cols: np.ndarray | None = None,
    ) -> None:
        K.calibration_bins(
            confidence,
            correct,
            np.empty(0) if weights is None else weights,
            self.edges,
            self.count,
            self.conf_sum,
            self.acc_sum,
        )
        self.rows += len(confidence)
        self._count_present(cols)

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        weights = None
        if any(b["weights"] is not None for b in batches):
            weights = np.concatenate(
                [
                    b["weights"] if b["weights"] is not None else np.ones(len(b["confidence"]))
                    for b in batches
                ]
            )
        cols = None
        if all(b.get("cols") is not None for b in batches):
            cols = np.concatenate([b["cols"] for b in batches])
        return {
            "confidence": np.concatenate([b["confidence"] for b in batches]),
            "correct": np.concatenate([b["correct"] for b in batches]),
            "weights": weights,
            "cols": cols,
        }

    def merge(self, other: CalibrationTotals) -> None:
        if other.config != self.config:
            raise ValueError(
                f"cannot merge calibration states with different options ({other.config!r} into"
                f" {self.config!r})"
            )
        self._merge_classes(other)
        self.count = self.count + other.count
        self.conf_sum = self.conf_sum + other.conf_sum
        self.acc_sum = self.acc_sum + other.acc_sum
        self.rows += other.rows
        self.kind = self.kind or other.kind
