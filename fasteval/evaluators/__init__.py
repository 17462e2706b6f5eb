"""Task evaluators: run a model over a dataset and score its predictions, as evaluate's ``evaluator``.

``fasteval.evaluator(task)`` returns an :class:`Evaluator` whose ``compute``
takes a model (a callable, a ``torch.nn.Module``, a scikit-learn estimator or a
``transformers`` pipeline object) and data (a list of dicts, a dict of columns,
a pandas or polars DataFrame, a pyarrow Table, a Parquet path or a
``datasets.Dataset``), runs the model in batches and returns the metric's
results together with evaluate's timing keys.

(The package is named ``evaluators`` so that ``fasteval.evaluator`` stays the
function: a submodule of that name would replace it on the package once imported.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from fasteval.evaluators._data import as_table, column_values
from fasteval.evaluators._models import predict

__all__ = [
    "SUPPORTED_TASKS",
    "ClassificationEvaluator",
    "Evaluator",
    "RegressionEvaluator",
    "TextGenerationEvaluator",
    "evaluator",
    "get_supported_tasks",
]

_TIMING_KEYS = ("total_time_in_seconds", "samples_per_second", "latency_in_seconds")


class Evaluator:
    """Base class: the task, its default metric and columns, and the shared ``compute``.

    Subclasses set ``output`` (what the model's outputs become: ``"labels"``,
    ``"values"`` or ``"texts"``) and the defaults.
    """

    output = "labels"

    def __init__(
        self,
        task: str,
        default_metric_name: str | None,
        default_input_column: str = "text",
        default_label_column: str = "label",
    ) -> None:
        self.task = task
        self.default_metric_name = default_metric_name
        self.default_input_column = default_input_column
        self.default_label_column = default_label_column

    def __repr__(self) -> str:
        return f"{type(self).__name__}(task={self.task!r}, default_metric={self.default_metric_name!r})"

    # -- metric ----------------------------------------------------------------------------
    def prepare_metric(self, metric: Any = None) -> Any:
        """The module (or combination) to score with: a name, a module, a combine, or a list of names."""
        import fasteval

        if metric is None:
            name = self.default_metric_name
            if name is None or name not in fasteval.list_evaluation_modules():
                raise ValueError(
                    f"evaluator({self.task!r}): no default metric is available"
                    f" ({name!r} is not a fasteval module); pass metric=..."
                )
            return fasteval.load(name)
        if isinstance(metric, str):
            return fasteval.load(metric)
        if isinstance(metric, (list, tuple)):
            return fasteval.combine(list(metric))
        if isinstance(metric, fasteval.EvaluationModule):
            modules = [metric]
        elif isinstance(metric, fasteval.CombinedEvaluations):
            modules = metric.evaluation_modules
        else:
            raise TypeError(
                "evaluator: metric must be a module name, a list of names, a module from"
                f" fasteval.load or a fasteval.combine(...); got {type(metric).__name__}"
            )
        held = [m.name for m in modules if m._acc.stored]
        if held:
            raise ValueError(
                f"evaluator: metric {', '.join(map(repr, held))} already holds examples added"
                " with add()/add_batch(); they would be scored with the model's predictions."
                " Pass a fresh module (or call reset() first)"
            )
        return metric

    # -- the evaluation --------------------------------------------------------------------
    def compute(
        self,
        model_or_pipeline: Any = None,
        data: Any = None,
        metric: Any = None,
        *,
        input_column: str | Sequence[str] | None = None,
        label_column: str | None = None,
        label_mapping: Mapping[Any, Any] | None = None,
        batch_size: int = 256,
        strategy: str = "simple",
        confidence_level: float = 0.95,
        n_resamples: int = 9999,
        random_state: int | None = None,
        metric_kwargs: Mapping[str, Any] | None = None,
        progress: bool | None = None,
    ) -> dict[str, Any]:
        """Run ``model_or_pipeline`` over ``data`` in batches and score its predictions.

        Parameters
        ----------
        model_or_pipeline : callable, torch.nn.Module or estimator
            A callable on a batch of inputs (a numpy array for numeric inputs,
            else a list) returning one prediction per input: labels, 2-D scores
            (argmax taken), ``[{"label": ..., "score": ...}]`` records as a
            ``transformers`` pipeline returns (or one list of records per input,
            the top-scoring one taken), numbers (regression) or texts. A
            ``torch.nn.Module`` runs in eval mode under ``torch.inference_mode``
            on tensors collated from each batch (argmax of its logits); its
            training flags are restored afterwards. An object with ``predict``
            (scikit-learn) is called through ``predict`` (and ``predict_proba``
            when the metric needs scores). A metric needs scores when it takes
            ``prediction_scores`` (as evaluate's roc_auc does): it gets the 2-D
            scores as the model returned them (no softmax is applied), or the
            second column alone for two classes.
        data : table-like
            A list of row dicts, a dict of columns, a pandas or polars
            DataFrame, a pyarrow Table, a path to a Parquet file or folder (or
            a ``.csv`` / ``.jsonl`` file), or a ``datasets.Dataset``.
        metric : str, list of str, module or combination, optional
            Default: the task's metric (see :data:`SUPPORTED_TASKS`).
        input_column : str or list of str, optional
            Column holding the model's inputs (default: the task's, e.g.
            ``"text"``, ``"image"``); a list of numeric columns is stacked into
            one 2-D feature matrix.
        label_column : str, optional
            Column holding the references (default: the task's, e.g. ``"label"``).
        label_mapping : dict, optional
            Maps each label the model returns to the dataset's label, e.g.
            ``{"LABEL_0": 0, "LABEL_1": 1}``; a predicted label missing from it
            is an error.
        batch_size : int
            Inputs per model call.
        strategy : {"simple", "bootstrap"}
            ``"bootstrap"`` returns, for each metric key, ``{"score",
            "confidence_interval", "standard_error"}`` from
            :func:`fasteval.bootstrap` with BCa intervals, as evaluate's
            evaluator (scipy.stats.bootstrap's default method).
        confidence_level, n_resamples, random_state
            Passed to the bootstrap.
        metric_kwargs : dict, optional
            Options for the metric's ``compute`` (e.g. ``{"average": "macro"}``).
        progress : bool, optional
            Show a progress bar (rich, on stderr); default: only on a terminal.

        Returns
        -------
        dict
            The metric's results, plus ``total_time_in_seconds`` (model time
            over all batches), ``samples_per_second`` and ``latency_in_seconds``.

        Examples
        --------
        >>> import fasteval
        >>> task = fasteval.evaluator("text-classification")
        >>> data = {"text": ["good", "bad", "great", "awful"], "label": [1, 0, 1, 1]}
        >>> def model(texts):
        ...     return [{"label": "POS" if t.startswith("g") else "NEG", "score": 0.9} for t in texts]
        >>> r = task.compute(model, data, label_mapping={"NEG": 0, "POS": 1})
        >>> r["accuracy"], sorted(r)
        (0.75, ['accuracy', 'latency_in_seconds', 'samples_per_second', 'total_time_in_seconds'])
        """
        if strategy not in ("simple", "bootstrap"):
            raise ValueError(
                f"evaluator: strategy must be 'simple' or 'bootstrap', got {strategy!r}"
            )
        if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool):
            raise TypeError(
                f"evaluator: batch_size must be an int, got {type(batch_size).__name__}"
            )
        if batch_size < 1:
            raise ValueError(f"evaluator: batch_size must be at least 1, got {batch_size}")
        if label_mapping is not None and not isinstance(label_mapping, Mapping):
            raise TypeError(
                f"evaluator: label_mapping must be a dict, got {type(label_mapping).__name__}"
            )
        if model_or_pipeline is None:
            raise ValueError(
                "evaluator: model_or_pipeline is required (fasteval builds no default pipeline)"
            )
        input_column = self.default_input_column if input_column is None else input_column
        label_column = self.default_label_column if label_column is None else label_column
        module = self.prepare_metric(metric)
        need_scores = _needs_scores(module)

        table = as_table(data)
        input_names = [input_column] if isinstance(input_column, str) else list(input_column)
        if not input_names:
            raise ValueError("evaluator: input_column is an empty list")
        single = isinstance(input_column, str)
        wanted = {
            "input_column" if single else f"input_column[{i}]": c for i, c in enumerate(input_names)
        }
        table.check_columns({**wanted, "label_column": label_column})
        if table.num_rows == 0:
            raise ValueError(f"evaluator: the data ({table.what}) has 0 rows; nothing to evaluate")
        inputs = _inputs(table, input_names, single)
        references = column_values(table.column(label_column), label_column, role="references")

        preds = predict(
            model_or_pipeline,
            inputs,
            output=self.output,
            batch_size=int(batch_size),
            label_mapping=label_mapping,
            need_scores=need_scores,
            progress=progress,
        )
        if preds.rows != table.num_rows:  # cannot happen unless the loop is broken
            raise RuntimeError(f"evaluator: predicted {preds.rows} of {table.num_rows} rows")
        metric_inputs = {"predictions": preds.joined(), "references": references}
        if need_scores:
            scores = preds.joined_scores()
            metric_inputs["prediction_scores"] = scores[:, 1] if scores.shape[1] == 2 else scores
        kwargs = dict(metric_kwargs or {})
        if strategy == "bootstrap":
            result = _bootstrap(
                module, metric_inputs, kwargs, confidence_level, n_resamples, random_state
            )
        else:
            # every process of a distributed job ran the model on all of ``data``:
            # its result is complete as it is, so no states are gathered
            module._local_only = True
            try:
                result = _as_dict(module, module.compute(**metric_inputs, **kwargs))
            finally:
                del module._local_only
        result.update(_timing(preds.seconds, table.num_rows))
        return result


class ClassificationEvaluator(Evaluator):
    """Text, image and audio classification: labels (or argmax of scores) against the label column."""

    output = "labels"


class RegressionEvaluator(Evaluator):
    """Regression: one number per input against a numeric label column."""

    output = "values"


class TextGenerationEvaluator(Evaluator):
    """Speech recognition and text-to-text generation: one text per input, scored by text metrics."""

    output = "texts"


#: task -> (evaluator class, default metric, default input column, default label column);
#: evaluate's defaults except text2text-generation (evaluate: "bleu", not a fasteval module).
SUPPORTED_TASKS: dict[str, tuple[type[Evaluator], str, str, str]] = {
    "text-classification": (ClassificationEvaluator, "accuracy", "text", "label"),
    "image-classification": (ClassificationEvaluator, "accuracy", "image", "label"),
    "audio-classification": (ClassificationEvaluator, "accuracy", "file", "label"),
    "regression": (RegressionEvaluator, "mse", "features", "label"),
    "automatic-speech-recognition": (TextGenerationEvaluator, "wer", "path", "sentence"),
    "text2text-generation": (TextGenerationEvaluator, "exact_match", "text", "label"),
}
_TASK_ALIASES = {"sentiment-analysis": "text-classification"}


def get_supported_tasks() -> list[str]:
    """The task names :func:`evaluator` accepts.

    >>> get_supported_tasks()[:2]
    ['text-classification', 'image-classification']
    """
    return list(SUPPORTED_TASKS)


def evaluator(task: str | None = None) -> Evaluator:
    """The evaluator of ``task`` (evaluate's ``evaluator``).

    Tasks: ``"text-classification"`` (alias ``"sentiment-analysis"``),
    ``"image-classification"``, ``"audio-classification"`` (one classification
    evaluator; default metric ``accuracy``), ``"regression"`` (``mse``),
    ``"automatic-speech-recognition"`` (``wer``) and ``"text2text-generation"``
    (``exact_match``: evaluate's default, ``bleu``, is not a fasteval module).

    Examples
    --------
    >>> import fasteval
    >>> task = fasteval.evaluator("image-classification")
    >>> task
    ClassificationEvaluator(task='image-classification', default_metric='accuracy')
    >>> data = {"image": [[0.0, 1.0], [1.0, 0.0], [0.2, 0.9]], "label": [1, 0, 0]}
    >>> scores = lambda x: x  # a "model" returning 2-D scores: the argmax is the label
    >>> task.compute(scores, data)["accuracy"]
    0.6666666666666666
    >>> fasteval.evaluator("object-detection")
    Traceback (most recent call last):
    ...
    KeyError: "Unknown task 'object-detection'; available tasks: text-classification, image-classification, audio-classification, regression, automatic-speech-recognition, text2text-generation (alias: sentiment-analysis)"
    """
    key = _TASK_ALIASES.get(task, task) if isinstance(task, str) else task
    if key not in SUPPORTED_TASKS:
        aliases = ", ".join(_TASK_ALIASES)
        raise KeyError(
            f"Unknown task {task!r}; available tasks: {', '.join(SUPPORTED_TASKS)}"
            f" (alias: {aliases})"
        )
    cls, metric, input_column, label_column = SUPPORTED_TASKS[key]
    return cls(key, metric, input_column, label_column)


# -- helpers -------------------------------------------------------------------------------


def _inputs(table: Any, names: list[str], single: bool) -> Any:
    if single:
        return column_values(table.column(names[0]), names[0], role="inputs")
    columns = []
    for name in names:
        values = column_values(table.column(name), name, role="inputs")
        if (
            not isinstance(values, np.ndarray)
            or values.ndim != 1
            or values.dtype.kind not in "biuf"
        ):
            raise TypeError(
                f"evaluator: input column {name!r} must be numeric to be stacked with the others"
            )
        columns.append(values)
    return np.column_stack(columns)


def _needs_scores(module: Any) -> bool:
    modules = getattr(module, "evaluation_modules", [module])
    return any(
        "prediction_scores" in getattr(m, "features", {})
        or "prediction_scores" in getattr(m, "row_inputs", ())
        for m in modules
    )


def _as_dict(module: Any, result: Any) -> dict[str, Any]:
    """Modules that return a bare float (wer, cer) -> ``{name: value}``."""
    if isinstance(result, Mapping):
        return dict(result)
    return {module.name: result}


def _timing(seconds: float, rows: int) -> dict[str, float]:
    rate = rows / seconds if seconds > 0 else float("inf")
    return {
        "total_time_in_seconds": seconds,
        "samples_per_second": rate,
        "latency_in_seconds": seconds / rows,
    }


def _bootstrap(
    module: Any,
    metric_inputs: dict[str, Any],
    kwargs: dict[str, Any],
    confidence_level: float,
    n_resamples: int,
    random_state: int | None,
) -> dict[str, Any]:
    from fasteval.resampling import bootstrap

    result = bootstrap(
        module,
        **metric_inputs,
        confidence_level=confidence_level,
        n_resamples=n_resamples,
        random_state=random_state,
        method="BCa",  # as evaluate's evaluator (scipy.stats.bootstrap's default)
        **kwargs,
    )
    return dict(result)
