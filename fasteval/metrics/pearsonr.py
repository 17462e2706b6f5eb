"""pearsonr: Pearson correlation coefficient (and p-value), as scipy.stats.pearsonr."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import SCIPY_CITATION, PearsonBase

_DESCRIPTION = """
The Pearson correlation coefficient measures the linear relationship between
the predictions and the references:

    r = sum_i (x_i - mean(x)) (y_i - mean(y)) / sqrt( sum_i (x_i - mean(x))^2 * sum_i (y_i - mean(y))^2 )

It lies in [-1, 1]: 1 (or -1) is an exact increasing (decreasing) linear
relationship, 0 no linear correlation. The p-value tests the hypothesis of no
correlation assuming normally distributed data: under it r follows a Beta(n/2 - 1,
n/2 - 1) distribution on (-1, 1), as in scipy.stats.pearsonr. A constant input
gives NaN with a ConstantInputWarning; two pairs give exactly +1 or -1.

Streaming: the statistic is the count, the two means, the two sums of squared
deviations and the co-moment, each batch summed in two passes and batches
joined by Chan et al.'s pairwise update, so memory is O(1) and the result
equals scipy.stats.pearsonr to about 1e-15 relative (scipy normalizes the
centred vectors and takes a BLAS dot product: not the same rounding). The
p-value needs scipy (scipy.special.betaincc), imported only when asked for.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `float`): Predicted values (1-D; also numpy, torch,
        pyarrow, polars or pandas).
    references (`list` of `float`): Reference values, one per prediction. At
        least two pairs in all.
    return_pvalue (`bool`): Also return the p-value (needs scipy). Defaults to False.
    alternative (`str`): "two-sided" (default), "less" or "greater": the
        alternative hypothesis of the p-value.

Returns:
    pearsonr (`float`): the correlation coefficient, in [-1, 1].
    p-value (`float`): only with return_pvalue=True.

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> pearsonr_metric = evaluate.load("pearsonr")
        >>> results = pearsonr_metric.compute(predictions=[10, 9, 2.5, 6, 4], references=[1, 2, 3, 4, 5])
        >>> print(round(results['pearsonr'], 2))
        -0.74

    Example 2 - evaluate's example with the p-value
        >>> results = pearsonr_metric.compute(predictions=[10, 9, 2.5, 6, 4], references=[1, 2, 3, 4, 5],
        ...                                   return_pvalue=True)
        >>> print(sorted(list(results.keys())))
        ['p-value', 'pearsonr']
        >>> print(round(results['pearsonr'], 2))
        -0.74
        >>> print(round(results['p-value'], 2))
        0.15

    Example 3 - streaming batches
        >>> pearsonr_metric.add_batch(predictions=[10, 9, 2.5], references=[1, 2, 3])
        >>> pearsonr_metric.add_batch(predictions=[6, 4], references=[4, 5])
        >>> pearsonr_metric.compute()
        {'pearsonr': -0.7426106572325056}
"""


class PearsonR(PearsonBase):
    name = "pearsonr"
    summary = "Pearson correlation coefficient (and p-value), as scipy.stats.pearsonr."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = SCIPY_CITATION
    pvalue_key = "p-value"
    reference_urls: ClassVar[list[str]] = [
        "https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.pearsonr.html"
    ]
