"""smape: symmetric mean absolute percentage error, as evaluate's smape module defines it."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import ERROR_ARGS, ErrorModule

CHEN_YANG_CITATION = """
@article{chen2004assessing,
  author = {Chen, Zhuo and Yang, Yuhong},
  year = {2004},
  title = {Assessing forecast accuracy measures}
}
"""

_DESCRIPTION = """
Symmetric mean absolute percentage error (sMAPE) divides each error by the mean
size of the true and the predicted value, so over- and under-prediction are
treated alike (Chen and Yang 2004, after Armstrong 1985 and Makridakis 1993):

    sMAPE = sum_i w_i * 2 |y_hat_i - y_i| / (max(|y_i|, eps) + max(|y_hat_i|, eps)) / sum_i w_i

with eps the float64 machine epsilon, exactly as evaluate's smape module
computes it. Each term lies in [0, 2] (0 when both values are 0), so sMAPE is in
[0, 2]; lower is better. scikit-learn has no sMAPE.

The statistic is one weighted sum per output and the sum of weights, so
add_batch streams in O(outputs) memory. A one-shot compute equals evaluate's
formula evaluated with numpy (pairwise sums) to the last bit on float64 data.
"""

_KWARGS_DESCRIPTION = f"""
Args:
{ERROR_ARGS}

Returns:
    smape (`float` or `numpy.ndarray`): the symmetric mean absolute percentage
        error, in [0, 2] (one per output with multioutput="raw_values").

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> smape_metric = evaluate.load("smape")
        >>> predictions = [2.5, 0.0, 2, 8]
        >>> references = [3, -0.5, 2, 7]
        >>> smape_metric.compute(predictions=predictions, references=references)
        {{'smape': 0.5787878787878785}}

    Example 2 - several outputs. evaluate documents 0.49696969558995985: its
    features are float32 (0.1 becomes 0.10000000149); fasteval keeps float64.
        >>> smape_metric = evaluate.load("smape", "multilist")
        >>> predictions = [[0.5, 1], [-1, 1], [7, -6]]
        >>> references = [[0.1, 2], [-1, 2], [8, -5]]
        >>> smape_metric.compute(predictions=predictions, references=references)
        {{'smape': 0.496969696969697}}
        >>> smape_metric.compute(predictions=predictions, references=references, multioutput="raw_values")
        {{'smape': array([0.48888889, 0.50505051])}}
        >>> import numpy as np
        >>> as_float32 = lambda x: np.asarray(x, dtype=np.float32).astype(np.float64)
        >>> smape_metric.compute(predictions=as_float32(predictions), references=as_float32(references))
        {{'smape': 0.49696969558995985}}
"""


class SMAPE(ErrorModule):
    name = "smape"
    summary = "Symmetric mean absolute percentage error in [0, 2], as evaluate's smape."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = CHEN_YANG_CITATION
    term = "symmetric_percentage"
    reference_urls: ClassVar[list[str]] = ["https://robjhyndman.com/hyndsight/smape/"]
