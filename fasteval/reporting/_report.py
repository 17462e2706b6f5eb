"""The :class:`EvaluationReport`: scores, per-class table, confusions, errors, findings."""

from __future__ import annotations

import math
import warnings
from functools import cached_property
from typing import Any

import numpy as np

from fasteval._counts import CountsView
from fasteval.functional._derive import (
    derive_accuracy,
    derive_balanced_accuracy,
    derive_cohen_kappa,
    derive_confusion_matrix,
    derive_matthews,
    derive_precision_recall_fscore_support,
)

DEFAULT_METRICS = (
    "accuracy",
    "balanced_accuracy",
    "precision_macro",
    "recall_macro",
    "f1_macro",
    "f1_weighted",
    "matthews_correlation",
    "cohen_kappa",
)


def _name_of(label: Any, names: Any) -> str:
    if names is None:
        return str(label)
    if isinstance(names, dict):
        for key in (label, str(label)):
            if key in names:
                return str(names[key])
        return str(label)
    if isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
        if 0 <= int(label) < len(names):
            return str(names[int(label)])
    return str(label)


class EvaluationReport:
    """What a model gets right and wrong, and the likely reasons why.

    Built by :func:`fasteval.report` (or ``fasteval report`` on Parquet files).

    Attributes
    ----------
    metrics : dict
        Overall scores (the default classification set, or ``metrics=``).
    per_class : polars.DataFrame
        label, precision, recall, f1, support, predicted; then the micro, macro
        and weighted average rows (as scikit-learn's ``classification_report``).
    confusion_matrix, confusion_matrix_normalized : ndarray
        Counts (rows true, columns predicted, labels sorted) and row-normalized.
    errors : polars.DataFrame
        Misclassified rows: index, id, input, reference, prediction, confidence
        and metadata columns when given (a uniform sample when streaming).
    findings : list of Finding
        Ranked plain-language findings (see :mod:`fasteval.reporting.findings`).
    """

    def __init__(
        self,
        *,
        view: CountsView,
        label_names: Any,
        metrics: Any,
        rows_sample: Any,
        errors: Any,
        n_errors: int,
        sampled: bool,
        errors_sampled: bool,
        calibration: dict[str, np.ndarray] | None,
        score_kind: str | None,
        slices: dict[str, Any],
        length_buckets: Any,
        conflicts: Any,
        conflict_fraction: float,
        top_errors: int,
        has_inputs: bool,
        has_ids: bool,
    ) -> None:
        import polars as pl

        self.view = view
        self.labels = view.labels
        self.label_names = label_names
        self.names = [_name_of(v, label_names) for v in view.labels.tolist()]
        self.tp, self.pred, self.true = view.tp, view.pred, view.true
        self.matrix = view.matrix
        self.n_rows = int(view.total)
        self.n_errors = int(n_errors)
        self.accuracy = float(derive_accuracy(view))
        self.sampled, self.errors_sampled = sampled, errors_sampled
        self.calibration = calibration
        self.score_kind = score_kind
        self.slices = slices
        self.length_buckets = length_buckets
        self.conflicts = conflicts
        self.conflict_fraction = conflict_fraction
        self.top_errors = top_errors
        self.has_inputs, self.has_ids = has_inputs, has_ids
        self._rows = rows_sample
        if errors is None:
            errors = rows_sample.clear() if rows_sample is not None else pl.DataFrame()
        order = ["index", "id", "input", "reference", "prediction", "confidence"]
        meta = list(slices)
        cols = [c for c in order if c in errors.columns] + meta
        self.errors = errors.select(cols)
        self.metrics = self._metrics(metrics)
        self._figures: dict[str, Any] = {}

    # -- numbers -----------------------------------------------------------------------
    def _metrics(self, metrics: Any) -> dict[str, Any]:
        view = self.view
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if metrics is None:
                p, r, f, _ = derive_precision_recall_fscore_support(
                    view, average="macro", zero_division=0.0
                )
                _, _, fw, _ = derive_precision_recall_fscore_support(
                    view, average="weighted", zero_division=0.0
                )
                return {
                    "accuracy": self.accuracy,
                    "balanced_accuracy": float(derive_balanced_accuracy(view)),
                    "precision_macro": p,
                    "recall_macro": r,
                    "f1_macro": f,
                    "f1_weighted": fw,
                    "matthews_correlation": float(derive_matthews(view)),
                    "cohen_kappa": float(derive_cohen_kappa(view)),
                }
        import fasteval
        from fasteval.module import ClassificationModule

        items = metrics.items() if isinstance(metrics, dict) else [(m, {}) for m in metrics]
        state = _ViewState(view)
        out: dict[str, Any] = {}
        for name, options in items:
            module = fasteval.load(name, **(options or {}))
            if not isinstance(module, ClassificationModule):
                raise ValueError(f"metrics: {name!r} is not a classification metric")
            result = module._derive(state, **module.defaults)  # type: ignore[arg-type]
            out.update(result)
        return out

    @cached_property
    def per_class(self) -> Any:
        """Per-class precision / recall / f1 / support, then micro, macro and weighted rows."""
        import polars as pl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p, r, f, s = derive_precision_recall_fscore_support(
                self.view, average=None, zero_division=0.0
            )
            avg = {
                a: derive_precision_recall_fscore_support(self.view, average=a, zero_division=0.0)
                for a in ("micro", "macro", "weighted")
            }
        total = int(np.sum(s))
        return pl.DataFrame(
            {
                "label": self.names + ["micro avg", "macro avg", "weighted avg"],
                "precision": np.r_[p, [avg[a][0] for a in avg]],
                "recall": np.r_[r, [avg[a][1] for a in avg]],
                "f1": np.r_[f, [avg[a][2] for a in avg]],
                "support": np.r_[np.asarray(s, dtype=np.int64), [total] * 3],
                "predicted": np.r_[np.asarray(self.pred, dtype=np.int64), [total] * 3],
            }
        )

    @cached_property
    def confusion_matrix(self) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return derive_confusion_matrix(self.view)

    @cached_property
    def confusion_matrix_normalized(self) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return derive_confusion_matrix(self.view, normalize="true")

    @cached_property
    def findings(self) -> list[Any]:
        from fasteval.reporting.findings import find

        return find(self)

    def label_name(self, value: Any) -> str:
        return _name_of(value, self.label_names)

    def examples(self, n: int | None = None) -> dict[str, Any]:
        """``{"wrong": ..., "correct": ...}``: up to ``n`` (default ``top_errors``) rows each.

        Wrong rows come most-confident first when scores were given.
        """
        import polars as pl

        n = self.top_errors if n is None else n
        wrong = self.errors
        if "confidence" in wrong.columns:
            wrong = wrong.sort("confidence", descending=True)
        correct = (
            self._rows.filter(pl.col("correct")).select(self.errors.columns)
            if self._rows is not None
            else self.errors.clear()
        )
        return {"wrong": wrong.head(n), "correct": correct.head(n)}

    def high_confidence_examples(self, n: int = 5) -> list[dict[str, Any]]:
        wrong = self.examples(n)["wrong"]
        cols = [c for c in ("index", "id", "input", "reference", "prediction", "confidence")]
        return [
            {c: _plain(row[c]) for c in cols if c in row} for row in wrong.iter_rows(named=True)
        ]

    @cached_property
    def curves(self) -> dict[str, Any] | None:
        """ROC and precision-recall curves from the scores (of the row sample when streaming).

        Binary: one-vs-rest for the positive class (the second sorted label);
        multiclass with probabilities: micro one-vs-rest; multiclass with the
        confidence of the predicted class only: confidence as a detector of
        correct predictions.
        """
        from fasteval.reporting.curves import average_precision, precision_recall_curve, roc_curve

        if self.score_kind is None or self._rows is None or self._rows.height == 0:
            return None
        rows = self._rows
        conf = rows["confidence"].to_numpy()
        binary = len(self.labels) == 2
        if binary:
            pos = self.labels[1]
            y = rows["reference"].to_numpy() == pos
            if self.score_kind == "probabilities":
                col = np.flatnonzero(np.asarray(self.labels) == pos)
                probs = np.asarray(rows["probabilities"].to_list())
                s = probs[:, 1] if probs.shape[1] == 2 else probs[:, int(col[0])]
            else:
                s = np.where(rows["prediction"].to_numpy() == pos, conf, 1 - conf)
            kind = f"positive class {self.label_name(pos)} (one-vs-rest)"
        elif self.score_kind == "probabilities":
            probs = np.asarray(rows["probabilities"].to_list())
            from fasteval.reporting._build import ReportBuilder

            helper = ReportBuilder(label_names=self.label_names)
            cols = helper._score_columns(rows["reference"].to_numpy(), probs.shape[1])
            onehot = np.zeros_like(probs, dtype=bool)
            onehot[np.arange(len(cols)), cols] = True
            y, s = onehot.ravel(), probs.ravel()
            kind = "micro-averaged one-vs-rest"
        else:
            y, s = rows["correct"].to_numpy(), conf
            kind = "confidence as a detector of correct predictions"
        fpr, tpr, _, auc = roc_curve(y, s)
        precision, recall, _ = precision_recall_curve(y, s)
        return {
            "kind": kind,
            "approximate": self.sampled,
            "fpr": fpr,
            "tpr": tpr,
            "roc_auc": auc,
            "precision": precision,
            "recall": recall,
            "average_precision": average_precision(y, s),
        }

    @cached_property
    def calibration_table(self) -> Any:
        import polars as pl

        if self.calibration is None:
            return None
        c = self.calibration
        count = c["count"]
        n_bins = len(count)
        used = count > 0
        return pl.DataFrame(
            {
                "bin": [f"{i / n_bins:.1f}-{(i + 1) / n_bins:.1f}" for i in range(n_bins)],
                "rows": count,
                "confidence": np.divide(
                    c["confidence_sum"], count, out=np.full(n_bins, np.nan), where=used
                ),
                "accuracy": np.divide(
                    c["correct_sum"], count, out=np.full(n_bins, np.nan), where=used
                ),
            }
        )

    # -- figures -----------------------------------------------------------------------
    def figure_names(self) -> list[str]:
        names = ["confusion_matrix", "per_class"]
        if self.calibration is not None:
            names += ["reliability", "roc", "precision_recall"]
        names += [f"slice:{c}" for c in self.slices]
        if self.length_buckets is not None and self.length_buckets.height:
            names.append("input_length")
        return names

    def figure(self, name: str) -> Any:
        """The matplotlib Figure ``name`` (see :meth:`figure_names`), built once."""
        if name in self._figures:
            return self._figures[name]
        from fasteval import visualization as viz

        if name == "confusion_matrix":
            k = len(self.labels)
            normalized = k > 12
            fig = viz.plot_confusion_matrix(
                self.confusion_matrix_normalized if normalized else self.confusion_matrix,
                self.names,
                normalized=normalized,
                title="Confusion matrix" + (" (row-normalized)" if normalized else ""),
            )
        elif name == "per_class":
            fig = viz.plot_per_class_metrics(self.per_class.head(len(self.labels)))
        elif name == "reliability":
            t = self.calibration_table
            fig = viz.plot_reliability_diagram(
                t["confidence"].to_numpy(), t["accuracy"].to_numpy(), t["rows"].to_numpy()
            )
        elif name in ("roc", "precision_recall"):
            c = self.curves
            suffix = " (sampled rows)" if c["approximate"] else ""
            if name == "roc":
                fig = viz.plot_roc_curve(
                    c["fpr"], c["tpr"], auc=c["roc_auc"], title=f"ROC: {c['kind']}{suffix}"
                )
            else:
                fig = viz.plot_precision_recall_curve(
                    c["recall"],
                    c["precision"],
                    average_precision=c["average_precision"],
                    title=f"Precision-recall: {c['kind']}{suffix}",
                )
        elif name.startswith("slice:") and name[6:] in self.slices:
            column = name[6:]
            t = self.slices[column].head(30)
            fig = viz.plot_error_rate_by_slice(
                [str(v) for v in t["value"].to_list()],
                t["error_rate"].to_numpy(),
                t["rows"].to_numpy(),
                overall=self.n_errors / self.n_rows,
                title=f"Error rate by {column}",
            )
        elif name == "input_length" and self.length_buckets is not None:
            t = self.length_buckets
            fig = viz.plot_error_rate_by_slice(
                t["bucket"].to_list(),
                t["error_rate"].to_numpy(),
                t["rows"].to_numpy(),
                overall=self.n_errors / self.n_rows,
                title="Error rate by input length (words)",
                sort=False,
            )
        else:
            raise KeyError(f"no figure {name!r}; available: {', '.join(self.figure_names())}")
        self._figures[name] = fig
        return fig

    # -- output ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: numbers as ints/floats, arrays as lists, NaN as None."""
        from fasteval.reporting.renderers import report_dict

        return report_dict(self)

    def render(self, fmt: str) -> str:
        """The report as text in a registered format (``"terminal"``, ``"markdown"``, ...)."""
        from fasteval.reporting.renderers import get_renderer

        return get_renderer(fmt).render(self)

    def to_json(self, path: Any = None) -> str:
        text = self.render("json")
        if path is not None:
            _write(path, text)
        return text

    def to_markdown(self, path: Any = None) -> str:
        text = self.render("markdown")
        if path is not None:
            _write(path, text)
        return text

    def to_html(self, path: Any = None) -> str:
        """One self-contained HTML page (figures inlined as PNG data URIs, no scripts)."""
        text = self.render("html")
        if path is not None:
            _write(path, text)
        return text

    def _repr_html_(self) -> str:
        from fasteval.reporting.renderers import HtmlRenderer

        return HtmlRenderer(full_page=False).render(self)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from fasteval.reporting.renderers import terminal_renderables

        yield from terminal_renderables(self)

    def __str__(self) -> str:
        return self.render("terminal")

    def __repr__(self) -> str:
        return (
            f"<EvaluationReport: {self.n_rows} rows, {len(self.labels)} labels,"
            f" accuracy {self.accuracy:.4f}, {len(self.findings)} findings>"
        )


class _ViewState:
    """What a module's derive expects (``.view()``, ``.keep_matrix``)."""

    keep_matrix = True

    def __init__(self, view: CountsView) -> None:
        self._view = view

    def view(self) -> CountsView:
        return self._view


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _write(path: Any, text: str) -> None:
    from fasteval.cli import write_atomic

    write_atomic(path, text)
