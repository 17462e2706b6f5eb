"""Renderers: an :class:`~fasteval.reporting.EvaluationReport` as text in some format.

A renderer is any object with a ``name`` and a ``render(report) -> str``
method; register it and ``report.render(name)`` uses it. Built-ins:
``terminal`` (rich tables, what ``print(report)`` shows), ``markdown``,
``html`` (one self-contained page: figures as base64 PNG data URIs, inline CSS,
no scripts, fonts or links) and ``json``.

Adding a format takes a few lines:

>>> import fasteval
>>> from fasteval.reporting import register_renderer
>>> class CsvRenderer:
...     name = "csv"
...     def render(self, report):
...         return report.per_class.write_csv()
>>> register_renderer(CsvRenderer())
>>> r = fasteval.report(predictions=[0, 1, 1], references=[0, 1, 0])
>>> print(r.render("csv").splitlines()[1])
0,1.0,0.5,0.6666666666666666,2,1
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "HtmlRenderer",
    "JsonRenderer",
    "MarkdownRenderer",
    "Renderer",
    "TerminalRenderer",
    "get_renderer",
    "register_renderer",
    "renderers",
    "report_dict",
]


@runtime_checkable
class Renderer(Protocol):
    """A report output format: ``name`` and ``render(report) -> str``."""

    name: str

    def render(self, report: Any) -> str: ...


_REGISTRY: dict[str, Renderer] = {}


def register_renderer(renderer: Renderer, *, overwrite: bool = True) -> None:
    """Make ``renderer`` available as ``report.render(renderer.name)``."""
    if not isinstance(renderer, Renderer) or not isinstance(renderer.name, str):
        raise TypeError("a renderer needs a str attribute 'name' and a method render(report)")
    if not overwrite and renderer.name in _REGISTRY:
        raise ValueError(f"a renderer named {renderer.name!r} is already registered")
    _REGISTRY[renderer.name] = renderer


def get_renderer(name: str) -> Renderer:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(
            f"no renderer {name!r}; registered: {', '.join(sorted(_REGISTRY))}"
        ) from None


def renderers() -> list[str]:
    return sorted(_REGISTRY)


# --------------------------------------------------------------------------- helpers


def _plain(value: Any) -> Any:
    """JSON-ready data: numpy -> Python, NaN/inf -> None."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dicts"):  # polars DataFrame
        return [_plain(row) for row in value.to_dicts()]
    return str(value)


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, (float, np.floating)):
        return "nan" if not math.isfinite(value) else f"{value:.{digits}f}"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _example_rows(report: Any, df: Any) -> tuple[list[str], list[list[str]]]:
    cols = list(df.columns)
    rows = []
    for row in df.iter_rows(named=True):
        cells = []
        for c in cols:
            v = row[c]
            if c in ("reference", "prediction"):
                v = report.label_name(v)
            cells.append(_fmt(v, 3))
        rows.append(cells)
    return cols, rows


def _sections(report: Any) -> list[tuple[str, list[str], list[list[str]], str]]:
    """(title, header, rows, note) of every table, shared by terminal and markdown."""
    out = []
    out.append(
        ("Overall", ["metric", "value"], [[k, _fmt(v)] for k, v in report.metrics.items()], "")
    )
    pc = report.per_class
    out.append(
        (
            "Per class",
            pc.columns,
            [[_fmt(v) for v in row] for row in pc.iter_rows()],
            "",
        )
    )
    k = len(report.labels)
    if k <= 20:
        cm = report.confusion_matrix
        rows = [[report.names[i]] + [str(int(v)) for v in cm[i]] for i in range(k)]
        out.append(
            (
                "Confusion matrix (rows: reference, columns: prediction)",
                [""] + report.names,
                rows,
                "",
            )
        )
    else:
        off = np.array(report.confusion_matrix, dtype=float)
        np.fill_diagonal(off, 0)
        top = np.argsort(off, axis=None)[::-1][:15]
        rows = []
        for flat in top:
            i, j = divmod(int(flat), k)
            if off[i, j] > 0:
                rows.append([report.names[i], report.names[j], str(int(off[i, j]))])
        out.append(("Top confusions", ["reference", "prediction", "rows"], rows, ""))
    if report.findings:
        rows = [[str(i + 1), f.title, f"{f.severity:.2f}"] for i, f in enumerate(report.findings)]
        out.append(("Findings (ranked)", ["#", "finding", "share"], rows, ""))
    else:
        note = "no finding cleared its threshold" if report.n_errors else "no errors"
        out.append(("Findings", ["#", "finding", "share"], [], note))
    ex = report.examples()
    for key, title in (("wrong", "Wrong predictions"), ("correct", "Correct predictions")):
        df = ex[key]
        if df.height:
            header, rows = _example_rows(report, df)
            note = ""
            if key == "wrong" and report.errors_sampled:
                note = f"a uniform sample of the {report.n_errors} errors"
            out.append((title, header, rows, note))
    return out


def _summary(report: Any) -> str:
    return (
        f"{report.n_rows:,} rows, {len(report.labels)} labels, accuracy"
        f" {report.accuracy:.4f}, {report.n_errors:,} errors"
    )


# --------------------------------------------------------------------------- renderers


def terminal_renderables(report: Any) -> list[Any]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    items: list[Any] = [Text(f"Evaluation report: {_summary(report)}", style="bold")]
    for title, header, rows, note in _sections(report):
        items.append(Text(f"\n{title}", style="bold"))
        if note:
            items.append(Text(note, style="italic"))
        if not rows:
            continue
        table = Table(box=box.SIMPLE_HEAVY)
        for h in header:
            table.add_column(h, overflow="fold")
        for row in rows:
            table.add_row(*row)
        items.append(table)
    return items


class TerminalRenderer:
    name = "terminal"

    def __init__(self, width: int = 120, color: bool = False) -> None:
        self.width, self.color = width, color

    def render(self, report: Any) -> str:
        from rich.console import Console

        console = Console(
            file=io.StringIO(),
            width=self.width,
            force_terminal=self.color,
            color_system="auto" if self.color else None,
            record=False,
        )
        for item in terminal_renderables(report):
            console.print(item)
        return console.file.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


class MarkdownRenderer:
    name = "markdown"

    def render(self, report: Any) -> str:
        parts = ["# Evaluation report", "", _summary(report), ""]
        for title, header, rows, note in _sections(report):
            parts += [f"## {title}", ""]
            if note:
                parts += [f"_{note}_", ""]
            if rows:
                parts += [_md_table(header, rows), ""]
            if title.startswith("Findings") and report.findings:
                for i, f in enumerate(report.findings):
                    evidence = {k: v for k, v in f.evidence.items() if k != "examples"}
                    parts.append(
                        f"{i + 1}. **{f.kind}**: {json.dumps(_plain(evidence))}"
                        f" (fires when: {f.threshold})"
                    )
                parts.append("")
        return "\n".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;
margin:2em auto;max-width:1200px;color:#222;background:#fff;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr:nth-child(even) td{background:#fafafa}
.finding{margin:.6em 0;padding:.5em .8em;border-left:4px solid #d9534f;background:#fdf3f2}
.finding small{color:#666}.note{color:#666;font-style:italic}
img{max-width:100%;height:auto;border:1px solid #eee}
.figs{display:flex;flex-wrap:wrap;gap:1em}.figs figure{margin:0;flex:1 1 480px}
"""


def figure_data_uri(fig: Any, dpi: int = 90) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


class HtmlRenderer:
    """One self-contained HTML page: inline CSS, figures as PNG data URIs, no scripts."""

    name = "html"

    def __init__(self, full_page: bool = True, figures: bool = True) -> None:
        self.full_page, self.figures = full_page, figures

    def _table(self, header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _img(self, report: Any, name: str) -> str:
        uri = figure_data_uri(report.figure(name))
        return f'<figure><img alt="{html.escape(name)}" src="{uri}"></figure>'

    def render(self, report: Any) -> str:
        esc = html.escape
        parts = ["<h1>Evaluation report</h1>", f"<p>{esc(_summary(report))}</p>"]
        sections = _sections(report)
        for title, header, rows, note in sections:
            parts.append(f"<h2>{esc(title)}</h2>")
            if note:
                parts.append(f'<p class="note">{esc(note)}</p>')
            if title.startswith("Findings"):
                for i, f in enumerate(report.findings):
                    evidence = {k: v for k, v in f.evidence.items() if k != "examples"}
                    parts.append(
                        f'<div class="finding"><b>{i + 1}. {esc(f.title)}</b><br>'
                        f"<small>{esc(f.kind)} &middot; share of errors {f.severity:.2f} &middot;"
                        f" evidence {esc(json.dumps(_plain(evidence)))} &middot; fires when:"
                        f" {esc(f.threshold)}</small></div>"
                    )
                continue
            if rows:
                parts.append(self._table(header, rows))
            if self.figures and title == "Per class":
                figs = [self._img(report, n) for n in ("confusion_matrix", "per_class")]
                parts.append('<div class="figs">' + "".join(figs) + "</div>")
        if self.figures:
            others = [
                n for n in report.figure_names() if n not in ("confusion_matrix", "per_class")
            ]
            if others:
                parts.append("<h2>Scores and slices</h2>")
                parts.append(
                    '<div class="figs">' + "".join(self._img(report, n) for n in others) + "</div>"
                )
        body = "\n".join(parts)
        if not self.full_page:
            return f'<div class="fasteval-report"><style>{_CSS}</style>{body}</div>'
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Evaluation report</title><style>{_CSS}</style></head>"
            f"<body>\n{body}\n</body></html>\n"
        )


def report_dict(report: Any) -> dict[str, Any]:
    ex = report.examples()
    curves = report.curves
    out = {
        "rows": report.n_rows,
        "errors": report.n_errors,
        "labels": [_plain(v) for v in report.labels.tolist()],
        "label_names": report.names,
        "metrics": report.metrics,
        "per_class": report.per_class,
        "confusion_matrix": report.confusion_matrix,
        "confusion_matrix_normalized": report.confusion_matrix_normalized,
        "findings": [f.to_dict() for f in report.findings],
        "examples": {"wrong": ex["wrong"], "correct": ex["correct"]},
        "errors_sampled": report.errors_sampled,
        "slices": report.slices,
        "input_length": report.length_buckets,
        "label_conflicts": report.conflicts,
        "calibration": report.calibration_table,
    }
    if curves is not None:
        out["curves"] = {
            "kind": curves["kind"],
            "approximate": curves["approximate"],
            "roc_auc": curves["roc_auc"],
            "average_precision": curves["average_precision"],
        }
    return _plain(out)


class JsonRenderer:
    name = "json"

    def render(self, report: Any) -> str:
        return json.dumps(report_dict(report), indent=2, allow_nan=False, ensure_ascii=False) + "\n"


for _r in (TerminalRenderer(), MarkdownRenderer(), HtmlRenderer(), JsonRenderer()):
    register_renderer(_r)
