"""map: mean average precision of ranked lists."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._ranking import RANKING_ARGS, RANKING_CITATION, RankingModule

_DESCRIPTION = """
Mean average precision (MAP) summarizes a whole ranking in one number: for each
query, the precision at every rank where a relevant item appears, summed and
divided by the number of relevant items, then averaged over queries:

    AP@k = (sum_{i<=k} rel_i * precision@i) / min(k, R)       MAP@k = mean_q AP@k

where rel_i is 1 when the item at rank i is relevant and R is the number of relevant
items of the query. With k=None the denominator is R: TREC's (and Manning et al.'s)
average precision, in which relevant items never retrieved count as precision 0.
With a cut-off the denominator min(k, R) lets a perfect top-k score 1. It lies in
[0, 1]; higher is better. A query without a relevant item scores 0 by default (see
empty_target_action). The state is a few exact sums, so add_batch streams in O(1)
memory. This is the ranking MAP, not scikit-learn's average_precision_score of a
precision-recall curve.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{RANKING_ARGS}

Returns:
    map@k (`float`): The mean average precision at each cut-off, keyed "map@<k>"
        ("map" when k is None).

Examples:

    Example 1 - relevant items at ranks 1, 3 and 6 of query 1 (4 relevant in all),
    at rank 2 of query 2
        >>> import fasteval as evaluate
        >>> map_metric = evaluate.load("map")
        >>> predictions = [[1, 2, 3, 4, 5, 6], [10, 11, 12]]
        >>> references = [[1, 3, 6, 9], [11]]
        >>> map_metric.compute(predictions=predictions, references=references)
        {{'map': 0.5208333333333333}}
        >>> ((1 / 1 + 2 / 3 + 3 / 6) / 4 + (1 / 2) / 1) / 2
        0.5208333333333333
        >>> map_metric.compute(predictions=predictions, references=references, k=3)
        {{'map@3': 0.5277777777777777}}
"""


class MeanAveragePrecision(RankingModule):
    name = "map"
    summary = "Mean over queries of average precision (TREC's AP; min(k, R) with a cut-off)."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = RANKING_CITATION
    metric = "map"
    key = "map"
    reference_urls: ClassVar[list[str]] = [
        "https://nlp.stanford.edu/IR-book/html/htmledition/evaluation-of-ranked-retrieval-results-1.html"
    ]
