"""mrr: mean reciprocal rank of the first relevant item."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._ranking import RANKING_ARGS, RANKING_CITATION, RankingModule

_DESCRIPTION = """
Mean reciprocal rank (MRR) measures how soon a ranking shows its first relevant
item: for each query, 1 / rank of the first relevant item in the ranked list (0 when
no relevant item is in the top k), averaged over queries:

    MRR@k = (1 / |Q|) * sum_q 1 / rank_q      (1 / rank_q = 0 if rank_q > k)

It suits tasks with one right answer per query (question answering, known-item
search, entity linking). It lies in [0, 1]; higher is better. With k=None the whole
ranked list counts. A query without any relevant item scores 0 by default (see
empty_target_action). The state is a few exact sums, so add_batch streams any number
of queries in O(1) memory, and the streamed result equals the one-shot result bit
for bit.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{RANKING_ARGS}

Returns:
    mrr@k (`float`): The mean reciprocal rank at each cut-off, keyed "mrr@<k>"
        ("mrr" when k is None).

Examples:

    Example 1 - first relevant item at ranks 2, 3 and 1 (Wikipedia's example)
        >>> import fasteval as evaluate
        >>> mrr = evaluate.load("mrr")
        >>> predictions = [["catten", "cati", "cats"], ["torii", "tori", "toruses"],
        ...                ["viruses", "virii", "viri"]]
        >>> references = [["cats"], ["tori"], ["viruses"]]
        >>> mrr.compute(predictions=predictions, references=references)
        {{'mrr': 0.611111111111111}}
        >>> mrr.compute(predictions=predictions, references=references, k=2)
        {{'mrr@2': 0.5}}
"""


class MeanReciprocalRank(RankingModule):
    name = "mrr"
    summary = "Mean over queries of 1 / rank of the first relevant item."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = RANKING_CITATION
    metric = "mrr"
    key = "mrr"
    reference_urls: ClassVar[list[str]] = ["https://en.wikipedia.org/wiki/Mean_reciprocal_rank"]
