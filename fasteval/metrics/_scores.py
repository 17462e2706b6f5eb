"""Shared base of the score modules (roc_auc, average_precision, pr_auc, log_loss, brier_score,
top_k_accuracy, expected_calibration_error, equal_error_rate).

Scores come in as ``predictions`` (``prediction_scores`` too, evaluate's name
in its roc_auc module), labels as ``references``, weights as ``sample_weight``.

* Ranking metrics keep every row (:class:`~fasteval._score_state.ScoreBuffer`)
  and compute with :mod:`fasteval.functional.scores` on all of them: exactly
  scikit-learn's function on the concatenated rows.
* Probability metrics fold each batch into sums
  (:class:`~fasteval._score_state.TermSums`, ``CalibrationTotals``). A batch
  can only be folded once its rows are mapped to classes. A one-shot
  ``compute(predictions=..., references=...)`` maps them as scikit-learn does
  (the sorted classes of ``references``, or ``labels=``). While streaming,
  the mapping must be known from the first batch: with ``labels=`` given at
  load time, the columns are those labels; otherwise labels must be the column
  indices 0..n_columns-1 (for 1-D probabilities: {0, 1}, {-1, 1} or booleans),
  and the classes seen are checked against scikit-learn's rules when computed.
  Options that change how rows are folded (``labels``, ``pos_label``, ``k``,
  ``n_bins``) are fixed for a stream at load time.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from fasteval._inputs import as_labels, as_weights
from fasteval._score_state import ScoreBuffer
from fasteval.functional import scores as F
from fasteval.module import EvaluationModule, Value

__all__ = ["ProbabilityModule", "RankingModule", "ScoreModule", "check_rows", "default_classes"]

_MISSING = object()


class ScoreModule(EvaluationModule):
    """Scores (or probabilities) against labels; accepts ``prediction_scores`` for ``predictions``."""

    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("float32"),
        "references": Value("int32"),
    }
    row_inputs: ClassVar[tuple[str, ...]] = ("sample_weight",)
    #: compute options that change how rows are folded (fixed for a stream)
    fold_options: ClassVar[tuple[str, ...]] = ()
    #: name of the scores in messages
    score_name: ClassVar[str] = "predictions"

    def __init__(
        self, config_name: str | None = None, experiment_id: str | None = None, **defaults: Any
    ):
        super().__init__(config_name, experiment_id, **defaults)
        self._one_shot = False

    # -- the evaluate API, with evaluate's ``prediction_scores`` name -----------------
    @staticmethod
    def _scores_arg(predictions: Any, prediction_scores: Any) -> Any:
        if (
            prediction_scores is not None
            and predictions is not None
            and prediction_scores is not predictions
        ):
            raise TypeError(
                "pass the scores once: as predictions or as prediction_scores, not both"
            )
        return predictions if prediction_scores is None else prediction_scores

    def add_batch(
        self,
        *,
        predictions: Any = None,
        references: Any = None,
        prediction_scores: Any = None,
        **kwargs: Any,
    ) -> None:
        """Add a batch of scores (``predictions`` or ``prediction_scores``) and ``references``."""
        super().add_batch(
            predictions=self._scores_arg(predictions, prediction_scores),
            references=references,
            **kwargs,
        )

    def add(
        self,
        *,
        prediction: Any = _MISSING,
        reference: Any = _MISSING,
        prediction_scores: Any = None,
        **kwargs: Any,
    ) -> None:
        """Add one example (``prediction=``/``prediction_scores=`` and ``reference=``)."""
        if prediction_scores is not None:
            if prediction is not _MISSING:
                raise TypeError("pass the scores once: as prediction or as prediction_scores")
            prediction = prediction_scores
        if prediction is not _MISSING:
            kwargs["prediction"] = prediction
        if reference is not _MISSING:
            kwargs["reference"] = reference
        super().add(**kwargs)

    def compute(
        self,
        *,
        predictions: Any = None,
        references: Any = None,
        prediction_scores: Any = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Compute over everything added (plus ``predictions``/``prediction_scores`` and ``references``)."""
        scores = self._scores_arg(predictions, prediction_scores)
        if self._acc.stored and set(kwargs) <= set(self.options) | set(self.row_inputs):
            # a refused call keeps the stored rows: check the fold options first
            self._check_served(
                {**self.defaults, **{k: v for k, v in kwargs.items() if k in self.options}}
            )
        try:
            return super().compute(predictions=scores, references=references, **kwargs)
        finally:
            self._one_shot = False

    # -- hooks -------------------------------------------------------------------
    def _config(self, options: dict[str, Any]) -> Any:
        """The fold options' values (checked); None for modules without any."""
        return None

    def _check_served(self, options: dict[str, Any]) -> None:
        state = self._acc.state
        have = getattr(state, "config", None)
        needed = self._config(options)
        if have == needed:
            return
        given = {
            k: options[k] for k in self.fold_options if not _same(options[k], self.defaults.get(k))
        }
        shown = ", ".join(f"{k}={v!r}" for k, v in given.items()) or ", ".join(
            f"{k}={options[k]!r}" for k in self.fold_options
        )
        raise ValueError(
            f"{self.name}.compute({shown}): the stored rows were folded with the load-time options"
            f" ({', '.join(self.fold_options)} are fixed for a stream); use"
            f" evaluate.load({self.name!r}, {shown}) before add_batch(), or pass predictions and"
            " references to this compute() call directly"
        )

    def _prepare(self, options: dict[str, Any]) -> None:
        self._one_shot = self._acc.stored == 0
        if self._one_shot and hasattr(self._acc.state, "reconfigure"):
            config = self._config(options)
            if config != self._acc.state.config:
                self._acc.state.reconfigure(config)
        self._compute_options = options

    def _take_one_shot(self) -> tuple[bool, dict[str, Any]]:
        one_shot, self._one_shot = self._one_shot, False
        options = getattr(self, "_compute_options", None) if one_shot else None
        self._compute_options = None
        return one_shot, options if options is not None else self.defaults

    def _scores(self, batch: dict[str, Any]) -> np.ndarray:
        return F.as_scores(batch["predictions"], self.score_name)

    def _weights(self, batch: dict[str, Any], n: int) -> np.ndarray | None:
        w = batch.get("sample_weight")
        return None if w is None else as_weights(w, n)

    def _labels(self, batch: dict[str, Any]) -> tuple[np.ndarray, str]:
        y = as_labels(batch["references"], "references")
        kind = self._acc.state.kind
        if kind is not None and y.kind != kind:
            raise TypeError(
                f"references: labels must be all numbers or all strings; earlier batches held"
                f" {kind}s, this one {y.kind}s"
            )
        return F.label_values(y), y.kind

    def _commit(self, validated: dict[str, Any], n: int) -> None:
        state = self._acc.state
        kind = validated.pop("_kind")
        classes = validated.pop("_classes", None)
        n_columns = validated.pop("_n_columns", None)
        state.kind = state.kind or kind
        if hasattr(state, "fix"):
            state.fix(classes, n_columns)
        self._acc.add(validated, n)

    def _derive(self, state: Any, **options: Any) -> dict[str, Any]:
        self._check_served(options)
        return self._derive_state(state, **options)

    def _derive_state(self, state: Any, **options: Any) -> dict[str, Any]:
        raise NotImplementedError


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(np.all(a == b)) if a is not None and b is not None else a is b
    except (TypeError, ValueError):
        return a is b


class RankingModule(ScoreModule):
    """roc_auc, average_precision, pr_auc, equal_error_rate: every row kept, one sort at compute.

    The "multilabel" config takes a 0/1 indicator matrix as references.
    """

    def _new_state(self) -> ScoreBuffer:
        return ScoreBuffer()

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        one_shot, _ = self._take_one_shot()
        scores = self._scores(batch)
        if self.config_name == "multilabel":
            y = F.as_indicator(batch["references"], "references")
            kind = "indicator"
            if self._acc.state.kind not in (None, "indicator"):
                raise TypeError("references: expected an indicator matrix like the earlier batches")
            if scores.ndim != 2 or scores.shape != y.shape:
                raise ValueError(
                    f"{self.score_name}: expected one score per label, shape {y.shape}, got"
                    f" {scores.shape}"
                )
        else:
            y, kind = self._labels(batch)
            if self.config_name == "multiclass" and scores.ndim != 2:
                raise ValueError(
                    f"{self.score_name}: the multiclass config expects one row of class"
                    f" probabilities per example (n_samples, n_classes), got shape {scores.shape}"
                )
        n = len(y)
        F._check_length(n, scores.shape[0], "references", self.score_name)
        width = scores.shape[1] if scores.ndim == 2 else None
        stored = self._acc.state.scores or [b["scores"] for b in self._acc.pending]
        if stored:
            earlier = stored[0]
            if earlier.ndim != scores.ndim or (scores.ndim == 2 and earlier.shape[1] != width):
                raise ValueError(
                    f"{self.score_name}: every batch must have the same shape of scores per row;"
                    f" earlier batches had {earlier.shape[1:] or 'one score'}, this one"
                    f" {scores.shape[1:] or 'one score'}"
                )
        weights = self._weights(batch, n)
        # a one-shot compute uses the rows at once: no copy of the caller's arrays
        return {
            "y": y,
            "scores": scores,
            "weights": weights,
            "copy": not one_shot,
            "_kind": kind,
        }, n

    def _arrays(self, state: ScoreBuffer) -> tuple[np.ndarray, bool, np.ndarray, np.ndarray | None]:
        y, scores, weights = state.arrays()
        return y, state.kind == "indicator", scores, weights


class ProbabilityModule(ScoreModule):
    """log_loss, brier_score, top_k_accuracy, expected_calibration_error: folded into sums."""

    def _stream_classes(
        self, values: np.ndarray, n_columns: int, labels: Any, sort_labels: bool
    ) -> np.ndarray:
        """Classes of the columns while streaming: ``labels``, or the stored/default ones."""
        state = self._acc.state
        if labels is not None:
            given = np.asarray(labels)
            classes = np.unique(given) if sort_labels else given
            if len(classes) != n_columns:
                raise ValueError(
                    f"labels: {len(classes)} labels given, but {self.score_name} has"
                    f" {n_columns} columns"
                )
            return classes
        if state.classes is not None:
            if len(state.classes) != n_columns:
                raise ValueError(
                    f"{self.score_name}: earlier batches had {len(state.classes)} columns, this one"
                    f" {n_columns}"
                )
            return state.classes
        pending = [b for b in self._acc.pending]
        if pending and "_classes" in pending[0]:  # pragma: no cover - classes are fixed at commit
            return pending[0]["_classes"]
        return default_classes(values, n_columns, self.name, self.score_name)

    def _check_present(self, state: Any, labels: Any) -> None:
        """scikit-learn's check: without ``labels``, every column's class must occur."""
        if labels is not None or state.present is None:
            return
        missing = [
            c for c, k in zip(np.asarray(state.classes).tolist(), state.present.tolist()) if k == 0
        ]
        if missing:
            seen = len(state.present) - len(missing)
            raise ValueError(
                f"references hold {seen} classes but {self.score_name} has {len(state.present)}"
                f" columns (no row of class {missing[0]!r}); pass labels= with every class"
            )


def default_classes(values: np.ndarray, n_columns: int, name: str, score_name: str) -> np.ndarray:
    """Column classes while streaming without ``labels``: 0..C-1, or {0,1}/{-1,1}/booleans for two."""
    hint = (
        f"; pass labels=[...] to evaluate.load({name!r}, labels=...) to name the classes of the"
        " columns (or compute() on all rows at once)"
    )
    if values.dtype.kind == "b":
        if n_columns != 2:
            raise ValueError(f"references: boolean labels need 2 columns, got {n_columns}{hint}")
        return np.array([False, True])
    if values.dtype.kind not in "iu":
        raise ValueError(
            f"references: while streaming, the columns of {score_name} are the labels 0..{n_columns - 1}"
            f" unless labels= is given; got {values.dtype.kind == 'U' and 'string' or 'non-integer'}"
            f" labels{hint}"
        )
    lo, hi = int(values.min()), int(values.max())
    if n_columns == 2 and lo >= -1 and hi <= 1 and not (lo == -1 and (values == 0).any()):
        return np.array([-1, 1]) if lo == -1 else np.array([0, 1])
    if lo < 0 or hi >= n_columns:
        bad = lo if lo < 0 else hi
        raise ValueError(
            f"references: while streaming, labels are read as the column indices 0..{n_columns - 1}"
            f" of {score_name}; got label {bad}{hint}"
        )
    return np.arange(n_columns)


def check_rows(n: int, scores: np.ndarray, score_name: str) -> None:
    """references and the scores have as many rows."""
    if n != scores.shape[0]:
        raise ValueError(
            f"references and {score_name} must have the same number of rows, got {n} and"
            f" {scores.shape[0]}"
        )
