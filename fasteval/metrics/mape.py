"""mape: mean absolute percentage error, as scikit-learn's mean_absolute_percentage_error."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import ERROR_ARGS, SKLEARN_CITATION, ErrorModule

_DESCRIPTION = """
Mean absolute percentage error (MAPE) is the average error relative to the size
of the true value:

    MAPE = sum_i w_i |y_hat_i - y_i| / max(|y_i|, eps) / sum_i w_i

where eps is the float64 machine epsilon (2.22e-16), as in scikit-learn. It is a
fraction, not a percentage: 0.5 means 50%. Lower is better; 0 is perfect. A true
value of 0 does not give infinity but a very large number (the error divided by
eps), so MAPE suits targets that stay away from zero.

The statistic is one weighted sum of relative errors per output and the sum of
weights, so add_batch streams in O(outputs) memory. A one-shot compute equals
sklearn.metrics.mean_absolute_percentage_error to the last bit on float64 data.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{ERROR_ARGS}

Returns:
    mape (`float` or `numpy.ndarray`): the mean absolute percentage error as a
        fraction (one per output with multioutput="raw_values").

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> mape_metric = evaluate.load("mape")
        >>> predictions = [2.5, 0.0, 2, 8]
        >>> references = [3, -0.5, 2, 7]
        >>> mape_metric.compute(predictions=predictions, references=references)
        {{'mape': 0.3273809523809524}}

    Example 2 - several outputs. evaluate documents 0.8874999875823658 and
    array([1.37499998, 0.4]) here: its features are float32, so 0.1 becomes
    0.10000000149. fasteval keeps float64 (scikit-learn's numbers); rounding the
    inputs to float32 first gives evaluate's value back.
        >>> mape_metric = evaluate.load("mape", "multilist")
        >>> predictions = [[0.5, 1], [-1, 1], [7, -6]]
        >>> references = [[0.1, 2], [-1, 2], [8, -5]]
        >>> mape_metric.compute(predictions=predictions, references=references)
        {{'mape': 0.8875}}
        >>> mape_metric.compute(predictions=predictions, references=references, multioutput="raw_values")
        {{'mape': array([1.375, 0.4  ])}}
        >>> import numpy as np
        >>> as_float32 = lambda x: np.asarray(x, dtype=np.float32).astype(np.float64)
        >>> mape_metric.compute(predictions=as_float32(predictions), references=as_float32(references))
        {{'mape': 0.8874999875823658}}

    Example 3 - a zero reference: a large number, not infinity
        >>> evaluate.load("mape").compute(predictions=[1.2, 0.1, 2.4, 8.0], references=[1.0, 0.0, 2.4, 7.0])
        {{'mape': 112589990684262.48}}
"""


class MAPE(ErrorModule):
    name = "mape"
    summary = "Mean absolute percentage error (a fraction; eps-guarded), as scikit-learn."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SKLEARN_CITATION
    term = "absolute_percentage"
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_absolute_percentage_error.html"
    ]
