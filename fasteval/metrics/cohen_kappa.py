"""cohen_kappa: agreement between predictions and references beyond chance."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._state import LabelCounts
from fasteval.functional._derive import derive_cohen_kappa
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.module import ClassificationModule

_DESCRIPTION = """
Cohen's kappa measures how much two labelings of the same items (here predictions
and references, but equally two human annotators) agree, corrected for the agreement
expected by chance:

    kappa = (p_o - p_e) / (1 - p_e)

where p_o is the observed share of agreeing items and p_e the agreement expected if
both labelings were independent with their observed label frequencies,
p_e = sum_k (t_k / n) (p_k / n). It lies in [-1, 1]: 1 is perfect agreement, 0 chance
level and negative values less agreement than chance. It is symmetric in its two
inputs, which makes it the usual inter-annotator agreement score.

With `weights='linear'` or `'quadratic'` (Cohen's weighted kappa) disagreements are
penalised by the distance |i - j| (or its square) between the positions i, j of the
two labels in sorted label order (or in `labels` order), for ordinal scales such as
ratings; quadratic weighted kappa is common for grading tasks. Pitfalls: kappa
depends on class prevalence (with one dominant class it can be low even when raw
agreement is high), and weighted kappa uses label positions, not label values, so
the distance between 1 and 10 is 1 if nothing lies between them. When p_e = 1 (for
example both inputs use one single label) kappa is undefined and
`replace_undefined_by` is returned.

fasteval derives unweighted kappa from per-label counts (the marginals t_k, p_k and
the agreements, O(labels) memory); weighted kappa and a `labels` selection need the
full confusion matrix, which the module keeps when loaded with those options. The
result is the same number as sklearn.metrics.cohen_kappa_score.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels (or the second
        annotator's labels).
    labels (`list` of `int`): Labels to take into account, in this order (the order
        defines the distances of weighted kappa). Items with a prediction or a
        reference outside this list are ignored. Defaults to None: every label seen,
        sorted.
    weights (`str` or `None`): None (default) for unweighted kappa, 'linear' or
        'quadratic' for weighted kappa.
    replace_undefined_by (`float`): Value returned when kappa is undefined (a
        division by zero). Defaults to `nan`.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

    Weighted kappa and `labels` need the full confusion matrix: give them to
    `evaluate.load(...)` when streaming with `add_batch`. Giving them to `compute`
    also works when the data is passed to that same call and nothing was added
    before.

Returns:
    cohen_kappa (`float`): Cohen's kappa, in [-1, 1]. Higher is better; 0 means
        chance-level agreement.

Examples:

    Example 1 - Binary labels
        >>> import fasteval as evaluate
        >>> kappa_metric = evaluate.load("cohen_kappa")
        >>> results = kappa_metric.compute(references=[0, 0, 1, 1, 1], predictions=[0, 1, 0, 1, 1])
        >>> print(round(results['cohen_kappa'], 4))
        0.1667

    Example 2 - An ordinal 0-3 rating, unweighted and weighted
        >>> references = [0, 1, 2, 3, 3, 2, 1, 0, 2, 3]
        >>> predictions = [0, 1, 1, 3, 2, 2, 0, 0, 2, 3]
        >>> kappa_metric.compute(references=references, predictions=predictions)
        {'cohen_kappa': 0.6}
        >>> results = kappa_metric.compute(references=references, predictions=predictions, weights="linear")
        >>> print(round(results['cohen_kappa'], 4))
        0.7619
        >>> results = kappa_metric.compute(references=references, predictions=predictions, weights="quadratic")
        >>> print(round(results['cohen_kappa'], 4))
        0.8819

    Example 3 - The same data with sample weights, then restricted to labels 0-2
        >>> results = kappa_metric.compute(references=references, predictions=predictions, sample_weight=[1, 1, 2, 1, 1, 2, 1, 1, 2, 1])
        >>> print(round(results['cohen_kappa'], 4))
        0.5702
        >>> results = kappa_metric.compute(references=references, predictions=predictions, labels=[0, 1, 2])
        >>> print(round(results['cohen_kappa'], 4))
        0.5758

    Example 4 - Quadratic weighted kappa over streamed batches (option given to `load`)
        >>> qwk_metric = evaluate.load("cohen_kappa", weights="quadratic")
        >>> qwk_metric.add_batch(references=[0, 1, 2, 3, 3], predictions=[0, 1, 1, 3, 2])
        >>> qwk_metric.add_batch(references=[2, 1, 0, 2, 3], predictions=[2, 0, 0, 2, 3])
        >>> print(round(qwk_metric.compute()['cohen_kappa'], 4))
        0.8819

    Example 5 - A single label on both sides: kappa is undefined
        >>> kappa_metric.compute(references=[1, 1, 1], predictions=[1, 1, 1], replace_undefined_by=0.0)
        {'cohen_kappa': 0.0}
"""

_CITATION = (
    SKLEARN_CITATION
    + """@article{cohen1960,
  title={A Coefficient of Agreement for Nominal Scales},
  author={Cohen, Jacob},
  journal={Educational and Psychological Measurement},
  volume={20},
  number={1},
  pages={37--46},
  year={1960},
  doi={10.1177/001316446002000104}
}
@article{cohen1968,
  title={Weighted Kappa: Nominal Scale Agreement Provision for Scaled Disagreement
         or Partial Credit},
  author={Cohen, Jacob},
  journal={Psychological Bulletin},
  volume={70},
  number={4},
  pages={213--220},
  year={1968},
  doi={10.1037/h0026256}
}
"""
)


class CohenKappa(ClassificationModule):
    name = "cohen_kappa"
    summary = (
        "Agreement between predictions and references, corrected for chance (optionally weighted)."
    )
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.cohen_kappa_score.html",
        "https://en.wikipedia.org/wiki/Cohen%27s_kappa",
    ]
    options: ClassVar[dict[str, Any]] = {
        "labels": None,
        "weights": None,
        "replace_undefined_by": float("nan"),
    }

    def state_needs(self, options: dict[str, Any] | None = None) -> frozenset[str]:
        """Weighted kappa and a `labels` selection need the full confusion matrix."""
        options = self.defaults if options is None else options
        if options.get("weights") is not None or options.get("labels") is not None:
            return frozenset({"class_counts", "confusion_matrix"})
        return self.needs

    def _derive_counts(
        self,
        state: LabelCounts,
        labels: Any = None,
        weights: str | None = None,
        replace_undefined_by: float = float("nan"),
    ) -> dict[str, Any]:
        kappa = derive_cohen_kappa(
            state.view(),
            labels=labels,
            weights=weights,
            replace_undefined_by=replace_undefined_by,
        )
        return {"cohen_kappa": float(kappa)}
