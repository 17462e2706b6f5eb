"""The ``fasteval`` command line: evaluate predictions stored in Parquet files.

``fasteval eval preds.parquet --metrics accuracy,f1 --average macro`` prints the
scores; ``--group-by`` adds one row per group, ``--format json|markdown|csv``
and ``--output PATH`` make it scriptable. ``fasteval list`` shows the modules,
``fasteval demo`` evaluates five million synthetic predictions.

Every expected failure prints one line ``error: <message>`` on stderr and
exits with code 1 (set ``FASTEVAL_DEBUG=1`` to see the traceback instead).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["app", "main"]

app = typer.Typer(
    name="fasteval",
    help=(
        "Evaluate classification predictions stored in Parquet files, with "
        "scikit-learn's numbers at the speed of Numba kernels."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class Nulls(str, Enum):
    raise_ = "raise"
    drop = "drop"


class Average(str, Enum):
    binary = "binary"
    micro = "micro"
    macro = "macro"
    weighted = "weighted"
    none = "none"


# --------------------------------------------------------------------------- errors


def _message(exc: BaseException) -> str:
    """One line describing ``exc``."""
    if isinstance(exc, OSError) and exc.strerror and exc.filename:
        msg = f"{exc.filename}: {exc.strerror}"
    elif isinstance(exc, KeyError) and len(exc.args) == 1 and isinstance(exc.args[0], str):
        msg = exc.args[0]
    else:
        msg = str(exc)
    lines = [line.strip() for line in msg.splitlines() if line.strip()]
    msg = lines[0] if lines else type(exc).__name__
    if isinstance(exc, FileNotFoundError) and not any(c.isspace() for c in msg):
        msg = f"no such file or directory: {msg}"  # pyarrow's message is the bare path
    return msg


def _expected_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError, ValueError, TypeError, KeyError]
    with contextlib.suppress(ImportError):
        import pyarrow

        errors.append(pyarrow.ArrowException)
    with contextlib.suppress(ImportError):
        import polars.exceptions

        errors.append(polars.exceptions.PolarsError)
    return tuple(errors)


def _fail(message: str) -> typer.Exit:
    sys.stdout.flush()
    print(f"error: {message}", file=sys.stderr, flush=True)
    return typer.Exit(code=1)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Turn exceptions into ``error: <message>`` on stderr and exit code 1."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if type(exc).__module__.startswith(("typer", "click")):
            raise  # usage errors: typer prints them itself
        if os.environ.get("FASTEVAL_DEBUG"):
            raise
        if isinstance(exc, _expected_errors()):
            raise _fail(_message(exc)) from None
        raise _fail(
            f"unexpected {type(exc).__name__}: {_message(exc)} "
            "(set FASTEVAL_DEBUG=1 for the traceback)"
        ) from None


@contextlib.contextmanager
def _report_warnings() -> Iterator[None]:
    """Record warnings and show each distinct one as a single line on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            seen: set[str] = set()
            for w in caught:
                text = " ".join(str(w.message).split())
                if text in seen:
                    continue
                seen.add(text)
                kind = "note" if text.startswith("dropped ") else "warning"
                print(f"{kind}: {text}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------- value formatting


def _is_array(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return True
    return hasattr(value, "__array__") and getattr(value, "ndim", 1) > 0


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: arrays become lists, NaN and infinities ``None``."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "tolist"):  # numpy arrays and scalars, polars Series
        return jsonable(value.tolist())
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _number(value: float | int, digits: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if math.isnan(value):
        return "nan"
    return f"{value:.{digits}f}"


def _array_text(value: Any, digits: int, multiline: bool) -> str:
    import numpy as np

    arr = np.asarray(value)
    if arr.dtype == object:
        return json.dumps(jsonable(value))
    text = np.array2string(
        arr,
        precision=digits,
        separator=", ",
        threshold=64,
        edgeitems=3,
        max_line_width=10_000,
        floatmode="fixed" if arr.dtype.kind == "f" else "maxprec",
    )
    if not multiline:
        text = re.sub(r"\s+", " ", text).replace("[ ", "[")
    return text


def display(value: Any, *, digits: int = 4, multiline: bool = True) -> str:
    """A cell for humans: numbers rounded, arrays compact, a matrix on several lines."""
    if value is None:
        return "(null)"
    if value is _OVERALL:
        return "overall"
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return _number(value, digits)
    if hasattr(value, "ndim") and value.ndim == 0:  # numpy scalar
        return display(value.item(), digits=digits, multiline=multiline)
    if _is_array(value):
        return _array_text(value, digits, multiline)
    return str(value)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else repr(value)
    if hasattr(value, "ndim") and value.ndim == 0:
        return _csv_cell(value.item())
    if _is_array(value):
        return json.dumps(jsonable(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# ------------------------------------------------------------------- reports


class _OverallMarker:
    """Placeholder shown in the first group column of the overall row."""

    def __repr__(self) -> str:
        return "overall"


_OVERALL = _OverallMarker()


class Report:
    """A result ready to be printed in any of the output formats.

    ``columns``/``rows`` are what people see (table, markdown; the first row
    bold when ``bold_first``); ``raw_columns``/``raw_rows`` are the data
    (csv); ``data`` is the JSON document.
    """

    def __init__(
        self,
        columns: list[str],
        rows: list[list[Any]],
        data: Any,
        *,
        raw_columns: list[str] | None = None,
        raw_rows: list[list[Any]] | None = None,
        bold_first: bool = False,
        numeric: set[str] | None = None,
        footer: str | None = None,
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.data = data
        self.raw_columns = raw_columns if raw_columns is not None else columns
        self.raw_rows = raw_rows if raw_rows is not None else rows
        self.bold_first = bold_first
        self.numeric = numeric or set()
        self.footer = footer


def report_from_result(result: Any, group_by: list[str] | None = None) -> Report:
    """A ``Report`` for what ``evaluate_parquet`` returned (a dict or a polars DataFrame)."""
    if isinstance(result, dict):
        rows = [[name, value] for name, value in result.items()]
        return Report(["metric", "value"], rows, jsonable(result), numeric={"value"})
    columns = list(result.columns)
    group_by = list(group_by or [c for c in columns[: columns.index("overall")]])
    metric_cols = [c for c in columns if c not in (*group_by, "overall", "rows")]
    raw_rows = [list(r) for r in result.iter_rows()]
    records = [dict(zip(columns, r)) for r in raw_rows]
    overall = [r for r in records if r.get("overall")]
    others = [r for r in records if not r.get("overall")]
    shown_cols = [*group_by, "rows", *metric_cols]
    rows = []
    for r in overall:
        groups = [_OVERALL] + [""] * (len(group_by) - 1) if group_by else []
        rows.append([*groups, r.get("rows"), *(r[c] for c in metric_cols)])
    for r in others:
        rows.append([r[c] for c in shown_cols])
    return Report(
        shown_cols,
        rows,
        [jsonable(r) for r in records],
        raw_columns=columns,
        raw_rows=raw_rows,
        bold_first=bool(overall),
        numeric={"rows", *metric_cols},
    )


RICH_MAX_ROWS = 1000  # rich lays out a table in ~1 ms per row; past this, plain text


def render_plain_table(report: Report, *, color: bool = False) -> str:
    """The same layout as ``render_table``, without rich: for tables of many rows."""
    bold, dim, reset = ("\x1b[1m", "\x1b[2m", "\x1b[0m") if color else ("", "", "")
    rows = [[display(v).split("\n") for v in row] for row in report.rows]
    right = [c in report.numeric for c in report.columns]
    widths = [len(c) for c in report.columns]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], *map(len, cell))

    def line(parts: list[str]) -> str:
        padded = [p.rjust(w) if r else p.ljust(w) for p, w, r in zip(parts, widths, right)]
        return "   ".join(padded).rstrip()

    out = [bold + line(report.columns) + reset if color else line(report.columns)]
    out.append("\u2500" * (sum(widths) + 3 * (len(widths) - 1)))
    for n, row in enumerate(rows):
        style = bold if report.bold_first and n == 0 else ""
        for k in range(max(len(cell) for cell in row)):
            text = line([cell[k] if k < len(cell) else "" for cell in row])
            out.append(style + text + reset if style else text)
    if report.footer:
        out.append(dim + report.footer + reset if color else report.footer)
    return "\n".join(out) + "\n"


def render_table(report: Report, *, color: bool = False, width: int | None = None) -> str:
    """``report`` as a rich table (plain text unless ``color``), its footer dimmed."""
    if len(report.rows) > RICH_MAX_ROWS:
        return render_plain_table(report, color=color)
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for col in report.columns:
        table.add_column(col, justify="right" if col in report.numeric else "left")
    for i, row in enumerate(report.rows):
        style = "bold" if report.bold_first and i == 0 else None
        table.add_row(*(display(v) for v in row), style=style)
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width or 10_000,
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(table)
    if report.footer:
        console.print(report.footer, style="dim")
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def render_markdown(report: Report) -> str:
    def cell(value: Any) -> str:
        text = display(value, multiline=False)
        if value is _OVERALL:
            text = f"**{text}**"
        return text.replace("|", "\\|")

    lines = [
        "| " + " | ".join(report.columns) + " |",
        "|" + "|".join("---:" if c in report.numeric else "---" for c in report.columns) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in report.rows]
    return "\n".join(lines) + "\n"


def render_csv(report: Report) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(report.raw_columns)
    for row in report.raw_rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buf.getvalue()


def dumps_json(data: Any, indent: int = 2, _level: int = 0) -> str:
    """JSON with objects and lists of objects indented, lists of numbers on one line."""
    pad, inner = " " * (indent * _level), " " * (indent * (_level + 1))
    if isinstance(data, dict) and data:
        items = [
            f"{inner}{json.dumps(str(k))}: {dumps_json(v, indent, _level + 1)}"
            for k, v in data.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, list) and any(isinstance(v, dict) for v in data):
        items = [f"{inner}{dumps_json(v, indent, _level + 1)}" for v in data]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(data, allow_nan=False, ensure_ascii=False)


def render_json(report: Report) -> str:
    return dumps_json(report.data) + "\n"


def render(report: Report, fmt: OutputFormat, *, color: bool = False, width: int | None = None):
    """``report`` as text in format ``fmt``."""
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.table:
        return render_table(report, color=color, width=width)
    if fmt is OutputFormat.markdown:
        return render_markdown(report)
    if fmt is OutputFormat.csv:
        return render_csv(report)
    return render_json(report)


def _check_output(path: Path) -> Path:
    """The folder ``path`` will be written in; raises if that cannot work."""
    if path.is_dir():
        raise IsADirectoryError(f"output {str(path)!r} is a folder; give a file path")
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"output folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(f"output folder {str(folder)!r} is not writable")
    return folder


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    On any failure the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    folder = _check_output(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _emit(report: Report, fmt: OutputFormat, output: Path | None) -> None:
    if output is not None:
        write_atomic(output, render(report, fmt))
        return
    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if tty else None
    text = render(report, fmt, color=tty, width=width)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `fasteval ... | head`: the reader left, which is fine
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(code=0) from None


# ----------------------------------------------------------------- option parsing


def _split_list(values: list[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def parse_label(text: str) -> int | str:
    """``"1"`` -> 1, ``"-2"`` -> -2, anything else stays a string."""
    return int(text) if re.fullmatch(r"\s*[+-]?\d+\s*", text) else text


def parse_option(text: str) -> tuple[str, Any]:
    """``"beta=0.5"`` -> ("beta", 0.5); values are read as JSON when they parse, else strings."""
    key, sep, raw = text.partition("=")
    key = key.strip().replace("-", "_")
    if not sep or not key.isidentifier():
        raise ValueError(f"--option expects KEY=VALUE, got {text!r}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key, value


def _source(files: list[str]) -> str | list[str]:
    return files[0] if len(files) == 1 else list(files)


def _rate(rows: int | None, seconds: float) -> str:
    if rows is None:
        return f"in {seconds:.2f} s"
    speed = rows / max(seconds, 1e-9)
    speed_text = f"{speed / 1e6:,.1f} M rows/s" if speed >= 1e6 else f"{speed:,.0f} rows/s"
    return f"{rows:,} rows in {seconds:.2f} s ({speed_text})"


def _cli_hint(message: str, *, average_given: bool) -> str:
    """Library messages name keyword arguments; say which option to use instead."""
    message = message.replace("pass nulls='drop'", "pass --nulls drop")
    if not average_given and "average='binary'" in message:
        message += " (pass --average macro, micro, weighted or none)"
    return message


def _count_rows(files: list[str], *, exact: bool) -> int | None:
    """Rows in the Parquet files (from their footers), or None when unknown."""
    if not exact:
        return None
    try:
        import pyarrow.parquet as pq

        from fasteval.parquet import _expand_paths

        return sum(pq.ParquetFile(p).metadata.num_rows for p in _expand_paths(_source(files)))
    except Exception:
        return None


def _overall_rows(result: Any) -> int | None:
    if isinstance(result, dict):
        return None
    with contextlib.suppress(Exception):
        overall = result.filter(result["overall"])
        return int(overall["rows"][0])
    return None


def _run_evaluation(source: Any, metrics: list[str], **kwargs: Any) -> tuple[Any, float]:
    import fasteval

    try:
        evaluate_parquet = fasteval.evaluate_parquet
    except AttributeError:  # not re-exported (yet)
        from fasteval.parquet import evaluate_parquet
    with _report_warnings():
        t0 = time.perf_counter()
        result = evaluate_parquet(source, metrics, **kwargs)
        seconds = time.perf_counter() - t0
    return result, seconds


# ------------------------------------------------------------------- commands


def _version(value: bool) -> None:
    if value:
        from fasteval import __version__

        print(f"fasteval {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the fasteval version and exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Evaluate classification predictions stored in Parquet files, with
    scikit-learn's numbers at the speed of Numba kernels."""


# Arguments shared by the commands that read Parquet files (eval, report).
FilesArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE",
        help="Parquet files, folders of Parquet files, or quoted globs ('preds/*.parquet').",
        show_default=False,
    ),
]
PredictionsOption = Annotated[
    str,
    typer.Option("--predictions", "-p", metavar="COL", help="Column holding the predicted labels."),
]
BatchSizeOption = Annotated[
    int | None,
    typer.Option(
        "--batch-size",
        min=1,
        metavar="N",
        help="Rows read per batch (default: the library's choice).",
        show_default=False,
    ),
]
ProgressOption = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Show a progress bar on stderr (default: only when stderr is a terminal).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
ReferencesOption = Annotated[
    str,
    typer.Option(
        "--references", "-r", metavar="COL", help="Column holding the reference (true) labels."
    ),
]


@app.command("eval", no_args_is_help=True)
def eval_command(
    files: FilesArgument,
    predictions: PredictionsOption = "prediction",
    references: ReferencesOption = "label",
    metrics: Annotated[
        str,
        typer.Option(
            "--metrics",
            "-m",
            metavar="NAMES",
            help="Comma-separated module names (see 'fasteval list').",
        ),
    ] = "accuracy,f1,precision,recall",
    average: Annotated[
        Average | None,
        typer.Option(
            "--average",
            help="Averaging of per-class scores, as in scikit-learn ('none': one score per "
            "class). Default: each module's own (binary for f1/precision/recall).",
            show_default=False,
        ),
    ] = None,
    pos_label: Annotated[
        str | None,
        typer.Option(
            "--pos-label",
            metavar="LABEL",
            help="The positive class for average=binary; read as an integer when it looks like one.",
            show_default=False,
        ),
    ] = None,
    sample_weight: Annotated[
        str | None,
        typer.Option(
            "--sample-weight", "-w", metavar="COL", help="Column holding per-row sample weights."
        ),
    ] = None,
    group_by: Annotated[
        list[str] | None,
        typer.Option(
            "--group-by",
            "-g",
            metavar="COL",
            help="Also score each group of these columns (repeat the option or separate with "
            "commas); adds an overall row.",
            show_default=False,
        ),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option(
            "--option",
            metavar="KEY=VALUE",
            help="Extra keyword for the metrics, e.g. beta=0.5, zero_division=0, "
            "labels=[0,1,2] (values read as JSON, else as strings). Repeatable.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the output to this file (atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
    batch_size: BatchSizeOption = None,
    nulls: Annotated[
        Nulls,
        typer.Option(
            "--nulls",
            help="Rows with a null prediction, reference or weight: 'raise' an error or 'drop' them.",
            case_sensitive=False,
        ),
    ] = Nulls.raise_,
    progress: ProgressOption = None,
) -> None:
    """Score predictions stored in Parquet files.

    \b
    Examples:
      fasteval eval preds.parquet --average macro
      fasteval eval 'preds/*.parquet' -m accuracy,f1 --average macro -g language -f json
      fasteval eval preds/ -p predicted -r gold -o scores.csv -f csv
    """
    with _errors():
        metric_names = _split_list(metrics)
        if not metric_names:
            raise ValueError("--metrics: give at least one module name")
        groups = _split_list(group_by) or None
        kwargs: dict[str, Any] = {}
        for item in option or []:
            key, value = parse_option(item)
            if key in kwargs:
                raise ValueError(f"--option {key} given twice")
            kwargs[key] = value
        if average is not None:
            if "average" in kwargs:
                raise ValueError("give the average with --average or --option, not both")
            kwargs["average"] = None if average is Average.none else average.value
        if pos_label is not None:
            if "pos_label" in kwargs:
                raise ValueError("give the positive label with --pos-label or --option, not both")
            kwargs["pos_label"] = parse_label(pos_label)
        if output is not None:
            _check_output(output)  # fail before the evaluation, not after

        _warm_up()
        try:
            result, seconds = _run_evaluation(
                _source(files),
                metric_names,
                predictions=predictions,
                references=references,
                sample_weight=sample_weight,
                group_by=groups,
                batch_size=batch_size,
                nulls=nulls.value,
                progress=progress,
                **kwargs,
            )
        except ValueError as exc:
            raise ValueError(_cli_hint(_message(exc), average_given="average" in kwargs)) from None
        report = report_from_result(result, groups)
        if fmt is OutputFormat.table:
            rows = _overall_rows(result)
            if rows is None:
                rows = _count_rows(files, exact=nulls is Nulls.raise_)
            report.footer = f"evaluated {_rate(rows, seconds)}"
        _emit(report, fmt, output)


@app.command("report", no_args_is_help=True)
def report_command(
    files: FilesArgument,
    predictions: PredictionsOption = "prediction",
    references: ReferencesOption = "label",
    scores: Annotated[
        str | None,
        typer.Option(
            "--scores",
            metavar="COL",
            help="Confidence of the predicted class (float) or class probabilities (list of floats).",
            show_default=False,
        ),
    ] = None,
    inputs: Annotated[
        str | None,
        typer.Option("--inputs", metavar="COL", help="Model inputs (text).", show_default=False),
    ] = None,
    ids: Annotated[
        str | None,
        typer.Option("--ids", metavar="COL", help="Row identifiers.", show_default=False),
    ] = None,
    metadata: Annotated[
        list[str] | None,
        typer.Option(
            "--metadata",
            "-g",
            metavar="COL",
            help="Columns to slice the error rate by (repeat or separate with commas).",
            show_default=False,
        ),
    ] = None,
    label_names: Annotated[
        str | None,
        typer.Option(
            "--label-names",
            metavar="JSON",
            help='Display names: a JSON list (name of label i) or object {"label": "name"}.',
            show_default=False,
        ),
    ] = None,
    html_out: Annotated[
        Path | None,
        typer.Option("--html", metavar="PATH", help="Write a self-contained HTML report."),
    ] = None,
    markdown_out: Annotated[
        Path | None,
        typer.Option("--markdown", metavar="PATH", help="Write the report as Markdown."),
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", metavar="PATH", help="Write the report as JSON."),
    ] = None,
    top_errors: Annotated[
        int,
        typer.Option("--top-errors", min=0, metavar="N", help="Examples shown per table."),
    ] = 20,
    sample: Annotated[
        int,
        typer.Option(
            "--sample",
            min=1,
            metavar="N",
            help="Rows kept (uniform reservoir sample) for score curves and examples; curves "
            "from a sample are approximate, counts and findings are exact.",
        ),
    ] = 100_000,
    batch_size: BatchSizeOption = None,
) -> None:
    """Report on predictions stored in Parquet files: scores, per-class table, confusion
    matrix, the errors and their likely causes (streamed in bounded memory).

    \b
    Examples:
      fasteval report preds.parquet -p prediction -r label --scores confidence --html report.html
      fasteval report 'preds/*.parquet' --inputs text --metadata language --json report.json
    """
    with _errors():
        from fasteval.parquet import (
            DEFAULT_BATCH_SIZE,
            _batches,
            _check_files,
            _open_dataset,
            _Plan,
        )
        from fasteval.reporting import ReportBuilder

        names = None
        if label_names is not None:
            try:
                names = json.loads(label_names)
            except ValueError:
                raise ValueError(f"--label-names: not valid JSON: {label_names!r}") from None
            if not isinstance(names, (list, dict)):
                raise ValueError("--label-names: expected a JSON list or object")
        outputs = [o for o in (html_out, markdown_out, json_out) if o is not None]
        for out in outputs:
            _check_output(out)
        meta = _split_list(metadata)
        plan = _Plan(predictions, references, None, meta, "raise", batch_size or DEFAULT_BATCH_SIZE)
        for column, role in ((scores, "scores"), (inputs, "inputs"), (ids, "ids")):
            if column:
                plan.roles.setdefault(column, role)
        t0 = time.perf_counter()
        dataset, paths = _open_dataset(_source(files), plan)
        if paths is not None:
            _check_files(dataset, paths, plan)
        builder = ReportBuilder(
            label_names=names, sample=sample, error_sample=max(sample // 10, top_errors, 1)
        )
        with _report_warnings():
            for batch in _batches(dataset, plan):
                if batch.num_rows == 0:
                    continue
                builder.update(
                    batch.column(predictions),
                    batch.column(references),
                    scores=_score_column(batch.column(scores)) if scores else None,
                    inputs=batch.column(inputs) if inputs else None,
                    ids=batch.column(ids) if ids else None,
                    metadata={c: batch.column(c) for c in meta},
                )
            result = builder.finish(top_errors=top_errors)
        seconds = time.perf_counter() - t0
        from fasteval.reporting.renderers import TerminalRenderer

        tty = sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if tty else 120
        text = TerminalRenderer(width=width, color=tty).render(result)
        for path, fmt in ((html_out, "html"), (markdown_out, "markdown"), (json_out, "json")):
            if path is not None:
                write_atomic(path, result.render(fmt))
        try:
            sys.stdout.write(text + f"\nreported {_rate(result.n_rows, seconds)}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(code=0) from None


def _score_column(column: Any) -> Any:
    """A float column as numpy; a list-of-floats column as an (n, classes) matrix."""
    import numpy as np
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if (
        pa.types.is_list(column.type)
        or pa.types.is_large_list(column.type)
        or pa.types.is_fixed_size_list(column.type)
    ):
        if column.null_count:
            raise ValueError("scores: contains null values")
        lengths = np.unique(pa.compute.list_value_length(column).to_numpy(zero_copy_only=False))
        if lengths.size != 1:
            raise ValueError("scores: every row needs the same number of class probabilities")
        return column.flatten().to_numpy(zero_copy_only=False).reshape(len(column), int(lengths[0]))
    if not (pa.types.is_floating(column.type) or pa.types.is_integer(column.type)):
        raise TypeError(f"scores: expected floats or lists of floats, got {column.type}")
    if column.null_count:
        raise ValueError("scores: contains null values")
    return column.to_numpy(zero_copy_only=False)


@app.command("list")
def list_command(
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the evaluation modules, with a one-line description of each."""
    with _errors():
        import fasteval

        modules = fasteval.list_evaluation_modules(with_details=True)
        rows = [[m["name"], m["type"], m["description"]] for m in modules]
        report = Report(["name", "type", "description"], rows, modules)
        _emit(report, fmt, None)


# --------------------------------------------------------------------------- demo

_DEMO_LANGUAGES = ["en", "de", "fr", "ja", "sw"]
_DEMO_SHARE = [0.40, 0.25, 0.15, 0.12, 0.08]
_DEMO_ACCURACY = [0.92, 0.88, 0.83, 0.74, 0.61]


def make_demo_table(rows: int, classes: int, seed: int = 0):
    """A pyarrow Table of synthetic predictions: prediction, label, language.

    Each language has its own accuracy (en 92% ... sw 61%); a wrong prediction is
    uniformly one of the other classes. Vectorised numpy: about a second for 5M rows.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if classes < 2:
        raise ValueError(f"--classes must be at least 2, got {classes}")
    rng = np.random.default_rng(seed)
    language = rng.choice(len(_DEMO_LANGUAGES), size=rows, p=_DEMO_SHARE).astype(np.int32)
    label = rng.integers(0, classes, size=rows, dtype=np.int32)
    right = rng.random(rows) < np.asarray(_DEMO_ACCURACY)[language]
    shift = rng.integers(1, classes, size=rows, dtype=np.int32)
    prediction = np.where(right, label, (label + shift) % classes).astype(np.int32)
    names = pc.take(pa.array(_DEMO_LANGUAGES), pa.array(language))
    return pa.table({"prediction": prediction, "label": label, "language": names})


def _write_parquet_atomic(table: Any, path: Path, row_groups: int = 8) -> None:
    import pyarrow.parquet as pq

    row_group_size = max(1, -(-table.num_rows // row_groups))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp, row_group_size=row_group_size)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _warm_up(sample: Any = None, metrics: Any = None, group_by: Any = None, **kwargs: Any) -> None:
    """Import the readers and load the kernels first, so that the timings show throughput.

    With ``sample`` (a small pyarrow Table), evaluate it as the real data will be.
    """
    import numpy as np
    import pyarrow.dataset  # noqa: F401  (imports pandas when installed: ~0.3 s)

    import fasteval

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if sample is None:
            fasteval.combine(["accuracy", "f1", "precision", "recall"]).compute(
                predictions=np.array([0, 1, 2], dtype=np.int32),
                references=np.array([0, 2, 2], dtype=np.int32),
                average="macro",
            )
            return
        kwargs["progress"] = False
        fasteval.evaluate_parquet(sample, metrics, **kwargs)
        fasteval.evaluate_parquet(sample, metrics, group_by=group_by, **kwargs)


@app.command("demo")
def demo_command(
    rows: Annotated[
        int, typer.Option("--rows", "-n", min=1, metavar="N", help="Number of predictions.")
    ] = 5_000_000,
    classes: Annotated[
        int, typer.Option("--classes", "-k", min=2, metavar="K", help="Number of classes.")
    ] = 10,
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            metavar="PATH",
            help="Keep the generated Parquet file at this path (a file, or a folder to "
            "write fasteval-demo.parquet into) instead of a temporary folder.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="Random seed of the synthetic data.")
    ] = 0,
    progress: ProgressOption = None,
) -> None:
    """Write a sample predictions Parquet file and evaluate it, overall and per language."""
    with _errors(), contextlib.ExitStack() as stack:
        if keep is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fasteval-")))
            path = folder / "predictions.parquet"
        else:
            path = keep / "fasteval-demo.parquet" if keep.is_dir() else keep
        out = sys.stdout
        t0 = time.perf_counter()
        table = make_demo_table(rows, classes, seed)
        _write_parquet_atomic(table, path)
        gen_s = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        print(
            f"wrote {rows:,} predictions ({classes} classes, {len(_DEMO_LANGUAGES)} languages) "
            f"to {path} ({size_mb:,.1f} MB) in {gen_s:.2f} s",
            file=out,
        )
        kwargs = {"average": "macro", "progress": progress}
        metrics = ["accuracy", "f1", "precision", "recall"]
        _warm_up(table.slice(0, 1000), metrics, "language", **kwargs)

        result, seconds = _run_evaluation(str(path), metrics, **kwargs)
        print("\noverall (average=macro):", file=out)
        report = report_from_result(result)
        report.footer = f"evaluated {_rate(rows, seconds)}"
        _emit(report, OutputFormat.table, None)

        result, seconds = _run_evaluation(str(path), metrics, group_by="language", **kwargs)
        print("\nper language (--group-by language):", file=out)
        report = report_from_result(result, ["language"])
        report.footer = f"evaluated {_rate(rows, seconds)}"
        _emit(report, OutputFormat.table, None)
        if keep is not None:
            print(f"\nkept {path}; try: fasteval eval {path} -g language", file=out)


def main() -> None:
    """Entry point of the ``fasteval`` executable."""
    app(prog_name="fasteval")


if __name__ == "__main__":
    main()
