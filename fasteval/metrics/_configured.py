"""Base of modules whose state is folded with options fixed for a stream.

Ranking cut-offs (``k``) and segmentation classes (``num_labels``,
``ignore_index``, ...) change what is counted when a batch is added, so a
stream is folded with the load-time options (``evaluate.load("ndcg", k=10)``)
and ``compute`` must ask for what was folded. A one-shot
``compute(predictions=..., references=..., **options)`` folds with its own
options. Each batch is validated and reduced to its sufficient statistic in
``_validate`` (one Numba pass), so a rejected batch changes nothing and the
state only adds statistics.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.module import EvaluationModule, _same_option

__all__ = ["ConfiguredModule"]


class ConfiguredModule(EvaluationModule):
    """A module with a state built from (some of) its options.

    Subclasses implement ``_config(options)`` (validate the options, return
    the state's config), ``_state_for(config)``, ``_batch(batch, state)``
    (validated batch -> statistic, n) and ``_derive_state(state, **options)``;
    ``_serves(state, config)`` says whether a state can answer ``config``.
    """

    #: the options that change how batches are folded (named in error messages)
    fold_options: ClassVar[tuple[str, ...]] = ()

    # -- to implement ---------------------------------------------------------------
    def _config(self, options: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _state_for(self, config: Any) -> Any:
        raise NotImplementedError

    def _batch(self, batch: dict[str, Any], state: Any) -> tuple[dict[str, Any], int]:
        raise NotImplementedError

    def _derive_state(self, state: Any, **options: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _serves(self, state: Any, config: Any) -> bool:
        return state.config == config

    # -- EvaluationModule hooks ----------------------------------------------------
    def _new_state(self) -> Any:
        return self._state_for(self._config(self.defaults))

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        return self._batch(batch, self._acc.state)

    def _prepare(self, options: dict[str, Any]) -> None:
        config = self._config(options)
        if self._acc.stored == 0 and config != self._acc.state.config:
            self._acc.state.reconfigure(config)

    def _derive(self, state: Any, **options: Any) -> dict[str, Any]:
        self._check_served(state, options)
        return self._derive_state(state, **options)

    def _check_served(self, state: Any, options: dict[str, Any]) -> None:
        if self._serves(state, self._config(options)):
            return
        given = {
            k: v
            for k, v in options.items()
            if k in self.fold_options and not _same_option(v, self.defaults.get(k))
        }
        shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
        folded = ", ".join(f"{k}={self.defaults.get(k)!r}" for k in self.fold_options)
        raise ValueError(
            f"{self.name}.compute({shown}): the stored examples were folded with {folded};"
            f" options that change how batches are folded ({', '.join(self.fold_options)})"
            f" are fixed at load time while streaming: use evaluate.load({self.name!r}, {shown})"
            " before add_batch(), or pass predictions and references to this compute() call"
        )

    def compute(
        self, *, predictions: Any = None, references: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        """Score everything added (plus ``predictions``/``references`` if given)."""
        if self._acc.stored and set(kwargs) <= set(self.options):
            # check before anything is added or cleared: a refused call keeps the state
            self._check_served(self._acc.state, {**self.defaults, **kwargs})
        try:
            return super().compute(predictions=predictions, references=references, **kwargs)
        except BaseException:
            if self._acc.stored == 0:
                self._acc.state.reset()  # undo a one-shot reconfiguration
            raise
