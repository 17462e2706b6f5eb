"""Running a model over batches of inputs, and turning what it returns into predictions.

Three kinds of model are recognized:

* a ``torch.nn.Module`` (recognized only when torch is already imported):
  switched to eval mode under ``torch.inference_mode``, each batch collated
  to a tensor on the module's device; every submodule's training flag is
  restored afterwards;
* any other callable (a function, a ``transformers`` pipeline, a Keras
  model): called on a batch (a numpy array or a list of inputs);
* an object with ``predict`` (a scikit-learn estimator or pipeline), and
  ``predict_proba`` when the metric needs scores.

What comes back is normalized per task: class labels (1-D labels, or the
argmax of 2-D scores, or pipeline-style ``[{"label", "score"}]`` records),
regression values, or texts.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from numbers import Number
from typing import Any

import numpy as np

__all__ = ["Predictions", "predict"]

# keys under which transformers pipelines return generated text
_TEXT_KEYS = ("text", "generated_text", "summary_text", "translation_text")


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


def _is_torch_module(model: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(model, torch.nn.Module)


def model_kind(model: Any) -> str:
    """``"torch"``, ``"callable"`` or ``"estimator"``; a ``TypeError`` for anything else."""
    if isinstance(model, str):
        raise TypeError(
            f"evaluator: model_or_pipeline={model!r} is a name; fasteval does not download"
            " models: pass a callable (e.g. a transformers pipeline object), a torch.nn.Module"
            " or an estimator with predict()"
        )
    if _is_torch_module(model):
        return "torch"
    if callable(model):
        return "callable"
    if hasattr(model, "predict"):
        return "estimator"
    raise TypeError(
        "evaluator: model_or_pipeline must be a callable on a batch of inputs, a"
        " torch.nn.Module or an estimator with predict(); got"
        f" {type(model).__name__}"
    )


class Predictions:
    """The normalized predictions of every batch, plus scores when asked for, and the timing."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.scores: list[np.ndarray] = []
        self.seconds = 0.0
        self.rows = 0

    def joined(self) -> Any:
        """All predictions, as one numpy array when every batch is numeric, else a list."""
        if self.values and all(isinstance(v, np.ndarray) for v in self.values):
            return np.concatenate(self.values)
        out: list[Any] = []
        for v in self.values:
            out.extend(v.tolist() if isinstance(v, np.ndarray) else v)
        return out

    def joined_scores(self) -> np.ndarray:
        return np.concatenate(self.scores)


# -- the loop ----------------------------------------------------------------------------


def predict(
    model: Any,
    inputs: Any,
    *,
    output: str,
    batch_size: int,
    label_mapping: Mapping | None,
    need_scores: bool,
    progress: bool | None,
) -> Predictions:
    """Run ``model`` over ``inputs`` in batches; ``output`` is "labels", "values" or "texts"."""
    kind = model_kind(model)
    n = len(inputs)
    result = Predictions()
    call = _caller(model, kind, need_scores)
    with _progress(progress, n) as advance, _eval_mode(model, kind):
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            batch = inputs[start:stop]
            t0 = time.perf_counter()
            raw, raw_scores = call(batch)
            if output == "labels":
                labels, scores = _labels(raw, need_scores and raw_scores is None, label_mapping)
                if raw_scores is not None:
                    scores = _as_scores(raw_scores, "predict_proba()")
            elif output == "values":
                labels, scores = _values(raw), None
            else:
                labels, scores = _texts(raw), None
            result.seconds += time.perf_counter() - t0
            _check_count(len(labels), stop - start, start, stop, "predictions")
            if need_scores:
                if scores is None:
                    raise ValueError(
                        "evaluator: the metric needs prediction scores (one per class), but the"
                        " model returned labels only; return 2-D scores, or give an estimator"
                        " with predict_proba()"
                    )
                _check_count(len(scores), stop - start, start, stop, "score rows")
                result.scores.append(scores)
            result.values.append(labels)
            result.rows = stop
            advance(stop - start)
    return result


def _check_count(got: int, expected: int, start: int, stop: int, what: str) -> None:
    if got != expected:
        raise ValueError(
            f"evaluator: the model returned {got} {what} for a batch of {expected} inputs"
            f" (rows {start} to {stop - 1}); it must return exactly one per input"
        )


def _caller(model: Any, kind: str, need_scores: bool) -> Any:
    """A function batch -> (raw output, raw scores or None)."""
    if kind == "estimator":
        if need_scores and not hasattr(model, "predict_proba"):
            raise TypeError(
                f"evaluator: the metric needs prediction scores, but {type(model).__name__}"
                " has no predict_proba()"
            )

        def call_estimator(batch: Any) -> tuple[Any, Any]:
            labels = model.predict(batch)
            return labels, (model.predict_proba(batch) if need_scores else None)

        return call_estimator
    if kind == "torch":
        import torch

        params = next(iter(model.parameters()), None)
        device = params.device if params is not None else torch.device("cpu")
        float_dtype = params.dtype if params is not None and params.is_floating_point() else None

        def call_torch(batch: Any) -> tuple[Any, Any]:
            x = _collate(batch, device, float_dtype)
            with torch.inference_mode():
                out = model(x)
            return _logits(out), None

        return call_torch
    return lambda batch: (model(batch), None)


def _collate(batch: Any, device: Any, float_dtype: Any) -> Any:
    import torch

    if isinstance(batch, torch.Tensor):
        x = batch
    else:
        if isinstance(batch, list):
            if batch and isinstance(batch[0], str):
                raise TypeError(
                    "evaluator: a torch.nn.Module cannot take text inputs; wrap the tokenizer"
                    " and the module in a callable (texts -> logits)"
                )
            try:
                batch = np.asarray(batch)
            except ValueError as err:
                raise TypeError(
                    f"evaluator: cannot collate the batch into one tensor ({err}); wrap the"
                    " module in a callable that prepares its inputs"
                ) from None
        x = torch.as_tensor(batch)
    if x.is_floating_point() and float_dtype is not None:
        x = x.to(float_dtype)
    return x.to(device)


def _logits(out: Any) -> Any:
    if hasattr(out, "logits"):  # transformers ModelOutput
        out = out.logits
    elif isinstance(out, Mapping) and "logits" in out:
        out = out["logits"]
    elif isinstance(out, (tuple, list)) and out and _module_of(out[0]) == "torch":
        out = out[0]
    return out


@contextmanager
def _eval_mode(model: Any, kind: str) -> Iterator[None]:
    if kind != "torch":
        yield
        return
    flags = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        yield
    finally:
        for module, training in flags:
            module.training = training


@contextmanager
def _progress(enabled: bool | None, total: int) -> Iterator[Any]:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda rows: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("predicting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("predicting", total=total)
    with bar:
        yield lambda rows: bar.update(task, advance=rows)


# -- normalizing outputs -------------------------------------------------------------------


def _host(out: Any) -> Any:
    """torch tensors -> numpy; anything else unchanged."""
    if _module_of(out) == "torch" and hasattr(out, "detach"):
        return out.detach().cpu().numpy()
    if _module_of(out) in ("polars", "pandas") and hasattr(out, "to_numpy"):
        return out.to_numpy()
    return out


def _as_scores(raw: Any, where: str) -> np.ndarray:
    scores = np.asarray(_host(raw), dtype=np.float64)
    if scores.ndim != 2:
        raise ValueError(f"evaluator: expected 2-D scores from {where}, got shape {scores.shape}")
    return scores


def _labels(
    raw: Any, want_scores: bool, label_mapping: Mapping | None
) -> tuple[Any, np.ndarray | None]:
    """Class labels of one batch (and scores, one column per class, when available)."""
    raw = _host(raw)
    scores = None
    if isinstance(raw, (list, tuple)) and raw and isinstance(raw[0], Mapping):
        labels = [_record_label(r) for r in raw]
    elif (
        isinstance(raw, (list, tuple))
        and raw
        and isinstance(raw[0], (list, tuple))
        and (raw[0] and isinstance(raw[0][0], Mapping))
    ):
        labels = [_record_label(max(row, key=_record_score)) for row in raw]
        if want_scores:
            scores = _record_scores(raw, label_mapping)
        return _mapped(labels, label_mapping), scores
    else:
        arr = raw if isinstance(raw, np.ndarray) else _array_or_list(raw)
        if isinstance(arr, list):
            labels = arr
        elif arr.ndim == 1:
            labels = arr
        elif arr.ndim == 2 and arr.shape[1] >= 2:
            if arr.dtype.kind not in "biuf":
                raise TypeError(f"evaluator: 2-D model output must be numeric, got {arr.dtype}")
            scores = arr.astype(np.float64, copy=False)
            labels = np.argmax(arr, axis=1)
        elif arr.ndim == 2:
            raise ValueError(
                f"evaluator: the model returned scores of shape {arr.shape}: one column is"
                " ambiguous (labels, or one logit of a binary classifier?); return 1-D labels"
                " or one score per class"
            )
        else:
            raise ValueError(
                "evaluator: expected 1-D labels or 2-D scores (rows x classes) from the"
                f" model, got an array of shape {arr.shape}"
            )
    return _mapped(labels, label_mapping), scores


def _array_or_list(raw: Any) -> Any:
    if isinstance(raw, (str, bytes)) or not hasattr(raw, "__len__"):
        raise TypeError(
            "evaluator: the model must return one prediction per input (a sequence), got"
            f" {type(raw).__name__}"
        )
    values = list(raw)
    if values and isinstance(values[0], (str, bytes)):
        return values
    try:
        arr = np.asarray(values)
    except ValueError:
        return values
    return values if arr.dtype.kind == "O" else arr


def _record_label(record: Any) -> Any:
    if not isinstance(record, Mapping) or "label" not in record:
        raise TypeError(
            "evaluator: pipeline-style outputs must be dicts with a 'label' key"
            f" (and 'score'), got {record!r}"
        )
    return record["label"]


def _record_score(record: Any) -> float:
    if not isinstance(record, Mapping) or "score" not in record:
        raise TypeError(
            f"evaluator: top-k pipeline outputs must be dicts with 'label' and 'score', got {record!r}"
        )
    return record["score"]


def _record_scores(rows: Any, label_mapping: Mapping | None) -> np.ndarray:
    """Top-k records (every class listed) -> a rows x classes matrix, columns by mapped label."""
    if label_mapping is None:
        raise ValueError(
            "evaluator: to use pipeline scores, give label_mapping (pipeline label -> class"
            " index 0..K-1) so that each score has its column"
        )
    columns = sorted(set(label_mapping.values()))
    if columns != list(range(len(columns))):
        raise ValueError(
            "evaluator: for scores, label_mapping must map to the class indices 0..K-1,"
            f" got {columns}"
        )
    out = np.zeros((len(rows), len(columns)))
    for i, row in enumerate(rows):
        seen = set()
        for record in row:
            col = _mapped([_record_label(record)], label_mapping)[0]
            out[i, col] = _record_score(record)
            seen.add(col)
        if len(seen) != len(columns):
            raise ValueError(
                f"evaluator: row {i} lists scores for {len(seen)} of {len(columns)} classes;"
                " call the pipeline with top_k=None so that every class has a score"
            )
    return out


def _mapped(labels: Any, label_mapping: Mapping | None) -> Any:
    if label_mapping is None:
        return labels
    values = labels.tolist() if isinstance(labels, np.ndarray) else list(labels)
    missing = sorted({str(v) for v in values if v not in label_mapping})
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        keys = ", ".join(map(repr, list(label_mapping)[:10]))
        raise ValueError(
            f"evaluator: the model predicted label(s) not in label_mapping: {shown}"
            f" (label_mapping keys: {keys})"
        )
    mapped = [label_mapping[v] for v in values]
    if mapped and all(isinstance(v, (Number, np.generic)) for v in mapped):
        return np.asarray(mapped)
    return mapped


def _values(raw: Any) -> np.ndarray:
    raw = _host(raw)
    if hasattr(raw, "logits") or (isinstance(raw, Mapping) and "logits" in raw):
        raw = _logits(raw)
        raw = _host(raw)
    try:
        arr = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"evaluator: regression outputs must be numbers ({err})") from None
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(
            f"evaluator: expected one number per input from the model, got shape {arr.shape}"
        )
    return arr


def _texts(raw: Any) -> list[str]:
    raw = _host(raw)
    if isinstance(raw, str):
        raise TypeError(
            "evaluator: the model must return one text per input (a list), got a single string"
        )
    if isinstance(raw, np.ndarray):
        raw = raw.tolist()
    out = []
    for item in raw:
        if isinstance(item, (list, tuple)) and item:  # num_return_sequences: the first
            item = item[0]
        if isinstance(item, Mapping):
            key = next((k for k in _TEXT_KEYS if k in item), None)
            if key is None:
                raise TypeError(
                    "evaluator: text outputs given as dicts need one of the keys"
                    f" {', '.join(_TEXT_KEYS)}; got keys {list(item)}"
                )
            item = item[key]
        if not isinstance(item, str):
            raise TypeError(f"evaluator: expected texts from the model, got {type(item).__name__}")
        out.append(item)
    return out
