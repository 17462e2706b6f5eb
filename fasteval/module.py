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

from fasteval import distributed as _distributed
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


@dataclass(frozen=True)
class Sequence:
    """Feature type of a column of lists, e.g. a row of a multilabel indicator matrix.

    Mirrors ``datasets.Sequence``'s repr.
    """

    feature: Value
    length: int = -1
    id: str | None = None

    def __repr__(self) -> str:
        return f"Sequence(feature={self.feature!r}, length={self.length}, id={self.id!r})"


_MISSING = object()
_UNSET = object()


class _Accumulator:
    """A state plus the buffer of validated, not yet folded batches."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.pending: list[dict[str, Any]] = []
        self.pending_rows = 0
        self.rows = 0  # rows folded into ``state``
        self.kind: str | None = None
        # classification: the ``threshold`` that turned the stored rows' scores into labels
        self.threshold: Any = _UNSET

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
        self.threshold = _UNSET


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
        self,
        config_name: str | None = None,
        experiment_id: str | None = None,
        *,
        num_process: int = 1,
        process_id: int = 0,
        cache_dir: str | None = None,
        timeout: float = _distributed.DEFAULT_TIMEOUT,
        **defaults: Any,
    ):
        self.config_name = config_name or "default"
        self.experiment_id = experiment_id
        # evaluate's multi-process evaluation (see fasteval.distributed)
        _distributed.check_process_args(num_process, process_id, timeout)
        self.num_process, self.process_id = num_process, process_id
        self.cache_dir, self.timeout = cache_dir, timeout
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

        As in evaluate, the stored examples are cleared afterwards. Under
        ``torch.distributed``, or with ``num_process > 1``, the examples of
        every process count (see :mod:`fasteval.distributed`); processes other
        than 0 of a ``num_process`` group get None. ``bootstrap=True`` (or a
        dict of :func:`fasteval.bootstrap` settings, e.g. ``{"n_resamples":
        999, "method": "BCa"}``) returns scores with confidence intervals.
        """
        if "bootstrap" in kwargs and "bootstrap" not in self.options:
            settings = kwargs.pop("bootstrap")
            if settings is not None and settings is not False:
                return _bootstrapped(self, predictions, references, settings, kwargs)
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
            result = _distributed.compute_states(
                self, [self._acc], lambda states: self._derive(states[0], **options), self.name
            )
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


def _bootstrapped(
    evaluation: Any, predictions: Any, references: Any, settings: Any, kwargs: dict[str, Any]
) -> Any:
    """``compute(..., bootstrap=True or {settings})``: :func:`fasteval.bootstrap`'s result."""
    from fasteval.resampling import bootstrap

    allowed = {"confidence_level", "n_resamples", "random_state", "method"}
    if settings is True:
        settings = {}
    if not isinstance(settings, dict) or set(settings) - allowed:
        raise TypeError(
            "compute(bootstrap=...) expects True or a dict with keys among"
            f" {sorted(allowed)}; got {settings!r}"
        )
    return bootstrap(
        evaluation, predictions=predictions, references=references, **settings, **kwargs
    )


_MULTILABEL_FEATURES = {
    "predictions": Sequence(Value("int32")),
    "references": Sequence(Value("int32")),
}
_ONE_LABEL_HINT = (
    "for one label per example (binary or multiclass), load the module without"
    " config_name='multilabel'"
)


class ClassificationModule(EvaluationModule):
    """Base of the classification metrics.

    In the default config the inputs are 1-D labels and the modules share
    :class:`LabelCounts`; ``needs`` names the statistic: ``{"class_counts"}``
    (per-label tp / predicted / true counts, O(labels) memory) or additionally
    ``"confusion_matrix"`` (dense labels x labels).

    Every classification module takes ``threshold=`` (default None): predictions
    are then scores, and ``score >= threshold`` is label 1, anything else 0
    (scikit-learn's ``FixedThresholdClassifier`` rule), per label in the
    multilabel config. Like the other options that change how rows are folded,
    a stream's threshold is fixed when its rows are added (load-time option).

    With ``config_name="multilabel"`` (as evaluate's modules) the inputs are
    ``(n_samples, n_labels)`` indicator matrices of 0/1, the options are
    ``multilabel_options`` and the state is
    :class:`~fasteval._multilabel.MultilabelCounts`; modules without
    ``multilabel_options`` refuse that config.
    """

    needs: ClassVar[frozenset[str]] = frozenset({"class_counts"})
    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("int32"),
        "references": Value("int32"),
    }
    row_inputs: ClassVar[tuple[str, ...]] = ("sample_weight",)
    #: compute options (and defaults) of the "multilabel" config; None: no such config
    multilabel_options: ClassVar[dict[str, Any] | None] = None

    def __init__(
        self, config_name: str | None = None, experiment_id: str | None = None, **kwargs: Any
    ):
        self.multilabel = config_name == "multilabel"
        if self.multilabel:
            if self.multilabel_options is None:
                raise ValueError(
                    f"{self.name}: config_name='multilabel' is not supported (scikit-learn's"
                    f" {self.name} has no multilabel form); load it without config_name"
                )
            self.options = self.multilabel_options
            self.features = _MULTILABEL_FEATURES
        self.options = {**self.options, "threshold": None}
        super().__init__(config_name, experiment_id, **kwargs)
        check_threshold(self.defaults["threshold"], f"{self.name}: load()")

    @property
    def state_kind(self) -> str:
        """The kind of state this module shares in a combine: modules of one kind share one."""
        return "multilabel" if self.multilabel else "label_counts"

    def state_needs(self, options: dict[str, Any] | None = None) -> frozenset[str]:
        """The statistics this module needs with ``options`` (default: its load-time options)."""
        return self.needs

    def _samples_selection(self, options: dict[str, Any]) -> tuple[int, ...] | None:
        """Multilabel: the columns whose per-row counts a 'samples' average with ``options`` needs."""
        if options.get("average") != "samples" or options.get("labels") is None:
            return None
        from fasteval._multilabel import selection_key

        return selection_key(options["labels"])

    def _shared_state(self, modules: list[ClassificationModule]) -> Any:
        """A new state serving ``modules`` (all of this module's ``state_kind``), load-time options."""
        if self.multilabel:
            from fasteval._multilabel import MultilabelCounts

            keys = {m._samples_selection(m.defaults) for m in modules}
            return MultilabelCounts(key for key in keys if key is not None)
        needs = frozenset().union(*(m.state_needs(m.defaults) for m in modules))
        return LabelCounts(matrix="confusion_matrix" in needs)

    def _new_state(self) -> Any:
        return self._shared_state([self])

    def _fold_threshold(self) -> float | None:
        """The threshold that turns the next batch's scores into labels (None: they are labels)."""
        threshold = self._acc.threshold
        return self.defaults["threshold"] if threshold is _UNSET else threshold

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        threshold = self._fold_threshold()
        if threshold is not None:
            batch = {
                **batch,
                "predictions": thresholded(batch["predictions"], threshold, self.multilabel),
            }
        if self.multilabel:
            from fasteval._multilabel import validate_indicator_batch

            state = self._acc.state
            return validate_indicator_batch(batch, state.columns, state.selections, _ONE_LABEL_HINT)
        return validate_label_batch(batch, self._acc.kind)

    def _commit(self, validated: dict[str, Any], n: int) -> None:
        self._acc.threshold = self._fold_threshold()
        if self.multilabel:  # later batches must have as many label columns
            self._acc.state.columns = validated["y_true"].shape[1]
        else:
            self._acc.kind = validated["y_true"].kind
        self._acc.add(validated, n)

    def _prepare(self, options: dict[str, Any]) -> None:
        check_threshold(options["threshold"], f"{self.name}.compute()")
        if self._acc.stored == 0:  # a one-shot compute thresholds with its own option
            self._acc.threshold = options["threshold"]
        else:
            self._check_threshold_served(options["threshold"])
        if self.multilabel:
            key = self._samples_selection(options)
            if key is not None and self._acc.stored == 0:
                self._acc.state.add_selection(key)
            return
        if (
            self._acc.stored == 0
            and "confusion_matrix" in self.state_needs(options)
            and not self._acc.state.keep_matrix
        ):
            self._acc.state = LabelCounts(matrix=True)

    def _derive(self, state: Any, **options: Any) -> dict[str, Any]:
        self._check_threshold_served(options.pop("threshold", None))
        if self.multilabel:
            return self._derive_multilabel(state.view(), **options)
        if "confusion_matrix" in self.state_needs(options) and not state.keep_matrix:
            given = {k: v for k, v in options.items() if not _same_option(v, self.options.get(k))}
            shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
            raise ValueError(
                f"{self.name}.compute({shown}) needs the full confusion matrix, which is not kept"
                f" while streaming with the load-time options; load the module with these options,"
                f" e.g. evaluate.load({self.name!r}, {shown}), so that add_batch() keeps it"
            )
        return self._derive_counts(state, **options)

    def merge(self, other: EvaluationModule) -> EvaluationModule:
        """Fold ``other``'s examples into this module's; both must share their threshold."""
        mine, theirs = self._acc, getattr(other, "_acc", None)
        if (
            theirs is not None
            and mine.stored
            and theirs.stored
            and not _same_option(mine.threshold, theirs.threshold)
        ):
            raise ValueError(
                f"cannot merge {self.name} modules whose rows were labelled with different"
                f" thresholds ({mine.threshold!r} and {theirs.threshold!r})"
            )
        super().merge(other)
        if mine.threshold is _UNSET and theirs is not None:
            mine.threshold = theirs.threshold
        return self

    def _check_threshold_served(self, threshold: Any) -> None:
        """The stored rows were labelled with ``threshold`` (or are labels, for None)."""
        folded = self._acc.threshold
        if folded is not _UNSET and not _same_option(threshold, folded):
            how = (
                "were added as labels (threshold=None)"
                if folded is None
                else f"were turned into labels with threshold={folded!r} when they were added"
            )
            raise ValueError(
                f"{self.name}.compute(threshold={threshold!r}): the stored predictions {how}; load the"
                f" module with evaluate.load({self.name!r}, threshold={threshold!r}) before"
                " add_batch(), or pass predictions and references to this compute() call directly"
            )

    def _derive_counts(self, state: LabelCounts, **options: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _derive_multilabel(self, view: Any, **options: Any) -> dict[str, Any]:
        """Scores from a :class:`~fasteval._multilabel.MultilabelView` (the multilabel config)."""
        raise NotImplementedError


def check_threshold(threshold: Any, where: str) -> None:
    """``threshold`` is None or a finite real number."""
    if threshold is None:
        return
    if (
        isinstance(threshold, (bool, np.bool_))
        or not isinstance(threshold, (int, float, np.integer, np.floating))
        or not np.isfinite(threshold)
    ):
        raise ValueError(
            f"{where}: threshold must be None or a finite number (scores >= threshold become"
            f" 1, the others 0); got {threshold!r}"
        )


def thresholded(predictions: Any, threshold: float, multilabel: bool) -> np.ndarray:
    """Scores -> labels: 1 where ``predictions >= threshold``, else 0 (int8).

    1-D scores for one label per example; ``(n_samples, n_labels)`` scores in the
    multilabel config. Scores must be finite numbers.
    """
    value = _plain(predictions)
    if hasattr(value, "to_numpy") and not isinstance(value, np.ndarray):
        value = value.to_numpy()  # pandas, polars, pyarrow
    try:
        scores = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"predictions must be numeric scores when threshold is set; could not read them: {err}"
        ) from None
    if scores.ndim == 0:
        scores = scores.reshape(1)
    want = 2 if multilabel else 1
    if scores.ndim != want:
        shape = "(n_samples, n_labels)" if multilabel else "(n_samples,)"
        raise ValueError(
            f"predictions: with threshold set, expected scores of shape {shape}; got shape"
            f" {scores.shape}"
        )
    finite = np.isfinite(scores)
    if not finite.all():
        bad = np.argwhere(~finite)[0]
        raise ValueError(
            f"predictions: scores must be finite when threshold is set; found"
            f" {float(scores[tuple(bad)])!r} at {tuple(int(i) for i in bad) if multilabel else int(bad[0])}"
        )
    return (scores >= threshold).astype(np.int8)


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
