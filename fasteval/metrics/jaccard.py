"""jaccard: intersection over union of the predicted and true sets of each label."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._counts import CountsView
from fasteval.functional._derive import derive_jaccard
from fasteval.functional.multilabel import derive_multilabel_jaccard
from fasteval.metrics._shared import SKLEARN_CITATION, SetwiseScore, multilabel_setwise_args

_DESCRIPTION = """
The Jaccard index (Jaccard similarity coefficient, intersection over union) of a label
compares the set of examples predicted as that label with the set of examples that
truly have it:

    jaccard = |predicted AND true| / |predicted OR true| = TP / (TP + FP + FN)

It lies in [0, 1]; higher is better. It is a monotone function of F1 for each label
(J = F1 / (2 - F1)) but punishes errors more strongly, and like F1 it ignores true
negatives. The usual `average` choices apply: 'micro' divides the summed TP by the
summed TP + FP + FN, 'macro' averages per-label indices, 'weighted' weights them by
support and None returns them all. A label that is neither predicted nor present in
the references gives 0/0, resolved by `zero_division` (0 or 1 here, no NaN).

fasteval derives it from per-label counts (true positives, predicted and true totals
per label, O(labels) memory) and gives the same number as
sklearn.metrics.jaccard_score.

With `config_name="multilabel"` (as in evaluate) the inputs are (n_samples, n_labels)
indicator matrices of 0/1 and, as in scikit-learn, `labels` are column indices and
`average` may also be 'samples' (the score of each example's label set, averaged
over examples). Per-label counts and a histogram of each example's (true positives,
predicted, true) counts are streamed in one pass, so every average, including
'samples', derives from a sufficient statistic. The results equal
sklearn.metrics.jaccard_score on indicator matrices ('samples' up
to the last bit of scikit-learn's summation order).
"""

_KWARGS_DESCRIPTION = (
    """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    labels (`list` of `int`): Labels to score when `average` is not 'binary', and
        their order when `average=None`. Defaults to None: every label seen, sorted.
    pos_label (`int` or `str`): The positive class when `average='binary'`.
        Defaults to 1.
    average (`str` or `None`): How to combine the per-label scores. Defaults to
        'binary'.

        - 'binary': only the score of `pos_label`; the data must have at most two labels.
        - 'micro': one index from the total TP, FP and FN over all labels.
        - 'macro': the unweighted mean of the per-label indices.
        - 'weighted': the mean of the per-label indices weighted by support (number
          of true examples of each label).
        - None: the per-label indices, as an array.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.
    zero_division (`"warn"`, `0` or `1`): Value returned when a label has neither a
        true nor a predicted example. "warn" (default) returns 0 and emits an
        UndefinedMetricWarning.

Returns:
    jaccard (`float` or `array` of `float`): The Jaccard index, in [0, 1]; an array
        with one value per label when `average=None`. Higher is better.

Examples:

    Example 1 - Binary labels: 2 true positives, 1 false positive, 1 false negative
        >>> import fasteval as evaluate
        >>> jaccard_metric = evaluate.load("jaccard")
        >>> jaccard_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1])
        {'jaccard': 0.5}
        >>> results = jaccard_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1], pos_label=0)
        >>> print(round(results['jaccard'], 4))
        0.3333

    Example 2 - The same data with sample weights (the false positive counts three times)
        >>> results = jaccard_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1], sample_weight=[1, 3, 1, 1, 1])
        >>> print(round(results['jaccard'], 4))
        0.3333

    Example 3 - Three classes, each `average`
        >>> references = [0, 0, 0, 0, 1, 1, 2, 2]
        >>> predictions = [0, 0, 0, 1, 1, 1, 2, 0]
        >>> for average in ["macro", "micro", "weighted"]:
        ...     results = jaccard_metric.compute(references=references, predictions=predictions, average=average)
        ...     print(average, round(results['jaccard'], 4))
        macro 0.5889
        micro 0.6
        weighted 0.5917
        >>> results = jaccard_metric.compute(references=references, predictions=predictions, average=None)
        >>> print(results['jaccard'].round(4))
        [0.6    0.6667 0.5   ]

    Example 4 - Averaging over a subset of the labels
        >>> results = jaccard_metric.compute(references=references, predictions=predictions, average="macro", labels=[1, 2])
        >>> print(round(results['jaccard'], 4))
        0.5833

"""
    + multilabel_setwise_args("jaccard")
    + """    sample_weight, zero_division: As above.

    Example 5 - Multilabel: per label and per example
        >>> jaccard_metric = evaluate.load("jaccard", config_name="multilabel")
        >>> references = [[0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
        >>> predictions = [[0, 1, 0], [1, 1, 1], [0, 0, 1], [1, 0, 0]]
        >>> print(jaccard_metric.compute(references=references, predictions=predictions, average=None)['jaccard'].round(4))
        [1.     0.3333 0.6667]
        >>> results = jaccard_metric.compute(references=references, predictions=predictions, average="samples")
        >>> print(round(results['jaccard'], 4))
        0.6667
        >>> jaccard_metric.compute(references=references, predictions=predictions, average="micro")
        {'jaccard': 0.625}
"""
)

_CITATION = (
    SKLEARN_CITATION
    + """@article{jaccard1912,
  title={The Distribution of the Flora in the Alpine Zone},
  author={Jaccard, Paul},
  journal={New Phytologist},
  volume={11},
  number={2},
  pages={37--50},
  year={1912},
  doi={10.1111/j.1469-8137.1912.tb05611.x}
}
"""
)


class Jaccard(SetwiseScore):
    name = "jaccard"
    summary = (
        "Intersection over union of predicted and true examples per label (TP / (TP + FP + FN))."
    )
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.jaccard_score.html",
        "https://en.wikipedia.org/wiki/Jaccard_index",
    ]

    def score(self, view: CountsView, **options: Any) -> Any:
        return derive_jaccard(view, **options)

    def score_multilabel(self, view: Any, **options: Any) -> Any:
        return derive_multilabel_jaccard(view, **options)
