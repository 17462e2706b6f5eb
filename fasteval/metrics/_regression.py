"""Shared base of the regression modules (mse, rmse, mae, mape, smape, r_squared, pearsonr, spearmanr, kendall_tau).

A regression module validates a batch by summarizing it: the batch's
statistic (:mod:`fasteval._regression_state`) is computed by one Numba pass,
which also finds NaN and infinity, and only then stored. Every compute
option is applied when the scores are derived (:mod:`fasteval.functional.regression`),
so options may differ between ``load()`` and ``compute()`` while streaming.

Inputs are float values of shape (n,) or (n, n_outputs); a 1-D array and an
(n, 1) column are the same single output. evaluate's ``"multilist"`` config
(2-D lists) is accepted as a config name; 2-D inputs work in every config.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._inputs import as_weights
from fasteval._regression_state import (
    CoMoments,
    ErrorSums,
    PairedValues,
    VarianceSums,
    paired_values,
)
from fasteval.functional.regression import (
    ALTERNATIVES,
    check_bool,
    check_choice,
    check_multioutput,
    kendall_from_values,
    mean_error_from_sums,
    pearson_from_moments,
    r2_from_sums,
    spearman_from_values,
)
from fasteval.module import EvaluationModule, Value

__all__ = [
    "SCIPY_CITATION",
    "SKLEARN_CITATION",
    "CorrelationModule",
    "ErrorModule",
    "KendallBase",
    "PearsonBase",
    "RSquaredBase",
    "RegressionModule",
    "SpearmanBase",
]

SKLEARN_CITATION = """
@article{scikit-learn,
  title={Scikit-learn: Machine Learning in {P}ython},
  author={Pedregosa, F. and Varoquaux, G. and Gramfort, A. and Michel, V.
          and Thirion, B. and Grisel, O. and Blondel, M. and Prettenhofer, P.
          and Weiss, R. and Dubourg, V. and Vanderplas, J. and Passos, A. and
          Cournapeau, D. and Brucher, M. and Perrot, M. and Duchesnay, E.},
  journal={Journal of Machine Learning Research},
  volume={12},
  pages={2825--2830},
  year={2011}
}
"""

SCIPY_CITATION = """
@article{2020SciPy-NMeth,
  author  = {Virtanen, Pauli and Gommers, Ralf and Oliphant, Travis E. and
             Haberland, Matt and Reddy, Tyler and Cournapeau, David and
             Burovski, Evgeni and Peterson, Pearu and Weckesser, Warren and
             Bright, Jonathan and {van der Walt}, St{\\'e}fan J. and
             Brett, Matthew and Wilson, Joshua and Millman, K. Jarrod and
             Mayorov, Nikolay and Nelson, Andrew R. J. and Jones, Eric and
             Kern, Robert and Larson, Eric and Carey, C J and
             Polat, Ilhan and Feng, Yu and Moore, Eric W. and
             {VanderPlas}, Jake and Laxalde, Denis and Perktold, Josef and
             Cimrman, Robert and Henriksen, Ian and Quintero, E. A. and
             Harris, Charles R. and Archibald, Anne M. and
             Ribeiro, Antonio H. and Pedregosa, Fabian and
             {van Mulbregt}, Paul and {SciPy 1.0 Contributors}},
  title   = {{SciPy} 1.0: Fundamental Algorithms for Scientific Computing in Python},
  journal = {Nature Methods},
  year    = {2020},
  volume  = {17},
  pages   = {261--272},
  doi     = {10.1038/s41592-019-0686-2}
}
"""

#: the Args entries every error module shares, for the modules' inputs_description
ERROR_ARGS = """\
    predictions (`list` of `float`, or array of shape (n_samples,) or (n_samples, n_outputs)):
        Estimated target values (also numpy, torch, pyarrow, polars or pandas).
    references (`list` of `float`, or array of the same shape): Ground truth values.
    sample_weight (`list` of `float`, optional): One weight per row. Defaults to None.
    multioutput (`str` or `list` of `float`): "raw_values" returns one error per
        output, "uniform_average" (default) their mean, a list of n_outputs
        weights their weighted mean."""


class RegressionModule(EvaluationModule):
    """Base of the regression modules: float inputs, a statistic per batch, options at derive time."""

    features: ClassVar[dict[str, Value]] = {
        "predictions": Value("float64"),
        "references": Value("float64"),
    }
    row_inputs: ClassVar[tuple[str, ...]] = ("sample_weight",)
    #: compute() returns ``result[name]`` alone when that is the only key (evaluate's r_squared)
    returns_bare: ClassVar[bool] = False

    def __init__(
        self, config_name: str | None = None, experiment_id: str | None = None, **kwargs: Any
    ):
        super().__init__(config_name, experiment_id, **kwargs)
        self._check_option_values(self.defaults)  # a bad load-time option fails at load

    # -- to implement ---------------------------------------------------------------
    def _statistic(self, y_true: Any, y_pred: Any, weights: Any) -> dict[str, Any]:
        """The validated batch stored for ``(y_true, y_pred, weights)``."""
        raise NotImplementedError

    def _check_option_values(self, options: dict[str, Any]) -> None:
        """Reject bad option values that need no data (called at load time)."""

    # -- EvaluationModule hooks ----------------------------------------------------
    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        y_true, y_pred, _ = paired_values(
            batch["references"], batch["predictions"], outputs=self._acc.kind
        )
        n = y_true.shape[0]
        weights = batch.get("sample_weight")
        weights = None if weights is None else as_weights(weights, n)
        return self._statistic(y_true, y_pred, weights), n

    def _commit(self, validated: dict[str, Any], n: int) -> None:
        # ``kind`` holds the number of outputs: later batches must match it
        self._acc.kind = self._acc.kind or _outputs_of(validated)
        self._acc.add(validated, n)

    def compute(self, *, predictions: Any = None, references: Any = None, **kwargs: Any) -> Any:
        """Score everything added (plus ``predictions``/``references`` if given).

        Returns a dict; r_squared returns its score alone, as evaluate's does.
        """
        result = super().compute(predictions=predictions, references=references, **kwargs)
        if self.returns_bare and isinstance(result, dict) and list(result) == [self.name]:
            return result[self.name]
        return result


def _outputs_of(validated: dict[str, Any]) -> int:
    stats = validated.get("stats")
    return 1 if stats is None else int(stats.outputs)


class ErrorModule(RegressionModule):
    """mse, rmse, mae, mape, smape: a mean of one per-row error term."""

    #: the per-row term summed (see :class:`~fasteval._regression_state.ErrorSums`)
    term: ClassVar[str] = "squared"
    #: square root per output (rmse)
    root: ClassVar[bool] = False
    options: ClassVar[dict[str, Any]] = {"multioutput": "uniform_average"}

    def _new_state(self) -> ErrorSums:
        return ErrorSums(self.term)

    def _statistic(self, y_true: Any, y_pred: Any, weights: Any) -> dict[str, Any]:
        return {"stats": ErrorSums.from_batch(self.term, y_true, y_pred, weights)}

    def _check_option_values(self, options: dict[str, Any]) -> None:
        check_multioutput(options["multioutput"], ("raw_values", "uniform_average"), None)
        if "squared" in options:
            check_bool("squared", options["squared"])

    def _derive(self, state: ErrorSums, **options: Any) -> dict[str, Any]:
        root = self.root
        if "squared" in options:
            root = not check_bool("squared", options["squared"])
        return {self.name: mean_error_from_sums(state, options["multioutput"], root=root)}


class RSquaredBase(RegressionModule):
    """r_squared: 1 - SS_res / SS_tot from mergeable variance sums."""

    returns_bare = True
    options: ClassVar[dict[str, Any]] = {"multioutput": "uniform_average", "force_finite": True}

    def _new_state(self) -> VarianceSums:
        return VarianceSums()

    def _statistic(self, y_true: Any, y_pred: Any, weights: Any) -> dict[str, Any]:
        return {"stats": VarianceSums.from_batch(y_true, y_pred, weights)}

    def _check_option_values(self, options: dict[str, Any]) -> None:
        allowed = ("raw_values", "uniform_average", "variance_weighted")
        check_multioutput(options["multioutput"], allowed, None)
        check_bool("force_finite", options["force_finite"])

    def _derive(self, state: VarianceSums, **options: Any) -> dict[str, Any]:
        score = r2_from_sums(state, options["multioutput"], options["force_finite"])
        return {self.name: score}


class CorrelationModule(RegressionModule):
    """pearsonr, spearmanr, kendall_tau: a correlation of references and predictions, 1-D."""

    row_inputs: ClassVar[tuple[str, ...]] = ()
    #: the p-value's key in the result (evaluate: "p-value" for pearsonr, "spearmanr_pvalue")
    pvalue_key: ClassVar[str] = "p-value"
    options: ClassVar[dict[str, Any]] = {"return_pvalue": False, "alternative": "two-sided"}

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        y_true, y_pred, outputs = paired_values(batch["references"], batch["predictions"])
        if outputs != 1:
            raise ValueError(
                f"{self.name}: predictions and references must be 1-D (one value per row),"
                f" got {outputs} columns"
            )
        return self._statistic(y_true, y_pred, None), y_true.shape[0]

    def _check_option_values(self, options: dict[str, Any]) -> None:
        check_bool("return_pvalue", options["return_pvalue"])
        check_choice("alternative", options["alternative"], ALTERNATIVES)

    def _correlation(self, state: Any, **options: Any) -> Any:
        raise NotImplementedError

    def _derive(self, state: Any, **options: Any) -> dict[str, Any]:
        self._check_option_values(options)
        result = self._correlation(state, **options)
        out: dict[str, Any] = {self.name: float(result.statistic)}
        if options["return_pvalue"]:
            out[self.pvalue_key] = float(result.pvalue)
        return out


class PearsonBase(CorrelationModule):
    """pearsonr: streams on co-moments."""

    def _new_state(self) -> CoMoments:
        return CoMoments()

    def _statistic(self, y_true: Any, y_pred: Any, weights: Any) -> dict[str, Any]:
        return {"stats": CoMoments.from_batch(y_true, y_pred)}

    def _correlation(self, state: CoMoments, **options: Any) -> Any:
        return pearson_from_moments(state, options["alternative"])


class RankCorrelationBase(CorrelationModule):
    """spearmanr, kendall_tau: keep every pair (ranks need all values)."""

    def _new_state(self) -> PairedValues:
        return PairedValues()

    def _statistic(self, y_true: Any, y_pred: Any, weights: Any) -> dict[str, Any]:
        PairedValues.check_batch(y_true, y_pred)
        return {"x": y_true, "y": y_pred}


class SpearmanBase(RankCorrelationBase):
    """spearmanr: Pearson's r of the average ranks."""

    pvalue_key = "spearmanr_pvalue"

    def _correlation(self, state: PairedValues, **options: Any) -> Any:
        x, y = state.values()
        return spearman_from_values(x, y, options["alternative"])


class KendallBase(RankCorrelationBase):
    """kendall_tau: tau-b or tau-c by Knight's O(n log n) algorithm."""

    pvalue_key = "kendall_tau_pvalue"
    options: ClassVar[dict[str, Any]] = {
        "return_pvalue": False,
        "variant": "b",
        "method": "auto",
        "alternative": "two-sided",
    }

    def _check_option_values(self, options: dict[str, Any]) -> None:
        super()._check_option_values(options)
        check_choice("variant", options["variant"], ("b", "c"))
        check_choice("method", options["method"], ("auto", "asymptotic", "exact"))

    def _correlation(self, state: PairedValues, **options: Any) -> Any:
        x, y = state.values()
        return kendall_from_values(
            x,
            y,
            method=options["method"],
            variant=options["variant"],
            alternative=options["alternative"],
        )
