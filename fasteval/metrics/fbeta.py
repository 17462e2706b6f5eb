"""fbeta: the weighted harmonic mean of precision and recall."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.metrics._shared import (
    F_SCORE_CITATION,
    SETWISE_OPTIONS,
    PrecisionRecallFScore,
    multilabel_setwise_args,
)

_DESCRIPTION = """
The F-beta score generalises F1 with a knob, beta, that says how many times more
recall matters than precision:

    F_beta = (1 + beta^2) * precision * recall / (beta^2 * precision + recall)
           = (1 + beta^2) TP / ((1 + beta^2) TP + beta^2 FN + FP)

beta = 1 gives F1; beta = 2 (F2) favours recall, for tasks where a miss costs more
than a false alarm; beta = 0.5 favours precision. beta = 0 reduces to precision and
beta -> infinity to recall. The score lies in [0, 1]; higher is better. Like F1 it
ignores true negatives. Always report the beta used: F-scores computed with
different betas are not comparable. For more than two classes choose an `average`
('micro', 'macro', 'weighted' or None for per-label scores); when a label has
neither true nor predicted examples `zero_division` decides its value.

fasteval derives it from per-label counts (true positives, predicted and true totals
per label, O(labels) memory) and gives the same number as
sklearn.metrics.fbeta_score.

With `config_name="multilabel"` (as in evaluate) the inputs are (n_samples, n_labels)
indicator matrices of 0/1 and, as in scikit-learn, `labels` are column indices and
`average` may also be 'samples' (the score of each example's label set, averaged
over examples). Per-label counts and a histogram of each example's (true positives,
predicted, true) counts are streamed in one pass, so every average, including
'samples', derives from a sufficient statistic. The results equal
sklearn.metrics.fbeta_score on indicator matrices ('samples' up
to the last bit of scikit-learn's summation order).
"""

_KWARGS_DESCRIPTION = (
    """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    beta (`float`): Weight of recall relative to precision, >= 0. Defaults to 1.0 (F1).
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
    fbeta (`float` or `array` of `float`): The F-beta score, in [0, 1]; an array with
        one score per label when `average=None`. Higher is better.

Examples:

    Example 1 - Binary labels (precision 0.75, recall 0.6) with three values of beta
        >>> import fasteval as evaluate
        >>> fbeta_metric = evaluate.load("fbeta")
        >>> references = [0, 1, 1, 1, 0, 1, 1, 0]
        >>> predictions = [1, 1, 0, 1, 0, 0, 1, 0]
        >>> fbeta_metric.compute(references=references, predictions=predictions, beta=0.5)
        {'fbeta': 0.7142857142857143}
        >>> fbeta_metric.compute(references=references, predictions=predictions)
        {'fbeta': 0.6666666666666666}
        >>> fbeta_metric.compute(references=references, predictions=predictions, beta=2)
        {'fbeta': 0.625}

    Example 2 - The same data with sample weights
        >>> results = fbeta_metric.compute(references=references, predictions=predictions, beta=0.5, sample_weight=[1, 2, 1, 1, 1, 0.5, 1, 1])
        >>> print(round(results['fbeta'], 4))
        0.7843

    Example 3 - Three classes, F2 with each `average`
        >>> references = [0, 0, 0, 0, 1, 1, 2, 2]
        >>> predictions = [0, 0, 0, 1, 1, 1, 2, 0]
        >>> for average in ["macro", "micro", "weighted"]:
        ...     results = fbeta_metric.compute(references=references, predictions=predictions, beta=2, average=average)
        ...     print(average, round(results['fbeta'], 4))
        macro 0.7382
        micro 0.75
        weighted 0.7412
        >>> results = fbeta_metric.compute(references=references, predictions=predictions, beta=2, average=None)
        >>> print(results['fbeta'].round(4))
        [0.75   0.9091 0.5556]

    Example 4 - Fixing beta when loading, then streaming batches
        >>> f2_metric = evaluate.load("fbeta", beta=2.0)
        >>> f2_metric.add_batch(references=[0, 1, 1, 1], predictions=[1, 1, 0, 1])
        >>> f2_metric.add_batch(references=[0, 1, 1, 0], predictions=[0, 0, 1, 0])
        >>> f2_metric.compute()
        {'fbeta': 0.625}

"""
    + multilabel_setwise_args("fbeta")
    + """    sample_weight, zero_division, beta: As above.

    Example 5 - Multilabel, F2 averaged per example and per label
        >>> fbeta_metric = evaluate.load("fbeta", config_name="multilabel", beta=2.0)
        >>> references = [[0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
        >>> predictions = [[0, 1, 0], [1, 1, 1], [0, 0, 1], [1, 0, 0]]
        >>> results = fbeta_metric.compute(references=references, predictions=predictions, average="samples")
        >>> print(round(results['fbeta'], 4))
        0.7551
        >>> results = fbeta_metric.compute(references=references, predictions=predictions, average="macro")
        >>> print(round(results['fbeta'], 4))
        0.7381
"""
)


class FBeta(PrecisionRecallFScore):
    name = "fbeta"
    summary = "F-beta score: F1 with recall weighted beta times as much as precision."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = F_SCORE_CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.fbeta_score.html"
    ]
    output = 2
    warn_for = ("f-score",)
    options: ClassVar[dict[str, Any]] = {"beta": 1.0, **SETWISE_OPTIONS}
    multilabel_options: ClassVar[dict[str, Any] | None] = options
