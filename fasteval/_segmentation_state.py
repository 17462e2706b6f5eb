"""Mergeable state of the segmentation metrics (mean_iou, dice_coefficient).

Two forms, chosen by whether ``num_labels`` is known when maps are added:

* **per class** (``num_labels`` given at load time, or a one-shot compute):
  the intersection, predicted and reference areas of every class, O(num_labels)
  integers, counted in one Numba pass per map; out-of-range labels are caught
  as each batch is added.
* **per value pair** (evaluate's ``add_batch(...)`` then ``compute(num_labels=...)``):
  joint counts of raw (reference, prediction) values over the window of values
  seen (at most :data:`~fasteval.functional.segmentation.PAIR_LIMIT` cells, e.g.
  256 x 256 for 8-bit maps), from which the per-class areas for any
  ``num_labels``, ``ignore_index``, ``label_map`` and ``reduce_labels`` follow
  exactly when ``compute`` names them.

Both merge by addition; counts are exact integers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fasteval.functional.segmentation import (
    SegmentationConfig,
    areas_from_pairs,
    union_window,
)

__all__ = ["SegmentationCounts"]

_AREAS = ("intersection", "predicted", "reference")


def _add_window(
    joint: np.ndarray, lo: tuple[int, int], other: np.ndarray, other_lo: tuple[int, int]
) -> tuple[np.ndarray, tuple[int, int]]:
    """``joint + other``, each placed at its own (label, prediction) value offsets."""
    if other.size == 0:
        return joint, lo
    if joint.size == 0:
        return other.copy(), other_lo
    rows = union_window(
        (lo[0], lo[0] + joint.shape[0] - 1), (other_lo[0], other_lo[0] + other.shape[0] - 1)
    )
    cols = union_window(
        (lo[1], lo[1] + joint.shape[1] - 1), (other_lo[1], other_lo[1] + other.shape[1] - 1)
    )
    shape = (rows[1] - rows[0] + 1, cols[1] - cols[0] + 1)
    if shape == joint.shape:
        out = joint
    else:
        out = np.zeros(shape, dtype=np.int64)
        r, c = lo[0] - rows[0], lo[1] - cols[0]
        out[r : r + joint.shape[0], c : c + joint.shape[1]] = joint
    r, c = other_lo[0] - rows[0], other_lo[1] - cols[0]
    out[r : r + other.shape[0], c : c + other.shape[1]] += other
    return out, (rows[0], cols[0])


class SegmentationCounts:
    """Per-class areas (``config.num_labels`` set) or raw value-pair counts (None).

    >>> from fasteval.functional.segmentation import SegmentationConfig, map_pairs, class_area_batch
    >>> config = SegmentationConfig(num_labels=3)
    >>> state = SegmentationCounts(config)
    >>> state.update(**class_area_batch(map_pairs([[0, 1, 2]], [[0, 1, 1]]), config))
    >>> state.areas(config)["intersection"]
    array([1, 1, 0])
    """

    def __init__(self, config: SegmentationConfig) -> None:
        self.base_config = config
        self.config = config
        self.reset()

    def reset(self) -> None:
        """Drop everything; go back to the config the state was built with."""
        self.config = self.base_config
        self._empty()

    def _empty(self) -> None:
        self.batches = 0
        if self.config.per_class:
            n = self.config.num_labels
            self.counts = {key: np.zeros(n, dtype=np.int64) for key in _AREAS}
            self.bad_references = 0
            self.bad_predictions = 0
        else:
            self.joint = np.zeros((0, 0), dtype=np.int64)
            self.lo = (0, 0)

    def reconfigure(self, config: SegmentationConfig) -> None:
        """Use ``config`` until the next reset (the state must be empty)."""
        if self.batches:
            raise RuntimeError("cannot reconfigure a state that holds maps")
        self.config = config
        self._empty()

    # -- folding ------------------------------------------------------------------
    def update(self, **batch: Any) -> None:
        """Fold one batch statistic (from ``class_area_batch`` or ``value_pair_batch``)."""
        if self.config.per_class:
            for key in _AREAS:
                self.counts[key] += batch[key]
            self.bad_references += batch["bad_references"]
            self.bad_predictions += batch["bad_predictions"]
        else:
            self.joint, self.lo = _add_window(
                self.joint, self.lo, batch["joint"], (batch["label_lo"], batch["pred_lo"])
            )
        self.batches += 1

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        if "joint" in batches[0]:
            joint, lo = np.zeros((0, 0), dtype=np.int64), (0, 0)
            for b in batches:
                joint, lo = _add_window(joint, lo, b["joint"], (b["label_lo"], b["pred_lo"]))
            return {"joint": joint, "label_lo": lo[0], "pred_lo": lo[1]}
        out: dict[str, Any] = {key: sum(b[key] for b in batches) for key in _AREAS}
        out["bad_references"] = sum(b["bad_references"] for b in batches)
        out["bad_predictions"] = sum(b["bad_predictions"] for b in batches)
        return out

    def merge(self, other: SegmentationCounts) -> None:
        """Add ``other``'s counts into this state (both folded with the same classes)."""
        if not isinstance(other, SegmentationCounts) or not (
            self.config.per_class == other.config.per_class
            and (not self.config.per_class or self.config.same_classes(other.config))
        ):
            raise ValueError(
                "cannot merge segmentation states counted with different options"
                f" ({other.config!r} into {self.config!r})"
            )
        if self.config.per_class:
            self.update(
                **{key: other.counts[key] for key in _AREAS},
                bad_references=other.bad_references,
                bad_predictions=other.bad_predictions,
            )
        else:
            self.update(joint=other.joint, label_lo=other.lo[0], pred_lo=other.lo[1])
        self.batches += other.batches - 1

    # -- reading ------------------------------------------------------------------
    def windows(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """The value windows of the per-pair counts (empty windows are (0, -1))."""
        h, w = self.joint.shape
        return (self.lo[0], self.lo[0] + h - 1), (self.lo[1], self.lo[1] + w - 1)

    def serves(self, config: SegmentationConfig) -> bool:
        """Whether per-class areas for ``config`` can be read from this state."""
        return not self.config.per_class or self.config.same_classes(config)

    def areas(self, config: SegmentationConfig) -> dict[str, Any]:
        """Per-class areas for ``config`` (which this state must serve)."""
        if not self.config.per_class:
            return areas_from_pairs(self.joint, self.lo[0], self.lo[1], config)
        return {
            **self.counts,
            "bad_references": self.bad_references,
            "bad_predictions": self.bad_predictions,
            "bad_reference_value": None,
            "bad_prediction_value": None,
        }
