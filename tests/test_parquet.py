"""evaluate_parquet: streamed file evaluation equals one-shot compute and scikit-learn."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from sklearn import metrics as skm

import fasteval
from fasteval import evaluate_parquet

N = 120_000
LANGS = np.array(["en", "de", "fr", "ja"])


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(11)
    refs = rng.integers(0, 6, N)
    accuracy_by_lang = np.array([0.9, 0.8, 0.6, 0.4])
    lang_idx = rng.integers(0, 4, N)
    right = rng.random(N) < accuracy_by_lang[lang_idx]
    preds = np.where(right, refs, rng.integers(0, 6, N))
    return {
        "prediction": preds,
        "label": refs,
        "language": LANGS[lang_idx],
        "split": rng.integers(0, 2, N),
        "weight": rng.choice([0.5, 1.0, 2.0, 4.0], N),
    }


@pytest.fixture(scope="module")
def parquet_files(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("preds")
    table = pa.table(data)
    paths = []
    for i, lo in enumerate(range(0, N, 40_000)):
        path = folder / f"part-{i}.parquet"
        pq.write_table(table.slice(lo, 40_000), path, row_group_size=7_000)
        paths.append(str(path))
    return folder, paths


def sk_four(refs, preds, average="macro", sample_weight=None):
    return {
        "accuracy": skm.accuracy_score(refs, preds, sample_weight=sample_weight),
        "f1": skm.f1_score(refs, preds, average=average, sample_weight=sample_weight),
        "precision": skm.precision_score(refs, preds, average=average, sample_weight=sample_weight),
        "recall": skm.recall_score(refs, preds, average=average, sample_weight=sample_weight),
    }


def test_files_folder_glob_and_list_equal_sklearn(data, parquet_files):
    folder, paths = parquet_files
    expected = sk_four(data["label"], data["prediction"])
    for source in (
        str(folder),
        os.path.join(folder, "*.parquet"),
        paths,
        paths[0] if False else paths,
    ):
        assert evaluate_parquet(source, average="macro", batch_size=5_000) == expected
    one = evaluate_parquet(paths[0], average="macro")
    assert one == sk_four(data["label"][:40_000], data["prediction"][:40_000])


def test_same_dict_as_compute(data, parquet_files):
    _, paths = parquet_files
    metrics = ["accuracy", "f1", "matthews_correlation", "confusion_matrix", "cohen_kappa"]
    clf = fasteval.combine(metrics)
    expected = clf.compute(
        predictions=data["prediction"], references=data["label"], average="weighted"
    )
    got = evaluate_parquet(paths, metrics, average="weighted")
    assert got.keys() == expected.keys()
    for key in expected:
        np.testing.assert_array_equal(got[key], expected[key])


def test_sample_weight_column(data, parquet_files):
    _, paths = parquet_files
    got = evaluate_parquet(paths, sample_weight="weight", average="macro")
    expected = sk_four(data["label"], data["prediction"], sample_weight=data["weight"])
    for key in expected:  # weights are multiples of 0.5: every sum is exact
        assert got[key] == expected[key]


def test_tables_and_frames(data):
    expected = sk_four(data["label"], data["prediction"])
    table = pa.table(data)
    sources = [
        table,
        pa.dataset.dataset(table) if hasattr(pa, "dataset") else table,
        pl.DataFrame(data),
        pl.DataFrame(data).lazy(),
        pd.DataFrame(data),
    ]
    for source in sources:
        assert evaluate_parquet(source, average="macro") == expected


def test_group_by_one_pass_per_slice(data, parquet_files):
    _, paths = parquet_files
    df = evaluate_parquet(paths, ["accuracy", "f1", "recall"], group_by="language", average="macro")
    assert df.columns == ["language", "overall", "rows", "accuracy", "f1", "recall"]
    overall = df.filter(pl.col("overall"))
    assert overall["language"].to_list() == [None] and overall["rows"].item() == N
    assert overall["f1"].item() == skm.f1_score(data["label"], data["prediction"], average="macro")
    slices = df.filter(~pl.col("overall"))
    assert slices["language"].to_list() == sorted(LANGS)
    for row in slices.iter_rows(named=True):
        mask = data["language"] == row["language"]
        assert row["rows"] == mask.sum()
        assert row["accuracy"] == skm.accuracy_score(data["label"][mask], data["prediction"][mask])
        assert row["f1"] == skm.f1_score(
            data["label"][mask], data["prediction"][mask], average="macro"
        )
        assert row["recall"] == skm.recall_score(
            data["label"][mask], data["prediction"][mask], average="macro"
        )


def test_group_by_two_columns_weights_and_matrix(data):
    table = pa.table(data)
    df = evaluate_parquet(
        table,
        ["accuracy", "confusion_matrix"],
        group_by=["language", "split"],
        sample_weight="weight",
    )
    slices = df.filter(~pl.col("overall"))
    assert len(slices) == 8
    for row in slices.iter_rows(named=True):
        mask = (data["language"] == row["language"]) & (data["split"] == row["split"])
        w = data["weight"][mask]
        assert row["accuracy"] == pytest.approx(
            skm.accuracy_score(data["label"][mask], data["prediction"][mask], sample_weight=w),
            rel=1e-14,
        )
        np.testing.assert_array_equal(
            row["confusion_matrix"],
            skm.confusion_matrix(data["label"][mask], data["prediction"][mask], sample_weight=w),
        )


def test_group_with_null_key_and_labels_missing_from_a_slice():
    table = pa.table(
        {
            "prediction": [0, 1, 2, 2, 0, 1],
            "label": [0, 1, 2, 1, 0, 0],
            "g": ["a", "a", None, None, "b", "b"],
        }
    )
    df = evaluate_parquet(table, ["f1"], group_by="g", average="macro")
    rows = {r["g"]: r for r in df.filter(~pl.col("overall")).iter_rows(named=True)}
    assert set(rows) == {"a", "b", None}
    # each slice is scored over the labels present in that slice, as scikit-learn would
    assert rows["a"]["f1"] == skm.f1_score([0, 1], [0, 1], average="macro")
    assert rows[None]["f1"] == skm.f1_score([2, 1], [2, 2], average="macro")
    assert rows["b"]["f1"] == skm.f1_score([0, 0], [0, 1], average="macro")


def test_string_labels_and_filters(tmp_path):
    rng = np.random.default_rng(3)
    names = np.array(["cat", "dog", "bird"])
    refs, preds = names[rng.integers(0, 3, 5000)], names[rng.integers(0, 3, 5000)]
    score = rng.random(5000)
    path = tmp_path / "s.parquet"
    pq.write_table(
        pa.table({"prediction": preds, "label": refs, "score": score}), path, row_group_size=1000
    )
    got = evaluate_parquet(path, ["accuracy", "f1"], average="micro", filters=[("score", ">", 0.5)])
    keep = score > 0.5
    assert got == {
        "accuracy": skm.accuracy_score(refs[keep], preds[keep]),
        "f1": skm.f1_score(refs[keep], preds[keep], average="micro"),
    }
    assert evaluate_parquet(path, ["accuracy"], filters=pc.field("score") > 0.5) == {
        "accuracy": got["accuracy"]
    }


def test_nulls_raise_or_drop(tmp_path):
    path = tmp_path / "n.parquet"
    pq.write_table(pa.table({"prediction": [0, 1, None, 1], "label": [0, None, 1, 1]}), path)
    with pytest.raises(
        ValueError, match=r"column 'prediction' \(predictions\) has null values.*nulls='drop'"
    ):
        evaluate_parquet(path, ["accuracy"])
    with pytest.warns(UserWarning, match="dropped 2 rows with null prediction or label"):
        assert evaluate_parquet(path, ["accuracy"], nulls="drop") == {"accuracy": 1.0}
    with pytest.raises(ValueError, match="nulls must be 'raise' or 'drop'"):
        evaluate_parquet(path, ["accuracy"], nulls="skip")


def test_bad_sources_give_one_clear_error(tmp_path, parquet_files):
    _, paths = parquet_files
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        evaluate_parquet(tmp_path / "missing.parquet")
    with pytest.raises(FileNotFoundError, match="no files match"):
        evaluate_parquet(str(tmp_path / "*.parquet"))
    with pytest.raises(
        ValueError,
        match=r"column 'pred' \(predictions\) not found; the data has columns: 'prediction', 'label'",
    ):
        evaluate_parquet(paths, predictions="pred")
    struct = tmp_path / "struct.parquet"
    pq.write_table(pa.table({"prediction": [{"a": 1}], "label": [1]}), struct)
    with pytest.raises(TypeError, match=r"column 'prediction' \(predictions\) has type struct"):
        evaluate_parquet(struct)
    floats = tmp_path / "float.parquet"
    pq.write_table(pa.table({"prediction": [0.5, 1.0], "label": [1, 1]}), floats)
    with pytest.raises(
        ValueError, match="predictions: expected class labels, found a non-integer value"
    ):
        evaluate_parquet(floats)
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(open(paths[0], "rb").read()[:5000])
    with pytest.raises(ValueError, match="truncated.parquet"):
        evaluate_parquet([paths[0], str(truncated)])
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"not a parquet file at all" * 10)
    with pytest.raises(ValueError, match="garbage.parquet"):
        evaluate_parquet(str(garbage))
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"prediction": ["a"], "label": ["b"]}), other)
    with pytest.raises(ValueError, match="files disagree on the type of column 'prediction'"):
        evaluate_parquet([paths[0], str(other)])
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        evaluate_parquet(paths, averge="macro")
    with pytest.raises(TypeError, match="sample_weight must name a column"):
        evaluate_parquet(paths, ["accuracy"], sample_weight=[1.0])


def test_empty_after_filter(parquet_files):
    _, paths = parquet_files
    with pytest.raises(ValueError, match="no rows to evaluate"):
        evaluate_parquet(paths, filters=[("label", ">", 100)])


def test_given_modules_are_not_mutated(data):
    f1 = fasteval.load("f1", average="macro")
    f1.add_batch(predictions=[0], references=[0])
    table = pa.table(data)
    got = evaluate_parquet(table, f1)
    assert got == {"f1": skm.f1_score(data["label"], data["prediction"], average="macro")}
    assert f1.compute() == {"f1": 1.0}  # its own stored example is still there, alone


def test_progress_bar_renders(parquet_files, capsys):
    _, paths = parquet_files
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        evaluate_parquet(paths, ["accuracy"], progress=True)
    evaluate_parquet(paths, ["accuracy"], progress=False)


def test_lazyframe_streams_in_batches_and_uri_paths(data, parquet_files, monkeypatch):
    _, paths = parquet_files
    seen = []
    original = pl.LazyFrame.collect_batches

    def spy(self, *args, **kwargs):
        for chunk in original(self, *args, **kwargs):
            seen.append(len(chunk))
            yield chunk

    monkeypatch.setattr(pl.LazyFrame, "collect_batches", spy)
    lazy = pl.scan_parquet(paths)
    got = evaluate_parquet(
        lazy, ["accuracy", "f1"], average="macro", batch_size=10_000, filters=[("split", "==", 1)]
    )
    keep = data["split"] == 1
    assert got == {
        "accuracy": skm.accuracy_score(data["label"][keep], data["prediction"][keep]),
        "f1": skm.f1_score(data["label"][keep], data["prediction"][keep], average="macro"),
    }
    assert len(seen) > 1 and max(seen) <= 40_000
    uri = "file://" + os.path.abspath(paths[0])
    assert evaluate_parquet(uri, ["accuracy"]) == evaluate_parquet(paths[0], ["accuracy"])


def test_group_by_survives_label_recoding_mid_stream():
    rng = np.random.default_rng(9)
    n = 30_000
    refs = rng.integers(0, 4, n)
    preds = np.where(rng.random(n) < 0.6, refs, rng.integers(0, 4, n))
    refs[25_000:25_010] = 10**12  # a huge label late: the label vocabulary switches to hashing
    preds[26_000:26_005] = -3
    groups = rng.integers(0, 3, n)
    table = pa.table({"prediction": preds, "label": refs, "g": groups})
    df = evaluate_parquet(
        table, ["f1", "accuracy"], group_by="g", average="macro", batch_size=1_000
    )
    for row in df.filter(~pl.col("overall")).iter_rows(named=True):
        m = groups == row["g"]
        assert row["f1"] == skm.f1_score(refs[m], preds[m], average="macro")
        assert row["accuracy"] == skm.accuracy_score(refs[m], preds[m])
    assert df.filter(pl.col("overall"))["f1"].item() == skm.f1_score(refs, preds, average="macro")


BOUNDED = """
import numpy as np, pyarrow as pa, pyarrow.parquet as pq, resource, sys
import fasteval
path = sys.argv[1]
rng = np.random.default_rng(0)
with pq.ParquetWriter(path, pa.schema([("prediction", pa.int64()), ("label", pa.int64())])) as writer:
    for _ in range(20):  # 20 x 1M rows = 320 MB of int64 columns in memory
        writer.write_table(pa.table({"prediction": rng.integers(0, 10, 1_000_000),
                                     "label": rng.integers(0, 10, 1_000_000)}), row_group_size=250_000)
pool = pa.default_memory_pool()
before = pool.max_memory()
out = fasteval.evaluate_parquet(path, ["accuracy", "f1"], average="macro", batch_size=65_536)
print(pool.max_memory() - before, out["accuracy"])
"""


def test_memory_stays_bounded_while_streaming(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", BOUNDED, str(tmp_path / "big.parquet")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    peak_growth, accuracy = proc.stdout.split()
    # 320 MB of label data went through; Arrow's pool never held more than a few row groups
    assert int(peak_growth) < 100 * 2**20
    assert 0.09 < float(accuracy) < 0.11


def test_group_by_with_options_that_need_the_matrix_and_bad_group_columns(tmp_path):
    rng = np.random.default_rng(2)
    refs, preds, g = rng.integers(0, 4, 3000), rng.integers(0, 4, 3000), rng.integers(0, 2, 3000)
    table = pa.table({"prediction": preds, "label": refs, "g": g, "tags": [[1, 2]] * 3000})
    df = evaluate_parquet(table, ["cohen_kappa"], group_by="g", weights="quadratic")
    for row in df.filter(~pl.col("overall")).iter_rows(named=True):
        m = g == row["g"]
        assert row["cohen_kappa"] == skm.cohen_kappa_score(refs[m], preds[m], weights="quadratic")
    with pytest.raises(TypeError, match=r"column 'tags' \(group_by\) has type list"):
        evaluate_parquet(table, ["accuracy"], group_by="tags")
