"""Counting kernels: one pass over (true, predicted) code pairs.

All codes passed in are proven by the caller to lie in ``[0, k)`` where ``k``
is the size of the output arrays.
"""

import numpy as np
from numba import prange

from ._config import jit, jit_parallel


@jit
def joint_counts(t, p, k, out):
    """Add 1 to ``out[t[i] * k + p[i]]`` for every row (a flat k x k matrix).

    Used for small ``k``: a single increment per row, and the per-class
    counts (diagonal, row and column sums) follow exactly from the integers.
    """
    for i in range(t.shape[0]):
        out[t[i] * k + p[i]] += 1


@jit
def joint_counts_weighted(t, p, w, k, out, seen):
    """Weighted flat k x k matrix, summed in row order; marks labels seen.

    Returns the sequential sums of all weights and of the weights of rows with
    ``t == p``.
    """
    total = 0.0
    correct = 0.0
    for i in range(t.shape[0]):
        a = t[i]
        b = p[i]
        wi = w[i]
        out[a * k + b] += wi
        seen[a] = 1
        seen[b] = 1
        total += wi
        if a == b:
            correct += wi
    return total, correct


@jit
def class_counts(t, p, tp, pred, true):
    """Per-class true-positive, predicted and true counts (int64 outputs)."""
    for i in range(t.shape[0]):
        a = t[i]
        b = p[i]
        true[a] += 1
        pred[b] += 1
        if a == b:
            tp[a] += 1


@jit
def class_counts_weighted(t, p, w, tp, pred, true, seen):
    """Weighted per-class counts, each summed in row order like ``np.bincount``.

    Returns the sequential sums of all weights and of the weights of rows with
    ``t == p``.
    """
    total = 0.0
    correct = 0.0
    for i in range(t.shape[0]):
        a = t[i]
        b = p[i]
        wi = w[i]
        true[a] += wi
        pred[b] += wi
        seen[a] = 1
        seen[b] = 1
        total += wi
        if a == b:
            tp[a] += wi
            correct += wi
    return total, correct


@jit
def joint_counts_small(t, p, out):
    """Joint counts for labels in ``[0, 64)``, checking the range as it goes.

    ``out`` is a flat 64 x 64 table. Returns the number of rows counted: when a
    value outside ``[0, 64)`` is met, counting stops there and the caller
    discards ``out`` and takes the general path. One pass for the common case
    of few small labels, with no separate range scan.
    """
    for i in range(t.shape[0]):
        a = t[i]
        b = p[i]
        if a < 0 or a >= 64 or b < 0 or b >= 64:
            return i
        out[a * 64 + b] += 1
    return t.shape[0]


@jit_parallel
def joint_counts_small_parallel(t, p, out):
    """``joint_counts_small`` split over threads: ``out`` is (chunks, 64 * 64).

    Each chunk of rows counts into its own table (no sharing between threads);
    the caller sums the tables. Returns the number of rows if every value was in
    ``[0, 64)``, else a smaller number (the tables are then to be discarded).
    """
    n = t.shape[0]
    chunks = out.shape[0]
    size = (n + chunks - 1) // chunks
    first_bad = np.full(chunks, n, dtype=np.int64)
    for c in prange(chunks):
        lo = c * size
        hi = min(n, lo + size)
        for i in range(lo, hi):
            a = t[i]
            b = p[i]
            if a < 0 or a >= 64 or b < 0 or b >= 64:
                first_bad[c] = i
                break
            out[c, a * 64 + b] += 1
    return first_bad.min()


@jit_parallel
def class_counts_parallel(t, p, tp, pred, true):
    """``class_counts`` split over threads: outputs are (chunks, k), summed by the caller."""
    n = t.shape[0]
    chunks = tp.shape[0]
    size = (n + chunks - 1) // chunks
    for c in prange(chunks):
        for i in range(c * size, min(n, (c + 1) * size)):
            a = t[i]
            b = p[i]
            true[c, a] += 1
            pred[c, b] += 1
            if a == b:
                tp[c, a] += 1
