"""The evaluator's data: any table-like object -> named columns, as numpy arrays or lists.

Accepted: a list of row dicts, a dict of columns, a pandas or polars DataFrame
(or polars LazyFrame), a pyarrow Table or RecordBatch, a path to a Parquet
file or folder (or a ``.csv`` / ``.jsonl`` file), and a Hugging Face
``datasets.Dataset`` (recognized by duck typing: ``datasets`` is never
imported here). Only the columns asked for are read or converted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from numbers import Number
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Table", "as_table", "column_values"]


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


class Table:
    """A read-only view of the evaluation data: column names, row count, columns on demand."""

    def __init__(self, columns: list[str], num_rows: int, getter: Any, what: str) -> None:
        self.columns = columns
        self.num_rows = num_rows
        self._get = getter
        self.what = what  # how the data is described in errors ("a pandas DataFrame", ...)

    def check_columns(self, wanted: dict[str, str]) -> None:
        """Raise naming the argument and the columns that exist if a wanted column is missing."""
        for argument, column in wanted.items():
            if column not in self.columns:
                raise ValueError(
                    f"evaluator: {argument}={column!r} is not a column of the data ({self.what});"
                    f" the columns are: {', '.join(map(repr, self.columns)) or 'none'}"
                )

    def column(self, name: str) -> Any:
        """One column as numpy (numeric), a pyarrow array, or a Python list."""
        return self._get(name)


def as_table(data: Any) -> Table:
    """Wrap ``data`` as a :class:`Table`, or raise a ``TypeError`` naming what is accepted."""
    if data is None:
        raise ValueError("evaluator: data is required (a table of inputs and labels), got None")
    if isinstance(data, (str, os.PathLike)):
        return _file_table(Path(data))
    mod = _module_of(data)
    if mod == "datasets" and hasattr(data, "column_names"):
        return _datasets_table(data)
    if mod == "pyarrow" and hasattr(data, "column_names") and hasattr(data, "num_rows"):
        return _arrow_table(data, f"a pyarrow {type(data).__name__}")
    if mod == "polars":
        if hasattr(data, "collect") and not hasattr(data, "height"):  # LazyFrame
            return _polars_lazy_table(data)
        if hasattr(data, "to_arrow") and hasattr(data, "columns"):
            return _arrow_table(data.to_arrow(), "a polars DataFrame")
    if mod == "pandas" and hasattr(data, "columns"):
        return _pandas_table(data)
    if isinstance(data, Mapping):
        return _columns_table(data)
    if isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray)):
        return _rows_table(data)
    raise TypeError(
        "evaluator: data must be a list of dicts, a dict of columns, a pandas or polars"
        " DataFrame, a pyarrow Table, a Parquet path or a datasets.Dataset;"
        f" got {type(data).__name__}"
    )


# -- sources ---------------------------------------------------------------------------------


def _file_table(path: Path) -> Table:
    if not path.exists():
        raise FileNotFoundError(
            f"evaluator: no such file or folder {str(path)!r} (fasteval does not download"
            " datasets by name: pass a datasets.Dataset, a table or a Parquet path)"
        )
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        dataset = pq.ParquetDataset(str(path))
        names = list(dataset.schema.names)
        rows = sum(
            pq.ParquetFile(f, filesystem=dataset.filesystem).metadata.num_rows
            for f in dataset.files
        )
        return Table(
            names,
            rows,
            lambda name: dataset.read(columns=[name]).column(name),
            f"Parquet {str(path)!r}",
        )
    if suffix in (".csv", ".jsonl", ".ndjson"):
        import polars as pl

        frame = pl.read_csv(path) if suffix == ".csv" else pl.read_ndjson(path)
        return _arrow_table(frame.to_arrow(), f"{suffix[1:]} file {str(path)!r}")
    raise ValueError(
        f"evaluator: cannot read {str(path)!r}: expected a Parquet file or folder,"
        " or a .csv / .jsonl file"
    )


def _arrow_table(table: Any, what: str) -> Table:
    return Table(list(table.column_names), table.num_rows, table.column, what)


def _polars_lazy_table(frame: Any) -> Table:
    import polars as pl

    names = list(frame.collect_schema().names())
    rows = int(frame.select(pl.len()).collect().item())
    return Table(
        names,
        rows,
        lambda name: frame.select(name).collect().to_arrow().column(name),
        "a polars LazyFrame",
    )


def _datasets_table(ds: Any) -> Table:
    names = ds.column_names
    if isinstance(names, Mapping):
        raise TypeError(
            f"evaluator: data is a datasets.DatasetDict with splits {', '.join(names)};"
            " pass one split, e.g. data['test']"
        )
    if names is None or not hasattr(ds, "__len__"):
        raise TypeError(
            "evaluator: a streaming datasets.IterableDataset has no length; materialize it"
            " first (e.g. datasets.Dataset.from_list(list(ds.take(n))))"
        )
    arrow = ds.with_format("arrow")
    features = getattr(ds, "features", None) or {}

    def column(name: str) -> Any:
        # Image / Audio features store encoded bytes: let datasets decode them
        if getattr(features.get(name), "decode", False):
            return list(ds[name])
        return arrow[name]

    return Table(list(names), len(ds), column, "a datasets.Dataset")


def _pandas_table(frame: Any) -> Table:
    names = [str(c) for c in frame.columns]

    def column(name: str) -> Any:
        series = frame[name]
        values = series.to_numpy()
        if values.dtype.kind == "O":
            return series.tolist()
        return values

    return Table(names, len(frame), column, "a pandas DataFrame")


def _columns_table(data: Mapping) -> Table:
    names = list(data)
    lengths = {}
    for name, values in data.items():
        try:
            lengths[name] = len(values)
        except TypeError:
            raise TypeError(
                f"evaluator: column {name!r} of the data dict has no length"
                f" ({type(values).__name__}); each value must be a column of values"
            ) from None
    if len(set(lengths.values())) > 1:
        raise ValueError(f"evaluator: the data's columns differ in length: {lengths}")
    rows = next(iter(lengths.values()), 0)
    return Table(names, rows, lambda name: data[name], "a dict of columns")


def _rows_table(rows: Sequence) -> Table:
    if len(rows) and not isinstance(rows[0], Mapping):
        raise TypeError(
            "evaluator: a list given as data must hold one dict per row,"
            f" got a list of {type(rows[0]).__name__}"
        )
    names = list(rows[0]) if len(rows) else []

    def column(name: str) -> list:
        out = []
        for i, row in enumerate(rows):
            try:
                out.append(row[name])
            except KeyError:
                raise ValueError(
                    f"evaluator: row {i} of the data has no column {name!r}"
                    f" (its columns: {', '.join(map(repr, row))})"
                ) from None
        return out

    return Table(names, len(rows), column, "a list of row dicts")


# -- columns as values -----------------------------------------------------------------------


def column_values(col: Any, name: str, *, role: str) -> Any:
    """``col`` as a numpy array (numbers, equal-length vectors) or a Python list (anything else).

    ``role`` is ``"inputs"`` or ``"references"`` (for error messages). Nulls in
    inputs are refused here; nulls in references are left to the metric, which
    names them.
    """
    mod = _module_of(col)
    if mod == "torch":
        return col.detach().cpu().numpy()
    if mod == "polars":
        col = col.to_arrow()
        mod = "pyarrow"
    if mod == "pyarrow":
        return _arrow_values(col, name, role)
    if mod == "pandas":
        values = col.to_numpy()
        return col.tolist() if values.dtype.kind == "O" else values
    if isinstance(col, np.ndarray):
        return col
    values = list(col)
    if values and all(isinstance(v, (Number, np.generic)) for v in values[:1]):
        arr = np.asarray(values)
        if arr.dtype.kind in "biuf":
            return arr
    if values and isinstance(values[0], (list, tuple, np.ndarray)):
        try:
            arr = np.asarray(values)
        except ValueError:  # ragged
            return values
        if arr.dtype.kind in "biuf":
            return arr
    return values


def _arrow_values(col: Any, name: str, role: str) -> Any:
    import pyarrow as pa
    import pyarrow.types as pat

    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    typ = col.type
    if role == "inputs" and col.null_count:
        raise ValueError(f"evaluator: input column {name!r} has {col.null_count} null value(s)")
    if pat.is_integer(typ) or pat.is_floating(typ) or pat.is_boolean(typ):
        if col.null_count:
            return col  # the metric reports the nulls, naming the references
        return col.to_numpy(zero_copy_only=False)
    if pat.is_dictionary(typ):
        return _arrow_values(col.cast(typ.value_type), name, role)
    if (pat.is_list(typ) or pat.is_large_list(typ) or pat.is_fixed_size_list(typ)) and (
        pat.is_integer(typ.value_type) or pat.is_floating(typ.value_type)
    ):
        flat = col.flatten()
        n = len(col)
        if n and len(flat) % n == 0 and flat.null_count == 0:
            width = len(flat) // n
            lengths = pa.compute.list_value_length(col).to_numpy(zero_copy_only=False)
            if (lengths == width).all():
                return flat.to_numpy(zero_copy_only=False).reshape(n, width)
    if role == "references" and (pat.is_string(typ) or pat.is_large_string(typ)):
        return col  # string labels: Arrow's dictionary encoding, no Python objects
    return column_values(col.to_pylist(), name, role=role)
