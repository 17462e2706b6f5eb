"""``fasteval report``: streams Parquet files into a report; files written atomically."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sklearn import metrics as skm
from typer.testing import CliRunner

from fasteval.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    rng = np.random.default_rng(0)
    n = 6000
    label = rng.integers(0, 3, n)
    conf = rng.uniform(0.6, 1.0, n)
    prediction = np.where(rng.random(n) < conf, label, (label + 1) % 3)
    lang = rng.choice(["en", "de", "sw"], n)
    sw = np.flatnonzero(lang == "sw")
    prediction[sw] = (label[sw] + 2) % 3
    probs = np.full((n, 3), 0.0)
    probs[np.arange(n), prediction] = conf
    probs[np.arange(n), (prediction + 1) % 3] = 1 - conf
    table = pa.table(
        {
            "prediction": prediction,
            "label": label,
            "confidence": conf,
            "probs": pa.array(list(probs)),
            "text": [f"example {i}" for i in range(n)],
            "id": [f"row-{i}" for i in range(n)],
            "language": lang,
        }
    )
    folder = tmp_path_factory.mktemp("cli_report")
    path = folder / "preds.parquet"
    pq.write_table(table, path, row_group_size=1000)
    return {"path": path, "label": label, "prediction": prediction, "n": n}


def test_report_streams_and_writes_files(data, tmp_path):
    html, md, js = tmp_path / "r.html", tmp_path / "r.md", tmp_path / "r.json"
    result = invoke(
        "report", data["path"], "-p", "prediction", "-r", "label", "--scores", "confidence",
        "--inputs", "text", "--ids", "id", "--metadata", "language", "--label-names",
        '["neg", "neu", "pos"]', "--html", html, "--markdown", md, "--json", js,
        "--batch-size", "700", "--sample", "1000", "--top-errors", "5",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Per class" in result.stdout and "neu" in result.stdout
    d = json.loads(js.read_text())
    assert d["rows"] == data["n"]
    assert d["confusion_matrix"] == skm.confusion_matrix(data["label"], data["prediction"]).tolist()
    assert d["metrics"]["accuracy"] == skm.accuracy_score(data["label"], data["prediction"])
    assert any(f["kind"] == "slice" and f["evidence"]["value"] == "sw" for f in d["findings"])
    assert d["curves"]["approximate"] is True
    assert len(d["examples"]["wrong"]) == 5 and d["errors_sampled"]
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert md.read_text().startswith("# Evaluation report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json", "r.md"]


def test_report_probability_matrix(data, tmp_path):
    js = tmp_path / "r.json"
    result = invoke("report", data["path"], "--scores", "probs", "--json", js)
    assert result.exit_code == 0, result.output
    assert json.loads(js.read_text())["curves"]["kind"] == "micro-averaged one-vs-rest"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--predictions", "nope"], "column 'nope' (predictions) not found"),
        (["--scores", "text"], "scores"),
        (["--label-names", "{bad"], "--label-names"),
        (["--html", "/nonexistent/dir/r.html"], "does not exist"),
    ],
)
def test_report_errors_are_one_line(data, args, message):
    result = invoke("report", data["path"], *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_report_missing_file(tmp_path):
    result = invoke("report", tmp_path / "missing.parquet")
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
