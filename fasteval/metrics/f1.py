"""f1: the harmonic mean of precision and recall."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._shared import (
    F_SCORE_CITATION,
    PrecisionRecallFScore,
    multilabel_setwise_args,
)

_DESCRIPTION = """
The F1 score summarises precision and recall in one number, their harmonic mean:

    F1 = 2 * precision * recall / (precision + recall) = 2 TP / (2 TP + FP + FN)

It lies in [0, 1]; higher is better. Being a harmonic mean it stays low unless both
precision and recall are high, which makes it a common headline score for a rare
positive class. It ignores true negatives, so it says nothing about how well the
negative class is handled, and it weighs false positives and false negatives equally
(use fbeta to tilt that balance). For more than two classes choose an `average`:
'micro' F1 over all labels equals accuracy; 'macro' treats every label alike;
'weighted' can give an F1 that is not between the averaged precision and recall.
When TP + FP + FN is 0 for a label the score is 0/0 and `zero_division` decides.

fasteval derives it from per-label counts (true positives, predicted and true totals
per label, O(labels) memory) and gives the same number as sklearn.metrics.f1_score.

With `config_name="multilabel"` (as in evaluate) the inputs are (n_samples, n_labels)
indicator matrices of 0/1 and, as in scikit-learn, `labels` are column indices and
`average` may also be 'samples' (the score of each example's label set, averaged
over examples). Per-label counts and a histogram of each example's (true positives,
predicted, true) counts are streamed in one pass, so every average, including
'samples', derives from a sufficient statistic. The results equal
sklearn.metrics.f1_score on indicator matrices ('samples' up
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
        - 'micro': one score from the total TP, FP and FN over all labels.
        - 'macro': the unweighted mean of the per-label scores.
        - 'weighted': the mean of the per-label scores weighted by support (number
          of true examples of each label).
        - None: the per-label scores, as an array.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.
    zero_division (`"warn"`, `0`, `1` or `np.nan`): Value returned when a label has
        neither a true nor a predicted example. "warn" (default) returns 0 and emits
        an UndefinedMetricWarning.

Returns:
    f1 (`float` or `array` of `float`): The F1 score, in [0, 1]; an array with one
        score per label when `average=None`. Higher is better.

Examples:

    Example 1 - Binary labels, the positive class being 1
        >>> import fasteval as evaluate
        >>> f1_metric = evaluate.load("f1")
        >>> results = f1_metric.compute(references=[0, 1, 0, 1, 0], predictions=[0, 0, 1, 1, 0])
        >>> print(results)
        {'f1': 0.5}

    Example 2 - The same data, with 0 as the positive class
        >>> f1_metric = evaluate.load("f1")
        >>> results = f1_metric.compute(references=[0, 1, 0, 1, 0], predictions=[0, 0, 1, 1, 0], pos_label=0)
        >>> print(round(results['f1'], 2))
        0.67

    Example 3 - The same data as Example 1, each example weighted
        >>> f1_metric = evaluate.load("f1")
        >>> results = f1_metric.compute(references=[0, 1, 0, 1, 0], predictions=[0, 0, 1, 1, 0], sample_weight=[0.9, 0.5, 3.9, 1.2, 0.3])
        >>> print(round(results['f1'], 2))
        0.35

    Example 4 - Three classes, each `average`
        >>> predictions = [0, 2, 1, 0, 0, 1]
        >>> references = [0, 1, 2, 0, 1, 2]
        >>> results = f1_metric.compute(predictions=predictions, references=references, average="macro")
        >>> print(round(results['f1'], 2))
        0.27
        >>> results = f1_metric.compute(predictions=predictions, references=references, average="micro")
        >>> print(round(results['f1'], 2))
        0.33
        >>> results = f1_metric.compute(predictions=predictions, references=references, average="weighted")
        >>> print(round(results['f1'], 2))
        0.27
        >>> results = f1_metric.compute(predictions=predictions, references=references, average=None)
        >>> print(results)
        {'f1': array([0.8, 0. , 0. ])}

    Example 5 - Options given to `load` become the defaults of `compute`
        >>> f1_metric = evaluate.load("f1", average="macro")
        >>> for refs, preds in [([0, 1, 2], [0, 2, 1]), ([0, 1, 2], [0, 0, 1])]:
        ...     f1_metric.add_batch(references=refs, predictions=preds)
        >>> print(round(f1_metric.compute()['f1'], 2))
        0.27

"""
    + multilabel_setwise_args("f1")
    + """    sample_weight, zero_division: As above.

    Example 6 - Multilabel (evaluate's example)
        >>> f1_metric = evaluate.load("f1", "multilabel")
        >>> results = f1_metric.compute(predictions=[[0, 1, 1], [1, 1, 0]], references=[[0, 1, 1], [0, 1, 0]], average="macro")
        >>> print(round(results['f1'], 2))
        0.67

    Example 7 - Multilabel, each average
        >>> f1_metric = evaluate.load("f1", config_name="multilabel")
        >>> references = [[0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
        >>> predictions = [[0, 1, 0], [1, 1, 1], [0, 0, 1], [1, 0, 0]]
        >>> for average in ["micro", "macro", "weighted", "samples"]:
        ...     results = f1_metric.compute(references=references, predictions=predictions, average=average)
        ...     print(average, round(results['f1'], 4))
        micro 0.7692
        macro 0.7667
        weighted 0.7714
        samples 0.7833
        >>> print(f1_metric.compute(references=references, predictions=predictions, average=None)['f1'])
        [1.  0.5 0.8]
"""
)


class F1(PrecisionRecallFScore):
    name = "f1"
    summary = "Harmonic mean of precision and recall (binary, micro, macro, weighted or per class)."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = F_SCORE_CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.f1_score.html"
    ]
    output = 2
    warn_for = ("f-score",)
