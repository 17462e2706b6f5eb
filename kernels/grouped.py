"""Per-group counting kernels: one pass over (group, true, predicted) codes.

Arrays are flat views of ``(groups, k)`` (or ``(groups, k, k)``) tables with
row stride ``k``. The caller proves ``0 <= g < groups`` and ``0 <= t, p < k``.
"""

from ._config import jit


@jit
def grouped_class_counts(g, t, p, k, tp, pred, true, rows):
    """Per-group, per-label tp / predicted / true counts and rows per group (int64)."""
    for i in range(t.shape[0]):
        base = g[i] * k
        a = t[i]
        b = p[i]
        true[base + a] += 1
        pred[base + b] += 1
        if a == b:
            tp[base + a] += 1
        rows[g[i]] += 1


@jit
def grouped_class_counts_weighted(g, t, p, w, k, tp, pred, true, seen, rows, total, correct):
    """Weighted per-group counts, summed in row order; marks labels seen per group."""
    for i in range(t.shape[0]):
        gi = g[i]
        base = gi * k
        a = t[i]
        b = p[i]
        wi = w[i]
        true[base + a] += wi
        pred[base + b] += wi
        seen[base + a] = 1
        seen[base + b] = 1
        rows[gi] += 1
        total[gi] += wi
        if a == b:
            tp[base + a] += wi
            correct[gi] += wi


@jit
def grouped_joint_counts(g, t, p, w, k, out):
    """Per-group k x k confusion tables; ``w`` may be None (count rows)."""
    for i in range(t.shape[0]):
        cell = (g[i] * k + t[i]) * k + p[i]
        if w is None:
            out[cell] += 1
        else:
            out[cell] += w[i]
