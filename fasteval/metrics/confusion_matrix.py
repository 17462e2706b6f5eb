"""confusion_matrix: counts of every (reference, prediction) label pair."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._state import LabelCounts
from fasteval.functional._derive import derive_confusion_matrix
from fasteval.functional.multilabel import derive_multilabel_confusion_matrix
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.module import ClassificationModule

_DESCRIPTION = """
The confusion matrix C tabulates every pair of labels: C[i, j] is the number (total
sample weight) of examples whose reference is label i and whose prediction is label
j. Rows are references, columns predictions, and labels are in sorted order unless
`labels` gives another order. The diagonal holds the correct predictions; every
other cell names one specific mistake, which makes the matrix the place to look for
which classes get confused with which. All other classification scores (accuracy,
precision, recall, kappa, MCC...) are functions of it.

`normalize` turns counts into rates: 'true' divides each row by its sum (the
diagonal then holds per-class recall), 'pred' divides each column by its sum (the
diagonal holds per-class precision), 'all' divides by the grand total. Rows or
columns with a zero sum are left at 0. Pitfalls: some texts put predictions on the
rows, so check the convention before comparing with other tools; a label missing
from both inputs gets no row unless it is listed in `labels`; and the matrix has
labels x labels cells, so memory grows with the square of the number of classes.

fasteval keeps the dense matrix while streaming (unlike the other classification
modules, which derive their scores from per-label counts) and returns the same
values as sklearn.metrics.confusion_matrix: int64 without sample weights, float64
with them (scikit-learn keeps an integer dtype for integer weights).

With `config_name="multilabel"` the inputs are (n_samples, n_labels) indicator
matrices of 0/1 and the result is one 2 x 2 matrix per label column, [[TN, FP],
[FN, TP]] (rows: reference 0 / 1, columns: prediction 0 / 1), shape (n_labels, 2, 2),
as sklearn.metrics.multilabel_confusion_matrix; `labels` selects and orders the
columns. It derives from per-label counts streamed in one pass (O(labels) memory).
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`, array-like): Predicted labels (ints, bools or strings).
    references (`list` of `int`, array-like): Ground truth labels.
    labels (`list` of `int`): Labels that index the rows and columns, in this order;
        use it to reorder the matrix, to select a subset of labels (examples with
        another label on either side are left out) or to add rows for labels absent
        from the data. At least one of them must occur in the references. Defaults
        to None: every label seen, sorted.
    normalize (`str` or `None`): 'true' (rows sum to 1), 'pred' (columns sum to 1),
        'all' (the matrix sums to 1) or None (default) for raw counts.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.

Returns:
    confusion_matrix (`numpy.ndarray`): Square matrix whose entry [i, j] counts the
        examples with reference label i and predicted label j (a rate when
        `normalize` is set).

Examples:

    Example 1 - Three classes
        >>> import fasteval as evaluate
        >>> confusion_matrix_metric = evaluate.load("confusion_matrix")
        >>> results = confusion_matrix_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0])
        >>> print(results)  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
        {'confusion_matrix': array([[1, 0, 1], [0, 2, 0], [1, 1, 0]]...)}

    Example 2 - The same data normalised over the references (rows)
        >>> results = confusion_matrix_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0], normalize="true")
        >>> print(results['confusion_matrix'])
        [[0.5 0.  0.5]
         [0.  1.  0. ]
         [0.5 0.5 0. ]]

    Example 3 - Reordering the labels
        >>> results = confusion_matrix_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0], labels=[2, 1, 0])
        >>> print(results['confusion_matrix'])
        [[0 1 1]
         [0 2 0]
         [1 0 1]]

    Example 4 - Sample weights: the cells hold total weights
        >>> results = confusion_matrix_metric.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0], sample_weight=[0.5, 2, 0.7, 0.5, 9, 0.4])
        >>> print(results['confusion_matrix'])
        [[ 0.5  0.   0.5]
         [ 0.  11.   0. ]
         [ 0.4  0.7  0. ]]

Multilabel config (`evaluate.load("confusion_matrix", config_name="multilabel")`):
    predictions, references (`list` of `list` of `int`, 2-D array-like): indicator
        matrices of shape (n_samples, n_labels) holding 0 and 1.
    labels (`list` of `int`): Column indices to report, in this order. Defaults to
        None: every column.
    sample_weight (`list` of `float`): Per-example weights. Defaults to None.
    Returns `confusion_matrix` (`numpy.ndarray` of shape (n_labels, 2, 2)): for each
    label, [[TN, FP], [FN, TP]]. (There is no `normalize` option in this config.)

    Example 5 - Multilabel: one 2 x 2 matrix per label
        >>> # you must pass config_name="multilabel" to the load method
        >>> confusion_matrix_metric = evaluate.load("confusion_matrix", config_name="multilabel")
        >>> results = confusion_matrix_metric.compute(references=[[0, 1], [1, 0], [0, 0], [0, 1], [1, 0], [0, 0]], predictions=[[0, 1], [1, 0], [1, 0], [0, 0], [1, 0], [0, 1]])
        >>> print(results['confusion_matrix'].tolist())
        [[[3, 1], [0, 2]], [[3, 1], [1, 1]]]
        >>> results = confusion_matrix_metric.compute(references=[[0, 1], [1, 0], [0, 0]], predictions=[[0, 1], [1, 1], [1, 0]], labels=[1])
        >>> print(results['confusion_matrix'].tolist())
        [[[1, 1], [0, 1]]]
"""

_CITATION = SKLEARN_CITATION


class ConfusionMatrix(ClassificationModule):
    name = "confusion_matrix"
    summary = "Counts of every (reference, prediction) label pair, optionally normalized."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.confusion_matrix.html"
    ]
    needs: ClassVar[frozenset[str]] = frozenset({"class_counts", "confusion_matrix"})
    options: ClassVar[dict[str, Any]] = {"labels": None, "normalize": None}
    multilabel_options: ClassVar[dict[str, Any] | None] = {"labels": None}

    def _derive_counts(
        self, state: LabelCounts, labels: Any = None, normalize: str | None = None
    ) -> dict[str, Any]:
        matrix = derive_confusion_matrix(state.view(), labels=labels, normalize=normalize)
        return {"confusion_matrix": matrix}

    def _derive_multilabel(self, view: Any, labels: Any = None) -> dict[str, Any]:
        return {"confusion_matrix": derive_multilabel_confusion_matrix(view, labels=labels)}
