"""fasteval.save: JSON round trips (numpy, nested), metadata, file naming, atomic writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

import fasteval
from fasteval import saving

ROOT = Path(__file__).resolve().parents[1]


def test_round_trip_with_numpy_values(tmp_path):
    results = {
        "accuracy": np.float64(0.875),
        "count": np.int64(12),
        "flag": np.bool_(True),
        "f1_per_class": np.array([0.5, 0.75, 1.0]),
        "confusion_matrix": np.array([[3, 1], [0, 4]], dtype=np.int32),
        "nested": {"f32": np.float32(0.25), "deeper": {"arr": np.arange(3), "t": (1, 2)}},
        "labels": np.array(["neg", "pos"]),
        "nan": float("nan"),
        "model": "logreg",
    }
    path = fasteval.save(tmp_path / "run.json", **results)
    assert path == tmp_path / "run.json"
    saved = json.loads(path.read_text())
    assert saved["accuracy"] == 0.875 and type(saved["accuracy"]) is float
    assert saved["count"] == 12 and type(saved["count"]) is int
    assert saved["flag"] is True
    assert saved["f1_per_class"] == [0.5, 0.75, 1.0]
    assert saved["confusion_matrix"] == [[3, 1], [0, 4]]
    assert saved["nested"] == {"f32": 0.25, "deeper": {"arr": [0, 1, 2], "t": [1, 2]}}
    assert saved["labels"] == ["neg", "pos"]
    assert math.isnan(saved["nan"])
    assert saved["model"] == "logreg"
    np.testing.assert_array_equal(np.array(saved["confusion_matrix"]), results["confusion_matrix"])


def test_metadata(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # a git repository
    saved = json.loads(fasteval.save(tmp_path / "a.json", x=1).read_text())
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    assert saved["_git_commit_hash"] == head and re.fullmatch(r"[0-9a-f]{40}", head)
    assert saved["_fasteval_version"] == fasteval.__version__
    assert saved["_python_version"].split()[0].count(".") == 2
    assert os.path.exists(saved["_interpreter_path"])
    stamp = dt.datetime.fromisoformat(saved["_timestamp"])
    assert abs((dt.datetime.now() - stamp).total_seconds()) < 60


def test_outside_a_git_repository_the_commit_is_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    saved = json.loads(fasteval.save("out.json", x=1).read_text())
    assert saved["_git_commit_hash"] is None


def test_without_git_installed_the_commit_is_none(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git executable to be found
    assert saving._git_commit_hash() is None


def test_folder_gets_timestamped_names_never_overwritten(tmp_path):
    folder = tmp_path / "results" / "nested"  # created
    paths = [fasteval.save(folder, run=i) for i in range(3)]
    assert len(set(paths)) == 3
    for i, path in enumerate(paths):
        assert path.parent == folder
        assert re.fullmatch(r"result-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d(-\d+)?\.json", path.name)
        assert json.loads(path.read_text())["run"] == i
    existing = tmp_path / "existing"
    existing.mkdir()
    assert fasteval.save(str(existing), a=1).parent == existing
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in paths
    )  # no temp files


def test_file_is_replaced_atomically(tmp_path):
    path = tmp_path / "r.json"
    fasteval.save(path, v=1)
    fasteval.save(path, v=2)
    assert json.loads(path.read_text())["v"] == 2
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_more_types(tmp_path):
    @dataclasses.dataclass
    class Config:
        lr: float
        layers: tuple

    torch = pytest.importorskip("torch")
    path = fasteval.save(
        tmp_path / "t.json",
        table=pl.DataFrame({"name": ["a", "b"], "score": [0.5, 1.0]}),
        frame=pd.DataFrame({"k": [1, 2]}),
        tensor=torch.tensor([1.5, 2.5]),
        config=Config(0.1, (2, 3)),
        where=Path("/tmp/x"),
        when=dt.date(2024, 1, 2),
        tags={"b", "a"},
        keyed={np.int64(3): "three", 1.5: "x"},
    )
    saved = json.loads(path.read_text())
    assert saved["table"] == [{"name": "a", "score": 0.5}, {"name": "b", "score": 1.0}]
    assert saved["frame"] == [{"k": 1}, {"k": 2}]
    assert saved["tensor"] == [1.5, 2.5]
    assert saved["config"] == {"lr": 0.1, "layers": [2, 3]}
    assert saved["where"] == "/tmp/x" and saved["when"] == "2024-01-02"
    assert saved["tags"] == ["a", "b"]
    assert saved["keyed"] == {"3": "three", "1.5": "x"}


def test_unserializable_value_names_its_key_and_writes_nothing(tmp_path):
    with pytest.raises(TypeError, match=r"results\.inner\[1\] has type object"):
        fasteval.save(tmp_path / "bad.json", results={"inner": [1, object()]})
    with pytest.raises(TypeError, match="complex"):
        fasteval.save(tmp_path / "bad.json", z=np.complex128(1 + 2j))
    assert list(tmp_path.iterdir()) == []
