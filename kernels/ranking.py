"""Ranking kernels: per-query scores of ranked lists, and exact float sums.

Two input forms, both plain arrays:

* ragged item ids: Arrow-style ``offsets`` (length ``n_queries + 1``, starting
  at 0, non-decreasing, last = number of values) into flat int64 id arrays, one
  pair for the ranked predictions and one for the judged references with their
  gains. The caller proves the offsets valid and the discount table long enough.
* a rectangle of scores and relevance grades, ``(n_queries, n_items)``.

Metric codes: 0 precision, 1 recall, 2 ndcg, 3 reciprocal rank, 4 average
precision, 5 dcg. Cut-offs ``ks`` are sorted ascending; 0 means "the whole
list" and, if present, comes last.

``expansion_add`` keeps a running sum as a non-overlapping expansion
(Shewchuk's algorithm, the one behind ``math.fsum``): the sum of any number of
values, added in any chunks and any order, is exact until it is rounded once
at the end, so a streamed mean equals the one-shot mean bit for bit.
"""

import numpy as np

from ._config import jit

PRECISION, RECALL, NDCG, RECIPROCAL_RANK, AVERAGE_PRECISION, DCG = 0, 1, 2, 3, 4, 5


@jit
def expansion_add(partials, n, values):
    """Add ``values`` exactly to the expansion ``partials[:n]``; return its new length.

    ``partials`` needs room for the expansion (doubles need fewer than 64
    components). Returns -1 if it would overflow (it cannot for finite doubles
    and 128 slots).
    """
    cap = partials.shape[0]
    for t in range(values.shape[0]):
        x = values[t]
        i = 0
        for j in range(n):
            y = partials[j]
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo != 0.0:
                partials[i] = lo
                i += 1
            x = hi
        if i >= cap:
            return -1
        partials[i] = x
        n = i + 1
    return n


@jit
def _value(metric, k, hits, n_pred, n_rel, dcg, idcg, first, ap):
    """One query's score at cut-off ``k`` (0: the whole list) from its running totals."""
    if metric == PRECISION:
        if k == 0:
            return hits / n_pred if n_pred > 0 else 0.0
        return hits / k
    if metric == RECALL:
        return hits / n_rel if n_rel > 0 else 0.0
    if metric == NDCG:
        return dcg / idcg if idcg > 0.0 else 0.0
    if metric == DCG:
        return dcg
    if metric == RECIPROCAL_RANK:
        return 1.0 / first if first > 0 else 0.0
    denom = n_rel if k == 0 else min(k, n_rel)
    return ap / denom if denom > 0 else 0.0


@jit
def ranked_id_scores(
    pred_offsets, pred_ids, ref_offsets, ref_ids, ref_gains, ks, metric, discount, out, n_relevant
):
    """Score every query of a ragged batch of ranked ids against its judged items.

    ``ref_gains[j]`` is the gain of reference item ``j`` (relevant iff > 0).
    A prediction is matched at most once: an item repeated in a ranked list
    counts only at its first position. ``discount[i]`` is the discount of rank
    ``i + 1`` and must cover the longest list of either side. Fills ``out``
    (n_queries, len(ks)) and ``n_relevant``; returns -1, or the index of the
    first query whose references repeat an item (``out`` is then incomplete).
    """
    nq = pred_offsets.shape[0] - 1
    nk = ks.shape[0]
    longest = 0
    for q in range(nq):
        longest = max(longest, ref_offsets[q + 1] - ref_offsets[q])
    sorted_ids = np.empty(longest, dtype=np.int64)
    sorted_pos = np.empty(longest, dtype=np.int64)
    used = np.zeros(longest, dtype=np.uint8)
    ideal = np.empty(longest, dtype=np.float64)
    for q in range(nq):
        a = ref_offsets[q]
        r = ref_offsets[q + 1] - a
        order = np.argsort(ref_ids[a : a + r])
        n_rel = 0
        for j in range(r):
            pos = order[j]
            sorted_ids[j] = ref_ids[a + pos]
            sorted_pos[j] = pos
            used[j] = 0
            if j > 0 and sorted_ids[j] == sorted_ids[j - 1]:
                return q
            g = ref_gains[a + j]
            if g > 0.0:
                ideal[n_rel] = g
                n_rel += 1
        n_relevant[q] = n_rel
        if metric == NDCG and n_rel > 1:
            ideal[:n_rel] = np.sort(ideal[:n_rel])[::-1]
        p0 = pred_offsets[q]
        n_pred = pred_offsets[q + 1] - p0
        hits = 0
        first = 0
        dcg = 0.0
        ap = 0.0
        idcg = 0.0
        i = 0
        t = 0  # ideal ranks summed so far
        for c in range(nk):
            k = ks[c]
            limit = n_pred if k == 0 else min(k, n_pred)
            while i < limit:
                item = pred_ids[p0 + i]
                lo = 0
                hi = r
                while lo < hi:
                    mid = (lo + hi) >> 1
                    if sorted_ids[mid] < item:
                        lo = mid + 1
                    else:
                        hi = mid
                if lo < r and sorted_ids[lo] == item and used[lo] == 0:
                    used[lo] = 1
                    g = ref_gains[a + sorted_pos[lo]]
                    if g > 0.0:
                        hits += 1
                        if first == 0:
                            first = i + 1
                        ap += hits / (i + 1)
                        dcg += g * discount[i]
                i += 1
            if metric == NDCG:
                ideal_limit = n_rel if k == 0 else min(k, n_rel)
                while t < ideal_limit:
                    idcg += ideal[t] * discount[t]
                    t += 1
            out[q, c] = _value(metric, k, hits, n_pred, n_rel, dcg, idcg, first, ap)
    return -1


@jit
def score_matrix_scores(
    y_score, y_true, ks, metric, ignore_ties, discount, discount_cumsum, out, n_relevant
):
    """Score every row of a (n_queries, n_items) score matrix against its grades.

    Items are ranked by decreasing score; equal scores keep their column order
    (a stable sort). For ``NDCG``/``DCG`` with ``ignore_ties`` False, tied items
    share the average of their gains over the discounts of the ranks they span,
    as scikit-learn's ``_tie_averaged_dcg``: ``discount_cumsum[c]`` is the
    cumulative sum of the discounts zeroed past cut-off ``ks[c]``. The ideal DCG
    sorts the grades. Relevant means a grade > 0. Fills ``out`` and ``n_relevant``.
    """
    nq = y_score.shape[0]
    m = y_score.shape[1]
    nk = ks.shape[0]
    neg = np.empty(m, dtype=np.float64)
    for q in range(nq):
        for j in range(m):
            neg[j] = -y_score[q, j]
        order = np.argsort(neg, kind="mergesort")
        n_rel = 0
        for j in range(m):
            if y_true[q, j] > 0.0:
                n_rel += 1
        n_relevant[q] = n_rel
        if metric == NDCG or metric == DCG:
            ideal = np.sort(y_true[q])[::-1]
            for c in range(nk):
                k = ks[c]
                limit = m if k == 0 else min(k, m)
                if ignore_ties:
                    dcg = 0.0
                    for i in range(limit):
                        dcg += y_true[q, order[i]] * discount[i]
                else:
                    dcg = 0.0
                    s = 0
                    previous = 0.0
                    while s < m and s < limit:
                        e = s + 1
                        while e < m and neg[order[e]] == neg[order[s]]:
                            e += 1
                        total = 0.0
                        for i in range(s, e):
                            total += y_true[q, order[i]]
                        span = discount_cumsum[c, e - 1] - previous
                        previous = discount_cumsum[c, e - 1]
                        dcg += (total / (e - s)) * span
                        s = e
                if metric == DCG:
                    out[q, c] = dcg
                else:
                    idcg = 0.0
                    for i in range(limit):
                        idcg += ideal[i] * discount[i]
                    out[q, c] = dcg / idcg if idcg > 0.0 else 0.0
            continue
        hits = 0
        first = 0
        ap = 0.0
        i = 0
        for c in range(nk):
            k = ks[c]
            limit = m if k == 0 else min(k, m)
            while i < limit:
                if y_true[q, order[i]] > 0.0:
                    hits += 1
                    if first == 0:
                        first = i + 1
                    ap += hits / (i + 1)
                i += 1
            out[q, c] = _value(metric, k, hits, m, n_rel, 0.0, 0.0, first, ap)
