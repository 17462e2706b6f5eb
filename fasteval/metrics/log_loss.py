"""log_loss: cross-entropy of predicted probabilities (scikit-learn's log_loss)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from fasteval._lazy import LazyModule
from fasteval._score_state import TermSums
from fasteval.functional.scores import EPS, _log_loss_rows, check_probabilities, label_columns
from fasteval.metrics._scores import ProbabilityModule, check_rows
from fasteval.metrics._shared import SKLEARN_CITATION

K = LazyModule("fasteval.kernels.scores")  # Numba loads when a kernel is first used

_DESCRIPTION = """
Log loss (logistic loss, cross-entropy) is the negative log-likelihood of the true
labels under the predicted probabilities:

    log_loss = -1/N sum_i log p_i[y_i]

(weighted by sample_weight; the sum with normalize=False). 0 is perfect; it punishes
confident mistakes without bound. Probabilities are clipped to [eps, 1 - eps] (eps of
float64), as scikit-learn 1.9 does, and values outside [0, 1] are rejected. 1-D
predictions are the probability of the greater of two labels; 2-D predictions have one
column per class, the classes in sorted order (or `labels`).

fasteval computes the per-row losses in one Numba pass and reduces them as numpy does,
equal to sklearn.metrics.log_loss to the last bit for a one-shot compute (where numpy's
log is the C library's, as on machines without AVX-512). Streaming (add_batch) keeps
two sums (loss and weight), added batch by batch: equal to the one-shot value within
about 1e-15 relative. While streaming, the columns are the labels 0..C-1 (or {0, 1},
{-1, 1}) unless `labels` is given at load time.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (array-like of shape (n_samples,) or (n_samples, n_classes)):
        Probabilities of the greater label, or one column per class.
    references (array-like of shape (n_samples,)): Labels.
    normalize (`bool`): Mean loss per example (True, default) or the sum.
    sample_weight (array-like of shape (n_samples,)): Per-example weights.
    labels (array-like): Every class (sorted into the column order), when the
        references do not show them all. Fixed at load time while streaming.

Returns:
    log_loss (`float`): The log loss, >= 0; lower is better.

Examples:

    Example 1 - scikit-learn's example
        >>> import fasteval as evaluate
        >>> log_loss = evaluate.load("log_loss")
        >>> log_loss.compute(references=["spam", "ham", "ham", "spam"],
        ...                  predictions=[[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
        {'log_loss': 0.21616187468057912}

    Example 2 - binary probabilities, streamed
        >>> log_loss.add_batch(references=[0, 1], predictions=[0.1, 0.8])
        >>> log_loss.add_batch(references=[1, 0], predictions=[0.6, 0.3])
        >>> log_loss.compute()
        {'log_loss': 0.2990011586691898}
"""


class LogLoss(ProbabilityModule):
    name = "log_loss"
    summary = "Log loss (cross-entropy) of predicted probabilities, as scikit-learn 1.9."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    options: ClassVar[dict[str, Any]] = {"normalize": True, "labels": None}
    fold_options: ClassVar[tuple[str, ...]] = ("labels",)
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.log_loss.html"
    ]

    def _config(self, options: dict[str, Any]) -> Any:
        labels = options["labels"]
        return None if labels is None else tuple(np.asarray(labels).tolist())

    def _new_state(self) -> TermSums:
        return TermSums(self._config(self.defaults))

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        one_shot, options = self._take_one_shot()
        prob = self._scores(batch)
        values, kind = self._labels(batch)
        n = len(values)
        check_rows(n, prob, self.score_name)
        weights = self._weights(batch, n)
        check_probabilities(prob, self.score_name)
        names = ("references", self.score_name)
        labels = options["labels"]
        if prob.ndim == 2 and prob.shape[1] == 1:
            prob = prob[:, 0].copy()
        if one_shot:
            rows = _log_loss_rows(values, prob, labels, names)
            classes = cols = None
        else:
            width = 2 if prob.ndim == 1 else prob.shape[1]
            classes = self._stream_classes(values, width, labels, sort_labels=True)
            cols = label_columns(values, classes, "references")
            if prob.ndim == 1:
                rows = K.log_loss_rows_binary(prob, cols == 1, EPS)
            else:
                rows = K.log_loss_rows(prob, cols, EPS)
        lo, hi = float(prob.min()), float(prob.max())
        validated = {
            "terms": {"loss": rows},
            "weights": weights,
            "low": lo,
            "high": hi,
            "cols": cols,
        }
        return {**validated, "_kind": kind, "_classes": classes}, n

    def _derive_state(self, state: TermSums, **options: Any) -> dict[str, Any]:
        self._check_present(state, options["labels"])
        total = state.sums["loss"]
        if not options["normalize"]:
            return {self.name: float(total)}
        if state.weight_total == 0:
            raise ZeroDivisionError(
                "sample_weight: the weights sum to zero; the mean is not defined"
            )
        return {self.name: float(total / state.weight_total)}
