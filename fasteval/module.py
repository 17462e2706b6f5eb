"""The evaluate-style module API: ``add``, ``add_batch``, ``compute``.

A module is thin: documentation, the state it needs and how to derive its
scores from that state. Everything that moves data (validation, buffering of
small batches, folding into states, merging) lives here, once, for every
module; the maths lives in :mod:`fasteval.functional`.

Two kinds of state exist:

* :class:`~fasteval._state.LabelCounts` for the classification metrics,
  shared by every module of a :func:`~fasteval.combine` that declares the same
  needs (the statistic is named explicitly: ``needs = {"class_counts"}`` or
  ``{"class_counts", "confusion_matrix"}``), and
* :class:`DeclaredState` for user metrics written with :class:`Metric`,
  whose named states each carry their merge rule (``"sum"``, ``"cat"``,
  ``"min"``, ``"max"``).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from fasteval._inputs import (
    LabelArray,
    as_labels,
    as_weights,
    check_label_kinds,
    check_same_length,
)
from fasteval._state import LabelCounts

__all__ = ["EvaluationModule", "ClassificationModule", "Metric", "State", "Value"]

# Batches smaller than this are buffered and folded together, so per-call
# overhead stays small when a training loop adds 32 rows at a time.
FLUSH_ROWS = 1 << 16


@dataclass(frozen=True)
class Value:
    """Feature type of one input column (mirrors ``datasets.Value``'s repr)."""

    dtype: str
    id: str | None = None

    def __repr__(self) -> str:
        return f"Value(dtype={self.dtype!r}, id={self.id!r})"


_MISSING = object()


class _Accumulator:
    """A state plus the buffer of validated, not yet folded batches."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.pending: list[dict[str, Any]] = []
        self.pending_rows = 0
        self.rows = 0  # rows folded into ``state``
        self.kind: str | None = None

    def add(self, batch: dict[str, Any], n: int) -> None:
        if n < FLUSH_ROWS:
            # keep a copy: the caller may refill its arrays (a training loop's
            # buffers, a tensor updated in place) before the buffer is folded
            self.pending.append({k: _detached(v) for k, v in batch.items()})
            self.pending_rows += n
            if self.pending_rows >= FLUSH_ROWS:
                self.flush()
        else:
            self.flush()
            self.state.update(**batch)
            self.rows += n

    def flush(self) -> None:
        if not self.pending:
            return
        batch = self.state.concat(self.pending) if len(self.pending) > 1 else self.pending[0]
        self.state.update(**batch)
        self.rows += self.pending_rows
        self.pending, self.pending_rows = [], 0

    @property
    def stored(self) -> int:
        return self.rows + self.pending_rows

    def reset(self) -> None:
        self.state.reset()
        self.pending, self.pending_rows, self.rows, self.kind = [], 0, 0, None


def _detached(value: Any) -> Any:
    """``value`` with its numpy data copied (Arrow arrays are immutable: kept as they are)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, LabelArray) and isinstance(value.values, np.ndarray):
        return LabelArray(value.values.copy(), value.kind, value.dtype)
    return value


class EvaluationModule:
    """Base class of every module returned by :func:`fasteval.load`.

    Subclasses set the class attributes below and implement ``_new_state``,
    ``_validate`` and ``_derive``. Options passed to ``__init__`` (or to
    ``load``) become the defaults of ``compute``.
    """

    name: ClassVar[str] = ""
    module_type: ClassVar[str] = "metric"
    description: ClassVar[str] = ""
    #: one line for listings (``list_evaluation_modules(with_details=True)``, ``fasteval list``)
    summary: ClassVar[str] = ""
    citation: ClassVar[str] = ""
    inputs_description: ClassVar[str] = ""
    homepage: ClassVar[str] = ""
    reference_urls: ClassVar[list[str]] = []
    codebase_urls: ClassVar[list[str]] = []
    features: ClassVar[dict[str, Value]] = {}
    #: per-row inputs other than predictions/references (e.g. sample_weight)
    row_inputs: ClassVar[tuple[str, ...]] = ()
    #: compute options and their defaults
    options: ClassVar[dict[str, Any]] = {}

    def __init__(
        self, config_name: str | None = None, experiment_id: str | None = None, **defaults: Any
    ):
        self.config_name = config_name or "default"
        self.experiment_id = experiment_id
        self._check_options(defaults, "load()")
        self.defaults = {**self.options, **defaults}
        self._acc = _Accumulator(self._new_state())

    # -- to implement ---------------------------------------------------------------
    def _new_state(self) -> Any:
        raise NotImplementedError

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """Convert and check one batch; raise without touching any state."""
        raise NotImplementedError

    def _derive(self, state: Any, **options: Any) -> dict[str, Any]:
        raise NotImplementedError

    # -- the evaluate API ---------------------------------------------------------------
    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(self.features)

    def _check_options(self, kwargs: dict[str, Any], where: str) -> None:
        unknown = sorted(set(kwargs) - set(self.options))
        if unknown:
            allowed = ", ".join(sorted(self.options)) or "none"
            raise TypeError(
                f"{self.name}.{where} got unexpected keyword argument(s) {', '.join(map(repr, unknown))};"
                f" accepted options: {allowed}"
            )

    def _collect_batch(
        self, columns: dict[str, Any], extra: dict[str, Any], where: str
    ) -> dict[str, Any]:
        unknown = sorted(k for k in extra if k not in self.row_inputs) if extra else None
        if unknown:
            accepted = ", ".join(list(self.input_names) + list(self.row_inputs))
            raise TypeError(
                f"{self.name}.{where} got unexpected keyword argument(s) {', '.join(map(repr, unknown))};"
                f" accepted inputs: {accepted}"
            )
        if columns["predictions"] is None or columns["references"] is None:
            missing = [name for name, value in columns.items() if value is None]
            raise ValueError(f"{self.name}.{where}: missing {', '.join(missing)}")
        if not extra:
            return columns
        return {**columns, **{k: v for k, v in extra.items() if v is not None}}

    def add_batch(self, *, predictions: Any = None, references: Any = None, **kwargs: Any) -> None:
        """Add a batch of predictions and references (and per-row inputs such as ``sample_weight``)."""
        batch = self._collect_batch(
            {"predictions": predictions, "references": references}, kwargs, "add_batch()"
        )
        self._accept(batch)

    def add(
        self,
        *,
        prediction: Any = _MISSING,
        reference: Any = _MISSING,
        predictions: Any = _MISSING,
        references: Any = _MISSING,
        **kwargs: Any,
    ) -> None:
        """Add one example (``prediction=``/``reference=``; the plural names work too)."""
        pred = prediction if prediction is not _MISSING else predictions
        ref = reference if reference is not _MISSING else references
        pred = None if pred is _MISSING else pred
        ref = None if ref is _MISSING else ref
        batch = self._collect_batch({"predictions": pred, "references": ref}, kwargs, "add()")
        self._accept({k: [v] for k, v in batch.items()})

    def _accept(self, batch: dict[str, Any]) -> None:
        validated, n = self._validate(batch)
        self._commit(validated, n)

    def _commit(self, validated: dict[str, Any], n: int) -> None:
        """Store a batch that passed ``_validate`` (cannot fail)."""
        self._acc.add(validated, n)

    def _prepare(self, options: dict[str, Any]) -> None:
        """Adapt an empty state to what ``options`` need (e.g. keep a confusion matrix)."""

    def _split_compute_kwargs(
        self, kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Split compute() keywords into per-row inputs and options; reject unknown ones."""
        rows = {k: kwargs.pop(k) for k in self.row_inputs if k in kwargs}
        self._check_options(kwargs, "compute()")
        return rows, {**self.defaults, **kwargs}

    def compute(
        self, *, predictions: Any = None, references: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        """Compute the scores of everything added (plus ``predictions``/``references`` if given).

        As in evaluate, the stored examples are cleared afterwards.
        """
        rows, options = self._split_compute_kwargs(kwargs)
        with _restored_on_error([self], predictions is not None or references is not None):
            if predictions is not None or references is not None:
                self._prepare(options)
                batch = self._collect_batch(
                    {"predictions": predictions, "references": references}, rows, "compute()"
                )
                self._accept(batch)
            else:
                _check_rows_without_data(self.name, rows)
            _check_stored(self.name, [self._acc])
            self._acc.flush()
            result = self._derive(self._acc.state, **options)
        self._acc.reset()
        return result

    # -- state handling -------------------------------------------------------------
    @property
    def state(self) -> Any:
        """The folded state (pending small batches are folded first)."""
        self._acc.flush()
        return self._acc.state

    def merge(self, other: EvaluationModule) -> EvaluationModule:
        """Fold ``other``'s accumulated examples into this module's state; returns self."""
        if type(other).__qualname__ != type(self).__qualname__ or other.name != self.name:
            raise TypeError(f"cannot merge a {type(other).__name__} into a {type(self).__name__}")
        self.state.merge(other.state)
        self._acc.rows += other._acc.rows
        self._acc.kind = self._acc.kind or other._acc.kind
        return self

    def reset(self) -> None:
        """Drop every stored example."""
        self._acc.reset()

    # -- display ------------------------------------------------------------------
    def _feature_repr(self) -> str:
        return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in self.features.items()) + "}"

    def __repr__(self) -> str:
        return (
            f'EvaluationModule(name: "{self.name}", module_type: "{self.module_type}",'
            f' features: {self._feature_repr()}, usage: """{self.inputs_description}""",'
            f" stored examples: {self._acc.stored})"
        )


@contextmanager
def _restored_on_error(modules: list[EvaluationModule], adds_rows: bool) -> Iterator[None]:
    """A compute() that fails (bad option, ill-posed data) leaves the stored examples as they were.

    Only when compute() itself adds rows to examples already stored is a copy of
    the accumulators taken (O(labels) for the classification state).
    """
    accumulators = list({id(m._acc): m._acc for m in modules}.values())
    saved = None
    if adds_rows and any(acc.stored for acc in accumulators):
        saved = [copy.deepcopy(acc.__dict__) for acc in accumulators]
    try:
        yield
    except BaseException:
        for i, acc in enumerate(accumulators):
            if saved is not None:
                acc.__dict__.update(saved[i])
            elif adds_rows:  # nothing was stored before this call: empty again
                acc.reset()
        raise


def _same_option(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # both NaN
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # arrays
        return a is b


def _check_rows_without_data(name: str, rows: dict[str, Any]) -> None:
    given = [k for k, v in rows.items() if v is not None]
    if given:
        raise ValueError(
            f"{name}.compute(): {', '.join(given)} given without predictions/references; per-row"
            " inputs must come with their rows: pass them to add_batch() (or to compute()"
            " together with predictions and references)"
        )


def _check_stored(name: str, accumulators: list[_Accumulator]) -> None:
    if all(acc.stored == 0 for acc in accumulators):
        raise ValueError(
            f"{name}.compute(): nothing to compute; pass predictions and references,"
            " or add them first with add() or add_batch()"
        )


class ClassificationModule(EvaluationModule):
    """Base of the 1-D classification metrics: they all share :class:`LabelCounts`.

    ``needs`` names the statistic: ``{"class_counts"}`` (per-label tp /
    predicted / true counts, O(labels) memory) or additionally
    ``"confusion_matrix"`` (dense labels x labels).
    """

    needs: ClassVar[frozenset[str]] = frozenset({"class_counts"})
    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("int32"),
        "references": Value("int32"),
    }
    row_inputs: ClassVar[tuple[str, ...]] = ("sample_weight",)

    def state_needs(self, options: dict[str, Any] | None = None) -> frozenset[str]:
        """The statistics this module needs with ``options`` (default: its load-time options)."""
        return self.needs

    def _new_state(self) -> LabelCounts:
        return LabelCounts(matrix="confusion_matrix" in self.state_needs(self.defaults))

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        return validate_label_batch(batch, self._acc.kind)

    def _commit(self, validated: dict[str, Any], n: int) -> None:
        self._acc.kind = validated["y_true"].kind
        self._acc.add(validated, n)

    def _prepare(self, options: dict[str, Any]) -> None:
        if (
            self._acc.stored == 0
            and "confusion_matrix" in self.state_needs(options)
            and not self._acc.state.keep_matrix
        ):
            self._acc.state = LabelCounts(matrix=True)

    def _derive(self, state: LabelCounts, **options: Any) -> dict[str, Any]:
        if "confusion_matrix" in self.state_needs(options) and not state.keep_matrix:
            given = {k: v for k, v in options.items() if not _same_option(v, self.options.get(k))}
            shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
            raise ValueError(
                f"{self.name}.compute({shown}) needs the full confusion matrix, which is not kept"
                f" while streaming with the load-time options; load the module with these options,"
                f" e.g. evaluate.load({self.name!r}, {shown}), so that add_batch() keeps it"
            )
        return self._derive_counts(state, **options)

    def _derive_counts(self, state: LabelCounts, **options: Any) -> dict[str, Any]:
        raise NotImplementedError


def validate_label_batch(
    batch: dict[str, Any], stored_kind: str | None
) -> tuple[dict[str, Any], int]:
    """Check one classification batch against itself and against the stored label kind."""
    refs = as_labels(batch["references"], "references")
    preds = as_labels(batch["predictions"], "predictions")
    check_same_length(refs, preds, "references", "predictions")
    n = len(refs)
    weights = batch.get("sample_weight")
    weights = None if weights is None else as_weights(weights, n)
    check_label_kinds((refs, "references"), (preds, "predictions"), stored=stored_kind)
    return {"y_true": refs, "y_pred": preds, "weights": weights}, n


# -- user metrics -----------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """A named piece of a user metric's state and how two of them merge.

    ``merge`` is ``"sum"`` (counts, sums), ``"min"``, ``"max"`` or ``"cat"``
    (keep raw values: a list of arrays, concatenated when derived).
    """

    default: Any
    merge: str = "sum"

    def __post_init__(self) -> None:
        if self.merge not in ("sum", "min", "max", "cat"):
            raise ValueError(
                f"State merge must be one of 'sum', 'min', 'max', 'cat'; got {self.merge!r}"
            )


class DeclaredState:
    """The state of a :class:`Metric`: a dict of named values with merge rules."""

    def __init__(self, metric: Metric) -> None:
        self.metric = metric
        self.specs: dict[str, State] = dict(metric.states)
        self.reset()

    def reset(self) -> None:
        self.values = {
            name: ([] if spec.merge == "cat" else np.copy(spec.default))
            for name, spec in self.specs.items()
        }

    def update(self, **columns: Any) -> None:
        self.metric.update(self.values, **columns)

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        return {k: np.concatenate([b[k] for b in batches]) for k in batches[0]}

    def merge(self, other: DeclaredState) -> None:
        for name, spec in self.specs.items():
            a, b = self.values[name], other.values[name]
            if spec.merge == "sum":
                self.values[name] = a + b
            elif spec.merge == "min":
                self.values[name] = np.minimum(a, b)
            elif spec.merge == "max":
                self.values[name] = np.maximum(a, b)
            else:
                self.values[name] = list(a) + list(b)

    def finalized(self) -> dict[str, Any]:
        out = {}
        for name, spec in self.specs.items():
            value = self.values[name]
            if spec.merge == "cat":
                value = np.concatenate(value) if value else np.zeros(0)
            out[name] = value
        return out


class Metric(EvaluationModule):
    """Base class for a user-defined metric.

    Declare the input columns (``features``), the state (``states``: name ->
    :class:`State`), fold a batch into the state in ``update`` and derive the
    scores in ``derive``. Streaming (``add``/``add_batch``), merging and
    :func:`fasteval.combine` then work as for the built-in modules. See the
    README for a complete example.
    """

    states: ClassVar[dict[str, State]] = {}
    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("float64"),
        "references": Value("float64"),
    }

    def update(self, state: dict[str, Any], **columns: np.ndarray) -> None:
        raise NotImplementedError

    def derive(self, state: dict[str, Any], **options: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _new_state(self) -> DeclaredState:
        return DeclaredState(self)

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        columns: dict[str, np.ndarray] = {}
        for name, value in batch.items():
            feature = self.features.get(name)
            dtype = np.dtype(feature.dtype) if feature is not None else np.float64
            try:
                arr = np.asarray(_plain(value), dtype=dtype)
            except (TypeError, ValueError) as err:
                raise TypeError(
                    f"{self.name}: {name} must be convertible to {dtype}: {err}"
                ) from None
            if arr.ndim == 0:
                arr = arr.reshape(1)
            columns[name] = arr
        lengths = {name: len(arr) for name, arr in columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"{self.name}: inputs must have the same length, got {lengths}")
        n = next(iter(lengths.values()))
        if n == 0:
            raise ValueError(f"{self.name}: expected at least one example, got an empty input")
        return columns, n

    def _derive(self, state: DeclaredState, **options: Any) -> dict[str, Any]:
        return self.derive(state.finalized(), **options)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.name:
            cls.name = cls.__name__.lower()
        if not cls.options:  # derive's parameters after ``state`` are the compute options
            params = list(inspect.signature(cls.derive).parameters.values())[2:]
            required = [p.name for p in params if p.default is p.empty and p.kind != p.VAR_KEYWORD]
            if required:
                raise TypeError(
                    f"{cls.__name__}.derive: give the options {required} default values"
                    " (they become compute() keywords)"
                )
            cls.options = {p.name: p.default for p in params if p.kind != p.VAR_KEYWORD}


def _plain(value: Any) -> Any:
    if type(value).__module__.split(".", 1)[0] == "torch":
        return value.detach().cpu().numpy()
    return value
