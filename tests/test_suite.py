"""fasteval.EvaluationSuite: a two-entry suite (digits + a generated text task) from YAML and JSON."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console
from sklearn import metrics as skm
from sklearn.datasets import load_digits
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

import fasteval
from fasteval.suite import SuiteEntry, SuiteResults

SUITE_YAML = """\
name: smoke
entries:
  - name: digits
    task: image-classification
    data: digits.parquet
    metric: [accuracy, f1]
    metric_kwargs: {average: macro}
    input_column: pixels
  - name: reviews
    task: text-classification
    data: reviews.jsonl
    model: sentiment
    label_mapping: {NEG: 0, POS: 1}
    batch_size: 16
"""


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("suite")
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    digits_clf = LogisticRegression(max_iter=2000).fit(X[:1200], y[:1200])
    pq.write_table(
        pa.table({"pixels": pa.array(list(X[1200:])), "label": y[1200:]}),
        folder / "digits.parquet",
    )
    rng = np.random.default_rng(0)
    vocab = {0: ["bad", "dull", "awful", "weak"], 1: ["good", "fine", "great", "superb"]}
    filler = ["the", "film", "was", "plot", "cast"]

    def corpus(n):
        labels = rng.integers(0, 2, n)
        texts = [
            " ".join(
                rng.choice(filler, 3).tolist()
                + rng.choice(vocab[int(k)], 1).tolist()
                + rng.choice(vocab[int(1 - k)] + filler, 1).tolist()
            )
            for k in labels
        ]
        return texts, labels

    train_texts, train_labels = corpus(400)
    texts, labels = corpus(120)
    text_clf = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(train_texts, train_labels)
    with open(folder / "reviews.jsonl", "w") as f:
        for t, k in zip(texts, labels):
            f.write(json.dumps({"text": t, "label": int(k)}) + "\n")

    def sentiment(batch):  # pipeline-style outputs
        return [{"label": ["NEG", "POS"][int(k)], "score": 1.0} for k in text_clf.predict(batch)]

    (folder / "suite.yaml").write_text(SUITE_YAML)
    expected_digits = digits_clf.predict(X[1200:])
    expected_text = text_clf.predict(texts)
    return {
        "folder": folder,
        "models": {"digits": digits_clf, "sentiment": sentiment},
        "digits": (y[1200:], expected_digits),
        "reviews": (labels, expected_text),
    }


def check_results(results, setup):
    assert isinstance(results, SuiteResults) and isinstance(results, list)
    assert [r["task_name"] for r in results] == ["digits", "reviews"]
    assert [r["task"] for r in results] == ["image-classification", "text-classification"]
    refs, preds = setup["digits"]
    assert results[0]["accuracy"] == skm.accuracy_score(refs, preds)
    assert results[0]["f1"] == skm.f1_score(refs, preds, average="macro")
    refs, preds = setup["reviews"]
    assert results[1]["accuracy"] == skm.accuracy_score(refs, preds)
    assert 0.6 < results[1]["accuracy"] < 1.0
    for r in results:
        assert r["total_time_in_seconds"] > 0 and r["samples_per_second"] > 0


def test_yaml_suite(setup):
    suite = fasteval.EvaluationSuite.load(setup["folder"] / "suite.yaml")
    assert suite.name == "smoke" and len(suite) == 2
    assert repr(suite) == "EvaluationSuite('smoke', entries=['digits', 'reviews'])"
    results = suite.run(setup["models"])
    check_results(results, setup)

    frame = results.to_polars()
    assert isinstance(frame, pl.DataFrame) and frame.height == 2
    assert frame["task_name"].to_list() == ["digits", "reviews"]
    assert frame["accuracy"].to_list() == [r["accuracy"] for r in results]
    assert frame["f1"].to_list()[1] is None  # the text entry has no f1

    console = Console(record=True, width=200)
    console.print(results)
    text = console.export_text()
    assert "digits" in text and "reviews" in text and "accuracy" in text


def test_json_suite_and_plain_list(setup, tmp_path):
    import yaml

    spec = yaml.safe_load(SUITE_YAML)
    for entry in spec["entries"]:  # absolute paths, from another folder
        entry["data"] = str(setup["folder"] / entry["data"])
    (tmp_path / "suite.json").write_text(json.dumps(spec["entries"]))
    suite = fasteval.EvaluationSuite.load(tmp_path / "suite.json")
    assert suite.name == "suite"
    check_results(suite.run(setup["models"]), setup)


def test_python_suite_with_one_model_and_lazy_data(setup):
    refs, preds = setup["digits"]
    X, y = load_digits(return_X_y=True)
    suite = fasteval.EvaluationSuite(
        [
            SuiteEntry(
                task="image-classification",
                data=lambda: {"image": X[1200:] / 16.0, "label": y[1200:]},
                name="digits-a",
            ),
            {
                "task": "image-classification",
                "name": "digits-b",
                "data": str(setup["folder"] / "digits.parquet"),
                "input_column": "pixels",
            },
        ]
    )
    results = suite.run(setup["models"]["digits"])
    expected = skm.accuracy_score(refs, preds)
    assert [r["accuracy"] for r in results] == [expected, expected]


def test_bad_suites(setup, tmp_path):
    with pytest.raises(ValueError, match=r"entry 0 \(x\): unknown key\(s\) metrics; the keys are"):
        fasteval.EvaluationSuite(
            [{"name": "x", "task": "text-classification", "data": {}, "metrics": "f1"}]
        )
    with pytest.raises(ValueError, match="missing data"):
        fasteval.EvaluationSuite([{"task": "text-classification"}])
    with pytest.raises(ValueError, match="Unknown task 'ner'"):
        fasteval.EvaluationSuite([{"task": "ner", "data": {}}])
    with pytest.raises(ValueError, match="repeated: text-classification"):
        fasteval.EvaluationSuite([{"task": "text-classification", "data": {}}] * 2)
    with pytest.raises(ValueError, match="at least one entry"):
        fasteval.EvaluationSuite([])
    (tmp_path / "s.yaml").write_text("tasks: []\n")
    with pytest.raises(ValueError, match="mapping with 'entries'"):
        fasteval.EvaluationSuite.load(tmp_path / "s.yaml")
    (tmp_path / "s.toml").write_text("")
    with pytest.raises(ValueError, match=r"\.yaml, \.yml or \.json"):
        fasteval.EvaluationSuite.load(tmp_path / "s.toml")
    with pytest.raises(FileNotFoundError):
        fasteval.EvaluationSuite.load(tmp_path / "missing.yaml")
    suite = fasteval.EvaluationSuite.load(setup["folder"] / "suite.yaml")
    with pytest.raises(KeyError, match=r"no model for entry 'reviews' \(looked up 'sentiment'\)"):
        suite.run({"digits": setup["models"]["digits"]})


def test_failing_entry_is_named(setup):
    suite = fasteval.EvaluationSuite(
        [{"task": "text-classification", "name": "t", "data": {"text": ["a"], "label": [0]}}]
    )
    with pytest.raises(ValueError, match="returned 2 predictions") as err:
        suite.run(lambda batch: [0, 1])
    if hasattr(err.value, "__notes__"):
        assert "suite entry 't'" in err.value.__notes__[0]


def test_yaml_missing_gives_a_clear_error(setup, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_yaml(name, *args, **kwargs):
        if name == "yaml":
            raise ImportError("no yaml")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_yaml)
    with pytest.raises(ImportError, match=r"needs PyYAML.*fasteval\[yaml\]"):
        fasteval.EvaluationSuite.load(setup["folder"] / "suite.yaml")
