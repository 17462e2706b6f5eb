"""Multilabel kernels: one pass over two ``(n_samples, n_labels)`` indicator matrices.

Each row of a multilabel batch adds to

* per label: true positives, predicted and true counts (``tp``, ``pred``,
  ``true``), from which fp, fn and tn follow;
* per row: the triple (true positives, predicted, true) of the row, encoded
  as ``code = (a * m1 + b) * m1 + c`` with ``m1 = n_labels + 1`` (so
  ``0 <= code < m1 ** 3``); a weighted row of weight 0 gets the code ``m1 ** 3``
  (it counts nothing, as in scikit-learn's sample-wise confusion matrices).
  Codes go either to a dense histogram (``hist``, length ``m1 ** 3 + 1``) or,
  when ``hist`` is empty, to ``codes`` (one per row);
* for the whole batch: rows with every label right, and label mismatches
  (weighted: the mismatches of every row, weighed by the caller).

The matrices hold only 0 and 1 (any integer, bool-as-uint8 or float dtype),
checked by the caller; a value is "on" when it is non-zero. Column selections
(``columns``) are proven in ``[0, n_labels)`` by the caller. Weighted sums run
in row order, as ``numpy.bincount`` adds scikit-learn's per-label weights.
"""

import numpy as np

from ._config import jit

_BLOCK = 4096


@jit
def first_non_binary(a):
    """Index of the first value of the flat array ``a`` that is neither 0 nor 1; -1 if none.

    NaN counts as such a value. Blocks are scanned without early exit (a
    vectorizable reduction); only a block holding a bad value is searched.
    """
    n = a.shape[0]
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        bad = False
        for i in range(start, stop):
            v = a[i]
            bad |= (v != 0) & (v != 1)
        if bad:
            for i in range(start, stop):
                v = a[i]
                if v != 0 and v != 1:
                    return i
    return -1


@jit
def multilabel_counts(yt, yp, tp, pred, true, hist, codes):
    """Unweighted counts of one batch (int64 outputs, added to).

    Returns ``(exact_rows, mismatches)``: rows whose labels all agree, and the
    number of (row, label) cells that disagree.
    """
    n, k = yt.shape
    m1 = k + 1
    dense = hist.shape[0] > 0
    exact = 0
    mismatches = 0
    for i in range(n):
        a = 0
        b = 0
        c = 0
        for j in range(k):
            t = np.int64(yt[i, j] != 0)
            p = np.int64(yp[i, j] != 0)
            both = t & p
            tp[j] += both
            pred[j] += p
            true[j] += t
            a += both
            b += p
            c += t
        miss = b + c - 2 * a
        mismatches += miss
        if miss == 0:
            exact += 1
        code = (a * m1 + b) * m1 + c
        if dense:
            hist[code] += 1
        else:
            codes[i] = code
    return exact, mismatches


@jit
def multilabel_counts_weighted(yt, yp, w, tp, pred, true, hist, hist_w, codes, miss):
    """Weighted counts of one batch (float64 ``tp``/``pred``/``true``/``hist_w``, added to).

    ``hist`` (int64) counts rows per code, ``hist_w`` sums their weights;
    ``miss[i]`` gets the number of labels row ``i`` gets wrong (the caller
    weighs them as scikit-learn does, with numpy's sums).
    """
    n, k = yt.shape
    m1 = k + 1
    void = m1 * m1 * m1
    dense = hist.shape[0] > 0
    for i in range(n):
        wi = w[i]
        a = 0
        b = 0
        c = 0
        for j in range(k):
            # w * 0 adds an exact zero (weights are finite): the sums equal
            # scikit-learn's sums over the rows where the label is on
            t = np.int64(yt[i, j] != 0)
            p = np.int64(yp[i, j] != 0)
            both = t & p
            tp[j] += wi * both
            pred[j] += wi * p
            true[j] += wi * t
            a += both
            b += p
            c += t
        miss[i] = b + c - 2 * a
        code = (a * m1 + b) * m1 + c if wi != 0 else void
        if dense:
            hist[code] += 1
            hist_w[code] += wi
        else:
            codes[i] = code


@jit
def selection_codes(yt, yp, columns, w, hist, hist_w, codes):
    """Per-row triples over the selected ``columns`` (repeats count repeatedly).

    ``m1 = len(columns) + 1``. ``w`` is empty when unweighted; else rows of
    weight 0 get the void code ``m1 ** 3`` and ``hist_w`` sums the weights.
    """
    n = yt.shape[0]
    m = columns.shape[0]
    m1 = m + 1
    void = m1 * m1 * m1
    weighted = w.shape[0] > 0
    dense = hist.shape[0] > 0
    for i in range(n):
        a = 0
        b = 0
        c = 0
        for s in range(m):
            j = columns[s]
            t = np.int64(yt[i, j] != 0)
            p = np.int64(yp[i, j] != 0)
            a += t & p
            b += p
            c += t
        code = (a * m1 + b) * m1 + c
        if weighted and w[i] == 0:
            code = void
        if dense:
            hist[code] += 1
            if weighted:
                hist_w[code] += w[i]
        else:
            codes[i] = code
