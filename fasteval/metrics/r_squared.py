"""r_squared: coefficient of determination, as scikit-learn's r2_score."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import RSquaredBase

WILLIAMS_CITATION = """
@article{williams2006relationship,
  title={The relationship between R2 and the correlation coefficient},
  author={Williams, James},
  journal={Journal of Statistics Education},
  volume={14},
  number={2},
  year={2006}
}
"""

_DESCRIPTION = """
R^2, the coefficient of determination, is the share of the variance of the true
values that the predictions explain:

    R^2 = 1 - SS_res / SS_tot,  SS_res = sum_i w_i (y_i - y_hat_i)^2,
                                SS_tot = sum_i w_i (y_i - mean_w(y))^2

1 is perfect, 0 is what always predicting the mean scores, and it is negative
for worse predictions. It follows scikit-learn's r2_score: fewer than two rows
give NaN (with a warning); with force_finite=True (the default) a constant
reference column scores 1.0 if predicted perfectly and 0.0 otherwise instead of
NaN / -inf; several outputs are averaged uniformly, by their variance
("variance_weighted") or with given weights.

Streaming: each batch is summed in two passes (its mean, then the deviations
from it, as scikit-learn does), and batches are joined by Chan et al.'s update
of (weight, mean, sum of squared deviations) per output plus the residual sum
of squares, so memory is O(outputs). A one-shot compute equals
sklearn.metrics.r2_score to the last bit; a streamed one to about 1e-15
relative (different but equally stable rounding). One exception by design: for
a constant column whose mean numpy cannot represent exactly (e.g. 0.1 three
times), scikit-learn's SS_tot is a tiny positive rounding residue and its R^2 a
huge negative number; fasteval's SS_tot is exactly 0 and force_finite applies.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `float`, or array of shape (n_samples,) or (n_samples, n_outputs)):
        Predicted values (also numpy, torch, pyarrow, polars or pandas).
    references (`list` of `float`, or array of the same shape): True values.
    sample_weight (`list` of `float`, optional): One non-negative weight per row.
        Defaults to None.
    multioutput (`str` or `list` of `float`): "uniform_average" (default),
        "variance_weighted", "raw_values" (one score per output), or n_outputs
        weights.
    force_finite (`bool`): Replace the NaN / -inf of a constant reference column
        by 1.0 / 0.0, as scikit-learn. Defaults to True.

Returns:
    (`float` or `numpy.ndarray`): R^2, returned alone as evaluate's r_squared
        returns it (combine() reports it under the key "r_squared").

Examples:

    Example 1 - evaluate's example. evaluate's documentation prints 0.95, but its
    formula (and scikit-learn) give 0.98 for these values:
        >>> import fasteval as evaluate
        >>> r2_metric = evaluate.load("r_squared")
        >>> r2_metric.compute(predictions=[1, 2, 3, 4], references=[0.9, 2.1, 3.2, 3.8])
        0.9795918367346939

    Example 2 - scikit-learn's examples
        >>> r2_metric.compute(predictions=[2.5, 0.0, 2, 8], references=[3, -0.5, 2, 7])
        0.9486081370449679
        >>> predictions = [[0, 2], [-1, 2], [8, -5]]
        >>> references = [[0.5, 1], [-1, 1], [7, -6]]
        >>> r2_metric.compute(predictions=predictions, references=references,
        ...                   multioutput="variance_weighted")
        0.9382566585956417
        >>> r2_metric.compute(predictions=[-2, -2, -2.01], references=[-2, -2, -2])
        0.0
        >>> r2_metric.compute(predictions=[-2, -2, -2.01], references=[-2, -2, -2], force_finite=False)
        -inf

    Example 3 - streaming
        >>> r2_metric.add_batch(predictions=[2.5, 0.0], references=[3, -0.5])
        >>> r2_metric.add_batch(predictions=[2, 8], references=[2, 7])
        >>> r2_metric.compute()
        0.9486081370449679
"""


class RSquared(RSquaredBase):
    name = "r_squared"
    summary = "Coefficient of determination R^2, as scikit-learn's r2_score."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = WILLIAMS_CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://en.wikipedia.org/wiki/Coefficient_of_determination",
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.r2_score.html",
    ]
    codebase_urls: ClassVar[list[str]] = ["https://github.com/scikit-learn/scikit-learn/"]
