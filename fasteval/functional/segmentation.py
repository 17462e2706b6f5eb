"""Semantic segmentation metrics as functions: mean IoU (evaluate's ``mean_iou``) and Dice.

Every score derives from four per-class areas summed over all maps: the
intersection (pixels where prediction == reference == c), the predicted area,
the reference area and their union. They are counted in one Numba pass per
(reference, prediction) map pair (:func:`fasteval.kernels.segmentation.class_areas`),
so the state is O(num_labels) however many maps stream through.

Semantics follow evaluate's ``mean_iou`` exactly (it comes from MMSegmentation):

* ``label_map`` ({old: new}) and then ``reduce_labels`` (0 -> 255, every other
  label minus 1, 255 stays 255) rewrite the *references* only;
* pixels whose (rewritten) reference equals ``ignore_index`` are left out;
* IoU_c = intersection_c / union_c, accuracy_c = intersection_c / reference_c;
  a class with an empty denominator gets NaN and is left out of the means
  (``np.nanmean``); ``overall_accuracy`` = sum(intersection) / sum(reference);
  ``nan_to_num`` replaces NaN in every output.

One deliberate difference: evaluate silently drops values outside
``[0, num_labels)`` from the areas they fall in (``np.histogram``'s range);
here such a value at a pixel that is not ignored is an error, unless
``out_of_range="ignore"``, which reproduces evaluate's numbers. The rewrites
are done in int64 arithmetic (evaluate does them in the map's dtype, which can
overflow for a ``label_map`` target outside it).
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["dice_coefficient", "mean_iou", "segmentation_areas"]

OUT_OF_RANGE = ("raise", "ignore")
DICE_AVERAGES = ("macro", "micro", "weighted", None)
#: at most this many (reference, prediction) value pairs are counted while
#: ``num_labels`` is not known yet (32 MiB of int64 counts)
PAIR_LIMIT = 1 << 22


@dataclass(frozen=True)
class SegmentationConfig:
    """How maps are folded: per class (``num_labels`` known) or per value pair (None)."""

    num_labels: int | None = None
    ignore_index: int | None = None
    label_map: tuple[tuple[int, int], ...] | None = None
    reduce_labels: bool = False
    out_of_range: str = "raise"

    @property
    def per_class(self) -> bool:
        return self.num_labels is not None

    def same_classes(self, other: SegmentationConfig) -> bool:
        """Whether both count the same classes the same way (out_of_range aside)."""
        return (
            self.num_labels == other.num_labels
            and self.ignore_index == other.ignore_index
            and self.label_map == other.label_map
            and self.reduce_labels == other.reduce_labels
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def segmentation_config(
    num_labels: Any = None,
    ignore_index: Any = None,
    label_map: Any = None,
    reduce_labels: Any = False,
    out_of_range: Any = "raise",
) -> SegmentationConfig:
    """Validate the options that decide how maps are counted."""
    if num_labels is not None and (not _is_int(num_labels) or num_labels < 1):
        raise ValueError(f"num_labels must be a positive integer; got {num_labels!r}")
    if ignore_index is not None and not _is_int(ignore_index):
        raise TypeError(f"ignore_index must be an integer label or None; got {ignore_index!r}")
    pairs = None
    if label_map is not None:
        if not isinstance(label_map, Mapping):
            raise TypeError(f"label_map must be a dict {{old label: new label}}; got {label_map!r}")
        for old, new in label_map.items():
            if not (_is_int(old) and _is_int(new)):
                raise TypeError(
                    f"label_map must map integer labels to integer labels; got {old!r}: {new!r}"
                )
        pairs = tuple(sorted((int(o), int(n)) for o, n in label_map.items())) or None
    if not isinstance(reduce_labels, (bool, np.bool_)):
        raise TypeError(f"reduce_labels must be True or False; got {reduce_labels!r}")
    if out_of_range not in OUT_OF_RANGE:
        raise ValueError(f"out_of_range must be one of {list(OUT_OF_RANGE)}; got {out_of_range!r}")
    return SegmentationConfig(
        num_labels=None if num_labels is None else int(num_labels),
        ignore_index=None if ignore_index is None else int(ignore_index),
        label_map=pairs,
        reduce_labels=bool(reduce_labels),
        out_of_range=out_of_range,
    )


# -- inputs ---------------------------------------------------------------------------


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


def _numpy(x: Any) -> Any:
    mod = _module_of(x)
    if mod == "torch":
        return x.detach().cpu().numpy()
    if mod in ("pyarrow", "polars", "pandas"):
        return x.to_numpy(zero_copy_only=False) if mod == "pyarrow" else x.to_numpy()
    return x


def _as_map(x: Any, name: str) -> np.ndarray:
    """One segmentation map (any shape) as an integer numpy array."""
    if x is None:
        raise ValueError(f"{name} is None; expected a segmentation map")
    arr = np.asarray(_numpy(x))
    kind = arr.dtype.kind
    if kind == "b":
        return arr.view(np.uint8)
    if kind in "iu":
        if arr.dtype == np.uint64 and arr.size and arr.max() > np.iinfo(np.int64).max:
            raise ValueError(f"{name}: labels must be below 2**63")
        return arr
    if kind == "f":
        if arr.size and not (np.isfinite(arr).all() and np.all(arr == np.floor(arr))):
            raise ValueError(
                f"{name}: expected integer class labels, found NaN, infinity or a fractional value"
            )
        return arr.astype(np.int64)
    raise TypeError(f"{name}: expected integer class labels, got an array of dtype {arr.dtype}")


def as_maps(x: Any, name: str) -> list[np.ndarray] | np.ndarray:
    """A batch of maps: an array whose first axis indexes maps, or a list of maps."""
    if x is None:
        raise ValueError(f"{name}: expected a list of segmentation maps, got None")
    x = _numpy(x)
    if isinstance(x, np.ndarray) and x.dtype.kind != "O":
        if x.ndim < 2:
            raise ValueError(
                f"{name}: expected a list of segmentation maps or an (n_maps, height, width)"
                f" array, got an array of shape {x.shape}"
            )
        if x.shape[0] == 0:
            raise ValueError(f"{name}: expected at least one map, got an empty input")
        return _as_map(x, name)
    if isinstance(x, np.ndarray):
        x = list(x)
    if not isinstance(x, (list, tuple)):
        raise TypeError(
            f"{name}: expected a list of segmentation maps or an (n_maps, height, width) array,"
            f" got {type(x).__name__}"
        )
    if len(x) == 0:
        raise ValueError(f"{name}: expected at least one map, got an empty input")
    if all(isinstance(v, (numbers.Number, np.generic)) for v in x):  # plain labels
        return _as_map(np.asarray(x), name)
    return [_as_map(item, f"{name}[{i}]") for i, item in enumerate(x)]


class MapPair:
    """Flattened reference and prediction pixels of ``count`` maps of ``size`` pixels from ``first``."""

    __slots__ = ("reference", "prediction", "first", "size", "count")

    def __init__(
        self, reference: np.ndarray, prediction: np.ndarray, first: int, size: int, count: int = 1
    ) -> None:
        self.reference = reference
        self.prediction = prediction
        self.first = first
        self.size = size
        self.count = count

    def map_index(self, pixel: int) -> int:
        """Index (in the batch) of the map holding flattened ``pixel``."""
        return self.first + (pixel // self.size if self.size else 0)


def map_pairs(predictions: Any, references: Any) -> list[MapPair]:
    """Validated (reference, prediction) pairs of flattened maps of equal shapes.

    An (n_maps, ...) array pair stays one block (one kernel call for all maps).
    """
    preds = as_maps(predictions, "predictions")
    refs = as_maps(references, "references")
    if isinstance(preds, np.ndarray) and isinstance(refs, np.ndarray):
        if preds.shape != refs.shape:
            raise ValueError(
                f"predictions and references must have the same shape, got {preds.shape}"
                f" and {refs.shape}; each prediction map must have the shape of its reference"
            )
        size = int(np.prod(refs.shape[1:]))
        return [MapPair(refs.reshape(-1), preds.reshape(-1), 0, size, refs.shape[0])]
    preds = list(preds)
    refs = list(refs)
    if len(preds) != len(refs):
        raise ValueError(
            f"predictions and references must hold the same number of maps,"
            f" got {len(preds)} and {len(refs)}"
        )
    pairs = []
    for i, (p, r) in enumerate(zip(preds, refs)):
        if p.shape != r.shape:
            raise ValueError(
                f"predictions[{i}] has shape {p.shape} but references[{i}] has shape {r.shape};"
                " each prediction map must have the shape of its reference"
            )
        pairs.append(MapPair(r.reshape(-1), p.reshape(-1), i, r.size))
    return pairs


def transform_labels(
    labels: np.ndarray, label_map: tuple[tuple[int, int], ...] | None, reduce_labels: bool
) -> np.ndarray:
    """evaluate's reference rewrites in int64: ``label_map`` (original labels), then reduction."""
    out = np.asarray(labels, dtype=np.int64)
    if label_map:
        keys = np.array([k for k, _ in label_map], dtype=np.int64)
        values = np.array([v for _, v in label_map], dtype=np.int64)
        pos = np.minimum(np.searchsorted(keys, out), keys.shape[0] - 1)
        out = np.where(keys[pos] == out, values[pos], out)
    if reduce_labels:
        out = np.where(out == 0, 255, out) - 1
        out = np.where(out == 254, 255, out)
    return out


# -- the update: map pairs -> per-class areas, or value-pair counts -----------------------


def _out_of_range_error(
    name: str, index: int | None, count: int, value: int | None, config: SegmentationConfig
) -> ValueError:
    where = name if index is None else f"{name}[{index}]"
    ignored = (
        f" and not ignore_index={config.ignore_index}" if config.ignore_index is not None else ""
    )
    example = "" if value is None else f", e.g. {value}"
    rewritten = (
        " (after label_map / reduce_labels)"
        if name == "references" and (config.label_map or config.reduce_labels)
        else ""
    )
    return ValueError(
        f"{where}: labels outside [0, num_labels={config.num_labels}){ignored}{example}{rewritten}"
        f" ({count} such pixel(s) found); fix the labels or num_labels, set ignore_index,"
        " or pass out_of_range='ignore' to leave such pixels out of the areas they fall in"
        " (evaluate's behaviour)"
    )


def class_area_batch(pairs: list[MapPair], config: SegmentationConfig) -> dict[str, Any]:
    """Per-class areas of a batch (config.num_labels known); raises on out-of-range labels."""
    from fasteval.kernels.segmentation import class_areas

    n = config.num_labels
    inter = np.zeros(n, dtype=np.int64)
    pred_area = np.zeros(n, dtype=np.int64)
    label_area = np.zeros(n, dtype=np.int64)
    bad_labels = bad_preds = 0
    ignore = 0 if config.ignore_index is None else config.ignore_index
    has_ignore = config.ignore_index is not None
    rewrite = bool(config.label_map) or config.reduce_labels
    for pair in pairs:
        ref, pred = pair.reference, pair.prediction
        if rewrite:
            ref = transform_labels(ref, config.label_map, config.reduce_labels)
        bl, first_l, bp, first_p = class_areas(
            ref, pred, ignore, has_ignore, n, inter, pred_area, label_area
        )
        if config.out_of_range == "raise" and (bl or bp):
            if bl:
                index = pair.map_index(first_l)
                raise _out_of_range_error("references", index, bl, int(ref[first_l]), config)
            index = pair.map_index(first_p)
            raise _out_of_range_error("predictions", index, bp, int(pred[first_p]), config)
        bad_labels += bl
        bad_preds += bp
    return {
        "intersection": inter,
        "predicted": pred_area,
        "reference": label_area,
        "bad_references": bad_labels,
        "bad_predictions": bad_preds,
    }


def _window(values: np.ndarray) -> tuple[int, int]:
    """(lowest, highest) value a map can hold: its dtype's range for 8-bit maps."""
    if values.dtype == np.uint8:
        return 0, 255
    if values.dtype == np.int8:
        return -128, 127
    if values.size == 0:
        return 0, -1
    return int(values.min()), int(values.max())


def union_window(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    if a[1] < a[0]:
        return b
    if b[1] < b[0]:
        return a
    return min(a[0], b[0]), max(a[1], b[1])


def pair_cells(label_window: tuple[int, int], pred_window: tuple[int, int]) -> int:
    return max(0, label_window[1] - label_window[0] + 1) * max(
        0, pred_window[1] - pred_window[0] + 1
    )


def check_pair_limit(label_window: tuple[int, int], pred_window: tuple[int, int]) -> None:
    cells = pair_cells(label_window, pred_window)
    if cells > PAIR_LIMIT:
        raise ValueError(
            f"references span labels {label_window[0]}..{label_window[1]} and predictions"
            f" {pred_window[0]}..{pred_window[1]}: while num_labels is not known, maps are"
            f" counted per (reference, prediction) value pair, at most {PAIR_LIMIT:,} of them"
            f" ({cells:,} needed); load the module with num_labels= (and ignore_index=, ...),"
            " e.g. evaluate.load('mean_iou', num_labels=150, ignore_index=255), so that maps"
            " are counted per class"
        )


def pair_windows(pairs: list[MapPair]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The (lowest, highest) reference and prediction values of a batch."""
    label_window = (0, -1)
    pred_window = (0, -1)
    for pair in pairs:
        label_window = union_window(label_window, _window(pair.reference))
        pred_window = union_window(pred_window, _window(pair.prediction))
    return label_window, pred_window


def value_pair_batch(
    pairs: list[MapPair], windows: tuple[tuple[int, int], tuple[int, int]] | None = None
) -> dict[str, Any]:
    """Joint counts of raw (reference, prediction) values of a batch, over their value window."""
    from fasteval.kernels.segmentation import value_pair_counts

    label_window, pred_window = windows or pair_windows(pairs)
    check_pair_limit(label_window, pred_window)
    height = max(0, label_window[1] - label_window[0] + 1)
    width = max(0, pred_window[1] - pred_window[0] + 1)
    joint = np.zeros(height * width, dtype=np.int64)
    for pair in pairs:
        if pair.reference.size:
            value_pair_counts(
                pair.reference, pair.prediction, label_window[0], pred_window[0], width, joint
            )
    return {
        "joint": joint.reshape(height, width),
        "label_lo": label_window[0],
        "pred_lo": pred_window[0],
    }


def areas_from_pairs(
    joint: np.ndarray, label_lo: int, pred_lo: int, config: SegmentationConfig
) -> dict[str, Any]:
    """Per-class areas for ``config`` from joint (reference, prediction) value counts.

    The same numbers :func:`class_area_batch` counts pixel by pixel.
    """
    n = config.num_labels
    height, width = joint.shape
    rows = transform_labels(
        np.arange(label_lo, label_lo + height, dtype=np.int64),
        config.label_map,
        config.reduce_labels,
    )
    cols = np.arange(pred_lo, pred_lo + width, dtype=np.int64)
    keep = (
        np.ones(height, dtype=bool) if config.ignore_index is None else rows != config.ignore_index
    )
    kept, rows = joint[keep], rows[keep]
    row_totals = kept.sum(axis=1)
    col_totals = kept.sum(axis=0)
    inter = np.zeros(n, dtype=np.int64)
    pred_area = np.zeros(n, dtype=np.int64)
    label_area = np.zeros(n, dtype=np.int64)
    rows_in = (rows >= 0) & (rows < n)
    np.add.at(label_area, rows[rows_in], row_totals[rows_in])
    cols_in = (cols >= 0) & (cols < n)
    pred_area[cols[cols_in]] += col_totals[cols_in]
    matched = rows_in & (rows >= pred_lo) & (rows < pred_lo + width)
    np.add.at(inter, rows[matched], kept[np.flatnonzero(matched), rows[matched] - pred_lo])
    bad_rows = ~rows_in & (row_totals > 0)
    bad_cols = ~cols_in & (col_totals > 0)
    return {
        "intersection": inter,
        "predicted": pred_area,
        "reference": label_area,
        "bad_references": int(row_totals[~rows_in].sum()),
        "bad_predictions": int(col_totals[~cols_in].sum()),
        "bad_reference_value": int(rows[bad_rows][0]) if bad_rows.any() else None,
        "bad_prediction_value": int(cols[bad_cols][0]) if bad_cols.any() else None,
    }


def check_areas(areas: dict[str, Any], config: SegmentationConfig) -> None:
    """Raise for out-of-range pixels counted without num_labels (out_of_range='raise')."""
    if config.out_of_range != "raise":
        return
    if areas["bad_references"]:
        raise _out_of_range_error(
            "references", None, areas["bad_references"], areas["bad_reference_value"], config
        )
    if areas["bad_predictions"]:
        raise _out_of_range_error(
            "predictions", None, areas["bad_predictions"], areas["bad_prediction_value"], config
        )


# -- the derive: areas -> scores ----------------------------------------------------------


def _nan_to_num(value: Any, nan_to_num: Any) -> Any:
    if nan_to_num is None:
        return value
    out = np.nan_to_num(value, nan=nan_to_num)
    return float(out) if np.ndim(out) == 0 else out


def _check_nan_to_num(nan_to_num: Any) -> None:
    if nan_to_num is not None and (
        not isinstance(nan_to_num, numbers.Real) or isinstance(nan_to_num, bool)
    ):
        raise TypeError(f"nan_to_num must be a number or None; got {nan_to_num!r}")


def _nanmean(values: np.ndarray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all NaN: the mean is NaN
        return float(np.nanmean(values))


def iou_scores(areas: dict[str, Any], nan_to_num: Any = None) -> dict[str, Any]:
    """evaluate's ``mean_iou`` outputs from per-class areas (its float64 arithmetic)."""
    _check_nan_to_num(nan_to_num)
    inter = areas["intersection"].astype(np.float64)
    pred = areas["predicted"].astype(np.float64)
    label = areas["reference"].astype(np.float64)
    union = pred + label - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = inter.sum() / label.sum()
        iou = inter / union
        acc = inter / label
    out = {
        "mean_iou": _nanmean(iou),
        "mean_accuracy": _nanmean(acc),
        "overall_accuracy": float(overall),
        "per_category_iou": iou,
        "per_category_accuracy": acc,
    }
    return {key: _nan_to_num(value, nan_to_num) for key, value in out.items()}


def dice_scores(areas: dict[str, Any], average: str | None = "macro", nan_to_num: Any = None):
    """Dice 2|P ∩ R| / (|P| + |R|) per class, averaged as asked."""
    _check_nan_to_num(nan_to_num)
    if average not in DICE_AVERAGES:
        raise ValueError(f"average must be one of {list(DICE_AVERAGES)}; got {average!r}")
    inter = areas["intersection"].astype(np.float64)
    pred = areas["predicted"].astype(np.float64)
    label = areas["reference"].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = 2 * inter / (pred + label)
        if average == "micro":
            value = float(2 * inter.sum() / (pred.sum() + label.sum()))
        elif average == "macro":
            value = _nanmean(dice)
        elif average == "weighted":
            ok = ~np.isnan(dice)
            total = label[ok].sum()
            value = float(np.sum(dice[ok] * label[ok]) / total) if total > 0 else float("nan")
        else:
            value = dice
    return _nan_to_num(value, nan_to_num)


# -- public functions ---------------------------------------------------------------------


def segmentation_areas(
    predictions: Any,
    references: Any,
    num_labels: int,
    ignore_index: int | None = None,
    *,
    label_map: dict[int, int] | None = None,
    reduce_labels: bool = False,
    out_of_range: str = "raise",
) -> dict[str, np.ndarray]:
    """Per-class intersection, predicted, reference and union areas summed over all maps.

    Examples
    --------
    >>> areas = segmentation_areas([[[0, 1], [1, 1]]], [[[0, 1], [0, 1]]], num_labels=2)
    >>> areas["intersection"], areas["union"]
    (array([1, 2]), array([2, 3]))
    """
    config = segmentation_config(num_labels, ignore_index, label_map, reduce_labels, out_of_range)
    if config.num_labels is None:
        raise ValueError("num_labels is required")
    areas = class_area_batch(map_pairs(predictions, references), config)
    return {
        "intersection": areas["intersection"],
        "predicted": areas["predicted"],
        "reference": areas["reference"],
        "union": areas["predicted"] + areas["reference"] - areas["intersection"],
    }


def mean_iou(
    predictions: Any,
    references: Any,
    num_labels: int,
    ignore_index: int | None = None,
    nan_to_num: float | None = None,
    label_map: dict[int, int] | None = None,
    reduce_labels: bool = False,
    *,
    out_of_range: str = "raise",
) -> dict[str, Any]:
    """Mean intersection-over-union and pixel accuracies, as evaluate's ``mean_iou``.

    Parameters
    ----------
    predictions, references : list of 2-D integer maps (sizes may differ per pair) or an
        (n_maps, height, width) array
    num_labels : int
        Number of classes; labels are 0 .. num_labels - 1.
    ignore_index : int or None
        Reference label whose pixels are left out.
    nan_to_num : float or None
        Replace NaN (classes absent from both sides) in every output.
    label_map : dict or None
        {old: new} rewrite of the reference labels.
    reduce_labels : bool
        Reference 0 becomes 255 and every other label is reduced by 1 (ADE20k style).
    out_of_range : {"raise", "ignore"}
        What to do with a non-ignored value outside ``[0, num_labels)``.

    Examples
    --------
    >>> out = mean_iou([[[0, 1], [1, 1]]], [[[0, 1], [0, 1]]], num_labels=2)
    >>> out["mean_iou"], out["per_category_iou"]
    (0.5833333333333333, array([0.5       , 0.66666667]))
    """
    config = segmentation_config(num_labels, ignore_index, label_map, reduce_labels, out_of_range)
    if config.num_labels is None:
        raise ValueError("num_labels is required")
    return iou_scores(class_area_batch(map_pairs(predictions, references), config), nan_to_num)


def dice_coefficient(
    predictions: Any,
    references: Any,
    num_labels: int,
    ignore_index: int | None = None,
    *,
    average: str | None = "macro",
    nan_to_num: float | None = None,
    label_map: dict[int, int] | None = None,
    reduce_labels: bool = False,
    out_of_range: str = "raise",
) -> Any:
    """Sørensen-Dice coefficient 2|P ∩ R| / (|P| + |R|) per class, from pixel areas over all maps.

    ``average``: "macro" (mean over classes present in either side), "micro"
    (2 sum|P ∩ R| / (sum|P| + sum|R|)), "weighted" (by reference area) or None
    (one value per class; NaN for a class absent from both sides).

    Examples
    --------
    >>> dice_coefficient([[[0, 1], [1, 1]]], [[[0, 1], [0, 1]]], num_labels=2, average=None)
    array([0.66666667, 0.8       ])
    >>> dice_coefficient([[[0, 1], [1, 1]]], [[[0, 1], [0, 1]]], num_labels=2)
    0.7333333333333334
    """
    config = segmentation_config(num_labels, ignore_index, label_map, reduce_labels, out_of_range)
    if config.num_labels is None:
        raise ValueError("num_labels is required")
    areas = class_area_batch(map_pairs(predictions, references), config)
    return dice_scores(areas, average=average, nan_to_num=nan_to_num)
