"""Metrics for imbalanced classification, as imbalanced-learn defines them: the geometric mean.

Derived, like every classification score here, from the per-label counts of
:class:`~fasteval._state.LabelCounts` (true positives, predicted and true
totals per label), so ``geometric_mean`` shares its one counting pass with
accuracy, recall, F1... in a :func:`fasteval.combine`.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np

from fasteval._counts import CountsView
from fasteval.functional._derive import (
    _check_view,
    _is_str_kind,
    _label_indices,
    _prf_divide,
    _take,
    _user_stacklevel,
)

__all__ = ["derive_geometric_mean", "geometric_mean_score"]

GMEAN_AVERAGES = ("multiclass", "binary", "micro", "macro", "weighted", "samples", None)


def _check_options(average: Any, pos_label: Any, correction: Any) -> None:
    if not (average is None or (isinstance(average, str) and average in GMEAN_AVERAGES)):
        raise ValueError(f"average must be one of {list(GMEAN_AVERAGES)}; got {average!r}")
    if not (pos_label is None or isinstance(pos_label, (str, numbers.Integral))):
        raise TypeError(f"pos_label must be a string, an integer or None; got {pos_label!r}")
    if not isinstance(correction, numbers.Real) or isinstance(correction, bool):
        raise TypeError(f"correction must be a real number; got {correction!r}")


def _pos_label_index(view: CountsView, pos_label: Any) -> int | None:
    """Index of ``pos_label`` among the labels, matched as ``pos_label in labels`` in numpy."""
    if pos_label is None or isinstance(pos_label, str) != _is_str_kind(view.labels):
        return None
    idx = int(_label_indices(view, [pos_label])[0])
    return None if idx == view.n_labels else idx


def derive_geometric_mean(
    view: CountsView,
    n_rows: int,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "multiclass",
    correction: float = 0.0,
) -> Any:
    """The geometric mean of per-class recalls (or of sensitivity and specificity), as
    ``imblearn.metrics.geometric_mean_score``.

    ``n_rows`` is the number of rows: imbalanced-learn counts true negatives
    as ``n_rows - (predicted + true - tp)`` even with sample weights, and so
    does this function, to give its numbers. Python float when averaged, a
    float64 array when ``average=None``.
    """
    _check_options(average, pos_label, correction)
    if average == "multiclass":
        idx = np.arange(view.n_labels) if labels is None else _label_indices(view, labels)
        tp = _take(view.tp, idx)
        true = _take(view.true, idx)
        with np.errstate(divide="ignore", invalid="ignore"):
            recall = _prf_divide(tp, true, "recall", "true", None, ("recall",), "warn")
        recall[recall == 0] = correction
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.exp(np.mean(np.log(recall))))
    _check_view(view)
    k = view.n_labels
    if average == "binary":
        if k > 2:
            raise ValueError(
                "Target is multiclass but average='binary'. Please choose another average setting."
            )
        found = _pos_label_index(view, pos_label)
        if found is None:
            if k < 2:  # only negative labels: imbalanced-learn scores 0
                return 0.0
            raise ValueError(f"pos_label={pos_label!r} is not a valid label: {view.labels!r}")
        idx = np.array([found], dtype=np.intp)
    else:
        if pos_label not in (None, 1):
            warnings.warn(
                f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary'"
                f" (got {average!r}). You may use labels=[pos_label] to specify a single positive"
                " class.",
                UserWarning,
                stacklevel=_user_stacklevel(),
            )
        if average == "samples":
            raise ValueError(
                "Sample-based precision, recall, fscore is not meaningful outside multilabel"
                " classification. See the accuracy_score instead."
            )
        idx = np.arange(k) if labels is None else _label_indices(view, labels)
    tp = _take(view.tp, idx)
    if not view.weighted and view.correct == 0:
        tp = tp.astype(np.float64)  # imbalanced-learn's float zeros without any true positive
    pred = _take(view.pred, idx)
    true = _take(view.true, idx)
    tn = n_rows - (pred + true - tp)
    if average == "micro":
        tp, pred, true, tn = (np.array([x.sum()]) for x in (tp, pred, true, tn))
    warn_for = ("specificity", "specificity")
    with np.errstate(divide="ignore", invalid="ignore"):
        specificity = _prf_divide(
            tn, tn + pred - tp, "specificity", "predicted", average, warn_for, "warn"
        )
        sensitivity = _prf_divide(tp, true, "sensitivity", "true", average, warn_for, "warn")
    if average == "weighted":
        weights = true
        if weights.sum() == 0:
            return 0.0
    else:
        weights = None
    if average is None:
        return np.sqrt(sensitivity * specificity)
    specificity = np.average(specificity, weights=weights)
    sensitivity = np.average(sensitivity, weights=weights)
    return float(np.sqrt(sensitivity * specificity))


def geometric_mean_score(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "multiclass",
    sample_weight: Any = None,
    correction: float = 0.0,
) -> Any:
    """Geometric mean of per-class recalls, as ``imblearn.metrics.geometric_mean_score``.

    ``average="multiclass"`` (default): the geometric mean of the recalls of
    the classes (a class never recognized makes it 0 unless ``correction``
    replaces its zero recall). Any other ``average`` ("binary", "micro",
    "macro", "weighted", None): sqrt(sensitivity * specificity) per class,
    one-vs-rest, averaged as in recall_score.

    Examples
    --------
    >>> y_true = [0, 1, 2, 0, 1, 2]
    >>> y_pred = [0, 2, 1, 0, 0, 1]
    >>> geometric_mean_score(y_true, y_pred)
    0.0
    >>> round(geometric_mean_score(y_true, y_pred, correction=0.001), 6)
    0.01
    >>> round(geometric_mean_score(y_true, y_pred, average="macro"), 6)
    0.471405
    >>> geometric_mean_score(y_true, y_pred, average=None)
    array([0.8660254, 0.       , 0.       ])
    """
    from fasteval.functional.classification import count_labels

    view = count_labels(y_true, y_pred, sample_weight)
    n_rows = len(y_true) if hasattr(y_true, "__len__") else int(view.total)
    return derive_geometric_mean(
        view, n_rows, labels=labels, pos_label=pos_label, average=average, correction=correction
    )
