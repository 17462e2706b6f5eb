"""combine: shared counts, keyword routing, key prefixes, torch training loops."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics as skm

import fasteval as evaluate
from fasteval._state import LabelCounts


def test_combine_counts_each_batch_once(monkeypatch):
    calls = []
    original = LabelCounts.update

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LabelCounts, "update", counting)
    clf = evaluate.combine(["accuracy", "f1", "precision", "recall", "matthews_correlation"])
    clf.add_batch(predictions=np.zeros(70_000, dtype=int), references=np.ones(70_000, dtype=int))
    clf.compute(average="macro")
    assert len(calls) == 1
    # the matrix is kept only when some module declares it needs one
    shared = {id(m._acc) for m in clf.evaluation_modules}
    assert len(shared) == 1
    assert clf.evaluation_modules[0]._acc.state.keep_matrix is False
    with_cm = evaluate.combine(["f1", "confusion_matrix"])
    assert with_cm.evaluation_modules[0]._acc.state.keep_matrix is True


def test_keyword_routing_and_errors():
    refs, preds = [0, 1, 1, 1, 2], [0, 1, 2, 1, 1]
    out = evaluate.combine(["accuracy", "f1"]).compute(
        predictions=preds, references=refs, average="macro"
    )
    assert out == {
        "accuracy": skm.accuracy_score(refs, preds),
        "f1": skm.f1_score(refs, preds, average="macro"),
    }
    out = evaluate.combine(["accuracy", "precision"]).compute(
        predictions=preds,
        references=refs,
        average="weighted",
        normalize=False,
        sample_weight=[1, 2, 3, 4, 5],
    )
    assert out["accuracy"] == skm.accuracy_score(
        refs, preds, normalize=False, sample_weight=[1, 2, 3, 4, 5]
    )
    assert out["precision"] == skm.precision_score(
        refs, preds, average="weighted", sample_weight=[1, 2, 3, 4, 5]
    )
    with pytest.raises(TypeError, match=r"no combined module accepts them"):
        evaluate.combine(["accuracy", "f1"]).compute(
            predictions=preds, references=refs, avrage="macro"
        )


def test_prefixes():
    refs, preds = [0, 1, 1], [0, 1, 0]
    out = evaluate.combine(["f1", "f1"]).compute(predictions=preds, references=refs)
    assert set(out) == {"f1_0_f1", "f1_1_f1"}
    out = evaluate.combine(
        {"strict": evaluate.load("f1"), "loose": evaluate.load("f1", average="micro")}
    ).compute(predictions=preds, references=refs)
    assert out == {
        "strict_f1": skm.f1_score(refs, preds),
        "loose_f1": skm.f1_score(refs, preds, average="micro"),
    }
    out = evaluate.combine(["accuracy", "recall"], force_prefix=True).compute(
        predictions=preds, references=refs
    )
    assert set(out) == {"accuracy_accuracy", "recall_recall"}


def test_combined_streaming_equals_sklearn():
    rng = np.random.default_rng(7)
    refs, preds = rng.integers(0, 10, 20_000), rng.integers(0, 10, 20_000)
    clf = evaluate.combine(
        ["accuracy", "f1", "precision", "recall", "confusion_matrix", "balanced_accuracy"]
    )
    for lo in range(0, 20_000, 1000):
        clf.add_batch(predictions=preds[lo : lo + 1000], references=refs[lo : lo + 1000])
    out = clf.compute(average="macro")
    assert out["accuracy"] == skm.accuracy_score(refs, preds)
    assert out["f1"] == skm.f1_score(refs, preds, average="macro")
    assert out["precision"] == skm.precision_score(refs, preds, average="macro")
    assert out["recall"] == skm.recall_score(refs, preds, average="macro")
    assert out["balanced_accuracy"] == skm.balanced_accuracy_score(refs, preds)
    np.testing.assert_array_equal(out["confusion_matrix"], skm.confusion_matrix(refs, preds))


def test_rejected_combined_batch_changes_nothing():
    clf = evaluate.combine(["accuracy", "f1"])
    clf.add_batch(predictions=[0, 1], references=[0, 0])
    with pytest.raises(ValueError):
        clf.add_batch(predictions=[0, 1], references=[0])
    with pytest.raises(TypeError, match="unexpected keyword"):
        clf.add_batch(predictions=[0, 1], references=[0, 1], weights=[1, 1])
    assert clf.compute() == {"accuracy": 0.5, "f1": skm.f1_score([0, 0], [0, 1], zero_division=0)}


def test_combine_rejects_non_empty_modules():
    f1 = evaluate.load("f1")
    f1.add_batch(predictions=[0], references=[0])
    with pytest.raises(ValueError, match="already holds examples"):
        evaluate.combine([f1, "accuracy"])


def test_torch_training_loop():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 3)
    clf = evaluate.combine(["accuracy", "f1", "precision", "recall"])
    all_refs, all_preds = [], []
    for _ in range(20):
        batch = {"inputs": torch.randn(32, 8), "labels": torch.randint(0, 3, (32,))}
        with torch.no_grad():
            logits = model(batch["inputs"])
        pred = logits.argmax(dim=-1)
        clf.add_batch(predictions=pred.long(), references=batch["labels"].long())
        all_refs.append(batch["labels"].numpy())
        all_preds.append(pred.numpy())
    out = clf.compute(average="macro")
    refs, preds = np.concatenate(all_refs), np.concatenate(all_preds)
    assert out["accuracy"] == skm.accuracy_score(refs, preds)
    assert out["f1"] == skm.f1_score(refs, preds, average="macro")
