"""ROC, precision-recall and calibration statistics, in numpy (one sort per curve).

These mirror scikit-learn's ``roc_curve``, ``roc_auc_score``,
``precision_recall_curve`` and ``average_precision_score`` (the tests compare
them), without importing scikit-learn.

Examples
--------
>>> import numpy as np
>>> from fasteval.reporting.curves import roc_curve, average_precision
>>> y = np.array([0, 0, 1, 1]); s = np.array([0.1, 0.4, 0.35, 0.8])
>>> fpr, tpr, thresholds, auc = roc_curve(y, s)
>>> auc
0.75
>>> round(average_precision(y, s), 4)
0.8333
"""

from __future__ import annotations

import numpy as np

__all__ = ["average_precision", "calibration_bins", "precision_recall_curve", "roc_curve"]


def _binary_counts(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative false and true positives at each distinct threshold (descending)."""
    y = np.asarray(y, dtype=bool)
    score = np.asarray(score, dtype=np.float64)
    order = np.argsort(score, kind="mergesort")[::-1]
    score, y = score[order], y[order]
    distinct = np.flatnonzero(np.diff(score))
    ends = np.r_[distinct, y.size - 1]
    tps = np.cumsum(y, dtype=np.float64)[ends]
    fps = 1 + ends - tps
    return fps, tps, score[ends]


def roc_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``(fpr, tpr, thresholds, auc)`` of a binary target ``y`` ranked by ``score``.

    The AUC is NaN when ``y`` holds one class only (as scikit-learn, which raises).
    """
    fps, tps, thresholds = _binary_counts(y, score)
    fps, tps = np.r_[0.0, fps], np.r_[0.0, tps]
    thresholds = np.r_[np.inf, thresholds]
    if fps[-1] <= 0 or tps[-1] <= 0:
        return fps, tps, thresholds, float("nan")
    fpr, tpr = fps / fps[-1], tps / tps[-1]
    return fpr, tpr, thresholds, float(np.trapezoid(tpr, fpr))


def precision_recall_curve(
    y: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(precision, recall, thresholds)`` as scikit-learn's (recall decreasing, ends at (1, 0))."""
    fps, tps, thresholds = _binary_counts(y, score)
    ps = tps + fps
    precision = np.divide(tps, ps, out=np.zeros_like(tps), where=ps != 0)
    recall = tps / tps[-1] if tps[-1] > 0 else np.ones_like(tps)
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def average_precision(y: np.ndarray, score: np.ndarray) -> float:
    """Average precision (step-wise area under the PR curve), as ``average_precision_score``."""
    if not np.any(np.asarray(y, dtype=bool)):
        return float("nan")
    precision, recall, _ = precision_recall_curve(y, score)
    return float(-np.sum(np.diff(recall) * precision[:-1]))


def calibration_bins(
    confidence: np.ndarray, correct: np.ndarray, n_bins: int = 10
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per equal-width confidence bin over [0, 1]: ``(count, sum_confidence, sum_correct)``.

    Sums (not means) so that batches add up: the streaming report folds these.
    """
    bins = np.minimum((np.asarray(confidence) * n_bins).astype(np.intp), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins).astype(np.int64)
    conf_sum = np.bincount(bins, weights=confidence, minlength=n_bins)
    correct_sum = np.bincount(bins, weights=correct.astype(np.float64), minlength=n_bins)
    return count, conf_sum, correct_sum
