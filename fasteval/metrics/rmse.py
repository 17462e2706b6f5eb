"""rmse: root mean squared error, as scikit-learn's root_mean_squared_error."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import ERROR_ARGS, SKLEARN_CITATION, ErrorModule

_DESCRIPTION = """
Root mean squared error (RMSE) is the square root of the mean squared error,
in the units of the target:

    RMSE = sqrt( sum_i w_i (y_i - y_hat_i)^2 / sum_i w_i )

(w_i = 1 without sample_weight). Lower is better; 0 is perfect. With several
outputs the square root is taken per output and the outputs are then averaged,
as scikit-learn's root_mean_squared_error does (this is not the root of the
averaged MSE). evaluate has no rmse module: its mse module with squared=False
computes the same number under the key "mse"; this module returns it as "rmse".

The statistic is one weighted sum of squared errors per output and the sum of
weights, so add_batch streams in O(outputs) memory. A one-shot compute equals
sklearn.metrics.root_mean_squared_error to the last bit.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{ERROR_ARGS}

Returns:
    rmse (`float` or `numpy.ndarray`): the root mean squared error (one per output
        with multioutput="raw_values").

Examples:

    Example 1 - one output
        >>> import fasteval as evaluate
        >>> rmse_metric = evaluate.load("rmse")
        >>> rmse_metric.compute(predictions=[2.5, 0.0, 2, 8], references=[3, -0.5, 2, 7])
        {{'rmse': 0.6123724356957945}}

    Example 2 - several outputs: the root of each output's MSE, then their mean
        >>> predictions = [[0.5, 1], [-1, 1], [7, -6]]
        >>> references = [[0, 2], [-1, 2], [8, -5]]
        >>> rmse_metric.compute(predictions=predictions, references=references)
        {{'rmse': 0.8227486121839513}}
        >>> rmse_metric.compute(predictions=predictions, references=references, multioutput="raw_values")
        {{'rmse': array([0.64549722, 1.        ])}}
"""


class RMSE(ErrorModule):
    name = "rmse"
    summary = "Root mean squared error (per output, then averaged), as scikit-learn."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    term = "squared"
    root = True
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.root_mean_squared_error.html"
    ]
