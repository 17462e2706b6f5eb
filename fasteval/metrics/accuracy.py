"""accuracy: the fraction of predictions equal to their reference."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._state import LabelCounts
from fasteval.functional._derive import derive_accuracy
from fasteval.functional.multilabel import derive_subset_accuracy
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.module import ClassificationModule

_DESCRIPTION = """
Accuracy is the share of examples whose predicted label equals the reference label:

    accuracy = (number of correct predictions) / (number of examples)

or, with sample weights w_i, sum(w_i * [pred_i == ref_i]) / sum(w_i). It lies in
[0, 1]; higher is better. On imbalanced data a high accuracy can hide a model that
ignores the rare classes: look at balanced_accuracy, per-class recall or f1 too.

fasteval streams it from per-label counts (O(labels) memory) and gives the same
number as sklearn.metrics.accuracy_score.

With `config_name="multilabel"` the inputs are (n_samples, n_labels) indicator
matrices of 0/1 and accuracy is the subset accuracy (exact match ratio): an example
counts as correct only when every one of its labels is right. It is strict: with
many labels it is often low even for a good model (hamming_loss and the 'samples'
averages of f1/jaccard give partial credit). Streamed as a count of fully correct
rows, it equals sklearn.metrics.accuracy_score on indicator matrices.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    normalize (`bool`): If True (default), return the fraction of correct
        predictions; if False, return their number (their total weight with
        `sample_weight`).
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

Returns:
    accuracy (`float`): Fraction (or number) of correct predictions; in [0, 1]
        when `normalize=True`.

Examples:

    Example 1 - A simple example
        >>> import fasteval as evaluate
        >>> accuracy_metric = evaluate.load("accuracy")
        >>> results = accuracy_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0])
        >>> print(results)
        {'accuracy': 0.5}

    Example 2 - The same as Example 1, except with `normalize` set to `False`.
        >>> accuracy_metric = evaluate.load("accuracy")
        >>> results = accuracy_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0], normalize=False)
        >>> print(results)
        {'accuracy': 3.0}

    Example 3 - The same as Example 1, except with `sample_weight` set.
        >>> accuracy_metric = evaluate.load("accuracy")
        >>> results = accuracy_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0], sample_weight=[0.5, 2, 0.7, 0.5, 9, 0.4])
        >>> print(results)
        {'accuracy': 0.8778625954198473}

    Example 4 - Streaming batches, then computing once.
        >>> accuracy_metric = evaluate.load("accuracy")
        >>> for refs, preds in [([0, 1], [1, 0]), ([0, 1], [0, 1])]:
        ...     accuracy_metric.add_batch(references=refs, predictions=preds)
        >>> accuracy_metric.compute()
        {'accuracy': 0.5}

Multilabel config (`evaluate.load("accuracy", config_name="multilabel")`):
    predictions, references (`list` of `list` of `int`, 2-D array-like): indicator
        matrices of shape (n_samples, n_labels) holding 0 and 1. `normalize` and
        `sample_weight` as above; the result is the subset accuracy.

    Example 5 - Multilabel: a row is correct only if all its labels are
        >>> accuracy_metric = evaluate.load("accuracy", config_name="multilabel")
        >>> accuracy_metric.compute(references=[[0, 1], [1, 1]], predictions=[[1, 1], [1, 1]])
        {'accuracy': 0.5}
        >>> accuracy_metric.compute(references=[[0, 1, 1], [1, 0, 0], [1, 1, 0]], predictions=[[0, 1, 1], [1, 0, 1], [1, 1, 0]], normalize=False)
        {'accuracy': 2.0}
"""

_CITATION = SKLEARN_CITATION


class Accuracy(ClassificationModule):
    name = "accuracy"
    summary = "Fraction of predictions equal to their reference."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.accuracy_score.html"
    ]
    options: ClassVar[dict[str, Any]] = {"normalize": True}
    multilabel_options: ClassVar[dict[str, Any] | None] = {"normalize": True}

    def _derive_counts(self, state: LabelCounts, normalize: bool = True) -> dict[str, Any]:
        return {"accuracy": derive_accuracy(state.view(), normalize=normalize)}

    def _derive_multilabel(self, view: Any, normalize: bool = True) -> dict[str, Any]:
        return {"accuracy": derive_subset_accuracy(view, normalize=normalize)}
