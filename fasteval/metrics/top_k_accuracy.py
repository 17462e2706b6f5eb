"""top_k_accuracy: the fraction of examples whose true class is among the k highest scores."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from fasteval._lazy import LazyModule
from fasteval._score_state import TermSums
from fasteval.functional.scores import _check_k, _top_k_hits, label_columns
from fasteval.metrics._scores import ProbabilityModule, check_rows
from fasteval.metrics._shared import SKLEARN_CITATION

K = LazyModule("fasteval.kernels.scores")  # Numba loads when a kernel is first used

_DESCRIPTION = """
Top-k accuracy counts an example as correct when its true class is among the k classes
with the highest scores:

    top_k_accuracy = 1/N sum_i [ y_i in top-k(scores_i) ]

(weighted by sample_weight; the count with normalize=False). With k=1 it is the accuracy
of the argmax. Ties are broken as scikit-learn breaks them (a stable ascending sort,
reversed): of equal scores, the class of the higher column ranks first. For a binary
target with 1-D scores and k=1 the positive (greater) label is predicted when the score
exceeds 0.5 (all scores in [0, 1]) or 0 (otherwise); k >= 2 is then always correct.

fasteval counts hits in one Numba pass (no sort: a class is in the top k when fewer than
k classes rank ahead of it) and reduces them as numpy does: equal to
sklearn.metrics.top_k_accuracy_score (weighted normalize=False: within 1e-15 relative,
scikit-learn uses a BLAS dot product there). Streaming keeps the summed hits and
weights; the columns are the labels 0..C-1 unless `labels` is given at load time.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (array-like of shape (n_samples,) or (n_samples, n_classes)): Scores
        (probabilities or decision values), one column per class in sorted label order.
    references (array-like of shape (n_samples,)): Labels.
    k (`int`): How many of the highest-scored classes count. Defaults to 2.
    normalize (`bool`): The fraction (True, default) or the (weighted) count of hits.
    sample_weight (array-like of shape (n_samples,)): Per-example weights.
    labels (array-like): Every class, sorted, when the references do not show them all.

Returns:
    top_k_accuracy (`float`): In [0, 1] (a count with normalize=False).

Examples:

    Example 1 - scikit-learn's example
        >>> import fasteval as evaluate
        >>> top_k = evaluate.load("top_k_accuracy")
        >>> references = [0, 1, 2, 2]
        >>> predictions = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]
        >>> top_k.compute(references=references, predictions=predictions, k=2)
        {'top_k_accuracy': 0.75}
        >>> top_k.compute(references=references, predictions=predictions, k=2, normalize=False)
        {'top_k_accuracy': 3.0}

    Example 2 - streaming, k fixed at load time
        >>> top_k = evaluate.load("top_k_accuracy", k=1)
        >>> top_k.add_batch(references=[0, 1], predictions=[[0.6, 0.3, 0.1], [0.5, 0.3, 0.2]])
        >>> top_k.add_batch(references=[2], predictions=[[0.1, 0.2, 0.7]])
        >>> top_k.compute()
        {'top_k_accuracy': 0.6666666666666666}
"""


class TopKAccuracy(ProbabilityModule):
    name = "top_k_accuracy"
    summary = "Top-k accuracy with scikit-learn's tie rule (sklearn's top_k_accuracy_score)."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    options: ClassVar[dict[str, Any]] = {"k": 2, "normalize": True, "labels": None}
    fold_options: ClassVar[tuple[str, ...]] = ("k", "labels")
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.top_k_accuracy_score.html"
    ]

    def _config(self, options: dict[str, Any]) -> Any:
        labels = options["labels"]
        return _check_k(options["k"]), None if labels is None else tuple(
            np.asarray(labels).tolist()
        )

    def _new_state(self) -> TermSums:
        return TermSums(self._config(self.defaults))

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        one_shot, options = self._take_one_shot()
        k = _check_k(options["k"])
        scores = self._scores(batch)
        values, kind = self._labels(batch)
        n = len(values)
        check_rows(n, scores, self.score_name)
        weights = self._weights(batch, n)
        labels = options["labels"]
        if scores.ndim == 2 and scores.shape[1] == 1:
            scores = scores[:, 0].copy()
        lo, hi = float(scores.min()), float(scores.max())
        classes = cols = None
        if one_shot:
            terms = {
                "hits": _top_k_hits(values, scores, k, labels, ("references", self.score_name))
            }
        else:
            width = 2 if scores.ndim == 1 else scores.shape[1]
            if labels is not None:
                given = np.asarray(labels)
                if len(np.unique(given)) != len(given) or not np.array_equal(
                    np.unique(given), given
                ):
                    raise ValueError("labels must be unique and ordered (sorted)")
            classes = self._stream_classes(values, width, labels, sort_labels=False)
            cols = label_columns(values, classes, "references")
            if scores.ndim == 1:
                positive = cols == 1
                if k == 1:  # the threshold (0.5 or 0) depends on all scores: keep both counts
                    terms = {
                        "hits_half": (scores > 0.5) == positive,
                        "hits_zero": (scores > 0) == positive,
                    }
                else:
                    terms = {"hits": np.ones(n, dtype=bool)}
            else:
                terms = {"hits": K.top_k_hits(scores, cols, k)}
        terms = {name: hits.astype(np.float64) for name, hits in terms.items()}
        validated = {"terms": terms, "weights": weights, "low": lo, "high": hi, "cols": cols}
        return {**validated, "_kind": kind, "_classes": classes}, n

    def _derive_state(self, state: TermSums, **options: Any) -> dict[str, Any]:
        self._check_present(state, options["labels"])
        if "hits" in state.sums:
            hits = state.sums["hits"]
        else:
            in_unit = state.low >= 0 and state.high <= 1
            hits = state.sums["hits_half" if in_unit else "hits_zero"]
        if state.classes is not None and options["k"] >= len(state.classes):
            import warnings

            from fasteval.functional._derive import UndefinedMetricWarning

            warnings.warn(
                f"'k' ({options['k']}) greater than or equal to 'n_classes' ({len(state.classes)})"
                " will result in a perfect score and is therefore meaningless.",
                UndefinedMetricWarning,
                stacklevel=2,
            )
        if not options["normalize"]:
            return {self.name: float(hits)}
        if state.weight_total == 0:
            raise ZeroDivisionError(
                "sample_weight: the weights sum to zero; the mean is not defined"
            )
        return {self.name: float(hits / state.weight_total)}
