"""pr_auc: area under the precision-recall curve by the trapezoidal rule."""

from __future__ import annotations

from typing import ClassVar

from fasteval.functional.scores import _binary_pr_auc
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.metrics.average_precision import AveragePrecision

_DESCRIPTION = """
The area under the precision-recall curve, by the trapezoidal rule. Exactly:

    precision, recall, _ = sklearn.metrics.precision_recall_curve(references, predictions)
    pr_auc = sklearn.metrics.auc(recall, precision)

that is straight lines between the (recall, precision) points of every distinct
threshold, plus scikit-learn's end point (recall 0, precision 1). Linear interpolation
between PR points is optimistic (precision does not vary linearly with recall); the
step-function summary is average_precision, which scikit-learn recommends. pr_auc is
here for comparison with tools that report this trapezoidal area.

Averaging over labels (multilabel config, multiclass one-vs-rest) is as in
average_precision. fasteval sorts and sweeps the scores once (a Numba kernel) and sums
the trapezoids in numpy's order, equal to the scikit-learn expression above to the last
bit. Streaming (add_batch) keeps every row and sorts once at compute.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (array-like of shape (n_samples,) or (n_samples, n_classes)): Scores of
        the positive class, or one column per class / label.
    references (array-like of shape (n_samples,) or (n_samples, n_labels)): Labels, or a
        0/1 indicator matrix with the "multilabel" config.
    average (`str`): 'macro' (default), 'weighted', 'micro', 'samples' (multilabel) or
        None; ignored for binary targets.
    pos_label (`int` or `str`): The positive class of a binary target. Defaults to 1.
    sample_weight (array-like of shape (n_samples,)): Per-example weights.

Returns:
    pr_auc (`float` or array): The trapezoidal area under the PR curve, in [0, 1].

Examples:

    >>> import fasteval as evaluate
    >>> pr_auc = evaluate.load("pr_auc")
    >>> pr_auc.compute(references=[0, 0, 1, 1], predictions=[0.1, 0.4, 0.35, 0.8])
    {'pr_auc': 0.7916666666666666}
"""


class PRAUC(AveragePrecision):
    name = "pr_auc"
    summary = (
        "Trapezoidal area under the precision-recall curve, as sklearn auc(recall, precision)."
    )
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.auc.html"
    ]
    binary_metric = staticmethod(_binary_pr_auc)
