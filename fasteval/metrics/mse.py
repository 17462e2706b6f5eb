"""mse: mean squared error, as scikit-learn's mean_squared_error (and RMSE with squared=False)."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.metrics._regression import ERROR_ARGS, SKLEARN_CITATION, ErrorModule

_DESCRIPTION = """
Mean squared error (MSE) is the average of the squared differences between the
predicted and the true values:

    MSE = sum_i w_i (y_i - y_hat_i)^2 / sum_i w_i

(w_i = 1 without sample_weight). Lower is better; 0 is perfect. With several
outputs (2-D inputs) each output gets its own MSE, and multioutput decides how
they are combined. squared=False returns the root mean squared error instead,
computed as scikit-learn's root_mean_squared_error: the square root of each
output's MSE, then their average.

The statistic is one weighted sum per output and the sum of weights, so
add_batch streams any number of rows in O(outputs) memory, and states merge by
addition. One batch is summed exactly as numpy sums it (pairwise), so a
one-shot compute equals sklearn.metrics.mean_squared_error to the last bit;
batches are joined with compensated sums.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{ERROR_ARGS}
    squared (`bool`): If True (default) returns the MSE, if False the root mean
        squared error (RMSE), as evaluate's mse module.

Returns:
    mse (`float` or `numpy.ndarray`): the mean squared error (one per output with
        multioutput="raw_values"). The key stays "mse" when squared=False, as in
        evaluate; load "rmse" for a module keyed "rmse".

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> mse_metric = evaluate.load("mse")
        >>> predictions = [2.5, 0.0, 2, 8]
        >>> references = [3, -0.5, 2, 7]
        >>> mse_metric.compute(predictions=predictions, references=references)
        {{'mse': 0.375}}
        >>> mse_metric.compute(predictions=predictions, references=references, squared=False)
        {{'mse': 0.6123724356957945}}

    Example 2 - several outputs (evaluate's "multilist" config; 2-D inputs work in any config)
        >>> mse_metric = evaluate.load("mse", "multilist")
        >>> predictions = [[0.5, 1], [-1, 1], [7, -6]]
        >>> references = [[0, 2], [-1, 2], [8, -5]]
        >>> mse_metric.compute(predictions=predictions, references=references)
        {{'mse': 0.7083333333333334}}
        >>> mse_metric.compute(predictions=predictions, references=references, multioutput="raw_values")
        {{'mse': array([0.41666667, 1.        ])}}

    Example 3 - streaming weighted batches
        >>> mse_metric = evaluate.load("mse")
        >>> mse_metric.add_batch(predictions=[2.5, 0.0], references=[3, -0.5], sample_weight=[1, 2])
        >>> mse_metric.add_batch(predictions=[2, 8], references=[2, 7], sample_weight=[1, 1])
        >>> mse_metric.compute()
        {{'mse': 0.35}}
"""


class MSE(ErrorModule):
    name = "mse"
    summary = "Mean squared error (RMSE with squared=False), as scikit-learn."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    term = "squared"
    options: ClassVar[dict[str, Any]] = {"multioutput": "uniform_average", "squared": True}
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_squared_error.html"
    ]
