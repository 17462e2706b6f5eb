"""scikit-learn / scipy-style regression functions (swap ``sklearn.metrics`` or ``scipy.stats`` for these).

The maths exists once, here, in two halves that the streaming modules reuse:

* the update: one batch -> a small mergeable statistic
  (:class:`~fasteval._regression_state.ErrorSums`,
  :class:`~fasteval._regression_state.VarianceSums`,
  :class:`~fasteval._regression_state.CoMoments`), computed by Numba kernels
  that follow numpy's pairwise summation; Spearman and Kendall keep the values;
* the derive: ``mean_error_from_sums``, ``r2_from_sums``,
  ``pearson_from_moments``, ``spearman_from_values``, ``kendall_from_values``:
  scores from the statistic, with scikit-learn's and scipy's arithmetic.

Equality with the references: on one batch of float64 values, mse, rmse,
mae, mape, smape and r2 have the bits of scikit-learn 1.9 (evaluate's smape
formula) for single-output and C-ordered multi-output arrays, weighted or
not (scikit-learn computes float32 inputs in float32; fasteval always in
float64). Pearson and Spearman agree with scipy to about 1e-15 relative
(scipy normalizes and uses BLAS dot products; fasteval uses pairwise centred
sums); Kendall's tau is computed with scipy's integer counts and float
formula, so it is bitwise equal. p-values use ``scipy.special`` (the same
functions scipy.stats uses), imported only when a p-value is read.

Examples
--------
>>> from fasteval.functional import mean_squared_error, r2_score, pearsonr
>>> y_true = [3, -0.5, 2, 7]
>>> y_pred = [2.5, 0.0, 2, 8]
>>> mean_squared_error(y_true, y_pred)
0.375
>>> r2_score(y_true, y_pred)
0.9486081370449679
>>> round(pearsonr(y_true, y_pred).statistic, 6)
0.98487
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from fasteval._inputs import as_weights
from fasteval._regression_state import (
    CoMoments,
    ErrorSums,
    VarianceSums,
    paired_values,
    raise_non_finite,
)
from fasteval.functional._derive import UndefinedMetricWarning, _user_stacklevel

__all__ = [
    "ConstantInputWarning",
    "CorrelationResult",
    "NearConstantInputWarning",
    "SmallSampleWarning",
    "kendalltau",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "pearsonr",
    "r2_score",
    "root_mean_squared_error",
    "spearmanr",
    "symmetric_mean_absolute_percentage_error",
]

ArrayLike = Any
SK_NAMES = ("y_true", "y_pred")
ALTERNATIVES = ("two-sided", "less", "greater")


class ConstantInputWarning(RuntimeWarning):
    """An input is constant, so the correlation is undefined (NaN); as scipy.stats' warning."""


class NearConstantInputWarning(RuntimeWarning):
    """An input is nearly constant, so the correlation may be inaccurate; as scipy.stats' warning."""


class SmallSampleWarning(RuntimeWarning):
    """Too few samples for the statistic, which is NaN; as scipy.stats' warning."""


_CONSTANT_MESSAGE = "An input array is constant; the correlation coefficient is not defined."
_NEAR_CONSTANT_MESSAGE = (
    "An input array is nearly constant; the computed correlation coefficient may be inaccurate."
)


def _scipy_special(what: str) -> Any:
    try:
        from scipy import special
    except ImportError as err:  # pragma: no cover - scipy is installed with the test extras
        raise ImportError(
            f"{what}: the p-value needs scipy (its t, normal and beta distribution functions);"
            " install it with `pip install scipy`. The statistic itself does not need scipy."
        ) from err
    return special


class CorrelationResult:
    """A correlation ``statistic`` and its ``pvalue``, like scipy.stats' result objects.

    Unpacks as ``statistic, pvalue = result``. The p-value is computed (with
    ``scipy.special``) the first time it is read, so the statistic alone
    never needs scipy.
    """

    __slots__ = ("_pvalue", "_pvalue_of", "statistic")

    def __init__(self, statistic: float, pvalue_of: Callable[[], float]) -> None:
        self.statistic = statistic
        self._pvalue_of = pvalue_of
        self._pvalue: float | None = None

    @property
    def pvalue(self) -> float:
        if self._pvalue is None:
            self._pvalue = float(self._pvalue_of())
        return self._pvalue

    @property
    def correlation(self) -> float:
        """Alias of ``statistic`` (scipy's older name)."""
        return self.statistic

    def __iter__(self) -> Iterator[float]:
        yield self.statistic
        yield self.pvalue

    def __getitem__(self, index: int) -> float:
        return (self.statistic, self.pvalue)[index]

    def __len__(self) -> int:
        return 2

    def __repr__(self) -> str:
        return f"CorrelationResult(statistic={self.statistic!r}, pvalue={self.pvalue!r})"


def _nan_result() -> CorrelationResult:
    return CorrelationResult(math.nan, lambda: math.nan)


# -- option checks -------------------------------------------------------------------------------


def check_multioutput(multioutput: Any, allowed: tuple[str, ...], outputs: int | None) -> Any:
    """``multioutput`` as a valid string or a float array of ``outputs`` output weights."""
    if isinstance(multioutput, str):
        if multioutput not in allowed:
            raise ValueError(
                f"multioutput must be one of {list(allowed)} or an array of output weights;"
                f" got {multioutput!r}"
            )
        return multioutput
    if multioutput is None or isinstance(multioutput, (bool, np.bool_)):
        raise ValueError(
            f"multioutput must be one of {list(allowed)} or an array of output weights;"
            f" got {multioutput!r}"
        )
    try:
        weights = np.asarray(multioutput, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"multioutput: expected one of {list(allowed)} or an array of numbers,"
            f" got {multioutput!r}"
        ) from None
    if weights.ndim != 1:
        raise ValueError(f"multioutput: output weights must be 1-D, got shape {weights.shape}")
    if not np.isfinite(weights).all():
        raise ValueError("multioutput: output weights must be finite")
    if outputs is not None:
        if outputs == 1:
            raise ValueError(
                "multioutput: custom output weights are useful only with several outputs;"
                " the data has 1 output"
            )
        if weights.shape[0] != outputs:
            raise ValueError(
                f"multioutput: there must be equally many output weights ({weights.shape[0]})"
                f" as outputs ({outputs})"
            )
    return weights


def check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def _average_outputs(values: np.ndarray, weights: np.ndarray | None) -> float:
    """``np.average(values, weights=weights)`` as a float (scikit-learn's second average)."""
    try:
        with np.errstate(
            invalid="ignore", over="ignore"
        ):  # NaN / -inf scores of force_finite=False
            return float(np.average(values, weights=weights))
    except ZeroDivisionError:
        raise ValueError("multioutput: the output weights sum to zero") from None


def _weights_or_none(sample_weight: ArrayLike | None, n: int) -> np.ndarray | None:
    return None if sample_weight is None else as_weights(sample_weight, n)


# -- derive ------------------------------------------------------------------------------------


def mean_error_from_sums(sums: ErrorSums, multioutput: Any, root: bool = False) -> Any:
    """A mean error (per output, then averaged) from :class:`ErrorSums`; RMSE when ``root``.

    Per output: ``sum / weight`` (scikit-learn's ``np.average`` along axis 0),
    then the square root for RMSE, then the average over outputs.
    """
    multioutput = check_multioutput(multioutput, ("raw_values", "uniform_average"), sums.outputs)
    denominator = sums.denominator()
    if denominator == 0.0:
        raise ValueError("sample_weight: the weights sum to zero; a weighted mean is undefined")
    with np.errstate(over="ignore", invalid="ignore"):
        output_errors = sums.sums() / denominator
        if root:
            output_errors = np.sqrt(output_errors)
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return output_errors
        multioutput = None
    return _average_outputs(output_errors, multioutput)


def r2_from_sums(state: VarianceSums, multioutput: Any, force_finite: bool = True) -> Any:
    """R^2 = 1 - SS_res / SS_tot per output, averaged, from :class:`VarianceSums`.

    As scikit-learn: fewer than two samples give NaN with an
    ``UndefinedMetricWarning``; with ``force_finite`` a constant reference
    column scores 1.0 when predicted perfectly and 0.0 otherwise;
    ``"variance_weighted"`` weights each output's score by its SS_tot.
    """
    multioutput = check_multioutput(
        multioutput, ("raw_values", "uniform_average", "variance_weighted"), state.outputs
    )
    force_finite = check_bool("force_finite", force_finite)
    if state.weighted and state.weight == 0.0:
        raise ValueError("sample_weight: the weights sum to zero; R^2 is undefined")
    if state.rows < 2:
        warnings.warn(
            "R^2 score is not well-defined with less than two samples.",
            UndefinedMetricWarning,
            stacklevel=_user_stacklevel(),
        )
        return math.nan
    numerator = state.residual()
    denominator = state.m2
    nonzero_denominator = denominator != 0
    if not force_finite:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            scores = 1 - (numerator / denominator)
    else:
        nonzero_numerator = numerator != 0
        scores = np.ones(numerator.shape[0])
        valid = nonzero_denominator & nonzero_numerator
        with np.errstate(over="ignore"):
            scores[valid] = 1 - (numerator[valid] / denominator[valid])
        scores[nonzero_numerator & ~nonzero_denominator] = 0.0
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return scores
        if multioutput == "uniform_average":
            weights = None
        else:  # variance_weighted; all-constant outputs fall back to uniform weights
            weights = denominator if nonzero_denominator.any() else None
    else:
        weights = multioutput
    return _average_outputs(scores, weights)


def _pearson_pvalue(r: float, n: int, alternative: str) -> float:
    """scipy's p-value of Pearson's r: r's null distribution is Beta(n/2 - 1, n/2 - 1) on (-1, 1)."""
    if math.isnan(r):
        return math.nan
    if n == 2:
        return 1.0
    special = _scipy_special("pearsonr")
    ab = np.float64(n) / 2 - 1
    if alternative == "two-sided":
        return float(2 * special.betaincc(ab, ab, (abs(np.float64(r)) + 1) / 2))
    x = (np.float64(r) + 1) / 2
    return float(
        special.betainc(ab, ab, x) if alternative == "less" else special.betaincc(ab, ab, x)
    )


def _correlation(cxy: float, cxx: float, cyy: float) -> float:
    """``cxy / sqrt(cxx * cyy)`` clipped to [-1, 1].

    ``sqrt(cxx * cxx) == cxx`` exactly in binary floating point, so perfectly
    (anti-)correlated columns give exactly +-1; the roots are taken apart only
    where the product would overflow or underflow.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        product = np.float64(cxx) * np.float64(cyy)
        if np.isfinite(product) and product > 0:
            r = float(np.float64(cxy) / np.sqrt(product))
        else:
            r = float(np.float64(cxy) / np.sqrt(cxx) / np.sqrt(cyy))
    return min(1.0, max(-1.0, r)) if not math.isnan(r) else r


def pearson_from_moments(state: CoMoments, alternative: str = "two-sided") -> CorrelationResult:
    """Pearson's r from :class:`CoMoments`, with scipy.stats.pearsonr's conventions.

    Fewer than two pairs raise ``ValueError``; a constant input gives NaN and
    a :class:`ConstantInputWarning`; a nearly constant one (its root sum of
    squares below ``eps**0.75`` times its mean) a :class:`NearConstantInputWarning`.
    Two pairs give exactly +-1 with p-value 1.
    """
    alternative = check_choice("alternative", alternative, ALTERNATIVES)
    n = state.rows
    if n < 2:
        raise ValueError(f"pearsonr needs at least 2 pairs of values, got {n}")
    if state.constant_x or state.constant_y:
        warnings.warn(ConstantInputWarning(_CONSTANT_MESSAGE), stacklevel=_user_stacklevel())
        return _nan_result()
    threshold = np.finfo(np.float64).eps ** 0.75
    if math.sqrt(state.cxx) < threshold * abs(state.mean_x) or math.sqrt(
        state.cyy
    ) < threshold * abs(state.mean_y):
        warnings.warn(
            NearConstantInputWarning(_NEAR_CONSTANT_MESSAGE), stacklevel=_user_stacklevel()
        )
    r = _correlation(state.cxy, state.cxx, state.cyy)
    if n == 2 and not math.isnan(r):
        r = float(np.round(r))
    return CorrelationResult(r, lambda: _pearson_pvalue(r, n, alternative))


def _student_t_pvalue(t: np.float64, dof: int, alternative: str, what: str) -> float:
    special = _scipy_special(what)
    if alternative == "two-sided":
        return float(2 * special.stdtr(dof, -np.abs(t)))
    if alternative == "less":
        return float(special.stdtr(dof, t))
    return float(special.stdtr(dof, -t))


def _spearman_pvalue(rho: float, n: int, alternative: str) -> float:
    """scipy's p-value of Spearman's rho: t = rho sqrt((n-2) / ((1+rho)(1-rho))) ~ Student t(n-2)."""
    if math.isnan(rho):
        return math.nan
    dof = n - 2
    rs = np.float64(rho)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = rs * np.sqrt(np.clip(dof / ((rs + 1.0) * (1.0 - rs)), 0, None))
    return _student_t_pvalue(t, dof, alternative, "spearmanr")


def rank_average(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties given their average rank (scipy.stats.rankdata's default)."""
    from fasteval.kernels import regression as kernels

    order = np.argsort(values)
    ranks = np.empty(values.shape[0], dtype=np.float64)
    kernels.average_ranks(values, order, ranks)
    return ranks


def spearman_from_values(
    x: np.ndarray, y: np.ndarray, alternative: str = "two-sided"
) -> CorrelationResult:
    """Spearman's rho of two finite 1-D arrays, with scipy.stats.spearmanr's conventions.

    Pearson's r of the average ranks. At most one pair gives NaN; a constant
    input NaN and a :class:`ConstantInputWarning`.
    """
    from fasteval.kernels import regression as kernels

    alternative = check_choice("alternative", alternative, ALTERNATIVES)
    n = x.shape[0]
    if n <= 1:
        return _nan_result()
    if kernels.all_equal(x) or kernels.all_equal(y):
        warnings.warn(ConstantInputWarning(_CONSTANT_MESSAGE), stacklevel=_user_stacklevel())
        return _nan_result()
    moments = CoMoments.from_batch(rank_average(x), rank_average(y))
    rho = _correlation(moments.cxy, moments.cxx, moments.cyy)
    return CorrelationResult(rho, lambda: _spearman_pvalue(rho, n, alternative))


def _tie_sums(counts: np.ndarray) -> tuple[int, int, int]:
    """Pairs tied, and scipy's two variance corrections, from the lengths of runs of ties."""
    return (
        int((counts * (counts - 1) // 2).sum()),
        int((counts * (counts - 1.0) * (counts - 2)).sum()),
        int((counts * (counts - 1.0) * (2 * counts + 5)).sum()),
    )


def _kendall_exact_pvalue(n: int, c: int, alternative: str) -> float:
    """Exact p-value of Kendall's tau without ties: ``c`` concordant pairs of ``n`` (Kendall 1970).

    The null distribution is that of the number of inversions of a random
    permutation (Mahonian numbers), counted with exact integers here; the
    tails and one-sided rules are scipy's.
    """
    tot = n * (n - 1) // 2
    in_right_tail = c >= tot - c
    c = min(c, tot - c)
    mass: float = 0.0
    if n == 1:
        prob, mass = 1.0, 1.0
    elif n == 2:
        prob, mass = 1.0, 0.5
    elif c == 0:
        prob = 2.0 / math.factorial(n) if n < 171 else 0.0
        mass = prob / 2
    elif c == 1:
        prob = 2.0 / math.factorial(n - 1) if n < 172 else 0.0
        mass = (n - 1) / math.factorial(n)
    elif 4 * c == n * (n - 1) and alternative == "two-sided":
        prob = 1.0
    elif n < 171:
        # counts[k]: permutations of j items with k inversions (k <= c), grown one item at a time
        counts = [1, 1] + [0] * (c - 1)
        for j in range(3, n + 1):
            running = 0
            grown = []
            for k in range(c + 1):
                running += counts[k]
                if k >= j:
                    running -= counts[k - j]
                grown.append(running)
            counts = grown
        total = math.factorial(n)
        prob = float(2 * sum(counts) / total)
        mass = counts[c] / total
    else:
        # the same recurrence on probabilities (n! overflows floats)
        probs = np.zeros(c + 1)
        probs[0:2] = 0.5
        for j in range(3, n + 1):
            grown = np.cumsum(probs)
            if j <= c:
                grown[j:] -= grown[: c + 1 - j]
            probs = grown / j
        prob = float(2 * probs.sum())
        mass = float(probs[-1])
    if alternative != "two-sided":
        if in_right_tail == (alternative == "greater"):
            prob /= 2
        else:
            prob = 1 - prob / 2 + mass
    return float(min(1.0, max(0.0, prob)))


def kendall_from_values(
    x: np.ndarray,
    y: np.ndarray,
    method: str = "auto",
    variant: str = "b",
    alternative: str = "two-sided",
) -> CorrelationResult:
    """Kendall's tau (tau-b or tau-c) of two finite 1-D arrays, as scipy.stats.kendalltau.

    Knight's O(n log n) algorithm: rows sorted by x (ties by y), then a merge
    sort of y counts the discordant pairs; ties are counted from the sorted
    runs. At most one pair gives NaN and a :class:`SmallSampleWarning`; an
    input whose values are all tied gives NaN.
    """
    from fasteval.kernels import regression as kernels

    method = check_choice("method", method, ("auto", "asymptotic", "exact"))
    variant = check_choice("variant", variant, ("b", "c"))
    alternative = check_choice("alternative", alternative, ALTERNATIVES)
    size = x.shape[0]
    if size <= 1:
        warnings.warn(
            SmallSampleWarning(
                "One or more sample arguments is too small; all returned values will be NaN."
                " See documentation for sample size requirements."
            ),
            stacklevel=_user_stacklevel(),
        )
        return _nan_result()
    order = np.argsort(x)
    kernels.sort_runs_by(order, x, y)
    xs = x[order]
    ys = y[order]  # rows sorted by x, ties by y
    runs = np.empty(size, dtype=np.int64)
    x_counts = runs[: kernels.tie_runs(xs, runs)].copy()
    ntie = int(kernels.joint_ties(xs, ys))
    dis = int(kernels.sort_counting_inversions(ys, np.empty_like(ys)))  # sorts ys
    y_counts = runs[: kernels.tie_runs(ys, runs)].copy()
    xtie, x0, x1 = _tie_sums(x_counts)
    ytie, y0, y1 = _tie_sums(y_counts)
    tot = (size * (size - 1)) // 2
    if xtie == tot or ytie == tot:
        return _nan_result()
    con_minus_dis = tot - xtie - ytie + ntie - 2 * dis
    if variant == "b":
        tau = con_minus_dis / np.sqrt(tot - xtie) / np.sqrt(tot - ytie)
    else:
        classes = min(
            int(kernels.count_distinct_sorted(xs)), int(kernels.count_distinct_sorted(ys))
        )
        tau = 2 * con_minus_dis / (size**2 * (classes - 1) / classes)
    tau = float(min(1.0, max(-1.0, tau)))
    if method == "exact" and (xtie != 0 or ytie != 0):
        raise ValueError("method='exact': ties found; the exact p-value needs data without ties")
    if method == "auto":
        no_ties = xtie == 0 and ytie == 0
        method = "exact" if no_ties and (size <= 33 or min(dis, tot - dis) <= 1) else "asymptotic"

    def pvalue() -> float:
        if method == "exact":
            return _kendall_exact_pvalue(size, tot - dis, alternative)
        special = _scipy_special("kendalltau")
        m = size * (size - 1.0)
        var = (m * (2 * size + 5) - x1 - y1) / 18 + (2 * xtie * ytie) / m
        if x0 * y0:
            var += x0 * y0 / (9 * m * (size - 2))
        z = np.float64(con_minus_dis) / np.sqrt(var)
        if alternative == "two-sided":
            return float(2 * special.ndtr(-np.abs(z)))
        return float(special.ndtr(z) if alternative == "less" else special.ndtr(-z))

    return CorrelationResult(tau, pvalue)


# -- scikit-learn style ------------------------------------------------------------------------


def _error_sums(
    term: str, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None
) -> ErrorSums:
    t, p, _ = paired_values(y_true, y_pred, names=SK_NAMES)
    return ErrorSums.from_batch(term, t, p, _weights_or_none(sample_weight, t.shape[0]), SK_NAMES)


def mean_squared_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    multioutput: str | ArrayLike = "uniform_average",
) -> float | np.ndarray:
    """Mean squared error, as ``sklearn.metrics.mean_squared_error``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground truth and estimated target values.
    sample_weight : array-like of shape (n_samples,), optional
        Row weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        Return each output's error, their mean, or their weighted mean.

    Returns
    -------
    float or ndarray
        The error (an array of one error per output with ``"raw_values"``).

    Examples
    --------
    >>> mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.375
    >>> mean_squared_error([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]],
    ...                    multioutput="raw_values")
    array([0.41666667, 1.        ])
    """
    sums = _error_sums("squared", y_true, y_pred, sample_weight)
    return mean_error_from_sums(sums, multioutput)


def root_mean_squared_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    multioutput: str | ArrayLike = "uniform_average",
) -> float | np.ndarray:
    """Root mean squared error, as ``sklearn.metrics.root_mean_squared_error``.

    The square root is taken per output, then outputs are averaged.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground truth and estimated target values.
    sample_weight : array-like of shape (n_samples,), optional
        Row weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        Return each output's error, their mean, or their weighted mean.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> root_mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.6123724356957945
    """
    sums = _error_sums("squared", y_true, y_pred, sample_weight)
    return mean_error_from_sums(sums, multioutput, root=True)


def mean_absolute_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    multioutput: str | ArrayLike = "uniform_average",
) -> float | np.ndarray:
    """Mean absolute error, as ``sklearn.metrics.mean_absolute_error``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground truth and estimated target values.
    sample_weight : array-like of shape (n_samples,), optional
        Row weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        Return each output's error, their mean, or their weighted mean.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    >>> mean_absolute_error([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]],
    ...                     multioutput=[0.3, 0.7])
    0.85
    """
    sums = _error_sums("absolute", y_true, y_pred, sample_weight)
    return mean_error_from_sums(sums, multioutput)


def mean_absolute_percentage_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    multioutput: str | ArrayLike = "uniform_average",
) -> float | np.ndarray:
    """Mean absolute percentage error, as ``sklearn.metrics.mean_absolute_percentage_error``.

    ``mean(|y_pred - y_true| / max(|y_true|, eps))`` with ``eps`` the float64
    machine epsilon: a relative error (0.5 is 50%), and a very large number,
    not infinity, where ``y_true`` is 0.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground truth and estimated target values.
    sample_weight : array-like of shape (n_samples,), optional
        Row weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        Return each output's error, their mean, or their weighted mean.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> mean_absolute_percentage_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.3273809523809524
    >>> mean_absolute_percentage_error([1.0, 0.0, 2.4, 7.0], [1.2, 0.1, 2.4, 8.0])
    112589990684262.48
    """
    sums = _error_sums("absolute_percentage", y_true, y_pred, sample_weight)
    return mean_error_from_sums(sums, multioutput)


def symmetric_mean_absolute_percentage_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    multioutput: str | ArrayLike = "uniform_average",
) -> float | np.ndarray:
    """Symmetric mean absolute percentage error, as evaluate's ``smape`` module defines it.

    ``mean(2 |y_pred - y_true| / (max(|y_true|, eps) + max(|y_pred|, eps)))``
    (Chen and Yang 2004), in [0, 2]; 0 when both values are 0.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground truth and estimated target values.
    sample_weight : array-like of shape (n_samples,), optional
        Row weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        Return each output's error, their mean, or their weighted mean.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> symmetric_mean_absolute_percentage_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5787878787878785
    """
    sums = _error_sums("symmetric_percentage", y_true, y_pred, sample_weight)
    return mean_error_from_sums(sums, multioutput)


def r2_score(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    multioutput: str | ArrayLike = "uniform_average",
    force_finite: bool = True,
) -> float | np.ndarray:
    """Coefficient of determination R^2, as ``sklearn.metrics.r2_score``.

    ``1 - sum(w (y_true - y_pred)**2) / sum(w (y_true - mean_w(y_true))**2)`` per output.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground truth and estimated target values.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative row weights (scikit-learn also accepts negative ones).
    multioutput : {"raw_values", "uniform_average", "variance_weighted"} or array-like
        How to average the outputs' scores.
    force_finite : bool, default=True
        Replace the NaN / -inf of a constant ``y_true`` by 1.0 (perfect
        predictions) or 0.0 (imperfect ones).

    Returns
    -------
    float or ndarray
        NaN (with an ``UndefinedMetricWarning``) for fewer than two samples.

    Examples
    --------
    >>> r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.9486081370449679
    >>> r2_score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]],
    ...          multioutput="variance_weighted")
    0.9382566585956417
    >>> r2_score([-2, -2, -2], [-2, -2, -2.01]), r2_score([-2, -2, -2], [-2, -2, -2.01], force_finite=False)
    (0.0, -inf)
    """
    t, p, _ = paired_values(y_true, y_pred, names=SK_NAMES)
    weights = _weights_or_none(sample_weight, t.shape[0])
    state = VarianceSums.from_batch(t, p, weights, SK_NAMES)
    return r2_from_sums(state, multioutput, force_finite)


def _one_column(
    x: ArrayLike, y: ArrayLike, names: tuple[str, str]
) -> tuple[np.ndarray, np.ndarray]:
    t, p, outputs = paired_values(x, y, names=names)
    if outputs != 1:
        raise ValueError(
            f"{names[0]}, {names[1]}: a correlation needs 1-D inputs (one column), got {outputs} columns"
        )
    return t, p


def pearsonr(x: ArrayLike, y: ArrayLike, *, alternative: str = "two-sided") -> CorrelationResult:
    """Pearson correlation coefficient and p-value, as ``scipy.stats.pearsonr`` (1-D inputs).

    Parameters
    ----------
    x, y : array-like of shape (n,)
        Finite values; at least two pairs.
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis of the p-value.

    Returns
    -------
    CorrelationResult
        ``statistic`` and ``pvalue`` (computed with scipy.special when read).

    Examples
    --------
    >>> res = pearsonr([1, 2, 3, 4, 5], [10, 9, 2.5, 6, 4])
    >>> round(res.statistic, 4), round(res.pvalue, 4)
    (-0.7426, 0.1506)
    """
    names = ("x", "y")
    t, p = _one_column(x, y, names)
    return pearson_from_moments(CoMoments.from_batch(t, p, names), alternative)


def spearmanr(a: ArrayLike, b: ArrayLike, *, alternative: str = "two-sided") -> CorrelationResult:
    """Spearman rank correlation and p-value, as ``scipy.stats.spearmanr(a, b)`` (1-D inputs).

    Parameters
    ----------
    a, b : array-like of shape (n,)
        Finite values.
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis of the p-value.

    Returns
    -------
    CorrelationResult

    Examples
    --------
    >>> res = spearmanr([1, 2, 3, 4, 5], [10, 9, 2.5, 6, 4])
    >>> res.statistic, round(res.pvalue, 4)
    (-0.7, 0.1881)
    """
    names = ("a", "b")
    t, p = _one_column(a, b, names)
    raise_non_finite((t, names[0]), (p, names[1]))
    return spearman_from_values(t, p, alternative)


def kendalltau(
    x: ArrayLike,
    y: ArrayLike,
    *,
    method: str = "auto",
    variant: str = "b",
    alternative: str = "two-sided",
) -> CorrelationResult:
    """Kendall's tau and p-value, as ``scipy.stats.kendalltau`` (1-D inputs).

    Parameters
    ----------
    x, y : array-like of shape (n,)
        Finite values.
    method : {"auto", "asymptotic", "exact"}
        p-value from the normal approximation or the exact distribution
        (no ties only); "auto" uses the exact one without ties for up to 33
        pairs.
    variant : {"b", "c"}
        tau-b (adjusted for ties) or Stuart's tau-c.
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis of the p-value.

    Returns
    -------
    CorrelationResult

    Examples
    --------
    >>> res = kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])
    >>> res.statistic, round(res.pvalue, 6)
    (-0.4714045207910316, 0.282745)
    """
    names = ("x", "y")
    t, p = _one_column(x, y, names)
    raise_non_finite((t, names[0]), (p, names[1]))
    return kendall_from_values(t, p, method=method, variant=variant, alternative=alternative)
