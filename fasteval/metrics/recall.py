"""recall: the share of truly positive examples that the model finds."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._shared import (
    SKLEARN_CITATION,
    PrecisionRecallFScore,
    multilabel_setwise_args,
)

_DESCRIPTION = """
Recall (also called sensitivity, hit rate or true positive rate) answers "of the
examples that really are positive, how many did the model catch?":

    recall = TP / (TP + FN)

where TP counts positive examples predicted as positive and FN counts positive
examples predicted as something else. It lies in [0, 1]; higher is better. Use it
when a miss is costly (screening, retrieval of every relevant item). Recall alone is
easy to game by predicting the positive class everywhere: report it with precision
(or as f1). A label with no true example gives 0/0; `zero_division` chooses the value
returned then. For more than two classes choose an `average`; note that 'micro'
recall over all labels equals accuracy and, when every predicted label also occurs
in the references, 'macro' recall equals balanced accuracy.

fasteval derives it from per-label counts (true positives and true totals per label,
O(labels) memory) and gives the same number as sklearn.metrics.recall_score.

With `config_name="multilabel"` (as in evaluate) the inputs are (n_samples, n_labels)
indicator matrices of 0/1 and, as in scikit-learn, `labels` are column indices and
`average` may also be 'samples' (the score of each example's label set, averaged
over examples). Per-label counts and a histogram of each example's (true positives,
predicted, true) counts are streamed in one pass, so every average, including
'samples', derives from a sufficient statistic. The results equal
sklearn.metrics.recall_score on indicator matrices ('samples' up
to the last bit of scikit-learn's summation order).
"""

_KWARGS_DESCRIPTION = (
    """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    labels (`list` of `int`): Labels to score when `average` is not 'binary', and
        their order when `average=None`. A label absent from the data scores 0 (and
        counts in a 'macro' average); leaving out a label present in the data drops
        it from the average. Defaults to None: every label seen, sorted.
    pos_label (`int` or `str`): The positive class when `average='binary'`.
        Defaults to 1.
    average (`str` or `None`): How to combine the per-label scores. Defaults to
        'binary'.

        - 'binary': only the score of `pos_label`; the data must have at most two labels.
        - 'micro': one score from the total TP and FN over all labels.
        - 'macro': the unweighted mean of the per-label scores.
        - 'weighted': the mean of the per-label scores weighted by support (number
          of true examples of each label).
        - None: the per-label scores, as an array.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.
    zero_division (`"warn"`, `0`, `1` or `np.nan`): Value returned when a label has no
        true example. "warn" (default) returns 0 and emits an UndefinedMetricWarning.

Returns:
    recall (`float` or `array` of `float`): The recall, in [0, 1]; an array with one
        score per label when `average=None`. Higher is better.

Examples:

    Example 1 - Binary labels with two mistakes
        >>> import fasteval as evaluate
        >>> recall_metric = evaluate.load('recall')
        >>> results = recall_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1])
        >>> print(results)
        {'recall': 0.6666666666666666}

    Example 2 - The same data, with 0 as the positive class
        >>> recall_metric = evaluate.load('recall')
        >>> results = recall_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1], pos_label=0)
        >>> print(results)
        {'recall': 0.5}

    Example 3 - The same data as Example 1, each example weighted
        >>> recall_metric = evaluate.load('recall')
        >>> sample_weight = [0.9, 0.2, 0.9, 0.3, 0.8]
        >>> results = recall_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1], sample_weight=sample_weight)
        >>> print(results)
        {'recall': 0.55}

    Example 4 - Three classes, each `average`
        >>> recall_metric = evaluate.load('recall')
        >>> predictions = [0, 2, 1, 0, 0, 1]
        >>> references = [0, 1, 2, 0, 1, 2]
        >>> results = recall_metric.compute(predictions=predictions, references=references, average='macro')
        >>> print(results)
        {'recall': 0.3333333333333333}
        >>> results = recall_metric.compute(predictions=predictions, references=references, average='micro')
        >>> print(results)
        {'recall': 0.3333333333333333}
        >>> results = recall_metric.compute(predictions=predictions, references=references, average='weighted')
        >>> print(results)
        {'recall': 0.3333333333333333}
        >>> results = recall_metric.compute(predictions=predictions, references=references, average=None)
        >>> print(results)
        {'recall': array([1., 0., 0.])}

    Example 5 - Streaming batches, then computing once
        >>> recall_metric = evaluate.load('recall')
        >>> recall_metric.add_batch(references=[0, 0, 1], predictions=[0, 1, 0])
        >>> recall_metric.add_batch(references=[1, 1], predictions=[1, 1])
        >>> recall_metric.compute()
        {'recall': 0.6666666666666666}

"""
    + multilabel_setwise_args("recall")
    + """    sample_weight, zero_division: As above.

    Example 6 - Multilabel, streamed in two batches
        >>> recall_metric = evaluate.load("recall", config_name="multilabel", average="samples")
        >>> recall_metric.add_batch(references=[[0, 1, 1], [1, 0, 1]], predictions=[[0, 1, 0], [1, 1, 1]])
        >>> recall_metric.add_batch(references=[[0, 0, 1], [1, 1, 0]], predictions=[[0, 0, 1], [1, 0, 0]])
        >>> recall_metric.compute()
        {'recall': 0.75}
"""
)

_CITATION = SKLEARN_CITATION


class Recall(PrecisionRecallFScore):
    name = "recall"
    summary = "Of the examples of a class, the fraction predicted as that class (sensitivity)."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.recall_score.html"
    ]
    output = 1
    warn_for = ("recall",)
