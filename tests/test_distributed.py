"""Results over several processes: torch.distributed (gloo) and evaluate's num_process files."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

import fasteval as evaluate

SPAWN = multiprocessing.get_context("spawn")
WORDS = ["ant", "bee", "cat", "dog", "eel", "fox"]


def _data(seed: int = 0, n: int = 3000):
    rng = np.random.default_rng(seed)
    refs = rng.integers(0, 5, n)
    preds = np.where(rng.random(n) < 0.6, refs, rng.integers(0, 5, n))
    weights = rng.choice([0.5, 1.0, 3.0], n)
    return refs, preds, weights


def _string_shard(rank: int):
    """Rank 0 sees only ant/bee/cat, rank 1 only cat..fox: the vocabularies differ."""
    rng = np.random.default_rng(10 + rank)
    words = WORDS[:3] if rank == 0 else WORDS[2:]
    refs = rng.choice(words, 400 + 100 * rank)
    preds = np.where(rng.random(len(refs)) < 0.5, refs, rng.choice(words, len(refs)))
    return list(refs), list(preds)


class MedianAbsError(evaluate.Metric):
    """A user metric on a buffered ("cat") state: rows travel between processes."""

    name = "median_abs_error"
    states = {"errors": evaluate.State(np.zeros(0), merge="cat")}

    def update(self, state, predictions, references):
        state["errors"].append(np.abs(predictions - references))

    def derive(self, state):
        return {"median_abs_error": float(np.median(state["errors"]))}


def _shard(arrays, rank: int, world: int):
    return [a[rank::world] for a in arrays]


def _scenarios(rank: int, world: int) -> dict:
    """Every process runs this; the result must be the global one on every rank."""
    refs, preds, weights = _shard(_data(), rank, world)
    out = {}
    acc = evaluate.load("accuracy")
    for i in range(0, len(refs), 256):  # small batches: buffered, folded at compute
        acc.add_batch(predictions=preds[i : i + 256], references=refs[i : i + 256])
    out["accuracy"] = acc.compute()
    f1 = evaluate.load("f1", average="macro")
    f1.add_batch(predictions=preds, references=refs, sample_weight=weights)
    out["f1_weighted"] = f1.compute()
    s_refs, s_preds = _string_shard(rank)
    clf = evaluate.combine(["accuracy", "f1", "precision", "recall"])
    clf.add_batch(predictions=s_preds, references=s_refs)
    out["strings"] = clf.compute(average="macro")
    kappa = evaluate.load("cohen_kappa", weights="quadratic")  # confusion-matrix state
    kappa.add_batch(predictions=preds, references=refs)
    out["kappa"] = kappa.compute()
    wer = evaluate.load("wer")
    texts = [" ".join(WORDS[j % 6 : j % 6 + 3]) for j in range(20)]
    hyps = [" ".join(WORDS[(j + 1) % 6 : (j + 1) % 6 + 3]) for j in range(20)]
    wer.add_batch(predictions=hyps[rank::world], references=texts[rank::world])
    out["wer"] = wer.compute()
    med = MedianAbsError()
    med.add_batch(predictions=preds.astype(float) * 0.5, references=refs.astype(float))
    out["median"] = med.compute()
    # bootstrap is local: its resamples never gather other ranks' states
    boot = evaluate.bootstrap("accuracy", predictions=preds, references=refs, n_resamples=50)
    out["local_bootstrap"] = boot["accuracy"]["score"] == float(np.mean(preds == refs))
    # a rank without examples still takes part
    empty = evaluate.load("accuracy")
    if rank == 0:
        empty.add_batch(predictions=[1, 1, 0], references=[1, 0, 0])
    out["one_rank_only"] = empty.compute()
    return out


def _expected(world: int) -> dict:
    from sklearn.metrics import (
        accuracy_score,
        cohen_kappa_score,
        f1_score,
        precision_score,
        recall_score,
    )

    refs, preds, weights = _data()
    s_refs, s_preds = [], []
    for rank in range(world):
        r, p = _string_shard(rank) if rank < 2 else ([], [])
        s_refs += r
        s_preds += p
    texts = [" ".join(WORDS[j % 6 : j % 6 + 3]) for j in range(20)]
    hyps = [" ".join(WORDS[(j + 1) % 6 : (j + 1) % 6 + 3]) for j in range(20)]
    return {
        "accuracy": {"accuracy": accuracy_score(refs, preds)},
        "f1_weighted": {"f1": f1_score(refs, preds, average="macro", sample_weight=weights)},
        "strings": {
            "accuracy": accuracy_score(s_refs, s_preds),
            "f1": f1_score(s_refs, s_preds, average="macro"),
            "precision": precision_score(s_refs, s_preds, average="macro"),
            "recall": recall_score(s_refs, s_preds, average="macro"),
        },
        "kappa": {"cohen_kappa": cohen_kappa_score(refs, preds, weights="quadratic")},
        "wer": evaluate.load("wer").compute(predictions=hyps, references=texts),
        "median": {"median_abs_error": float(np.median(np.abs(preds * 0.5 - refs)))},
        "local_bootstrap": True,
        "one_rank_only": {"accuracy": 2 / 3},
    }


def _check(got: dict, expected: dict) -> None:
    assert got.keys() == expected.keys()
    for name, value in expected.items():
        if isinstance(value, dict):
            assert got[name].keys() == value.keys(), name
            for key in value:
                assert got[name][key] == pytest.approx(value[key], rel=1e-12), (name, key)
        else:
            assert got[name] == pytest.approx(value, rel=1e-12), name


# -- torch.distributed ------------------------------------------------------------------


def _torch_worker(rank: int, world: int, init_file: str, out_file: str | None = None) -> dict:
    import datetime

    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo",
        init_method=f"file://{init_file}",
        rank=rank,
        world_size=world,
        timeout=datetime.timedelta(seconds=90),
    )
    try:
        result = _scenarios(rank, world)
    finally:
        dist.destroy_process_group()
    if out_file is not None:
        with open(out_file, "wb") as f:
            pickle.dump(result, f)
    return result


def test_torch_distributed_two_ranks_get_the_global_result(tmp_path):
    """Rank 1 is a spawned process, rank 0 this one (one torch start-up fewer)."""
    pytest.importorskip("torch")
    world = 2
    init_file = str(tmp_path / "init")
    out_file = str(tmp_path / "rank1.pkl")
    child = SPAWN.Process(target=_torch_worker, args=(1, world, init_file, out_file))
    child.start()
    try:
        expected = _expected(world)  # while the child starts
        mine = _torch_worker(0, world, init_file)
    finally:
        child.join(120)
    assert child.exitcode == 0
    with open(out_file, "rb") as f:
        theirs = pickle.load(f)
    _check(mine, expected)
    _check(theirs, expected)
    assert mine == theirs  # bitwise the same on every rank


def test_import_fasteval_does_not_import_torch():
    code = (
        "import sys, fasteval; fasteval.load('accuracy').compute(predictions=[1], references=[1]);"
    )
    code += "assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# -- num_process / process_id: files in a shared folder --------------------------------


def _file_worker(process_id: int, num_process: int, cache_dir: str, queue) -> None:
    try:
        queue.put((process_id, _file_scenarios(process_id, num_process, cache_dir)))
    except BaseException as err:  # report, do not hang the parent
        queue.put((process_id, repr(err)))


def _file_scenarios(process_id: int, num_process: int, cache_dir: str) -> list:
    settings = {
        "num_process": num_process,
        "process_id": process_id,
        "cache_dir": cache_dir,
        "experiment_id": "test-run",
        "timeout": 60,
    }
    refs, preds, weights = _shard(_data(), process_id, num_process)
    out = []
    acc = evaluate.load("accuracy", **settings)
    acc.add_batch(predictions=preds, references=refs)
    out.append(acc.compute())
    # a second round with the same module: rounds never mix
    acc.add_batch(predictions=preds[:100], references=refs[:100])
    out.append(acc.compute())
    s_refs, s_preds = _string_shard(process_id) if process_id < 2 else ([], [])
    modules = [evaluate.load(name, **settings) for name in ("accuracy", "f1")]
    clf = evaluate.combine(modules)
    if s_refs:
        clf.add_batch(predictions=s_preds, references=s_refs)
    out.append(clf.compute(average="macro"))
    return out


def test_num_process_three_os_processes(tmp_path):
    from sklearn.metrics import accuracy_score, f1_score

    num_process = 3
    cache_dir = str(tmp_path)
    queue = SPAWN.Queue()
    procs = [
        SPAWN.Process(target=_file_worker, args=(i, num_process, cache_dir, queue)) for i in (1, 2)
    ]
    for p in procs:
        p.start()
    mine = _file_scenarios(0, num_process, cache_dir)  # process 0, here
    others = dict(queue.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(60)
    assert others == {1: [None, None, None], 2: [None, None, None]}
    refs, preds, _ = _data()
    first_100 = np.concatenate([np.arange(i, 3000, 3)[:100] for i in range(3)])
    s_refs = _string_shard(0)[0] + _string_shard(1)[0]
    s_preds = _string_shard(0)[1] + _string_shard(1)[1]
    assert mine[0] == {"accuracy": accuracy_score(refs, preds)}
    assert mine[1] == {"accuracy": accuracy_score(refs[first_100], preds[first_100])}
    assert mine[2] == pytest.approx(
        {
            "accuracy": accuracy_score(s_refs, s_preds),
            "f1": f1_score(s_refs, s_preds, average="macro"),
        },
        rel=1e-12,
    )
    leftovers = [os.path.join(d, f) for d, _, files in os.walk(cache_dir) for f in files]
    assert leftovers == []  # every state file was consumed and deleted


def test_missing_process_times_out_then_compute_can_be_retried(tmp_path):
    common = {"num_process": 3, "cache_dir": str(tmp_path), "experiment_id": "e", "timeout": 0.2}
    zero = evaluate.load("accuracy", process_id=0, **common)
    zero.add_batch(predictions=[1, 1], references=[1, 0])
    with pytest.raises(TimeoutError, match=r"process\(es\) 1, 2 of 3") as info:
        zero.compute()
    assert str(tmp_path) in str(info.value)
    one = evaluate.load("accuracy", process_id=1, **common)
    one.add_batch(predictions=[0, 0], references=[0, 0])
    assert one.compute() is None  # as in evaluate: only process 0 gets the result
    with pytest.raises(TimeoutError, match=r"process\(es\) 2 of 3"):
        zero.compute()
    two = evaluate.load("accuracy", process_id=2, **common)
    two.add_batch(predictions=[1], references=[0])
    assert two.compute() is None
    # the examples of process 0 were kept through the failed computes
    assert zero.compute() == {"accuracy": 3 / 5}
    assert not any(files for _, _, files in os.walk(tmp_path))


def test_nothing_anywhere_and_bad_process_arguments(tmp_path):
    common = {"num_process": 2, "cache_dir": str(tmp_path), "timeout": 5}
    one = evaluate.load("f1", process_id=1, **common)
    assert one.compute() is None  # a process without examples still reports
    with pytest.raises(ValueError, match="nothing to compute on any of the 2 processes"):
        evaluate.load("f1", process_id=0, **common).compute()
    with pytest.raises(ValueError, match="process_id"):
        evaluate.load("accuracy", num_process=2, process_id=2)
    with pytest.raises(ValueError, match="num_process"):
        evaluate.load("accuracy", num_process=0)
    with pytest.raises(ValueError, match="timeout"):
        evaluate.load("accuracy", num_process=2, timeout=0)
    mixed = evaluate.combine(
        [evaluate.load("accuracy", num_process=2, process_id=1), evaluate.load("f1")]
    )
    mixed.add_batch(predictions=[1], references=[1])
    with pytest.raises(ValueError, match="same num_process"):
        mixed.compute()
