"""Evaluate predictions stored in Parquet files (or any Arrow-compatible table), streaming.

:func:`evaluate_parquet` reads only the columns it needs, batch by batch
through pyarrow's dataset scanner (which decodes the next batches on its own
threads while the Numba kernels, which release the GIL, count this one), folds
each batch into the metric states and never holds the file in memory. It is
the same three steps as every other path in fasteval: update states, merge
states, derive.

With ``client=`` (a ``dask.distributed.Client``) the files' row groups are
mapped to states on the workers and the states are merged on the caller:
results equal the single-machine ones.
"""

from __future__ import annotations

import copy
import glob
import os
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fasteval.combine import CombinedEvaluations, combine
from fasteval.module import ClassificationModule, EvaluationModule, validate_label_batch

__all__ = ["evaluate_parquet"]

DEFAULT_BATCH_SIZE = 1 << 18
_GLOB_CHARS = set("*?[")


@dataclass
class _Plan:
    """What to read and how to treat it; shipped to Dask workers as is."""

    predictions: str
    references: str
    sample_weight: str | None
    group_by: list[str]
    nulls: str
    batch_size: int
    filters: Any = None
    roles: dict[str, str] = field(init=False)  # column -> role, from the fields above

    def __post_init__(self) -> None:
        self.roles = {self.predictions: "predictions", self.references: "references"}
        if self.sample_weight:
            self.roles[self.sample_weight] = "sample_weight"
        for name in self.group_by:
            self.roles.setdefault(name, "group_by")

    @property
    def columns(self) -> list[str]:
        return list(self.roles)

    @property
    def required(self) -> list[str]:
        """Columns whose nulls make a row unusable (group keys may be null: own group)."""
        return [c for c in (self.predictions, self.references, self.sample_weight) if c]


# -- sources --------------------------------------------------------------------------------


def _expand_paths(source: Any) -> list[str]:
    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    if not items:
        raise ValueError("source: expected a path, a list of paths or a glob; got an empty list")
    paths: list[str] = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"source: expected paths (str), got {type(item).__name__}")
        text = os.fspath(item)
        if "://" in text:  # s3://, gs://, hdfs://, file://: resolved by pyarrow's filesystems
            paths.append(text)
        elif _GLOB_CHARS & set(text):
            matches = sorted(os.path.abspath(m) for m in glob.glob(text, recursive=True))
            if not matches:
                raise FileNotFoundError(f"no files match {text!r}")
            paths.extend(matches)
        elif os.path.isdir(text):
            found = sorted(
                os.path.abspath(m)
                for m in glob.glob(os.path.join(text, "**", "*.parquet"), recursive=True)
            )
            if not found:
                raise FileNotFoundError(f"no .parquet files in folder {text!r}")
            paths.extend(found)
        elif os.path.exists(text):
            paths.append(os.path.abspath(text))
        else:
            raise FileNotFoundError(f"no such file or folder: {text!r}")
    return paths


def _open_dataset(source: Any, plan: _Plan) -> tuple[Any, list[str] | None]:
    """A pyarrow Dataset for ``source`` and, for files, the list of paths."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    module = type(source).__module__.split(".", 1)[0]
    if isinstance(source, ds.Dataset):
        return source, None
    if isinstance(source, (pa.Table, pa.RecordBatch)):
        return ds.dataset(source), None
    if module == "polars":
        import polars as pl

        if isinstance(source, pl.LazyFrame):
            _check_columns(source.collect_schema().names(), plan)
            # without filters only the needed columns are read (polars pushes the projection down)
            return _LazyFrameSource(
                source if plan.filters is not None else source.select(plan.columns)
            ), None
        else:
            _check_columns(source.columns, plan)
            table = source.select(plan.columns).to_arrow()
        return ds.dataset(table), None
    if module == "pandas":
        _check_columns([str(c) for c in source.columns], plan)
        return ds.dataset(pa.Table.from_pandas(source[plan.columns], preserve_index=False)), None
    paths = _expand_paths(source)
    # group keys are read as Arrow dictionaries: Parquet usually stores them so, and
    # then no string is decoded or hashed per row
    file_format = ds.ParquetFileFormat(read_options={"dictionary_columns": plan.group_by})
    try:
        filesystem = None
        if any("://" in p for p in paths):
            import pyarrow.fs as pafs

            resolved = [pafs.FileSystem.from_uri(p) for p in paths]
            if len({type(f).__name__ for f, _ in resolved}) > 1 or not all(
                "://" in p for p in paths
            ):
                raise ValueError(
                    "source: all paths must be on one filesystem (all local, or all one URI scheme)"
                )
            filesystem = resolved[0][0]
            paths_in_fs = [path for _, path in resolved]
        else:
            paths_in_fs = paths
        dataset = ds.dataset(paths_in_fs, format=file_format, filesystem=filesystem)
    except (pa.ArrowInvalid, OSError) as err:
        raise ValueError(f"cannot read Parquet: {_one_line(err)}") from None
    return dataset, paths


class _LazyFrameSource:
    """A polars LazyFrame, collected batch by batch with polars' streaming engine."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self.schema = frame.head(0).collect().to_arrow().schema

    def count_rows(self) -> None:
        return None  # unknown without running the query

    def batches(self, plan: _Plan) -> Iterator[Any]:
        expression = _filter_expression(plan.filters)
        for chunk in self.frame.collect_batches(chunk_size=plan.batch_size):
            table = chunk.to_arrow()
            if expression is not None:
                table = table.filter(expression).select(plan.columns)
            yield from table.to_batches()


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def _check_columns(names: Iterable[str], plan: _Plan) -> None:
    names = list(names)
    for column, role in plan.roles.items():
        if column not in names:
            raise ValueError(
                f"column {column!r} ({role}) not found; the data has columns: {', '.join(map(repr, names))}"
            )


def _check_types(schema: Any, plan: _Plan) -> None:
    import pyarrow.types as pat

    for column, role in plan.roles.items():
        typ = schema.field(column).type
        if pat.is_dictionary(typ):
            typ = typ.value_type
        if role == "group_by":
            if pat.is_nested(typ):
                raise TypeError(
                    f"column {column!r} (group_by) has type {typ}; expected a column of single values"
                    " (strings, numbers, booleans, dates ...)"
                )
            continue
        if role == "sample_weight":
            ok = pat.is_integer(typ) or pat.is_floating(typ)
            expected = "numbers"
        else:
            ok = (
                pat.is_integer(typ)
                or pat.is_boolean(typ)
                or pat.is_floating(typ)
                or pat.is_string(typ)
                or pat.is_large_string(typ)
                or pat.is_string_view(typ)
            )
            expected = "integer, boolean, whole-number float or string labels"
        if not ok:
            raise TypeError(f"column {column!r} ({role}) has type {typ}; expected {expected}")


def _check_files(dataset: Any, paths: list[str], plan: _Plan) -> None:
    """Every file readable, with the needed columns, all of the same types."""
    import pyarrow as pa

    first: dict[str, tuple[str, Any]] = {}
    for fragment in dataset.get_fragments():
        try:
            schema = fragment.physical_schema
        except (pa.ArrowInvalid, OSError) as err:
            raise ValueError(
                f"{fragment.path}: not a readable Parquet file ({_one_line(err)})"
            ) from None
        for column, role in plan.roles.items():
            if column not in schema.names:
                raise ValueError(
                    f"{fragment.path}: column {column!r} ({role}) not found; the file has columns:"
                    f" {', '.join(map(repr, schema.names))}"
                )
            typ = schema.field(column).type
            seen = first.setdefault(column, (fragment.path, typ))
            if seen[1] != typ:
                raise ValueError(
                    f"files disagree on the type of column {column!r}: {seen[0]} has {seen[1]},"
                    f" {fragment.path} has {typ}"
                )


def _filter_expression(filters: Any) -> Any:
    if filters is None:
        return None
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if isinstance(filters, pc.Expression):
        return filters
    try:
        return pq.filters_to_expression(filters)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"filters: expected a pyarrow.compute.Expression or a list of (column, op, value) tuples; {err}"
        ) from None


def _batches(dataset: Any, plan: _Plan) -> Iterator[Any]:
    """Record batches of the needed columns, in order, in bounded memory.

    Files are read one row group at a time on a background thread that stays
    at most a few batches ahead (pyarrow's own dataset readahead reads far
    ahead of a slower consumer: a 20M-row file took ~200 MB). Decoding there
    and counting here overlap: both release the GIL.
    """
    import pyarrow as pa
    import pyarrow.dataset as ds

    if isinstance(dataset, _LazyFrameSource):
        yield from dataset.batches(plan)
        return
    expression = _filter_expression(plan.filters)
    if not isinstance(dataset, ds.FileSystemDataset):  # in memory already
        yield from dataset.to_batches(
            columns=plan.columns, filter=expression, batch_size=plan.batch_size
        )
        return

    def produce() -> Iterator[Any]:
        for fragment in dataset.get_fragments(filter=expression):
            for row_group in fragment.split_by_row_group(filter=expression):
                yield from row_group.to_batches(
                    columns=plan.columns,
                    filter=expression,
                    batch_size=plan.batch_size,
                    use_threads=True,
                )

    try:
        yield from _read_ahead(produce(), depth=4)
    except (pa.ArrowInvalid, OSError) as err:
        raise ValueError(f"reading the data failed: {_one_line(err)}") from None


def _read_ahead(items: Iterator[Any], depth: int) -> Iterator[Any]:
    """Iterate ``items`` on a background thread, at most ``depth`` items ahead."""
    import queue
    import threading

    buffer: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def worker() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put((done, None))
        except BaseException as err:  # handed to the consumer
            buffer.put((None, err))

    thread = threading.Thread(target=worker, name="fasteval-reader", daemon=True)
    thread.start()
    try:
        while True:
            item, err = buffer.get()
            if err is not None:
                raise err
            if item is done:
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a worker waiting on a full queue
            try:
                buffer.get_nowait()
            except queue.Empty:
                thread.join(0.05)


# -- folding batches into states --------------------------------------------------------------


class _Sink:
    """Folds record batches into the states of a combination of modules."""

    def __init__(
        self,
        combined: CombinedEvaluations,
        plan: _Plan,
        options: list[dict[str, Any]] | None = None,
    ) -> None:
        self.combined = combined
        self.plan = plan
        self.rows = 0
        self.dropped = 0
        if plan.group_by:
            from fasteval._grouped import GroupedLabelCounts

            modules = combined.evaluation_modules
            others = [m.name for m in modules if not isinstance(m, ClassificationModule)]
            if others:
                raise ValueError(
                    f"group_by works with the classification modules; not with {others}"
                )
            if options is None:
                options = [m.defaults for m in modules]
            needs = frozenset().union(*(m.state_needs(o) for m, o in zip(modules, options)))
            self.grouped = GroupedLabelCounts(plan.group_by, matrix="confusion_matrix" in needs)
            self.kind: str | None = None
        else:
            self.grouped = None

    def _drop_nulls(self, batch: Any) -> Any:
        import pyarrow.compute as pc

        nulls = {c: batch.column(c).null_count for c in self.plan.required}
        if not any(nulls.values()):
            return batch
        if self.plan.nulls == "raise":
            column, count = next((c, n) for c, n in nulls.items() if n)
            raise ValueError(
                f"column {column!r} ({self.plan.roles[column]}) has null values ({count} in one batch);"
                " pass nulls='drop' to skip those rows"
            )
        mask = None
        for column in self.plan.required:
            valid = pc.is_valid(batch.column(column))
            mask = valid if mask is None else pc.and_(mask, valid)
        kept = batch.filter(mask)
        self.dropped += batch.num_rows - kept.num_rows
        return kept

    def fold(self, batch: Any) -> None:
        batch = self._drop_nulls(batch)
        n = batch.num_rows
        if n == 0:
            return
        plan = self.plan
        weights = batch.column(plan.sample_weight) if plan.sample_weight else None
        if self.grouped is None:
            extra = {"sample_weight": weights} if weights is not None else {}
            self.combined._add(
                {
                    "predictions": batch.column(plan.predictions),
                    "references": batch.column(plan.references),
                },
                extra,
                "evaluate_parquet()",
            )
        else:
            validated, _ = validate_label_batch(
                {
                    "predictions": batch.column(plan.predictions),
                    "references": batch.column(plan.references),
                    "sample_weight": weights,
                },
                self.kind,
            )
            self.kind = validated["y_true"].kind
            groups = [batch.column(c) for c in plan.group_by]
            self.grouped.update(
                validated["y_true"], validated["y_pred"], validated["weights"], groups
            )
        self.rows += n

    def states(self) -> list[Any]:
        if self.grouped is not None:
            return [self.grouped]
        out = []
        for owner in self.combined._owners:
            owner._acc.flush()
            out.append(owner._acc.state)
        return out

    def merge(self, states: list[Any], rows: int, dropped: int) -> None:
        if self.grouped is not None:
            self.grouped.merge(states[0])
        else:
            for owner, state in zip(self.combined._owners, states):
                owner._acc.flush()
                owner._acc.state.merge(state)
                owner._acc.rows += rows
        self.rows += rows
        self.dropped += dropped

    def results(self, options: list[dict[str, Any]]) -> Any:
        combined = self.combined
        if self.rows == 0:
            raise ValueError(
                "no rows to evaluate (the data is empty, or every row was filtered out or dropped)"
            )
        if self.grouped is None:
            for owner in combined._owners:
                owner._acc.flush()
            results = [
                m._derive(m._acc.state, **o) for m, o in zip(combined.evaluation_modules, options)
            ]
            return combined._merge_results(results)
        return self._grouped_results(options)

    def _grouped_results(self, options: list[dict[str, Any]]) -> Any:
        import polars as pl

        from fasteval._grouped import _GroupState

        grouped, combined = self.grouped, self.combined
        modules = combined.evaluation_modules

        def scores(state: Any) -> dict[str, Any]:
            results = [m._derive(state, **o) for m, o in zip(modules, options)]
            return {k: _cell(v) for k, v in combined._merge_results(results).items()}

        records = [
            {
                **dict.fromkeys(grouped.group_by),
                "overall": True,
                "rows": grouped.overall.rows,
                **scores(grouped.overall),
            }
        ]
        order = sorted(range(len(grouped.groups)), key=lambda g: _sort_key(grouped.groups.keys[g]))
        for g in order:
            key = dict(zip(grouped.group_by, grouped.groups.keys[g]))
            records.append(
                {
                    **key,
                    "overall": False,
                    "rows": int(grouped.rows[g]),
                    **scores(_GroupState(grouped, g)),
                }
            )
        return pl.DataFrame(records, infer_schema_length=None)


def _cell(value: Any) -> Any:
    return value.tolist() if isinstance(value, np.ndarray) else value


def _sort_key(key: tuple) -> tuple:
    return tuple((v is None, str(type(v)), v if v is not None else 0) for v in key)


def _fold_part(
    template: CombinedEvaluations, plan: _Plan, options: list[dict[str, Any]], source: Any
) -> tuple[list[Any], int, int]:
    """Fold one part of the data (runs on a Dask worker): its states, rows and dropped rows."""
    import pyarrow.dataset as ds
    import pyarrow.fs as pafs

    sink = _Sink(copy.deepcopy(template), plan, options)
    file_format = ds.ParquetFileFormat(read_options={"dictionary_columns": plan.group_by})
    if isinstance(source, tuple):  # (path, row group ids)
        path, row_groups = source
        if "://" in path:
            filesystem, path = pafs.FileSystem.from_uri(path)
        else:
            filesystem = pafs.LocalFileSystem()
        fragment = file_format.make_fragment(path, filesystem, row_groups=row_groups)
        dataset = ds.FileSystemDataset(
            [fragment], fragment.physical_schema, file_format, filesystem
        )
    else:
        dataset = ds.dataset(source, format=file_format)
    for batch in _batches(dataset, plan):
        sink.fold(batch)
    return sink.states(), sink.rows, sink.dropped


def _remote_metadata(uri: str) -> Any:
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    filesystem, path = pafs.FileSystem.from_uri(uri)
    with filesystem.open_input_file(path) as handle:
        return pq.read_metadata(handle)


def _parts(paths: list[str], target_rows: int) -> list[tuple[str, list[int]]]:
    """Split files into (path, row groups) parts of about ``target_rows`` rows."""
    import pyarrow.parquet as pq

    parts = []
    for path in paths:
        meta = pq.read_metadata(path) if "://" not in path else _remote_metadata(path)
        current: list[int] = []
        rows = 0
        for i in range(meta.num_row_groups):
            current.append(i)
            rows += meta.row_group(i).num_rows
            if rows >= target_rows:
                parts.append((path, current))
                current, rows = [], 0
        if current or meta.num_row_groups == 0:
            parts.append((path, current))
    return parts


# -- progress ---------------------------------------------------------------------------------


class _Progress:
    """Rows and rows/s on stderr while a long evaluation runs (rich), or nothing."""

    def __init__(self, enabled: bool | None, total: int | None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("evaluating"),
                BarColumn(),
                TextColumn("{task.completed:,.0f} rows"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.bar.add_task("evaluating", total=total, rate="")
            self.start = time.perf_counter()
            self.bar.start()

    def advance(self, rows: int, done: int) -> None:
        if self.bar is not None:
            rate = done / max(time.perf_counter() - self.start, 1e-9)
            self.bar.update(self.task, advance=rows, rate=f"{rate:,.0f} rows/s")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


# -- the public function ---------------------------------------------------------------------


def _fresh(module: EvaluationModule) -> EvaluationModule:
    """A copy of ``module`` (options and all) without its stored examples."""
    copied = copy.deepcopy(module)
    copied.reset()
    return copied


def _as_combined(metrics: Any) -> CombinedEvaluations:
    """The modules to run, as a new combination: the caller's modules are never touched."""
    if isinstance(metrics, CombinedEvaluations):
        combined = copy.deepcopy(metrics)
        combined.reset()
        return combined
    if isinstance(metrics, EvaluationModule):
        return combine([_fresh(metrics)])
    if isinstance(metrics, str):
        metrics = [m.strip() for m in metrics.split(",") if m.strip()]
    if isinstance(metrics, dict):
        return combine(
            {k: _fresh(v) if isinstance(v, EvaluationModule) else v for k, v in metrics.items()}
        )
    return combine([_fresh(m) if isinstance(m, EvaluationModule) else m for m in metrics])


def evaluate_parquet(
    source: Any,
    metrics: Any = ("accuracy", "f1", "precision", "recall"),
    *,
    predictions: str = "prediction",
    references: str = "label",
    sample_weight: str | None = None,
    group_by: str | list[str] | None = None,
    filters: Any = None,
    batch_size: int | None = None,
    nulls: str = "raise",
    progress: bool | None = None,
    client: Any = None,
    **metric_kwargs: Any,
) -> Any:
    """Evaluate predictions stored in Parquet (or a table) in one streaming pass.

    Parameters
    ----------
    source : str, path, list of paths, glob, folder, pyarrow Table/Dataset, polars DataFrame/LazyFrame or pandas DataFrame
        Where the predictions are. Files are read batch by batch, only the needed columns.
    metrics : list of module names or modules, a comma-separated string, or a combined module
        What to compute (default: accuracy, f1, precision, recall).
    predictions, references : str
        Column names of the predicted and the true labels.
    sample_weight : str, optional
        Column name of per-row weights.
    group_by : str or list of str, optional
        Compute the metrics per slice as well (same single pass): returns a polars
        DataFrame with the group columns, ``overall`` (True on the one overall row,
        whose group columns are null), ``rows`` and one column per score.
    filters : pyarrow.compute.Expression or list of (column, op, value), optional
        Only rows matching this (pushed down to the Parquet reader).
    batch_size : int, optional
        Rows per batch read (default 262,144); memory stays bounded by a few batches.
    nulls : {"raise", "drop"}
        A null prediction, reference or weight raises (default), or its row is
        skipped and a warning says how many were.
    progress : bool, optional
        Show rows and rows/s on stderr; default: only when stderr is a terminal.
    client : dask.distributed.Client, optional
        Run on a Dask cluster: row groups are folded into states on the workers
        and merged here. The paths must be readable by the workers.
    **metric_kwargs
        Options passed to the modules that accept them (``average="macro"`` ...).

    Returns
    -------
    dict or polars.DataFrame
        The same dict ``combine(metrics).compute(...)`` would return on the whole data;
        a DataFrame with ``group_by``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> import fasteval
    >>> table = pa.table({"prediction": [0, 1, 1, 0], "label": [0, 1, 0, 0]})
    >>> fasteval.evaluate_parquet(table, ["accuracy", "recall"])
    {'accuracy': 0.75, 'recall': 1.0}
    """
    if nulls not in ("raise", "drop"):
        raise ValueError(f"nulls must be 'raise' or 'drop'; got {nulls!r}")
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise ValueError(f"batch_size must be a positive integer; got {batch_size!r}")
    for arg, value in (
        ("predictions", predictions),
        ("references", references),
        ("sample_weight", sample_weight),
    ):
        if not isinstance(value, str) and not (arg == "sample_weight" and value is None):
            raise TypeError(
                f"evaluate_parquet(): {arg} must name a column (str); got {type(value).__name__}"
            )
    groups = [group_by] if isinstance(group_by, str) else list(group_by or [])
    if not all(isinstance(g, str) for g in groups):
        raise TypeError(
            f"evaluate_parquet(): group_by must be a column name or a list of them; got {group_by!r}"
        )
    plan = _Plan(
        predictions,
        references,
        sample_weight,
        groups,
        nulls,
        batch_size or DEFAULT_BATCH_SIZE,
        filters,
    )
    combined = _as_combined(metrics)
    rows_in, options = combined._route(metric_kwargs, "evaluate_parquet()")
    if rows_in:
        raise TypeError(
            f"evaluate_parquet(): {', '.join(rows_in)} must name a column here, e.g. sample_weight='weight'"
        )
    for module, opts in zip(combined.evaluation_modules, options):
        module._prepare(opts)
    dataset, paths = _open_dataset(source, plan)
    _check_columns(dataset.schema.names, plan)
    if paths is not None:
        _check_files(dataset, paths, plan)
    _check_types(dataset.schema, plan)
    sink = _Sink(combined, plan, options)
    if client is not None:
        _run_on_dask(client, combined, plan, options, sink, paths)
    else:
        total = None
        if plan.filters is None and (progress or (progress is None and sys.stderr.isatty())):
            total = dataset.count_rows()  # from the Parquet footers: cheap
        bar = _Progress(progress, total)
        try:
            for batch in _batches(dataset, plan):
                sink.fold(batch)
                bar.advance(batch.num_rows, sink.rows)
        finally:
            bar.close()
    if sink.dropped:
        warnings.warn(
            f"dropped {sink.dropped} rows with null {' or '.join(plan.required)}",
            UserWarning,
            stacklevel=2,
        )
    return sink.results(options)


def _run_on_dask(
    client: Any,
    combined: CombinedEvaluations,
    plan: _Plan,
    options: list[dict[str, Any]],
    sink: _Sink,
    paths: list[str] | None,
) -> None:
    if paths is None:
        raise TypeError(
            "client=: a Dask evaluation reads Parquet files; pass paths, a folder or a glob as source"
        )
    target = max(plan.batch_size * 8, 1 << 20)
    template = copy.deepcopy(combined)
    parts = _parts(paths, target)
    futures = [
        client.submit(_fold_part, template, plan, options, part, pure=False) for part in parts
    ]
    # merge in part order, so that the result does not depend on which worker finished first
    for future in futures:
        states, rows, dropped = future.result()
        sink.merge(states, rows, dropped)
