"""Metrics of scores and probabilities, as scikit-learn functions (swap ``sklearn.metrics`` for these).

Ranking metrics (``roc_auc_score``, ``average_precision_score``,
``pr_auc_score``, ``roc_curve``, ``precision_recall_curve``,
``equal_error_rate``) sort once and sweep once: the positive and the negative
scores are sorted apart (numpy's SIMD sort; a stable sort when weights are
given, so weights add up in scikit-learn's order), then one Numba kernel
merges them into cumulative true/false positive counts at each distinct score
(tied scores form one threshold step) and another integrates the curve. The
curves and areas follow scikit-learn's arithmetic step by step (its
``cumsum``, ``drop_intermediate`` corners, ``np.trapezoid`` and numpy's
pairwise summation), so the numbers are the same to the last bit.

Probability metrics (``log_loss``, ``brier_score_loss``,
``top_k_accuracy_score``, ``expected_calibration_error``) are one pass of
per-row terms reduced as numpy reduces them.

Examples
--------
>>> from fasteval.functional import roc_auc_score, average_precision_score, log_loss
>>> y_true = [0, 0, 1, 1]
>>> y_score = [0.1, 0.4, 0.35, 0.8]
>>> roc_auc_score(y_true, y_score)
0.75
>>> average_precision_score(y_true, y_score)
0.8333333333333333
>>> log_loss(["spam", "ham", "ham", "spam"], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])
0.21616187468057912
"""

from __future__ import annotations

import warnings
from itertools import combinations
from typing import Any

import numpy as np

from fasteval._inputs import LabelArray, as_labels, as_weights
from fasteval._lazy import LazyModule
from fasteval.functional._derive import UndefinedMetricWarning

K = LazyModule("fasteval.kernels.scores")  # Numba loads when a kernel is first used

__all__ = [
    "average_precision_score",
    "brier_score_loss",
    "equal_error_rate",
    "expected_calibration_error",
    "log_loss",
    "pr_auc_score",
    "precision_recall_curve",
    "roc_auc_score",
    "roc_curve",
    "top_k_accuracy_score",
]

ArrayLike = Any
EPS = float(np.finfo(np.float64).eps)


# -- inputs -----------------------------------------------------------------------------


def _describe(x: Any) -> str:
    shape = getattr(x, "shape", None)
    return f"{type(x).__name__} of shape {tuple(shape)}" if shape is not None else type(x).__name__


def _arrow_to_numpy(x: Any, name: str) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.types as pat

    if isinstance(x, pa.ChunkedArray):
        x = x.combine_chunks()
    if x.null_count:
        raise ValueError(
            f"{name}: contains {x.null_count} null value(s); scores must not be missing"
        )
    typ = x.type
    if pat.is_fixed_size_list(typ):
        flat = x.flatten()
        if flat.null_count:
            raise ValueError(f"{name}: contains null value(s) inside its rows")
        return flat.to_numpy(zero_copy_only=False).reshape(len(x), typ.list_size)
    if pat.is_list(typ) or pat.is_large_list(typ):
        lengths = pa.compute.list_value_length(x).to_numpy(zero_copy_only=False)
        if len(lengths) and (lengths != lengths[0]).any():
            bad = int(np.flatnonzero(lengths != lengths[0])[0])
            raise ValueError(
                f"{name}: every row must have the same number of scores (a rectangular"
                f" n x classes array); row 0 has {lengths[0]}, row {bad} has {lengths[bad]}"
            )
        flat = x.flatten()
        if flat.null_count:
            raise ValueError(f"{name}: contains null value(s) inside its rows")
        width = int(lengths[0]) if len(lengths) else 0
        return flat.to_numpy(zero_copy_only=False).reshape(len(x), width)
    return x.to_numpy(zero_copy_only=False)


def _to_numeric_array(x: Any, name: str) -> np.ndarray:
    mod = type(x).__module__.split(".", 1)[0]
    if mod == "torch":
        x = x.detach().cpu().resolve_conj().resolve_neg().numpy()
    elif mod == "pyarrow":
        x = _arrow_to_numpy(x, name)
    elif mod == "polars":
        x = _arrow_to_numpy(x.to_arrow(), name) if hasattr(x, "to_arrow") else x.to_numpy()
    elif mod == "pandas":
        x = x.to_numpy()
    if not isinstance(x, np.ndarray):
        try:
            x = np.asarray(x)
        except ValueError as err:
            raise ValueError(
                f"{name}: every row must have the same number of values (a rectangular"
                f" n x classes array); got rows of different lengths ({err})"
            ) from None
    if x.dtype == object:  # e.g. a pandas Series of arrays, or None items
        items = list(x)
        if any(item is None for item in items):
            raise ValueError(f"{name}: contains missing values (None); scores must not be missing")
        try:
            x = np.asarray([np.asarray(item, dtype=np.float64) for item in items])
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"{name}: expected numbers, or rows of equally many numbers; got {err}"
            ) from None
    return x


def as_scores(x: Any, name: str, ndims: tuple[int, ...] = (1, 2)) -> np.ndarray:
    """Validate scores: a finite float64 array of ``ndims`` dimensions, C-contiguous.

    An ``(n, 1)`` column is accepted where 1-D scores are (as scikit-learn's
    ``column_or_1d``). Raises ValueError/TypeError naming ``name``.
    """
    if x is None:
        raise ValueError(f"{name}: expected an array of scores, got None")
    arr = _to_numeric_array(x, name)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected numeric scores or probabilities, got dtype {arr.dtype}")
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim == 2 and arr.shape[1] == 1 and 2 not in ndims:
        arr = arr[:, 0]
    if arr.ndim not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(f"{name}: expected a {want} array of scores, got {_describe(arr)}")
    if arr.shape[0] == 0 or arr.size == 0:
        raise ValueError(f"{name}: expected at least one score, got an empty input")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    finite = np.isfinite(arr)
    if not finite.all():
        flat = int(np.flatnonzero(~finite.ravel())[0])
        row = flat // (arr.shape[1] if arr.ndim == 2 else 1)
        value = arr.ravel()[flat]
        raise ValueError(
            f"{name}: contains {float(value)} at row {row}; scores must be finite numbers"
            " (NaN and infinity are not scores)"
        )
    return arr


def check_probabilities(prob: np.ndarray, name: str) -> None:
    """Probabilities must lie in [0, 1] (scikit-learn's check for log_loss and brier_score_loss)."""
    hi, lo = prob.max(), prob.min()
    if hi > 1:
        raise ValueError(f"{name}: probabilities must be in [0, 1]; found {hi!r} greater than 1")
    if lo < 0:
        raise ValueError(f"{name}: probabilities must be in [0, 1]; found {lo!r} lower than 0")


def as_indicator(x: Any, name: str) -> np.ndarray:
    """A multilabel indicator matrix: 2-D, values 0/1, returned as int8."""
    if x is None:
        raise ValueError(f"{name}: expected a label indicator matrix, got None")
    arr = _to_numeric_array(x, name)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected a 0/1 indicator matrix, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(
            f"{name}: expected a 2-D (n_samples, n_labels) 0/1 indicator matrix, got {_describe(arr)}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name}: expected at least one row, got an empty input")
    bad = (arr != 0) & (arr != 1)
    if bad.any():
        flat = int(np.flatnonzero(bad.ravel())[0])
        raise ValueError(
            f"{name}: an indicator matrix holds only 0 and 1; found {arr.ravel()[flat]!r}"
            f" at row {flat // arr.shape[1]}"
        )
    return np.ascontiguousarray(arr, dtype=np.int8)


def _check_length(n: int, other: int, name: str, other_name: str) -> None:
    if n != other:
        raise ValueError(
            f"{name} and {other_name} must have the same number of rows, got {n} and {other}"
        )


def label_values(y: LabelArray) -> np.ndarray:
    """The labels of a validated column as a numpy array (numbers, or unicode strings)."""
    values = y.values
    if not isinstance(values, np.ndarray):  # Arrow strings
        values = np.asarray(values.to_numpy(zero_copy_only=False), dtype=str)
    if y.dtype == np.dtype(bool):
        return values.view(np.bool_)
    return values


def unique_labels(values: np.ndarray) -> np.ndarray:
    """Sorted distinct labels (O(n) for integers in a small range)."""
    if values.dtype.kind == "b":
        present = np.bincount(values.view(np.uint8), minlength=2)
        return np.flatnonzero(present).astype(bool)
    if values.dtype.kind in "iu" and values.size:
        few, more = K.first_distinct(values, 2)
        if not more:
            return np.sort(few)
        lo, hi = int(values.min()), int(values.max())
        if hi - lo < (1 << 22):
            present = np.flatnonzero(np.bincount((values - lo).astype(np.int64, copy=False)))
            return (present + lo).astype(values.dtype)
    return np.unique(values)


def label_columns(values: np.ndarray, classes: np.ndarray, name: str) -> np.ndarray:
    """Position of each label in ``classes`` (any order); ValueError naming a label not in it."""
    classes = np.asarray(classes)
    if (
        classes.dtype.kind in "OUS"
        and values.dtype.kind not in "OUS"
        or (values.dtype.kind in "OUS" and classes.dtype.kind not in "OUS")
    ):
        raise ValueError(
            f"{name}: labels are {'strings' if values.dtype.kind in 'OUS' else 'numbers'} but the"
            f" given labels {classes.tolist()!r} are not"
        )
    if classes.dtype.kind == "O":
        classes = classes.astype(str)
    order = np.argsort(classes, kind="stable")
    ordered = classes[order]
    at = np.searchsorted(ordered, values)
    at_c = np.minimum(at, len(ordered) - 1)
    missing = ordered[at_c] != values
    if missing.any():
        bad = values[int(np.flatnonzero(missing)[0])]
        raise ValueError(f"{name}: label {bad!r} is not one of the labels {classes.tolist()!r}")
    return order[at_c].astype(np.int64)


def _positives(values: np.ndarray, pos_label: Any, name: str) -> np.ndarray:
    if (values.dtype.kind in "OUS") != isinstance(pos_label, str):
        kind = "strings" if values.dtype.kind in "OUS" else "numbers"
        raise ValueError(
            f"pos_label={pos_label!r} cannot be one of the labels of {name}, which are {kind}"
        )
    return values == pos_label


def _type_of_target(values: np.ndarray) -> tuple[str, np.ndarray]:
    classes = unique_labels(values)
    return ("binary" if len(classes) <= 2 else "multiclass"), classes


def _default_pos_label(classes: np.ndarray, name: str) -> Any:
    """scikit-learn's pos_label=None rule: 1 for labels in {0, 1} or {-1, 1}, else an error."""
    if (
        classes.dtype.kind in "OUS"
        or not set(classes.tolist()) <= {0, 1, -1}
        or (len(classes) == 2 and set(classes.tolist()) == {0, -1})
    ):
        raise ValueError(
            f"{name} takes value in {set(classes.tolist())} and pos_label is not specified: either"
            " make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly."
        )
    return 1


# -- binary curves: one sort, one sweep ---------------------------------------------------


def sorted_sides(
    positive: np.ndarray, score: np.ndarray, weight: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The sweep's inputs: positive and negative scores sorted ascending (and their weights).

    Rows of weight 0 are left out first, as scikit-learn does. Without
    weights numpy's (SIMD) sort orders each side; with weights a stable
    descending argsort, reversed, puts tied scores so that the sweep (which
    walks from the end) meets them in input order.
    """
    empty = np.empty(0)
    if weight is not None:
        keep = weight != 0
        if not keep.all():
            positive, score, weight = positive[keep], score[keep], weight[keep]
    pos, w_pos, neg, w_neg = K.split_scores(positive, score, empty if weight is None else weight)
    if weight is None:
        pos.sort()
        neg.sort()
        return pos, empty, neg, empty
    order = np.argsort(-pos, kind="stable")[::-1]
    pos, w_pos = pos[order], w_pos[order]
    order = np.argsort(-neg, kind="stable")[::-1]
    neg, w_neg = neg[order], w_neg[order]
    return pos, w_pos, neg, w_neg


def binary_counts(
    positive: np.ndarray, score: np.ndarray, weight: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(thresholds, tps, fps) at each distinct score, descending (``confusion_matrix_at_thresholds``)."""
    return K.binary_counts(*sorted_sides(positive, score, weight))


def _auc_direction_error(x_name: str) -> ValueError:
    return ValueError(
        f"{x_name} is neither increasing nor decreasing (negative sample weights make the curve"
        " turn back); the area is not defined"
    )


def _binary_roc_auc(
    positive: np.ndarray, score: np.ndarray, weight: np.ndarray | None, max_fpr: float | None
) -> float:
    """scikit-learn's ``_binary_roc_auc_score`` on a boolean target."""
    n_pos = int(np.count_nonzero(positive))
    if n_pos == 0 or n_pos == len(positive):
        warnings.warn(
            "Only one class is present in y_true. ROC AUC score is not defined in that case.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return np.nan
    sides = sorted_sides(positive, score, weight)
    pos, w_pos, neg, w_neg = sides
    tp_total = len(pos) if weight is None else K.pairwise_sum(w_pos)
    fp_total = len(neg) if weight is None else K.pairwise_sum(w_neg)
    if tp_total <= 0 or fp_total <= 0:
        which = "negative" if fp_total <= 0 else "positive"
        warnings.warn(
            f"No {which} samples in y_true (their weights sum to 0 or less), the ROC curve is"
            " not defined",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return np.nan
    if max_fpr is None or max_fpr == 1:
        area, direction = K.roc_auc_sweep(*sides)
        if direction == 0:
            raise _auc_direction_error("the false positive rate")
        return float(area)
    if max_fpr <= 0 or max_fpr > 1:
        raise ValueError(f"max_fpr must be in (0, 1], got {max_fpr!r}")
    _, tps, fps = K.binary_counts(*sides)
    fpr, tpr, _ = _roc_from_counts(np.empty(0), tps, fps, drop_intermediate=True)
    stop = np.searchsorted(fpr, max_fpr, "right")
    x_interp = [fpr[stop - 1], fpr[stop]]
    y_interp = [tpr[stop - 1], tpr[stop]]
    tpr = np.append(tpr[:stop], np.interp(max_fpr, x_interp, y_interp))
    fpr = np.append(fpr[:stop], max_fpr)
    partial = _auc(fpr, tpr)
    # McClish correction: 0.5 for a non-discriminant, 1 for a perfect ranking
    min_area = 0.5 * max_fpr**2
    max_area = max_fpr
    return 0.5 * (1 + (partial - min_area) / (max_area - min_area))


def _auc(x: np.ndarray, y: np.ndarray) -> float:
    """scikit-learn's ``auc``: trapezoids, x monotonic."""
    direction = 1
    dx = np.diff(x)
    if np.any(dx < 0):
        if np.all(dx <= 0):
            direction = -1
        else:
            raise _auc_direction_error("x")
    return float(direction * np.trapezoid(y, x))


def _roc_from_counts(
    thresholds: np.ndarray, tps: np.ndarray, fps: np.ndarray, drop_intermediate: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if drop_intermediate and len(fps) > 2:
        keep = K.roc_keep(tps, fps)
        tps, fps = tps[keep], fps[keep]
        if len(thresholds):
            thresholds = thresholds[keep]
    tps = np.concatenate([[0.0], tps])
    fps = np.concatenate([[0.0], fps])
    thresholds = np.concatenate([[np.inf], thresholds])
    if fps[-1] <= 0:
        warnings.warn(
            "No negative samples in y_true, false positive value should be meaningless",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn(
            "No positive samples in y_true, true positive value should be meaningless",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def _warn_no_positive(pos: np.ndarray, w_pos: np.ndarray) -> None:
    if len(pos) == 0 or (len(w_pos) and K.pairwise_sum(w_pos) == 0):
        warnings.warn(
            "No positive class found in y_true, recall is set to one for all thresholds.",
            UserWarning,
            stacklevel=4,
        )


def _binary_average_precision(
    positive: np.ndarray, score: np.ndarray, weight: np.ndarray | None
) -> float:
    sides = sorted_sides(positive, score, weight)
    _warn_no_positive(sides[0], sides[1])
    return float(max(0.0, K.average_precision_sweep(*sides)))


def _binary_pr_auc(positive: np.ndarray, score: np.ndarray, weight: np.ndarray | None) -> float:
    sides = sorted_sides(positive, score, weight)
    _warn_no_positive(sides[0], sides[1])
    area, direction = K.pr_auc_sweep(*sides)
    if direction == 0:
        raise _auc_direction_error("recall")
    return float(area)


# -- averaging over labels (scikit-learn's _average_binary_score) ------------------------


def _average_binary(
    metric: Any,
    y: np.ndarray,
    score: np.ndarray,
    average: str | None,
    weight: np.ndarray | None,
) -> float | np.ndarray:
    """Apply ``metric(positive, score, weight)`` per label column of indicator ``y`` and average."""
    if average not in (None, "micro", "macro", "weighted", "samples"):
        raise ValueError(
            f"average must be one of None, 'micro', 'macro', 'weighted', 'samples'; got {average!r}"
        )
    if y.ndim == 1:
        return metric(y.astype(bool), score, weight)
    score_weight = weight
    average_weight = None
    axis = 1
    if average == "micro":
        if weight is not None:
            score_weight = np.repeat(weight, y.shape[1])
        return metric(y.ravel().astype(bool), score.ravel(), score_weight)
    if average == "weighted":
        if weight is not None:
            average_weight = np.sum(
                np.multiply(y.astype(weight.dtype), weight.reshape(-1, 1)), axis=0
            )
        else:
            average_weight = np.sum(y, axis=0, dtype=np.int64)
        if np.isclose(np.sum(average_weight), 0):
            return 0.0
    elif average == "samples":
        average_weight, score_weight, axis = weight, None, 0
    n = y.shape[axis]
    out = np.zeros(n)
    for c in range(n):
        yc = y[:, c] if axis == 1 else y[c, :]
        sc = score[:, c] if axis == 1 else score[c, :]
        out[c] = metric(yc.astype(bool), np.ascontiguousarray(sc), score_weight)
    if average is None:
        return out
    if average_weight is not None:
        out[average_weight == 0] = 0
    return float(np.average(out, weights=average_weight))


def _binarize(values: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """One-hot (n, len(classes)) int8 matrix of labels in ``classes`` (sorted)."""
    cols = label_columns(values, classes, "y_true")
    out = np.zeros((len(values), len(classes)), dtype=np.int8)
    out[np.arange(len(values)), cols] = 1
    return out


def _prepare(
    y_true: ArrayLike, y_score: ArrayLike, sample_weight: ArrayLike | None, names: tuple[str, str]
) -> tuple[np.ndarray, bool, np.ndarray, np.ndarray | None]:
    """(y values or indicator matrix, is_multilabel, scores, weights) validated together."""
    true_name, score_name = names
    score = as_scores(y_score, score_name)
    y_arr = _to_numeric_array(y_true, true_name) if _looks_2d(y_true) else None
    if y_arr is not None and y_arr.ndim == 2 and y_arr.shape[1] > 1:
        y = as_indicator(y_arr, true_name)
        multilabel = True
    else:
        y = label_values(as_labels(y_true if y_arr is None else y_arr, true_name))
        multilabel = False
    _check_length(len(y), score.shape[0], true_name, score_name)
    weight = None if sample_weight is None else as_weights(sample_weight, len(y))
    return y, multilabel, score, weight


def _looks_2d(x: Any) -> bool:
    shape = getattr(x, "shape", None)
    if shape is not None:
        return len(shape) == 2
    if isinstance(x, (list, tuple)) and x and isinstance(x[0], (list, tuple, np.ndarray)):
        return True
    mod = type(x).__module__.split(".", 1)[0]
    if mod == "pyarrow":
        import pyarrow.types as pat

        return pat.is_list(x.type) or pat.is_fixed_size_list(x.type) or pat.is_large_list(x.type)
    return False


# -- ROC AUC ----------------------------------------------------------------------------


def roc_auc_score(
    y_true: ArrayLike,
    y_score: ArrayLike,
    *,
    average: str | None = "macro",
    sample_weight: ArrayLike | None = None,
    max_fpr: float | None = None,
    multi_class: str = "raise",
    labels: ArrayLike | None = None,
) -> float | np.ndarray:
    """Area under the ROC curve, as ``sklearn.metrics.roc_auc_score``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        Binary or multiclass labels, or a multilabel indicator matrix.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores of the greater label (binary), class probabilities (multiclass,
        rows summing to 1) or per-label scores (multilabel).
    average : {"macro", "weighted", "micro", "samples"} or None, default="macro"
        How per-label areas are averaged (ignored for binary targets).
    sample_weight : array-like of shape (n_samples,), optional
        Per-row weights.
    max_fpr : float in (0, 1], optional
        Return the McClish-standardized partial AUC over FPR in [0, max_fpr]
        (binary and multilabel only).
    multi_class : {"raise", "ovr", "ovo"}, default="raise"
        One-vs-rest or one-vs-one (Hand & Till) for multiclass targets.
    labels : array-like, optional
        The classes indexing the columns of ``y_score`` (multiclass), sorted.

    Returns
    -------
    float or ndarray
        The area (an array per label with ``average=None``); NaN with an
        ``UndefinedMetricWarning`` when ``y_true`` holds one class only.

    Examples
    --------
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> roc_auc_score([0, 1, 2, 2], [[0.8, 0.1, 0.1], [0.2, 0.6, 0.2], [0.3, 0.3, 0.4],
    ...                [0.1, 0.2, 0.7]], multi_class="ovr")
    1.0
    """
    y, multilabel, score, weight = _prepare(y_true, y_score, sample_weight, ("y_true", "y_score"))
    return _roc_auc(y, multilabel, score, weight, average, max_fpr, multi_class, labels)


def _roc_auc(
    y: np.ndarray,
    multilabel: bool,
    score: np.ndarray,
    weight: np.ndarray | None,
    average: str | None,
    max_fpr: float | None,
    multi_class: str,
    labels: Any,
    names: tuple[str, str] = ("y_true", "y_score"),
) -> float | np.ndarray:
    if multi_class not in ("raise", "ovr", "ovo"):
        raise ValueError(f"multi_class must be 'raise', 'ovr' or 'ovo'; got {multi_class!r}")
    if max_fpr is not None and not (0 < max_fpr <= 1):
        raise ValueError(f"max_fpr must be in (0, 1], got {max_fpr!r}")
    true_name, score_name = names
    if multilabel:
        if score.shape != y.shape:
            raise ValueError(
                f"{score_name} must have the shape of the indicator matrix {true_name}"
                f" {y.shape}, got {score.shape}"
            )
        return _average_binary(
            lambda p, s, w: _binary_roc_auc(p, s, w, max_fpr), y, score, average, weight
        )
    y_type, classes = _type_of_target(y)
    if y_type == "multiclass" or (y_type == "binary" and score.ndim == 2 and score.shape[1] > 2):
        if max_fpr is not None and max_fpr != 1.0:
            raise ValueError(
                "max_fpr: partial AUC is not available for multiclass targets; it must be None"
                f" (or 1.0), got {max_fpr!r}"
            )
        if multi_class == "raise":
            raise ValueError(
                f"multi_class: {true_name} holds more than two classes; pass multi_class='ovr'"
                " (one-vs-rest) or 'ovo' (one-vs-one)"
            )
        return _multiclass_roc_auc(y, score, labels, multi_class, average, weight, names)
    if score.ndim == 2 and score.shape[1] == 1:
        score = score[:, 0].copy()
    if score.ndim != 1:
        raise ValueError(
            f"{score_name}: binary {true_name} needs 1-D scores of the greater label, got shape"
            f" {score.shape}"
        )
    positive = y == classes[-1] if len(classes) == 2 else np.zeros(len(y), dtype=bool)
    return _binary_roc_auc(positive, score, weight, max_fpr)


def _multiclass_roc_auc(
    y: np.ndarray,
    score: np.ndarray,
    labels: Any,
    multi_class: str,
    average: str | None,
    weight: np.ndarray | None,
    names: tuple[str, str],
) -> float | np.ndarray:
    true_name, score_name = names
    if score.ndim != 2:
        raise ValueError(
            f"{score_name} must be of shape (n_samples, n_classes) since {true_name} holds several"
            f" classes; got shape {score.shape}"
        )
    sums = score.sum(axis=1)
    if not np.allclose(1, sums):
        bad = int(np.flatnonzero(~np.isclose(1, sums))[0])
        raise ValueError(
            f"{score_name}: multiclass ROC AUC needs probabilities whose rows sum to 1; row {bad}"
            f" sums to {sums[bad]!r}"
        )
    options = (
        ("micro", "macro", "weighted", None)
        if multi_class == "ovr"
        else ("macro", "weighted", None)
    )
    if average not in options:
        raise ValueError(
            f"average must be one of {options} for multiclass targets; got {average!r}"
        )
    if average is None and multi_class == "ovo":
        raise NotImplementedError("average=None is not implemented for multi_class='ovo'.")
    if labels is not None:
        given = np.asarray(labels)
        if given.ndim != 1:
            raise ValueError(f"labels must be 1-D, got shape {given.shape}")
        classes = np.unique(given)
        if len(classes) != len(given):
            raise ValueError("labels must be unique")
        if not np.array_equal(classes, given):
            raise ValueError("labels must be ordered (sorted)")
        if len(classes) != score.shape[1]:
            raise ValueError(
                f"labels: {len(classes)} labels given, but {score_name} has {score.shape[1]} columns"
            )
        cols = label_columns(y, classes, true_name)
    else:
        classes = unique_labels(y)
        if len(classes) != score.shape[1]:
            raise ValueError(
                f"{true_name} holds {len(classes)} classes but {score_name} has {score.shape[1]}"
                " columns; pass labels= to name the classes of the columns"
            )
        cols = label_columns(y, classes, true_name)
    if multi_class == "ovo":
        if weight is not None:
            raise ValueError(
                "sample_weight is not supported for multiclass one-vs-one ROC AUC; it must be None"
            )
        return _ovo_average(cols, score, average)
    onehot = np.zeros(score.shape, dtype=np.int8)
    onehot[np.arange(len(cols)), cols] = 1
    return _average_binary(
        lambda p, s, w: _binary_roc_auc(p, s, w, None), onehot, score, average, weight
    )


def _ovo_average(cols: np.ndarray, score: np.ndarray, average: str | None) -> float:
    present = unique_labels(cols)
    n_pairs = len(present) * (len(present) - 1) // 2
    pair_scores = np.empty(n_pairs)
    prevalence = np.empty(n_pairs) if average == "weighted" else None
    for ix, (a, b) in enumerate(combinations(present.tolist(), 2)):
        a_mask = cols == a
        b_mask = cols == b
        ab_mask = a_mask | b_mask
        if prevalence is not None:
            prevalence[ix] = np.average(ab_mask)
        a_score = _binary_roc_auc(a_mask[ab_mask], score[ab_mask, a], None, None)
        b_score = _binary_roc_auc(b_mask[ab_mask], score[ab_mask, b], None, None)
        pair_scores[ix] = (a_score + b_score) / 2
    return float(np.average(pair_scores, weights=prevalence))


# -- average precision and the area under the PR curve ------------------------------------


def _ranking_average(
    binary: Any,
    y: np.ndarray,
    multilabel: bool,
    score: np.ndarray,
    weight: np.ndarray | None,
    average: str | None,
    pos_label: Any,
    names: tuple[str, str],
) -> float | np.ndarray:
    """average_precision_score's dispatch: binary, multilabel or multiclass (one-vs-rest)."""
    true_name, score_name = names
    if multilabel:
        if pos_label != 1:
            raise ValueError(
                "pos_label is fixed to 1 for a multilabel indicator matrix; do not set it"
            )
        if score.shape != y.shape:
            raise ValueError(
                f"{score_name} must have the shape of the indicator matrix {true_name}"
                f" {y.shape}, got {score.shape}"
            )
        return _average_binary(binary, y, score, average, weight)
    y_type, present = _type_of_target(y)
    if y_type == "binary":
        if len(present) == 2 and pos_label not in present.tolist():
            raise ValueError(
                f"pos_label={pos_label!r} is not a valid label: it should be one of {present.tolist()}"
            )
        if score.ndim == 2 and score.shape[1] == 1:
            score = score[:, 0].copy()
        if score.ndim != 1:
            raise ValueError(
                f"{score_name}: binary {true_name} needs 1-D scores of the positive class, got"
                f" shape {score.shape}"
            )
        return binary(_positives(y, pos_label, true_name), score, weight)
    if pos_label != 1:
        raise ValueError("pos_label is fixed to 1 for multiclass targets; do not set it")
    onehot = _binarize(y, present)
    if score.shape != onehot.shape:
        raise ValueError(
            f"{score_name} must be of shape (n_samples, n_classes) = {onehot.shape} since"
            f" {true_name} holds {len(present)} classes; got shape {score.shape}"
        )
    return _average_binary(binary, onehot, score, average, weight)


def average_precision_score(
    y_true: ArrayLike,
    y_score: ArrayLike,
    *,
    average: str | None = "macro",
    pos_label: Any = 1,
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    """Average precision, as ``sklearn.metrics.average_precision_score``.

    ``AP = sum_n (R_n - R_{n-1}) P_n`` over the thresholds of the
    precision-recall curve (a step function, not interpolated).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        Binary or multiclass labels, or a multilabel indicator matrix.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores of the positive class, or one column per class/label.
    average : {"macro", "weighted", "micro", "samples"} or None, default="macro"
        How per-label scores are averaged (ignored for binary targets).
    pos_label : int, float, bool or str, default=1
        The positive class of a binary target.
    sample_weight : array-like of shape (n_samples,), optional
        Per-row weights.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8333333333333333
    """
    y, multilabel, score, weight = _prepare(y_true, y_score, sample_weight, ("y_true", "y_score"))
    return _ranking_average(
        _binary_average_precision,
        y,
        multilabel,
        score,
        weight,
        average,
        pos_label,
        ("y_true", "y_score"),
    )


def pr_auc_score(
    y_true: ArrayLike,
    y_score: ArrayLike,
    *,
    average: str | None = "macro",
    pos_label: Any = 1,
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    """Area under the precision-recall curve by the trapezoidal rule.

    Exactly ``sklearn.metrics.auc(recall, precision)`` with ``precision,
    recall, _ = precision_recall_curve(y_true, y_score)`` (all thresholds,
    plus scikit-learn's end point recall 0, precision 1): straight lines
    between the points, which can be optimistic; :func:`average_precision_score`
    is the step-function summary. Averaging over labels is as
    :func:`average_precision_score`.

    Examples
    --------
    >>> pr_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.7916666666666666
    """
    y, multilabel, score, weight = _prepare(y_true, y_score, sample_weight, ("y_true", "y_score"))
    return _ranking_average(
        _binary_pr_auc, y, multilabel, score, weight, average, pos_label, ("y_true", "y_score")
    )


# -- curves -------------------------------------------------------------------------------


def _binary_target(
    y_true: ArrayLike, y_score: ArrayLike, pos_label: Any, sample_weight: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    y = label_values(as_labels(y_true, "y_true"))
    score = as_scores(y_score, "y_score", ndims=(1,))
    _check_length(len(y), len(score), "y_true", "y_score")
    weight = None if sample_weight is None else as_weights(sample_weight, len(y))
    y_type, classes = _type_of_target(y)
    if y_type != "binary" and pos_label is None:
        raise ValueError(
            f"y_true holds {len(classes)} classes; pass pos_label to name the positive one"
        )
    if pos_label is None:
        pos_label = _default_pos_label(classes, "y_true")
    return _positives(y, pos_label, "y_true"), score, weight


def roc_curve(
    y_true: ArrayLike,
    y_score: ArrayLike,
    *,
    pos_label: Any = None,
    sample_weight: ArrayLike | None = None,
    drop_intermediate: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Receiver operating characteristic curve, as ``sklearn.metrics.roc_curve``.

    Returns
    -------
    fpr, tpr, thresholds : ndarray
        Increasing false and true positive rates at decreasing thresholds (the
        first threshold is ``inf``: nothing predicted positive).

    Examples
    --------
    >>> fpr, tpr, thresholds = roc_curve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], pos_label=2)
    >>> fpr
    array([0. , 0. , 0.5, 0.5, 1. ])
    >>> thresholds
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    """
    positive, score, weight = _binary_target(y_true, y_score, pos_label, sample_weight)
    thresholds, tps, fps = binary_counts(positive, score, weight)
    return _roc_from_counts(thresholds, tps, fps, drop_intermediate)


def precision_recall_curve(
    y_true: ArrayLike,
    y_score: ArrayLike,
    *,
    pos_label: Any = None,
    sample_weight: ArrayLike | None = None,
    drop_intermediate: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision-recall pairs per threshold, as ``sklearn.metrics.precision_recall_curve``.

    Returns
    -------
    precision, recall, thresholds : ndarray
        Precision and recall ending with the point (recall 0, precision 1),
        at increasing thresholds.

    Examples
    --------
    >>> precision, recall, thresholds = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision
    array([0.5       , 0.66666667, 0.5       , 1.        , 1.        ])
    >>> recall
    array([1. , 1. , 0.5, 0.5, 0. ])
    """
    positive, score, weight = _binary_target(y_true, y_score, pos_label, sample_weight)
    thresholds, tps, fps = binary_counts(positive, score, weight)
    if drop_intermediate and len(fps) > 2:
        d = np.diff(tps)
        keep = np.flatnonzero(np.concatenate([[True], (d[:-1] != 0) | (d[1:] != 0), [True]]))
        tps, fps, thresholds = tps[keep], fps[keep], thresholds[keep]
    ps = tps + fps
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(ps != 0, np.divide(tps, ps), 0.0)
    if tps[-1] == 0:
        warnings.warn(
            "No positive class found in y_true, recall is set to one for all thresholds.",
            UserWarning,
            stacklevel=2,
        )
        recall = np.full(tps.shape, 1.0)
    else:
        recall = tps / tps[-1]
    return (
        np.concatenate([precision[::-1], [1.0]]),
        np.concatenate([recall[::-1], [0.0]]),
        thresholds[::-1].copy(),
    )


def equal_error_rate(
    y_true: ArrayLike,
    y_score: ArrayLike,
    *,
    pos_label: Any = None,
    sample_weight: ArrayLike | None = None,
    return_threshold: bool = False,
) -> float | tuple[float, float]:
    """Equal error rate: where the false positive rate equals the false negative rate.

    On the ROC curve of :func:`roc_curve` (every distinct threshold, starting
    at (0, 0)), FNR = 1 - TPR falls while FPR rises. With ``i`` the first
    point where ``FPR >= FNR``, the EER is where the straight segment from
    point ``i - 1`` to point ``i`` crosses the diagonal FPR = FNR (linear
    interpolation, as ``brentq`` on ``interp1d(fpr, tpr)`` finds it); when a
    point lies on the diagonal the EER is its FPR.

    Parameters
    ----------
    return_threshold : bool, default=False
        Also return the threshold of point ``i`` (predict positive when
        ``score >= threshold``).

    Returns
    -------
    float, or (float, float) with ``return_threshold=True``

    Examples
    --------
    >>> equal_error_rate([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.5
    >>> equal_error_rate([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.3, 0.8, 0.9], return_threshold=True)
    (0.3333333333333333, 0.7)
    """
    positive, score, weight = _binary_target(y_true, y_score, pos_label, sample_weight)
    return _equal_error_rate(positive, score, weight, return_threshold)


def _equal_error_rate(
    positive: np.ndarray, score: np.ndarray, weight: np.ndarray | None, return_threshold: bool
) -> float | tuple[float, float]:
    n_pos = int(np.count_nonzero(positive))
    if n_pos == 0 or n_pos == len(positive):
        warnings.warn(
            "Only one class is present in y_true. The equal error rate is not defined in that case.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return (np.nan, np.nan) if return_threshold else np.nan
    thresholds, tps, fps = binary_counts(positive, score, weight)
    if fps[-1] <= 0 or tps[-1] <= 0:
        warnings.warn(
            "One class has total weight 0: the equal error rate is not defined.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return (np.nan, np.nan) if return_threshold else np.nan
    fpr = np.concatenate([[0.0], fps / fps[-1]])
    # FNR as FN / P (not 1 - TPR): a point on the diagonal compares equal
    fnr = np.concatenate([[1.0], (tps[-1] - tps) / tps[-1]])
    i = int(np.argmax(fpr >= fnr))  # exists: the last point has fpr 1 >= fnr 0
    if fpr[i] == fnr[i]:
        eer = float(fpr[i])
    else:
        gap0 = fnr[i - 1] - fpr[i - 1]  # > 0
        slope = (fpr[i] - fpr[i - 1]) - (fnr[i] - fnr[i - 1])  # > 0
        eer = float(fpr[i - 1] + gap0 / slope * (fpr[i] - fpr[i - 1]))
    if return_threshold:
        return eer, float(thresholds[i - 1]) if i > 0 else float("inf")
    return eer


# -- probabilities: log loss, Brier, top-k, calibration ------------------------------------


def _binary_labels_for_proba(values: np.ndarray, labels: Any, name: str) -> np.ndarray:
    """The two classes of a 1-D probability input (log_loss's LabelBinarizer rule)."""
    classes = np.unique(np.asarray(labels)) if labels is not None else unique_labels(values)
    if len(classes) == 1:
        if labels is None:
            raise ValueError(
                f"{name} holds one label only ({classes[0]!r}); pass labels= with every class"
            )
        raise ValueError("labels: at least two labels are needed for log_loss")
    return classes


def _class_columns(
    values: np.ndarray, labels: Any, n_columns: int, names: tuple[str, str]
) -> np.ndarray:
    """Column of each row's class, columns being ``labels`` sorted (LabelBinarizer) or the classes seen."""
    true_name, score_name = names
    if labels is not None:
        given = np.asarray(labels)
        classes = np.unique(given)
        if not np.array_equal(classes, given):
            warnings.warn(
                f"Labels passed were {given.tolist()}; the columns of {score_name} are taken to be"
                f" the labels in sorted order {classes.tolist()}",
                UserWarning,
                stacklevel=3,
            )
    else:
        classes = unique_labels(values)
    if len(classes) == 1:
        if labels is None:
            raise ValueError(
                f"{true_name} holds one label only ({classes[0]!r}); pass labels= with every class"
            )
        raise ValueError("labels: at least two labels are needed")
    if len(classes) != n_columns:
        where = "labels" if labels is not None else true_name
        raise ValueError(
            f"{where} has {len(classes)} classes but {score_name} has {n_columns} columns;"
            " pass labels= to name the classes of the columns"
        )
    return label_columns(values, classes, true_name)


def _warn_not_normalized(prob: np.ndarray) -> None:
    if prob.ndim == 2:
        sums = np.sum(prob, axis=1)
        if not np.all(np.isclose(sums, 1, rtol=np.sqrt(EPS))):
            warnings.warn(
                "The y_prob values do not sum to one. Make sure to pass probabilities.",
                UserWarning,
                stacklevel=4,
            )


def _average_terms(terms: np.ndarray, weight: np.ndarray | None, normalize: bool = True) -> float:
    """``np.average(terms, weights=weight)`` (or the sum), in numpy's order."""
    if weight is None:
        total = K.pairwise_sum(terms)
        return total / len(terms) if normalize else total
    total = K.pairwise_sum(terms * weight)
    if not normalize:
        return total
    scale = K.pairwise_sum(weight)
    if scale == 0.0:
        raise ZeroDivisionError(
            "sample_weight: the weights sum to zero; the average is not defined"
        )
    return total / scale


def log_loss(
    y_true: ArrayLike,
    y_proba: ArrayLike,
    *,
    normalize: bool = True,
    sample_weight: ArrayLike | None = None,
    labels: ArrayLike | None = None,
) -> float:
    """Log loss (cross-entropy), as ``sklearn.metrics.log_loss`` (scikit-learn 1.9).

    Probabilities are clipped to ``[eps, 1 - eps]`` (``eps`` of float64);
    values outside [0, 1] are rejected. 1-D ``y_proba`` holds the probability
    of the greater of two labels.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels.
    y_proba : array-like of shape (n_samples,) or (n_samples, n_classes)
        Probabilities; the columns are the labels in sorted order.
    normalize : bool, default=True
        Mean loss per row (else the sum).
    sample_weight : array-like of shape (n_samples,), optional
    labels : array-like, optional
        All the classes, when ``y_true`` does not show them all.

    Examples
    --------
    >>> log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
    0.21616187468057912
    """
    values = label_values(as_labels(y_true, "y_true"))
    prob = as_scores(y_proba, "y_proba")
    _check_length(len(values), prob.shape[0], "y_true", "y_proba")
    weight = None if sample_weight is None else as_weights(sample_weight, len(values))
    check_probabilities(prob, "y_proba")
    rows = _log_loss_rows(values, prob, labels, ("y_true", "y_proba"))
    return float(_average_terms(rows, weight, normalize))


def _log_loss_rows(
    values: np.ndarray, prob: np.ndarray, labels: Any, names: tuple[str, str]
) -> np.ndarray:
    if prob.ndim == 1 or prob.shape[1] == 1:
        prob = prob.reshape(-1)
        classes = _binary_labels_for_proba(values, labels, names[0])
        if len(classes) != 2:
            where = "labels" if labels is not None else names[0]
            raise ValueError(
                f"{where} has {len(classes)} classes but {names[1]} has 2 columns (1-D"
                " probabilities of the greater label); pass one column per class"
            )
        positive = label_columns(values, classes, names[0]) == 1
        return K.log_loss_rows_binary(prob, positive, EPS)
    _warn_not_normalized(prob)
    cols = _class_columns(values, labels, prob.shape[1], names)
    return K.log_loss_rows(prob, cols, EPS)


def brier_score_loss(
    y_true: ArrayLike,
    y_proba: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    pos_label: Any = None,
    labels: ArrayLike | None = None,
    scale_by_half: bool | str = "auto",
) -> float:
    """Brier score, as ``sklearn.metrics.brier_score_loss`` (scikit-learn 1.9).

    The mean over rows of ``sum_c (onehot_c - p_c)**2``, halved for binary
    targets (``scale_by_half="auto"``) so that it lies in [0, 1].

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_proba : array-like of shape (n_samples,) or (n_samples, n_classes)
        Probabilities of the positive class, or one column per class (sorted).
    sample_weight : array-like of shape (n_samples,), optional
    pos_label : int, float, bool or str, optional
        The positive class of 1-D probabilities; by default 1 for labels in
        {0, 1} or {-1, 1}, else the greater label (an error for strings).
    labels : array-like, optional
        The classes of the columns of 2-D probabilities.
    scale_by_half : bool or "auto", default="auto"

    Examples
    --------
    >>> brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])
    0.0375
    """
    values = label_values(as_labels(y_true, "y_true"))
    prob = as_scores(y_proba, "y_proba")
    _check_length(len(values), prob.shape[0], "y_true", "y_proba")
    weight = None if sample_weight is None else as_weights(sample_weight, len(values))
    if scale_by_half not in (True, False, "auto"):
        raise ValueError(f"scale_by_half must be True, False or 'auto'; got {scale_by_half!r}")
    check_probabilities(prob, "y_proba")
    rows, binary = _brier_rows(values, prob, pos_label, labels, ("y_true", "y_proba"))
    score = _average_terms(rows, weight)
    if scale_by_half == "auto":
        scale_by_half = binary
    if scale_by_half:
        score *= 0.5
    return float(score)


def _brier_rows(
    values: np.ndarray, prob: np.ndarray, pos_label: Any, labels: Any, names: tuple[str, str]
) -> tuple[np.ndarray, bool]:
    """Per-row squared errors, and whether the target is binary (for ``scale_by_half="auto"``)."""
    if prob.ndim == 1 or prob.shape[1] == 1:
        positive = _brier_positives(values, pos_label, names[0])
        return K.brier_rows_binary(prob.reshape(-1), positive), True
    _warn_not_normalized(prob)
    cols = _class_columns(values, labels, prob.shape[1], names)
    return K.brier_rows(prob, cols), prob.shape[1] < 3


def _brier_positives(values: np.ndarray, pos_label: Any, name: str) -> np.ndarray:
    """Rows of the positive class for 1-D probabilities (scikit-learn's pos_label rule)."""
    classes = unique_labels(values)
    if len(classes) > 2:
        raise ValueError(
            f"{name} holds {len(classes)} classes but the probabilities are 1-D (binary); pass"
            " one column per class"
        )
    if pos_label is None:
        try:
            pos_label = _default_pos_label(classes, name)
        except ValueError:
            if classes.dtype.kind in "OUS":
                raise
            pos_label = classes[-1]
    return _positives(values, pos_label, name)


def top_k_accuracy_score(
    y_true: ArrayLike,
    y_score: ArrayLike,
    *,
    k: int = 2,
    normalize: bool = True,
    sample_weight: ArrayLike | None = None,
    labels: ArrayLike | None = None,
) -> float:
    """Top-k accuracy, as ``sklearn.metrics.top_k_accuracy_score``.

    A row counts as correct when its true class is among the ``k`` highest
    scores. Ties are broken as scikit-learn breaks them (a stable ascending
    sort, reversed): of equal scores the class of the higher column ranks
    first. For a binary target and ``k=1`` the positive class is predicted
    when the score exceeds 0.5 (scores all in [0, 1]) or else 0.

    Examples
    --------
    >>> top_k_accuracy_score([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2],
    ...                      [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], k=2)
    0.75
    """
    values = label_values(as_labels(y_true, "y_true"))
    score = as_scores(y_score, "y_score")
    _check_length(len(values), score.shape[0], "y_true", "y_score")
    weight = None if sample_weight is None else as_weights(sample_weight, len(values))
    hits = _top_k_hits(values, score, k, labels, ("y_true", "y_score"))
    return float(_average_terms(hits.astype(np.float64), weight, normalize))


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return int(k)


def _top_k_classes(
    values: np.ndarray, score: np.ndarray, labels: Any, names: tuple[str, str]
) -> np.ndarray:
    true_name, score_name = names
    n_columns = score.shape[1] if score.ndim == 2 else 2
    if labels is None:
        classes = unique_labels(values)
        if len(classes) != n_columns:
            raise ValueError(
                f"{true_name} holds {len(classes)} classes but {score_name} has {n_columns}"
                " columns; pass labels= with every class"
            )
        return classes
    given = np.asarray(labels)
    classes = np.unique(given)
    if len(classes) != len(given):
        raise ValueError("labels must be unique")
    if not np.array_equal(classes, given):
        raise ValueError("labels must be ordered (sorted)")
    if len(classes) != n_columns:
        raise ValueError(
            f"labels: {len(classes)} labels given, but {score_name} has {n_columns} columns"
        )
    return classes


def _top_k_hits(
    values: np.ndarray, score: np.ndarray, k: Any, labels: Any, names: tuple[str, str]
) -> np.ndarray:
    k = _check_k(k)
    true_name, score_name = names
    present = unique_labels(values)
    binary = len(present) <= 2 and not (labels is not None and len(labels) > 2)
    if binary and score.ndim == 2 and score.shape[1] != 1:
        raise ValueError(
            f"{true_name} is binary while {score_name} has {score.shape[1]} columns; pass labels="
            " with every class when some are missing from the data"
        )
    if not binary and score.ndim != 2:
        raise ValueError(
            f"{score_name} must be of shape (n_samples, n_classes) since {true_name} holds"
            f" several classes; got shape {score.shape}"
        )
    if binary:
        score = score.reshape(-1)
    classes = _top_k_classes(values, score, labels, names)
    cols = label_columns(values, classes, true_name)
    if k >= len(classes):
        warnings.warn(
            f"'k' ({k}) greater than or equal to 'n_classes' ({len(classes)}) will result in a"
            " perfect score and is therefore meaningless.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
    if binary:
        if k != 1:
            return np.ones(len(values), dtype=bool)
        threshold = 0.5 if score.min() >= 0 and score.max() <= 1 else 0
        return (score > threshold) == (cols == 1)
    return K.top_k_hits(score, cols, k)


def _check_n_bins(n_bins: Any) -> int:
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    return int(n_bins)


def calibration_totals(
    confidence: np.ndarray, correct: np.ndarray, weight: np.ndarray | None, n_bins: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-bin (weight, confidence sum, correct weight) for equal-width bins of [0, 1]."""
    count = np.zeros(n_bins)
    conf_sum = np.zeros(n_bins)
    acc_sum = np.zeros(n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    K.calibration_bins(
        confidence,
        correct,
        np.empty(0) if weight is None else weight,
        edges,
        count,
        conf_sum,
        acc_sum,
    )
    return count, conf_sum, acc_sum


def calibration_from_totals(
    count: np.ndarray, conf_sum: np.ndarray, acc_sum: np.ndarray, return_reliability: bool
) -> float | tuple[float, dict[str, np.ndarray]]:
    """ECE = sum_b (W_b / W) |accuracy_b - confidence_b| from per-bin totals."""
    total = count.sum()
    if total == 0:
        raise ZeroDivisionError("sample_weight: the weights sum to zero; the ECE is not defined")
    filled = count != 0
    safe = np.where(filled, count, 1.0)
    accuracy = np.where(filled, acc_sum / safe, np.nan)
    confidence = np.where(filled, conf_sum / safe, np.nan)
    gaps = np.where(filled, np.abs(accuracy - confidence) * (count / total), 0.0)
    ece = float(gaps.sum())
    if not return_reliability:
        return ece
    edges = np.linspace(0.0, 1.0, len(count) + 1)
    table = {
        "bin_lower": edges[:-1],
        "bin_upper": edges[1:],
        "count": count,
        "mean_confidence": confidence,
        "accuracy": accuracy,
    }
    return ece, table


def calibration_inputs(
    values: np.ndarray, prob: np.ndarray, pos_label: Any, labels: Any, names: tuple[str, str]
) -> tuple[np.ndarray, np.ndarray]:
    """(confidence, correct) per row: binary 1-D probabilities, or the top label of 2-D ones."""
    true_name, score_name = names
    if prob.ndim == 1:
        if pos_label is None:
            classes = unique_labels(values)
            if len(classes) > 2:
                raise ValueError(
                    f"{true_name} holds {len(classes)} classes but {score_name} is 1-D (the"
                    " probability of the positive class); pass one column per class"
                )
            pos_label = _default_pos_label(classes, true_name)
        return prob, _positives(values, pos_label, true_name)
    if labels is not None:
        classes = np.asarray(labels)
        if len(classes) != prob.shape[1]:
            raise ValueError(
                f"labels: {len(classes)} labels given, but {score_name} has {prob.shape[1]} columns"
            )
        cols = label_columns(values, classes, true_name)
    else:
        cols = _class_columns(values, None, prob.shape[1], names)
    confidence, predicted = K.top_label(prob)
    return confidence, predicted == cols


def expected_calibration_error(
    y_true: ArrayLike,
    y_proba: ArrayLike,
    *,
    n_bins: int = 15,
    pos_label: Any = None,
    sample_weight: ArrayLike | None = None,
    labels: ArrayLike | None = None,
    return_reliability: bool = False,
) -> float | tuple[float, dict[str, np.ndarray]]:
    """Expected calibration error over equal-width confidence bins (L1, as torchmetrics' ECE).

    ``ECE = sum_b (W_b / W) * |accuracy_b - confidence_b|`` over ``n_bins``
    bins ``[b / n_bins, (b + 1) / n_bins)`` (the last one includes 1.0; the
    edges are ``np.linspace(0, 1, n_bins + 1)``), ``W_b`` the weight of the
    rows in bin b.

    * 1-D ``y_proba`` (binary): the confidence is the probability of the
      positive class and the "accuracy" of a bin is its fraction of positive
      rows (the reliability diagram of P(y = pos_label)).
    * 2-D ``y_proba`` (multiclass): the confidence is the highest probability
      of a row and a row is correct when that column (the first of tied
      maxima) is its class. Columns are ``labels`` in the given order, or the
      sorted classes of ``y_true``.

    Parameters
    ----------
    n_bins : int, default=15
    pos_label : int, float, bool or str, optional
        Positive class of 1-D probabilities (default: 1 for {0, 1} or {-1, 1}).
    sample_weight : array-like of shape (n_samples,), optional
    labels : array-like, optional
    return_reliability : bool, default=False
        Also return the reliability table: per bin its edges, ``count`` (total
        weight), ``mean_confidence`` and ``accuracy`` (NaN for empty bins).

    Examples
    --------
    >>> expected_calibration_error([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4], n_bins=2)
    0.275
    """
    values = label_values(as_labels(y_true, "y_true"))
    prob = as_scores(y_proba, "y_proba")
    _check_length(len(values), prob.shape[0], "y_true", "y_proba")
    weight = None if sample_weight is None else as_weights(sample_weight, len(values))
    n_bins = _check_n_bins(n_bins)
    check_probabilities(prob, "y_proba")
    if prob.ndim == 2 and prob.shape[1] == 1:
        prob = prob.reshape(-1)
    confidence, correct = calibration_inputs(values, prob, pos_label, labels, ("y_true", "y_proba"))
    totals = calibration_totals(confidence, correct, weight, n_bins)
    return calibration_from_totals(*totals, return_reliability=bool(return_reliability))
