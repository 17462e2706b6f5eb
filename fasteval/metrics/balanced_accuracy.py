"""balanced_accuracy: the mean of the per-class recalls."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._state import LabelCounts
from fasteval.functional._derive import derive_balanced_accuracy
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.module import ClassificationModule

_DESCRIPTION = """
Balanced accuracy is accuracy computed as if every class were equally frequent: the
unweighted mean, over the classes that occur in the references, of each class's
recall:

    balanced_accuracy = (1 / C) * sum_c TP_c / (TP_c + FN_c)

For two classes this is (sensitivity + specificity) / 2. It lies in [0, 1]; a
classifier that always predicts the majority class (or guesses at random) scores
1 / C instead of the majority share that plain accuracy would give, which makes it
the accuracy to report on imbalanced data. With `adjusted=True` the chance level is
subtracted and the score rescaled, (score - 1/C) / (1 - 1/C), so that chance
performance scores 0 and perfect performance 1 (it can then be negative). Classes
that only appear in the predictions cannot enter the mean (their recall is 0/0):
they are dropped with a warning, so their false positives only lower the recall of
the classes they were taken from.

fasteval derives it from per-label counts (true positives and true totals per label,
O(labels) memory) and gives the same number as
sklearn.metrics.balanced_accuracy_score.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    adjusted (`bool`): If True, rescale so that chance performance scores 0 and a
        perfect one 1. Defaults to False.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

Returns:
    balanced_accuracy (`float`): The mean per-class recall, in [0, 1] (in
        [-1/(C-1), 1] when `adjusted=True`). Higher is better.

Examples:

    Example 1 - Imbalanced binary data, always predicting the majority class
        >>> import fasteval as evaluate
        >>> balanced_accuracy_metric = evaluate.load("balanced_accuracy")
        >>> references = [0, 0, 0, 0, 0, 0, 1, 1]
        >>> predictions = [0, 0, 0, 0, 0, 0, 0, 0]
        >>> evaluate.load("accuracy").compute(references=references, predictions=predictions)
        {'accuracy': 0.75}
        >>> balanced_accuracy_metric.compute(references=references, predictions=predictions)
        {'balanced_accuracy': 0.5}
        >>> balanced_accuracy_metric.compute(references=references, predictions=predictions, adjusted=True)
        {'balanced_accuracy': 0.0}

    Example 2 - Three classes, with and without the chance adjustment
        >>> balanced_accuracy_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0])
        {'balanced_accuracy': 0.5}
        >>> balanced_accuracy_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0], adjusted=True)
        {'balanced_accuracy': 0.25}

    Example 3 - Binary labels with sample weights
        >>> results = balanced_accuracy_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1], sample_weight=[0.9, 0.2, 0.9, 0.3, 0.8])
        >>> print(round(results['balanced_accuracy'], 4))
        0.6841

    Example 4 - Streaming batches, then computing once
        >>> for refs, preds in [([0, 0, 0, 0], [0, 0, 0, 0]), ([0, 0, 1, 1], [0, 0, 0, 0])]:
        ...     balanced_accuracy_metric.add_batch(references=refs, predictions=preds)
        >>> balanced_accuracy_metric.compute()
        {'balanced_accuracy': 0.5}
"""

_CITATION = (
    SKLEARN_CITATION
    + """@inproceedings{brodersen2010,
  title={The Balanced Accuracy and Its Posterior Distribution},
  author={Brodersen, Kay Henning and Ong, Cheng Soon and Stephan, Klaas Enno
          and Buhmann, Joachim M.},
  booktitle={2010 20th International Conference on Pattern Recognition},
  pages={3121--3124},
  year={2010},
  publisher={IEEE},
  doi={10.1109/ICPR.2010.764}
}
"""
)


class BalancedAccuracy(ClassificationModule):
    name = "balanced_accuracy"
    summary = "Mean per-class recall: accuracy as if every class were equally frequent."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.balanced_accuracy_score.html"
    ]
    options: ClassVar[dict[str, Any]] = {"adjusted": False}

    def _derive_counts(self, state: LabelCounts, adjusted: bool = False) -> dict[str, Any]:
        return {"balanced_accuracy": derive_balanced_accuracy(state.view(), adjusted=adjusted)}
