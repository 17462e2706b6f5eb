"""spearmanr: Spearman rank correlation (and p-value), as scipy.stats.spearmanr."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import SCIPY_CITATION, SpearmanBase

KOKOSKA_CITATION = """
@book{kokoska2000crc,
  title={CRC standard probability and statistics tables and formulae},
  author={Kokoska, Stephen and Zwillinger, Daniel},
  year={2000},
  publisher={Crc Press}
}
"""

_DESCRIPTION = """
The Spearman rank-order correlation coefficient is the Pearson correlation of the
ranks of the predictions and of the references (tied values get the average of
their ranks). It lies in [-1, 1]: 1 (or -1) is an exactly increasing
(decreasing) monotonic relationship, 0 none. Unlike Pearson's r it does not
assume normally distributed data and is insensitive to outliers' magnitude.

The p-value, as in scipy.stats.spearmanr, uses t = rho sqrt((n - 2) / (1 - rho^2))
against Student's t with n - 2 degrees of freedom; it is reasonable for a few
hundred pairs or more. One pair gives NaN; a constant input NaN with a
ConstantInputWarning.

Ranks depend on every value, so this metric cannot stream on a small statistic:
add_batch keeps all pairs (two float64 arrays, 16 bytes a row) and compute ranks
them (a sort, O(n log n)). The result equals scipy.stats.spearmanr to about
1e-15 relative. The p-value needs scipy (scipy.special.stdtr), imported only when
asked for.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `float`): Predicted values (1-D; also numpy, torch,
        pyarrow, polars or pandas).
    references (`list` of `float`): Reference values, one per prediction.
    return_pvalue (`bool`): Also return the p-value (needs scipy). Defaults to False.
    alternative (`str`): "two-sided" (default), "less" or "greater": the
        alternative hypothesis of the p-value.

Returns:
    spearmanr (`float`): the rank correlation, in [-1, 1].
    spearmanr_pvalue (`float`): only with return_pvalue=True.

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> spearmanr_metric = evaluate.load("spearmanr")
        >>> results = spearmanr_metric.compute(references=[1, 2, 3, 4, 5], predictions=[10, 9, 2.5, 6, 4])
        >>> print(results)
        {'spearmanr': -0.7}

    Example 2 - evaluate's example with the p-value
        >>> results = spearmanr_metric.compute(references=[1, 2, 3, 4, 5],
        ...                                    predictions=[10, 9, 2.5, 6, 4],
        ...                                    return_pvalue=True)
        >>> print(results['spearmanr'])
        -0.7
        >>> print(round(results['spearmanr_pvalue'], 2))
        0.19
"""


class SpearmanR(SpearmanBase):
    name = "spearmanr"
    summary = "Spearman rank correlation (and p-value), as scipy.stats.spearmanr; keeps the values."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = KOKOSKA_CITATION + SCIPY_CITATION
    pvalue_key = "spearmanr_pvalue"
    reference_urls: ClassVar[list[str]] = [
        "https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.spearmanr.html"
    ]
