"""Bootstrap confidence intervals for any module or combination of modules.

``fasteval.bootstrap(module, predictions=..., references=...)`` returns, for
every score the module computes, the score, a confidence interval and the
bootstrap standard error, in the format of evaluate's evaluator
(``strategy="bootstrap"``): ``{key: {"confidence_interval": (low, high),
"standard_error": se, "score": value}}``. The intervals are those of
``scipy.stats.bootstrap`` (paired resampling of rows): ``method="percentile"``
(the default here), ``"basic"`` or ``"BCa"`` (scipy's default, which
evaluate's evaluator uses); ``standard_error`` is the standard deviation of
the bootstrap distribution with ``ddof=1``, as in scipy.

How the resamples are scored depends on the module:

* Classification modules on per-label counts (accuracy, precision, recall,
  f1, fbeta, jaccard, specificity, balanced_accuracy, matthews_correlation,
  cohen_kappa, hamming_loss, confusion_matrix): a row resample only changes
  how many rows fall in each (true label, predicted label) cell, so the cell
  counts are resampled directly: a multinomial draw of ``n`` rows over the
  observed cells with probabilities ``count / n`` has exactly the law of a
  row resample. With ``sample_weight`` the cells are (true, predicted,
  weight) groups (rows sorted by cell and weight, equal neighbours merged).
  When groups hold fewer than 8 rows on average (nearly every row has its
  own weight, or there are very many labels), a draw per group costs more
  than a draw per row: rows are then resampled one by one in a Numba kernel
  (about 5 ns per row drawn, so 9,999 resamples of 100,000 rows take a few
  seconds). All resamples are drawn in chunks and every score is derived
  for a whole chunk at once by vectorized versions of the scikit-learn
  formulas, equal to the module's own derive on each resample's counts
  (bitwise for unweighted counts, up to float summation order otherwise);
  options they do not cover (weighted kappa, kappa with ``labels``,
  confusion_matrix) derive each resample with the module's own code.
* :class:`~fasteval.Metric` subclasses whose states all merge by ``"sum"``:
  each row's contribution to the state is computed once, and a Numba kernel
  sums the contributions of the rows drawn for each resample.
* Anything else (text metrics, user modules, buffered states): the rows of
  each resample are drawn (Numba kernel, seeded) and the module is computed
  on them, once per resample. Correct for every module, but it costs
  ``n_resamples`` full computations.

``BCa`` needs jackknife (leave-one-out) scores: cheap for the counts path
(one per distinct (cell, weight) group, weighted by its size), cheap for
summed states, and ``n`` recomputations for the generic path (as in scipy).

The resamples come from ``numpy.random.default_rng(random_state)`` (the
multinomial draws, and the seeds of the kernels' SplitMix64 streams), so a
given ``random_state`` reproduces the result. They are not the same draws as
scipy's, so intervals agree with scipy's within Monte-Carlo error, not bit
for bit; given the same bootstrap distribution the interval arithmetic is
scipy's.
"""

from __future__ import annotations

import copy
import math
import statistics
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["DegenerateBootstrapWarning", "bootstrap"]

_METHODS = ("percentile", "basic", "bca")
# elements (resamples x groups or labels) per chunk of resamples
_CHUNK_ELEMENTS = 1 << 21
# dense vectorized kappa up to this many labels (memory: chunk x K x K)
_DENSE_KAPPA_LABELS = 256


class DegenerateBootstrapWarning(UserWarning):
    """A confidence interval could not be computed (NaN scores, or a degenerate BCa)."""


# ---------------------------------------------------------------------------------
# public entry point
# ---------------------------------------------------------------------------------


def bootstrap(
    evaluation: Any,
    *,
    predictions: Any = None,
    references: Any = None,
    confidence_level: float = 0.95,
    n_resamples: int = 9999,
    random_state: Any = None,
    method: str = "percentile",
    **kwargs: Any,
) -> dict[str, dict[str, Any]]:
    """Scores with bootstrap confidence intervals and standard errors.

    Parameters
    ----------
    evaluation : str, EvaluationModule, CombinedEvaluations, or list of names
        What to evaluate: a module name (loaded), a module, a combination, or
        a list/dict of modules (combined). It must hold no stored examples:
        the rows to resample are the ``predictions``/``references`` given here.
    predictions, references : array-like
        The rows.
    confidence_level : float
        Confidence level of the intervals, in (0, 1).
    n_resamples : int
        Number of bootstrap resamples.
    random_state : None, int, numpy.random.Generator or SeedSequence
        Seed of the resampling (``numpy.random.default_rng(random_state)``).
    method : {"percentile", "basic", "BCa"}
        Interval method, as in ``scipy.stats.bootstrap``.
    **kwargs
        Per-row inputs (``sample_weight=``, or a user metric's extra columns)
        and compute options (``average="macro"``...), routed as ``compute``
        routes them.

    Returns
    -------
    dict
        ``{key: {"confidence_interval": (low, high), "standard_error": se,
        "score": value}}`` for every key ``compute`` returns. Scores that are
        arrays (e.g. ``average=None``) get elementwise intervals (arrays).

    Examples
    --------
    >>> import fasteval as evaluate
    >>> predictions = [0, 1, 1, 0, 1, 1, 0, 1]
    >>> references = [0, 1, 0, 0, 1, 1, 1, 1]
    >>> evaluate.bootstrap("accuracy", predictions=predictions, references=references,
    ...                    random_state=0)
    {'accuracy': {'confidence_interval': (0.375, 1.0), 'standard_error': 0.1532298984808399, 'score': 0.75}}
    >>> res = evaluate.bootstrap("f1", predictions=predictions, references=references,
    ...                          random_state=0, method="BCa")
    >>> res["f1"]["confidence_interval"]
    (0.3333333333333333, 1.0)
    >>> clf = evaluate.combine(["accuracy", "f1"])
    >>> sorted(evaluate.bootstrap(clf, predictions=[0, 1, 1, 0], references=[0, 1, 0, 0],
    ...                           n_resamples=99, random_state=1))
    ['accuracy', 'f1']
    """
    method_key = _check_settings(confidence_level, n_resamples, method)
    target, per_module = _distributions(
        evaluation, predictions, references, n_resamples, random_state, method_key == "bca", kwargs
    )
    alpha = (1 - confidence_level) / 2
    out_per_module = [
        {key: est.summary(alpha, method_key, key) for key, est in estimates.items()}
        for estimates in per_module
    ]
    if target is None:
        return out_per_module[0]
    return target._merge_results(out_per_module)


def _distributions(
    evaluation: Any,
    predictions: Any,
    references: Any,
    n_resamples: int,
    random_state: Any,
    need_jackknife: bool,
    kwargs: dict[str, Any],
) -> tuple[Any, list[dict[str, _Estimate]]]:
    """(combination or None, per module: key -> score, bootstrap and jackknife values)."""
    target, modules = _resolve(evaluation)
    if predictions is None or references is None:
        raise ValueError("bootstrap(): pass the rows to resample as predictions= and references=")
    rows, options = _route(target, modules, kwargs)
    if isinstance(random_state, np.random.RandomState):
        random_state = int(random_state.randint(0, 2**32 - 1, dtype=np.int64))
    rng = np.random.default_rng(random_state)
    per_module: list[dict[str, _Estimate]] = [{} for _ in modules]
    for plan in _plan(modules, options, rows, predictions, references):
        child = np.random.default_rng(rng.integers(0, 2**63 - 1))
        for i, estimates in plan.run(child, n_resamples, need_jackknife):
            per_module[i] = estimates
    return target, per_module


# ---------------------------------------------------------------------------------
# settings, targets, routing
# ---------------------------------------------------------------------------------


def _check_settings(confidence_level: Any, n_resamples: Any, method: Any) -> str:
    if not isinstance(confidence_level, (int, float)) or not 0 < confidence_level < 1:
        raise ValueError(
            f"bootstrap(): confidence_level must be a number in (0, 1); got {confidence_level!r}"
        )
    if (
        isinstance(n_resamples, bool)
        or not isinstance(n_resamples, (int, np.integer))
        or n_resamples < 1
    ):
        raise ValueError(f"bootstrap(): n_resamples must be an integer >= 1; got {n_resamples!r}")
    if not isinstance(method, str) or method.lower() not in _METHODS:
        raise ValueError(
            f"bootstrap(): method must be one of 'percentile', 'basic', 'BCa'; got {method!r}"
        )
    return method.lower()


def _resolve(evaluation: Any) -> tuple[Any, list[Any]]:
    """(combination or None, standalone local copies of its modules)."""
    from fasteval.combine import CombinedEvaluations, combine
    from fasteval.module import EvaluationModule
    from fasteval.registry import load

    if isinstance(evaluation, str):
        evaluation = load(evaluation)
    elif isinstance(evaluation, (list, tuple, dict)):
        evaluation = combine(evaluation)
    if isinstance(evaluation, EvaluationModule):
        target, modules = None, [evaluation]
    elif isinstance(evaluation, CombinedEvaluations):
        target, modules = evaluation, list(evaluation.evaluation_modules)
    else:
        raise TypeError(
            "bootstrap(): expected a module name, an EvaluationModule, a CombinedEvaluations"
            f" or a list of modules; got {type(evaluation).__name__}"
        )
    for module in modules:
        if module._acc.stored:
            raise ValueError(
                f"bootstrap(): module {module.name!r} holds {module._acc.stored} stored examples;"
                " the bootstrap resamples the rows passed as predictions/references: pass all"
                " of them there (or call reset() first)"
            )
    return target, [_local_copy(m) for m in modules]


def _local_copy(module: Any) -> Any:
    """An independent copy of an empty module that never gathers other processes' states."""
    clone = copy.deepcopy(module)
    clone._local_only = True
    return clone


def _route(
    target: Any, modules: list[Any], kwargs: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per module: the per-row inputs and the full compute options."""
    if target is None:
        rows, options = modules[0]._split_compute_kwargs(dict(kwargs))
        rows = {k: v for k, v in rows.items() if v is not None}
        return [rows], [options]
    rows, options = target._route(kwargs, "bootstrap()")
    per_rows = [
        {k: v for k, v in rows.items() if k in m.row_inputs and v is not None} for m in modules
    ]
    return per_rows, options


# ---------------------------------------------------------------------------------
# estimates and intervals
# ---------------------------------------------------------------------------------


@dataclass
class _Estimate:
    """One score: its value, bootstrap distribution, and jackknife values (BCa)."""

    score: Any
    theta: np.ndarray  # (R, *shape)
    jack: np.ndarray | None = None  # (J, *shape)
    jack_weights: np.ndarray | None = None  # (J,) multiplicities of the jackknife values

    def summary(self, alpha: float, method: str, key: str) -> dict[str, Any]:
        theta = self.theta
        hat = np.asarray(self.score, dtype=np.float64)
        shape = theta.shape[1:]
        flat = theta.reshape(theta.shape[0], -1)
        hat_flat = hat.reshape(-1)
        lows, highs = np.empty(flat.shape[1]), np.empty(flat.shape[1])
        for j in range(flat.shape[1]):
            col = flat[:, j]
            if method == "bca":
                jack = self.jack.reshape(self.jack.shape[0], -1)[:, j]
                probs = _bca_probabilities(col, hat_flat[j], jack, self.jack_weights, alpha)
            else:
                probs = (alpha, 1 - alpha)
            if np.isnan(col).any() or np.isnan(probs).any():
                warnings.warn(
                    f"bootstrap: the confidence interval of {key!r} cannot be calculated"
                    " (some resamples score NaN, or the BCa correction is undefined for a"
                    " degenerate distribution); it is set to NaN",
                    DegenerateBootstrapWarning,
                    stacklevel=4,
                )
                lows[j] = highs[j] = np.nan
                continue
            lows[j], highs[j] = np.quantile(col, probs, method="linear")
            if method == "basic":
                lows[j], highs[j] = 2 * hat_flat[j] - highs[j], 2 * hat_flat[j] - lows[j]
        if flat.shape[0] > 1:
            se = np.std(flat, axis=0, ddof=1)
        else:
            se = np.full(flat.shape[1], np.nan)
        if shape == ():
            interval: tuple[Any, Any] = (float(lows[0]), float(highs[0]))
            error: Any = float(se[0])
        else:
            interval = (lows.reshape(shape), highs.reshape(shape))
            error = se.reshape(shape)
        return {"confidence_interval": interval, "standard_error": error, "score": self.score}


def _ndtri(p: float) -> float:
    if p <= 0:
        return -math.inf
    if p >= 1:
        return math.inf
    if p != p:
        return math.nan
    return statistics.NormalDist().inv_cdf(p)


def _ndtr(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _bca_probabilities(
    theta: np.ndarray, hat: float, jack: np.ndarray, weights: np.ndarray, alpha: float
) -> tuple[float, float]:
    """scipy's BCa quantile levels (Efron & Tibshirani 14.3, 15.4), jackknife values weighted."""
    b = theta.shape[0]
    below = np.count_nonzero(theta < hat) + np.count_nonzero(theta <= hat)
    z0 = _ndtri(below / (2 * b))
    n = float(weights.sum())
    with np.errstate(all="ignore"):
        dot = float(np.sum(weights * jack)) / n
        u = (n - 1) * (dot - jack)
        num = float(np.sum(weights * u**3)) / n**3
        den = float(np.sum(weights * u**2)) / n**2
        a_hat = num / den**1.5 / 6 if den > 0 else math.nan
    z_alpha = _ndtri(alpha)
    out = []
    for z in (z_alpha, -z_alpha):
        shifted = z0 + z
        out.append(_ndtr(z0 + shifted / (1 - a_hat * shifted)))
    return out[0], out[1]


def _stack(key: str, values: list[Any]) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"bootstrap(): {key!r} is not a number or a fixed-shape array of numbers in every"
            " resample; it cannot get a confidence interval"
        ) from None
    return arr


def _as_result(module: Any, result: Any) -> dict[str, Any]:
    """compute()'s result as a dict (some modules return a bare float, as evaluate's wer)."""
    return result if isinstance(result, dict) else {module.name: result}


# ---------------------------------------------------------------------------------
# plans: which rows each module resamples and how its resamples are scored
# ---------------------------------------------------------------------------------


class _Plan:
    """Resampling of one set of rows for one or several modules."""

    def run(
        self, rng: np.random.Generator, n_resamples: int, need_jackknife: bool
    ) -> Iterator[tuple[int, dict[str, _Estimate]]]:
        raise NotImplementedError


def _plan(
    modules: list[Any],
    options: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    predictions: Any,
    references: Any,
) -> list[_Plan]:
    from fasteval.module import Metric

    plans: list[_Plan] = []
    counts_groups: dict[tuple[Any, ...], list[int]] = {}
    for i, module in enumerate(modules):
        if _counts_capable(module):
            key = (tuple(sorted(rows[i])), options[i].get("threshold"))
            counts_groups.setdefault(key, []).append(i)
    for members in counts_groups.values():
        plans.append(
            _CountsPlan(
                members,
                [modules[i] for i in members],
                [options[i] for i in members],
                predictions,
                references,
                rows[members[0]],
            )
        )
    grouped = {i for members in counts_groups.values() for i in members}
    for i, module in enumerate(modules):
        if i in grouped:
            continue
        data = {"predictions": predictions, "references": references, **rows[i]}
        if isinstance(module, Metric) and module.states and _sum_only(module):
            plans.append(_SumPlan(i, module, options[i], data))
        else:
            plans.append(_RecomputePlan(i, module, options[i], data))
    return plans


def _counts_capable(module: Any) -> bool:
    from fasteval._state import LabelCounts
    from fasteval.module import ClassificationModule

    return (
        isinstance(module, ClassificationModule)
        and type(module)._validate is ClassificationModule._validate
        and isinstance(module._acc.state, LabelCounts)
    )


def _sum_only(module: Any) -> bool:
    return all(spec.merge == "sum" for spec in module.states.values())


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(0, 2**32 - 1))


def _chunks(total: int, per_item: int) -> Iterator[int]:
    size = max(1, min(total, _CHUNK_ELEMENTS // max(per_item, 1)))
    done = 0
    while done < total:
        step = min(size, total - done)
        yield step
        done += step


# -- generic: recompute the module on every resample ---------------------------------


def _row_taker(value: Any) -> tuple[int, Callable[[np.ndarray], Any]]:
    """(number of rows, function taking rows by index) for one input column."""
    module = type(value).__module__.split(".", 1)[0]
    if module == "torch":
        value = value.detach().cpu().numpy()
    elif module in ("pandas", "polars"):
        value = value.to_numpy()
    if module == "pyarrow":
        import pyarrow as pa

        return len(value), lambda idx: value.take(pa.array(idx))
    if isinstance(value, np.ndarray):
        return value.shape[0], lambda idx: value[idx]
    if isinstance(value, (list, tuple)):
        seq = np.empty(len(value), dtype=object)
        for i, item in enumerate(value):
            seq[i] = item
        return len(value), lambda idx: seq[idx].tolist()
    arr = np.asarray(value)
    if arr.ndim == 0:
        raise TypeError(f"bootstrap(): cannot resample rows of a {type(value).__name__}")
    return arr.shape[0], lambda idx: arr[idx]


class _RecomputePlan(_Plan):
    """Draw the rows of each resample and compute the module on them."""

    def __init__(self, index: int, module: Any, options: dict[str, Any], data: dict[str, Any]):
        self.index, self.module, self.options = index, module, options
        takers = {name: _row_taker(value) for name, value in data.items()}
        lengths = {name: n for name, (n, _) in takers.items()}
        if len(set(lengths.values())) != 1:
            raise ValueError(f"bootstrap(): inputs must have the same length, got {lengths}")
        self.n = next(iter(lengths.values()))
        self.takers = {name: take for name, (_, take) in takers.items()}
        self.data = data

    def _compute(self, data: dict[str, Any]) -> dict[str, Any]:
        return _as_result(self.module, self.module.compute(**data, **self.options))

    def _on(self, idx: np.ndarray) -> dict[str, Any]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._compute({name: take(idx) for name, take in self.takers.items()})

    def run(self, rng, n_resamples, need_jackknife):
        from fasteval.kernels.bootstrap import draw_indices

        score = self._compute(self.data)
        collected: dict[str, list[Any]] = {key: [] for key in score}
        for size in _chunks(n_resamples, self.n):
            idx = np.empty((size, self.n), dtype=np.int64)
            draw_indices(self.n, _seed(rng), idx)
            for r in range(size):
                result = self._on(idx[r])
                for key in score:
                    collected[key].append(result[key])
        jack: dict[str, list[Any]] = {key: [] for key in score}
        if need_jackknife:
            everything = np.arange(self.n)
            for i in range(self.n):
                result = self._on(np.delete(everything, i))
                for key in score:
                    jack[key].append(result[key])
        yield self.index, _estimates(score, collected, jack, None)


def _estimates(
    score: dict[str, Any],
    collected: dict[str, list[Any]],
    jack: dict[str, list[Any]],
    jack_weights: np.ndarray | None,
) -> dict[str, _Estimate]:
    out = {}
    for key, value in score.items():
        theta = _stack(key, collected[key])
        jk = _stack(key, jack[key]) if jack[key] else None
        weights = jack_weights
        if jk is not None and weights is None:
            weights = np.ones(jk.shape[0])
        out[key] = _Estimate(value, theta, jk, weights)
    return out


# -- user metrics with summed states: per-row contributions -------------------------


class _SumPlan(_RecomputePlan):
    """A :class:`Metric` whose states all add up: sum per-row contributions per resample."""

    def run(self, rng, n_resamples, need_jackknife):
        from fasteval.kernels.bootstrap import resample_row_sums

        module = self.module
        score = self._compute(self.data)
        validated, n = module._validate(self.data)
        specs = module.states
        shapes = {name: np.shape(spec.default) for name, spec in specs.items()}
        dtypes = {name: np.asarray(spec.default).dtype for name, spec in specs.items()}
        sizes = {name: int(np.prod(shape)) for name, shape in shapes.items()}
        width = sum(sizes.values())
        contrib = np.zeros((n, width), dtype=np.float64)
        for i in range(n):
            state = {name: np.copy(spec.default) for name, spec in specs.items()}
            module.update(state, **{k: v[i : i + 1] for k, v in validated.items()})
            contrib[i] = np.concatenate([np.ravel(state[name]) for name in specs])

        def derive(sums: np.ndarray) -> dict[str, Any]:
            state, start = {}, 0
            for name in specs:
                part = sums[start : start + sizes[name]].reshape(shapes[name])
                if dtypes[name].kind in "iub":
                    part = np.rint(part)
                state[name] = part.astype(dtypes[name])
                start += sizes[name]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return _as_result(module, module.derive(state, **self.options))

        collected: dict[str, list[Any]] = {key: [] for key in score}
        for size in _chunks(n_resamples, width):
            sums = np.zeros((size, width), dtype=np.float64)
            resample_row_sums(contrib, _seed(rng), sums)
            for r in range(size):
                result = derive(sums[r])
                for key in score:
                    collected[key].append(result[key])
        jack: dict[str, list[Any]] = {key: [] for key in score}
        if need_jackknife:
            total = contrib.sum(axis=0)
            for i in range(n):
                result = derive(total - contrib[i])
                for key in score:
                    jack[key].append(result[key])
        yield self.index, _estimates(score, collected, jack, None)


# -- classification modules: resample the (true, pred, weight) cell counts -----------


@dataclass
class _Counts:
    """Per-label counts of a batch of resamples, labels in sorted order (full data's)."""

    tp: np.ndarray  # (R, K), int64 unweighted, float64 weighted
    pred: np.ndarray
    true: np.ndarray
    occ: np.ndarray  # (R, K) int64: rows whose true or predicted label is k (correct rows twice)
    total: np.ndarray  # (R,)
    correct: np.ndarray  # (R,)
    weighted: bool
    groups: np.ndarray | None = None  # (R, G) rows per group, when drawn by group
    cell_sums: np.ndarray | None = None  # (R, C) weight per cell, when drawn row by row
    cells: tuple[np.ndarray, np.ndarray] | None = None  # (true, pred) label of each cell

    @property
    def size(self) -> int:
        return self.tp.shape[0]

    def invalid(self) -> np.ndarray:
        """Resamples scikit-learn refuses: no rows (a jackknife of one row), or weighted
        with every weight drawn 0."""
        empty = ~self.occ.any(axis=1)
        if not self.weighted:
            return empty
        return empty | (self.total == 0) & ~self.pred.any(axis=1) & ~self.true.any(axis=1)


class _LabelRows:
    """The rows of a label comparison, as (true, pred, weight) groups in sorted-label codes."""

    def __init__(self, predictions: Any, references: Any, sample_weight: Any) -> None:
        from fasteval._state import LabelCounts
        from fasteval.module import validate_label_batch

        batch = {"predictions": predictions, "references": references}
        if sample_weight is not None:
            batch["sample_weight"] = sample_weight
        validated, n = validate_label_batch(batch, None)
        state = LabelCounts()
        t, p = state.update(**validated)
        self.view = state.view()
        present = state._present_codes()
        if not state.vocab.identity:
            order = np.argsort(state.vocab.values(present), kind="stable")
            present = present[order]
        k = self.view.n_labels
        position = np.full(max(state.vocab.size, int(present.max()) + 1), -1, dtype=np.int64)
        position[present] = np.arange(k)
        self.t = position[np.asarray(t, dtype=np.int64)]
        self.p = position[np.asarray(p, dtype=np.int64)]
        self.n, self.k = n, k
        self.weights = validated["weights"]
        self.weighted = self.weights is not None
        cell = self.t * k + self.p
        if not self.weighted:
            if k * k <= (1 << 22):
                counts = np.bincount(cell, minlength=k * k)
                cells = np.flatnonzero(counts)
                sizes = counts[cells]
            else:
                cells, sizes = np.unique(cell, return_counts=True)
            values = np.ones(cells.shape[0], dtype=np.int64)
        else:
            order = np.lexsort((self.weights, cell))
            cs, ws = cell[order], self.weights[order]
            starts = np.flatnonzero(np.r_[True, (cs[1:] != cs[:-1]) | (ws[1:] != ws[:-1])])
            sizes = np.diff(np.r_[starts, n])
            cells, values = cs[starts], ws[starts]
        self.gt, self.gp = cells // k, cells % k
        self.gw, self.gn = values, sizes.astype(np.int64)
        self.full = self._from_groups(self.gn[None, :])

    @property
    def n_groups(self) -> int:
        return self.gn.shape[0]

    def _empty(self, size: int) -> _Counts:
        dtype = np.float64 if self.weighted else np.int64
        k = self.k
        return _Counts(
            np.zeros((size, k), dtype),
            np.zeros((size, k), dtype),
            np.zeros((size, k), dtype),
            np.zeros((size, k), np.int64),
            np.zeros(size, dtype),
            np.zeros(size, dtype),
            self.weighted,
        )

    def _from_groups(self, m: np.ndarray) -> _Counts:
        from fasteval.kernels.bootstrap import group_label_counts

        c = self._empty(m.shape[0])
        m = np.ascontiguousarray(m, dtype=np.int64)
        group_label_counts(
            m, self.gt, self.gp, self.gw, c.tp, c.pred, c.true, c.occ, c.total, c.correct
        )
        c.groups = m
        return c

    def by_rows(self) -> bool:
        """Resample rows one by one: when groups hold few rows each (distinct weights,
        or many labels), a multinomial draw per group costs more than a draw per row."""
        return self.n_groups * 8 > self.n

    def resamples(self, rng: np.random.Generator, n_resamples: int, by_rows: bool):
        if by_rows:
            from fasteval.kernels.bootstrap import cell_label_counts, resample_cells

            cells, cell_of_row = np.unique(self.t * self.k + self.p, return_inverse=True)
            ct, cp = cells // self.k, cells % self.k
            cell_of_row = cell_of_row.astype(np.int64).reshape(-1)
            weights = self.weights if self.weighted else np.ones(self.n)
            for size in _chunks(n_resamples, 2 * cells.shape[0] + self.k * 4):
                counts = np.zeros((size, cells.shape[0]), dtype=np.int64)
                sums = np.zeros((size, cells.shape[0]), dtype=np.float64)
                resample_cells(cell_of_row, weights, _seed(rng), counts, sums)
                if not self.weighted:
                    sums = counts  # exact integers
                c = self._empty(size)
                cell_label_counts(
                    counts, sums, ct, cp, c.tp, c.pred, c.true, c.occ, c.total, c.correct
                )
                c.cell_sums, c.cells = sums, (ct, cp)
                yield c
            return
        pvals = self.gn / self.n
        for size in _chunks(n_resamples, self.n_groups + self.k * 4):
            yield self._from_groups(rng.multinomial(self.n, pvals, size=size))

    def jackknife(self, keep_groups: bool) -> Iterator[tuple[_Counts, np.ndarray]]:
        """Leave-one-out counts, one per group, with the group's size as multiplicity."""
        per_item = self.k * 4 + (self.n_groups if keep_groups else 0)
        start = 0
        for size in _chunks(self.n_groups, per_item):
            gs = np.arange(start, start + size)
            start += size
            yield self._leave_one_out(self.full, gs, keep_groups), self.gn[gs]

    def _leave_one_out(self, full: _Counts, gs: np.ndarray, keep_groups: bool) -> _Counts:
        r = np.arange(gs.shape[0])
        gt, gp, gw = self.gt[gs], self.gp[gs], self.gw[gs]
        c = _Counts(
            *(np.repeat(a, gs.shape[0], axis=0) for a in (full.tp, full.pred, full.true, full.occ)),
            np.repeat(full.total, gs.shape[0]),
            np.repeat(full.correct, gs.shape[0]),
            self.weighted,
        )
        c.pred[r, gp] -= gw
        c.true[r, gt] -= gw
        c.occ[r, gt] -= 1
        c.occ[r, gp] -= 1
        c.total -= gw
        diag = gt == gp
        c.tp[r[diag], gt[diag]] -= gw[diag]
        c.correct[diag] -= gw[diag]
        if keep_groups:
            c.groups = np.repeat(self.gn[None, :], gs.shape[0], axis=0)
            c.groups[r, gs] -= 1
        return c

    def view_of(self, c: _Counts, r: int, matrix: bool) -> Any:
        """The :class:`CountsView` of resample ``r`` (what the module's own derive takes)."""
        from fasteval._counts import CountsView

        present = np.flatnonzero(c.occ[r] > 0)
        tp, pred, true = c.tp[r, present], c.pred[r, present], c.true[r, present]
        if self.weighted:
            total, correct = float(c.total[r]), float(c.correct[r])
        else:
            total, correct = int(c.total[r]), int(tp.sum())
        kept = None
        if matrix:
            full = np.zeros((self.k, self.k), dtype=np.float64 if self.weighted else np.int64)
            if c.groups is not None:
                np.add.at(full, (self.gt, self.gp), c.groups[r] * self.gw)
            else:
                np.add.at(full, c.cells, c.cell_sums[r])
            kept = full[np.ix_(present, present)]
        return CountsView(
            self.view.labels[present], tp, pred, true, total, correct, self.weighted, kept
        )


class _ViewState:
    """What a classification module's ``_derive`` reads from a state: a view."""

    def __init__(self, view: Any) -> None:
        self._view = view
        self.keep_matrix = view.matrix is not None

    def view(self) -> Any:
        return self._view


class _CountsPlan(_Plan):
    """Classification modules sharing one set of label rows (and the same resamples)."""

    def __init__(self, indices, modules, options, predictions, references, rows) -> None:
        from fasteval.module import thresholded

        self.indices, self.modules = indices, modules
        threshold = options[0].get("threshold")  # the same for every member (see _plan)
        if threshold is not None:  # scores -> labels once; the resamples draw labels
            predictions = thresholded(predictions, threshold, multilabel=False)
        self.rows = _LabelRows(predictions, references, rows.get("sample_weight"))
        self.options = []
        self.scores = []
        for module, opts in zip(modules, options):
            data = {"predictions": predictions, "references": references, **rows}
            opts = {k: v for k, v in opts.items() if k != "threshold"}
            score = _as_result(module, module.compute(**data, **opts, threshold=None))
            if (
                "labels" in module.options
                and opts.get("labels") is None
                and any(np.ndim(v) > 0 for v in score.values())
            ):
                # per-label outputs keep the full data's labels in every resample
                opts["labels"] = self.rows.view.labels
            self.options.append(opts)
            self.scores.append(score)
        self.derives = [
            _vector_derive(m, o, self.rows, s)
            for m, o, s in zip(self.modules, self.options, self.scores)
        ]

    def _needs_matrix(self, module: Any, options: dict[str, Any]) -> bool:
        return "confusion_matrix" in module.state_needs(options)

    def _score(self, i: int, c: _Counts) -> dict[str, np.ndarray]:
        derive = self.derives[i]
        if derive is not None:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = derive(c)
        else:
            out = self._score_each(i, c)
        bad = c.invalid()
        if bad.any():
            out = {key: np.where(_expand(bad, v), np.nan, v) for key, v in out.items()}
        return out

    def _score_each(self, i: int, c: _Counts) -> dict[str, np.ndarray]:
        """The module's own derive on each resample's counts (any option, any module)."""
        module, options = self.modules[i], self.options[i]
        matrix = self._needs_matrix(module, options)
        invalid = c.invalid()
        collected: dict[str, list[Any]] = {key: [] for key in self.scores[i]}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for r in range(c.size):
                if invalid[r]:
                    result = {k: np.full(np.shape(v), np.nan) for k, v in self.scores[i].items()}
                else:
                    view = self.rows.view_of(c, r, matrix)
                    result = module._derive(_ViewState(view), **options)
                for key in collected:
                    collected[key].append(result[key])
        return {key: _stack(key, values) for key, values in collected.items()}

    def run(self, rng, n_resamples, need_jackknife):
        per_resample_matrix = any(
            d is None and self._needs_matrix(m, o)
            for d, m, o in zip(self.derives, self.modules, self.options)
        )
        by_rows = self.rows.by_rows()
        parts: list[list[dict[str, np.ndarray]]] = [[] for _ in self.modules]
        for c in self.rows.resamples(rng, n_resamples, by_rows):
            for i in range(len(self.modules)):
                parts[i].append(self._score(i, c))
        jack_parts: list[list[dict[str, np.ndarray]]] = [[] for _ in self.modules]
        jack_weights: list[np.ndarray] = []
        if need_jackknife:
            for c, weights in self.rows.jackknife(per_resample_matrix):
                jack_weights.append(weights)
                for i in range(len(self.modules)):
                    jack_parts[i].append(self._score(i, c))
        weights = np.concatenate(jack_weights).astype(np.float64) if jack_weights else None
        for i, index in enumerate(self.indices):
            estimates = {}
            for key, value in self.scores[i].items():
                theta = np.concatenate([p[key] for p in parts[i]], axis=0)
                jack = (
                    np.concatenate([p[key] for p in jack_parts[i]], axis=0)
                    if need_jackknife
                    else None
                )
                estimates[key] = _Estimate(value, theta, jack, weights)
            yield index, estimates


def _expand(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    return mask.reshape(mask.shape + (1,) * (values.ndim - 1))


# ---------------------------------------------------------------------------------
# vectorized derives: scikit-learn's formulas over a batch of resampled counts
# ---------------------------------------------------------------------------------
#
# Each function mirrors the matching scalar derive in fasteval.functional._derive,
# operation for operation, on (R, K) arrays: label k of resample r is present when
# occ[r, k] > 0. Integer counts give exactly the scalar results. With float
# (weighted) counts, and when a resample lacks some labels (K >= 8), sums over
# labels may group terms differently from the scalar derive: equal up to rounding.


def _vector_derive(
    module: Any, options: dict[str, Any], rows: _LabelRows, score: dict[str, Any]
) -> Callable[[_Counts], dict[str, np.ndarray]] | None:
    """A vectorized derive for ``module`` with ``options``, or None (use the module's own)."""
    from fasteval.metrics.accuracy import Accuracy
    from fasteval.metrics.balanced_accuracy import BalancedAccuracy
    from fasteval.metrics.cohen_kappa import CohenKappa
    from fasteval.metrics.f1 import F1
    from fasteval.metrics.fbeta import FBeta
    from fasteval.metrics.hamming_loss import HammingLoss
    from fasteval.metrics.jaccard import Jaccard
    from fasteval.metrics.matthews_correlation import MatthewsCorrelation
    from fasteval.metrics.precision import Precision
    from fasteval.metrics.recall import Recall
    from fasteval.metrics.specificity import Specificity

    if len(score) != 1:
        return None
    key = next(iter(score))
    view = rows.view
    kind = type(module)
    opts = dict(options)
    fn: Callable[[_Counts], np.ndarray] | None = None
    if kind is Accuracy:
        fn = lambda c: _v_accuracy(c, **opts)  # noqa: E731
    elif kind is HammingLoss:
        fn = _v_hamming
    elif kind is MatthewsCorrelation:
        fn = _v_matthews
    elif kind is BalancedAccuracy:
        fn = lambda c: _v_balanced_accuracy(c, **opts)  # noqa: E731
    elif kind is CohenKappa:
        if opts.get("weights") is None and opts.get("labels") is None:
            fn = lambda c: _v_kappa(c, opts.get("replace_undefined_by", math.nan))  # noqa: E731
    elif kind in (Precision, Recall, F1, FBeta):
        beta = opts.pop("beta", 1.0)
        selection = _selection(view, opts)
        zdv = _zero_value(opts.get("zero_division", "warn"))
        fn = lambda c: _v_prf(c, selection, module.output, beta, opts["average"], zdv)  # noqa: E731
    elif kind is Jaccard:
        selection = _selection(view, opts)
        zdv = _zero_value(opts.get("zero_division", "warn"))
        fn = lambda c: _v_jaccard(c, selection, opts["average"], zdv)  # noqa: E731
    elif kind is Specificity:
        selection = _selection(view, opts)
        zdv = _zero_value(opts.get("zero_division", "warn"))
        fn = lambda c: _v_specificity(c, selection, opts["average"], zdv)  # noqa: E731
    if fn is None:
        return None
    # self-check on the full data: the vectorized derive must give the module's score
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine = np.asarray(fn(rows.full), dtype=np.float64)[0]
    if not np.allclose(mine, np.asarray(score[key], dtype=np.float64), rtol=1e-12, equal_nan=True):
        return None
    return lambda c: {key: fn(c)}


def _zero_value(zero_division: Any) -> float:
    from fasteval.functional._derive import _zero_division_value

    return float(_zero_division_value(zero_division))


def _selection(view: Any, options: dict[str, Any]) -> np.ndarray | None:
    """Label indices scored in every resample (absent: index K), or None: the labels present."""
    from fasteval.functional._derive import _SETWISE_AVERAGES, _setwise_indices

    average = options.get("average", "binary")
    labels = options.get("labels")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        idx = _setwise_indices(
            view, average, labels, options.get("pos_label", 1), _SETWISE_AVERAGES
        )
    if average == "binary" or labels is not None:
        return idx
    return None


def _pick(c: _Counts, selection: np.ndarray | None):
    """tp, pred, true of the selected labels, and the mask of labels taking part."""
    if selection is None:
        return c.tp, c.pred, c.true, c.occ > 0
    pad = np.zeros((c.size, 1), dtype=c.tp.dtype)
    arrays = [np.concatenate([a, pad], axis=1)[:, selection] for a in (c.tp, c.pred, c.true)]
    return (*arrays, np.ones(arrays[0].shape, dtype=bool))


def _divide(num: np.ndarray, den: np.ndarray, zdv: float) -> np.ndarray:
    mask = den == 0
    den = np.array(den, dtype=np.float64)
    den[mask] = 1
    out = np.asarray(num, dtype=np.float64) / den
    out[mask] = zdv
    return out


def _msum(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.where(mask, values, 0).sum(axis=1)


def _nanaverage(values: np.ndarray, mask: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """sklearn's ``_nanaverage`` per row over the labels in ``mask``."""
    ok = mask & ~np.isnan(values)
    count = ok.sum(axis=1)
    mean = _msum(values, ok) / count
    if weights is None:
        out = mean
    else:
        w = np.where(ok, weights, 0).astype(np.float64)
        scale = w.sum(axis=1)
        weighted = np.where(ok, values * w, 0).sum(axis=1) / np.where(scale == 0, 1, scale)
        out = np.where(scale == 0, mean, weighted)
    return np.where(count == 0, np.nan, out)


def _micro(arrays, mask):
    return [_msum(a, mask)[:, None] for a in arrays]


def _v_prf(c, selection, output, beta, average, zdv):
    tp_sum, pred, true, mask = _pick(c, selection)
    fp = pred - tp_sum
    fn = true - tp_sum
    pred_sum = tp_sum + fp
    true_sum = tp_sum + fn
    if average == "micro":
        tp_sum, pred_sum, true_sum = _micro((tp_sum, pred_sum, true_sum), mask)
        mask = np.ones(tp_sum.shape, dtype=bool)
    beta2 = beta**2
    if output == 0 or (output == 2 and beta == 0):
        values = _divide(tp_sum, pred_sum, zdv)
    elif output == 1 or (output == 2 and np.isposinf(beta)):
        values = _divide(tp_sum, true_sum, zdv)
    else:
        denom = beta2 * true_sum.astype(np.float64) + pred_sum.astype(np.float64)
        numer = (1 + beta2) * tp_sum.astype(np.float64)
        values = _divide(numer, denom, zdv)
    if average is None:
        return values
    return _nanaverage(values, mask, true_sum if average == "weighted" else None)


def _v_jaccard(c, selection, average, zdv):
    tp, pred, true, mask = _pick(c, selection)
    fp = pred - tp
    fn = true - tp
    numerator, denominator = tp, tp + fp + fn
    if average == "micro":
        numerator, denominator = _micro((numerator, denominator), mask)
        mask = np.ones(numerator.shape, dtype=bool)
    values = _divide(numerator, denominator, zdv)
    if average is None:
        return values
    count = mask.sum(axis=1)
    mean = _msum(values, mask) / count
    if average != "weighted":
        return mean
    w = np.where(mask, fn + tp, 0).astype(np.float64)
    scale = w.sum(axis=1)
    weighted = _msum(values * w, mask) / np.where(scale == 0, 1, scale)
    return np.where(w.any(axis=1), weighted, mean)


def _v_specificity(c, selection, average, zdv):
    tp, pred, true, mask = _pick(c, selection)
    fp = pred - tp
    fn = true - tp
    tn = c.total[:, None] - tp - fp - fn
    negatives = tn + fp
    true_sum = tp + fn
    if average == "micro":
        tn, negatives = _micro((tn, negatives), mask)
        micro_mask = np.ones(tn.shape, dtype=bool)
    values = _divide(tn, negatives, zdv)
    if average is None:
        return values
    if average == "micro":
        return _nanaverage(values, micro_mask, None)
    return _nanaverage(values, mask, true_sum if average == "weighted" else None)


def _v_accuracy(c, normalize=True):
    correct = c.correct.astype(np.float64)
    if not normalize:
        return correct
    return correct / c.total.astype(np.float64)


def _v_hamming(c):
    if not c.weighted:
        return (c.total - c.correct).astype(np.float64) / c.total.astype(np.float64)
    return (c.total - c.correct) / c.total


def _v_balanced_accuracy(c, adjusted=False):
    per_class = c.tp / c.true
    ok = (c.occ > 0) & ~np.isnan(per_class)
    count = ok.sum(axis=1)
    score = _msum(per_class, ok) / count
    if adjusted:
        chance = 1 / count
        score = score - chance
        score = score / (1 - chance)
    return score


def _v_matthews(c):
    t_sum = c.true.astype(np.float64)
    p_sum = c.pred.astype(np.float64)
    n_correct = c.tp.sum(axis=1, dtype=np.float64)
    n_samples = p_sum.sum(axis=1)
    cov_ytyp = n_correct * n_samples - (t_sum * p_sum).sum(axis=1)
    cov_ypyp = n_samples**2 - (p_sum * p_sum).sum(axis=1)
    cov_ytyt = n_samples**2 - (t_sum * t_sum).sum(axis=1)
    product = cov_ypyp * cov_ytyt
    return np.where(product == 0, 0.0, cov_ytyp / np.sqrt(np.where(product == 0, 1, product)))


def _v_kappa(c, replace_undefined_by):
    sum0 = c.pred.astype(np.float64)
    sum1 = c.true.astype(np.float64)
    diag = c.tp.astype(np.float64)
    k = sum0.shape[1]
    denominator = sum0.sum(axis=1)
    safe = np.where(denominator == 0, 1, denominator)
    numerator = sum1.sum(axis=1) - diag.sum(axis=1)
    present = c.occ > 0
    if k <= _DENSE_KAPPA_LABELS and present.sum(axis=1).max() <= 2048:
        off = 1.0 - np.eye(k)
        expected_off = np.empty(c.size)
        for start in range(0, c.size, max(1, _CHUNK_ELEMENTS // (k * k))):
            stop = min(c.size, start + max(1, _CHUNK_ELEMENTS // (k * k)))
            expected = sum0[start:stop, :, None] * sum1[start:stop, None, :]
            expected = expected / safe[start:stop, None, None]
            expected_off[start:stop] = (off * expected).reshape(stop - start, k * k).sum(axis=1)
        second = expected_off
    else:
        second = (sum0.sum(axis=1) * sum1.sum(axis=1) - (sum0 * sum1).sum(axis=1)) / safe
    kappa = 1 - numerator / np.where(second == 0, 1, second)
    undefined = (denominator == 0) | (second == 0)
    return np.where(undefined, replace_undefined_by, kappa)
