"""Label checks and encoding kernels."""

import numpy as np

from ._config import jit


@jit
def pair_range(t, p):
    """Smallest and largest value over two non-empty integer arrays, one pass each."""
    lo = t[0]
    hi = t[0]
    for i in range(t.shape[0]):
        v = t[i]
        if v < lo:
            lo = v
        if v > hi:
            hi = v
    lo2 = p[0]
    hi2 = p[0]
    for i in range(p.shape[0]):
        v = p[i]
        if v < lo2:
            lo2 = v
        if v > hi2:
            hi2 = v
    return min(np.int64(lo), np.int64(lo2)), max(np.int64(hi), np.int64(hi2))


@jit
def first_invalid_float_label(a):
    """Index of the first value that is NaN, infinite, fractional or outside int64; -1 if none."""
    limit = 9.2233720368547758e18
    for i in range(a.shape[0]):
        v = a[i]
        if not (v == np.floor(v)) or not (-limit <= v < limit):
            return i
    return -1


@jit
def hash_encode(values, table_keys, table_codes, labels, n_labels, out):
    """Encode int64 ``values`` to dense codes with a persistent open-addressing table.

    ``table_keys``/``table_codes`` have a power-of-two length; an empty slot has
    code -1. New values get the next code and are written to ``labels[code]``.
    The table is kept at most half full: the kernel stops before exceeding that
    and returns ``(i, n_labels)`` with ``i`` the first row not encoded, so the
    caller can grow the table and ``labels`` and resume from row ``i``.
    Returns ``(len(values), n_labels)`` when done.
    """
    size = table_keys.shape[0]
    mask = size - 1
    limit = min(size >> 1, labels.shape[0])
    for i in range(values.shape[0]):
        v = np.int64(values[i])
        h = np.int64((np.uint64(v) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(33)) & mask
        while True:
            c = table_codes[h]
            if c < 0:
                if n_labels >= limit:
                    return i, n_labels
                table_keys[h] = v
                table_codes[h] = n_labels
                labels[n_labels] = v
                out[i] = n_labels
                n_labels += 1
                break
            if table_keys[h] == v:
                out[i] = c
                break
            h = (h + 1) & mask
    return values.shape[0], n_labels


@jit
def _row_hash(data, i):
    h = np.uint64(0xCBF29CE484222325)
    for j in range(data.shape[1]):
        h = (h ^ np.uint64(data[i, j])) * np.uint64(0x100000001B3)
    return h ^ (h >> np.uint64(29))


@jit
def _rows_equal(data, i, k):
    for j in range(data.shape[1]):
        if data[i, j] != data[k, j]:
            return False
    return True


@jit
def unique_rows(data, start, table, reps, n_unique, out):
    """Batch-local codes of the rows of a 2-D array (fixed-width strings as code points).

    ``table`` is an open-addressing table of row codes (power-of-two length,
    -1 = empty) kept at most half full; ``reps[c]`` is the first row with code
    ``c``. Encodes rows from ``start``; stops before the table would pass half
    full and returns ``(i, n_unique)`` with ``i`` the first row not encoded, so
    the caller can grow the table (``reinsert_rows``) and resume. Returns
    ``(n_rows, n_unique)`` when done.
    """
    mask = table.shape[0] - 1
    limit = min(table.shape[0] >> 1, reps.shape[0])
    for i in range(start, data.shape[0]):
        h = np.int64(_row_hash(data, i) >> np.uint64(1)) & mask
        while True:
            c = table[h]
            if c < 0:
                if n_unique >= limit:
                    return i, n_unique
                table[h] = n_unique
                reps[n_unique] = i
                out[i] = n_unique
                n_unique += 1
                break
            if _rows_equal(data, i, reps[c]):
                out[i] = c
                break
            h = (h + 1) & mask
    return data.shape[0], n_unique


@jit
def reinsert_rows(data, table, reps, n_unique):
    """Rebuild ``table`` (all -1, larger) from the representatives of codes 0..n_unique-1."""
    mask = table.shape[0] - 1
    for c in range(n_unique):
        h = np.int64(_row_hash(data, reps[c]) >> np.uint64(1)) & mask
        while table[h] >= 0:
            h = (h + 1) & mask
        table[h] = c
