"""Hugging Face evaluate's classification modules, runnable without the Hub.

``evaluate.load("accuracy")`` downloads the module's script from the Hub, which
this machine cannot reach. When evaluate is installed, :func:`load_local`
writes modules whose ``_compute`` does what the published accuracy / f1 /
precision / recall modules' ``_compute`` does (one scikit-learn call) and loads
them through evaluate's own machinery, so the timings include evaluate's
features encoding and Arrow cache, as a user's call would.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from typing import Any

HAVE_EVALUATE = importlib.util.find_spec("evaluate") is not None

_TEMPLATE = """
import datasets
import evaluate
import numpy as np
from sklearn.metrics import {function}


class Local{cls}(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description="{name}", citation="", inputs_description="",
            features=datasets.Features({{
                "predictions": datasets.Value("int32"),
                "references": datasets.Value("int32"),
            }}),
        )

    def _compute(self, predictions, references, {signature}sample_weight=None):
        score = {function}(references, predictions, {call}sample_weight=sample_weight)
        return {{"{name}": {result}}}
"""

_SETWISE = {
    "signature": 'labels=None, pos_label=1, average="binary", ',
    "call": "labels=labels, pos_label=pos_label, average=average, ",
    # the published modules test ``score.size``; scikit-learn >= 1.8 returns Python
    # floats for averaged scores, so np.size keeps the module working
    "result": "float(score) if np.size(score) == 1 else score",
}
_MODULES = {
    "accuracy": {
        "function": "accuracy_score",
        "signature": "normalize=True, ",
        "call": "normalize=normalize, ",
        "result": "float(score)",
    },
    "f1": {"function": "f1_score", **_SETWISE},
    "precision": {"function": "precision_score", **_SETWISE},
    "recall": {"function": "recall_score", **_SETWISE},
}


def load_local(names: list[str]) -> list[Any]:
    """evaluate's modules ``names``, loaded from local copies of the published ones."""
    import evaluate

    folder = Path(tempfile.mkdtemp(prefix="fasteval_bench_evaluate_"))
    modules = []
    for name in names:
        path = folder / f"local_{name}.py"
        path.write_text(_TEMPLATE.format(cls=name.title(), name=name, **_MODULES[name]))
        modules.append(evaluate.load(str(path)))
    return modules


def compute_each(modules: list[Any], average: str, **inputs: Any) -> dict[str, Any]:
    """Each module's compute, as an evaluate user scores several metrics with an ``average``.

    ``evaluate.combine(...).compute(average=...)`` passes ``average`` to every
    module, and accuracy's ``_compute`` rejects it, so a user calls them one by one.
    """
    out: dict[str, Any] = {}
    for module in modules:
        options = {} if module.name.endswith("accuracy") else {"average": average}
        out.update(module.compute(**inputs, **options))
    return out
