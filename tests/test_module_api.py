"""The evaluate workflow of the issue, line by line, plus state and error handling."""

from __future__ import annotations

import doctest
import textwrap

import numpy as np
import pytest
from sklearn.metrics import f1_score as sk_f1

import fasteval as evaluate


def test_list_evaluation_modules():
    names = evaluate.list_evaluation_modules()
    assert {
        "accuracy",
        "f1",
        "precision",
        "recall",
        "confusion_matrix",
        "matthews_correlation",
    } <= set(names)
    assert names == sorted(names)
    assert evaluate.list_evaluation_modules(module_type="metric") == names
    assert evaluate.list_evaluation_modules(module_type="measurement") == []
    details = evaluate.list_evaluation_modules(with_details=True)
    assert {d["name"] for d in details} == set(names)
    for d in details:
        assert (
            set(d) == {"name", "type", "description"}
            and d["type"] == "metric"
            and len(d["description"]) > 20
        )
    with pytest.raises(ValueError, match="module_type must be one of"):
        evaluate.list_evaluation_modules(module_type="metrics")


def test_description_and_repr():
    acc = evaluate.load("accuracy")
    assert "accuracy =" in acc.description and "correct" in acc.description
    assert "Args:" in acc.inputs_description and "Returns:" in acc.inputs_description
    assert "Examples:" in acc.inputs_description
    text = repr(acc)
    assert text.startswith('EvaluationModule(name: "accuracy", module_type: "metric", features: {')
    assert "'predictions': Value(dtype='int32', id=None)" in text
    assert text.endswith("stored examples: 0)")
    acc.add_batch(predictions=[0, 1], references=[1, 1])
    assert repr(acc).endswith("stored examples: 2)")


@pytest.mark.parametrize("name", evaluate.list_evaluation_modules())
def test_inputs_description_examples_run(name):
    module = evaluate.load(name)
    test = doctest.DocTestParser().get_doctest(module.inputs_description, {}, name, None, 0)
    assert test.examples, f"{name} has no runnable examples"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize("name", evaluate.list_evaluation_modules())
def test_every_module_is_documented(name):
    module = evaluate.load(name)
    assert len(module.description.split()) >= 30
    assert module.citation.strip().startswith("@")
    assert "predictions" in module.inputs_description and "references" in module.inputs_description


def test_issue_workflow():
    acc = evaluate.load("accuracy")
    refs, preds = [0, 1, 2, 0, 1, 2], [0, 1, 1, 2, 1, 0]
    assert acc.compute(references=refs, predictions=preds) == {"accuracy": 0.5}
    assert acc.compute(references=refs, predictions=preds, normalize=False) == {"accuracy": 3.0}
    weights = [0.5, 2, 0.7, 0.5, 9, 0.4]
    assert acc.compute(references=refs, predictions=preds, sample_weight=weights) == {
        "accuracy": 0.8778625954198473
    }
    for ref, pred in zip([0, 1, 0, 1], [1, 0, 0, 1]):
        acc.add(references=ref, predictions=pred)
    assert acc.compute() == {"accuracy": 0.5}
    for ref, pred in zip([0, 1, 0, 1], [1, 0, 0, 1]):
        acc.add(reference=ref, prediction=pred)
    assert acc.compute() == {"accuracy": 0.5}
    for r, p in zip([[0, 1], [0, 1]], [[1, 0], [0, 1]]):
        acc.add_batch(references=r, predictions=p)
    assert acc.compute() == {"accuracy": 0.5}
    clf = evaluate.combine(["accuracy", "f1", "recall", "precision"])
    assert clf.compute(predictions=[0, 1, 0], references=[0, 1, 1]) == {
        "accuracy": 0.6666666666666666,
        "f1": 0.6666666666666666,
        "recall": 0.5,
        "precision": 1.0,
    }


def test_output_types():
    f1 = evaluate.load("f1")
    out = f1.compute(predictions=[0, 1, 2, 1], references=[0, 1, 1, 2], average="macro")
    assert type(out["f1"]) is float
    out = f1.compute(predictions=[0, 1, 2, 1], references=[0, 1, 1, 2], average=None)
    assert isinstance(out["f1"], np.ndarray) and out["f1"].shape == (3,)
    cm = evaluate.load("confusion_matrix").compute(predictions=[0, 1], references=[1, 1])[
        "confusion_matrix"
    ]
    assert isinstance(cm, np.ndarray) and cm.dtype == np.int64


def test_compute_resets_and_add_then_compute_with_more_data():
    acc = evaluate.load("accuracy")
    acc.add_batch(predictions=[0, 0], references=[0, 1])
    # evaluate semantics: data given to compute() is added to what is stored
    assert acc.compute(predictions=[1, 1], references=[1, 1]) == {"accuracy": 0.75}
    with pytest.raises(ValueError, match="nothing to compute"):
        acc.compute()


def test_label_first_seen_late_and_mode_switch():
    rng = np.random.default_rng(3)
    refs = rng.integers(0, 3, 3000)
    preds = rng.integers(0, 3, 3000)
    refs[2500] = 7  # a new small label in a late batch
    preds[2800] = 10**12  # then a huge one: the vocabulary switches to hashing mid-stream
    refs[2900] = -4
    f1 = evaluate.load("f1", average="macro")
    for lo in range(0, 3000, 100):
        f1.add_batch(predictions=preds[lo : lo + 100], references=refs[lo : lo + 100])
    assert f1.compute()["f1"] == sk_f1(refs, preds, average="macro")


def test_string_labels_stream():
    names = np.array(["cat", "dog", "bird", "fish"])
    rng = np.random.default_rng(4)
    refs, preds = names[rng.integers(0, 4, 500)], names[rng.integers(0, 4, 500)]
    m = evaluate.load("f1", average="weighted")
    for lo in range(0, 500, 64):
        m.add_batch(
            predictions=preds[lo : lo + 64].tolist(), references=refs[lo : lo + 64].tolist()
        )
    assert m.compute()["f1"] == sk_f1(refs, preds, average="weighted")


def test_hundred_thousand_classes():
    rng = np.random.default_rng(5)
    n, k = 400_000, 100_000
    refs = rng.integers(0, k, n)
    preds = np.where(rng.random(n) < 0.7, refs, rng.integers(0, k, n))
    clf = evaluate.combine(
        ["accuracy", "f1", "precision", "recall", "matthews_correlation", "cohen_kappa"]
    )
    out = clf.compute(predictions=preds, references=refs, average="macro")
    from sklearn.metrics import accuracy_score

    assert out["accuracy"] == accuracy_score(refs, preds)
    assert out["f1"] == sk_f1(refs, preds, average="macro")
    # scikit-learn's MCC and kappa build a dense 100k x 100k matrix (80 GB): check the formulas directly
    t_counts = np.bincount(refs, minlength=k).astype(float)
    p_counts = np.bincount(preds, minlength=k).astype(float)
    correct = float(np.sum(refs == preds))
    mcc = (correct * n - np.dot(t_counts, p_counts)) / np.sqrt(
        (n**2 - np.dot(p_counts, p_counts)) * (n**2 - np.dot(t_counts, t_counts))
    )
    assert out["matthews_correlation"] == pytest.approx(mcc, rel=1e-12)
    p_observed = np.mean(refs == preds)
    p_expected = np.dot(t_counts, p_counts) / n**2
    assert out["cohen_kappa"] == pytest.approx(
        (p_observed - p_expected) / (1 - p_expected), rel=1e-12
    )
    # and with labels that are not small integers (hashed)
    out = evaluate.load("f1").compute(
        predictions=preds * 7919 - 3, references=refs * 7919 - 3, average="macro"
    )
    assert out["f1"] == sk_f1(refs, preds, average="macro")


def test_rejected_batches_change_nothing():
    m = evaluate.load("precision", average="macro")
    m.add_batch(predictions=[0, 1, 2], references=[0, 1, 1], sample_weight=[1.0, 2.0, 3.0])
    m.add(prediction=1, reference=1, sample_weight=4.0)
    bad_calls = [
        dict(predictions=[0, 1], references=[0]),
        dict(predictions=[0, 1], references=[0, 1], sample_weight=[1.0]),
        dict(predictions=[0, np.nan], references=[0, 1]),
        dict(predictions=[0, 0.5], references=[0, 1]),
        dict(predictions=["a", "b"], references=["a", "b"]),
        dict(predictions=[[0, 1]], references=[[0, 1]]),
        dict(predictions=[0, 1], references=None),
        dict(predictions=[], references=[]),
        dict(predictions=[0, 1], references=[0, 1], temperature=3),
    ]
    for call in bad_calls:
        with pytest.raises((ValueError, TypeError)):
            m.add_batch(**call)
    assert m._acc.stored == 4
    assert m.compute()["precision"] == pytest.approx(
        sk_prec([0, 1, 1, 1], [0, 1, 2, 1], sample_weight=[1, 2, 3, 4]), rel=1e-15
    )


def sk_prec(y_true, y_pred, **kw):
    from sklearn.metrics import precision_score

    return precision_score(y_true, y_pred, average="macro", **kw)


def test_compute_errors():
    f1 = evaluate.load("f1")
    with pytest.raises(ValueError, match="nothing to compute"):
        f1.compute()
    with pytest.raises(
        TypeError, match=r"unexpected keyword argument\(s\) 'avg'.*accepted options: average"
    ):
        f1.compute(predictions=[0, 1], references=[0, 1], avg="macro")
    with pytest.raises(
        ValueError, match=r"average must be one of \['binary', 'micro', 'macro', 'weighted'"
    ):
        f1.compute(predictions=[0, 1], references=[0, 1], average="mean")
    with pytest.raises(ValueError, match="Target is multiclass but average='binary'"):
        f1.compute(predictions=[0, 1, 2], references=[0, 1, 2])
    f1.add_batch(predictions=[0, 1], references=[0, 1])
    with pytest.raises(ValueError, match="sample_weight given without predictions"):
        f1.compute(sample_weight=[1.0, 2.0])
    assert f1.compute() == {"f1": 1.0}
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        evaluate.load("f1", avg="macro")


def test_merge_states():
    rng = np.random.default_rng(6)
    refs, preds, w = rng.integers(0, 5, 1000), rng.integers(0, 5, 1000), rng.random(1000)
    a, b = evaluate.load("f1", average="weighted"), evaluate.load("f1", average="weighted")
    a.add_batch(predictions=preds[:600], references=refs[:600], sample_weight=w[:600])
    b.add_batch(predictions=preds[600:] + 100, references=refs[600:] + 100, sample_weight=w[600:])
    a.merge(b)
    expected = sk_f1(
        np.r_[refs[:600], refs[600:] + 100],
        np.r_[preds[:600], preds[600:] + 100],
        average="weighted",
        sample_weight=w,
    )
    assert a.compute()["f1"] == pytest.approx(expected, rel=1e-12)
    with pytest.raises(TypeError, match="cannot merge"):
        evaluate.load("f1").merge(evaluate.load("accuracy"))


def test_confusion_matrix_options_need_the_matrix_when_streaming():
    kappa = evaluate.load("cohen_kappa")
    kappa.add_batch(predictions=[0, 1, 2], references=[0, 2, 2])
    with pytest.raises(
        ValueError,
        match=r"needs the full confusion matrix.*load\('cohen_kappa', weights='linear'\),",
    ):
        kappa.compute(weights="linear")
    # nothing is lost: unweighted kappa still works on the rows
    from sklearn.metrics import cohen_kappa_score

    assert kappa.compute()["cohen_kappa"] == cohen_kappa_score([0, 2, 2], [0, 1, 2])
    # one-shot compute builds what the options need; load-time options keep it while streaming

    expected = cohen_kappa_score([0, 2, 2], [0, 1, 2], weights="linear")
    assert (
        kappa.compute(predictions=[0, 1, 2], references=[0, 2, 2], weights="linear")["cohen_kappa"]
        == expected
    )
    kappa = evaluate.load("cohen_kappa", weights="linear")
    kappa.add_batch(predictions=[0, 1, 2], references=[0, 2, 2])
    assert kappa.compute()["cohen_kappa"] == expected


def test_load_names_and_errors():
    assert evaluate.load("evaluate-metric/f1").name == "f1"
    assert evaluate.load("mcc").name == "matthews_correlation"
    with pytest.raises(ValueError, match="unknown module 'acuracy'; did you mean 'accuracy'"):
        evaluate.load("acuracy")
    with pytest.raises(FileNotFoundError, match="no such file"):
        evaluate.load("missing/metric.py")
    with pytest.raises(TypeError, match="path must be"):
        evaluate.load(3)


USER_METRIC = '''
import numpy as np
import fasteval


class MeanAbsoluteError(fasteval.Metric):
    """Mean absolute error, streamed as two sums."""

    name = "my_mae"
    description = "Mean absolute error: sum |prediction - reference| / n."
    states = {"abs_error": fasteval.State(0.0, "sum"), "count": fasteval.State(0, "sum")}

    def update(self, state, predictions, references):
        state["abs_error"] += np.abs(predictions - references).sum()
        state["count"] += len(predictions)

    def derive(self, state, *, scale=1.0):
        return {"mae": scale * float(state["abs_error"] / state["count"])}
'''


def test_user_metric_from_file(tmp_path):
    path = tmp_path / "my_mae.py"
    path.write_text(textwrap.dedent(USER_METRIC))
    mae = evaluate.load(str(path))
    assert mae.name == "my_mae"
    assert mae.compute(predictions=[1.0, 2.0, 4.0], references=[1.0, 1.0, 1.0]) == {"mae": 4 / 3}
    mae.add_batch(predictions=[1.0, 2.0], references=[0.0, 0.0])
    mae.add(prediction=3.0, reference=0.0)
    assert mae.compute(scale=2.0) == {"mae": 4.0}
    with pytest.raises(TypeError, match="unexpected keyword"):
        mae.compute(predictions=[1.0], references=[1.0], scael=2.0)
    with pytest.raises(ValueError, match="same length"):
        mae.add_batch(predictions=[1.0, 2.0], references=[0.0])
    # merges by the declared rule, and combines with built-in modules
    other = evaluate.load(str(path))
    other.add_batch(predictions=[5.0], references=[0.0])
    mae.add_batch(predictions=[1.0], references=[0.0])
    assert mae.merge(other).compute() == {"mae": 3.0}
    combo = evaluate.combine([evaluate.load(str(path)), "accuracy"])
    assert combo.compute(predictions=[1, 2], references=[1, 1]) == {"mae": 0.5, "accuracy": 0.5}


def test_register_user_metric():
    @evaluate.register("count_rows_test")
    class CountRows(evaluate.Metric):
        states = {"n": evaluate.State(0, "sum"), "largest": evaluate.State(-np.inf, "max")}

        def update(self, state, predictions, references):
            state["n"] += len(predictions)
            state["largest"] = max(state["largest"], predictions.max())

        def derive(self, state):
            return {"rows": int(state["n"]), "largest": float(state["largest"])}

    assert "count_rows_test" in evaluate.list_evaluation_modules()
    m = evaluate.load("count_rows_test")
    m.add_batch(predictions=[1, 5], references=[0, 0])
    m.add_batch(predictions=[3], references=[0])
    assert m.compute() == {"rows": 3, "largest": 5.0}
    with pytest.raises(ValueError, match="built-in module name"):
        evaluate.register("f1")(CountRows)


def test_kappa_with_many_labels_uses_linear_memory_and_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(8)
    refs = rng.integers(0, 3000, 60_000)
    preds = np.where(rng.random(60_000) < 0.5, refs, rng.integers(0, 3000, 60_000))
    out = evaluate.load("cohen_kappa").compute(predictions=preds, references=refs)["cohen_kappa"]
    assert out == pytest.approx(cohen_kappa_score(refs, preds), rel=1e-12)


def test_warnings_point_at_the_caller():
    with pytest.warns(evaluate.functional.UndefinedMetricWarning) as record:
        evaluate.load("precision", average="macro").compute(predictions=[0, 0], references=[0, 1])
    assert record[0].filename == __file__


def test_user_metric_options_need_defaults():
    with pytest.raises(TypeError, match=r"derive: give the options \['scale'\] default values"):

        class NoDefault(evaluate.Metric):
            def update(self, state, predictions, references):
                pass

            def derive(self, state, *, scale):
                return {}


def test_buffered_batches_do_not_alias_the_callers_arrays():
    torch = pytest.importorskip("torch")
    f1 = evaluate.load("f1", average="macro")
    preds = np.array([0, 1, 2, 2])
    refs = np.array([0, 1, 2, 1])
    f1.add_batch(predictions=preds, references=refs)
    preds[:] = 0  # a training loop refilling its buffer
    refs[:] = 1
    t_preds, t_refs = torch.tensor([1, 1]), torch.tensor([1, 0])
    f1.add_batch(predictions=t_preds, references=t_refs)
    t_preds.zero_()  # in place, while the batch is still buffered
    expected = sk_f1([0, 1, 2, 1, 1, 0], [0, 1, 2, 2, 1, 1], average="macro")
    assert f1.compute()["f1"] == expected


def test_a_failed_compute_loses_nothing():
    f1 = evaluate.load("f1")
    f1.add_batch(predictions=[0, 1, 2], references=[0, 1, 1])
    with pytest.raises(ValueError, match="Target is multiclass but average='binary'"):
        f1.compute()
    with pytest.raises(ValueError, match="Target is multiclass"):
        f1.compute(predictions=[2], references=[2])  # adds a row, fails, and takes it back
    assert f1._acc.stored == 3
    assert f1.compute(average="macro")["f1"] == sk_f1([0, 1, 1], [0, 1, 2], average="macro")
    with pytest.raises(ValueError, match="Target is multiclass"):
        f1.compute(predictions=[0, 1, 2], references=[0, 1, 1])  # nothing stored before
    assert f1._acc.stored == 0
    clf = evaluate.combine(["accuracy", "f1"])
    clf.add_batch(predictions=[0, 1, 2], references=[0, 1, 1])
    with pytest.raises(ValueError, match="Target is multiclass"):
        clf.compute(predictions=[2], references=[2])
    assert clf.compute(average="micro") == {"accuracy": 2 / 3, "f1": 2 / 3}
