"""``EvaluationSuite``: several (data, task, metric) evaluations of a model, run as one.

A suite is a list of entries, defined in Python or in a YAML / JSON file::

    name: my-suite
    entries:
      - name: digits
        task: image-classification
        data: digits.parquet          # relative to this file
        metric: [accuracy, f1]
        metric_kwargs: {average: macro}
      - name: reviews
        task: text-classification
        data: reviews.jsonl
        label_mapping: {NEG: 0, POS: 1}

``suite.run(model)`` evaluates each entry with :func:`fasteval.evaluator` and
returns a :class:`SuiteResults` (a list of dicts, one per entry, with
``to_polars()`` and a rich table rendering). ``run`` takes one model for every
entry, or a dict of models keyed by entry name (or by an entry's ``model`` key).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["EvaluationSuite", "SuiteEntry", "SuiteResults"]


@dataclass
class SuiteEntry:
    """One evaluation of a suite: the arguments of ``evaluator(task).compute`` but the model.

    ``data`` is anything :meth:`fasteval.evaluators.Evaluator.compute` accepts,
    or a callable returning it (called when the suite runs). ``model`` names
    the model to use when ``run`` is given a dict of models (default: ``name``).
    """

    task: str
    data: Any
    name: str = ""
    metric: Any = None
    input_column: str | list[str] | None = None
    label_column: str | None = None
    label_mapping: dict[Any, Any] | None = None
    metric_kwargs: dict[str, Any] | None = None
    batch_size: int = 256
    strategy: str = "simple"
    confidence_level: float = 0.95
    n_resamples: int = 9999
    random_state: int | None = None
    model: str | None = None

    def __post_init__(self) -> None:
        from fasteval.evaluators import evaluator

        evaluator(self.task)  # unknown tasks fail when the suite is defined, not when it runs
        if not self.name:
            self.name = self.task


_ENTRY_KEYS = [f.name for f in fields(SuiteEntry)]


class SuiteResults(list):
    """The results of :meth:`EvaluationSuite.run`: a list of dicts, one per entry.

    Each dict holds ``task_name`` (the entry's name, as evaluate's suites
    return), ``task``, the metric results and the timing keys.
    """

    def to_polars(self) -> Any:
        """One row per entry; nested results (bootstrap) flattened to ``key.score`` etc."""
        import polars as pl

        rows = [_flat(r) for r in self]
        columns: list[str] = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        return pl.DataFrame(
            [{c: row.get(c) for c in columns} for row in rows],
            infer_schema_length=None,
            strict=False,
        )

    def __rich__(self) -> Any:
        from rich.table import Table

        rows = [_flat(r) for r in self]
        columns: list[str] = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        table = Table(title="evaluation suite")
        for c in columns:
            table.add_column(c, justify="left" if c in ("task_name", "task") else "right")
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        return table

    def show(self) -> None:
        """Print the results as a table on the terminal."""
        from rich.console import Console

        Console().print(self)


class EvaluationSuite:
    """A list of :class:`SuiteEntry`; :meth:`run` evaluates a model on each.

    Examples
    --------
    >>> import fasteval
    >>> suite = fasteval.EvaluationSuite([
    ...     {"name": "parity", "task": "text-classification",
    ...      "data": {"text": ["1", "2", "3", "4"], "label": [1, 0, 1, 1]}},
    ...     {"name": "asr", "task": "automatic-speech-recognition",
    ...      "data": {"path": ["a.wav", "b.wav"], "sentence": ["hello world", "good day"]}},
    ... ])
    >>> def odd(texts):
    ...     return [int(t) % 2 for t in texts]
    >>> def transcribe(paths):
    ...     return ["hello world", "good night"]
    >>> results = suite.run({"parity": odd, "asr": transcribe})
    >>> [(r["task_name"], r.get("accuracy", r.get("wer"))) for r in results]
    [('parity', 0.75), ('asr', 0.25)]
    """

    def __init__(self, entries: Sequence[SuiteEntry | Mapping[str, Any]], name: str = "") -> None:
        if isinstance(entries, (str, bytes, Mapping)) or not isinstance(entries, Sequence):
            raise TypeError(
                "EvaluationSuite: entries must be a list of SuiteEntry or dicts,"
                f" got {type(entries).__name__}"
            )
        self.name = name
        self.entries: list[SuiteEntry] = [
            e if isinstance(e, SuiteEntry) else _entry(e, i, None) for i, e in enumerate(entries)
        ]
        if not self.entries:
            raise ValueError("EvaluationSuite: expected at least one entry")
        names = [e.name for e in self.entries]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(
                f"EvaluationSuite: entry names must be unique; repeated: {', '.join(duplicated)}"
                " (give each entry a name)"
            )

    def __repr__(self) -> str:
        return f"EvaluationSuite({self.name!r}, entries={[e.name for e in self.entries]})"

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def load(cls, path: str | os.PathLike) -> EvaluationSuite:
        """Read a suite from a YAML (``.yaml``/``.yml``, needs PyYAML) or JSON file.

        The file holds a list of entries, or a mapping with ``entries`` (and
        an optional ``name``). Relative data paths are resolved against the
        file's folder.
        """
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"EvaluationSuite.load(): no such file {str(path)!r}")
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in (".yaml", ".yml"):
            try:
                import yaml
            except ImportError:
                raise ImportError(
                    "EvaluationSuite.load(): reading YAML needs PyYAML:"
                    " pip install 'fasteval[yaml]' (or write the suite as JSON)"
                ) from None
            spec = yaml.safe_load(text)
        elif path.suffix.lower() == ".json":
            spec = json.loads(text)
        else:
            raise ValueError(
                f"EvaluationSuite.load(): expected a .yaml, .yml or .json file, got {str(path)!r}"
            )
        name = path.stem
        if isinstance(spec, Mapping):
            unknown = sorted(set(spec) - {"name", "entries"})
            if unknown or "entries" not in spec:
                raise ValueError(
                    f"EvaluationSuite.load(): {str(path)!r} must hold a list of entries, or a"
                    f" mapping with 'entries' (and 'name'); found keys {sorted(spec)}"
                )
            name = str(spec.get("name") or name)
            spec = spec["entries"]
        if not isinstance(spec, list):
            raise ValueError(
                f"EvaluationSuite.load(): {str(path)!r} must hold a list of entries,"
                f" got {type(spec).__name__}"
            )
        return cls([_entry(e, i, path.parent) for i, e in enumerate(spec)], name=name)

    def run(self, model_or_models: Any, *, progress: bool | None = None) -> SuiteResults:
        """Evaluate the model on every entry, in order.

        Parameters
        ----------
        model_or_models : model or dict
            One model for every entry, or a dict keyed by entry name (or by an
            entry's ``model`` key).
        progress : bool, optional
            Progress bars (default: only on a terminal).
        """
        from fasteval.evaluators import evaluator

        results = SuiteResults()
        for entry in self.entries:
            model = _model_for(model_or_models, entry)
            data = entry.data() if callable(entry.data) else entry.data
            try:
                scores = evaluator(entry.task).compute(
                    model,
                    data,
                    entry.metric,
                    input_column=entry.input_column,
                    label_column=entry.label_column,
                    label_mapping=entry.label_mapping,
                    batch_size=entry.batch_size,
                    strategy=entry.strategy,
                    confidence_level=entry.confidence_level,
                    n_resamples=entry.n_resamples,
                    random_state=entry.random_state,
                    metric_kwargs=entry.metric_kwargs,
                    progress=progress,
                )
            except Exception as err:
                if hasattr(err, "add_note"):
                    err.add_note(f"(in suite entry {entry.name!r}, task {entry.task!r})")
                raise
            results.append({"task_name": entry.name, "task": entry.task, **scores})
        return results


def _entry(spec: Any, index: int, base: Path | None) -> SuiteEntry:
    if not isinstance(spec, Mapping):
        raise TypeError(
            f"EvaluationSuite: entry {index} must be a mapping of {', '.join(_ENTRY_KEYS)};"
            f" got {type(spec).__name__}"
        )
    unknown = sorted(set(spec) - set(_ENTRY_KEYS))
    missing = [k for k in ("task", "data") if k not in spec]
    if unknown or missing:
        problems = []
        if missing:
            problems.append(f"missing {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown key(s) {', '.join(unknown)}")
        raise ValueError(
            f"EvaluationSuite: entry {index} ({spec.get('name', 'unnamed')}): {'; '.join(problems)};"
            f" the keys are: {', '.join(_ENTRY_KEYS)}"
        )
    values = dict(spec)
    data = values["data"]
    if base is not None and isinstance(data, str) and not os.path.isabs(data):
        values["data"] = str(base / data)
    try:
        return SuiteEntry(**values)
    except KeyError as err:  # unknown task
        raise ValueError(f"EvaluationSuite: entry {index}: {err.args[0]}") from None


def _model_for(models: Any, entry: SuiteEntry) -> Any:
    if not isinstance(models, Mapping):
        return models
    key = entry.model or entry.name
    if key not in models:
        raise KeyError(
            f"EvaluationSuite.run(): no model for entry {entry.name!r} (looked up {key!r});"
            f" models given: {', '.join(map(repr, models))}"
        )
    return models[key]


def _flat(result: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in result.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{name}."))
        elif isinstance(value, np.ndarray):
            out[name] = value.tolist()
        elif isinstance(value, np.generic):
            out[name] = value.item()
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "[" + ", ".join(_cell(v) for v in value) + "]"
    return str(value)
