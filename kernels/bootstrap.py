"""Bootstrap kernels: per-label counts of resamples, resampled row sums, row indices.

Row indices are drawn inside the kernels from a seeded SplitMix64 stream,
mapped to ``[0, n)`` exactly uniformly by Lemire's multiply-and-reject method:
about a nanosecond per draw, no index arrays in memory, and a given seed
always gives the same resamples. Kernels run serially: the order of the
draws, and of every float sum, is fixed.

The callers prove every index in range: group labels ``gt``/``gp`` and row
labels ``t``/``p`` lie in ``[0, K)`` where ``K`` is the second dimension of the
output arrays, ``out`` arrays have one row per resample, and the number of
rows ``n`` is in ``[1, 2**32)``.
"""

import numpy as np

from ._config import jit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW32 = np.uint64(0xFFFFFFFF)
_TWO32 = np.uint64(0x100000000)


@jit
def _next64(state):
    """SplitMix64: advance ``state[0]`` and return the next 64 random bits."""
    state[0] += _GOLDEN
    z = state[0]
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@jit
def _below(state, n):
    """A uniform integer in ``[0, n)`` for ``1 <= n < 2**32`` (Lemire, with rejection)."""
    bound = np.uint64(n)
    m = (_next64(state) >> np.uint64(32)) * bound
    low = m & _LOW32
    if low < bound:
        threshold = (_TWO32 - bound) % bound
        while low < threshold:
            m = (_next64(state) >> np.uint64(32)) * bound
            low = m & _LOW32
    return np.int64(m >> np.uint64(32))


@jit
def _seeded(seed):
    state = np.empty(1, dtype=np.uint64)
    state[0] = np.uint64(seed)
    return state


@jit
def group_label_counts(m, gt, gp, gw, tp, pred, true, occ, total, correct):
    """Per-label counts of resamples given as row counts per (true, pred, weight) group.

    ``m[r, g]`` rows of group ``g`` (true label ``gt[g]``, predicted ``gp[g]``,
    weight ``gw[g]``) are in resample ``r``. Adds, for every resample ``r`` and
    label ``k``: ``tp[r, k]`` (weight of rows with true == pred == k),
    ``pred[r, k]``, ``true[r, k]``, ``occ[r, k]`` (number of rows whose true or
    predicted label is k, counting a correct row twice), ``total[r]`` and
    ``correct[r]``. Groups are added in order, so float sums are reproducible.
    """
    n_res, n_groups = m.shape
    for r in range(n_res):
        for g in range(n_groups):
            c = m[r, g]
            if c == 0:
                continue
            t = gt[g]
            p = gp[g]
            w = c * gw[g]
            pred[r, p] += w
            true[r, t] += w
            occ[r, t] += c
            occ[r, p] += c
            total[r] += w
            if t == p:
                tp[r, t] += w
                correct[r] += w


@jit
def resample_cells(cell, w, seed, counts, sums):
    """Rows and weight per cell of ``counts.shape[0]`` row resamples drawn here (seeded).

    Each resample draws ``len(cell)`` rows uniformly with replacement and counts,
    for a drawn row ``i``, one row and weight ``w[i]`` in cell ``cell[i]``. For
    weighted rows with (nearly) all-distinct weights, where grouping rows by
    weight does not pay. Draw ``j`` adds into bank ``j % 4`` and the banks are
    summed at the end ((b0 + b1) + (b2 + b3)): four independent chains of
    additions run twice as fast as one, and the order is still fixed.
    """
    state = _seeded(seed)
    n = cell.shape[0]
    n_res, n_cells = counts.shape
    acc = np.zeros((4, n_cells))
    rows = np.zeros((4, n_cells), dtype=np.int64)
    for r in range(n_res):
        acc[:] = 0.0
        rows[:] = 0
        for j in range(n):
            i = _below(state, n)
            c = cell[i]
            b = j & 3
            rows[b, c] += 1
            acc[b, c] += w[i]
        for c in range(n_cells):
            counts[r, c] = rows[0, c] + rows[1, c] + rows[2, c] + rows[3, c]
            sums[r, c] = (acc[0, c] + acc[1, c]) + (acc[2, c] + acc[3, c])


@jit
def cell_label_counts(counts, sums, ct, cp, tp, pred, true, occ, total, correct):
    """Per-label counts of resamples given as rows (``counts``) and weight (``sums``) per cell.

    Cell ``c`` holds the rows with true label ``ct[c]`` and predicted ``cp[c]``;
    the outputs are those of :func:`group_label_counts`.
    """
    n_res, n_cells = counts.shape
    for r in range(n_res):
        for c in range(n_cells):
            m = counts[r, c]
            if m == 0:
                continue
            t = ct[c]
            p = cp[c]
            x = sums[r, c]
            pred[r, p] += x
            true[r, t] += x
            occ[r, t] += m
            occ[r, p] += m
            total[r] += x
            if t == p:
                tp[r, t] += x
                correct[r] += x


@jit
def resample_row_sums(contrib, seed, out):
    """``out[r] = sum of contrib[i]`` over ``contrib.shape[0]`` rows ``i`` drawn with replacement.

    ``contrib`` holds each row's contribution to a sum-decomposable state,
    one column per state entry; resample ``r`` draws its rows here (seeded).
    Summed in four banks, as in :func:`resample_cells`.
    """
    state = _seeded(seed)
    n, d = contrib.shape
    n_res = out.shape[0]
    acc = np.zeros((4, d))
    for r in range(n_res):
        acc[:] = 0.0
        for j in range(n):
            i = _below(state, n)
            b = j & 3
            for k in range(d):
                acc[b, k] += contrib[i, k]
        for k in range(d):
            out[r, k] = (acc[0, k] + acc[1, k]) + (acc[2, k] + acc[3, k])


@jit
def draw_indices(n, seed, out):
    """Fill ``out`` (resamples x rows) with row indices drawn uniformly from ``[0, n)``."""
    state = _seeded(seed)
    n_res, size = out.shape
    for r in range(n_res):
        for j in range(size):
            out[r, j] = _below(state, n)
