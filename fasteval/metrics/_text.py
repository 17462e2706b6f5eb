"""Shared base of the text modules (wer, cer, mer, wil, wip, edit_distance, exact_match).

A text module validates string columns, folds them into a
:class:`~fasteval._text_state.TextErrorCounts` (or
:class:`~fasteval._text_state.ExactMatchCounts`) built from its options, and
derives its scores with :mod:`fasteval.functional.text`. Options that change
how texts are folded (normalization, level, costs, per-example scores,
S/D/I/H counts) are fixed for a stream at load time; a one-shot
``compute(predictions=..., references=..., **options)`` uses its own.

evaluate's ``wer`` and ``cer`` return a bare float from ``compute``; so do
the modules with ``returns_float`` here (when no per-example scores or counts
are asked for), while ``_derive`` always returns a dict, which
:func:`fasteval.combine` needs.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._text_state import ExactMatchCounts, TextErrorCounts
from fasteval.functional.text import (
    TextConfig,
    _check_bool,
    _error_rate,
    _match_error_rate,
    _per_example_scores,
    _word_information_preserved,
)
from fasteval.module import EvaluationModule, Value, _same_option
from fasteval.text import NORMALIZATION_OPTIONS, as_texts, check_pairs, normalizer_from_options

__all__ = ["NORMALIZATION_ARGS", "ErrorRateModule", "TextModule"]

#: the Args entries of the normalization options, for the modules' inputs_description
NORMALIZATION_ARGS = """\
    regexes_to_ignore (`list` of `str`): Regular expressions whose matches are
        removed from both sides first (after `transform`). Defaults to None.
    ignore_case (`bool`): Lower-case both sides. Defaults to False.
    ignore_punctuation (`bool` or `str`): True (or "ascii") removes the ASCII
        punctuation of `string.punctuation`; "unicode" removes every Unicode
        punctuation character. Defaults to False.
    ignore_numbers (`bool`): Remove the digits 0-9. Defaults to False.
    collapse_whitespace (`bool`): Turn each run of whitespace into one space and
        strip the ends. Defaults to False.
    transform (`callable`): A function str -> str applied to every text first
        (e.g. a Whisper-style normalizer). Defaults to None."""

_STATE_OPTIONS_HINT = (
    "options that change how texts are folded (normalization, level, costs,"
    " return_per_example, return_counts) are fixed at load time while streaming"
)


class TextModule(EvaluationModule):
    """Base of the text modules: string inputs, a text state, options checked per stream."""

    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("string", id="sequence"),
        "references": Value("string", id="sequence"),
    }
    #: compute() returns ``result[name]`` alone when that is the only key (evaluate's wer/cer)
    returns_float: ClassVar[bool] = False

    # -- to implement ----------------------------------------------------------------
    def _config(self, options: dict[str, Any]) -> Any:
        """Check ``options``; return the state config they need."""
        raise NotImplementedError

    def _derive_state(self, state: Any, **options: Any) -> dict[str, Any]:
        raise NotImplementedError

    # -- EvaluationModule hooks ----------------------------------------------------
    def _new_state(self) -> Any:
        return TextErrorCounts(self._config(self.defaults))

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        predictions = as_texts(batch["predictions"], "predictions")
        references = as_texts(batch["references"], "references")
        n = check_pairs(predictions, references)
        return {"predictions": predictions, "references": references}, n

    def _prepare(self, options: dict[str, Any]) -> None:
        config = self._config(options)
        if self._acc.stored == 0 and config != self._acc.state.config:
            self._acc.state.reconfigure(config)

    def _derive(self, state: Any, **options: Any) -> dict[str, Any]:
        self._check_served(state.config, options)
        return self._derive_state(state, **options)

    def _serves(self, have: Any, needed: Any) -> bool:
        return have.serves(needed)

    def _check_served(self, have: Any, options: dict[str, Any]) -> None:
        needed = self._config(options)
        if self._serves(have, needed):
            return
        given = {
            k: v
            for k, v in options.items()
            if k in self.options and not _same_option(v, self.defaults.get(k))
        }
        shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
        if given.get("return_per_example"):
            why = (
                "per-example scores take O(examples) memory and are kept only when asked for"
                " before the examples are added"
            )
        elif given.get("return_counts"):
            why = "substitution/deletion/insertion counts need an alignment of every pair"
        else:
            why = "the stored examples were folded with the load-time options"
        raise ValueError(
            f"{self.name}.compute({shown}): {why}; {_STATE_OPTIONS_HINT}: use"
            f" evaluate.load({self.name!r}, {shown}) before add_batch(), or pass"
            " predictions and references to this compute() call directly"
        )

    # -- evaluate API ----------------------------------------------------------------
    def compute(self, *, predictions: Any = None, references: Any = None, **kwargs: Any) -> Any:
        """Score everything added (plus ``predictions``/``references`` if given).

        Returns a dict, or a bare float for the modules whose evaluate
        counterpart returns one (wer, cer) when no extra outputs are asked for.
        """
        if self._acc.stored and set(kwargs) <= set(self.options):
            # check before anything is added or cleared: a refused call keeps the state
            self._check_served(self._acc.state.config, {**self.defaults, **kwargs})
        try:
            result = super().compute(predictions=predictions, references=references, **kwargs)
        except BaseException:
            if self._acc.stored == 0:
                self._acc.state.reset()  # undo a one-shot reconfiguration
            raise
        if result is not None and self.returns_float and list(result) == [self.name]:
            return result[self.name]
        return result


class ErrorRateModule(TextModule):
    """wer, cer, mer, wil, wip: one corpus-level rate from summed alignment counts."""

    returns_float = True
    level: ClassVar[str] = "word"
    #: "error_rate" (wer, cer), "mer", "wil" or "wip"
    measure: ClassVar[str] = "error_rate"
    options: ClassVar[dict[str, Any]] = {
        "concatenate_texts": False,
        "return_per_example": False,
        "return_counts": False,
        **NORMALIZATION_OPTIONS,
    }

    def _config(self, options: dict[str, Any]) -> TextConfig:
        if "concatenate_texts" in options:
            _check_bool("concatenate_texts", options["concatenate_texts"])
        per_example = _check_bool("return_per_example", options["return_per_example"])
        counts = _check_bool("return_counts", options["return_counts"])
        normalizer = normalizer_from_options(**{k: options[k] for k in NORMALIZATION_OPTIONS})
        return TextConfig(
            level=self.level,
            normalizer=normalizer,
            alignment=counts or self.measure != "error_rate",
            keep_per_example=per_example,
        )

    def _derive_state(self, state: TextErrorCounts, **options: Any) -> dict[str, Any]:
        n, p = state.reference_length, state.prediction_length
        if self.measure == "error_rate":
            score = _error_rate(state.distance, n)
        elif self.measure == "mer":
            score = _match_error_rate(state.distance, state.hits, n, p)
        else:
            wip = _word_information_preserved(state.hits, n, p)
            score = wip if self.measure == "wip" else 1 - wip
        out: dict[str, Any] = {self.name: score}
        if options["return_counts"]:
            out.update(
                substitutions=state.substitutions,
                deletions=state.deletions,
                insertions=state.insertions,
                hits=state.hits,
            )
        if options["return_per_example"]:
            out[f"{self.name}_per_example"] = _per_example_scores(
                state.per_example_arrays(), self.measure
            )
        return out


class ExactMatchBase(TextModule):
    """exact_match: matches counted after normalization."""

    options: ClassVar[dict[str, Any]] = {"return_per_example": False, **NORMALIZATION_OPTIONS}

    def _new_state(self) -> ExactMatchCounts:
        normalizer, keep = self._config(self.defaults)
        return ExactMatchCounts(normalizer, keep)

    def _config(self, options: dict[str, Any]) -> tuple:
        keep = _check_bool("return_per_example", options["return_per_example"])
        normalizer = normalizer_from_options(**{k: options[k] for k in NORMALIZATION_OPTIONS})
        return normalizer, keep

    def _serves(self, have: tuple, needed: tuple) -> bool:
        return have[0] == needed[0] and (have[1] or not needed[1])

    def _derive_state(self, state: ExactMatchCounts, **options: Any) -> dict[str, Any]:
        out: dict[str, Any] = {self.name: state.matches / state.pairs}
        if options["return_per_example"]:
            out[f"{self.name}_per_example"] = state.per_example_arrays()["match"]
        return out
