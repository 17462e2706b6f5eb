"""ndcg: normalized discounted cumulative gain at k, for ranked ids or scikit-learn's score matrices."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.metrics._ranking import RANKING_ARGS, RANKING_CITATION, RankingModule

_DESCRIPTION = """
Normalized discounted cumulative gain (nDCG) rewards rankings that put the most
relevant items first, with graded relevance. For one query, with g_i the gain of
the item at rank i (its grade, or 2**grade - 1 with gain="exponential"; 0 when not
judged relevant):

    DCG@k = sum_{i=1..k} g_i / log2(i + 1)        nDCG@k = DCG@k / IDCG@k

where IDCG@k is the DCG@k of the judged items sorted by grade (the best possible
ranking). nDCG@k is averaged over queries; it lies in [0, 1], higher is better.

With a (n_queries, n_items) matrix of float scores as predictions and of grades as
references, the result equals sklearn.metrics.ndcg_score (up to float rounding),
including its treatment of ties: tied items share the average gain of the ranks
they span (ignore_ties=False). A query without a relevant item scores 0 by default
(scikit-learn's convention; see empty_target_action). The state is a few exact sums,
so add_batch streams in O(1) memory.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{RANKING_ARGS}
    gain (`str`): "linear" (the grade, scikit-learn's choice) or "exponential"
        (2**grade - 1, Burges et al.). Defaults to "linear".
    ignore_ties (`bool`): With scores, rank tied items in column order instead of
        averaging their gains (faster; scikit-learn leaves that order unspecified).
        Defaults to False.

Returns:
    ndcg@k (`float`): The mean nDCG at each cut-off, keyed "ndcg@<k>" ("ndcg" when
        k is None).

Examples:

    Example 1 - scikit-learn's example: scores and grades as (n_queries, n_items)
        >>> import fasteval as evaluate
        >>> ndcg = evaluate.load("ndcg")
        >>> true_relevance = [[10, 0, 0, 1, 5]]
        >>> scores = [[0.1, 0.2, 0.3, 4.0, 70.0]]
        >>> print(round(ndcg.compute(predictions=scores, references=true_relevance)["ndcg"], 4))
        0.6957
        >>> ndcg.compute(predictions=[[1.0, 0.0, 0.0, 0.0, 1.0]], references=true_relevance, k=1)
        {{'ndcg@1': 0.75}}

    Example 2 - ranked ids with graded judgements (Wikipedia's DCG example)
        >>> ranked = [["d1", "d2", "d3", "d4", "d5", "d6"]]
        >>> judged = [{{"d1": 3, "d2": 2, "d3": 3, "d4": 0, "d5": 1, "d6": 2, "d7": 3, "d8": 2}}]
        >>> result = ndcg.compute(predictions=ranked, references=judged, k=6)
        >>> print(round(result["ndcg@6"], 3))
        0.785

    Example 3 - streaming batches of queries, two cut-offs
        >>> ndcg = evaluate.load("ndcg", k=[1, 3])
        >>> ndcg.add_batch(predictions=[[4, 1, 2]], references=[[1, 2]])
        >>> ndcg.add_batch(predictions=[[9, 8, 7]], references=[[9]], relevance=[[2.0]])
        >>> ndcg.compute()
        {{'ndcg@1': 0.5, 'ndcg@3': 0.8467132018086354}}
"""


class NDCG(RankingModule):
    name = "ndcg"
    summary = "Normalized discounted cumulative gain at k (sklearn.metrics.ndcg_score for scores)."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = (
        RANKING_CITATION
        + """@article{jarvelin2002,
  title={Cumulated gain-based evaluation of IR techniques},
  author={J{\\"a}rvelin, Kalervo and Kek{\\"a}l{\\"a}inen, Jaana},
  journal={ACM Transactions on Information Systems},
  volume={20},
  number={4},
  pages={422--446},
  year={2002}
}
"""
    )
    metric = "ndcg"
    key = "ndcg"
    options: ClassVar[dict[str, Any]] = {
        **RankingModule.options,
        "gain": "linear",
        "ignore_ties": False,
    }
    fold_options: ClassVar[tuple[str, ...]] = ("k", "gain", "ignore_ties", "input_format")
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.ndcg_score.html",
        "https://en.wikipedia.org/wiki/Discounted_cumulative_gain",
    ]
