"""Kernels of the score metrics (ROC AUC, average precision, log loss, Brier, top-k, ECE).

Sums follow numpy's arithmetic order so that results equal scikit-learn's to
the last bit: :func:`pairwise_sum` is numpy's pairwise summation of a
contiguous float64 array (``np.sum``, ``np.add.reduce`` and so ``np.mean``,
``np.average`` and ``np.trapezoid`` reduce that way), and cumulative sums are
sequential, as ``np.cumsum``. Callers prove every index in range first.
"""

from __future__ import annotations

import math

import numpy as np

from ._config import jit

__all__ = [
    "average_precision_sweep",
    "binary_counts",
    "brier_rows",
    "brier_rows_binary",
    "calibration_bins",
    "first_distinct",
    "log_loss_rows",
    "log_loss_rows_binary",
    "pairwise_sum",
    "pr_auc_sweep",
    "roc_auc_sweep",
    "roc_keep",
    "split_scores",
    "top_k_hits",
    "top_label",
]

_BLOCK = 128  # numpy's PW_BLOCKSIZE


@jit
def _block_sum(a, lo, n):
    """numpy's pairwise_sum leaf: ``n <= 128`` values, 8-way unrolled when ``n >= 8``."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r0 = a[lo]
    r1 = a[lo + 1]
    r2 = a[lo + 2]
    r3 = a[lo + 3]
    r4 = a[lo + 4]
    r5 = a[lo + 5]
    r6 = a[lo + 6]
    r7 = a[lo + 7]
    i = 8
    stop = n - (n % 8)
    while i < stop:
        j = lo + i
        r0 += a[j]
        r1 += a[j + 1]
        r2 += a[j + 2]
        r3 += a[j + 3]
        r4 += a[j + 4]
        r5 += a[j + 5]
        r6 += a[j + 6]
        r7 += a[j + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@jit
def _pairwise(a, lo, n):
    """numpy's ``pairwise_sum`` of ``a[lo:lo + n]``.

    numpy recurses: blocks of at most 128 values are summed by
    :func:`_block_sum`, larger ranges split at ``n // 2`` rounded down to a
    multiple of 8 and the two halves added. The same tree is walked here with
    an explicit stack (Numba's disk cache does not survive recursive
    functions); its depth is at most log2(n / 128) < 64.
    """
    if n <= _BLOCK:
        return _block_sum(a, lo, n)
    st_lo = np.empty(128, dtype=np.int64)
    st_n = np.empty(128, dtype=np.int64)
    st_stage = np.zeros(128, dtype=np.int8)
    values = np.empty(128, dtype=np.float64)
    top = 0
    nv = 0
    st_lo[0] = lo
    st_n[0] = n
    while top >= 0:
        m = st_n[top]
        if m <= _BLOCK:
            values[nv] = _block_sum(a, st_lo[top], m)
            nv += 1
            top -= 1
            continue
        half = m // 2
        half -= half % 8
        stage = st_stage[top]
        if stage == 0:
            st_stage[top] = 1
            top += 1
            st_lo[top] = st_lo[top - 1]
            st_n[top] = half
            st_stage[top] = 0
        elif stage == 1:
            st_stage[top] = 2
            top += 1
            st_lo[top] = st_lo[top - 1] + half
            st_n[top] = m - half
            st_stage[top] = 0
        else:
            values[nv - 2] = values[nv - 2] + values[nv - 1]
            nv -= 1
            top -= 1
    return values[0]


@jit
def pairwise_sum(a):
    """``np.sum(a)`` of a 1-D float64 array, bit for bit (the reduction starts from 0.0)."""
    return 0.0 + _pairwise(a, 0, a.shape[0])


# -- sort-and-sweep: cumulative counts at distinct thresholds --------------------------
#
# Every sweep takes the scores of the positive and of the negative rows, each
# sorted in ascending order, and walks both from the end: thresholds come in
# descending order, tied scores (on either side) forming one step. With
# weights, each side must be sorted so that walking it from the end meets tied
# scores in input order (a stable descending sort, reversed): running sums then
# add the weights in the order of scikit-learn's ``cumsum`` over its stably
# sorted rows. An empty weight array means weight 1 per row.


@jit
def split_scores(positive, score, weight):
    """(positive scores, their weights, negative scores, their weights), input order kept."""
    n = score.shape[0]
    n_pos = 0
    for i in range(n):
        if positive[i]:
            n_pos += 1
    pos = np.empty(n_pos, dtype=np.float64)
    neg = np.empty(n - n_pos, dtype=np.float64)
    weighted = weight.shape[0] > 0
    w_pos = np.empty(n_pos if weighted else 0, dtype=np.float64)
    w_neg = np.empty(n - n_pos if weighted else 0, dtype=np.float64)
    a = 0
    b = 0
    for i in range(n):
        if positive[i]:
            pos[a] = score[i]
            if weighted:
                w_pos[a] = weight[i]
            a += 1
        else:
            neg[b] = score[i]
            if weighted:
                w_neg[b] = weight[i]
            b += 1
    return pos, w_pos, neg, w_neg


@jit
def _step(pos, w_pos, neg, w_neg, i, j, tp, fp):
    """Consume the next (highest) threshold: rows ``pos[:i]`` and ``neg[:j]`` remain."""
    if j == 0 or (i > 0 and pos[i - 1] >= neg[j - 1]):
        t = pos[i - 1]
    else:
        t = neg[j - 1]
    weighted = w_pos.shape[0] > 0 or w_neg.shape[0] > 0
    while i > 0 and pos[i - 1] == t:
        i -= 1
        tp += w_pos[i] if weighted else 1.0
    while j > 0 and neg[j - 1] == t:
        j -= 1
        fp += w_neg[j] if weighted else 1.0
    return i, j, t, tp, fp


@jit
def _total(values, n):
    """Sequential sum of ``values`` from the end (the sweep's order), or ``n`` if empty."""
    if values.shape[0] == 0:
        return float(n)
    total = 0.0
    for i in range(values.shape[0] - 1, -1, -1):
        total += values[i]
    return total


@jit
def binary_counts(pos, w_pos, neg, w_neg):
    """Distinct thresholds (descending) and cumulative (tp, fp) at each.

    scikit-learn's ``confusion_matrix_at_thresholds`` (``thresholds, tps,
    fps``) as float64 arrays.
    """
    size = pos.shape[0] + neg.shape[0]
    thr = np.empty(size, dtype=np.float64)
    tps = np.empty(size, dtype=np.float64)
    fps = np.empty(size, dtype=np.float64)
    i = pos.shape[0]
    j = neg.shape[0]
    tp = 0.0
    fp = 0.0
    m = 0
    while i > 0 or j > 0:
        i, j, t, tp, fp = _step(pos, w_pos, neg, w_neg, i, j, tp, fp)
        thr[m] = t
        tps[m] = tp
        fps[m] = fp
        m += 1
    return thr[:m], tps[:m], fps[:m]


@jit
def roc_keep(tps, fps):
    """Indices kept by ``roc_curve(drop_intermediate=True)``: the corners of the curve."""
    m = tps.shape[0]
    keep = np.empty(m, dtype=np.int64)
    if m <= 2:
        for i in range(m):
            keep[i] = i
        return keep
    keep[0] = 0
    k = 1
    for i in range(1, m - 1):
        dd_f = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1])
        dd_t = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1])
        if dd_f != 0.0 or dd_t != 0.0:
            keep[k] = i
            k += 1
    keep[k] = m - 1
    return keep[: k + 1]


@jit
def roc_auc_sweep(pos, w_pos, neg, w_neg):
    """Area under the ROC curve in one sweep, as scikit-learn's ``roc_auc_score``.

    The curve is ``roc_curve``'s: a (0, 0) point, then the corners of the
    cumulative counts (``drop_intermediate``: a point is dropped when both
    second differences of its counts are 0), each count divided by its total;
    the area is ``np.trapezoid`` over it (terms ``dx * (y1 + y0) / 2.0``,
    summed pairwise). Returns ``(area, direction)``; direction 0 means the
    false positive rate is not monotonic (negative weights), which
    scikit-learn's ``auc`` rejects. Both sides must be non-empty with
    non-zero totals.
    """
    tp_total = _total(w_pos, pos.shape[0])
    fp_total = _total(w_neg, neg.shape[0])
    terms = np.empty(pos.shape[0] + neg.shape[0] + 1, dtype=np.float64)
    i = pos.shape[0]
    j = neg.shape[0]
    down = False
    up = False
    px = 0.0 / fp_total
    py = 0.0 / tp_total
    nt = 0
    # a: the point before b; b: the candidate; c: the point after b
    i, j, _, a_tp, a_fp = _step(pos, w_pos, neg, w_neg, i, j, 0.0, 0.0)
    x = a_fp / fp_total
    y = a_tp / tp_total
    terms[nt] = (x - px) * (y + py) / 2.0
    nt += 1
    if x < px:
        down = True
    elif x > px:
        up = True
    px = x
    py = y
    if i > 0 or j > 0:
        i, j, _, b_tp, b_fp = _step(pos, w_pos, neg, w_neg, i, j, a_tp, a_fp)
        while i > 0 or j > 0:
            i, j, _, c_tp, c_fp = _step(pos, w_pos, neg, w_neg, i, j, b_tp, b_fp)
            dd_f = (c_fp - b_fp) - (b_fp - a_fp)
            dd_t = (c_tp - b_tp) - (b_tp - a_tp)
            if dd_f != 0.0 or dd_t != 0.0:
                x = b_fp / fp_total
                y = b_tp / tp_total
                terms[nt] = (x - px) * (y + py) / 2.0
                nt += 1
                if x < px:
                    down = True
                elif x > px:
                    up = True
                px = x
                py = y
            a_tp = b_tp
            a_fp = b_fp
            b_tp = c_tp
            b_fp = c_fp
        x = b_fp / fp_total  # the last point is always kept
        y = b_tp / tp_total
        terms[nt] = (x - px) * (y + py) / 2.0
        nt += 1
        if x < px:
            down = True
        elif x > px:
            up = True
    area = 0.0 + _pairwise(terms, 0, nt)
    if down:
        return (np.nan, 0) if up else (-area, -1)
    return area, 1


@jit
def average_precision_sweep(pos, w_pos, neg, w_neg):
    """``-sum(diff(recall) * precision[:-1])`` over scikit-learn's PR curve, in one sweep.

    scikit-learn reverses the curve (increasing thresholds) and sums the
    terms pairwise in that order: here term ``i`` (i-th highest threshold) is
    ``(r[i-1] - r[i]) * p[i]`` with ``r[-1] = 0``, summed over the reversed
    terms. The caller takes ``max(0.0, result)``.
    """
    tp_total = _total(w_pos, pos.shape[0])
    terms = np.empty(pos.shape[0] + neg.shape[0], dtype=np.float64)
    i = pos.shape[0]
    j = neg.shape[0]
    tp = 0.0
    fp = 0.0
    prev_r = 0.0
    m = 0
    while i > 0 or j > 0:
        i, j, _, tp, fp = _step(pos, w_pos, neg, w_neg, i, j, tp, fp)
        ps = tp + fp
        p = tp / ps if ps != 0.0 else 0.0
        r = tp / tp_total if tp_total != 0.0 else 1.0
        terms[m] = (prev_r - r) * p
        prev_r = r
        m += 1
    return -(0.0 + _pairwise(terms[:m][::-1], 0, m))


@jit
def pr_auc_sweep(pos, w_pos, neg, w_neg):
    """``auc(recall, precision)`` over scikit-learn's PR curve, in one sweep.

    The reversed curve ends with (recall 0, precision 1); term ``i`` is
    ``(r[i-1] - r[i]) * (p[i-1] + p[i]) / 2.0`` with ``r[-1] = 0``,
    ``p[-1] = 1``, summed pairwise over the reversed terms. Returns
    ``(area, direction)`` as :func:`roc_auc_sweep`.
    """
    tp_total = _total(w_pos, pos.shape[0])
    terms = np.empty(pos.shape[0] + neg.shape[0], dtype=np.float64)
    i = pos.shape[0]
    j = neg.shape[0]
    tp = 0.0
    fp = 0.0
    prev_r = 0.0
    prev_p = 1.0
    down = False
    up = False
    m = 0
    while i > 0 or j > 0:
        i, j, _, tp, fp = _step(pos, w_pos, neg, w_neg, i, j, tp, fp)
        ps = tp + fp
        p = tp / ps if ps != 0.0 else 0.0
        r = tp / tp_total if tp_total != 0.0 else 1.0
        dx = prev_r - r
        if dx < 0.0:
            down = True
        elif dx > 0.0:
            up = True
        terms[m] = dx * (prev_p + p) / 2.0
        prev_r = r
        prev_p = p
        m += 1
    area = 0.0 + _pairwise(terms[:m][::-1], 0, m)
    if down:
        return (np.nan, 0) if up else (-area, -1)
    return area, 1


# -- per-row losses ------------------------------------------------------------------


@jit
def log_loss_rows_binary(prob, positive, eps):
    """Per-row log loss of positive-class probabilities: ``-log(clip(p or 1 - p))``."""
    n = prob.shape[0]
    out = np.empty(n, dtype=np.float64)
    hi = 1.0 - eps
    for i in range(n):
        p = prob[i] if positive[i] else 1.0 - prob[i]
        p = min(max(p, eps), hi)
        out[i] = -math.log(p)
    return out


@jit
def log_loss_rows(prob, cols, eps):
    """Per-row log loss of a probability matrix: ``-log(clip(prob[i, cols[i]]))``."""
    n = prob.shape[0]
    out = np.empty(n, dtype=np.float64)
    hi = 1.0 - eps
    for i in range(n):
        p = min(max(prob[i, cols[i]], eps), hi)
        out[i] = -math.log(p)
    return out


@jit
def brier_rows_binary(prob, positive):
    """Per-row ``(t0 - (1 - p))**2 + (t1 - p)**2`` (one-hot t), summed as numpy sums a row of 2."""
    n = prob.shape[0]
    out = np.empty(n, dtype=np.float64)
    for i in range(n):
        t1 = 1.0 if positive[i] else 0.0
        t0 = 1.0 - t1
        a = t0 - (1.0 - prob[i])
        b = t1 - prob[i]
        out[i] = (0.0 + a * a) + b * b
    return out


@jit
def brier_rows(prob, cols):
    """Per-row ``sum_c (onehot_c - prob[i, c])**2`` with numpy's pairwise row sum."""
    n, c = prob.shape
    out = np.empty(n, dtype=np.float64)
    buf = np.empty(c, dtype=np.float64)
    for i in range(n):
        for j in range(c):
            d = (1.0 if j == cols[i] else 0.0) - prob[i, j]
            buf[j] = d * d
        out[i] = 0.0 + _pairwise(buf, 0, c)
    return out


@jit
def top_k_hits(scores, cols, k):
    """Whether column ``cols[i]`` is among the ``k`` best of row ``i``.

    Ties as ``np.argsort(kind="mergesort")[:, ::-1]``: of equal scores the
    higher column ranks first. So column t is ahead of by the columns with a
    higher score plus the tied columns after it.
    """
    n, c = scores.shape
    out = np.empty(n, dtype=np.bool_)
    for i in range(n):
        t = cols[i]
        s = scores[i, t]
        ahead = 0
        for j in range(c):
            v = scores[i, j]
            if v > s or (v == s and j > t):
                ahead += 1
        out[i] = ahead < k
    return out


@jit
def top_label(scores):
    """Per row: the highest score and its column (the first of tied maxima, as ``argmax``)."""
    n, c = scores.shape
    conf = np.empty(n, dtype=np.float64)
    arg = np.empty(n, dtype=np.int64)
    for i in range(n):
        best = scores[i, 0]
        at = 0
        for j in range(1, c):
            if scores[i, j] > best:
                best = scores[i, j]
                at = j
        conf[i] = best
        arg[i] = at
    return conf, arg


@jit
def calibration_bins(conf, correct, weights, edges, count, conf_sum, acc_sum):
    """Add rows to per-bin totals (in place), bins ``[edges[b], edges[b+1])``, the last closed.

    ``conf`` must lie in ``[0, 1]`` and ``edges`` be ``np.linspace(0, 1, B + 1)``
    with ``count``, ``conf_sum`` and ``acc_sum`` of length ``B``. An empty
    ``weights`` means weight 1 per row. Sums run in row order.
    """
    n_bins = count.shape[0]
    weighted = weights.shape[0] > 0
    for i in range(conf.shape[0]):
        c = conf[i]
        b = int(c * n_bins)
        if b > n_bins - 1:
            b = n_bins - 1
        # settle against the edges themselves (c * B may round across an edge)
        while b > 0 and c < edges[b]:
            b -= 1
        while b < n_bins - 1 and c >= edges[b + 1]:
            b += 1
        w = weights[i] if weighted else 1.0
        count[b] += w
        conf_sum[b] += w * c
        if correct[i]:
            acc_sum[b] += w


@jit
def first_distinct(values, limit):
    """Up to ``limit`` distinct values in order of appearance, and whether there are more."""
    out = np.empty(limit, dtype=values.dtype)
    k = 0
    for i in range(values.shape[0]):
        v = values[i]
        seen = False
        for q in range(k):
            if out[q] == v:
                seen = True
                break
        if not seen:
            if k == limit:
                return out[:k], True
            out[k] = v
            k += 1
    return out[:k], False
