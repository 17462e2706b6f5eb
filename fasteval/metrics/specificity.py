"""specificity: the share of truly negative examples that the model leaves negative."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._counts import CountsView
from fasteval.functional._derive import derive_specificity
from fasteval.functional.multilabel import derive_multilabel_specificity
from fasteval.metrics._shared import SKLEARN_CITATION, SetwiseScore, multilabel_setwise_args

_DESCRIPTION = """
Specificity (true negative rate, selectivity) is recall of the other side: of the
examples that do not belong to the positive class, how many did the model keep out
of it?

    specificity = TN / (TN + FP)

For more than two classes each label is scored one-vs-rest (TN counts examples that
neither are nor are predicted as that label) and the scores are combined by
`average` exactly as recall's are: 'micro' sums TN and the negatives over the
labels before dividing, 'macro' averages per-label scores, 'weighted' weights them
by the label's support (its number of true examples, as in recall_score) and None
returns them all. It lies in [0, 1]; higher is better. Use it next to recall
(sensitivity) when false alarms matter, e.g. in diagnostic tests. Predicting
"negative" everywhere gives a perfect specificity, so never report it alone; with
many classes the negatives of each label are most of the data, so per-label
specificities tend to be high and a macro average of them says little. A label with
no negative example gives 0/0, resolved by `zero_division`.

fasteval derives it from per-label counts (TN = total - TP - FP - FN per label,
O(labels) memory). scikit-learn has no specificity function; the result matches
TN / (TN + FP) taken from sklearn.metrics.multilabel_confusion_matrix and averaged
like sklearn.metrics.recall_score.

With `config_name="multilabel"` (as in evaluate) the inputs are (n_samples, n_labels)
indicator matrices of 0/1 and, as in scikit-learn, `labels` are column indices and
`average` may also be 'samples' (the score of each example's label set, averaged
over examples). Per-label counts and a histogram of each example's (true positives,
predicted, true) counts are streamed in one pass, so every average, including
'samples', derives from a sufficient statistic. Per label the results equal
TN / (TN + FP) from sklearn.metrics.multilabel_confusion_matrix; 'samples' uses its
sample-wise matrices (up to the last bit of scikit-learn's summation order).
"""

_KWARGS_DESCRIPTION = (
    """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    labels (`list` of `int`): Labels to score when `average` is not 'binary', and
        their order when `average=None`. Defaults to None: every label seen, sorted.
    pos_label (`int` or `str`): The positive class when `average='binary'`; its
        negatives are every other label. Defaults to 1.
    average (`str` or `None`): How to combine the per-label scores. Defaults to
        'binary'.

        - 'binary': only the score of `pos_label`; the data must have at most two labels.
        - 'micro': one score from the total TN and FP over all labels.
        - 'macro': the unweighted mean of the per-label scores.
        - 'weighted': the mean of the per-label scores weighted by support (number
          of true examples of each label).
        - None: the per-label scores, as an array.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.
    zero_division (`"warn"`, `0`, `1` or `np.nan`): Value returned when a label has no
        negative example. "warn" (default) returns 0 and emits an
        UndefinedMetricWarning.

Returns:
    specificity (`float` or `array` of `float`): The true negative rate, in [0, 1];
        an array with one score per label when `average=None`. Higher is better.

Examples:

    Example 1 - Binary labels: one of the two negatives is predicted positive
        >>> import fasteval as evaluate
        >>> specificity_metric = evaluate.load("specificity")
        >>> specificity_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1])
        {'specificity': 0.5}
        >>> results = specificity_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1], pos_label=0)
        >>> print(round(results['specificity'], 4))
        0.6667

    Example 2 - The same data with sample weights
        >>> results = specificity_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1], sample_weight=[0.9, 0.2, 0.9, 0.3, 0.8])
        >>> print(round(results['specificity'], 4))
        0.8182

    Example 3 - Three classes, each `average`
        >>> references = [0, 0, 0, 0, 1, 1, 2, 2]
        >>> predictions = [0, 0, 0, 1, 1, 1, 2, 0]
        >>> for average in ["macro", "micro", "weighted"]:
        ...     results = specificity_metric.compute(references=references, predictions=predictions, average=average)
        ...     print(average, round(results['specificity'], 4))
        macro 0.8611
        micro 0.875
        weighted 0.8333
        >>> results = specificity_metric.compute(references=references, predictions=predictions, average=None)
        >>> print(results['specificity'].round(4))
        [0.75   0.8333 1.    ]

    Example 4 - String labels, naming the positive class
        >>> specificity_metric.compute(references=["spam", "ham", "spam", "ham", "ham"], predictions=["spam", "spam", "spam", "ham", "ham"], pos_label="spam")
        {'specificity': 0.6666666666666666}

"""
    + multilabel_setwise_args("specificity")
    + """    sample_weight, zero_division: As above.

    Example 5 - Multilabel: per label and per example
        >>> specificity_metric = evaluate.load("specificity", config_name="multilabel")
        >>> references = [[0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
        >>> predictions = [[0, 1, 0], [1, 1, 1], [0, 0, 1], [1, 0, 0]]
        >>> print(specificity_metric.compute(references=references, predictions=predictions, average=None)['specificity'])
        [1.  0.5 1. ]
        >>> specificity_metric.compute(references=references, predictions=predictions, average="samples")
        {'specificity': 0.75}
"""
)

_CITATION = (
    SKLEARN_CITATION
    + """@article{yerushalmy1947,
  title={Statistical Problems in Assessing Methods of Medical Diagnosis, with Special
         Reference to {X}-Ray Techniques},
  author={Yerushalmy, Jacob},
  journal={Public Health Reports},
  volume={62},
  number={40},
  pages={1432--1449},
  year={1947}
}
"""
)


class Specificity(SetwiseScore):
    name = "specificity"
    summary = (
        "Of the examples not in a class, the fraction not predicted as it (true negative rate)."
    )
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.multilabel_confusion_matrix.html",
        "https://en.wikipedia.org/wiki/Sensitivity_and_specificity",
    ]

    def score(self, view: CountsView, **options: Any) -> Any:
        return derive_specificity(view, **options)

    def score_multilabel(self, view: Any, **options: Any) -> Any:
        return derive_multilabel_specificity(view, **options)
