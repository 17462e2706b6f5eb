"""``combine``: several modules computed together from shared states.

The classification modules of a combination share one state per declared
kind (``state_kind``): one :class:`~fasteval._state.LabelCounts` for the 1-D
label modules, one :class:`~fasteval._multilabel.MultilabelCounts` for those
loaded with ``config_name="multilabel"``. Each batch is validated and counted
once per state, and every module derives its scores from the same counts.
What is shared is declared (each module's ``state_kind`` and
``state_needs``), never inferred by comparing values.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fasteval import distributed as _distributed
from fasteval.module import (
    ClassificationModule,
    EvaluationModule,
    _Accumulator,
    _bootstrapped,
    _check_rows_without_data,
    _restored_on_error,
)

__all__ = ["CombinedEvaluations", "combine"]


class CombinedEvaluations:
    """Modules evaluated together; ``compute`` returns one dict of all their scores."""

    def __init__(self, evaluation_modules: Any, force_prefix: bool = False) -> None:
        from fasteval.registry import load

        if isinstance(evaluation_modules, dict):
            names = list(evaluation_modules)
            items = list(evaluation_modules.values())
        elif isinstance(evaluation_modules, (list, tuple)):
            items = list(evaluation_modules)
            names = None
        else:
            raise TypeError(
                "combine(): expected a list of module names or modules, or a dict name -> module;"
                f" got {type(evaluation_modules).__name__}"
            )
        if not items:
            raise ValueError("combine(): expected at least one module")
        modules: list[EvaluationModule] = []
        for item in items:
            module = load(item) if isinstance(item, str) else item
            if not isinstance(module, EvaluationModule):
                raise TypeError(
                    f"combine(): expected module names or EvaluationModule objects, got {item!r}"
                )
            if module._acc.stored:
                raise ValueError(
                    f"combine(): module {module.name!r} already holds examples; combine empty modules"
                )
            modules.append(module)
        self.evaluation_modules = modules
        self.evaluation_module_names = names or [m.name for m in modules]
        self.force_prefix = force_prefix
        # classification modules share one state per declared kind (1-D label counts,
        # multilabel counts): a multiclass and a multilabel module never share
        groups: dict[str, list[ClassificationModule]] = {}
        for module in modules:
            if isinstance(module, ClassificationModule):
                groups.setdefault(module.state_kind, []).append(module)
        for group in groups.values():
            shared = _Accumulator(group[0]._shared_state(group))
            for module in group:
                module._acc = shared
        # one owner module per distinct accumulator: it validates and commits batches
        owners: dict[int, EvaluationModule] = {}
        for module in modules:
            owners.setdefault(id(module._acc), module)
        self._owners = list(owners.values())
        self._row_names = frozenset(self._row_inputs())

    # -- inputs -------------------------------------------------------------------
    def _row_inputs(self) -> set[str]:
        return {name for m in self.evaluation_modules for name in m.row_inputs}

    def add_batch(self, *, predictions: Any = None, references: Any = None, **kwargs: Any) -> None:
        """Add a batch to every module (validated once per shared state; all or nothing)."""
        self._add({"predictions": predictions, "references": references}, kwargs, "add_batch()")

    def add(self, *, prediction: Any = None, reference: Any = None, **kwargs: Any) -> None:
        """Add one example to every module."""
        pred = kwargs.pop("predictions", prediction)
        ref = kwargs.pop("references", reference)
        self._add({"predictions": pred, "references": ref}, kwargs, "add()", single=True)

    def _add(
        self, columns: dict[str, Any], extra: dict[str, Any], where: str, single: bool = False
    ) -> None:
        unknown = [k for k in extra if k not in self._row_names] if extra else None
        if unknown:
            raise TypeError(
                f"combine.{where} got unexpected keyword argument(s) {', '.join(map(repr, unknown))};"
                f" accepted inputs: predictions, references, {', '.join(sorted(self._row_inputs()))}"
            )
        if len(self._owners) == 1 and not single:  # the common case: one shared state
            owner = self._owners[0]
            owner._commit(*owner._validate(owner._collect_batch(columns, extra, where)))
            return
        checked = []
        for owner in self._owners:
            mine = {k: v for k, v in extra.items() if k in owner.row_inputs}
            batch = owner._collect_batch(columns, mine, where)
            if single:
                batch = {k: [v] for k, v in batch.items()}
            checked.append((owner, *owner._validate(batch)))
        for owner, validated, n in checked:
            owner._commit(validated, n)

    # -- compute ------------------------------------------------------------------
    def compute(
        self, *, predictions: Any = None, references: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        """Scores of every module; each keyword goes only to the modules that accept it.

        As for a module: the examples of every process count under
        ``torch.distributed`` or ``num_process > 1``, and ``bootstrap=True`` (or
        a dict of :func:`fasteval.bootstrap` settings) adds confidence intervals.
        """
        if "bootstrap" in kwargs:
            settings = kwargs.pop("bootstrap")
            if settings is not None and settings is not False:
                return _bootstrapped(self, predictions, references, settings, kwargs)
        rows, options = self._route(kwargs, "compute()")
        adds_rows = predictions is not None or references is not None
        accumulators = [owner._acc for owner in self._owners]
        with _restored_on_error(self.evaluation_modules, adds_rows):
            if adds_rows:
                for module, opts in zip(self.evaluation_modules, options):
                    module._prepare(opts)
                self._add({"predictions": predictions, "references": references}, rows, "compute()")
            else:
                _check_rows_without_data("combine", rows)

            def derive(states: list[Any]) -> list[dict[str, Any]]:
                by_acc = {id(acc): state for acc, state in zip(accumulators, states)}
                return [
                    m._derive(by_acc[id(m._acc)], **o)
                    for m, o in zip(self.evaluation_modules, options)
                ]

            results = _distributed.compute_states(self, accumulators, derive, "combine")
        for acc in accumulators:
            acc.reset()
        return None if results is None else self._merge_results(results)

    def _route(
        self, kwargs: dict[str, Any], where: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Split keywords into per-row inputs and each module's options; reject unknown ones."""
        kwargs = dict(kwargs)
        rows = {k: kwargs.pop(k) for k in list(kwargs) if k in self._row_inputs()}
        accepted = {name for m in self.evaluation_modules for name in m.options}
        unknown = sorted(set(kwargs) - accepted)
        if unknown:
            raise TypeError(
                f"combine.{where} got unexpected keyword argument(s) {', '.join(map(repr, unknown))};"
                f" no combined module accepts them (accepted: {', '.join(sorted(accepted))})"
            )
        options = [
            {**m.defaults, **{k: v for k, v in kwargs.items() if k in m.options}}
            for m in self.evaluation_modules
        ]
        return rows, options

    def _merge_results(self, results: list[dict[str, Any]]) -> dict[str, Any]:
        key_counts = Counter(k for r in results for k in r)
        name_counts = Counter(self.evaluation_module_names)
        seen: Counter[str] = Counter()
        merged: dict[str, Any] = {}
        for name, result in zip(self.evaluation_module_names, results):
            for key, value in result.items():
                if key_counts[key] == 1 and not self.force_prefix:
                    merged[key] = value
                elif name_counts[name] > 1:
                    merged[f"{name}_{seen[name]}_{key}"] = value
                else:
                    merged[f"{name}_{key}"] = value
            seen[name] += 1
        return merged

    def reset(self) -> None:
        for owner in self._owners:
            owner._acc.reset()

    def __repr__(self) -> str:
        return f"CombinedEvaluations({', '.join(self.evaluation_module_names)})"

    def __len__(self) -> int:
        return len(self.evaluation_modules)


def combine(evaluations: Any, force_prefix: bool = False) -> CombinedEvaluations:
    """Combine modules (names, module objects, or a dict name -> module) into one.

    Examples
    --------
    >>> import fasteval as evaluate
    >>> clf = evaluate.combine(["accuracy", "f1", "recall", "precision"])
    >>> clf.compute(predictions=[0, 1, 0], references=[0, 1, 1])
    {'accuracy': 0.6666666666666666, 'f1': 0.6666666666666666, 'recall': 0.5, 'precision': 1.0}
    >>> evaluate.combine(["accuracy", "f1"]).compute(
    ...     predictions=[0, 1, 2, 1], references=[0, 1, 1, 1], average="macro")
    {'accuracy': 0.75, 'f1': 0.6}
    """
    return CombinedEvaluations(evaluations, force_prefix=force_prefix)
