"""mae: mean absolute error, as scikit-learn's mean_absolute_error."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import ERROR_ARGS, SKLEARN_CITATION, ErrorModule

_DESCRIPTION = """
Mean absolute error (MAE) is the average magnitude of the differences between
the predicted and the true values:

    MAE = sum_i w_i |y_i - y_hat_i| / sum_i w_i

(w_i = 1 without sample_weight). Lower is better; 0 is perfect; it is in the
units of the target and, unlike the MSE, grows linearly with the size of an
error. With several outputs each output gets its own MAE and multioutput
decides how they are combined.

The statistic is one weighted sum of absolute errors per output and the sum of
weights, so add_batch streams in O(outputs) memory and states merge by
addition. A one-shot compute equals sklearn.metrics.mean_absolute_error to the
last bit (numpy's pairwise summation is reproduced).
"""

_KWARGS_DESCRIPTION = f"""
Args:
{ERROR_ARGS}

Returns:
    mae (`float` or `numpy.ndarray`): the mean absolute error (one per output with
        multioutput="raw_values").

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> mae_metric = evaluate.load("mae")
        >>> predictions = [2.5, 0.0, 2, 8]
        >>> references = [3, -0.5, 2, 7]
        >>> mae_metric.compute(predictions=predictions, references=references)
        {{'mae': 0.5}}

    Example 2 - several outputs (evaluate's "multilist" config)
        >>> mae_metric = evaluate.load("mae", "multilist")
        >>> predictions = [[0.5, 1], [-1, 1], [7, -6]]
        >>> references = [[0, 2], [-1, 2], [8, -5]]
        >>> mae_metric.compute(predictions=predictions, references=references)
        {{'mae': 0.75}}
        >>> mae_metric.compute(predictions=predictions, references=references, multioutput="raw_values")
        {{'mae': array([0.5, 1. ])}}
        >>> mae_metric.compute(predictions=predictions, references=references, multioutput=[0.3, 0.7])
        {{'mae': 0.85}}
"""


class MAE(ErrorModule):
    name = "mae"
    summary = "Mean absolute error, as scikit-learn."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    term = "absolute"
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_absolute_error.html"
    ]
