"""Evaluation reports: scores, per-class table, confusion matrix, errors and findings.

>>> import fasteval
>>> r = fasteval.report(predictions=[0, 1, 1, 2, 2, 0], references=[0, 1, 2, 2, 2, 0])
>>> r.metrics["accuracy"]
0.8333333333333334
>>> r.per_class["label"].to_list()
['0', '1', '2', 'micro avg', 'macro avg', 'weighted avg']
>>> r.errors.select("index", "reference", "prediction").rows()
[(2, 2, 1)]

``fasteval.report`` is the :func:`report` function; this package holds the
report object, the findings, the curves and the renderers.
"""

from __future__ import annotations

from typing import Any

from fasteval.reporting._build import ReportBuilder
from fasteval.reporting._report import EvaluationReport
from fasteval.reporting.findings import Finding
from fasteval.reporting.renderers import Renderer, get_renderer, register_renderer, renderers

__all__ = [
    "EvaluationReport",
    "Finding",
    "Renderer",
    "ReportBuilder",
    "get_renderer",
    "register_renderer",
    "renderers",
    "report",
]


def report(
    predictions: Any,
    references: Any,
    *,
    scores: Any = None,
    inputs: Any = None,
    ids: Any = None,
    label_names: Any = None,
    metadata: Any = None,
    metrics: Any = None,
    top_errors: int = 20,
) -> EvaluationReport:
    """Evaluate predictions and explain their errors.

    Parameters
    ----------
    predictions, references : array-like
        Labels (integers, booleans or strings), any input fasteval accepts.
    scores : array-like, optional
        Confidence of the predicted class (1-D, in [0, 1]) or an ``(n, classes)``
        probability matrix (column j is integer label j, or the j-th entry of a
        ``label_names`` list). Enables calibration, ROC and PR curves.
    inputs : array-like, optional
        The model inputs (text is analysed: length buckets, label conflicts).
    ids : array-like, optional
        Row identifiers shown with the examples.
    label_names : list or dict, optional
        Display names: ``names[i]`` for integer label ``i``, or ``{label: name}``.
    metadata : dict or DataFrame, optional
        Columns to slice the error rate by (``{"language": [...]}``, a polars or
        pandas DataFrame).
    metrics : list or dict, optional
        Module names (``["accuracy", "f1"]``) or ``{name: load options}`` for the
        overall scores; default: accuracy, balanced accuracy, macro precision /
        recall / f1, weighted f1, MCC and Cohen's kappa.
    top_errors : int
        Wrong (and correct) examples shown by the renderers.

    Returns
    -------
    EvaluationReport
    """
    if metadata is not None and not isinstance(metadata, dict):
        columns = metadata.columns
        metadata = {str(c): metadata[c] for c in columns}
    if not isinstance(top_errors, int) or top_errors < 0:
        raise ValueError(f"top_errors: expected an integer >= 0, got {top_errors!r}")
    builder = ReportBuilder(
        label_names=label_names, sample=None, error_sample=None, conflict_keys=None
    )
    builder.update(
        predictions, references, scores=scores, inputs=inputs, ids=ids, metadata=metadata
    )
    return builder.finish(metrics=metrics, top_errors=top_errors)
