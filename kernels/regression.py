"""Regression kernels: pairwise sums of per-row terms, ranks, Kendall's discordant pairs.

The sums follow numpy's pairwise summation exactly (blocks of at most 128
values summed with eight interleaved accumulators, larger ranges split in two
at a multiple of eight), so a sum over one batch has the same bits as
``np.sum`` of the same per-row terms, which is what scikit-learn computes.
Each term is computed on the fly: no temporary array of the input's size.

Terms (the ``q`` codes below) are functions of one row ``(t, p)`` and two
parameters ``(a, b)`` (column means for the centred terms), multiplied by the
row's weight when weights are given:

==============  =====================================================
``SQUARED``     ``(t - p) ** 2``
``ABSOLUTE``    ``|p - t|``
``ABS_PERCENT`` ``|p - t| / max(|t|, eps)``  (scikit-learn's MAPE)
``SYM_PERCENT`` ``2 |p - t| / (max(|t|, eps) + max(|p|, eps))``  (sMAPE)
``VALUE_T``     ``t``;  ``VALUE_P``: ``p``;  ``ONE``: ``1`` (so ``w``)
``CENTRED_T``   ``(t - a) ** 2``;  ``CENTRED_P``: ``(p - b) ** 2``
``CROSS``       ``(t - a) * (p - b)``
==============  =====================================================

``NEGATIVE_WEIGHTS`` is not a term: it counts the rows of negative weight
(1-D sums with weights), so a check rides along a pass over the rows.

Up to three terms are summed in one traversal: the pairwise tree is shared
and each leaf (at most 128 rows, in L1 cache) is summed once per term.
"""

import numpy as np
from numba import prange

from ._config import jit, jit_parallel

NONE = -1
SQUARED = 0
ABSOLUTE = 1
ABS_PERCENT = 2
SYM_PERCENT = 3
VALUE_T = 4
VALUE_P = 5
ONE = 6
CENTRED_T = 7
CENTRED_P = 8
CROSS = 9
# not a term: the number of negative weights (1-D sums with weights only)
NEGATIVE_WEIGHTS = 10

EPS = np.finfo(np.float64).eps
# numpy's pairwise-sum block size
_BLOCK = 128
# parallel sums split the pairwise tree at this depth (2**depth subtrees)
_PARALLEL_DEPTH = 4
# depth of the explicit stack of the pairwise recursion (log2(2**63 / 128) < 64)
_STACK = 64
# rows per block of the per-column kernel
_COLUMN_BLOCK = 256


@jit
def _term(q, t, p, a, b):
    """Term ``q`` of one row (see the table above); 0 for ``NONE``."""
    if q == NONE:
        return 0.0
    if q == SQUARED:
        d = t - p
        return d * d
    if q == ABSOLUTE:
        return abs(p - t)
    if q == ABS_PERCENT:
        return abs(p - t) / max(abs(t), EPS)
    if q == SYM_PERCENT:
        return 2.0 * abs(p - t) / (max(abs(t), EPS) + max(abs(p), EPS))
    if q == VALUE_T:
        return t
    if q == VALUE_P:
        return p
    if q == ONE:
        return 1.0
    if q == CENTRED_T:
        c = t - a
        return c * c
    if q == CENTRED_P:
        c = p - b
        return c * c
    if q == CROSS:
        return (t - a) * (p - b)
    return 0.0


@jit
def _leaf(q, t, p, w, has_w, a, b, lo, n):
    """numpy's pairwise-sum leaf (``n <= 128``) over rows ``lo .. lo + n``."""
    if q == NONE:
        return 0.0
    if q == NEGATIVE_WEIGHTS:
        count = 0.0
        for i in range(lo, lo + n):
            if w[i] < 0.0:
                count += 1.0
        return count
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            x = _term(q, t[i], p[i], a, b)
            if has_w:
                x = x * w[i]
            res += x
        return res
    r0 = _term(q, t[lo], p[lo], a, b)
    r1 = _term(q, t[lo + 1], p[lo + 1], a, b)
    r2 = _term(q, t[lo + 2], p[lo + 2], a, b)
    r3 = _term(q, t[lo + 3], p[lo + 3], a, b)
    r4 = _term(q, t[lo + 4], p[lo + 4], a, b)
    r5 = _term(q, t[lo + 5], p[lo + 5], a, b)
    r6 = _term(q, t[lo + 6], p[lo + 6], a, b)
    r7 = _term(q, t[lo + 7], p[lo + 7], a, b)
    end = lo + n - (n % 8)
    i = lo + 8
    if has_w:
        r0 *= w[lo]
        r1 *= w[lo + 1]
        r2 *= w[lo + 2]
        r3 *= w[lo + 3]
        r4 *= w[lo + 4]
        r5 *= w[lo + 5]
        r6 *= w[lo + 6]
        r7 *= w[lo + 7]
        while i < end:
            r0 += _term(q, t[i], p[i], a, b) * w[i]
            r1 += _term(q, t[i + 1], p[i + 1], a, b) * w[i + 1]
            r2 += _term(q, t[i + 2], p[i + 2], a, b) * w[i + 2]
            r3 += _term(q, t[i + 3], p[i + 3], a, b) * w[i + 3]
            r4 += _term(q, t[i + 4], p[i + 4], a, b) * w[i + 4]
            r5 += _term(q, t[i + 5], p[i + 5], a, b) * w[i + 5]
            r6 += _term(q, t[i + 6], p[i + 6], a, b) * w[i + 6]
            r7 += _term(q, t[i + 7], p[i + 7], a, b) * w[i + 7]
            i += 8
    else:
        while i < end:
            r0 += _term(q, t[i], p[i], a, b)
            r1 += _term(q, t[i + 1], p[i + 1], a, b)
            r2 += _term(q, t[i + 2], p[i + 2], a, b)
            r3 += _term(q, t[i + 3], p[i + 3], a, b)
            r4 += _term(q, t[i + 4], p[i + 4], a, b)
            r5 += _term(q, t[i + 5], p[i + 5], a, b)
            r6 += _term(q, t[i + 6], p[i + 6], a, b)
            r7 += _term(q, t[i + 7], p[i + 7], a, b)
            i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < lo + n:
        x = _term(q, t[i], p[i], a, b)
        if has_w:
            x = x * w[i]
        res += x
        i += 1
    return res


@jit
def _pairwise(q0, q1, q2, t, p, w, has_w, a, b, lo, n):
    """Pairwise sums of terms ``q0, q1, q2`` over rows ``lo .. lo + n`` (one traversal).

    numpy's recursion (``sum(first half) + sum(second half)``, the half rounded
    down to a multiple of 8, leaves of at most 128 rows), run with an explicit
    stack: Numba's on-disk cache cannot hold a self-recursive function.
    """
    if n <= _BLOCK:
        return (
            _leaf(q0, t, p, w, has_w, a, b, lo, n),
            _leaf(q1, t, p, w, has_w, a, b, lo, n),
            _leaf(q2, t, p, w, has_w, a, b, lo, n),
        )
    # the path from the root to the current node: for each ancestor, its right
    # child (start, size) and whether the left child's value is already held
    right_start = np.empty(_STACK, dtype=np.int64)
    right_size = np.empty(_STACK, dtype=np.int64)
    in_right = np.zeros(_STACK, dtype=np.bool_)
    v0 = np.empty(_STACK, dtype=np.float64)
    v1 = np.empty(_STACK, dtype=np.float64)
    v2 = np.empty(_STACK, dtype=np.float64)
    depth = 0
    held = 0
    start = lo
    size = n
    while True:
        while size > _BLOCK:  # descend to the leftmost leaf, remembering right children
            half = size // 2
            half -= half % 8
            right_start[depth] = start + half
            right_size[depth] = size - half
            in_right[depth] = False
            depth += 1
            size = half
        v0[held] = _leaf(q0, t, p, w, has_w, a, b, start, size)
        v1[held] = _leaf(q1, t, p, w, has_w, a, b, start, size)
        v2[held] = _leaf(q2, t, p, w, has_w, a, b, start, size)
        held += 1
        while depth > 0 and in_right[depth - 1]:  # both children done: join them
            held -= 1
            v0[held - 1] += v0[held]
            v1[held - 1] += v1[held]
            v2[held - 1] += v2[held]
            depth -= 1
        if depth == 0:
            return v0[0], v1[0], v2[0]
        in_right[depth - 1] = True
        start = right_start[depth - 1]
        size = right_size[depth - 1]


@jit
def pairwise_sums(q0, q1, q2, t, p, w, has_w, a, b):
    """Sums of up to three terms over 1-D ``t``, ``p`` (and weights ``w``), bitwise as ``np.sum``.

    ``t``, ``p`` (and ``w`` when ``has_w``) have the same length; pass
    ``NONE`` for an unused term (its sum is 0).
    """
    return _pairwise(q0, q1, q2, t, p, w, has_w, a, b, 0, t.shape[0])


@jit_parallel
def pairwise_sums_parallel(q0, q1, q2, t, p, w, has_w, a, b):
    """:func:`pairwise_sums` with the top of the pairwise tree split over threads.

    The 16 subtrees at depth 4 of numpy's recursion are summed in parallel and
    joined in the same tree order, so the result has exactly the bits of the
    serial sum. Needs ``len(t) >= 128 * 16`` so that every node above depth 4 splits.
    """
    n = t.shape[0]
    nodes = 1 << _PARALLEL_DEPTH
    starts = np.empty(nodes, dtype=np.int64)
    sizes = np.empty(nodes, dtype=np.int64)
    starts[0] = 0
    sizes[0] = n
    count = 1
    for _ in range(_PARALLEL_DEPTH):  # split every node in two, keeping left-to-right order
        for j in range(count - 1, -1, -1):
            size = sizes[j]
            half = size // 2
            half -= half % 8
            starts[2 * j] = starts[j]
            sizes[2 * j] = half
            starts[2 * j + 1] = starts[j] + half
            sizes[2 * j + 1] = size - half
        count *= 2
    out = np.empty((nodes, 3), dtype=np.float64)
    for j in prange(nodes):
        s0, s1, s2 = _pairwise(q0, q1, q2, t, p, w, has_w, a, b, starts[j], sizes[j])
        out[j, 0] = s0
        out[j, 1] = s1
        out[j, 2] = s2
    while count > 1:  # join siblings bottom-up: (left + right) as in the recursion
        for j in range(count // 2):
            out[j, 0] = out[2 * j, 0] + out[2 * j + 1, 0]
            out[j, 1] = out[2 * j, 1] + out[2 * j + 1, 1]
            out[j, 2] = out[2 * j, 2] + out[2 * j + 1, 2]
        count //= 2
    return out[0, 0], out[0, 1], out[0, 2]


@jit
def column_sums(q0, q1, q2, t, p, w, has_w, a, b, out):
    """Per-column sums of terms over 2-D ``t``, ``p`` of shape (n, k), row after row.

    ``out`` has shape (3, k); ``a``, ``b`` hold one parameter per column. Each
    column is summed sequentially, as numpy reduces a C-ordered (n, k) array
    along axis 0. Rows are taken in blocks (in cache) and each column of a
    block is summed into scalars: the same order of additions, fewer stores.
    """
    n, k = t.shape
    for lo in range(0, n, _COLUMN_BLOCK):
        hi = min(lo + _COLUMN_BLOCK, n)
        for j in range(k):
            s0 = out[0, j]
            s1 = out[1, j]
            s2 = out[2, j]
            aj = a[j]
            bj = b[j]
            for i in range(lo, hi):
                ti = t[i, j]
                pi = p[i, j]
                x0 = _term(q0, ti, pi, aj, bj)
                x1 = _term(q1, ti, pi, aj, bj)
                x2 = _term(q2, ti, pi, aj, bj)
                if has_w:
                    wi = w[i]
                    x0 = x0 * wi
                    x1 = x1 * wi
                    x2 = x2 * wi
                s0 += x0
                s1 += x1
                s2 += x2
            out[0, j] = s0
            out[1, j] = s1
            out[2, j] = s2


@jit
def all_equal(x):
    """Whether every value of 1-D ``x`` equals ``x[0]`` (stops at the first difference)."""
    first = x[0]
    for i in range(1, x.shape[0]):
        if x[i] != first:
            return False
    return True


@jit_parallel
def column_sums_parallel(q0, q1, q2, t, p, w, has_w, a, b, out):
    """:func:`column_sums` with the columns spread over threads (each still summed in row order)."""
    n, k = t.shape
    for j in prange(k):
        s0 = out[0, j]
        s1 = out[1, j]
        s2 = out[2, j]
        aj = a[j]
        bj = b[j]
        for i in range(n):
            ti = t[i, j]
            pi = p[i, j]
            x0 = _term(q0, ti, pi, aj, bj)
            x1 = _term(q1, ti, pi, aj, bj)
            x2 = _term(q2, ti, pi, aj, bj)
            if has_w:
                wi = w[i]
                x0 = x0 * wi
                x1 = x1 * wi
                x2 = x2 * wi
            s0 += x0
            s1 += x1
            s2 += x2
        out[0, j] = s0
        out[1, j] = s1
        out[2, j] = s2


@jit
def constant_columns(t, w, has_w, out):
    """``out[j]``: whether column ``j`` of 2-D ``t`` holds one value over the rows of non-zero weight.

    Returns the first such row (the reference; ``n`` when every weight is
    zero). Stops as soon as every column has shown a second value.
    """
    n, k = t.shape
    for j in range(k):
        out[j] = True
    ref = 0
    if has_w:
        while ref < n and w[ref] == 0.0:
            ref += 1
    undecided = k
    for i in range(ref + 1, n):
        if has_w and w[i] == 0.0:
            continue
        for j in range(k):
            if out[j] and t[i, j] != t[ref, j]:
                out[j] = False
                undecided -= 1
        if undecided == 0:
            return ref
    return ref


@jit
def first_non_finite(x):
    """Index of the first NaN or infinite value of a flat array, or -1."""
    for i in range(x.shape[0]):
        v = x[i]
        if not (v - v == 0.0):
            return i
    return -1


@jit
def average_ranks(values, order, out):
    """Ranks 1..n of ``values`` with ties given their average rank (``order`` sorts ``values``).

    A run of ``c`` equal values starting at sorted position ``s`` gets
    ``(s + 1) + (c - 1) / 2``, the arithmetic scipy's ``rankdata`` uses.
    Returns the number of distinct values.
    """
    n = order.shape[0]
    start = 0
    runs = 0
    while start < n:
        value = values[order[start]]
        stop = start + 1
        while stop < n and values[order[stop]] == value:
            stop += 1
        rank = float(start + 1) + float(stop - start - 1) / 2.0
        for j in range(start, stop):
            out[order[j]] = rank
        runs += 1
        start = stop
    return runs


@jit
def sort_runs_by(order, x, y):
    """Within each run of equal ``x[order[i]]``, reorder ``order`` so that ``y[order]`` ascends.

    ``order`` sorts ``x``; afterwards it sorts the rows by x, then y (Knight's
    first step for Kendall's tau). Short runs use an insertion sort, long
    ones a merge sort of their keys; continuous data has no runs at all.
    """
    n = order.shape[0]
    start = 0
    while start < n:
        value = x[order[start]]
        stop = start + 1
        while stop < n and x[order[stop]] == value:
            stop += 1
        size = stop - start
        if 1 < size <= 32:
            for i in range(start + 1, stop):
                row = order[i]
                key = y[row]
                j = i - 1
                while j >= start and y[order[j]] > key:
                    order[j + 1] = order[j]
                    j -= 1
                order[j + 1] = row
        elif size > 32:
            keys = np.empty(size, dtype=np.float64)
            rows = np.empty(size, dtype=order.dtype)
            for j in range(size):
                rows[j] = order[start + j]
                keys[j] = y[rows[j]]
            by_key = np.argsort(keys, kind="mergesort")
            for j in range(size):
                order[start + j] = rows[by_key[j]]
        start = stop


@jit
def tie_runs(sorted_values, out):
    """Lengths (> 1) of the runs of equal values of a sorted array, into ``out``; returns their count."""
    n = sorted_values.shape[0]
    m = 0
    start = 0
    while start < n:
        stop = start + 1
        while stop < n and sorted_values[stop] == sorted_values[start]:
            stop += 1
        if stop - start > 1:
            out[m] = stop - start
            m += 1
        start = stop
    return m


@jit
def count_distinct_sorted(sorted_values):
    """Number of distinct values of a sorted array."""
    n = sorted_values.shape[0]
    if n == 0:
        return 0
    runs = 1
    for i in range(1, n):
        if sorted_values[i] != sorted_values[i - 1]:
            runs += 1
    return runs


@jit
def joint_ties(xs, ys):
    """Pairs tied in both ``xs`` and ``ys`` (rows sorted by x, then y): sum of c (c - 1) / 2 over runs."""
    n = xs.shape[0]
    total = 0
    start = 0
    while start < n:
        stop = start + 1
        while stop < n and xs[stop] == xs[start] and ys[stop] == ys[start]:
            stop += 1
        c = stop - start
        total += c * (c - 1) // 2
        start = stop
    return total


@jit
def sort_counting_inversions(values, buffer):
    """Sort ``values`` in place (bottom-up merge sort); return the pairs i < j with values[i] > values[j].

    Knight's step for Kendall's tau: with rows ordered by x (ties by y), these
    are the discordant pairs. Equal values are never counted. ``buffer`` is
    scratch space of the same length.
    """
    n = values.shape[0]
    swaps = 0
    src = values
    dst = buffer
    in_buffer = False
    # short runs first: insertion sort of blocks of 16 (counting the moves)
    block = 16
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        for i in range(lo + 1, hi):
            v = src[i]
            j = i - 1
            while j >= lo and src[j] > v:
                src[j + 1] = src[j]
                j -= 1
                swaps += 1
            src[j + 1] = v
    width = block
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i = lo
            j = mid
            k = lo
            while i < mid and j < hi:
                if src[j] < src[i]:
                    dst[k] = src[j]
                    swaps += mid - i
                    j += 1
                else:
                    dst[k] = src[i]
                    i += 1
                k += 1
            while i < mid:
                dst[k] = src[i]
                i += 1
                k += 1
            while j < hi:
                dst[k] = src[j]
                j += 1
                k += 1
        src, dst = dst, src
        in_buffer = not in_buffer
        width *= 2
    if in_buffer:
        values[:] = src
    return swaps
