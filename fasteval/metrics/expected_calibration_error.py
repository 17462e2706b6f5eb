"""expected_calibration_error: the gap between confidence and accuracy over confidence bins."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from fasteval._lazy import LazyModule
from fasteval._score_state import CalibrationTotals
from fasteval.functional.scores import (
    _check_n_bins,
    _default_pos_label,
    calibration_from_totals,
    calibration_inputs,
    check_probabilities,
    label_columns,
)
from fasteval.metrics._scores import ProbabilityModule, check_rows

K = LazyModule("fasteval.kernels.scores")  # Numba loads when a kernel is first used

_DESCRIPTION = """
The expected calibration error (ECE) measures how far predicted probabilities are from
observed frequencies. Rows are put into `n_bins` equal-width bins of confidence,
[b / n_bins, (b + 1) / n_bins) (the last bin includes 1.0; edges np.linspace(0, 1,
n_bins + 1)), and

    ECE = sum_b (W_b / W) * |accuracy_b - confidence_b|

where W_b is the (weighted) number of rows in bin b, confidence_b their mean confidence
and accuracy_b their fraction correct. 0 is perfectly calibrated; lower is better.

    - 1-D predictions (binary): the confidence is the probability of `pos_label` and a
      row is "correct" when it is of class pos_label (the reliability diagram of
      P(y = pos_label)), as torchmetrics' binary calibration error.
    - 2-D predictions (multiclass): the confidence is the highest probability of a row,
      correct when that column (the first of tied maxima) is the row's class
      (top-label calibration, Guo et al. 2017), as torchmetrics' multiclass one. The
      columns are `labels` in the given order, or the sorted classes.

torchmetrics puts confidences of exactly 1.0 into a bin of their own; here they are in
the last bin. `return_reliability=True` adds the reliability table (per bin: edges,
count, mean confidence, accuracy). The state is the per-bin totals (3 x n_bins numbers,
summed in row order), so add_batch streams in constant memory and equals the one-shot
value exactly; merged states (other processes, Parquet row groups) add their totals,
which equals it to rounding (~1e-16 relative).
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (array-like of shape (n_samples,) or (n_samples, n_classes)):
        Probabilities of pos_label, or one column per class.
    references (array-like of shape (n_samples,)): Labels.
    n_bins (`int`): Number of equal-width bins. Defaults to 15.
    pos_label (`int` or `str`): The positive class of 1-D predictions. Defaults to 1.
    labels (array-like): The classes of the columns of 2-D predictions, in column order.
    sample_weight (array-like of shape (n_samples,)): Per-example weights.
    return_reliability (`bool`): Also return the reliability table. Defaults to False.

Returns:
    expected_calibration_error (`float`): In [0, 1].
    reliability (`dict` of arrays): With return_reliability=True: bin_lower, bin_upper,
        count, mean_confidence, accuracy (NaN for empty bins).

Examples:

    Example 1 - binary probabilities, two bins
        >>> import fasteval as evaluate
        >>> ece = evaluate.load("expected_calibration_error", n_bins=2)
        >>> ece.compute(references=[0, 1, 1, 0], predictions=[0.2, 0.9, 0.6, 0.4])
        {'expected_calibration_error': 0.275}

    Example 2 - multiclass, with the reliability table
        >>> ece = evaluate.load("ece", n_bins=2)
        >>> out = ece.compute(references=[0, 1, 2], predictions=[[0.9, 0.05, 0.05], [0.6, 0.3, 0.1],
        ...                   [0.4, 0.35, 0.25]], return_reliability=True)
        >>> round(out["expected_calibration_error"], 4)
        0.3
        >>> out["reliability"]["count"], out["reliability"]["accuracy"]
        (array([1., 2.]), array([0. , 0.5]))
"""

_CITATION = """
@inproceedings{guo2017calibration,
  title = {On Calibration of Modern Neural Networks},
  author = {Guo, Chuan and Pleiss, Geoff and Sun, Yu and Weinberger, Kilian Q.},
  booktitle = {Proceedings of the 34th International Conference on Machine Learning},
  pages = {1321--1330},
  year = {2017}
}

@inproceedings{naeini2015obtaining,
  title = {Obtaining Well Calibrated Probabilities Using Bayesian Binning},
  author = {Naeini, Mahdi Pakdaman and Cooper, Gregory and Hauskrecht, Milos},
  booktitle = {Proceedings of the AAAI Conference on Artificial Intelligence},
  volume = {29},
  number = {1},
  year = {2015}
}
"""


class ExpectedCalibrationError(ProbabilityModule):
    name = "expected_calibration_error"
    summary = "Expected calibration error over equal-width bins (binary or top-label), with reliability table."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    options: ClassVar[dict[str, Any]] = {
        "n_bins": 15,
        "pos_label": 1,
        "labels": None,
        "return_reliability": False,
    }
    fold_options: ClassVar[tuple[str, ...]] = ("n_bins", "pos_label", "labels")
    reference_urls: ClassVar[list[str]] = ["https://arxiv.org/abs/1706.04599"]

    def _config(self, options: dict[str, Any]) -> Any:
        labels = options["labels"]
        pos = options["pos_label"]
        return (
            _check_n_bins(options["n_bins"]),
            (
                pos.item() if isinstance(pos, np.generic) else pos,
                None if labels is None else tuple(np.asarray(labels).tolist()),
            ),
        )

    def _new_state(self) -> CalibrationTotals:
        n_bins, rest = self._config(self.defaults)
        return CalibrationTotals(n_bins, rest)

    def _validate(self, batch: dict[str, Any]) -> tuple[dict[str, Any], int]:
        one_shot, options = self._take_one_shot()
        _check_n_bins(options["n_bins"])
        prob = self._scores(batch)
        values, kind = self._labels(batch)
        n = len(values)
        check_rows(n, prob, self.score_name)
        weights = self._weights(batch, n)
        check_probabilities(prob, self.score_name)
        if prob.ndim == 2 and prob.shape[1] == 1:
            prob = prob[:, 0].copy()
        names = ("references", self.score_name)
        classes = cols = None
        if one_shot or prob.ndim == 1:
            pos_label = options["pos_label"]
            if prob.ndim == 1 and pos_label is None and not one_shot:
                few = (
                    np.sort(K.first_distinct(values, 3)[0])
                    if values.dtype.kind != "U"
                    else np.unique(values)
                )
                pos_label = _default_pos_label(few, "references")
            confidence, correct = calibration_inputs(
                values, prob, pos_label, options["labels"], names
            )
        else:
            labels = options["labels"]
            classes = self._stream_classes(values, prob.shape[1], labels, sort_labels=False)
            cols = label_columns(values, classes, "references")
            confidence, predicted = K.top_label(prob)
            correct = predicted == cols
        validated = {"confidence": confidence, "correct": correct, "weights": weights, "cols": cols}
        return {**validated, "_kind": kind, "_classes": classes}, n

    def _derive_state(self, state: CalibrationTotals, **options: Any) -> dict[str, Any]:
        out = calibration_from_totals(
            state.count, state.conf_sum, state.acc_sum, bool(options["return_reliability"])
        )
        if options["return_reliability"]:
            return {self.name: out[0], "reliability": out[1]}
        return {self.name: out}
