"""``save``: results and the run's metadata to a JSON file, written atomically (as ``evaluate.save``)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["save"]


def save(path_or_file: str | os.PathLike, **data: Any) -> Path:
    """Save ``data`` (results, parameters) with the run's metadata as JSON; return the file's path.

    As ``evaluate.save``: a path with a suffix (``"results/run.json"``) is the
    file; a path without one (``"results/"``), or an existing folder, gets a
    file named ``result-%Y_%m_%d-%H_%M_%S.json`` inside it (``-1``, ``-2`` ...
    appended rather than overwriting a file saved in the same second).
    Folders are created. Added keys: ``_timestamp`` (ISO 8601, local time),
    ``_git_commit_hash`` (of the current folder's git repository, or ``None``),
    ``_fasteval_version``, ``_python_version`` and ``_interpreter_path``.

    Unlike ``evaluate.save``, numpy scalars and arrays, torch tensors, polars
    and pandas DataFrames, tuples, sets, paths, dates and dataclasses inside
    (nested) dicts and lists are written (arrays as nested lists, NaN and
    infinity as JSON's ``NaN``/``Infinity``, which ``json.load`` reads back).
    Anything else raises a ``TypeError`` naming its key, before any file is
    touched. The file is written to a temporary file in the same folder and
    renamed into place, so a reader never sees a half-written file.

    Parameters
    ----------
    path_or_file : str or path
        A file path, or a folder.
    **data
        What to save, e.g. ``save("out/", **results, model="my-model")``.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import json, tempfile, numpy as np
    >>> import fasteval
    >>> folder = tempfile.mkdtemp()
    >>> path = fasteval.save(folder, accuracy=np.float64(0.75), per_class=np.array([0.5, 1.0]))
    >>> path.name.startswith("result-") and path.suffix == ".json"
    True
    >>> saved = json.loads(path.read_text())
    >>> saved["accuracy"], saved["per_class"], "_timestamp" in saved
    (0.75, [0.5, 1.0], True)
    """
    now = _dt.datetime.now()
    payload = {str(key): _jsonable(value, str(key)) for key, value in data.items()}
    payload["_timestamp"] = now.isoformat()
    payload["_git_commit_hash"] = _git_commit_hash()
    payload["_fasteval_version"] = _version()
    payload["_python_version"] = sys.version
    payload["_interpreter_path"] = sys.executable
    text = json.dumps(payload, indent=2, ensure_ascii=False)

    target = Path(path_or_file)
    if target.is_dir() or not target.suffix:
        target.mkdir(parents=True, exist_ok=True)
        return _write_new(target, "result-" + now.strftime("%Y_%m_%d-%H_%M_%S"), text)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(target.parent, text)
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise
    return target


def _write_temp(folder: Path, text: str) -> str:
    fd, tmp = tempfile.mkstemp(prefix=".fasteval-", suffix=".json.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _write_new(folder: Path, stem: str, text: str) -> Path:
    """Write ``folder/stem.json`` (or ``stem-1.json`` ...) without replacing an existing file."""
    tmp = _write_temp(folder, text)
    try:
        for i in range(10_000):
            target = folder / (f"{stem}.json" if i == 0 else f"{stem}-{i}.json")
            try:
                os.link(tmp, target)  # fails if target exists: no file is ever overwritten
            except FileExistsError:
                continue
            except OSError:  # no hard links on this filesystem
                if target.exists():
                    continue
                os.replace(tmp, target)
                return target
            return target
        raise FileExistsError(f"save(): too many result files named {stem}-*.json in {folder}")
    finally:
        _unlink(tmp)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _version() -> str:
    from fasteval import __version__

    return __version__


def _git_commit_hash() -> str | None:
    """HEAD's commit if the current folder is in a git repository; ``None`` otherwise (never raises)."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=os.getcwd(),
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = proc.stdout.strip()
    return commit if proc.returncode == 0 and commit else None


def _jsonable(value: Any, where: str) -> Any:
    """``value`` as plain JSON types; a ``TypeError`` naming ``where`` for anything unknown."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)  # bool subclasses and IntEnum -> plain int
    if isinstance(value, float):
        return float(value)
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64):
            return str(value)
        item = value.item()
        if isinstance(item, complex):
            raise TypeError(f"save(): {where} is a complex number, which JSON cannot hold")
        return _jsonable(item, where)
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "c":
            raise TypeError(f"save(): {where} is a complex array, which JSON cannot hold")
        if value.dtype.kind in "biuf":
            return value.tolist()
        return [_jsonable(v, f"{where}[{i}]") for i, v in enumerate(value.tolist())]
    mod = type(value).__module__.split(".", 1)[0]
    if mod == "torch" and hasattr(value, "tolist"):
        return _jsonable(value.detach().cpu().numpy(), where)
    if mod == "polars" and hasattr(value, "to_dicts"):
        return _jsonable(value.to_dicts(), where)
    if mod == "pandas" and hasattr(value, "to_dict"):
        if hasattr(value, "columns"):
            return _jsonable(value.to_dict(orient="records"), where)
        return _jsonable(value.tolist(), where)
    if mod == "pyarrow" and hasattr(value, "to_pylist"):
        return _jsonable(value.to_pylist(), where)
    if isinstance(value, Mapping):
        return {_key(k, where): _jsonable(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        items = [_jsonable(v, f"{where}[]") for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value), where)
    raise TypeError(
        f"save(): {where} has type {type(value).__name__}, which JSON cannot hold;"
        " convert it (e.g. to a number, a string, a list or a dict) first"
    )


def _key(key: Any, where: str) -> str | int | float | bool | None:
    if isinstance(key, np.generic):
        key = key.item()
    if key is None or isinstance(key, (str, int, float, bool)):
        if isinstance(key, float) and not math.isfinite(key):
            return str(key)
        return key
    raise TypeError(
        f"save(): {where} has a key of type {type(key).__name__}; JSON keys must be strings or numbers"
    )
