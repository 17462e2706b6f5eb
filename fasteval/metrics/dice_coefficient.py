"""dice_coefficient: Sørensen-Dice overlap of segmentation maps (or label arrays), per class."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._segmentation_state import SegmentationCounts
from fasteval.functional.segmentation import dice_scores
from fasteval.metrics._segmentation import SEGMENTATION_ARGS, SegmentationModule

_DESCRIPTION = """
The Dice coefficient (Sørensen-Dice, the F1 score of pixels) measures how well a
predicted segmentation overlaps the ground truth. Per class c, over all pixels of
all maps:

    Dice_c = 2 |P_c ∩ R_c| / (|P_c| + |R_c|)  =  2 IoU_c / (1 + IoU_c)

average="macro" (default) takes the mean over the classes present in either the
predictions or the references (a class absent from both has no Dice: NaN, left
out, as mean_iou leaves it out); "micro" pools the areas of all classes,
2 sum|P ∩ R| / (sum|P| + sum|R|); "weighted" weights each class by its reference
area; None returns one value per class. It lies in [0, 1]; higher is better.

The community modules of this name differ; fasteval's follows this per-class
definition on the same inputs and options as mean_iou (num_labels, ignore_index,
label_map, reduce_labels), counted in one Numba pass per map with O(num_labels)
state, so add_batch streams any number of maps. Plain 1-D label arrays work too.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{SEGMENTATION_ARGS}
    average (`str` or None): "macro" (default), "micro", "weighted" or None (one
        value per class).

Returns:
    dice_coefficient (`float` or `ndarray`): The Dice coefficient; one value per
        class when `average=None`.

Examples:

    Example 1 - two 2 x 3 maps, three classes
        >>> import fasteval as evaluate
        >>> dice = evaluate.load("dice_coefficient")
        >>> predictions = [[[0, 0, 1], [1, 2, 2]], [[2, 2, 2], [0, 1, 1]]]
        >>> references = [[[0, 1, 1], [1, 2, 2]], [[2, 2, 1], [0, 0, 1]]]
        >>> dice.compute(predictions=predictions, references=references, num_labels=3)
        {{'dice_coefficient': 0.7407407407407408}}
        >>> dice.compute(predictions=predictions, references=references, num_labels=3, average=None)
        {{'dice_coefficient': array([0.66666667, 0.66666667, 0.88888889])}}

    Example 2 - streaming, with the classes given at load time
        >>> dice = evaluate.load("dice_coefficient", num_labels=3, average="micro")
        >>> dice.add_batch(predictions=predictions[:1], references=references[:1])
        >>> dice.add_batch(predictions=predictions[1:], references=references[1:])
        >>> dice.compute()
        {{'dice_coefficient': 0.75}}
"""

_CITATION = """\
@article{dice1945,
  title={Measures of the Amount of Ecologic Association Between Species},
  author={Dice, Lee R.},
  journal={Ecology},
  volume={26},
  number={3},
  pages={297--302},
  year={1945}
}
"""


class DiceCoefficient(SegmentationModule):
    name = "dice_coefficient"
    summary = "Per-class Dice overlap 2|P ∩ R| / (|P| + |R|) of segmentation maps, averaged."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    options: ClassVar[dict[str, Any]] = {**SegmentationModule.options, "average": "macro"}
    reference_urls: ClassVar[list[str]] = [
        "https://en.wikipedia.org/wiki/Dice-S%C3%B8rensen_coefficient"
    ]

    def _derive_state(self, state: SegmentationCounts, **options: Any) -> dict[str, Any]:
        areas = self._areas(state, options)
        value = dice_scores(areas, average=options["average"], nan_to_num=options["nan_to_num"])
        return {"dice_coefficient": value}
