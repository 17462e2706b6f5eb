"""Mergeable states of the text metrics: summed error counts, or match counts.

The statistic is sufficient: WER, CER, MER, WIL, WIP and the edit-distance
aggregates derive from a handful of integers summed over pairs (distance,
reference and prediction lengths, S/D/I/H), so ``add``/``add_batch`` stream
in O(1) memory and states merge by addition. Per-example scores cannot
stream in O(1) memory: the per-pair arrays are kept only when the state was
built with ``keep_per_example`` (``return_per_example=True`` at load time, or
a one-shot ``compute``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fasteval.functional.text import TextConfig, _exact_matches, _pair_statistics
from fasteval.text import TextNormalizer

__all__ = ["ExactMatchCounts", "TextErrorCounts"]

_COUNTS = ("substitutions", "deletions", "insertions", "hits")


def _concat_pairs(batches: list[dict[str, Any]]) -> dict[str, Any]:
    predictions: list[str] = []
    references: list[str] = []
    for batch in batches:
        predictions.extend(batch["predictions"])
        references.extend(batch["references"])
    return {"predictions": predictions, "references": references}


class _PairState:
    """What both text states share: a config, a reset to it, per-example arrays."""

    config: Any
    base_config: Any

    def __init__(self, config: Any) -> None:
        self.base_config = config
        self.config = config
        self.reset()

    def reset(self) -> None:
        """Drop everything; go back to the config the state was built with."""
        self.config = self.base_config
        self.pairs = 0
        self.per_example: list[dict[str, np.ndarray]] = []

    def reconfigure(self, config: Any) -> None:
        """Use ``config`` until the next reset (the state must be empty)."""
        if self.pairs:
            raise RuntimeError("cannot reconfigure a state that holds examples")
        self.config = config

    def concat(self, batches: list[dict[str, Any]]) -> dict[str, Any]:
        return _concat_pairs(batches)

    def _check_mergeable(self, other: _PairState) -> None:
        if type(other) is not type(self) or other.config != self.config:
            raise ValueError(
                "cannot merge text states built with different options"
                f" ({other.config!r} into {self.config!r})"
            )

    def per_example_arrays(self) -> dict[str, np.ndarray]:
        if not self.per_example:
            return {}
        keys = self.per_example[0]
        return {k: np.concatenate([part[k] for part in self.per_example]) for k in keys}


class TextErrorCounts(_PairState):
    """Summed edit statistics of text pairs (and, if kept, the per-pair arrays).

    >>> from fasteval.functional.text import TextConfig
    >>> state = TextErrorCounts(TextConfig(level="word", alignment=True))
    >>> state.update(predictions=["a b c", "d"], references=["a x c", "d e"])
    >>> state.totals()
    {'distance': 2, 'reference_length': 5, 'prediction_length': 4, 'pairs': 2, 'substitutions': 1, 'deletions': 1, 'insertions': 0, 'hits': 3}
    """

    config: TextConfig

    def reset(self) -> None:
        super().reset()
        self.distance = 0
        self.reference_length = 0
        self.prediction_length = 0
        self.substitutions = self.deletions = self.insertions = self.hits = 0

    def update(self, *, predictions: list[str], references: list[str]) -> None:
        stats = _pair_statistics(predictions, references, self.config)
        self.pairs += len(stats["distance"])
        self.distance += int(stats["distance"].sum())
        self.reference_length += int(stats["reference_length"].sum())
        self.prediction_length += int(stats["prediction_length"].sum())
        if self.config.alignment:
            for key in _COUNTS:
                setattr(self, key, getattr(self, key) + int(stats[key].sum()))
        if self.config.keep_per_example:
            self.per_example.append(stats)

    def merge(self, other: TextErrorCounts) -> None:
        self._check_mergeable(other)
        for key in ("pairs", "distance", "reference_length", "prediction_length", *_COUNTS):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.per_example.extend(other.per_example)

    def totals(self) -> dict[str, int]:
        out = {
            "distance": self.distance,
            "reference_length": self.reference_length,
            "prediction_length": self.prediction_length,
            "pairs": self.pairs,
        }
        if self.config.alignment:
            out.update({key: getattr(self, key) for key in _COUNTS})
        return out


class ExactMatchCounts(_PairState):
    """Number of pairs equal after normalization, and number of pairs.

    >>> from fasteval.text import TextNormalizer
    >>> state = ExactMatchCounts(TextNormalizer(ignore_case=True), keep_per_example=False)
    >>> state.update(predictions=["A", "b"], references=["a", "c"])
    >>> state.matches, state.pairs
    (1, 2)
    """

    def __init__(self, normalizer: TextNormalizer, keep_per_example: bool) -> None:
        super().__init__((normalizer, keep_per_example))

    def reset(self) -> None:
        super().reset()
        self.matches = 0

    def update(self, *, predictions: list[str], references: list[str]) -> None:
        normalizer, keep = self.config
        matched = _exact_matches(predictions, references, normalizer)
        self.pairs += len(matched)
        self.matches += int(matched.sum())
        if keep:
            self.per_example.append({"match": matched})

    def merge(self, other: ExactMatchCounts) -> None:
        self._check_mergeable(other)
        self.pairs += other.pairs
        self.matches += other.matches
        self.per_example.extend(other.per_example)
