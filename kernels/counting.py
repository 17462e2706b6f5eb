"""Counting kernels: one pass over (true, predicted) code pairs.

All codes passed in are proven by the caller to lie in ``[0, k)`` where ``k``
is the size of the output arrays.
"""

from ._config import jit


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
