"""Shared base of the ranking modules (precision_at_k, recall_at_k, ndcg, mrr, map).

Each batch of queries is validated and scored in ``_validate`` (one Numba pass
over Arrow-style offsets; :func:`fasteval.functional.ranking.ranking_batch`),
and the state keeps exact sums of the per-query scores
(:class:`~fasteval._ranking_state.RankingSums`): O(cut-offs) memory, and a
streamed result equal bit for bit to the one-shot one. The cut-offs ``k``
(and nDCG's ``gain`` / ``ignore_ties``) are fixed at load time while
streaming; ``empty_target_action`` can change at compute time.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._ranking_state import RankingConfig, RankingSums
from fasteval.functional.ranking import (
    EMPTY_TARGET_ACTIONS,
    _check_choice,
    ranking_batch,
    ranking_config,
    result_key,
)
from fasteval.metrics._configured import ConfiguredModule
from fasteval.module import Value

__all__ = ["RANKING_ARGS", "RANKING_CITATION", "RankingModule"]

RANKING_CITATION = """
@book{manning2008,
  title={Introduction to Information Retrieval},
  author={Manning, Christopher D. and Raghavan, Prabhakar and Sch{\\"u}tze, Hinrich},
  publisher={Cambridge University Press},
  year={2008}
}
"""

#: the Args entries every ranking module shares (inputs and common options)
RANKING_ARGS = """\
    predictions: One entry per query. Either its ranked list of item ids, best
        first (`list` of `int` or `str`; lists may differ in length; also numpy
        object arrays, 2-D integer arrays, pyarrow ListArray / LargeListArray /
        FixedSizeListArray and polars list columns, read through their offsets
        without copying), or, as scikit-learn's ndcg_score, a (n_queries, n_items)
        array of float scores (items are then ranked by decreasing score; ties
        keep column order).
    references: One entry per query: the relevant item ids (`list` or `set`), or
        a dict {item: grade} (relevant when grade > 0), or a pyarrow MapArray;
        with scores, a (n_queries, n_items) matrix of grades.
    relevance (`list` of `list` of `float`, optional): Grades aligned with the ids
        of `references` (one list per query). Defaults to grade 1 for every item.
    sample_weight (`list` of `float`, optional): One weight per query.
    k (`int`, `list` of `int` or None): Cut-off(s); None scores the whole ranked
        list. With a list the result has one key per cut-off. Defaults to None.
        Fixed at load time while streaming.
    empty_target_action (`str`): Queries without a relevant item: "neg" scores
        them 0 (scikit-learn's and torchmetrics' default), "pos" scores them 1,
        "skip" leaves them out, "error" raises. Defaults to "neg".
    input_format (`str` or None): "ids" or "scores"; None decides by the values
        of `predictions` (floats are scores). Defaults to None."""


class RankingModule(ConfiguredModule):
    """A mean over queries of a per-query ranking score, keyed ``"<key>@<k>"``."""

    #: "precision", "recall", "ndcg", "mrr" or "map"
    metric: ClassVar[str] = ""
    #: result key (``"ndcg"`` -> ``"ndcg@10"``)
    key: ClassVar[str] = ""
    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("int64", id="sequence"),
        "references": Value("int64", id="sequence"),
    }
    row_inputs: ClassVar[tuple[str, ...]] = ("relevance", "sample_weight")
    options: ClassVar[dict[str, Any]] = {
        "k": None,
        "empty_target_action": "neg",
        "input_format": None,
    }
    fold_options: ClassVar[tuple[str, ...]] = ("k", "input_format")

    def _config(self, options: dict[str, Any]) -> RankingConfig:
        _check_choice("empty_target_action", options["empty_target_action"], EMPTY_TARGET_ACTIONS)
        return ranking_config(
            self.metric,
            k=options["k"],
            gain=options.get("gain", "linear"),
            ignore_ties=options.get("ignore_ties", False),
            input_format=options["input_format"],
        )

    def _state_for(self, config: RankingConfig) -> RankingSums:
        return RankingSums(config)

    def _serves(self, state: RankingSums, config: RankingConfig) -> bool:
        return state.config.serves(config)

    def _batch(self, batch: dict[str, Any], state: RankingSums) -> tuple[dict[str, Any], int]:
        return ranking_batch(
            batch["predictions"],
            batch["references"],
            state.config,
            relevance=batch.get("relevance"),
            sample_weight=batch.get("sample_weight"),
        )

    def _derive_state(self, state: RankingSums, **options: Any) -> dict[str, Any]:
        means = state.means(options["empty_target_action"])
        return {result_key(self.key, k): value for k, value in zip(state.config.ks, means)}
