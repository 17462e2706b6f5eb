"""Segmentation kernels: one pass over the pixels of a (reference, prediction) map pair.

The maps arrive flattened (1-D, any integer dtype: the kernels are compiled
per dtype pair, no conversion). Labels are compared as int64.
"""

from ._config import jit


@jit
def class_areas(labels, preds, ignore, has_ignore, num_labels, inter, pred_area, label_area):
    """Per-class intersection, predicted and reference areas of one map pair.

    Pixels whose reference equals ``ignore`` (when ``has_ignore``) are skipped.
    A value outside ``[0, num_labels)`` is counted in no area. Adds into the
    three int64 outputs of length ``num_labels``; returns ``(bad_labels,
    first_bad_label, bad_preds, first_bad_pred)``: the number of counted pixels
    whose reference / prediction was out of range and the first such position
    (-1 if none).
    """
    bad_labels = 0
    bad_preds = 0
    first_label = -1
    first_pred = -1
    for i in range(labels.shape[0]):
        t = int(labels[i])
        if has_ignore and t == ignore:
            continue
        p = int(preds[i])
        p_ok = 0 <= p < num_labels
        if p_ok:
            pred_area[p] += 1
        else:
            bad_preds += 1
            if first_pred < 0:
                first_pred = i
        if 0 <= t < num_labels:
            label_area[t] += 1
            if p == t:
                inter[t] += 1
        else:
            bad_labels += 1
            if first_label < 0:
                first_label = i
    return bad_labels, first_label, bad_preds, first_pred


@jit
def value_pair_counts(labels, preds, label_lo, pred_lo, width, out):
    """Add 1 to ``out[(labels[i] - label_lo) * width + preds[i] - pred_lo]`` for every pixel.

    A joint histogram of raw (reference, prediction) values over a window the
    caller has proven to hold every value.
    """
    for i in range(labels.shape[0]):
        out[(int(labels[i]) - label_lo) * width + (int(preds[i]) - pred_lo)] += 1
