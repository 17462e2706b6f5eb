"""geometric_mean: the geometric mean of per-class recalls (imbalanced-learn's G-mean)."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._state import LabelCounts
from fasteval.functional.imbalanced import derive_geometric_mean
from fasteval.module import ClassificationModule

_DESCRIPTION = """
The geometric mean (G-mean) asks a classifier to do well on every class at once:
it is the geometric mean of the per-class recalls (sensitivities),

    G-mean = (prod_{c=1..C} recall_c) ** (1 / C)

which for two classes is sqrt(sensitivity * specificity). A single class that is
never recognized drives it to 0, however good the others are, which makes it a
standard score for imbalanced data; `correction` replaces such zero recalls by a
small value so that many-class problems stay informative. With any other `average`
than the default 'multiclass', the score is sqrt(sensitivity * specificity) of each
class one-vs-rest, averaged as scikit-learn averages recall. It lies in [0, 1];
higher is better.

fasteval derives it from the per-label counts every classification module shares
(O(labels) memory, one counting pass for a whole combine()), with the arithmetic of
imblearn.metrics.geometric_mean_score, so the numbers are identical (including its
true-negative count n - (predicted + true - tp) with sample weights).
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    average (`str` or None): 'multiclass' (default: the geometric mean of the
        per-class recalls), or 'binary', 'micro', 'macro', 'weighted', None for
        sqrt(sensitivity * specificity) per class, averaged as recall_score does.
    labels (`list`): Labels to include (and their order when `average=None`).
        Defaults to None: every label seen, sorted.
    pos_label (`int` or `str`): The positive class when `average='binary'`.
        Defaults to 1.
    correction (`float`): Value that replaces the recall of a class never
        recognized (only with `average='multiclass'`). Defaults to 0.0.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

Returns:
    geometric_mean (`float` or `array` of `float`): The G-mean, in [0, 1]; one value
        per label when `average=None`.

Examples:

    Example 1 - imbalanced-learn's example: class 1 and 2 are never recognized
        >>> import fasteval as evaluate
        >>> gmean = evaluate.load("geometric_mean")
        >>> references = [0, 1, 2, 0, 1, 2]
        >>> predictions = [0, 2, 1, 0, 0, 1]
        >>> gmean.compute(predictions=predictions, references=references)
        {'geometric_mean': 0.0}
        >>> result = gmean.compute(predictions=predictions, references=references, correction=0.001)
        >>> print(round(result["geometric_mean"], 6))
        0.01
        >>> result = gmean.compute(predictions=predictions, references=references, average="macro")
        >>> print(round(result["geometric_mean"], 6))
        0.471405

    Example 2 - binary: sqrt(sensitivity * specificity), here sqrt(2/3 * 1/2)
        >>> gmean.compute(predictions=[0, 1, 0, 1, 1], references=[0, 0, 1, 1, 1], average="binary")
        {'geometric_mean': 0.5773502691896257}

    Example 3 - in a combine(), sharing one counting pass with other metrics
        >>> clf = evaluate.combine(["balanced_accuracy", "geometric_mean"])
        >>> clf.compute(predictions=[0, 0, 1, 1], references=[0, 1, 1, 1])
        {'balanced_accuracy': 0.8333333333333333, 'geometric_mean': 0.816496580927726}
"""

_CITATION = """\
@article{JMLR:v18:16-365,
  author  = {Guillaume  Lema{{\\^i}}tre and Fernando Nogueira and Christos K. Aridas},
  title   = {Imbalanced-learn: A Python Toolbox to Tackle the Curse of Imbalanced
             Datasets in Machine Learning},
  journal = {Journal of Machine Learning Research},
  year    = {2017},
  volume  = {18},
  number  = {17},
  pages   = {1-5}
}
@inproceedings{kubat1997,
  title={Addressing the Curse of Imbalanced Training Sets: One-Sided Selection},
  author={Kubat, Miroslav and Matwin, Stan},
  booktitle={Proceedings of the 14th International Conference on Machine Learning},
  pages={179--186},
  year={1997}
}
"""


class GeometricMean(ClassificationModule):
    name = "geometric_mean"
    summary = "Geometric mean of per-class recalls (G-mean), as imbalanced-learn."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://imbalanced-learn.org/stable/references/generated/imblearn.metrics.geometric_mean_score.html"
    ]
    options: ClassVar[dict[str, Any]] = {
        "labels": None,
        "pos_label": 1,
        "average": "multiclass",
        "correction": 0.0,
    }

    def _derive_counts(self, state: LabelCounts, **options: Any) -> dict[str, Any]:
        return {"geometric_mean": derive_geometric_mean(state.view(), state.rows, **options)}
