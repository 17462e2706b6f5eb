"""recall_at_k: the share of the relevant items found in the top k, averaged over queries."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._ranking import RANKING_ARGS, RANKING_CITATION, RankingModule

_DESCRIPTION = """
Recall at k measures how much of what is relevant a ranking finds in its first k
places: for each query, the number of its relevant items among the top k ranked
predictions, divided by the number R of its relevant items, averaged over queries:

    recall@k = (1 / |Q|) * sum_q |relevant_q ∩ top_k(ranking_q)| / R_q

With k=None the whole ranked list counts. A query without a relevant item has no
recall: empty_target_action decides whether it scores 0 ("neg", the default, as
torchmetrics), 1 ("pos"), is left out ("skip") or raises ("error"). An item
repeated in a ranked list counts only once. It lies in [0, 1]; higher is better.

The state is a few exact sums (one per cut-off), so add_batch streams any number
of queries in O(1) memory, and the streamed result equals the one-shot result
bit for bit.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{RANKING_ARGS}

Returns:
    recall@k (`float`): The mean recall at each cut-off, keyed "recall@<k>"
        ("recall" when k is None).

Examples:

    Example 1 - two queries; the second has three relevant items
        >>> import fasteval as evaluate
        >>> recall = evaluate.load("recall_at_k")
        >>> predictions = [[7, 2, 9, 4], [1, 5, 3]]
        >>> references = [[2, 4], [3, 5, 8]]
        >>> recall.compute(predictions=predictions, references=references, k=[2, 4])
        {{'recall@2': 0.41666666666666663, 'recall@4': 0.8333333333333333}}

    Example 2 - a query without any relevant item
        >>> recall.compute(predictions=[[1, 2], [3, 4]], references=[[2], []], k=2)
        {{'recall@2': 0.5}}
        >>> recall.compute(predictions=[[1, 2], [3, 4]], references=[[2], []], k=2,
        ...                empty_target_action="skip")
        {{'recall@2': 1.0}}
"""


class RecallAtK(RankingModule):
    name = "recall_at_k"
    summary = "Share of the relevant items found in the top k, averaged over queries."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = RANKING_CITATION
    metric = "recall"
    key = "recall"
    reference_urls: ClassVar[list[str]] = [
        "https://nlp.stanford.edu/IR-book/html/htmledition/evaluation-of-ranked-retrieval-results-1.html"
    ]
