"""hamming_loss: the fraction of wrongly predicted labels."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._state import LabelCounts
from fasteval.functional._derive import derive_hamming_loss
from fasteval.functional.multilabel import derive_multilabel_hamming_loss
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.module import ClassificationModule

_DESCRIPTION = """
The Hamming loss is the share of predicted labels that differ from the reference
labels, the normalised Hamming distance between the two label sequences:

    hamming_loss = (number of examples with prediction != reference) / (number of examples)

or, with sample weights w_i, sum(w_i * [pred_i != ref_i]) / sum(w_i). It lies in
[0, 1]; lower is better. For binary and multiclass targets (one label per example,
the case handled here) it is exactly 1 - accuracy; it earns its own name in
multilabel classification, where it counts wrong label slots rather than wrong
examples. Like accuracy it treats every mistake alike, so on imbalanced data a low
loss can hide a model that never predicts the rare classes.

fasteval derives it from per-label counts (O(labels) memory) and gives the same
number as sklearn.metrics.hamming_loss.

With `config_name="multilabel"` the inputs are (n_samples, n_labels) indicator
matrices of 0/1 and the loss is the share of wrong (example, label) cells:

    hamming_loss = sum_i w_i * (labels of example i predicted wrong) / (n_labels * sum_i w_i)

streamed as a count of wrong cells; equal to sklearn.metrics.hamming_loss on
indicator matrices.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

Returns:
    hamming_loss (`float`): Fraction (weighted share with `sample_weight`) of wrong
        predictions, in [0, 1]. Lower is better.

Examples:

    Example 1 - Binary labels with two mistakes out of five
        >>> import fasteval as evaluate
        >>> hamming_metric = evaluate.load("hamming_loss")
        >>> hamming_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1])
        {'hamming_loss': 0.4}

    Example 2 - Three classes, with and without sample weights
        >>> results = hamming_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 2, 1, 0, 0, 1])
        >>> print(round(results['hamming_loss'], 4))
        0.6667
        >>> results = hamming_metric.compute(references=[0, 0, 0, 0, 1, 1, 2, 2], predictions=[0, 0, 0, 1, 1, 1, 2, 0], sample_weight=[1, 1, 1, 1, 2, 2, 0.5, 0.5])
        >>> print(round(results['hamming_loss'], 4))
        0.1667

    Example 3 - String labels, streamed in two batches
        >>> hamming_metric.add_batch(references=["cat", "dog"], predictions=["cat", "cat"])
        >>> hamming_metric.add_batch(references=["bird", "cat"], predictions=["bird", "dog"])
        >>> hamming_metric.compute()
        {'hamming_loss': 0.5}

Multilabel config (`evaluate.load("hamming_loss", config_name="multilabel")`):
    predictions, references (`list` of `list` of `int`, 2-D array-like): indicator
        matrices of shape (n_samples, n_labels) holding 0 and 1.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

    Example 4 - Multilabel: three wrong cells out of four
        >>> hamming_metric = evaluate.load("hamming_loss", config_name="multilabel")
        >>> hamming_metric.compute(references=[[0, 1], [1, 1]], predictions=[[0, 0], [0, 0]])
        {'hamming_loss': 0.75}
"""

_CITATION = (
    SKLEARN_CITATION
    + """@article{hamming1950,
  title={Error Detecting and Error Correcting Codes},
  author={Hamming, Richard W.},
  journal={The Bell System Technical Journal},
  volume={29},
  number={2},
  pages={147--160},
  year={1950},
  doi={10.1002/j.1538-7305.1950.tb00463.x}
}
"""
)


class HammingLoss(ClassificationModule):
    name = "hamming_loss"
    summary = "Fraction of predictions that differ from their reference."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.hamming_loss.html",
        "https://en.wikipedia.org/wiki/Hamming_distance",
    ]
    options: ClassVar[dict[str, Any]] = {}
    multilabel_options: ClassVar[dict[str, Any] | None] = {}

    def _derive_counts(self, state: LabelCounts) -> dict[str, Any]:
        return {"hamming_loss": derive_hamming_loss(state.view())}

    def _derive_multilabel(self, view: Any) -> dict[str, Any]:
        return {"hamming_loss": derive_multilabel_hamming_loss(view)}
