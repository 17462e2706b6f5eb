"""The per-label counts every classification score derives from.

A :class:`CountsView` is what the state layer hands the derive layer: counts
for the labels present in the data, in sorted label order, exactly the label
set scikit-learn's ``unique_labels(y_true, y_pred)`` would find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CountsView:
    """Sufficient statistics of a 1-D (binary or multiclass) label comparison.

    Attributes
    ----------
    labels : ndarray
        Sorted unique labels present in ``y_true`` or ``y_pred`` (a label counts as
        present even when all its rows have sample weight 0). Dtype is the label
        kind: int64, float64, bool or a numpy unicode dtype.
    tp, pred, true : ndarray
        Per label (aligned with ``labels``): weight of rows with
        ``y_true == y_pred == label``, with ``y_pred == label`` and with
        ``y_true == label``. int64 when unweighted, float64 when weighted.
    total : int or float
        Number of rows, or the sum of sample weights.
    correct : int or float
        Number (or weight) of rows with ``y_true == y_pred``.
    weighted : bool
        Whether sample weights were given.
    matrix : ndarray or None
        The dense ``K x K`` confusion matrix (rows true, columns predicted) in
        ``labels`` order, when the state kept it; else None.
    """

    labels: np.ndarray
    tp: np.ndarray
    pred: np.ndarray
    true: np.ndarray
    total: int | float
    correct: int | float
    weighted: bool
    matrix: np.ndarray | None = None

    @property
    def n_labels(self) -> int:
        return int(self.labels.shape[0])
