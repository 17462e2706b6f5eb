"""Finding modules by name: ``load``, ``list_evaluation_modules``, ``register``."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
from typing import Any

from fasteval.module import EvaluationModule

__all__ = ["list_evaluation_modules", "load", "register"]

# name -> "module path:class name"; imported only when loaded.
BUILTIN: dict[str, str] = {
    "accuracy": "fasteval.metrics.accuracy:Accuracy",
    "balanced_accuracy": "fasteval.metrics.balanced_accuracy:BalancedAccuracy",
    "cohen_kappa": "fasteval.metrics.cohen_kappa:CohenKappa",
    "confusion_matrix": "fasteval.metrics.confusion_matrix:ConfusionMatrix",
    "f1": "fasteval.metrics.f1:F1",
    "fbeta": "fasteval.metrics.fbeta:FBeta",
    "hamming_loss": "fasteval.metrics.hamming_loss:HammingLoss",
    "jaccard": "fasteval.metrics.jaccard:Jaccard",
    "matthews_correlation": "fasteval.metrics.matthews_correlation:MatthewsCorrelation",
    "precision": "fasteval.metrics.precision:Precision",
    "recall": "fasteval.metrics.recall:Recall",
    "specificity": "fasteval.metrics.specificity:Specificity",
    # text metrics
    "cer": "fasteval.metrics.cer:CER",
    "edit_distance": "fasteval.metrics.edit_distance:EditDistance",
    "exact_match": "fasteval.metrics.exact_match:ExactMatch",
    "mer": "fasteval.metrics.mer:MER",
    "wer": "fasteval.metrics.wer:WER",
    "wil": "fasteval.metrics.wil:WIL",
    "wip": "fasteval.metrics.wip:WIP",
    # ranking / retrieval metrics
    "map": "fasteval.metrics.mean_average_precision:MeanAveragePrecision",
    "mrr": "fasteval.metrics.mean_reciprocal_rank:MeanReciprocalRank",
    "ndcg": "fasteval.metrics.ndcg:NDCG",
    "precision_at_k": "fasteval.metrics.precision_at_k:PrecisionAtK",
    "recall_at_k": "fasteval.metrics.recall_at_k:RecallAtK",
    # segmentation and imbalanced-classification metrics
    "dice_coefficient": "fasteval.metrics.dice_coefficient:DiceCoefficient",
    "geometric_mean": "fasteval.metrics.geometric_mean:GeometricMean",
    "mean_iou": "fasteval.metrics.mean_iou:MeanIoU",
    # score metrics
    "average_precision": "fasteval.metrics.average_precision:AveragePrecision",
    "brier_score": "fasteval.metrics.brier_score:BrierScore",
    "equal_error_rate": "fasteval.metrics.equal_error_rate:EqualErrorRate",
    "expected_calibration_error": "fasteval.metrics.expected_calibration_error:ExpectedCalibrationError",
    "log_loss": "fasteval.metrics.log_loss:LogLoss",
    "pr_auc": "fasteval.metrics.pr_auc:PRAUC",
    "roc_auc": "fasteval.metrics.roc_auc:ROCAUC",
    "top_k_accuracy": "fasteval.metrics.top_k_accuracy:TopKAccuracy",
    # regression metrics
    "kendall_tau": "fasteval.metrics.kendall_tau:KendallTau",
    "mae": "fasteval.metrics.mae:MAE",
    "mape": "fasteval.metrics.mape:MAPE",
    "mse": "fasteval.metrics.mse:MSE",
    "pearsonr": "fasteval.metrics.pearsonr:PearsonR",
    "r_squared": "fasteval.metrics.r_squared:RSquared",
    "rmse": "fasteval.metrics.rmse:RMSE",
    "smape": "fasteval.metrics.smape:SMAPE",
    "spearmanr": "fasteval.metrics.spearmanr:SpearmanR",
}
_ALIASES = {
    "mcc": "matthews_correlation",
    "kappa": "cohen_kappa",
    "hamming": "hamming_loss",
    # ranking / retrieval, segmentation and imbalanced classification
    "mean_average_precision": "map",
    "mean_reciprocal_rank": "mrr",
    "ndcg_at_k": "ndcg",
    "ndcg_score": "ndcg",
    "dice": "dice_coefficient",
    "geometric_mean_score": "geometric_mean",
    "g_mean": "geometric_mean",
    # scores (scikit-learn's function names and common short names)
    "ece": "expected_calibration_error",
    "eer": "equal_error_rate",
    "brier_score_loss": "brier_score",
    "roc_auc_score": "roc_auc",
    "average_precision_score": "average_precision",
    "top_k_accuracy_score": "top_k_accuracy",
    # regression (scikit-learn's / scipy's function names)
    "r2": "r_squared",
    "r2_score": "r_squared",
    "kendalltau": "kendall_tau",
    "mean_squared_error": "mse",
    "root_mean_squared_error": "rmse",
    "mean_absolute_error": "mae",
    "mean_absolute_percentage_error": "mape",
}
_REGISTERED: dict[str, type[EvaluationModule]] = {}
_MODULE_TYPES = ("metric", "comparison", "measurement")


def register(name: str | None = None):
    """Class decorator registering a module class under ``name`` (default: its ``name``).

    >>> import fasteval
    >>> @fasteval.register("always_one")
    ... class AlwaysOne(fasteval.Metric):
    ...     states = {}
    ...     def update(self, state, predictions, references):
    ...         pass
    ...     def derive(self, state):
    ...         return {"always_one": 1.0}
    >>> fasteval.load("always_one").compute(predictions=[1], references=[2])
    {'always_one': 1.0}
    """

    def decorate(cls: type[EvaluationModule]) -> type[EvaluationModule]:
        if not (inspect.isclass(cls) and issubclass(cls, EvaluationModule)):
            raise TypeError(f"register() expects an EvaluationModule subclass, got {cls!r}")
        key = name or cls.name
        if not key:
            raise ValueError("register(): give a name, or set the class attribute `name`")
        if key in BUILTIN:
            raise ValueError(f"register(): {key!r} is a built-in module name; choose another")
        cls.name = key
        _REGISTERED[key] = cls
        return cls

    return decorate


def _builtin_class(name: str) -> type[EvaluationModule]:
    module_path, cls_name = BUILTIN[name].split(":")
    return getattr(importlib.import_module(module_path), cls_name)


def _all_classes() -> dict[str, type[EvaluationModule]]:
    classes = {name: _builtin_class(name) for name in BUILTIN}
    classes.update(_REGISTERED)
    return classes


def list_evaluation_modules(
    module_type: str | None = None, include_community: bool = True, with_details: bool = False
) -> list[Any]:
    """Names of every available module (built-in and registered).

    Parameters
    ----------
    module_type : {"metric", "comparison", "measurement"} or None
        Only modules of this type.
    include_community : bool
        Accepted for compatibility with evaluate; every module here is local.
    with_details : bool
        Return dicts ``{"name", "type", "description"}`` instead of names.

    Examples
    --------
    >>> import fasteval as evaluate
    >>> "f1" in evaluate.list_evaluation_modules(module_type="metric")
    True
    >>> evaluate.list_evaluation_modules(module_type="comparison")
    []
    """
    if module_type is not None and module_type not in _MODULE_TYPES:
        raise ValueError(
            f"module_type must be one of {list(_MODULE_TYPES)} or None; got {module_type!r}"
        )
    out = []
    for name, cls in sorted(_all_classes().items()):
        if module_type is not None and cls.module_type != module_type:
            continue
        if with_details:
            description = cls.summary or _first_sentence(cls.description)
            out.append({"name": name, "type": cls.module_type, "description": description})
        else:
            out.append(name)
    return out


def _first_sentence(text: str) -> str:
    """The first sentence of a description, on one line."""
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[: end + 1]


def _load_file(path: str) -> type[EvaluationModule]:
    if os.path.isdir(path):
        candidate = os.path.join(path, os.path.basename(os.path.normpath(path)) + ".py")
        if not os.path.isfile(candidate):
            raise FileNotFoundError(
                f"load(): folder {path!r} holds no {os.path.basename(candidate)!r}"
            )
        path = candidate
    module_name = f"fasteval_user_{abs(hash(os.path.abspath(path)))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ValueError(f"load(): cannot import {path!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    found = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, EvaluationModule)
        and obj.__module__ == module_name
    ]
    if len(found) != 1:
        names = [c.__name__ for c in found]
        raise ValueError(
            f"load(): {path!r} must define exactly one EvaluationModule subclass, found {len(found)} {names}"
        )
    return found[0]


def load(
    path: str,
    config_name: str | None = None,
    module_type: str | None = None,
    process_id: int = 0,
    num_process: int = 1,
    cache_dir: str | None = None,
    experiment_id: str | None = None,
    keep_in_memory: bool = False,
    download_config: Any = None,
    download_mode: Any = None,
    revision: str | None = None,
    **init_kwargs: Any,
) -> EvaluationModule:
    """Load a module by name (``"accuracy"``), registered name, or file path (``"my_metric.py"``).

    Keyword arguments not listed become the module's default compute options,
    e.g. ``load("f1", average="macro")``. ``num_process``, ``process_id``,
    ``experiment_id``, ``cache_dir`` (and ``timeout=``, seconds process 0 waits)
    set up evaluate's multi-process evaluation (see :mod:`fasteval.distributed`).
    The remaining arguments exist for compatibility with ``evaluate.load`` and
    are ignored.

    Examples
    --------
    >>> import fasteval as evaluate
    >>> evaluate.load("accuracy").compute(references=[0, 1], predictions=[1, 1])
    {'accuracy': 0.5}
    >>> evaluate.load("f1", average="macro").compute(references=[0, 1, 2], predictions=[0, 1, 1])
    {'f1': 0.5555555555555555}
    """
    if not isinstance(path, str):
        raise TypeError(
            f"load(): path must be a module name or a file path (str), got {type(path).__name__}"
        )
    key = path
    for prefix in ("evaluate-metric/", "evaluate-comparison/", "evaluate-measurement/"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    key = _ALIASES.get(key, key)
    if key in BUILTIN:
        cls = _builtin_class(key)
    elif key in _REGISTERED:
        cls = _REGISTERED[key]
    elif path.endswith(".py") or os.path.isdir(path):
        if not os.path.exists(path):
            raise FileNotFoundError(f"load(): no such file {path!r}")
        cls = _load_file(path)
    else:
        import difflib

        names = sorted(set(BUILTIN) | set(_REGISTERED))
        close = difflib.get_close_matches(key, names, n=3)
        hint = (
            f"; did you mean {', '.join(map(repr, close))}?"
            if close
            else f"; available: {', '.join(names)}"
        )
        raise ValueError(f"load(): unknown module {path!r}{hint}")
    if module_type is not None and cls.module_type != module_type:
        raise ValueError(f"load(): {key!r} is a {cls.module_type}, not a {module_type}")
    return cls(
        config_name=config_name,
        experiment_id=experiment_id,
        num_process=num_process,
        process_id=process_id,
        cache_dir=cache_dir,
        **init_kwargs,
    )
