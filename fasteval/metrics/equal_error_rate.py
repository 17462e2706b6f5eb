"""equal_error_rate: the error rate where false positives and false negatives balance."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from fasteval.functional.scores import (
    _default_pos_label,
    _equal_error_rate,
    _positives,
    unique_labels,
)
from fasteval.metrics._scores import RankingModule
from fasteval.metrics._shared import SKLEARN_CITATION

_DESCRIPTION = """
The equal error rate (EER) is the error rate at the threshold where the false positive
rate FPR = FP / (FP + TN) equals the false negative rate FNR = FN / (TP + FN) = 1 - TPR,
a common single number for verification systems (speaker, face, biometrics). Lower is
better; 0.5 is chance.

The ROC curve (sklearn.metrics.roc_curve, every distinct threshold, from (0, 0)) has
FPR rising and FNR falling. With i the first point where FPR >= FNR, the EER is where
the straight segment between points i - 1 and i crosses FPR = FNR (linear
interpolation, the value `brentq(lambda x: 1 - x - interp1d(fpr, tpr)(x), 0, 1)`
finds); when a point lies on the diagonal the EER is its FPR. `return_threshold=True`
also gives the score threshold of point i (predict positive when score >= threshold).

The curve depends on the order of all scores together, so streaming (add_batch) keeps
every row and sorts once at compute (one Numba sort-and-sweep).
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (array-like of shape (n_samples,)): Scores of the positive class
        (higher means more likely positive).
    references (array-like of shape (n_samples,)): Binary labels.
    pos_label (`int` or `str`): The positive class. Defaults to None: 1 for labels in
        {0, 1} or {-1, 1} (scikit-learn's roc_curve rule).
    sample_weight (array-like of shape (n_samples,)): Per-example weights.
    return_threshold (`bool`): Also return the threshold. Defaults to False.

Returns:
    equal_error_rate (`float`): The EER, in [0, 1].
    threshold (`float`): With return_threshold=True.

Examples:

    >>> import fasteval as evaluate
    >>> eer = evaluate.load("equal_error_rate")
    >>> eer.compute(references=[0, 0, 0, 1, 1, 1], predictions=[0.1, 0.2, 0.7, 0.3, 0.8, 0.9])
    {'equal_error_rate': 0.3333333333333333}
    >>> eer.compute(references=[0, 0, 0, 1, 1, 1], predictions=[0.1, 0.2, 0.7, 0.3, 0.8, 0.9],
    ...             return_threshold=True)
    {'equal_error_rate': 0.3333333333333333, 'threshold': 0.7}
"""


class EqualErrorRate(RankingModule):
    name = "equal_error_rate"
    summary = "Equal error rate: where FPR = FNR on the ROC curve (linear interpolation)."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    options: ClassVar[dict[str, Any]] = {"pos_label": None, "return_threshold": False}

    def _derive_state(self, state: Any, **options: Any) -> dict[str, Any]:
        y, multilabel, scores, weights = self._arrays(state)
        if multilabel or scores.ndim != 1:
            if scores.ndim == 2 and scores.shape[1] == 1:
                scores = scores[:, 0].copy()
            else:
                raise ValueError(
                    f"{self.score_name}: the equal error rate needs one score per example (binary),"
                    f" got shape {scores.shape}"
                )
        pos_label = options["pos_label"]
        classes = unique_labels(y)
        if pos_label is None:
            if len(classes) > 2:
                raise ValueError(
                    f"references hold {len(classes)} classes; pass pos_label to name the positive one"
                )
            pos_label = _default_pos_label(classes, "references")
        positive = _positives(y, pos_label, "references")
        out = _equal_error_rate(positive, scores, weights, bool(options["return_threshold"]))
        if options["return_threshold"]:
            return {self.name: out[0], "threshold": out[1]}
        return {self.name: float(np.float64(out))}
