"""brier_score: mean squared error of predicted probabilities (evaluate's brier_score)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from fasteval._lazy import LazyModule
from fasteval._score_state import TermSums
from fasteval.functional.scores import (
    _brier_rows,
    _default_pos_label,
    _positives,
    check_probabilities,
    label_columns,
)
from fasteval.metrics._scores import ProbabilityModule, check_rows
from fasteval.metrics._shared import SKLEARN_CITATION

K = LazyModule("fasteval.kernels.scores")  # Numba loads when a kernel is first used

_DESCRIPTION = """
The Brier score is the mean squared difference between predicted probabilities and
what happened:

    BrierScore = 1/N sum_i sum_c (o_ic - p_ic)^2

with o_ic = 1 when example i is of class c. It is a strictly proper scoring rule: 0 is
perfect; lower is better. For binary targets (1-D predictions: the probability of
`pos_label`) it is halved (scale_by_half="auto") and equals 1/N sum_i (o_i - p_i)^2, in
[0, 1]; for 2-D predictions (one column per class, sorted labels or `labels`) it lies in
[0, 2]. Probabilities outside [0, 1] are rejected.

evaluate's brier_score module passes pos_label=1 to scikit-learn by default, and so does
this module; pos_label=None applies scikit-learn's rule (1 for labels in {0, 1} or
{-1, 1}, else the greater label). fasteval computes the per-row errors in one Numba pass
and reduces them as numpy does: equal to sklearn.metrics.brier_score_loss to the last
bit for a one-shot compute. Streaming keeps two sums (squared error, weight), within
about 1e-15 relative of the one-shot value.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (array-like of shape (n_samples,) or (n_samples, n_classes)):
        Probabilities of the positive class, or one column per class.
    references (array-like of shape (n_samples,)): Labels.
    sample_weight (array-like of shape (n_samples,)): Per-example weights.
    pos_label (`int` or `str`): The positive class of 1-D predictions. Defaults to 1
        (as evaluate); None for scikit-learn's rule.
    labels (array-like): The classes of the columns of 2-D predictions (sorted).
    scale_by_half (`bool` or "auto"): Halve the score; "auto" (default) halves it for
        binary targets.

Returns:
    brier_score (`float`): The Brier score; lower is better.

Examples:

    Example 1 - if references are in {0, 1} or {-1, 1}, pos_label defaults to 1 (evaluate's example)
        >>> import numpy as np
        >>> import fasteval as evaluate
        >>> brier_score = evaluate.load("brier_score")
        >>> references = np.array([0, 0, 1, 1])
        >>> predictions = np.array([0.1, 0.9, 0.8, 0.3])
        >>> results = brier_score.compute(references=references, predictions=predictions)
        >>> print(round(results["brier_score"], 4))
        0.3375

    Example 2 - string labels need pos_label (evaluate's example; its documentation
    prints 0.3375, but scikit-learn, which evaluate calls, returns 0.0375 for these
    inputs, and so does fasteval)
        >>> references = np.array(["spam", "ham", "ham", "spam"])
        >>> predictions = np.array([0.1, 0.9, 0.8, 0.3])
        >>> results = brier_score.compute(references=references, predictions=predictions, pos_label="ham")
        >>> print(round(results["brier_score"], 4))
        0.0375

    Example 3 - three classes (scikit-learn's example)
        >>> brier_score.compute(references=["eggs", "ham", "spam"],
        ...                     predictions=[[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]])
        {'brier_score': 0.1466666666666667}
"""


class BrierScore(ProbabilityModule):
    name = "brier_score"
    summary = (
        "Brier score: mean squared error of probabilities, as scikit-learn's brier_score_loss."
    )
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    options: ClassVar[dict[str, Any]] = {"pos_label": 1, "labels": None, "scale_by_half": "auto"}
    fold_options: ClassVar[tuple[str, ...]] = ("pos_label", "labels")
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.brier_score_loss.html"
    ]

    def _config(self, options: dict[str, Any]) -> Any:
        labels = options["labels"]
        pos = options["pos_label"]
        return (
            pos.item() if isinstance(pos, np.generic) else pos,
            None if labels is None else tuple(np.asarray(labels).tolist()),
        )

    def _new_state(self) -> TermSums:
        return TermSums(self._config(self.defaults))

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        one_shot, options = self._take_one_shot()
        if options["scale_by_half"] not in (True, False, "auto"):
            raise ValueError(
                f"scale_by_half must be True, False or 'auto'; got {options['scale_by_half']!r}"
            )
        prob = self._scores(batch)
        values, kind = self._labels(batch)
        n = len(values)
        check_rows(n, prob, self.score_name)
        weights = self._weights(batch, n)
        check_probabilities(prob, self.score_name)
        names = ("references", self.score_name)
        if prob.ndim == 2 and prob.shape[1] == 1:
            prob = prob[:, 0].copy()
        classes = cols = None
        width = 2 if prob.ndim == 1 else prob.shape[1]
        if one_shot:
            rows, _ = _brier_rows(values, prob, options["pos_label"], options["labels"], names)
        elif prob.ndim == 1:
            pos_label = options["pos_label"]
            if pos_label is None:
                few = (
                    np.unique(values[:1_000_000])
                    if values.dtype.kind == "U"
                    else np.sort(K.first_distinct(values, 3)[0])
                )
                pos_label = _default_pos_label(few, "references")
            positive = _positives(values, pos_label, "references")
            rows = K.brier_rows_binary(prob, positive)
            # two columns: {not pos_label, pos_label}; each batch must be binary
            cols = positive.astype(np.int64)
            classes = ("other", "pos_label")
            self._check_binary_labels(values)
        else:
            classes = self._stream_classes(values, width, options["labels"], sort_labels=True)
            cols = label_columns(values, classes, "references")
            rows = K.brier_rows(prob, cols)
        validated = {
            "terms": {"squared_error": rows},
            "weights": weights,
            "low": float(width),  # the number of columns (binary when < 3)
            "high": float(width),
            "cols": cols,
        }
        return {**validated, "_kind": kind, "_classes": classes}, n

    def _check_binary_labels(self, values: np.ndarray) -> None:
        """1-D probabilities need binary references (at most two labels) in this batch."""
        if values.dtype.kind == "U":
            distinct = len(np.unique(values))
            more = distinct > 2
        else:
            _, more = K.first_distinct(values, 2)
        if more:
            raise ValueError(
                "references: 1-D predictions are the probability of pos_label, so the labels"
                " must be binary; found more than two labels (pass one column per class)"
            )

    def _derive_state(self, state: TermSums, **options: Any) -> dict[str, Any]:
        if state.classes is not None and not isinstance(state.classes, tuple):
            self._check_present(state, options["labels"])
        if state.weight_total == 0:
            raise ZeroDivisionError(
                "sample_weight: the weights sum to zero; the mean is not defined"
            )
        score = state.sums["squared_error"] / state.weight_total
        scale = options["scale_by_half"]
        if scale == "auto":
            scale = state.high < 3
        if scale:
            score *= 0.5
        return {self.name: float(score)}
