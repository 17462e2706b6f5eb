"""Plots of evaluation results (matplotlib; every function returns a Figure).

Figures are built with :class:`matplotlib.figure.Figure` directly, not pyplot:
no display and no global figure registry are needed, and they are freed like
any object. Show one in a notebook by leaving it as the cell's value, save it
with ``fig.savefig(path)``.

>>> from fasteval.visualization import radar_plot
>>> data = [
...     {"accuracy": 0.99, "precision": 0.80, "f1": 0.95, "latency_in_seconds": 33.6},
...     {"accuracy": 0.98, "precision": 0.87, "f1": 0.91, "latency_in_seconds": 11.2},
...     {"accuracy": 0.98, "precision": 0.78, "f1": 0.88, "latency_in_seconds": 87.6},
... ]
>>> fig = radar_plot(data, ["model 1", "model 2", "model 3"], invert_range=["latency_in_seconds"])
>>> len(fig.axes[1].lines)
3
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "plot_confusion_matrix",
    "plot_error_rate_by_slice",
    "plot_per_class_metrics",
    "plot_precision_recall_curve",
    "plot_reliability_diagram",
    "plot_roc_curve",
    "radar_plot",
]


def _figure(figsize: tuple[float, float]) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


def _axes(ax: Any, figsize: tuple[float, float]) -> tuple[Any, Any]:
    if ax is not None:
        return ax.figure, ax
    fig = _figure(figsize)
    return fig, fig.add_subplot()


def plot_confusion_matrix(
    matrix: Any,
    labels: Sequence[str] | None = None,
    *,
    normalized: bool = False,
    normalize: bool = False,
    title: str | None = None,
    ax: Any = None,
    annotate: bool | None = None,
    cmap: str = "Blues",
) -> Any:
    """Heat map of a confusion matrix (rows reference, columns prediction).

    ``normalize=True`` row-normalizes counts first; ``normalized=True`` says
    ``matrix`` already holds fractions. Cells are annotated up to 20 classes;
    tick labels shrink with the number of classes (readable at 50).
    """
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"matrix: expected a square 2-D array, got shape {m.shape}")
    if normalize:
        sums = m.sum(axis=1, keepdims=True)
        m = np.divide(m, sums, out=np.zeros_like(m), where=sums != 0)
        normalized = True
    k = m.shape[0]
    labels = [str(i) for i in range(k)] if labels is None else [str(x) for x in labels]
    size = min(22.0, max(4.5, 0.32 * k + 2.5))
    fig, ax = _axes(ax, (size, size * 0.9))
    image = ax.imshow(m, cmap=cmap, vmin=0, vmax=1 if normalized else None, aspect="equal")
    fig.colorbar(image, ax=ax, shrink=0.8, label="fraction of row" if normalized else "rows")
    fontsize = max(5, min(10, 220 / max(k, 1)))
    ax.set_xticks(np.arange(k), labels=labels, rotation=90 if k > 8 else 45, fontsize=fontsize)
    ax.set_yticks(np.arange(k), labels=labels, fontsize=fontsize)
    if k <= 8:
        for t in ax.get_xticklabels():
            t.set_ha("right")
    ax.set_xlabel("predicted")
    ax.set_ylabel("reference")
    ax.set_title(title or ("Confusion matrix" + (" (row-normalized)" if normalized else "")))
    if annotate is None:
        annotate = k <= 20
    if annotate:
        top = m.max() if m.size else 0
        for i in range(k):
            for j in range(k):
                v = m[i, j]
                text = f"{v:.2f}" if normalized else f"{int(round(v))}"
                color = "white" if top and v > 0.6 * top else "black"
                ax.text(j, i, text, ha="center", va="center", fontsize=fontsize, color=color)
    return fig


def plot_per_class_metrics(
    table: Any,
    metrics: Sequence[str] = ("precision", "recall", "f1"),
    *,
    labels: Sequence[str] | None = None,
    title: str = "Per-class scores",
    ax: Any = None,
) -> Any:
    """Grouped bars of per-class scores.

    ``table`` is a mapping or DataFrame with a ``label`` column (or pass
    ``labels``) and one column per metric (``report.per_class`` works).
    """
    get = table.__getitem__
    names = [str(x) for x in (labels if labels is not None else list(get("label")))]
    k = len(names)
    values = [np.asarray(list(get(m)), dtype=np.float64) for m in metrics]
    width = 0.8 / max(len(metrics), 1)
    fig, ax = _axes(ax, (min(24.0, max(6.0, 0.35 * k * len(metrics) + 2)), 4.5))
    x = np.arange(k)
    for i, (name, v) in enumerate(zip(metrics, values)):
        ax.bar(x + (i - (len(metrics) - 1) / 2) * width, v, width, label=name)
    ax.set_xticks(x, labels=names, rotation=90 if k > 10 else 0, fontsize=max(5, min(10, 300 / k)))
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def plot_reliability_diagram(
    confidence: Any,
    accuracy: Any,
    counts: Any,
    *,
    title: str = "Reliability diagram",
    ax: Any = None,
) -> Any:
    """Accuracy against mean confidence per equal-width confidence bin, with bin counts.

    The diagonal is perfect calibration; bars below it are overconfident bins.
    """
    confidence = np.asarray(confidence, dtype=np.float64)
    accuracy = np.asarray(accuracy, dtype=np.float64)
    counts = np.asarray(counts)
    n_bins = len(counts)
    edges = np.linspace(0, 1, n_bins + 1)
    centers = (edges[:-1] + edges[1:]) / 2
    fig, ax = _axes(ax, (5.5, 5.0))
    used = counts > 0
    ax.bar(
        centers[used],
        accuracy[used],
        width=1 / n_bins,
        edgecolor="black",
        alpha=0.8,
        label="accuracy",
    )
    ax.plot([0, 1], [0, 1], "--", color="gray", label="perfect calibration")
    ax.plot(confidence[used], accuracy[used], "o-", color="C3", label="mean confidence")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    twin = ax.twinx()
    twin.plot(centers, counts, ":", color="C2", alpha=0.7)
    twin.set_ylabel("rows per bin", color="C2")
    return fig


def plot_roc_curve(
    fpr: Any, tpr: Any, *, auc: float | None = None, title: str = "ROC curve", ax: Any = None
) -> Any:
    """ROC curve (true positive rate against false positive rate)."""
    fig, ax = _axes(ax, (5.5, 5.0))
    label = "ROC" if auc is None else f"ROC (AUC = {auc:.3f})"
    ax.plot(fpr, tpr, label=label)
    ax.plot([0, 1], [0, 1], "--", color="gray", label="chance")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right")
    return fig


def plot_precision_recall_curve(
    recall: Any,
    precision: Any,
    *,
    average_precision: float | None = None,
    title: str = "Precision-recall curve",
    ax: Any = None,
) -> Any:
    """Precision against recall (a step curve, as average precision integrates it)."""
    fig, ax = _axes(ax, (5.5, 5.0))
    label = "PR" if average_precision is None else f"PR (AP = {average_precision:.3f})"
    ax.step(recall, precision, where="post", label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower left")
    return fig


def plot_error_rate_by_slice(
    names: Sequence[str],
    error_rates: Any,
    counts: Any,
    *,
    overall: float | None = None,
    title: str = "Error rate by slice",
    sort: bool = True,
    ax: Any = None,
) -> Any:
    """Horizontal bars of each slice's error rate, annotated with its row count."""
    names = [str(n) for n in names]
    rates = np.asarray(error_rates, dtype=np.float64)
    counts = np.asarray(counts)
    order = np.argsort(-rates, kind="stable") if sort else np.arange(len(names))
    fig, ax = _axes(ax, (6.5, max(2.5, 0.3 * len(names) + 1.2)))
    y = np.arange(len(names))
    ax.barh(y, rates[order], color="C1")
    ax.set_yticks(y, labels=[names[i] for i in order])
    ax.invert_yaxis()
    for yi, i in zip(y, order):
        ax.text(rates[i], yi, f"  n={int(counts[i])}", va="center", fontsize=8)
    if overall is not None:
        ax.axvline(overall, color="black", linestyle="--", label=f"overall {overall:.3f}")
        ax.legend(loc="lower right", fontsize=8)
    ax.set_xlim(
        0, min(1.0, max(float(rates.max()) if rates.size else 0, overall or 0) * 1.25 + 0.02)
    )
    ax.set_xlabel("error rate")
    ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- radar plot


class _ComplexRadar:
    """Radar chart with one scale per variable (the layout of evaluate's radar_plot)."""

    def __init__(self, fig, variables, ranges, n_ring_levels=5, show_scales=True, format_cfg=None):
        self.format_cfg = format_cfg
        angles = np.arange(0, 360, 360.0 / len(variables))
        axes = [
            fig.add_axes(
                [0.1, 0.1, 0.9, 0.9], polar=True, label=f"axes{i}", **self.format_cfg["axes_args"]
            )
            for i in range(len(variables) + 1)
        ]
        for ax in axes:
            ax.set_theta_zero_location("N")
            ax.set_theta_direction(-1)
            ax.set_axisbelow(True)
        for i, ax in enumerate(axes):
            j = 0 if (i == 0 or i == 1) else i - 1
            ax.set_ylim(*ranges[j])
            grid = np.linspace(
                *ranges[j], num=n_ring_levels, endpoint=self.format_cfg["incl_endpoint"]
            )
            gridlabel = [f"{round(x, 2)}" for x in grid]
            gridlabel[0] = ""
            ax.set_rgrids(
                grid, labels=gridlabel, angle=angles[j], **self.format_cfg["rgrid_tick_lbls_args"]
            )
            ax.set_ylim(*ranges[j])
            ax.spines["polar"].set_visible(False)
            ax.grid(visible=False)
            if show_scales is False:
                ax.set_yticklabels([])
        for ax in axes[1:]:
            ax.patch.set_visible(False)
            ax.xaxis.set_visible(False)
        self.angle = np.deg2rad(np.r_[angles, angles[0]])
        self.ranges = ranges
        self.ax = axes[0]
        self.ax1 = axes[1]
        self.plot_counter = 0
        self.ax.yaxis.grid(**self.format_cfg["rad_ln_args"])
        self.ax.spines["polar"].set(**self.format_cfg["outer_ring"])
        self.ax.xaxis.grid(**self.format_cfg["angle_ln_args"])
        self.ax1.axis("off")
        self.ax1.set_zorder(9)
        self.ax.set_thetagrids(angles, labels=variables)
        labels = [t.get_text() for t in self.ax.get_xticklabels()]
        labels = [
            "\n".join(
                textwrap.wrap(
                    label,
                    self.format_cfg["theta_tick_lbls_txt_wrap"],
                    break_long_words=self.format_cfg["theta_tick_lbls_brk_lng_wrds"],
                )
            )
            for label in labels
        ]
        self.ax.set_xticks(self.ax.get_xticks(), labels, **self.format_cfg["theta_tick_lbls"])
        for t, a in zip(self.ax.get_xticklabels(), angles):
            if a == 0 or a == 180:
                t.set_ha("center")
            elif 0 < a < 180:
                t.set_ha("left")
            else:
                t.set_ha("right")
        self.ax.tick_params(axis="both", pad=self.format_cfg["theta_tick_lbls_pad"])

    def _scale_data(self, data, ranges):
        """Scale data[1:] to ranges[0] (every variable is drawn on the first axis)."""
        for d, (y1, y2) in zip(data[1:], ranges[1:]):
            if not ((y1 <= d <= y2) or (y2 <= d <= y1)):
                raise ValueError(f"value {d} outside its range ({y1}, {y2})")
        x1, x2 = ranges[0]
        sdata = [data[0]]
        for d, (y1, y2) in zip(data[1:], ranges[1:]):
            sdata.append((d - y1) / (y2 - y1) * (x2 - x1) + x1)
        return sdata

    def plot(self, data, *args, **kwargs):
        sdata = self._scale_data(data, self.ranges)
        self.ax1.plot(self.angle, np.r_[sdata, sdata[0]], *args, **kwargs)
        self.plot_counter += 1

    def fill(self, data, *args, **kwargs):
        sdata = self._scale_data(data, self.ranges)
        self.ax1.fill(self.angle, np.r_[sdata, sdata[0]], *args, **kwargs)

    def use_legend(self, *args, **kwargs):
        self.ax1.legend(*args, **kwargs)

    def set_title(self, title, pad=25, **kwargs):
        self.ax.set_title(title, pad=pad, **kwargs)


def radar_plot(data, model_names, invert_range=[], config=None, fig=None):  # noqa: B006
    """Create a complex radar chart with different scales for each variable (evaluate's API).

    Args:
        data (`List[dict]`): the results (list of metric + value pairs), one dict per model.
            E.g. ``data = [{"accuracy": 0.9, "precision": 0.8}, {"accuracy": 0.7, "precision": 0.6}]``
        model_names (`List[str]`): model names, one per dict of ``data``.
        invert_range (`List[str]`, optional): metrics whose range is inverted (lower is
            better, e.g. ``"latency_in_seconds"``): their best value is drawn outermost.
        config (`dict`, optional): formatting options overriding the defaults
            (``rgrid_tick_lbls_args``, ``theta_tick_lbls``, ``marker``, ``legend_loc``,
            ``bbox_to_anchor`` ...), as in evaluate.
        fig (`matplotlib.figure.Figure`, optional): figure to draw in; a new one by default.

    Returns:
        `matplotlib.figure.Figure`: the radar plot.
    """
    if len(data) != len(model_names):
        raise ValueError(
            f"data has {len(data)} entries but model_names has {len(model_names)}; give one name"
            " per model"
        )
    variables = list(data[0].keys()) if data else []
    for row in data:
        for key in row:
            if key not in variables:
                variables.append(key)
    if not variables:
        raise ValueError("data: expected at least one metric")
    if not all(x in variables for x in invert_range):
        raise ValueError("All of the metrics in `invert_range` should be in the data provided.")
    values = np.array(
        [[float(row.get(v, np.nan)) for v in variables] for row in data], dtype=np.float64
    )
    lo, hi = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    span = hi - lo
    span = np.where(span > 0, span, np.maximum(np.abs(hi), 1.0) * 0.5)
    lo, hi = lo - 0.1 * span, hi + 0.1 * span
    ranges = [
        (float(h), float(low)) if var in invert_range else (float(low), float(h))
        for var, low, h in zip(variables, lo, hi)
    ]
    format_cfg = {
        "axes_args": {},
        "rgrid_tick_lbls_args": {"fontsize": 12},
        "rad_ln_args": {},
        "outer_ring": {},
        "angle_ln_args": {},
        "theta_tick_lbls": {"fontsize": 12},
        "theta_tick_lbls_pad": 3,
        "theta_tick_lbls_brk_lng_wrds": False,
        "theta_tick_lbls_txt_wrap": 15,
        "incl_endpoint": False,
        "marker": "o",
        "markersize": 3,
        "legend_loc": "upper right",
        "bbox_to_anchor": (2, 1),
        "legend_ncol": 1,
    }
    if config is not None:
        format_cfg.update(config)
    if fig is None:
        from matplotlib.figure import Figure

        fig = Figure()
    radar = _ComplexRadar(
        fig, variables, ranges, n_ring_levels=3, show_scales=True, format_cfg=format_cfg
    )
    for name, row in zip(model_names, values):
        radar.plot(
            row, label=name, marker=format_cfg["marker"], markersize=format_cfg["markersize"]
        )
    radar.use_legend(
        loc=format_cfg["legend_loc"],
        bbox_to_anchor=format_cfg["bbox_to_anchor"],
        ncol=format_cfg["legend_ncol"],
    )
    return fig
