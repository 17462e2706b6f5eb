"""The runnable examples run, and print what they claim."""

import subprocess
import sys
from pathlib import Path

import pytest
from sklearn import metrics as skm

ROOT = Path(__file__).resolve().parents[1]


def test_demo_runs_and_matches_sklearn(capsys):
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import demo
    finally:
        sys.path.pop(0)
    results = demo.main(["--rows", "200000", "--classes", "7", "--batch-size", "999"])
    preds, refs = demo.make_predictions(200_000, 7)
    assert results["accuracy"] == skm.accuracy_score(refs, preds)
    assert results["f1"] == skm.f1_score(refs, preds, average="macro")
    out = capsys.readouterr().out
    assert (
        "200,000 predictions, 7 classes" in out
        and "M rows/s" in out
        and "slower than fasteval" in out
    )


def test_demo_script_runs_as_a_program():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py"), "--rows", "50000"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "matthews_correlation" in proc.stdout


def test_train_torch_classifier_example(capsys):
    """The training-loop example: combine + add_batch per batch + compute per epoch."""
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import train_torch_classifier as example
    finally:
        sys.path.pop(0)
    results = example.main(["--epochs", "6"])
    preds, refs = results["predictions"], results["references"]
    assert len(preds) == len(refs) == 397
    assert results["accuracy"] == skm.accuracy_score(refs, preds)
    assert results["f1"] == skm.f1_score(refs, preds, average="macro")
    assert 0.85 < results["accuracy"] < 1.0  # a few epochs of a small MLP: good, not perfect
    with torch.no_grad():  # the predictions again, independently of the example's loop
        again = results["model"].eval()(results["x_test"]).argmax(-1).numpy()
    assert results["accuracy"] == skm.accuracy_score(refs, again)
    out = capsys.readouterr().out
    assert out.count("epoch ") == 6 and "accuracy" in out and "f1" in out
