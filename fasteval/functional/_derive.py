"""Derive scikit-learn's classification scores from a :class:`CountsView`.

Every function here is pure numpy and takes only counts. Each one repeats
scikit-learn 1.9's float operations in scikit-learn's order, so that a score
computed from the same counts is identical to the last bit. Where scikit-learn
sums per-row or per-cell values that a ``CountsView`` no longer holds (see the
notes in each function), the result is equal up to float rounding (about
1e-15 relative) instead.

Label values given by the user (``labels``, ``pos_label``) are matched by value
against ``view.labels``; a label that is not there has zero counts.
"""

from __future__ import annotations

import math
import numbers
import os
import sys
import warnings
from typing import Any

import numpy as np

from fasteval._counts import CountsView

__all__ = [
    "UndefinedMetricWarning",
    "derive_accuracy",
    "derive_balanced_accuracy",
    "derive_cohen_kappa",
    "derive_confusion_matrix",
    "derive_hamming_loss",
    "derive_jaccard",
    "derive_matthews",
    "derive_precision_recall_fscore_support",
    "derive_specificity",
]


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _user_stacklevel() -> int:
    """``stacklevel`` that attributes a warning to the first caller outside fasteval."""
    frame = sys._getframe(1)  # the function calling warnings.warn
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    return level


class UndefinedMetricWarning(UserWarning):
    """A score is ill-defined and was set to a replacement value.

    Same meaning and messages as ``sklearn.exceptions.UndefinedMetricWarning``.
    """


# Up to this many labels, kappa repeats scikit-learn's dense labels x labels arithmetic
# (bitwise equal); beyond it, without a kept matrix, it uses O(labels) sums.
_DENSE_KAPPA_LIMIT = 2048
_SETWISE_AVERAGES = ("binary", "micro", "macro", "weighted", "samples", None)
_SPECIFICITY_AVERAGES = ("binary", "micro", "macro", "weighted", None)
_SINGLE_LABEL_MSG = (
    "A single label was found in 'y_true' and 'y_pred'. For the confusion "
    "matrix to have the correct shape, use the 'labels' parameter to pass "
    "all known labels."
)


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------


def _check_option(name: str, value: Any, allowed: tuple) -> None:
    """Raise ValueError naming ``name`` unless ``value`` is one of ``allowed``."""
    ok = (value is None and None in allowed) or (isinstance(value, str) and value in allowed)
    if not ok:
        raise ValueError(f"{name} must be one of {list(allowed)}; got {value!r}")


def _zero_division_value(zero_division: Any, *, allow_nan: bool = True) -> float:
    """Validate ``zero_division`` and return the value it stands for.

    "warn" acts like 0 (plus a warning), as in scikit-learn.
    """
    if isinstance(zero_division, str):
        if zero_division == "warn":
            return np.float64(0.0)
    elif isinstance(zero_division, numbers.Real):
        if zero_division in (0, 1):
            return np.float64(zero_division)
        if allow_nan and math.isnan(zero_division):
            return np.nan
    allowed = '"warn", 0, 1' + (", np.nan" if allow_nan else "")
    raise ValueError(f"zero_division must be one of {allowed}; got {zero_division!r}")


def _check_view(view: CountsView) -> None:
    """Errors scikit-learn's target checks raise, as far as counts can tell."""
    if view.n_labels == 0:
        raise ValueError(
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum "
            "of 1 sample is required."
        )
    labels = view.labels
    if labels.dtype.kind == "f" and not np.all(
        labels.astype(np.int64).astype(labels.dtype) == labels
    ):
        raise ValueError(
            "continuous is not supported: classification metrics need integral "
            f"(or string) labels, got {labels}"
        )
    # sklearn rejects all-zero sample weights (``_check_sample_weight``); with
    # non-negative weights that is exactly a zero total.
    if view.weighted and view.total == 0 and not np.any(view.pred) and not np.any(view.true):
        raise ValueError("Sample weights must contain at least one non-zero number.")


def _is_str_kind(values: np.ndarray) -> bool:
    if values.dtype.kind in "US":
        return True
    if values.dtype.kind == "O":
        kinds = {isinstance(v, str) for v in values.ravel()}
        if len(kinds) > 1:
            raise ValueError(f"labels mix string and non-string values: {values}")
        return kinds == {True}
    return False


# --------------------------------------------------------------------------
# label lookup and count gathering
# --------------------------------------------------------------------------


def _label_indices(view: CountsView, labels: Any) -> np.ndarray:
    """Indices of user ``labels`` into ``view.labels``; ``n_labels`` where absent.

    Raises ValueError when string labels meet numeric data or vice versa.
    """
    values = np.asarray(labels).reshape(-1)
    k = view.n_labels
    if values.size == 0:
        return np.empty(0, dtype=np.intp)
    if _is_str_kind(values) != _is_str_kind(view.labels):
        raise ValueError(
            "labels mix string and numeric values: `labels` is "
            f"{values.tolist()!r} but the data labels are {view.labels.tolist()!r}"
        )
    if values.dtype.kind == "O":
        values = values.astype(view.labels.dtype if view.labels.dtype.kind in "US" else float)
    pos = np.searchsorted(view.labels, values)
    found = view.labels[np.minimum(pos, k - 1)] == values
    return np.where(found & (pos < k), pos, k).astype(np.intp)


def _find_pos_label(view: CountsView, value: Any) -> int | None:
    """Index of ``pos_label`` in ``view.labels`` (matched by value), or None.

    A string ``pos_label`` never matches numeric labels (nor vice versa) when
    there are two labels, as in sklearn's ``pos_label in present_labels``. With
    a single label sklearn goes on to concatenate ``[pos_label]`` with the data
    labels, where numpy turns both into strings: reproduced by comparing
    ``str`` forms (so ``pos_label=1`` selects the label ``"1"``).
    """
    if isinstance(value, str) != (view.labels.dtype.kind in "US"):
        if view.n_labels == 1 and str(value) == str(view.labels[0]):
            return 0
        return None
    idx = _label_indices(view, [value])[0]
    return None if idx == view.n_labels else int(idx)


def _take(values: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``values[idx]`` where index ``len(values)`` gives a zero count."""
    return np.concatenate([values, np.zeros(1, dtype=values.dtype)])[idx]


def _setwise_indices(
    view: CountsView, average: Any, labels: Any, pos_label: Any, allowed: tuple
) -> np.ndarray:
    """Label selection of scikit-learn's ``_check_set_wise_labels`` as indices."""
    _check_option("average", average, allowed)
    _check_view(view)
    k = view.n_labels
    if average == "binary":
        if k > 2:  # sklearn's type_of_target: binary iff <= 2 labels overall
            raise ValueError(
                "Target is multiclass but average='binary'. Please choose another "
                "average setting, one of [None, 'micro', 'macro', 'weighted']."
            )
        idx = _find_pos_label(view, pos_label)
        if idx is None and k >= 2:
            raise ValueError(
                f"pos_label={pos_label} is not a valid label. It should be one of {view.labels}"
            )
        return np.array([k if idx is None else idx], dtype=np.intp)
    if pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single positive "
            "class.",
            UserWarning,
            stacklevel=_user_stacklevel(),
        )
    if average == "samples":
        raise ValueError(
            "Samplewise metrics are not available outside of multilabel classification."
        )
    return np.arange(k, dtype=np.intp) if labels is None else _label_indices(view, labels)


def _gather(view: CountsView, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """tp, fp, fn for the selected labels, with sklearn's dtypes.

    sklearn's ``multilabel_confusion_matrix`` uses float zeros for tp when no
    row has ``y_true == y_pred`` (its "pathological case"), which makes the
    returned support float64 even without sample weights; reproduced here.
    """
    tp = _take(view.tp, idx)
    if not view.weighted and view.correct == 0:
        tp = tp.astype(np.float64)
    return tp, _take(view.pred, idx) - tp, _take(view.true, idx) - tp


# --------------------------------------------------------------------------
# division, warnings and averaging (scikit-learn's arithmetic)
# --------------------------------------------------------------------------


def _warn_prf(average: Any, modifier: str, msg_start: str, result_size: int) -> None:
    # per label "... in labels with no predicted samples"; per sample ("samples"
    # average) "... in samples with no predicted labels", as scikit-learn words it
    axis0, axis1 = ("label", "sample") if average == "samples" else ("sample", "label")
    where = "due to" if result_size == 1 else f"in {axis1}s with"
    warnings.warn(
        f"{msg_start} ill-defined and being set to 0.0 {where} no {modifier} {axis0}s. "
        "Use `zero_division` parameter to control this behavior.",
        UndefinedMetricWarning,
        stacklevel=_user_stacklevel(),
    )


def _prf_divide(
    numerator, denominator, metric, modifier, average, warn_for, zero_division, result_size=None
):
    """``numerator / denominator`` with zero denominators set to ``zero_division``.

    ``result_size`` is the size the warning speaks of (default: the result's
    length; the rows, when each value stands for several rows).
    """
    mask = denominator == 0
    denominator = np.array(denominator, dtype=np.float64)
    denominator[mask] = 1
    result = np.asarray(numerator, dtype=np.float64) / denominator
    if not np.any(mask):
        return result
    result[mask] = _zero_division_value(zero_division)
    if isinstance(zero_division, str) and zero_division == "warn" and metric in warn_for:
        size = result.shape[0] if result_size is None else result_size
        _warn_prf(average, modifier, f"{metric.capitalize()} is", size)
    return result


def _nanaverage(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """sklearn's ``_nanaverage``: weighted mean ignoring nan, plain mean if weights sum to 0."""
    if values.shape[0] == 0:
        return math.nan
    mask = np.isnan(values)
    if np.all(mask):
        return math.nan
    if weights is None:
        return float(np.nanmean(values))
    try:
        return float(np.average(values[~mask], weights=weights[~mask]))
    except ZeroDivisionError:
        return float(np.average(values[~mask]))


# --------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------


def _check_beta(beta: Any) -> None:
    if not isinstance(beta, numbers.Real) or not beta >= 0:
        raise ValueError(f"beta must be a real number >= 0; got {beta!r}")


def _prf_scores(
    tp_sum, pred_sum, true_sum, beta, average, warn_for, zero_division, result_size=None
):
    """Precision, recall and F-beta arrays from the summed counts (scikit-learn's divisions)."""
    beta2 = beta**2
    precision = _prf_divide(
        tp_sum, pred_sum, "precision", "predicted", average, warn_for, zero_division, result_size
    )
    recall = _prf_divide(
        tp_sum, true_sum, "recall", "true", average, warn_for, zero_division, result_size
    )
    if np.isposinf(beta):
        f_score = recall
    elif beta == 0:
        f_score = precision
    else:
        denom = beta2 * true_sum.astype(np.float64) + pred_sum.astype(np.float64)
        numer = (1 + beta2) * tp_sum.astype(np.float64)
        f_score = _prf_divide(
            numer,
            denom,
            "f-score",
            "true nor predicted",
            average,
            warn_for,
            zero_division,
            result_size,
        )
    return precision, recall, f_score


def prf_from_sums(tp_sum, pred_sum, true_sum, beta, average, warn_for, zero_division):
    """``precision_recall_fscore_support``'s result from per-label summed counts.

    ``average="micro"`` sums the labels first; ``None`` returns the per-label
    arrays and the support; the other averages return floats and no support.
    """
    if average == "micro":
        tp_sum, pred_sum, true_sum = (
            np.reshape(np.sum(a), (1,)) for a in (tp_sum, pred_sum, true_sum)
        )
    precision, recall, f_score = _prf_scores(
        tp_sum, pred_sum, true_sum, beta, average, warn_for, zero_division
    )
    if average is None:
        return precision, recall, f_score, true_sum
    weights = true_sum if average == "weighted" else None
    return (
        _nanaverage(precision, weights),
        _nanaverage(recall, weights),
        _nanaverage(f_score, weights),
        None,
    )


def derive_precision_recall_fscore_support(
    view: CountsView,
    *,
    beta: float = 1.0,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = None,
    warn_for: tuple | list | set = ("precision", "recall", "f-score"),
    zero_division: str | float = "warn",
):
    """Precision, recall, F-beta and support, as ``precision_recall_fscore_support``.

    Parameters
    ----------
    view : CountsView
    beta, labels, pos_label, average, warn_for, zero_division
        As in scikit-learn.

    Returns
    -------
    precision, recall, fbeta_score : float or ndarray
        Python floats when averaged, float64 arrays when ``average=None``.
    support : ndarray or None
        None when averaged.
    """
    _zero_division_value(zero_division)
    _check_beta(beta)
    idx = _setwise_indices(view, average, labels, pos_label, _SETWISE_AVERAGES)
    tp_sum, fp, fn = _gather(view, idx)
    pred_sum = tp_sum + fp
    true_sum = tp_sum + fn
    return prf_from_sums(tp_sum, pred_sum, true_sum, beta, average, warn_for, zero_division)


def derive_jaccard(
    view: CountsView,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    zero_division: str | float = "warn",
):
    """Jaccard similarity coefficient, as ``jaccard_score`` for 1-D targets.

    Returns
    -------
    float or ndarray
        Python float when averaged, float64 array when ``average=None``.
    """
    _zero_division_value(zero_division, allow_nan=False)
    idx = _setwise_indices(view, average, labels, pos_label, _SETWISE_AVERAGES)
    tp, fp, fn = _gather(view, idx)
    return jaccard_from_counts(tp, fp, fn, average, zero_division)


def jaccard_from_counts(
    tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, average: str | None, zero_division: Any
) -> Any:
    """Jaccard ``TP / (TP + FP + FN)`` of the selected labels' counts, averaged as scikit-learn."""
    numerator, denominator = tp, tp + fp + fn
    if average == "micro":
        numerator, denominator = (
            np.sum(numerator, keepdims=True),
            np.sum(denominator, keepdims=True),
        )
    jaccard = _prf_divide(
        numerator, denominator, "jaccard", "true or predicted", average, ("jaccard",), zero_division
    )
    if average is None:
        return jaccard
    weights = None
    if average == "weighted":
        weights = fn + tp
        if not np.any(weights):
            weights = None
    return float(np.average(jaccard, weights=weights))


def derive_specificity(
    view: CountsView,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    zero_division: str | float = "warn",
):
    """Specificity (true negative rate) ``TN / (TN + FP)`` per label, one-vs-rest.

    Label selection, averaging and ``zero_division`` follow ``recall_score``
    exactly: ``TN + FP`` (the label's negatives) plays the role of recall's
    ``TP + FN``; 'micro' sums TN and the negatives over the selected labels
    before dividing; 'weighted' weights by support (``TP + FN``). TN is
    computed as ``multilabel_confusion_matrix`` does: ``total - tp - fp - fn``.

    Returns
    -------
    float or ndarray
        Python float when averaged, float64 array when ``average=None``.
    """
    _zero_division_value(zero_division)
    idx = _setwise_indices(view, average, labels, pos_label, _SPECIFICITY_AVERAGES)
    tp, fp, fn = _gather(view, idx)
    return specificity_from_counts(tp, fp, fn, view.total, average, zero_division)


def specificity_from_counts(
    tp: np.ndarray,
    fp: np.ndarray,
    fn: np.ndarray,
    total: Any,
    average: str | None,
    zero_division: Any,
) -> Any:
    """Specificity ``TN / (TN + FP)`` of the selected labels' counts, averaged as recall is."""
    tn = total - tp - fp - fn
    negatives = tn + fp
    true_sum = tp + fn
    if average == "micro":
        tn, negatives = np.reshape(np.sum(tn), (1,)), np.reshape(np.sum(negatives), (1,))
    spec = _prf_divide(
        tn, negatives, "specificity", "negative", average, ("specificity",), zero_division
    )
    if average is None:
        return spec
    return _nanaverage(spec, true_sum if average == "weighted" else None)


def derive_accuracy(view: CountsView, *, normalize: bool = True) -> float:
    """Accuracy (fraction, or weight/count when ``normalize=False``) as ``accuracy_score``.

    Bitwise equal without sample weights. With weights scikit-learn sums
    ``weight * is_correct`` over rows (pairwise) while ``view.correct`` was
    accumulated differently, so results agree to ~1e-15 relative.
    """
    _check_view(view)
    if not normalize:
        return float(view.correct)
    return float(np.float64(view.correct) / np.float64(view.total))


def derive_hamming_loss(view: CountsView) -> float:
    """Fraction (or weight share) of wrong predictions, as ``hamming_loss`` for 1-D targets.

    Bitwise equal without sample weights ((n - correct) / n with exact
    integers). With weights scikit-learn computes ``sum(w * wrong) / sum(w)``
    over rows; here the wrong weight is the off-diagonal sum of ``view.matrix``
    when present (a sum of non-negative terms: ~1e-15 relative), else
    ``total - correct`` (absolute error ~1e-16 * total, i.e. ~1e-16 absolute in
    the loss, but possibly larger *relative* error when the loss is tiny).
    """
    _check_view(view)
    if not view.weighted:
        return float(np.float64(view.total - view.correct) / np.float64(view.total))
    if view.matrix is not None:
        wrong = np.sum(view.matrix[~np.eye(view.n_labels, dtype=bool)], dtype=np.float64)
    else:
        wrong = np.float64(view.total) - np.float64(view.correct)
    return float(wrong / np.float64(view.total))


def derive_balanced_accuracy(view: CountsView, *, adjusted: bool = False) -> float:
    """Balanced accuracy (macro recall over classes in ``y_true``), as ``balanced_accuracy_score``.

    sklearn divides the confusion matrix diagonal by its row sums. Without
    weights the row sums equal ``view.true`` exactly; with weights the row
    sums are taken from ``view.matrix`` when present (bitwise equal), else
    ``view.true`` is used (a different summation order: ~1e-15 relative).
    """
    _check_view(view)
    if view.n_labels == 1:
        warnings.warn(_SINGLE_LABEL_MSG, UserWarning, stacklevel=_user_stacklevel())
    rows = view.true if view.matrix is None else view.matrix.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = view.tp / rows
    if np.any(np.isnan(per_class)):
        warnings.warn(
            "y_pred contains classes not in y_true", UserWarning, stacklevel=_user_stacklevel()
        )
        per_class = per_class[~np.isnan(per_class)]
    score = np.mean(per_class)
    if adjusted:
        chance = 1 / per_class.shape[0]
        score -= chance
        score /= 1 - chance
    return float(score)


def derive_matthews(view: CountsView) -> float:
    """Matthews correlation coefficient, as ``matthews_corrcoef`` for 1-D targets.

    sklearn uses the confusion matrix's row/column sums and trace. Without
    weights these equal ``view.true``/``view.pred``/``sum(view.tp)`` exactly;
    with weights they are taken from ``view.matrix`` when present (bitwise
    equal), else from the per-label sums (~1e-15 relative on the sums; the
    covariance differences can amplify that when the score is close to 0).
    """
    _check_view(view)
    if view.n_labels == 1:
        warnings.warn(_SINGLE_LABEL_MSG, UserWarning, stacklevel=_user_stacklevel())
    if view.matrix is not None:
        t_sum = view.matrix.sum(axis=1, dtype=np.float64)
        p_sum = view.matrix.sum(axis=0, dtype=np.float64)
        n_correct = np.trace(view.matrix, dtype=np.float64)
    else:
        t_sum = view.true.astype(np.float64)
        p_sum = view.pred.astype(np.float64)
        n_correct = np.sum(view.tp, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    cov_ypyp_ytyt = cov_ypyp * cov_ytyt
    if cov_ypyp_ytyt == 0:
        return 0.0
    return float(cov_ytyp / np.sqrt(cov_ypyp_ytyt))


def _restricted_matrix(
    view: CountsView, selection: tuple[np.ndarray, np.ndarray] | None
) -> np.ndarray:
    """sklearn's ``confusion_matrix(..., labels=labels)`` rebuilt from ``view.matrix``.

    ``selection`` is None (all labels) or the output of :func:`_labels_for_matrix`.
    """
    dtype = view.matrix.dtype if view.weighted else np.int64
    if selection is None:
        return view.matrix.astype(dtype, copy=True)
    idx, kept = selection
    cm = np.zeros((idx.shape[0], idx.shape[0]), dtype=dtype)
    sel = np.flatnonzero(kept)
    cm[np.ix_(sel, sel)] = view.matrix[np.ix_(idx[sel], idx[sel])]
    return cm


def _labels_for_matrix(view: CountsView, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    """Indices of ``labels`` plus the mask of positions sklearn fills; validates.

    A label given twice only fills its last position (sklearn maps labels to
    positions with a dict). Absent labels get index ``n_labels`` and stay empty.

    sklearn requires one label of ``labels`` to occur in ``y_true``; from
    counts "occurs" means a positive true count, so a label whose ``y_true``
    rows all have sample weight 0 counts as absent here (sklearn would accept it).
    """
    idx = _label_indices(view, labels)
    if idx.size == 0:
        raise ValueError("'labels' should contain at least one label.")
    present = idx < view.n_labels
    if not np.any(_take(view.true, idx[present]) > 0):
        raise ValueError("At least one label specified must be in y_true")
    _, first_from_end = np.unique(idx[::-1], return_index=True)
    last = np.zeros(idx.shape[0], dtype=bool)
    last[idx.shape[0] - 1 - first_from_end] = True
    return idx, present & last


def derive_confusion_matrix(
    view: CountsView, *, labels: Any = None, normalize: str | None = None
) -> np.ndarray:
    """Confusion matrix (rows true, columns predicted), as ``confusion_matrix``.

    Needs ``view.matrix``. int64 without sample weights, else the dtype of
    ``view.matrix`` (float64; sklearn gives int64 for integer-typed weights).
    Bitwise equal to sklearn when ``view.matrix`` cells were summed in row order.
    """
    _check_option("normalize", normalize, ("true", "pred", "all", None))
    _check_view(view)
    if view.matrix is None:
        raise ValueError(
            "derive_confusion_matrix needs the dense confusion matrix, but view.matrix is None"
        )
    selection = None if labels is None else _labels_for_matrix(view, labels)
    cm = _restricted_matrix(view, selection)
    with np.errstate(all="ignore"):
        if normalize == "true":
            cm = cm / cm.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            cm = cm / cm.sum(axis=0, keepdims=True)
        elif normalize == "all":
            cm = cm / cm.sum()
        cm = np.nan_to_num(cm, nan=0.0)
    if cm.shape == (1, 1):
        warnings.warn(_SINGLE_LABEL_MSG, UserWarning, stacklevel=_user_stacklevel())
    return cm


def derive_cohen_kappa(
    view: CountsView,
    *,
    labels: Any = None,
    weights: str | None = None,
    replace_undefined_by: float = np.nan,
) -> float:
    """Cohen's kappa, as ``cohen_kappa_score``.

    ``weights='linear'``/``'quadratic'`` need ``view.matrix``; so does a
    ``labels`` list that leaves out a label of the data (the restricted row and
    column sums drop cells of left-out labels). With ``view.matrix`` the result
    is bitwise equal to sklearn. Without it (``weights=None``) the marginals
    are ``view.pred``/``view.true`` and the disagreement is
    ``sum(true) - sum(tp)``: exact without sample weights (integer sums), else
    sklearn's row/column/matrix sums run in a different order (~1e-15 relative
    on the sums, possibly amplified when kappa is close to 0).
    """
    _check_option("weights", weights, ("linear", "quadratic", None))
    if not (
        isinstance(replace_undefined_by, numbers.Real)
        and (math.isnan(replace_undefined_by) or -1.0 <= replace_undefined_by <= 1.0)
    ):
        raise ValueError(
            f"replace_undefined_by must be np.nan or a float in [-1, 1]; got {replace_undefined_by!r}"
        )
    _check_view(view)
    if view.matrix is None and weights is not None:
        raise ValueError(
            f"weights={weights!r} needs the dense confusion matrix, but view.matrix is None"
        )
    selection = None
    try:
        if labels is not None:
            selection = _labels_for_matrix(view, labels)
    except ValueError as e:
        if "At least one label specified must be in y_true" not in str(e):
            raise
        raise ValueError(
            "At least one label in `labels` must be present in `y1` (even though "
            "`cohen_kappa_score` is otherwise agnostic to the order of `y1` and `y2`)."
        ) from e
    if view.matrix is not None:
        confusion = _restricted_matrix(view, selection).astype(np.float64)
        sum0, sum1 = confusion.sum(axis=0), confusion.sum(axis=1)
        diag = None
    else:
        idx = np.arange(view.n_labels)
        if selection is not None:
            idx, keep = selection
            if not np.all(np.isin(np.arange(view.n_labels), idx[keep])):
                raise ValueError(
                    "cohen kappa with `labels` that leave out labels of the data needs "
                    "the dense confusion matrix, but view.matrix is None"
                )
            idx = np.where(keep, idx, view.n_labels)
        sum0 = _take(view.pred, idx).astype(np.float64)
        sum1 = _take(view.true, idx).astype(np.float64)
        diag = _take(view.tp, idx).astype(np.float64)
    n_classes = sum0.shape[0]
    if n_classes == 1:
        warnings.warn(_SINGLE_LABEL_MSG, UserWarning, stacklevel=_user_stacklevel())

    denominator = np.sum(sum0)
    if denominator == 0:
        warnings.warn(
            "`y2` contains no labels that are present in both `y1` and `labels`."
            "`cohen_kappa_score` is undefined and set to the value defined by "
            f"the `replace_undefined_by` param, which is set to {replace_undefined_by}.",
            UndefinedMetricWarning,
            stacklevel=_user_stacklevel(),
        )
        return replace_undefined_by
    if diag is not None and n_classes > _DENSE_KAPPA_LIMIT:
        # Many labels and no matrix: the expected disagreement sum_{i != j} sum0_i sum1_j / n
        # in O(labels) memory instead of scikit-learn's dense labels x labels products
        # (equal up to float rounding, ~1e-15 relative).
        numerator = np.sum(sum1) - np.sum(diag)
        denominator = (np.sum(sum0) * np.sum(sum1) - np.dot(sum0, sum1)) / denominator
    else:
        expected = np.outer(sum0, sum1) / denominator
        if weights is None:
            w_mat = np.ones((n_classes, n_classes), dtype=np.float64)
            np.fill_diagonal(w_mat, 0)
        else:
            w_mat = np.zeros((n_classes, n_classes), dtype=np.float64) + np.arange(n_classes)
            w_mat = np.abs(w_mat - w_mat.T) if weights == "linear" else (w_mat - w_mat.T) ** 2
        if diag is None:
            numerator = np.sum(w_mat * confusion)
        else:
            # Sum of the off-diagonal cells; exact for integer counts.
            numerator = np.sum(sum1) - np.sum(diag)
        denominator = np.sum(w_mat * expected)
    if denominator == 0:
        warnings.warn(
            "`y1`, `y2` and `labels` have only one label in common. "
            "`cohen_kappa_score` is undefined and set to the value defined by the "
            f"the `replace_undefined_by` param, which is set to {replace_undefined_by}.",
            UndefinedMetricWarning,
            stacklevel=_user_stacklevel(),
        )
        return replace_undefined_by
    k = numerator / denominator
    return float(1 - k)
