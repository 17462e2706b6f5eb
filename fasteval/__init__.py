"""fasteval: Hugging Face evaluate's API with scikit-learn's numbers, on Numba kernels.

``import fasteval as evaluate`` works for the evaluate workflow::

    >>> import fasteval as evaluate
    >>> acc = evaluate.load("accuracy")
    >>> acc.compute(references=[0, 1, 2, 0, 1, 2], predictions=[0, 1, 1, 2, 1, 0])
    {'accuracy': 0.5}
    >>> clf = evaluate.combine(["accuracy", "f1", "recall", "precision"])
    >>> clf.compute(predictions=[0, 1, 0], references=[0, 1, 1])
    {'accuracy': 0.6666666666666666, 'f1': 0.6666666666666666, 'recall': 0.5, 'precision': 1.0}

scikit-learn-style functions live in :mod:`fasteval.functional`. Numba,
pyarrow and the metric modules are imported on first use, so ``import
fasteval`` stays cheap.
"""

from __future__ import annotations

from typing import Any

from fasteval.combine import CombinedEvaluations, combine
from fasteval.module import ClassificationModule, EvaluationModule, Metric, State, Value
from fasteval.registry import list_evaluation_modules, load, register

__version__ = "0.1.0"

__all__ = [
    "ClassificationModule",
    "CombinedEvaluations",
    "EvaluationModule",
    "EvaluationReport",
    "EvaluationSuite",
    "Metric",
    "State",
    "Value",
    "__version__",
    "bootstrap",
    "combine",
    "evaluate_parquet",
    "evaluator",
    "functional",
    "list_evaluation_modules",
    "load",
    "register",
    "report",
    "reporting",
    "save",
    "visualization",
]


def __getattr__(name: str) -> Any:
    if name == "bootstrap":  # the function; its code lives in fasteval.resampling
        from fasteval.resampling import bootstrap

        return bootstrap
    if name == "evaluate_parquet":
        from fasteval.parquet import evaluate_parquet

        return evaluate_parquet
    if name in ("report", "EvaluationReport"):
        from fasteval import reporting

        return reporting.report if name == "report" else reporting.EvaluationReport
    if name == "evaluator":  # the function; its code lives in fasteval.evaluators
        from fasteval.evaluators import evaluator

        return evaluator
    if name == "save":
        from fasteval.saving import save

        return save
    if name == "EvaluationSuite":
        from fasteval.suite import EvaluationSuite

        return EvaluationSuite
    if name in ("functional", "kernels", "metrics", "reporting", "visualization"):
        import importlib

        return importlib.import_module(f"fasteval.{name}")
    raise AttributeError(f"module 'fasteval' has no attribute {name!r}")
