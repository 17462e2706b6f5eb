"""precision_at_k: the share of the top k ranked items that are relevant, averaged over queries."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._ranking import RANKING_ARGS, RANKING_CITATION, RankingModule

_DESCRIPTION = """
Precision at k measures how much of what a ranking shows first is relevant: for
each query, the number of relevant items among its top k ranked predictions,
divided by k, averaged over queries:

    precision@k = (1 / |Q|) * sum_q |relevant_q ∩ top_k(ranking_q)| / k

The denominator is k even when a ranked list is shorter than k (missing ranks
count as not relevant, as trec_eval's P@k); with k=None each list is scored
whole (relevant retrieved / retrieved). An item repeated in a ranked list counts
only at its first rank. It lies in [0, 1]; higher is better.

The state is a few exact sums (one per cut-off), so add_batch streams any number
of queries in O(1) memory, and the streamed result equals the one-shot result
bit for bit.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{RANKING_ARGS}

Returns:
    precision@k (`float`): The mean precision at each cut-off, keyed "precision@<k>"
        ("precision" when k is None).

Examples:

    Example 1 - two queries, ranked ids against relevant sets
        >>> import fasteval as evaluate
        >>> precision = evaluate.load("precision_at_k")
        >>> predictions = [[7, 2, 9, 4], [1, 5, 3]]
        >>> references = [[2, 4], [3]]
        >>> precision.compute(predictions=predictions, references=references, k=2)
        {{'precision@2': 0.25}}
        >>> precision.compute(predictions=predictions, references=references, k=[1, 3])
        {{'precision@1': 0.0, 'precision@3': 0.3333333333333333}}

    Example 2 - string ids, streamed query by query
        >>> precision = evaluate.load("precision_at_k", k=2)
        >>> precision.add(prediction=["doc3", "doc1"], reference={{"doc1"}})
        >>> precision.add(prediction=["doc2", "doc9"], reference={{"doc2", "doc9"}})
        >>> precision.compute()
        {{'precision@2': 0.75}}
"""


class PrecisionAtK(RankingModule):
    name = "precision_at_k"
    summary = "Share of the top-k ranked items that are relevant, averaged over queries."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = RANKING_CITATION
    metric = "precision"
    key = "precision"
    reference_urls: ClassVar[list[str]] = [
        "https://nlp.stanford.edu/IR-book/html/htmledition/evaluation-of-ranked-retrieval-results-1.html"
    ]
