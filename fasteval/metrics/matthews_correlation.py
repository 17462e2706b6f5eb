"""matthews_correlation: the correlation between predicted and true labels (MCC)."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._state import LabelCounts
from fasteval.functional._derive import derive_matthews
from fasteval.functional.multilabel import derive_multilabel_matthews
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.module import ClassificationModule

_DESCRIPTION = """
The Matthews correlation coefficient (MCC, the phi coefficient for two classes) is
the Pearson correlation between the one-hot encoded predictions and references. For
two classes:

    MCC = (TP * TN - FP * FN) / sqrt((TP + FP) (TP + FN) (TN + FP) (TN + FN))

and for C classes (Gorodkin's R_K), with n examples, c correct predictions, t_k true
and p_k predicted examples of class k:

    MCC = (c * n - sum_k t_k p_k) / sqrt((n^2 - sum_k p_k^2) (n^2 - sum_k t_k^2))

It lies in [-1, 1]: 1 is a perfect prediction, 0 no better than chance and -1 total
disagreement (for more than two classes the minimum is above -1). Because it uses
all four cells of the confusion matrix and is symmetric in the classes, it stays
informative on imbalanced data where accuracy and F1 can look good for a trivial
classifier. When the predictions or the references contain a single class the
denominator is 0 and the result is defined as 0.

fasteval derives it from per-label counts (the marginals t_k, p_k and the diagonal,
O(labels) memory) and gives the same number as sklearn.metrics.matthews_corrcoef.

With `config_name="multilabel"` the inputs are (n_samples, n_labels) indicator
matrices of 0/1 and, as in evaluate's multilabel config, the coefficient is computed
for each label column from its 2 x 2 confusion matrix (each equal to
matthews_corrcoef(references[:, j], predictions[:, j])): `average=None` (default)
returns them as an array, 'macro' their mean, and 'micro' the coefficient of all
(example, label) cells pooled, matthews_corrcoef of the flattened matrices. These
derive from per-label counts streamed in one pass.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

Returns:
    matthews_correlation (`float`): The Matthews correlation coefficient, in [-1, 1].
        Higher is better; 0 means chance level.

Examples:

    Example 1 - Four classes, predictions and references only
        >>> import fasteval as evaluate
        >>> matthews_metric = evaluate.load("matthews_correlation")
        >>> results = matthews_metric.compute(references=[1, 3, 2, 0, 3, 2],
        ...                                     predictions=[1, 2, 2, 0, 3, 3])
        >>> print(round(results['matthews_correlation'], 2))
        0.54

    Example 2 - The same data with sample weights
        >>> matthews_metric = evaluate.load("matthews_correlation")
        >>> results = matthews_metric.compute(references=[1, 3, 2, 0, 3, 2],
        ...                                     predictions=[1, 2, 2, 0, 3, 3],
        ...                                     sample_weight=[0.5, 3, 1, 1, 1, 2])
        >>> print(round(results['matthews_correlation'], 2))
        0.1

    Example 3 - Sample weights that make the correlation negative
        >>> matthews_metric = evaluate.load("matthews_correlation")
        >>> results = matthews_metric.compute(references=[1, 3, 2, 0, 3, 2],
        ...                                     predictions=[1, 2, 2, 0, 3, 3],
        ...                                     sample_weight=[0.5, 1, 0, 0, 0, 1])
        >>> print(round(results['matthews_correlation'], 2))
        -0.25

    Example 4 - Binary labels: some agreement, total disagreement, a constant prediction
        >>> references = [1, 1, 1, 0, 0, 0]
        >>> results = matthews_metric.compute(references=references, predictions=[1, 1, 0, 0, 0, 1])
        >>> print(round(results['matthews_correlation'], 4))
        0.3333
        >>> matthews_metric.compute(references=references, predictions=[0, 0, 0, 1, 1, 1])
        {'matthews_correlation': -1.0}
        >>> matthews_metric.compute(references=references, predictions=[1, 1, 1, 1, 1, 1])
        {'matthews_correlation': 0.0}

Multilabel config (`evaluate.load("matthews_correlation", config_name="multilabel")`):
    predictions, references (`list` of `list` of `int`, 2-D array-like): indicator
        matrices of shape (n_samples, n_labels) holding 0 and 1.
    average (`str` or `None`): None (default) returns one coefficient per label
        column, as an array (evaluate returns a list); 'macro' their unweighted mean;
        'micro' the coefficient of all (example, label) cells pooled.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

    Example 5 - Multilabel, one coefficient per label
        >>> matthews_metric = evaluate.load("matthews_correlation", config_name="multilabel")
        >>> results = matthews_metric.compute(references=[[0,1], [1,0], [1,1]],
        ...                                     predictions=[[0,1], [1,1], [0,1]])
        >>> print(results['matthews_correlation'])
        [0.5 0. ]

    Example 6 - Multilabel, averaged over the labels
        >>> matthews_metric = evaluate.load("matthews_correlation", config_name="multilabel")
        >>> results = matthews_metric.compute(references=[[0,1], [1,0], [1,1]],
        ...                                     predictions=[[0,1], [1,1], [0,1]],
        ...                                     average='macro')
        >>> print(round(results['matthews_correlation'], 2))
        0.25
"""

_CITATION = (
    SKLEARN_CITATION
    + """@article{matthews1975,
  title={Comparison of the Predicted and Observed Secondary Structure of {T4} Phage Lysozyme},
  author={Matthews, Brian W.},
  journal={Biochimica et Biophysica Acta (BBA) - Protein Structure},
  volume={405},
  number={2},
  pages={442--451},
  year={1975},
  doi={10.1016/0005-2795(75)90109-9}
}
@article{gorodkin2004,
  title={Comparing Two K-Category Assignments by a K-Category Correlation Coefficient},
  author={Gorodkin, Jan},
  journal={Computational Biology and Chemistry},
  volume={28},
  number={5-6},
  pages={367--374},
  year={2004},
  doi={10.1016/j.compbiolchem.2004.09.006}
}
"""
)


class MatthewsCorrelation(ClassificationModule):
    name = "matthews_correlation"
    summary = "Matthews correlation coefficient: correlation of predictions and references, robust to imbalance."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.matthews_corrcoef.html",
        "https://en.wikipedia.org/wiki/Phi_coefficient",
    ]
    options: ClassVar[dict[str, Any]] = {}
    multilabel_options: ClassVar[dict[str, Any] | None] = {"average": None}

    def _derive_counts(self, state: LabelCounts) -> dict[str, Any]:
        return {"matthews_correlation": derive_matthews(state.view())}

    def _derive_multilabel(self, view: Any, average: str | None = None) -> dict[str, Any]:
        return {"matthews_correlation": derive_multilabel_matthews(view, average=average)}
