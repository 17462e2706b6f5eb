"""scikit-learn-style classification functions (swap ``sklearn.metrics`` for these).

Each function is the same two steps as every other path in fasteval: fold the
inputs into :class:`~fasteval._state.LabelCounts` (one Numba pass), then derive
the score from the counts (:mod:`fasteval.functional._derive`, which mirrors
scikit-learn's arithmetic so the numbers are equal to the last bit).

Multilabel indicator matrices ``(n_samples, n_labels)`` of 0/1 take the same
functions with scikit-learn's multilabel semantics (``labels`` are column
indices, ``average="samples"``); they are counted by
:mod:`fasteval.functional.multilabel` instead. A 2-D input is recognised
without conversion, so the 1-D path pays nothing for it.

Examples
--------
>>> from fasteval.functional import f1_score, accuracy_score
>>> y_true = [0, 1, 2, 0, 1, 2]
>>> y_pred = [0, 2, 1, 0, 0, 1]
>>> accuracy_score(y_true, y_pred)
0.3333333333333333
>>> f1_score(y_true, y_pred, average="macro")
0.26666666666666666
>>> f1_score(y_true, y_pred, average=None)
array([0.8, 0. , 0. ])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fasteval._counts import CountsView
from fasteval._inputs import as_labels, as_weights, check_label_kinds, check_same_length
from fasteval._multilabel import is_indicator_input
from fasteval._state import LabelCounts
from fasteval.functional._derive import (
    derive_accuracy,
    derive_balanced_accuracy,
    derive_cohen_kappa,
    derive_confusion_matrix,
    derive_hamming_loss,
    derive_jaccard,
    derive_matthews,
    derive_precision_recall_fscore_support,
    derive_specificity,
)

__all__ = [
    "accuracy_score",
    "balanced_accuracy_score",
    "cohen_kappa_score",
    "confusion_matrix",
    "count_labels",
    "f1_score",
    "fbeta_score",
    "hamming_loss",
    "jaccard_score",
    "matthews_corrcoef",
    "multilabel_confusion_matrix",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "specificity_score",
]

ArrayLike = Any


def _indicators(y_true: ArrayLike, y_pred: ArrayLike) -> bool:
    """Whether the targets are multilabel indicator matrices (then sklearn's multilabel semantics)."""
    return is_indicator_input(y_true) or is_indicator_input(y_pred)


def _multilabel():
    from fasteval.functional import multilabel

    return multilabel


def count_labels(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    sample_weight: ArrayLike | None = None,
    *,
    matrix: bool = False,
    true_name: str = "y_true",
    pred_name: str = "y_pred",
) -> CountsView:
    """Validate the inputs and count them in one pass: the ``_update`` step of every function here."""
    t = as_labels(y_true, true_name)
    p = as_labels(y_pred, pred_name)
    check_same_length(t, p, true_name, pred_name)
    check_label_kinds((t, true_name), (p, pred_name))
    w = None if sample_weight is None else as_weights(sample_weight, len(t))
    state = LabelCounts(matrix=matrix)
    state.update(t, p, w)
    return state.view()


def accuracy_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    normalize: bool = True,
    sample_weight: ArrayLike | None = None,
) -> float:
    """Fraction (or number, ``normalize=False``) of correct predictions, as ``sklearn.metrics.accuracy_score``.

    For indicator matrices, the subset accuracy: a row is correct when all its labels are.
    """
    if _indicators(y_true, y_pred):
        ml = _multilabel()
        view = ml.count_indicators(y_true, y_pred, sample_weight)
        return ml.derive_subset_accuracy(view, normalize=normalize)
    return derive_accuracy(count_labels(y_true, y_pred, sample_weight), normalize=normalize)


def precision_recall_fscore_support(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    beta: float = 1.0,
    labels: ArrayLike | None = None,
    pos_label: Any = 1,
    average: str | None = None,
    warn_for: tuple[str, ...] = ("precision", "recall", "f-score"),
    sample_weight: ArrayLike | None = None,
    zero_division: str | float = "warn",
):
    """Precision, recall, F-beta and support, as ``sklearn.metrics.precision_recall_fscore_support``.

    Indicator matrices (multilabel) are scored per label column; ``average="samples"``
    averages the per-example scores.
    """
    if _indicators(y_true, y_pred):
        ml = _multilabel()
        samples_labels = labels if average == "samples" else None
        view = ml.count_indicators(y_true, y_pred, sample_weight, samples_labels=samples_labels)
        return ml.derive_multilabel_precision_recall_fscore_support(
            view,
            beta=beta,
            labels=labels,
            pos_label=pos_label,
            average=average,
            warn_for=warn_for,
            zero_division=zero_division,
        )
    return derive_precision_recall_fscore_support(
        count_labels(y_true, y_pred, sample_weight),
        beta=beta,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=warn_for,
        zero_division=zero_division,
    )


def fbeta_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    beta: float,
    labels: ArrayLike | None = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: ArrayLike | None = None,
    zero_division: str | float = "warn",
):
    """F-beta score, as ``sklearn.metrics.fbeta_score``."""
    return precision_recall_fscore_support(
        y_true,
        y_pred,
        beta=beta,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("f-score",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )[2]


def f1_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: ArrayLike | None = None,
    zero_division: str | float = "warn",
):
    """F1 score, as ``sklearn.metrics.f1_score``."""
    return fbeta_score(
        y_true,
        y_pred,
        beta=1.0,
        labels=labels,
        pos_label=pos_label,
        average=average,
        sample_weight=sample_weight,
        zero_division=zero_division,
    )


def precision_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: ArrayLike | None = None,
    zero_division: str | float = "warn",
):
    """Precision, as ``sklearn.metrics.precision_score``."""
    return precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("precision",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )[0]


def recall_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: ArrayLike | None = None,
    zero_division: str | float = "warn",
):
    """Recall, as ``sklearn.metrics.recall_score``."""
    return precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("recall",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )[1]


def jaccard_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: ArrayLike | None = None,
    zero_division: str | float = "warn",
):
    """Jaccard similarity (intersection over union), as ``sklearn.metrics.jaccard_score``."""
    if _indicators(y_true, y_pred):
        ml = _multilabel()
        samples_labels = labels if average == "samples" else None
        view = ml.count_indicators(y_true, y_pred, sample_weight, samples_labels=samples_labels)
        return ml.derive_multilabel_jaccard(
            view, labels=labels, pos_label=pos_label, average=average, zero_division=zero_division
        )
    return derive_jaccard(
        count_labels(y_true, y_pred, sample_weight),
        labels=labels,
        pos_label=pos_label,
        average=average,
        zero_division=zero_division,
    )


def specificity_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: ArrayLike | None = None,
    zero_division: str | float = "warn",
):
    """Specificity (true negative rate, TN / (TN + FP)), averaged like ``recall_score``.

    scikit-learn has no specificity function; this is the recall of the
    negatives, with the same ``labels``/``pos_label``/``average``/``zero_division``
    semantics as ``recall_score``. For indicator matrices (multilabel) also
    ``average="samples"``: per example, the share of its negative labels not
    predicted, averaged.
    """
    if _indicators(y_true, y_pred):
        ml = _multilabel()
        samples_labels = labels if average == "samples" else None
        view = ml.count_indicators(y_true, y_pred, sample_weight, samples_labels=samples_labels)
        return ml.derive_multilabel_specificity(
            view, labels=labels, pos_label=pos_label, average=average, zero_division=zero_division
        )
    return derive_specificity(
        count_labels(y_true, y_pred, sample_weight),
        labels=labels,
        pos_label=pos_label,
        average=average,
        zero_division=zero_division,
    )


def balanced_accuracy_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    adjusted: bool = False,
) -> float:
    """Mean per-class recall, as ``sklearn.metrics.balanced_accuracy_score``."""
    return derive_balanced_accuracy(count_labels(y_true, y_pred, sample_weight), adjusted=adjusted)


def matthews_corrcoef(
    y_true: ArrayLike, y_pred: ArrayLike, *, sample_weight: ArrayLike | None = None
) -> float:
    """Matthews correlation coefficient, as ``sklearn.metrics.matthews_corrcoef``."""
    return derive_matthews(count_labels(y_true, y_pred, sample_weight))


def cohen_kappa_score(
    y1: ArrayLike,
    y2: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    weights: str | None = None,
    sample_weight: ArrayLike | None = None,
    replace_undefined_by: float = np.nan,
) -> float:
    """Cohen's kappa, as ``sklearn.metrics.cohen_kappa_score``.

    Unweighted kappa needs only per-label counts; ``weights="linear"`` or
    ``"quadratic"`` (or a ``labels`` subset) keeps the full confusion matrix.
    """
    matrix = weights is not None or labels is not None
    view = count_labels(y1, y2, sample_weight, matrix=matrix, true_name="y1", pred_name="y2")
    return derive_cohen_kappa(
        view, labels=labels, weights=weights, replace_undefined_by=replace_undefined_by
    )


def hamming_loss(
    y_true: ArrayLike, y_pred: ArrayLike, *, sample_weight: ArrayLike | None = None
) -> float:
    """Fraction of wrong labels, as ``sklearn.metrics.hamming_loss`` (also for indicator matrices)."""
    if _indicators(y_true, y_pred):
        ml = _multilabel()
        return ml.derive_multilabel_hamming_loss(ml.count_indicators(y_true, y_pred, sample_weight))
    return derive_hamming_loss(count_labels(y_true, y_pred, sample_weight))


def confusion_matrix(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    sample_weight: ArrayLike | None = None,
    normalize: str | None = None,
) -> np.ndarray:
    """Confusion matrix (rows true, columns predicted), as ``sklearn.metrics.confusion_matrix``."""
    view = count_labels(y_true, y_pred, sample_weight, matrix=True)
    return derive_confusion_matrix(view, labels=labels, normalize=normalize)


def multilabel_confusion_matrix(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    labels: ArrayLike | None = None,
    samplewise: bool = False,
) -> np.ndarray:
    """One-vs-rest 2 x 2 matrices, as ``sklearn.metrics.multilabel_confusion_matrix``.

    See :func:`fasteval.functional.multilabel.multilabel_confusion_matrix`.
    """
    return _multilabel().multilabel_confusion_matrix(
        y_true, y_pred, sample_weight=sample_weight, labels=labels, samplewise=samplewise
    )
