"""average_precision: the step-function summary of the precision-recall curve."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.functional.scores import _binary_average_precision, _ranking_average
from fasteval.metrics._scores import RankingModule
from fasteval.metrics._shared import SKLEARN_CITATION

_DESCRIPTION = """
Average precision (AP) summarises a precision-recall curve as the precision at each
threshold weighted by the increase in recall since the previous threshold:

    AP = sum_n (R_n - R_{n-1}) * P_n

over the thresholds n of the scores (highest first). It is not interpolated, so it does
not share the optimism of a trapezoidal area under the PR curve (see pr_auc). It lies in
[0, 1]; a random ranking scores about the fraction of positives.

Binary targets score the `pos_label` class; a multilabel indicator matrix (the
"multilabel" config) or multiclass labels with one score column per class (sorted
labels, one-vs-rest) are averaged with `average`.

fasteval sorts and sweeps the scores once (a Numba kernel; tied scores form one step)
and sums the terms in numpy's order: the number equals
sklearn.metrics.average_precision_score to the last bit. The exact AP depends on the
order of all scores together, so streaming (add_batch) keeps every row and sorts once at
compute.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (array-like of shape (n_samples,) or (n_samples, n_classes)): Scores of
        the positive class, or one column per class / label.
    references (array-like of shape (n_samples,) or (n_samples, n_labels)): Labels, or a
        0/1 indicator matrix with the "multilabel" config.
    average (`str`): 'macro' (default), 'weighted', 'micro', 'samples' (multilabel) or
        None (one AP per class); ignored for binary targets.
    pos_label (`int` or `str`): The positive class of a binary target. Defaults to 1.
    sample_weight (array-like of shape (n_samples,)): Per-example weights.

Returns:
    average_precision (`float` or array): The average precision, in [0, 1].

Examples:

    Example 1 - binary (scikit-learn's example)
        >>> import fasteval as evaluate
        >>> ap = evaluate.load("average_precision")
        >>> ap.compute(references=[0, 0, 1, 1], predictions=[0.1, 0.4, 0.35, 0.8])
        {'average_precision': 0.8333333333333333}

    Example 2 - three classes, one column of scores per class
        >>> ap.compute(references=[0, 0, 1, 1, 2, 2],
        ...            predictions=[[0.7, 0.2, 0.1], [0.4, 0.3, 0.3], [0.1, 0.8, 0.1],
        ...                         [0.2, 0.3, 0.5], [0.4, 0.4, 0.2], [0.1, 0.2, 0.7]])
        {'average_precision': 0.7777777777777777}

    Example 3 - multilabel, one AP per label
        >>> ap = evaluate.load("average_precision", "multilabel")
        >>> ap.compute(references=[[1, 0], [0, 1], [1, 1]], predictions=[[0.9, 0.2], [0.3, 0.6], [0.4, 0.7]],
        ...            average=None)
        {'average_precision': array([1., 1.])}
"""


class AveragePrecision(RankingModule):
    name = "average_precision"
    summary = "Average precision sum (R_n - R_{n-1}) P_n over the PR curve, as scikit-learn."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    options: ClassVar[dict[str, Any]] = {"average": "macro", "pos_label": 1}
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.average_precision_score.html"
    ]
    binary_metric = staticmethod(_binary_average_precision)

    def _derive_state(self, state: Any, **options: Any) -> dict[str, Any]:
        y, multilabel, scores, weights = self._arrays(state)
        value = _ranking_average(
            self.binary_metric,
            y,
            multilabel,
            scores,
            weights,
            options["average"],
            options["pos_label"],
            ("references", self.score_name),
        )
        return {self.name: value}
