"""kendall_tau: Kendall's tau-b / tau-c (and p-value), as scipy.stats.kendalltau."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._regression import SCIPY_CITATION, KendallBase

KENDALL_CITATION = """
@article{kendall1945treatment,
  title={The treatment of ties in ranking problems},
  author={Kendall, Maurice G.},
  journal={Biometrika},
  volume={33},
  number={3},
  pages={239--251},
  year={1945}
}
@article{knight1966computer,
  title={A computer method for calculating Kendall's tau with ungrouped data},
  author={Knight, William R.},
  journal={Journal of the American Statistical Association},
  volume={61},
  number={314},
  pages={436--439},
  year={1966}
}
"""

_DESCRIPTION = """
Kendall's tau measures how often pairs of rows are ordered the same way by the
predictions and by the references. With P concordant and Q discordant pairs,
T pairs tied only in the references and U tied only in the predictions:

    tau_b = (P - Q) / sqrt((P + Q + T) (P + Q + U))      (the default, variant="b")
    tau_c = 2 (P - Q) / (n^2 (m - 1) / m)                (Stuart's, variant="c")

with m the smaller number of distinct values of the two sides. It lies in
[-1, 1]; 1 is the same ordering. The p-value tests no association, as
scipy.stats.kendalltau: exact (the distribution of the number of inversions of
a random permutation) without ties for up to 33 pairs, otherwise the normal
approximation with scipy's tie corrections.

Ranks depend on every value, so this metric cannot stream on a small statistic:
add_batch keeps all pairs (two float64 arrays, 16 bytes a row). compute uses
Knight's O(n log n) algorithm: the rows are sorted by reference (ties by
prediction), then a merge sort of the predictions counts the discordant pairs
(a Numba kernel); ties are counted from the sorted runs. tau equals
scipy.stats.kendalltau to the last bit (the same integer counts and float
formula). The p-value needs scipy only for the normal approximation.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `float`): Predicted values (1-D; also numpy, torch,
        pyarrow, polars or pandas).
    references (`list` of `float`): Reference values, one per prediction.
    return_pvalue (`bool`): Also return the p-value. Defaults to False.
    variant (`str`): "b" (default, tau-b) or "c" (tau-c).
    method (`str`): How the p-value is computed: "auto" (default), "exact" (no
        ties only) or "asymptotic".
    alternative (`str`): "two-sided" (default), "less" or "greater".

Returns:
    kendall_tau (`float`): tau, in [-1, 1].
    kendall_tau_pvalue (`float`): only with return_pvalue=True.

Examples:

    Example 1 - scipy's example
        >>> import fasteval as evaluate
        >>> tau = evaluate.load("kendall_tau")
        >>> tau.compute(predictions=[1, 4, 7, 1, 0], references=[12, 2, 1, 12, 2])
        {'kendall_tau': -0.4714045207910316}
        >>> results = tau.compute(predictions=[1, 4, 7, 1, 0], references=[12, 2, 1, 12, 2],
        ...                       return_pvalue=True)
        >>> print(round(results['kendall_tau_pvalue'], 4))
        0.2827

    Example 2 - tau-c, and the exact p-value of a small sample without ties
        >>> tau.compute(predictions=[1, 4, 7, 1, 0], references=[12, 2, 1, 12, 2], variant="c")
        {'kendall_tau': -0.48}
        >>> tau.compute(predictions=[1, 2, 3, 5, 4], references=[1, 2, 3, 4, 5], return_pvalue=True)
        {'kendall_tau': 0.7999999999999999, 'kendall_tau_pvalue': 0.08333333333333333}
"""


class KendallTau(KendallBase):
    name = "kendall_tau"
    summary = "Kendall's tau-b / tau-c (and p-value), as scipy.stats.kendalltau; keeps the values."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = KENDALL_CITATION + SCIPY_CITATION
    pvalue_key = "kendall_tau_pvalue"
    reference_urls: ClassVar[list[str]] = [
        "https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.kendalltau.html"
    ]
