"""The ``fasteval`` command line: eval, list, demo; formats, --output, errors, help."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sklearn import metrics as skm
from typer.main import get_command
from typer.testing import CliRunner

from fasteval import cli
from fasteval.cli import app

runner = CliRunner()

METRICS = ["accuracy", "f1", "precision", "recall"]


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def sk_scores(refs, preds, *, average="binary", sample_weight=None, **kw) -> dict:
    return {
        "accuracy": skm.accuracy_score(refs, preds, sample_weight=sample_weight),
        "f1": skm.f1_score(refs, preds, average=average, sample_weight=sample_weight, **kw),
        "precision": skm.precision_score(
            refs, preds, average=average, sample_weight=sample_weight, **kw
        ),
        "recall": skm.recall_score(refs, preds, average=average, sample_weight=sample_weight, **kw),
    }


def assert_one_error_line(result) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def data() -> dict:
    rng = np.random.default_rng(7)
    n = 900
    label = rng.integers(0, 3, n)
    prediction = np.where(rng.random(n) < 0.7, label, rng.integers(0, 3, n))
    language = np.array(["en", "de", "fr"])[rng.integers(0, 3, n)]
    split = np.array(["dev", "test"])[rng.integers(0, 2, n)]
    weight = rng.random(n)
    return {
        "prediction": prediction,
        "label": label,
        "language": language,
        "split": split,
        "w": weight,
    }


@pytest.fixture(scope="module")
def preds_file(tmp_path_factory, data) -> Path:
    path = tmp_path_factory.mktemp("data") / "preds.parquet"
    pq.write_table(pa.table(data), path, row_group_size=250)
    return path


@pytest.fixture(scope="module")
def binary_file(tmp_path_factory) -> tuple[Path, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    label = rng.integers(0, 2, 400)
    prediction = np.where(rng.random(400) < 0.8, label, 1 - label)
    path = tmp_path_factory.mktemp("binary") / "binary.parquet"
    pq.write_table(pa.table({"prediction": prediction, "label": label}), path)
    return path, prediction, label


# ------------------------------------------------------------------------ eval: numbers


def test_eval_json_equals_sklearn(preds_file, data):
    result = invoke("eval", preds_file, "--average", "macro", "--format", "json")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    assert list(got) == METRICS
    assert got == sk_scores(data["label"], data["prediction"], average="macro")


def test_eval_default_table_binary(binary_file):
    path, preds, refs = binary_file
    result = invoke("eval", path)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for name, value in sk_scores(refs, preds).items():
        line = next(line for line in out.splitlines() if line.split()[:1] == [name])
        assert line.split()[-1] == f"{value:.4f}"
    assert "evaluated 400 rows in" in out
    assert result.stderr == ""


def test_eval_pos_label_int(binary_file):
    path, preds, refs = binary_file
    result = invoke("eval", path, "--pos-label", "0", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == sk_scores(refs, preds, pos_label=0)


def test_eval_pos_label_string_and_other_columns(tmp_path):
    refs = np.array(["cat", "dog", "dog", "cat", "cat", "dog"])
    preds = np.array(["cat", "cat", "dog", "cat", "dog", "dog"])
    path = tmp_path / "animals.parquet"
    pq.write_table(pa.table({"guess": preds, "truth": refs}), path)
    result = invoke("eval", path, "-p", "guess", "-r", "truth", "--pos-label", "cat", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == sk_scores(refs, preds, pos_label="cat")


def test_eval_arrays_average_none_and_confusion_matrix(preds_file, data):
    args = ["eval", preds_file, "-m", "accuracy,f1,confusion_matrix", "--average", "none"]
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    refs, preds = data["label"], data["prediction"]
    assert got["f1"] == skm.f1_score(refs, preds, average=None).tolist()
    assert got["confusion_matrix"] == skm.confusion_matrix(refs, preds).tolist()

    table = invoke(*args)
    assert table.exit_code == 0, table.stderr
    cm = skm.confusion_matrix(refs, preds)
    assert str(cm[0, 0]) in table.stdout and str(cm[2, 2]) in table.stdout
    assert len(table.stdout.splitlines()) >= 6  # the matrix spans several lines

    rows = list(csv.reader(io.StringIO(invoke(*args, "-f", "csv").stdout)))
    assert rows[0] == ["metric", "value"]
    assert json.loads(dict(rows[1:])["confusion_matrix"]) == cm.tolist()


def test_eval_sample_weight_and_option(preds_file, data):
    result = invoke(
        "eval",
        preds_file,
        "-w",
        "w",
        "-m",
        "accuracy,fbeta",
        "--average",
        "weighted",
        "--option",
        "beta=0.5",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    refs, preds, w = data["label"], data["prediction"], data["w"]
    assert got["accuracy"] == pytest.approx(skm.accuracy_score(refs, preds, sample_weight=w))
    assert got["fbeta"] == pytest.approx(
        skm.fbeta_score(refs, preds, beta=0.5, average="weighted", sample_weight=w)
    )


def test_eval_group_by_json(preds_file, data):
    result = invoke("eval", preds_file, "--average", "macro", "-g", "language", "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) == 4
    overall = [r for r in rows if r["overall"]]
    assert len(overall) == 1 and overall[0]["language"] is None
    assert overall[0]["rows"] == len(data["label"])
    assert {k: overall[0][k] for k in METRICS} == sk_scores(
        data["label"], data["prediction"], average="macro"
    )
    for row in rows:
        if row["overall"]:
            continue
        mask = data["language"] == row["language"]
        assert row["rows"] == int(mask.sum())
        expected = sk_scores(data["label"][mask], data["prediction"][mask], average="macro")
        assert {k: row[k] for k in METRICS} == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("how", [["-g", "language,split"], ["-g", "language", "-g", "split"]])
def test_eval_group_by_two_columns(preds_file, data, how):
    result = invoke("eval", preds_file, "-m", "accuracy", *how, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 1 + 3 * 2
    for row in rows:
        if row["overall"]:
            assert row["language"] is None and row["split"] is None
            continue
        mask = (data["language"] == row["language"]) & (data["split"] == row["split"])
        assert row["accuracy"] == pytest.approx(
            skm.accuracy_score(data["label"][mask], data["prediction"][mask])
        )


def test_eval_group_by_table_csv_markdown(preds_file):
    args = ["eval", preds_file, "--average", "macro", "-g", "language"]
    table = invoke(*args)
    assert table.exit_code == 0, table.stderr
    lines = [line for line in table.stdout.splitlines() if line.strip()]
    assert lines[0].split() == ["language", "rows", *METRICS]
    assert lines[2].split()[:2] == ["overall", "900"]  # overall first, after the rule
    assert {line.split()[0] for line in lines[3:6]} == {"de", "en", "fr"}
    assert lines[-1].startswith("evaluated 900 rows in")

    rows = list(csv.DictReader(io.StringIO(invoke(*args, "-f", "csv").stdout)))
    assert len(rows) == 4
    assert list(rows[0]) == ["language", "overall", "rows", *METRICS]
    overall = next(r for r in rows if r["overall"] == "true")
    assert overall["language"] == "" and overall["rows"] == "900"
    assert all(0 <= float(r["accuracy"]) <= 1 for r in rows)

    md = invoke(*args, "-f", "markdown").stdout.splitlines()
    assert md[0] == "| language | rows | accuracy | f1 | precision | recall |"
    assert set(md[1]) <= set("|-:")
    assert md[2].startswith("| **overall** | 900 |") and len(md) == 6


def test_eval_csv_and_markdown_dict(preds_file, data):
    expected = sk_scores(data["label"], data["prediction"], average="macro")
    out = invoke("eval", preds_file, "--average", "macro", "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["metric", "value"]
    assert {k: float(v) for k, v in rows[1:]} == expected

    md = invoke("eval", preds_file, "--average", "macro", "-f", "markdown").stdout.splitlines()
    assert md[0] == "| metric | value |"
    assert md[1] == "|---|---:|"
    assert md[2] == f"| accuracy | {expected['accuracy']:.4f} |"
    assert len(md) == 2 + len(METRICS)


def test_eval_folder_glob_and_several_files(tmp_path, data):
    table = pa.table(data)
    folder = tmp_path / "parts"
    folder.mkdir()
    pq.write_table(table.slice(0, 400), folder / "a.parquet")
    pq.write_table(table.slice(400), folder / "b.parquet")
    expected = sk_scores(data["label"], data["prediction"], average="macro")
    for files in (
        [folder],
        [f"{folder}/*.parquet"],
        [folder / "a.parquet", folder / "b.parquet"],
    ):
        result = invoke("eval", *files, "--average", "macro", "-f", "json", "--batch-size", "128")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == expected


def test_eval_nulls_raise_and_drop(tmp_path, data):
    preds = data["prediction"].tolist()
    preds[5] = preds[17] = None
    path = tmp_path / "nulls.parquet"
    pq.write_table(pa.table({"prediction": preds, "label": data["label"]}), path)

    raised = invoke("eval", path, "--average", "macro")
    assert_one_error_line(raised)
    assert "null" in raised.stderr

    dropped = invoke("eval", path, "--average", "macro", "--nulls", "drop", "-f", "json")
    assert dropped.exit_code == 0, dropped.stderr
    assert dropped.stderr.splitlines() == [
        line for line in dropped.stderr.splitlines() if line.startswith("note: dropped 2 rows")
    ]
    assert len(dropped.stderr.splitlines()) == 1
    keep = np.ones(len(preds), bool)
    keep[[5, 17]] = False
    assert json.loads(dropped.stdout) == sk_scores(
        data["label"][keep], data["prediction"][keep], average="macro"
    )


# ------------------------------------------------------------------------ --output


def test_output_written_atomically(preds_file, data, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "scores.json"
    target.write_text("old")
    result = invoke("eval", preds_file, "--average", "macro", "-f", "json", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(target.read_text()) == sk_scores(
        data["label"], data["prediction"], average="macro"
    )
    assert os.listdir(out_dir) == ["scores.json"]

    table = out_dir / "scores.txt"
    assert invoke("eval", preds_file, "--average", "macro", "-o", table).exit_code == 0
    text = table.read_text()
    assert "accuracy" in text and "\x1b[" not in text
    assert sorted(os.listdir(out_dir)) == ["scores.json", "scores.txt"]


@pytest.mark.parametrize(
    "case",
    ["missing file", "missing column", "missing group column", "unknown metric", "bad parquet"],
)
def test_errors_one_line_exit_1_no_output(case, preds_file, tmp_path):
    out = tmp_path / "result.json"
    bad = tmp_path / "bad.parquet"
    bad.write_text("not parquet")
    args = {
        "missing file": [tmp_path / "nope.parquet"],
        "missing column": [preds_file, "--predictions", "nope"],
        "missing group column": [preds_file, "--average", "macro", "-g", "nope"],
        "unknown metric": [preds_file, "-m", "accuracy,nope"],
        "bad parquet": [bad],
    }[case]
    result = invoke("eval", *args, "-f", "json", "-o", out)
    assert_one_error_line(result)
    assert result.stdout == ""
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["bad.parquet"]
    if case.startswith("missing"):
        assert "nope" in result.stderr


def test_error_for_multiclass_binary_names_the_option(preds_file):
    result = invoke("eval", preds_file)
    assert_one_error_line(result)
    assert "--average" in result.stderr


def test_error_output_folder_missing(preds_file, tmp_path):
    result = invoke("eval", preds_file, "--average", "macro", "-o", tmp_path / "no" / "x.json")
    assert_one_error_line(result)
    assert not (tmp_path / "no").exists()


def test_write_atomic_leaves_nothing_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "x.csv"
    target.write_text("before")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(cli.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        cli.write_atomic(target, "after")
    assert target.read_text() == "before"
    assert os.listdir(tmp_path) == ["x.csv"]


def test_subprocess_executable(preds_file, data, tmp_path):
    exe = shutil.which("fasteval") or str(Path(sys.executable).with_name("fasteval"))
    cmd = [exe] if os.path.exists(exe) else [sys.executable, "-m", "fasteval.cli"]
    ok = subprocess.run(
        [*cmd, "eval", str(preds_file), "--average", "macro", "-f", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == sk_scores(data["label"], data["prediction"], average="macro")

    out = tmp_path / "x.json"
    bad = subprocess.run(
        [*cmd, "eval", str(tmp_path / "missing.parquet"), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1 and bad.stderr.startswith("error: ")
    assert not out.exists()

    module = subprocess.run(
        [sys.executable, "-m", "fasteval.cli", "--version"], capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout.startswith("fasteval ")


# ------------------------------------------------------------------------ list, demo


def test_list_table_and_json():
    result = invoke("list")
    assert result.exit_code == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()[2:] if line.strip()]
    assert "accuracy" in names and "f1" in names
    as_json = json.loads(invoke("list", "--format", "json").stdout)
    by_name = {m["name"]: m for m in as_json}
    assert {"accuracy", "f1", "confusion_matrix"} <= set(by_name)
    assert by_name["f1"]["type"] == "metric"
    assert all(m["description"] and "\n" not in m["description"] for m in as_json)


def test_demo_runs(tmp_path):
    keep = tmp_path / "demo.parquet"
    result = invoke("demo", "--rows", "20000", "--classes", "4", "--keep", keep, "--no-progress")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "accuracy" in out and "overall" in out and "rows/s" in out
    for language in ("en", "de", "fr", "ja", "sw"):
        assert f"\n{language} " in out
    meta = pq.ParquetFile(keep).metadata
    assert meta.num_rows == 20000 and meta.num_row_groups > 1
    table = pq.read_table(keep)
    assert table.column_names == ["prediction", "label", "language"]


def test_demo_temporary_folder_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(cli.tempfile, "tempdir", str(tmp_path))
    result = invoke("demo", "--rows", "20000")
    assert result.exit_code == 0, result.stderr
    assert "accuracy" in result.stdout
    assert os.listdir(tmp_path) == []


def test_make_demo_table_languages_differ():
    table = cli.make_demo_table(200_000, 10, seed=1)
    df = pl.from_arrow(table)
    assert df.height == 200_000
    assert df["prediction"].max() < 10 and df["label"].min() >= 0
    acc = (
        df.group_by("language")
        .agg((pl.col("prediction") == pl.col("label")).mean().alias("acc"))
        .sort("acc")
    )
    assert acc["language"].to_list() == ["sw", "ja", "fr", "de", "en"]
    for language, target in zip(cli._DEMO_LANGUAGES, cli._DEMO_ACCURACY):
        got = acc.filter(pl.col("language") == language)["acc"][0]
        assert abs(got - target) < 0.02


# ------------------------------------------------------------------------ help


def test_help_documents_every_option():
    group = get_command(app)
    top = invoke("--help")
    assert top.exit_code == 0
    for name in ("eval", "list", "demo", "--version"):
        assert name in top.stdout
    for name, command in group.commands.items():
        result = invoke(name, "--help")
        assert result.exit_code == 0, result.stderr
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name} has no help"
                for opt in [*param.opts, *param.secondary_opts]:
                    assert opt in result.stdout, f"{name} --help misses {opt}"
        assert command.help


def test_no_args_shows_help():
    result = invoke()
    assert "eval" in result.output and "Usage" in result.output
    assert invoke("eval").exit_code != 0


# ------------------------------------------------------------------------ formatting units


def test_formatting_helpers():
    assert cli.parse_label("3") == 3 and cli.parse_label("-1") == -1
    assert cli.parse_label("cat") == "cat" and cli.parse_label("1.5") == "1.5"
    assert cli.parse_option("beta=0.5") == ("beta", 0.5)
    assert cli.parse_option("zero_division=NaN")[1] != cli.parse_option("x=1")[1]
    assert cli.parse_option("labels=[0,1]") == ("labels", [0, 1])
    assert cli.parse_option("average=macro") == ("average", "macro")
    with pytest.raises(ValueError, match="KEY=VALUE"):
        cli.parse_option("beta")

    assert cli.jsonable({"a": np.array([1.0, np.nan]), "b": float("inf"), "c": np.int64(3)}) == {
        "a": [1.0, None],
        "b": None,
        "c": 3,
    }
    assert cli.display(0.123456) == "0.1235"
    assert cli.display(1234567) == "1,234,567"
    assert cli.display(float("nan")) == "nan"
    assert cli.display(np.array([0.5, 0.25])) == "[0.5000, 0.2500]"
    assert "\n" in cli.display(np.array([[1, 2], [3, 4]]))
    assert cli.display(np.array([[1, 2], [30, 4]]), multiline=False) == "[[1, 2], [30, 4]]"
    assert "..." in cli.display(np.arange(1000))

    report = cli.report_from_result({"accuracy": 0.5, "f1": np.array([np.nan, 1.0])})
    assert json.loads(cli.render(report, "json")) == {"accuracy": 0.5, "f1": [None, 1.0]}
    rows = list(csv.reader(io.StringIO(cli.render(report, "csv"))))
    assert rows == [["metric", "value"], ["accuracy", "0.5"], ["f1", "[null, 1.0]"]]
    assert cli.render(report, "markdown").splitlines()[3] == "| f1 | [nan, 1.0000] |"


def test_report_from_dataframe():
    df = pl.DataFrame(
        {
            "lang": ["a", None, "b|c"],
            "overall": [False, True, False],
            "rows": [2, 5, 3],
            "accuracy": [1.0, 0.6, float("nan")],
        }
    )
    report = cli.report_from_result(df, ["lang"])
    assert report.columns == ["lang", "rows", "accuracy"]
    assert report.rows[0][0] is cli._OVERALL and report.bold_first
    table = cli.render(report, "table").splitlines()
    assert table[2].split() == ["overall", "5", "0.6000"]
    md = cli.render(report, "markdown").splitlines()
    assert md[2] == "| **overall** | 5 | 0.6000 |" and "b\\|c" in md[4]
    data = json.loads(cli.render(report, "json"))
    assert data[1] == {"lang": None, "overall": True, "rows": 5, "accuracy": 0.6}
    assert data[2]["accuracy"] is None
    rows = list(csv.reader(io.StringIO(cli.render(report, "csv"))))
    assert rows[0] == ["lang", "overall", "rows", "accuracy"]
    assert rows[2] == ["", "true", "5", "0.6"] and rows[3][3] == "NaN"
    assert math.isnan(float(rows[3][3]))


def test_unexpected_exception_is_one_line(preds_file, monkeypatch):
    import fasteval.parquet

    def boom(*args, **kwargs):
        raise RuntimeError("kernel exploded\nsecond line")

    monkeypatch.setattr(fasteval.parquet, "evaluate_parquet", boom)
    result = invoke("eval", preds_file, "--average", "macro")
    assert_one_error_line(result)
    assert "RuntimeError: kernel exploded" in result.stderr


def test_library_warnings_become_one_line_each(tmp_path):
    path = tmp_path / "zero.parquet"
    pq.write_table(pa.table({"prediction": [0, 1, 1, 0], "label": [0, 1, 2, 2]}), path)
    result = invoke("eval", path, "-m", "precision", "--average", "macro", "-f", "json")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "ill-defined" in lines[0]
    assert json.loads(result.stdout) == {
        "precision": skm.precision_score(
            [0, 1, 2, 2], [0, 1, 1, 0], average="macro", zero_division=0
        )
    }


def test_group_by_with_labels_option(tmp_path):
    path = tmp_path / "g.parquet"
    table = {"prediction": [0, 1, 1, 0, 2, 2], "label": [0, 1, 1, 0, 2, 1], "g": list("aaaabb")}
    pq.write_table(pa.table(table), path)
    result = invoke(
        "eval", path, "-m", "f1", "--average", "none", "-g", "g", "--option", "labels=[0,1,2]",
        "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = {r["g"]: r for r in json.loads(result.stdout) if not r["overall"]}
    refs, preds = np.array(table["label"]), np.array(table["prediction"])
    for group, mask in (("a", slice(0, 4)), ("b", slice(4, 6))):
        expected = skm.f1_score(
            refs[mask], preds[mask], labels=[0, 1, 2], average=None, zero_division=0
        )
        assert rows[group]["f1"] == expected.tolist()


def test_option_given_twice_is_an_error(preds_file):
    result = invoke("eval", preds_file, "--average", "macro", "--option", "average=micro")
    assert_one_error_line(result)


def test_plain_table_matches_rich_layout():
    report = cli.report_from_result(
        {
            "accuracy": 0.5,
            "f1": np.array([0.1, 0.2]),
            "confusion_matrix": np.array([[1, 20], [3, 4]]),
        }
    )
    report.footer = "evaluated in 1.00 s"
    assert cli.render_plain_table(report) == cli.render_table(report)
    df = pl.DataFrame(
        {
            "lang": ["a", None, None],
            "overall": [False, True, False],
            "rows": [2, 5, 3],
            "accuracy": [1.0, 0.6, float("nan")],
        }
    )
    report = cli.report_from_result(df, ["lang"])
    assert cli.render_plain_table(report) == cli.render_table(report)
    assert "(null)" in cli.render_plain_table(report)
    colored = cli.render_plain_table(report, color=True)
    assert "\x1b[1moverall" in colored


def test_many_groups_render_fast():
    import time

    n = 20_000
    df = pl.DataFrame(
        {
            "g": [None, *range(n)],
            "overall": [True] + [False] * n,
            "rows": [n] + [1] * n,
            "accuracy": [0.5] * (n + 1),
        }
    )
    t0 = time.perf_counter()
    text = cli.render(cli.report_from_result(df, ["g"]), "table")
    assert time.perf_counter() - t0 < 10
    assert len(text.splitlines()) == n + 3
