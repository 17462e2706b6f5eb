"""Multilabel classification scores from a :class:`~fasteval._multilabel.MultilabelView`.

Targets are ``(n_samples, n_labels)`` indicator matrices of 0/1, as
scikit-learn's "multilabel-indicator" targets; ``labels`` are column indices.
The scores repeat scikit-learn 1.9's arithmetic on the same counts, so that:

* per-label, 'micro', 'macro' and 'weighted' precision / recall / F-beta /
  jaccard, subset accuracy, hamming loss and ``multilabel_confusion_matrix``
  are bitwise equal to scikit-learn without sample weights, and with sample
  weights whenever the weighted sums are exact (e.g. dyadic weights); with
  arbitrary float weights the totals scikit-learn sums pairwise are summed
  here in row order (~1e-16 relative);
* 'samples' averages (one score per example, averaged) derive from the
  histogram of per-row (true positives, predicted, true) triples, with the
  per-triple terms added exactly (``math.fsum``): equal to scikit-learn up to
  its own rounding of the per-row sum (~1e-16 relative), not bitwise;
* per-label Matthews correlation applies scikit-learn's ``matthews_corrcoef``
  arithmetic to each label's 2 x 2 confusion matrix, as evaluate's
  ``matthews_correlation`` "multilabel" config does, column by column.

Examples
--------
>>> from fasteval.functional import f1_score, multilabel_confusion_matrix
>>> y_true = [[0, 1, 1], [1, 0, 1], [0, 0, 1]]
>>> y_pred = [[0, 1, 0], [1, 1, 1], [0, 0, 1]]
>>> f1_score(y_true, y_pred, average="samples")
0.8222222222222223
>>> f1_score(y_true, y_pred, average=None)
array([1.        , 0.66666667, 0.8       ])
>>> multilabel_confusion_matrix(y_true, y_pred)[1]
array([[1, 1],
       [0, 1]])
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from fasteval._counts import CountsView
from fasteval._multilabel import (
    MultilabelCounts,
    MultilabelView,
    SampleCounts,
    check_indicator_pair,
    label_indices,
    selection_key,
)
from fasteval.functional._derive import (
    _SETWISE_AVERAGES,
    _check_beta,
    _check_option,
    _gather,
    _label_indices,
    _prf_divide,
    _prf_scores,
    _user_stacklevel,
    _zero_division_value,
    derive_matthews,
    jaccard_from_counts,
    prf_from_sums,
    specificity_from_counts,
)

__all__ = [
    "count_indicators",
    "derive_multilabel_confusion_matrix",
    "derive_multilabel_hamming_loss",
    "derive_multilabel_jaccard",
    "derive_multilabel_matthews",
    "derive_multilabel_precision_recall_fscore_support",
    "derive_multilabel_specificity",
    "derive_subset_accuracy",
    "multilabel_confusion_matrix",
]

ArrayLike = Any

_MIXED_HINT = (
    "multilabel and single-label targets cannot be mixed: both must be"
    " (n_samples, n_labels) indicator matrices"
)
_SPECIFICITY_AVERAGES = ("binary", "micro", "macro", "weighted", "samples", None)
_MATTHEWS_AVERAGES = (None, "macro", "micro")


def count_indicators(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    sample_weight: ArrayLike | None = None,
    *,
    samples_labels: ArrayLike | None = None,
    true_name: str = "y_true",
    pred_name: str = "y_pred",
) -> MultilabelView:
    """Validate two indicator matrices and count them in one pass (the ``_update`` step).

    ``samples_labels``: the columns a 'samples' average will be taken over
    (their per-row counts are kept besides those over all columns).
    """
    yt, yp, w = check_indicator_pair(
        y_true,
        y_pred,
        sample_weight,
        true_name=true_name,
        pred_name=pred_name,
        one_d_hint=_MIXED_HINT,
    )
    selections = []
    if samples_labels is not None:
        label_indices(samples_labels, yt.shape[1])  # proves the columns in range
        key = selection_key(samples_labels, yt.shape[1])
        if key is not None:
            selections.append(key)
    state = MultilabelCounts(selections)
    state.update(yt, yp, w)
    return state.view()


# --------------------------------------------------------------------------
# shared checks
# --------------------------------------------------------------------------


def _check_weights(view: MultilabelView) -> None:
    if not view.nonzero_weight:
        raise ValueError("Sample weights must contain at least one non-zero number.")


def _setwise_columns(
    view: MultilabelView, average: Any, labels: Any, pos_label: Any, allowed: tuple
) -> np.ndarray:
    """scikit-learn's ``_check_set_wise_labels`` for indicator targets: the selected columns."""
    _check_option("average", average, allowed)
    _check_weights(view)
    if average == "binary":
        others = [None, *(a for a in allowed if a not in ("binary", None))]
        raise ValueError(
            "Target is multilabel-indicator but average='binary'. Please choose another"
            f" average setting, one of {others}."
        )
    if pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single positive "
            "class.",
            UserWarning,
            stacklevel=_user_stacklevel(),
        )
    if labels is None:
        return np.arange(view.n_labels, dtype=np.intp)
    return label_indices(labels, view.n_labels)


def _samples(view: MultilabelView, labels: Any) -> SampleCounts:
    """The per-row triples over the columns ``labels`` (None: all)."""
    key = selection_key(labels, view.n_labels)
    counts = view.samples.get(key)
    if counts is None:
        shown = list(key)
        raise ValueError(
            f"average='samples' with labels={shown} needs the per-example counts of these"
            " columns, which were not kept while streaming; give these labels when loading"
            f" (evaluate.load(..., labels={shown})) or pass all rows to compute() at once"
        )
    return counts


def _fsum_dot(values: np.ndarray, weights: np.ndarray) -> float:
    return math.fsum((values * weights).tolist())


def _samples_mean(values: np.ndarray, sc: SampleCounts, *, skip_nan: bool) -> float:
    """Mean over rows of per-triple ``values`` as scikit-learn averages per-row scores.

    ``skip_nan``: ``_nanaverage`` (NaN rows left out); else ``_average``.
    Weighted: weighted by the rows' sample weights; if those sum to 0,
    ``_nanaverage`` falls back to the plain mean (``_average`` raises).
    """
    keep = ~np.isnan(values) if skip_nan else np.ones(values.shape[0], dtype=bool)
    if not np.any(keep):
        return math.nan
    values, counts = values[keep], sc.counts[keep]
    if sc.weights is not None:
        weights = sc.weights[keep]
        scale = math.fsum(weights.tolist())
        if scale != 0:
            return float(np.float64(_fsum_dot(values, weights)) / np.float64(scale))
        if not skip_nan:
            raise ValueError("Weights sum to zero, can't be normalized (average='samples')")
    rows = counts.astype(np.float64)
    return float(np.float64(_fsum_dot(values, rows)) / np.float64(math.fsum(rows.tolist())))


# --------------------------------------------------------------------------
# derives
# --------------------------------------------------------------------------


def derive_multilabel_precision_recall_fscore_support(
    view: MultilabelView,
    *,
    beta: float = 1.0,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = None,
    warn_for: tuple | list | set = ("precision", "recall", "f-score"),
    zero_division: str | float = "warn",
):
    """Precision, recall, F-beta and support of indicator targets (``precision_recall_fscore_support``)."""
    _zero_division_value(zero_division)
    _check_beta(beta)
    idx = _setwise_columns(view, average, labels, pos_label, _SETWISE_AVERAGES)
    if average == "samples":
        sc = _samples(view, labels)
        scores = _prf_scores(
            sc.tp, sc.pred, sc.true, beta, average, warn_for, zero_division, view.rows
        )
        p, r, f = (_samples_mean(s, sc, skip_nan=True) for s in scores)
        return p, r, f, None
    # scikit-learn rebuilds the sums from its confusion matrices: tp + (pred - tp)
    tp_sum = view.tp[idx]
    pred_sum = tp_sum + (view.pred[idx] - tp_sum)
    true_sum = tp_sum + (view.true[idx] - tp_sum)
    return prf_from_sums(tp_sum, pred_sum, true_sum, beta, average, warn_for, zero_division)


def derive_multilabel_jaccard(
    view: MultilabelView,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    zero_division: str | float = "warn",
):
    """Jaccard index of indicator targets (``jaccard_score``): TP / (TP + FP + FN)."""
    _zero_division_value(zero_division, allow_nan=False)
    idx = _setwise_columns(view, average, labels, pos_label, _SETWISE_AVERAGES)
    if average == "samples":
        sc = _samples(view, labels)
        jaccard = _prf_divide(
            sc.tp,
            sc.pred + sc.true - sc.tp,
            "jaccard",
            "true or predicted",
            average,
            ("jaccard",),
            zero_division,
            view.rows,
        )
        return _samples_mean(jaccard, sc, skip_nan=False)
    tp = view.tp[idx]
    return jaccard_from_counts(tp, view.pred[idx] - tp, view.true[idx] - tp, average, zero_division)


def derive_multilabel_specificity(
    view: MultilabelView,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    zero_division: str | float = "warn",
):
    """Specificity TN / (TN + FP) of indicator targets, averaged like ``recall_score``.

    Per label, TN counts the rows where the label is neither true nor
    predicted (``multilabel_confusion_matrix``'s TN); 'weighted' weighs by
    support (TP + FN). 'samples': per example, the share of its negative
    labels (among the selected columns) not predicted, averaged over examples.
    """
    _zero_division_value(zero_division)
    idx = _setwise_columns(view, average, labels, pos_label, _SPECIFICITY_AVERAGES)
    if average == "samples":
        sc = _samples(view, labels)
        size = np.where(sc.void, 0, sc.size)
        tn = size - sc.pred - sc.true + sc.tp
        spec = _prf_divide(
            tn,
            size - sc.true,
            "specificity",
            "negative",
            average,
            ("specificity",),
            zero_division,
            view.rows,
        )
        return _samples_mean(spec, sc, skip_nan=True)
    tp = view.tp[idx]
    fp, fn = view.pred[idx] - tp, view.true[idx] - tp
    return specificity_from_counts(tp, fp, fn, view.total, average, zero_division)


def derive_subset_accuracy(view: MultilabelView, *, normalize: bool = True) -> float:
    """Fraction (or number / weight, ``normalize=False``) of rows with every label right.

    As ``accuracy_score`` on indicator targets ("subset accuracy").
    """
    _check_weights(view)
    if not normalize:
        return float(view.exact)
    return float(np.float64(view.exact) / np.float64(view.total))


def derive_multilabel_hamming_loss(view: MultilabelView) -> float:
    """Fraction of wrong labels, as ``hamming_loss`` on indicator targets.

    scikit-learn: ``wrong / (n_samples * n_labels * mean(sample_weight))``,
    with ``wrong`` the (weighted) number of wrong (row, label) cells.
    """
    _check_weights(view)
    average = 1.0 if not view.weighted else np.float64(view.total) / view.rows
    return float(float(view.mismatches) / (view.rows * view.n_labels * average))


def _per_label_cells(view: MultilabelView, idx: np.ndarray):
    tp = view.tp[idx]
    fp = view.pred[idx] - tp
    fn = view.true[idx] - tp
    return view.total - tp - fp - fn, fp, fn, tp


def derive_multilabel_confusion_matrix(view: MultilabelView, *, labels: Any = None) -> np.ndarray:
    """Per-label 2 x 2 matrices ``[[tn, fp], [fn, tp]]``, as ``multilabel_confusion_matrix``.

    Shape ``(n_labels, 2, 2)`` (or ``(len(labels), 2, 2)``, in ``labels`` order);
    int64 without sample weights, else float64.
    """
    _check_weights(view)
    idx = np.arange(view.n_labels) if labels is None else label_indices(labels, view.n_labels)
    tn, fp, fn, tp = _per_label_cells(view, idx)
    return np.reshape(np.stack([tn, fp, fn, tp]).T, (-1, 2, 2))


def _matthews_2x2(tn, fp, fn, tp, weighted: bool) -> float:
    matrix = np.array([[tn, fp], [fn, tp]], dtype=np.float64 if weighted else np.int64)
    counts = CountsView(
        labels=np.array([0, 1]),
        tp=np.diagonal(matrix).copy(),
        pred=matrix.sum(axis=0),
        true=matrix.sum(axis=1),
        total=matrix.sum(),
        correct=np.trace(matrix),
        weighted=weighted,
        matrix=matrix,
    )
    return derive_matthews(counts)


def derive_multilabel_matthews(view: MultilabelView, *, average: str | None = None):
    """Matthews correlation per label (evaluate's "multilabel" config), or averaged.

    ``average=None``: one coefficient per label column (an array), each equal
    to ``matthews_corrcoef(y_true[:, j], y_pred[:, j])``; 'macro': their mean;
    'micro': the coefficient of all (row, label) cells pooled,
    ``matthews_corrcoef(y_true.ravel(), y_pred.ravel())``.
    """
    _check_option("average", average, _MATTHEWS_AVERAGES)
    _check_weights(view)
    cells = _per_label_cells(view, np.arange(view.n_labels))
    if average == "micro":
        return _matthews_2x2(*(np.sum(c) for c in cells), view.weighted)
    scores = np.array(
        [_matthews_2x2(*(c[j] for c in cells), view.weighted) for j in range(view.n_labels)],
        dtype=np.float64,
    )
    return scores if average is None else float(np.mean(scores))


# --------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------


def multilabel_confusion_matrix(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    labels: ArrayLike | None = None,
    samplewise: bool = False,
) -> np.ndarray:
    """One-vs-rest 2 x 2 confusion matrices, as ``sklearn.metrics.multilabel_confusion_matrix``.

    For indicator targets one matrix ``[[tn, fp], [fn, tp]]`` per label column
    (``labels``: column indices), or per sample with ``samplewise=True``; for
    1-D targets one matrix per class (``labels``: class values).

    Examples
    --------
    >>> multilabel_confusion_matrix([[1, 0, 1], [0, 1, 0]], [[1, 0, 0], [0, 1, 1]])
    array([[[1, 0],
            [0, 1]],
    <BLANKLINE>
           [[1, 0],
            [0, 1]],
    <BLANKLINE>
           [[0, 1],
            [1, 0]]])
    >>> multilabel_confusion_matrix(["cat", "ant", "cat"], ["cat", "cat", "cat"], labels=["ant"])
    array([[[2, 0],
            [1, 0]]])
    """
    from fasteval._multilabel import is_indicator_input

    if is_indicator_input(y_true) or is_indicator_input(y_pred):
        if samplewise:
            return _samplewise_matrices(y_true, y_pred, sample_weight, labels)
        view = count_indicators(y_true, y_pred, sample_weight)
        return derive_multilabel_confusion_matrix(view, labels=labels)
    if samplewise:
        raise ValueError(
            "Samplewise metrics are not available outside of multilabel classification."
        )
    from fasteval.functional.classification import count_labels

    view = count_labels(y_true, y_pred, sample_weight)
    from fasteval.functional._derive import _check_view

    _check_view(view)
    idx = np.arange(view.n_labels) if labels is None else _label_indices(view, labels)
    tp, fp, fn = _gather(view, idx)
    tn = view.total - tp - fp - fn
    return np.reshape(np.stack([tn, fp, fn, tp]).T, (-1, 2, 2))


def _samplewise_matrices(y_true, y_pred, sample_weight, labels) -> np.ndarray:
    """Per-sample 2 x 2 matrices over the selected columns (an O(n_samples) output)."""
    yt, yp, w = check_indicator_pair(
        y_true,
        y_pred,
        sample_weight,
        true_name="y_true",
        pred_name="y_pred",
        one_d_hint=_MIXED_HINT,
    )
    if w is not None and not np.any(w):
        raise ValueError("Sample weights must contain at least one non-zero number.")
    if labels is not None:
        idx = label_indices(labels, yt.shape[1])
        yt, yp = yt[:, idx], yp[:, idx]
    t, p = yt != 0, yp != 0
    tp = np.count_nonzero(t & p, axis=1).astype(np.intp)
    pred = np.count_nonzero(p, axis=1).astype(np.intp)
    true = np.count_nonzero(t, axis=1).astype(np.intp)
    if w is not None:
        tp, pred, true = tp * w, pred * w, true * w
    fp, fn = pred - tp, true - tp
    width = yt.shape[1]
    tn = (width - tp - fp - fn) if w is None else (w * width - tp - fp - fn)
    return np.reshape(np.stack([tn, fp, fn, tp]).T, (-1, 2, 2))
