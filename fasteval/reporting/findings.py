"""Error analysis: plain-language findings, each backed by its numbers.

Every detector below has an explicit threshold (its ``threshold`` text says
when it fires) and emits nothing when its evidence does not clear it; a
perfect model gets no findings at all. Findings are ranked by ``severity``,
the share of all errors the finding explains (for the calibration gap, the
expected calibration error), highest first.

Detectors and thresholds
------------------------
* ``confusion`` / ``one_way_confusion`` / ``overlapping_classes`` (3+ classes):
  a pair true ``a`` -> predicted ``b`` holding >= 10% of all errors and >= 5
  errors, concentrated (>= 1.5 / (k - 1) of ``a``'s errors go to ``b`` and
  the Wilson lower bound, z = 3, of that share is above an even spread
  1 / (k - 1)). One way when ``a``'s rate of becoming ``b`` is >= 3 times
  ``b``'s rate of becoming ``a`` and a Wilson test (z = 3) of the direction
  rejects symmetry; both ways when the reverse rate is >= 1/3 of it.
* ``prediction_bias``: a class predicted >= 1.5 times as often as it occurs,
  >= 5 extra predictions, excess false positives over false negatives
  > 3 standard deviations (sqrt(fp + fn)).
* ``rare_class_low_recall``: support <= half the median class support,
  recall <= accuracy - 0.1 and recall's Wilson upper bound (z = 3) below the
  accuracy.
* ``high_confidence_errors`` (scores): errors with confidence >= 0.9 are
  >= 5, >= 10% of errors, >= 2 times and > 3 Poisson deviations above the
  number the confidences predict (possible label noise).
* ``low_confidence_errors`` (scores): errors with confidence < 0.5 (< 0.6 for
  two classes) are >= 5 and >= 25% of errors (ambiguous examples).
* ``calibration_gap`` (scores): expected calibration error (10 bins)
  >= 0.05 and >= 3 times the ECE a calibrated model would show by chance.
* ``slice`` (metadata) / ``input_length`` (text inputs): a slice of >= 30
  rows whose error rate is >= 1.25 times the overall rate and whose Wilson
  lower bound (z = 3) is above the overall rate.
* ``label_conflicts`` (text inputs): >= 1 group of >= 2 identical
  normalized inputs (trimmed, lower-cased, whitespace collapsed) carrying
  different references.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from fasteval.reporting._report import EvaluationReport

__all__ = ["DETECTORS", "Finding", "find", "wilson_interval"]

PAIR_SHARE = 0.10
PAIR_MIN_ERRORS = 5
PAIR_CONCENTRATION = 1.5
ONE_WAY_RATIO = 3.0
Z = 3.0
BIAS_RATIO = 1.5
BIAS_MIN_EXCESS = 5
RARE_SUPPORT = 0.5
RARE_RECALL_GAP = 0.1
HIGH_CONFIDENCE = 0.9
HIGH_CONF_SHARE = 0.10
LOW_CONF_SHARE = 0.25
MIN_ERRORS = 5
ECE_MIN = 0.05
SLICE_MIN_ROWS = 30
SLICE_RATIO = 1.25


@dataclass(frozen=True)
class Finding:
    """One ranked observation about the errors.

    Attributes
    ----------
    kind : str
        Detector name (``"one_way_confusion"``, ``"slice"`` ...).
    title : str
        The finding in plain language.
    evidence : dict
        The numbers behind it (plain ints, floats, strings and lists).
    severity : float
        Share of all errors it explains (used for ranking).
    threshold : str
        When this detector fires.
    figure : str or None
        Name of the report figure that shows it (``report.figure(name)``).
    """

    kind: str
    title: str
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: float = 0.0
    threshold: str = ""
    figure: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "severity": float(self.severity),
            "evidence": self.evidence,
            "threshold": self.threshold,
            "figure": self.figure,
        }


def wilson_interval(k: Any, n: Any, z: float = Z) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the proportion ``k / n`` (vectorized; n = 0 -> (0, 1))."""
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    safe = np.maximum(n, 1.0)
    p = k / safe
    z2 = z * z
    denom = 1 + z2 / safe
    center = (p + z2 / (2 * safe)) / denom
    half = z * np.sqrt(p * (1 - p) / safe + z2 / (4 * safe * safe)) / denom
    low = np.where(n > 0, np.clip(center - half, 0, 1), 0.0)
    high = np.where(n > 0, np.clip(center + half, 0, 1), 1.0)
    return low, high


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%" if x >= 0.1 else f"{100 * x:.1f}%"


# --------------------------------------------------------------------------- detectors


def confusion_pairs(r: EvaluationReport) -> list[Finding]:
    k = len(r.labels)
    errors = r.n_errors
    if k < 3 or r.matrix is None:
        return []
    m = np.asarray(r.matrix, dtype=np.float64)
    off = m.copy()
    np.fill_diagonal(off, 0)
    row_err = off.sum(axis=1)
    support = m.sum(axis=1)
    even = 1.0 / (k - 1)
    low, _ = wilson_interval(off, row_err[:, None])
    hit = (
        (off >= PAIR_MIN_ERRORS)
        & (off >= PAIR_SHARE * errors)
        & (off >= PAIR_CONCENTRATION * even * row_err[:, None])
        & (low > even)
    )
    threshold = (
        f">= {_pct(PAIR_SHARE)} of all errors and >= {PAIR_MIN_ERRORS} errors, concentrated on"
        f" one class (>= {PAIR_CONCENTRATION:g}/(k-1) of the true class's errors, Wilson z={Z:g}"
        f" above an even spread); one way when the rate is >= {ONE_WAY_RATIO:g}x the reverse"
        " rate and symmetry is rejected (Wilson z=3)"
    )
    out: list[Finding] = []
    done: set[tuple[int, int]] = set()
    for i, j in sorted(zip(*np.nonzero(hit)), key=lambda ij: -off[ij]):
        if (j, i) in done:
            continue
        done.add((i, j))
        c, rev = off[i, j], off[j, i]
        a, b = r.names[i], r.names[j]
        rate = c / support[i] if support[i] else 0.0
        rev_rate = rev / support[j] if support[j] else 0.0
        p0 = support[i] / (support[i] + support[j]) if support[j] else 0.0
        dir_low, _ = wilson_interval(c, c + rev)
        evidence = {
            "true": a,
            "predicted": b,
            "errors": int(c),
            "share_of_errors": c / errors,
            "reverse_errors": int(rev),
            "rate": rate,
            "reverse_rate": rev_rate,
        }
        if (support[j] == 0 or rate >= ONE_WAY_RATIO * rev_rate) and float(dir_low) > p0:
            kind = "one_way_confusion"
            title = (
                f"{a} -> {b}: {_pct(c / errors)} of all errors ({int(c)} rows), one way"
                f" ({int(rev)} the other way): a bias toward {b} on {a} examples"
            )
            severity = c / errors
        elif support[j] and rev_rate * ONE_WAY_RATIO >= rate:
            kind = "overlapping_classes"
            done.add((j, i))
            title = (
                f"{a} <-> {b}: {_pct((c + rev) / errors)} of all errors ({int(c)} + {int(rev)}"
                " rows), confused both ways: the classes overlap"
            )
            severity = (c + rev) / errors
            evidence["share_of_errors"] = (c + rev) / errors
        else:
            kind = "confusion"
            title = f"{a} -> {b}: {_pct(c / errors)} of all errors ({int(c)} rows)"
            severity = c / errors
        out.append(Finding(kind, title, evidence, float(severity), threshold, "confusion_matrix"))
    return out


def prediction_bias(r: EvaluationReport) -> list[Finding]:
    pred = r.pred.astype(np.float64)
    true = r.true.astype(np.float64)
    fp, fn = pred - r.tp, true - r.tp
    excess = pred - true
    hit = (
        (pred >= BIAS_RATIO * true)
        & (excess >= BIAS_MIN_EXCESS)
        & (fp - fn > Z * np.sqrt(np.maximum(fp + fn, 1)))
    )
    threshold = (
        f"predicted >= {BIAS_RATIO:g}x as often as it occurs, >= {BIAS_MIN_EXCESS} extra"
        f" predictions, excess > {Z:g} standard deviations"
    )
    out = []
    for j in np.flatnonzero(hit):
        name = r.names[j]
        ratio = pred[j] / true[j] if true[j] else math.inf
        times = f"{ratio:.1f}x as often as it occurs" if true[j] else "but never occurs"
        out.append(
            Finding(
                "prediction_bias",
                f"{name} is predicted {times} ({int(pred[j])} predicted, {int(true[j])} true):"
                f" the model over-predicts {name}",
                {
                    "label": name,
                    "predicted": int(pred[j]),
                    "support": int(true[j]),
                    "false_positives": int(fp[j]),
                    "ratio": ratio if math.isfinite(ratio) else None,
                },
                float(min(1.0, excess[j] / r.n_errors)),
                threshold,
                "per_class",
            )
        )
    return out


def rare_classes(r: EvaluationReport) -> list[Finding]:
    true = r.true.astype(np.float64)
    present = true > 0
    if present.sum() < 2:
        return []
    median = float(np.median(true[present]))
    recall = np.divide(r.tp, true, out=np.zeros_like(true), where=present)
    _, high = wilson_interval(r.tp, true)
    acc = r.accuracy
    hit = (
        present & (true <= RARE_SUPPORT * median) & (recall <= acc - RARE_RECALL_GAP) & (high < acc)
    )
    threshold = (
        f"support <= {RARE_SUPPORT:g}x the median class support, recall <= accuracy -"
        f" {RARE_RECALL_GAP:g} and its Wilson upper bound (z={Z:g}) below the accuracy"
    )
    out = []
    for i in np.flatnonzero(hit):
        name = r.names[i]
        missed = true[i] - r.tp[i]
        out.append(
            Finding(
                "rare_class_low_recall",
                f"{name} is rare ({int(true[i])} examples, median {median:g}) and mostly missed"
                f" (recall {recall[i]:.2f} vs accuracy {acc:.2f}): class imbalance",
                {
                    "label": name,
                    "support": int(true[i]),
                    "median_support": median,
                    "recall": float(recall[i]),
                    "accuracy": acc,
                },
                float(missed / r.n_errors),
                threshold,
                "per_class",
            )
        )
    return out


def confidence_findings(r: EvaluationReport) -> list[Finding]:
    cal = r.calibration
    if cal is None:
        return []
    count, conf_sum, correct_sum = cal["count"], cal["confidence_sum"], cal["correct_sum"]
    n_bins = len(count)
    errors = r.n_errors
    out = []
    high_bin = int(round(HIGH_CONFIDENCE * n_bins))
    n_high = count[high_bin:].sum()
    err_high = float(n_high - correct_sum[high_bin:].sum())
    expected = float(n_high - conf_sum[high_bin:].sum())
    if (
        err_high >= MIN_ERRORS
        and err_high >= HIGH_CONF_SHARE * errors
        and err_high >= 2 * expected
        and err_high > expected + Z * math.sqrt(max(expected, 1.0))
    ):
        examples = r.high_confidence_examples(5)
        out.append(
            Finding(
                "high_confidence_errors",
                f"{int(err_high)} errors ({_pct(err_high / errors)} of all) were made with"
                f" confidence >= {HIGH_CONFIDENCE:g}, {err_high / max(expected, 1e-9):.1f}x what"
                " the confidences predict: possible label noise, review these examples",
                {
                    "errors": int(err_high),
                    "expected_errors": expected,
                    "share_of_errors": err_high / errors,
                    "examples": examples,
                },
                err_high / errors,
                f"errors with confidence >= {HIGH_CONFIDENCE:g}: >= {MIN_ERRORS}, >="
                f" {_pct(HIGH_CONF_SHARE)} of errors, >= 2x and > {Z:g} Poisson deviations"
                " above the expected number",
                "reliability",
            )
        )
    low_edge = 0.6 if len(r.labels) == 2 else 0.5
    low_bin = int(round(low_edge * n_bins))
    err_low = float(count[:low_bin].sum() - correct_sum[:low_bin].sum())
    if err_low >= MIN_ERRORS and err_low >= LOW_CONF_SHARE * errors:
        out.append(
            Finding(
                "low_confidence_errors",
                f"{int(err_low)} errors ({_pct(err_low / errors)} of all) had confidence below"
                f" {low_edge:g}: ambiguous examples the model was unsure about",
                {"errors": int(err_low), "share_of_errors": err_low / errors, "below": low_edge},
                err_low / errors,
                f"errors with confidence < {low_edge:g} (0.6 for two classes, else 0.5):"
                f" >= {MIN_ERRORS} and >= {_pct(LOW_CONF_SHARE)} of errors",
                "reliability",
            )
        )
    n = count.sum()
    used = count > 0
    conf = np.divide(conf_sum, count, out=np.zeros(n_bins), where=used)
    acc = np.divide(correct_sum, count, out=np.zeros(n_bins), where=used)
    ece = float(np.sum(count * np.abs(acc - conf)) / n)
    noise = float(
        np.sum(
            count[used]
            * math.sqrt(2 / math.pi)
            * np.sqrt(conf[used] * (1 - conf[used]) / count[used])
        )
        / n
    )
    if ece >= ECE_MIN and ece >= 3 * noise:
        over = conf_sum.sum() > correct_sum.sum()
        way = "overconfident" if over else "underconfident"
        out.append(
            Finding(
                "calibration_gap",
                f"the model is {way}: mean confidence {conf_sum.sum() / n:.2f} vs accuracy"
                f" {correct_sum.sum() / n:.2f} (expected calibration error {ece:.3f})",
                {
                    "ece": ece,
                    "ece_by_chance": noise,
                    "mean_confidence": float(conf_sum.sum() / n),
                    "accuracy": float(correct_sum.sum() / n),
                },
                ece,
                f"ECE ({n_bins} bins) >= {ECE_MIN:g} and >= 3x the ECE of a calibrated model by chance",
                "reliability",
            )
        )
    return out


def _slice_test(
    rows: np.ndarray, errs: np.ndarray, overall: float
) -> tuple[np.ndarray, np.ndarray]:
    rows = np.asarray(rows, dtype=np.float64)
    errs = np.asarray(errs, dtype=np.float64)
    rate = np.divide(errs, rows, out=np.zeros_like(rows), where=rows > 0)
    low, _ = wilson_interval(errs, rows)
    hit = (rows >= SLICE_MIN_ROWS) & (rate >= SLICE_RATIO * overall) & (low > overall)
    return hit, low


_SLICE_THRESHOLD = (
    f">= {SLICE_MIN_ROWS} rows, error rate >= {SLICE_RATIO:g}x the overall rate and its Wilson"
    f" lower bound (z={Z:g}) above the overall rate"
)


def slices(r: EvaluationReport) -> list[Finding]:
    overall = r.n_errors / r.n_rows
    out = []
    for column, table in r.slices.items():
        rows, errs = table["rows"].to_numpy(), table["errors"].to_numpy()
        hit, low = _slice_test(rows, errs, overall)
        values = table["value"].to_list()
        for s in np.flatnonzero(hit):
            rate = errs[s] / rows[s]
            out.append(
                Finding(
                    "slice",
                    f"{column} = {values[s]}: error rate {_pct(rate)} vs {_pct(overall)} overall"
                    f" ({int(errs[s])} errors in {int(rows[s])} rows)",
                    {
                        "column": column,
                        "value": values[s],
                        "rows": int(rows[s]),
                        "errors": int(errs[s]),
                        "error_rate": float(rate),
                        "overall_error_rate": overall,
                        "error_rate_lower_bound": float(low[s]),
                    },
                    float((errs[s] - overall * rows[s]) / r.n_errors),
                    _SLICE_THRESHOLD,
                    f"slice:{column}",
                )
            )
    return out


def input_length(r: EvaluationReport) -> list[Finding]:
    table = r.length_buckets
    if table is None:
        return []
    overall = r.n_errors / r.n_rows
    rows, errs = table["rows"].to_numpy(), table["errors"].to_numpy()
    hit, low = _slice_test(rows, errs, overall)
    out = []
    for s in np.flatnonzero(hit):
        bucket = table["bucket"][int(s)]
        rate = errs[s] / rows[s]
        out.append(
            Finding(
                "input_length",
                f"inputs of {bucket} words: error rate {_pct(rate)} vs {_pct(overall)} overall"
                f" ({int(errs[s])} errors in {int(rows[s])} rows)",
                {
                    "bucket": bucket,
                    "rows": int(rows[s]),
                    "errors": int(errs[s]),
                    "error_rate": float(rate),
                    "overall_error_rate": overall,
                    "error_rate_lower_bound": float(low[s]),
                },
                float((errs[s] - overall * rows[s]) / r.n_errors),
                _SLICE_THRESHOLD,
                "input_length",
            )
        )
    return out


def label_conflicts(r: EvaluationReport) -> list[Finding]:
    table = r.conflicts
    if table is None or table.height == 0:
        return []
    scale = 1.0 / r.conflict_fraction
    rows = int(table["rows"].sum())
    errs = float(table["errors"].sum())
    est = "" if scale == 1.0 else " (estimated from a hash sample of the inputs)"
    examples = [
        {"input": row["input"], "references": [str(v) for v in row["references"]]}
        for row in table.head(5).iter_rows(named=True)
    ]
    return [
        Finding(
            "label_conflicts",
            f"{round(table.height * scale)} inputs appear with different references"
            f" ({round(rows * scale)} rows){est}: label conflicts, at most one reference can"
            " be right",
            {
                "groups": round(table.height * scale),
                "rows": round(rows * scale),
                "errors": round(errs * scale),
                "sampled_fraction": r.conflict_fraction,
                "examples": examples,
            },
            float(min(1.0, errs * scale / r.n_errors)),
            ">= 1 group of >= 2 identical normalized inputs (trimmed, lower-cased, whitespace"
            " collapsed) carrying different references",
            None,
        )
    ]


DETECTORS = [
    confusion_pairs,
    prediction_bias,
    rare_classes,
    confidence_findings,
    slices,
    input_length,
    label_conflicts,
]


def find(report: EvaluationReport) -> list[Finding]:
    """Run every detector on ``report``; ranked by severity (none when there is no error)."""
    if report.n_errors == 0:
        return []
    found = [f for detect in DETECTORS for f in detect(report)]
    return sorted(found, key=lambda f: -f.severity)
