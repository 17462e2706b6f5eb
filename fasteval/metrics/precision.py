"""precision: the share of positive predictions that are correct."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._shared import (
    SKLEARN_CITATION,
    PrecisionRecallFScore,
    multilabel_setwise_args,
)

_DESCRIPTION = """
Precision answers "when the model says positive, how often is it right?":

    precision = TP / (TP + FP)

where TP counts examples predicted as the positive class that really belong to it and
FP counts examples predicted as the positive class that do not. It lies in [0, 1];
higher is better. Use it when false alarms are costly (spam filtering, alerting).
Precision alone is easy to game by predicting the positive class rarely: report it
together with recall (or as f1). When nothing is predicted positive the ratio is 0/0;
`zero_division` chooses the value returned then. For more than two classes choose an
`average`: 'micro' pools the counts of all labels, 'macro' averages the per-label
scores, 'weighted' weights them by support, None returns one score per label.

fasteval derives it from per-label counts (true positives, predicted and true totals
per label, O(labels) memory) and gives the same number as
sklearn.metrics.precision_score.

With `config_name="multilabel"` (as in evaluate) the inputs are (n_samples, n_labels)
indicator matrices of 0/1 and, as in scikit-learn, `labels` are column indices and
`average` may also be 'samples' (the score of each example's label set, averaged
over examples). Per-label counts and a histogram of each example's (true positives,
predicted, true) counts are streamed in one pass, so every average, including
'samples', derives from a sufficient statistic. The results equal
sklearn.metrics.precision_score on indicator matrices ('samples' up
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
        - 'micro': one score from the total TP and FP over all labels.
        - 'macro': the unweighted mean of the per-label scores.
        - 'weighted': the mean of the per-label scores weighted by support (number
          of true examples of each label).
        - None: the per-label scores, as an array.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.
    zero_division (`"warn"`, `0`, `1` or `np.nan`): Value returned when a label has no
        positive prediction. "warn" (default) returns 0 and emits an
        UndefinedMetricWarning.

Returns:
    precision (`float` or `array` of `float`): The precision, in [0, 1]; an array
        with one score per label when `average=None`. Higher is better.

Examples:

    Example 1 - Binary labels, the positive class being 1
        >>> import fasteval as evaluate
        >>> precision_metric = evaluate.load("precision")
        >>> results = precision_metric.compute(references=[0, 1, 0, 1, 0], predictions=[0, 0, 1, 1, 0])
        >>> print(results)
        {'precision': 0.5}

    Example 2 - The same data, with 0 as the positive class
        >>> precision_metric = evaluate.load("precision")
        >>> results = precision_metric.compute(references=[0, 1, 0, 1, 0], predictions=[0, 0, 1, 1, 0], pos_label=0)
        >>> print(round(results['precision'], 2))
        0.67

    Example 3 - The same data as Example 1, each example weighted
        >>> precision_metric = evaluate.load("precision")
        >>> results = precision_metric.compute(references=[0, 1, 0, 1, 0], predictions=[0, 0, 1, 1, 0], sample_weight=[0.9, 0.5, 3.9, 1.2, 0.3])
        >>> print(results)
        {'precision': 0.23529411764705882}

    Example 4 - Three classes, each `average`
        >>> predictions = [0, 2, 1, 0, 0, 1]
        >>> references = [0, 1, 2, 0, 1, 2]
        >>> results = precision_metric.compute(predictions=predictions, references=references, average='macro')
        >>> print(results)
        {'precision': 0.2222222222222222}
        >>> results = precision_metric.compute(predictions=predictions, references=references, average='micro')
        >>> print(results)
        {'precision': 0.3333333333333333}
        >>> results = precision_metric.compute(predictions=predictions, references=references, average='weighted')
        >>> print(results)
        {'precision': 0.2222222222222222}
        >>> results = precision_metric.compute(predictions=predictions, references=references, average=None)
        >>> print([round(float(res), 2) for res in results['precision']])
        [0.67, 0.0, 0.0]

    Example 5 - Nothing predicted positive: `zero_division` picks the result
        >>> precision_metric.compute(references=[0, 0, 1], predictions=[0, 0, 0], zero_division=1)
        {'precision': 1.0}

    Example 6 - Streaming batches, then computing once
        >>> precision_metric = evaluate.load("precision")
        >>> for refs, preds in [([0, 1, 0], [0, 0, 1]), ([1, 0], [1, 0])]:
        ...     precision_metric.add_batch(references=refs, predictions=preds)
        >>> precision_metric.compute()
        {'precision': 0.5}

"""
    + multilabel_setwise_args("precision")
    + """    sample_weight, zero_division: As above.

    Example 7 - Multilabel: per label, pooled, and per example
        >>> precision_metric = evaluate.load("precision", config_name="multilabel")
        >>> references = [[0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
        >>> predictions = [[0, 1, 0], [1, 1, 1], [0, 0, 1], [1, 0, 0]]
        >>> print(precision_metric.compute(references=references, predictions=predictions, average=None)['precision'])
        [1.  0.5 1. ]
        >>> results = precision_metric.compute(references=references, predictions=predictions, average="micro")
        >>> print(round(results['precision'], 4))
        0.8333
        >>> results = precision_metric.compute(references=references, predictions=predictions, average="samples")
        >>> print(round(results['precision'], 4))
        0.9167
"""
)

_CITATION = SKLEARN_CITATION


class Precision(PrecisionRecallFScore):
    name = "precision"
    summary = "Of the examples predicted as a class, the fraction that truly belong to it."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.precision_score.html"
    ]
    output = 0
    warn_for = ("precision",)
