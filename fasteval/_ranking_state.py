"""Mergeable state of the ranking metrics: exact sums of per-query scores.

Every ranking metric here (precision@k, recall@k, nDCG, reciprocal rank,
average precision, DCG) is a mean over queries of a per-query score, so the
sufficient statistic is, per cut-off, the (weighted) sum of the scores of the
queries that have a relevant item, plus the total weight of the queries with
and without one. That is O(cut-offs) memory however many queries stream by.

The sums are kept exactly, as non-overlapping float expansions
(:func:`fasteval.kernels.ranking.expansion_add`) and rounded once when read:
any chunking of the same queries, and any merge order of states, gives the
same bits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["RankingConfig", "RankingSums"]

#: slots of one exact expansion (a sum of doubles needs fewer than 64)
_SLOTS = 128


@dataclass(frozen=True)
class RankingConfig:
    """How a batch of ranked lists is scored.

    ``metric``: "precision", "recall", "ndcg", "mrr", "map" or "dcg".
    ``ks``: the cut-offs in the user's order (0 = the whole list).
    ``gain``: "linear" (the grade) or "exponential" (2**grade - 1).
    ``ignore_ties``: for (n)DCG from scores, rank tied items in column order
    instead of averaging their gains. ``log_base``: DCG's logarithm base.
    ``input_format``: None (decided per batch), "ids" or "scores".
    """

    metric: str
    ks: tuple[int, ...] = (0,)
    gain: str = "linear"
    ignore_ties: bool = False
    log_base: float = 2.0
    input_format: str | None = None

    def serves(self, needed: RankingConfig) -> bool:
        """Whether sums folded with this config answer ``needed`` (input_format aside)."""
        return (
            self.metric == needed.metric
            and self.ks == needed.ks
            and self.gain == needed.gain
            and self.ignore_ties == needed.ignore_ties
            and self.log_base == needed.log_base
        )


class _Expansions:
    """``rows`` exact running sums."""

    def __init__(self, rows: int) -> None:
        self.partials = np.zeros((rows, _SLOTS), dtype=np.float64)
        self.lengths = np.zeros(rows, dtype=np.int64)

    def add(self, row: int, values: np.ndarray) -> None:
        from fasteval.kernels.ranking import expansion_add

        if values.shape[0] == 0:
            return
        n = expansion_add(
            self.partials[row], int(self.lengths[row]), np.ascontiguousarray(values, np.float64)
        )
        if n < 0:  # pragma: no cover - impossible for finite doubles
            raise OverflowError("exact sum overflowed its expansion")
        self.lengths[row] = n

    def parts(self, row: int) -> list[float]:
        return self.partials[row, : self.lengths[row]].tolist()

    def value(self, *rows: int) -> float:
        """The sum of ``rows``, rounded once."""
        return math.fsum(x for row in rows for x in self.parts(row))


class RankingSums:
    """Exact per-cut-off sums of per-query scores, and query weights.

    >>> import numpy as np
    >>> state = RankingSums(RankingConfig("recall", ks=(1, 2)))
    >>> state.update(scores=np.array([[0.5, 1.0], [0.0, 0.0]]), n_relevant=np.array([2, 0]))
    >>> state.score_sums(), state.weight_with_relevant(), state.weight_without_relevant()
    ([0.5, 1.0], 1.0, 1.0)
    """

    def __init__(self, config: RankingConfig) -> None:
        self.base_config = config
        self.config = config
        self.reset()

    def reset(self) -> None:
        """Drop everything; go back to the config the state was built with."""
        self.config = self.base_config
        self.queries = 0
        self.queries_without_relevant = 0
        self._sums = _Expansions(len(self.config.ks) + 2)

    def reconfigure(self, config: RankingConfig) -> None:
        """Use ``config`` until the next reset (the state must be empty)."""
        if self.queries:
            raise RuntimeError("cannot reconfigure a state that holds queries")
        self.config = config
        self._sums = _Expansions(len(config.ks) + 2)

    # -- folding ------------------------------------------------------------------
    def update(
        self, *, scores: np.ndarray, n_relevant: np.ndarray, weights: np.ndarray | None = None
    ) -> None:
        """Fold a batch: ``scores`` (n_queries, n_cutoffs), relevant counts, query weights."""
        nk = len(self.config.ks)
        empty = n_relevant == 0
        kept = ~empty
        if weights is None:
            for j in range(nk):
                self._sums.add(j, scores[kept, j])
            self._sums.add(nk, np.ones(int(kept.sum())))
            self._sums.add(nk + 1, np.ones(int(empty.sum())))
        else:
            w = weights[kept]
            for j in range(nk):
                self._sums.add(j, scores[kept, j] * w)
            self._sums.add(nk, w)
            self._sums.add(nk + 1, weights[empty])
        self.queries += int(n_relevant.shape[0])
        self.queries_without_relevant += int(empty.sum())

    @staticmethod
    def concat(batches: list[dict[str, Any]]) -> dict[str, Any]:
        weights = None
        if any(b["weights"] is not None for b in batches):
            weights = np.concatenate(
                [
                    b["weights"] if b["weights"] is not None else np.ones(len(b["n_relevant"]))
                    for b in batches
                ]
            )
        return {
            "scores": np.concatenate([b["scores"] for b in batches]),
            "n_relevant": np.concatenate([b["n_relevant"] for b in batches]),
            "weights": weights,
        }

    def merge(self, other: RankingSums) -> None:
        """Add ``other``'s sums (exactly) into this state."""
        if not isinstance(other, RankingSums) or not self.config.serves(other.config):
            raise ValueError(
                f"cannot merge ranking states folded with different options ({other.config!r}"
                f" into {self.config!r})"
            )
        for row in range(len(self.config.ks) + 2):
            self._sums.add(row, np.asarray(other._sums.parts(row)))
        self.queries += other.queries
        self.queries_without_relevant += other.queries_without_relevant

    # -- reading ------------------------------------------------------------------
    def score_sums(self) -> list[float]:
        return [self._sums.value(j) for j in range(len(self.config.ks))]

    def weight_with_relevant(self) -> float:
        return self._sums.value(len(self.config.ks))

    def weight_without_relevant(self) -> float:
        return self._sums.value(len(self.config.ks) + 1)

    def means(self, empty_target_action: str) -> list[float]:
        """The mean score per cut-off, queries without a relevant item handled as asked.

        ``"neg"``: they score 0; ``"pos"``: they score 1; ``"skip"``: they are left
        out; ``"error"``: raise if there is one. Each numerator and denominator is
        an exact sum rounded once. A zero denominator (every query skipped, or
        weights summing to 0) gives NaN.
        """
        nk = len(self.config.ks)
        if empty_target_action == "error" and self.queries_without_relevant:
            raise ValueError(
                f"{self.queries_without_relevant} of {self.queries} queries have no relevant"
                " item (empty_target_action='error'); use 'skip' to leave them out, or"
                " 'neg' / 'pos' to score them 0 / 1"
            )
        if empty_target_action == "skip":
            denominator = self.weight_with_relevant()
        else:
            denominator = self._sums.value(nk, nk + 1)
        out = []
        for j in range(nk):
            if empty_target_action == "pos":
                numerator = self._sums.value(j, nk + 1)
            else:
                numerator = self._sums.value(j)
            out.append(numerator / denominator if denominator != 0 else math.nan)
        return out
