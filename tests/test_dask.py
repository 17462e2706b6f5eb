"""evaluate_parquet on a real dask.distributed LocalCluster with worker processes."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fasteval import evaluate_parquet

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask")
    rng = np.random.default_rng(5)
    paths = []
    for i in range(3):
        n = 30_000 + i * 1_000
        refs = rng.integers(0, 5, n)
        preds = np.where(rng.random(n) < 0.7, refs, rng.integers(0, 5, n))
        # a label first seen in the last file, and string group keys
        if i == 2:
            refs[:10] = 9
        table = pa.table(
            {
                "prediction": preds,
                "label": refs,
                "lang": np.array(["en", "de", "fr"])[rng.integers(0, 3, n)],
                "weight": rng.choice([0.5, 1.0, 2.0], n),
            }
        )
        path = folder / f"f{i}.parquet"
        pq.write_table(table, path, row_group_size=4_000)
        paths.append(str(path))
    return paths


def test_dask_equals_single_machine(client, files):
    metrics = ["accuracy", "f1", "precision", "recall", "matthews_correlation", "confusion_matrix"]
    local = evaluate_parquet(files, metrics, average="macro", sample_weight="weight")
    remote = evaluate_parquet(
        files, metrics, average="macro", sample_weight="weight", client=client, batch_size=5_000
    )
    assert remote.keys() == local.keys()
    for key in local:
        np.testing.assert_array_equal(remote[key], local[key])


def test_dask_group_by_equals_single_machine(client, files):
    local = evaluate_parquet(files, ["accuracy", "f1"], group_by="lang", average="macro")
    remote = evaluate_parquet(
        files, ["accuracy", "f1"], group_by="lang", average="macro", client=client
    )
    assert remote.equals(local)
    assert remote.filter(pl.col("overall"))["rows"].item() == sum(
        pq.read_metadata(p).num_rows for p in files
    )


def test_dask_needs_files(client):
    with pytest.raises(TypeError, match="a Dask evaluation reads Parquet files"):
        evaluate_parquet(pa.table({"prediction": [0], "label": [0]}), client=client)
