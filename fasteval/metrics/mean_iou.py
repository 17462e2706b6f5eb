"""mean_iou: mean intersection-over-union of segmentation maps, as evaluate's mean_iou."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._segmentation_state import SegmentationCounts
from fasteval.functional.segmentation import iou_scores
from fasteval.metrics._segmentation import SEGMENTATION_ARGS, SegmentationModule

_DESCRIPTION = """
IoU (intersection over union, the Jaccard index) is the area where the predicted
segmentation and the ground truth agree on a class, divided by the area where either
of them has it. Per class c, over all pixels of all maps:

    IoU_c = |P_c ∩ R_c| / |P_c ∪ R_c|        accuracy_c = |P_c ∩ R_c| / |R_c|

mean_iou is the mean of IoU_c over the classes with a non-empty union (np.nanmean),
mean_accuracy the mean of accuracy_c, overall_accuracy the share of (non-ignored)
pixels predicted correctly. The numbers equal evaluate's mean_iou (from
MMSegmentation), including ignore_index, label_map, reduce_labels and nan_to_num;
unlike evaluate, a label outside [0, num_labels) that is not ignore_index raises
unless out_of_range="ignore".

fasteval counts the per-class intersection, prediction and reference areas in one
Numba pass per map, so the state is O(num_labels) integers (when num_labels is given
at load time) and add_batch streams any number of maps; evaluate keeps every map
until compute.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{SEGMENTATION_ARGS}

Returns:
    `Dict[str, float | ndarray]` comprising various elements:
    - *mean_iou* (`float`): Mean Intersection-over-Union (IoU averaged over all
      categories).
    - *mean_accuracy* (`float`): Mean accuracy (averaged over all categories).
    - *overall_accuracy* (`float`): Overall accuracy on all images.
    - *per_category_iou* (`ndarray` of shape `(num_labels,)`): Per category IoU.
    - *per_category_accuracy* (`ndarray` of shape `(num_labels,)`): Per category
      accuracy.

Examples:

    Example 1 - evaluate's documented example
        >>> import numpy as np
        >>> import fasteval as evaluate
        >>> mean_iou = evaluate.load("mean_iou")
        >>> # suppose one has 3 different segmentation maps predicted
        >>> predicted_1 = np.array([[1, 2], [3, 4], [5, 255]])
        >>> actual_1 = np.array([[0, 3], [5, 4], [6, 255]])
        >>> predicted_2 = np.array([[2, 7], [9, 2], [3, 6]])
        >>> actual_2 = np.array([[1, 7], [9, 2], [3, 6]])
        >>> predicted_3 = np.array([[2, 2, 3], [8, 2, 4], [3, 255, 2]])
        >>> actual_3 = np.array([[1, 2, 2], [8, 2, 1], [3, 255, 1]])
        >>> predicted = [predicted_1, predicted_2, predicted_3]
        >>> ground_truth = [actual_1, actual_2, actual_3]
        >>> results = mean_iou.compute(predictions=predicted, references=ground_truth, num_labels=10, ignore_index=255, reduce_labels=False)
        >>> print(results) # doctest: +NORMALIZE_WHITESPACE
        {{'mean_iou': 0.47750000000000004, 'mean_accuracy': 0.5916666666666666, 'overall_accuracy': 0.5263157894736842, 'per_category_iou': array([0.   , 0.   , 0.375, 0.4  , 0.5  , 0.   , 0.5  , 1.   , 1.   , 1.   ]), 'per_category_accuracy': array([0.        , 0.        , 0.75      , 0.66666667, 1.        , 0.        , 0.5       , 1.        , 1.        , 1.        ])}}

    Example 2 - streaming batches (evaluate's add_batch, then compute with the options)
        >>> mean_iou = evaluate.load("mean_iou")
        >>> mean_iou.add_batch(predictions=[predicted_1, predicted_2], references=[actual_1, actual_2])
        >>> mean_iou.add_batch(predictions=[predicted_3], references=[actual_3])
        >>> print(mean_iou.compute(num_labels=10, ignore_index=255)["mean_iou"])
        0.47750000000000004

    Example 3 - num_labels at load time: maps are counted per class as they stream
        >>> mean_iou = evaluate.load("mean_iou", num_labels=10, ignore_index=255)
        >>> for pred, ref in zip(predicted, ground_truth):
        ...     mean_iou.add(prediction=pred, reference=ref)
        >>> print(mean_iou.compute()["overall_accuracy"])
        0.5263157894736842
"""

_CITATION = """\
@software{MMSegmentation_Contributors_OpenMMLab_Semantic_Segmentation_2020,
author = {{MMSegmentation Contributors}},
license = {Apache-2.0},
month = {7},
title = {{OpenMMLab Semantic Segmentation Toolbox and Benchmark}},
url = {https://github.com/open-mmlab/mmsegmentation},
year = {2020}
}"""


class MeanIoU(SegmentationModule):
    name = "mean_iou"
    summary = "Mean intersection-over-union of segmentation maps, as evaluate's mean_iou."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://huggingface.co/spaces/evaluate-metric/mean_iou",
        "https://github.com/open-mmlab/mmsegmentation",
    ]

    def _derive_state(self, state: SegmentationCounts, **options: Any) -> dict[str, Any]:
        return iou_scores(self._areas(state, options), options["nan_to_num"])
