"""Shared base of the segmentation modules (mean_iou, dice_coefficient).

Each batch of (reference, prediction) maps is validated and counted in
``_validate`` (one Numba pass per map pair), so a rejected batch changes
nothing. With ``num_labels`` known at load time the state is O(num_labels)
per-class areas; without it (evaluate's ``add_batch`` then
``compute(num_labels=...)``) the state counts raw (reference, prediction)
value pairs and the areas for the options given to ``compute`` follow
exactly (see :mod:`fasteval._segmentation_state`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._segmentation_state import SegmentationCounts
from fasteval.functional.segmentation import (
    SegmentationConfig,
    check_areas,
    check_pair_limit,
    class_area_batch,
    map_pairs,
    pair_windows,
    segmentation_config,
    union_window,
    value_pair_batch,
)
from fasteval.metrics._configured import ConfiguredModule
from fasteval.module import Value

__all__ = ["SEGMENTATION_ARGS", "SegmentationModule"]

#: the Args entries the segmentation modules share
SEGMENTATION_ARGS = """\
    predictions (`list` of `ndarray`): Predicted segmentation maps, each of shape
        (height, width); each map can have its own size. Also an (n_maps, height,
        width) array or tensor, or PIL images. Integer class labels.
    references (`list` of `ndarray`): Ground-truth maps, each of the shape of its
        prediction.
    num_labels (`int`): Number of classes (labels 0 .. num_labels - 1). Required
        by compute(); give it at load time to count per class while streaming.
    ignore_index (`int`): Reference label whose pixels are left out (e.g. 255).
        Defaults to None (every pixel counts).
    nan_to_num (`float`, *optional*): Replace NaN (classes absent from both sides)
        in every output by this number.
    label_map (`dict`, *optional*): {old label: new label} rewrite of the reference
        labels; all lookups use the original labels.
    reduce_labels (`bool`): Reference 0 (background) becomes 255 and every other
        label is reduced by 1 (ADE20k style). Defaults to False.
    out_of_range (`str`): A non-ignored value outside [0, num_labels): "raise"
        (default) or "ignore" (left out of the areas it falls in, as evaluate does)."""


class SegmentationModule(ConfiguredModule):
    """Scores from per-class pixel areas summed over all maps."""

    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("int64", id="segmentation_map"),
        "references": Value("int64", id="segmentation_map"),
    }
    options: ClassVar[dict[str, Any]] = {
        "num_labels": None,
        "ignore_index": None,
        "nan_to_num": None,
        "label_map": None,
        "reduce_labels": False,
        "out_of_range": "raise",
    }
    fold_options: ClassVar[tuple[str, ...]] = (
        "num_labels",
        "ignore_index",
        "label_map",
        "reduce_labels",
    )

    def _config(self, options: dict[str, Any]) -> SegmentationConfig:
        return segmentation_config(
            options["num_labels"],
            options["ignore_index"],
            options["label_map"],
            options["reduce_labels"],
            options["out_of_range"],
        )

    def _state_for(self, config: SegmentationConfig) -> SegmentationCounts:
        return SegmentationCounts(config)

    def _serves(self, state: SegmentationCounts, config: SegmentationConfig) -> bool:
        return state.serves(config)

    def _batch(
        self, batch: dict[str, Any], state: SegmentationCounts
    ) -> tuple[dict[str, Any], int]:
        pairs = map_pairs(batch["predictions"], batch["references"])
        n = sum(pair.count for pair in pairs)
        if state.config.per_class:
            return class_area_batch(pairs, state.config), n
        windows = pair_windows(pairs)
        label_window, pred_window = state.windows()
        for pending in self._acc.pending:  # batches validated, not folded yet
            h, w = pending["joint"].shape
            label_window = union_window(
                label_window, (pending["label_lo"], pending["label_lo"] + h - 1)
            )
            pred_window = union_window(
                pred_window, (pending["pred_lo"], pending["pred_lo"] + w - 1)
            )
        check_pair_limit(
            union_window(label_window, windows[0]), union_window(pred_window, windows[1])
        )
        return value_pair_batch(pairs, windows), n

    def _areas(self, state: SegmentationCounts, options: dict[str, Any]) -> dict[str, Any]:
        config = self._config(options)
        if config.num_labels is None:
            raise ValueError(
                f"{self.name}.compute(): num_labels is required, e.g."
                f" compute(num_labels=150, ignore_index=255), or"
                f" evaluate.load({self.name!r}, num_labels=150, ignore_index=255)"
            )
        areas = state.areas(config)
        check_areas(areas, config)
        return areas
