"""fasteval.evaluator: real models trained here, on data that ships with scikit-learn.

Every score is checked against scikit-learn (or jiwer for wer) on predictions
computed independently of the evaluator, over every supported kind of data.
"""

from __future__ import annotations

import jiwer
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sklearn import metrics as skm
from sklearn.datasets import load_diabetes, load_digits
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline

import fasteval
import fasteval as evaluate
from fasteval.evaluators import SUPPORTED_TASKS, get_supported_tasks

TIMING = ("total_time_in_seconds", "samples_per_second", "latency_in_seconds")


# -- models and data, built once -------------------------------------------------------------


@pytest.fixture(scope="module")
def digits():
    """Digits split in two; a LogisticRegression fitted on the first part."""
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    X_train, y_train, X_test, y_test = X[:1200], y[:1200], X[1200:], y[1200:]
    clf = LogisticRegression(max_iter=2000).fit(X_train, y_train)
    return {"X_train": X_train, "y_train": y_train, "X": X_test, "y": y_test, "clf": clf}


def make_corpus(n: int, seed: int) -> tuple[list[str], np.ndarray]:
    """Short reviews from a positive and a negative vocabulary, with some neutral noise."""
    rng = np.random.default_rng(seed)
    pos = ["good", "great", "excellent", "lovely", "fine", "superb", "enjoyable"]
    neg = ["bad", "awful", "boring", "poor", "terrible", "dull", "weak"]
    neutral = ["movie", "plot", "actor", "scene", "story", "the", "a", "was", "very"]
    labels = rng.integers(0, 2, n)
    texts = []
    for label in labels:
        own, other = (pos, neg) if label == 1 else (neg, pos)
        words = list(rng.choice(neutral, 4)) + list(rng.choice(own, 2))
        if rng.random() < 0.25:  # some reviews say something of the other side
            words += list(rng.choice(other, 2))
        rng.shuffle(words)
        texts.append(" ".join(words))
    return texts, labels


@pytest.fixture(scope="module")
def text_task():
    train_texts, train_labels = make_corpus(600, seed=1)
    texts, labels = make_corpus(300, seed=2)
    clf = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(train_texts, train_labels)
    return {"texts": texts, "labels": labels, "clf": clf}


def as_format(kind: str, columns: dict, tmp_path) -> object:
    """The same columns as a list of dicts, dict, pandas, polars, Arrow, Parquet or Dataset."""
    if kind == "dict":
        return columns
    if kind == "rows":
        names = list(columns)
        n = len(columns[names[0]])
        return [
            {
                k: (v[i].tolist() if isinstance(v[i], np.ndarray) else v[i])
                for k, v in columns.items()
            }
            for i in range(n)
        ]
    plain = {
        k: (list(v) if isinstance(v, np.ndarray) and v.ndim == 2 else v) for k, v in columns.items()
    }
    if kind == "pandas":
        return pd.DataFrame(plain)
    table = pa.table({k: pa.array(list(v)) for k, v in plain.items()})
    if kind == "arrow":
        return table
    if kind == "polars":
        return pl.from_arrow(table)
    if kind == "polars-lazy":
        return pl.from_arrow(table).lazy()
    if kind == "parquet":
        path = tmp_path / "data.parquet"
        pq.write_table(table, path, row_group_size=100)
        return str(path)
    if kind == "dataset":
        datasets = pytest.importorskip("datasets")
        return datasets.Dataset(table)
    raise AssertionError(kind)


FORMATS = ["dict", "rows", "pandas", "arrow", "polars", "polars-lazy", "parquet", "dataset"]


# -- image classification (digits) -------------------------------------------------------


@pytest.mark.parametrize("kind", FORMATS)
def test_digits_logistic_regression_every_data_format(digits, kind, tmp_path):
    data = as_format(kind, {"image": digits["X"], "label": digits["y"]}, tmp_path)
    expected = digits["clf"].predict(digits["X"])
    task = evaluate.evaluator("image-classification")
    result = task.compute(
        digits["clf"], data, ["accuracy", "f1"], metric_kwargs={"average": "macro"}, batch_size=50
    )
    assert result["accuracy"] == skm.accuracy_score(digits["y"], expected)
    assert result["f1"] == skm.f1_score(digits["y"], expected, average="macro")
    assert 0.9 < result["accuracy"] < 1.0  # a real model: good, not perfect
    assert set(result) == {"accuracy", "f1", *TIMING}
    assert result["total_time_in_seconds"] > 0
    assert result["samples_per_second"] == pytest.approx(
        len(expected) / result["total_time_in_seconds"]
    )
    assert result["latency_in_seconds"] == pytest.approx(1 / result["samples_per_second"])


def test_digits_default_metric_and_loaded_module(digits):
    task = evaluate.evaluator("image-classification")
    data = {"image": digits["X"], "label": digits["y"]}
    expected = digits["clf"].predict(digits["X"])
    assert task.compute(digits["clf"], data)["accuracy"] == skm.accuracy_score(
        digits["y"], expected
    )
    f1 = evaluate.load("f1", average="weighted")
    result = task.compute(digits["clf"], data, f1)
    assert result["f1"] == skm.f1_score(digits["y"], expected, average="weighted")
    combined = evaluate.combine(["precision", "recall"])
    result = task.compute(digits["clf"], data, combined, metric_kwargs={"average": "micro"})
    assert result["precision"] == skm.precision_score(digits["y"], expected, average="micro")


def test_digits_batch_size_does_not_change_scores(digits):
    data = {"image": digits["X"], "label": digits["y"]}
    task = evaluate.evaluator("image-classification")
    scores = {
        b: task.compute(digits["clf"], data, batch_size=b)["accuracy"] for b in (1, 7, 256, 10_000)
    }
    assert len(set(scores.values())) == 1


def test_feature_columns_stacked(digits):
    """input_column as a list of numeric columns -> one feature matrix."""
    frame = pd.DataFrame(digits["X"], columns=[f"px{i}" for i in range(64)])
    frame["digit"] = digits["y"]
    task = evaluate.evaluator("image-classification")
    result = task.compute(
        digits["clf"], frame, input_column=[f"px{i}" for i in range(64)], label_column="digit"
    )
    expected = digits["clf"].predict(digits["X"])
    assert result["accuracy"] == skm.accuracy_score(digits["y"], expected)


def test_digits_torch_mlp(digits):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Dropout(0.1), torch.nn.Linear(32, 10)
    )
    x = torch.tensor(digits["X_train"], dtype=torch.float32)
    y = torch.tensor(digits["y_train"])
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(60):  # full-batch training: well under a second
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    model.train()
    model[2].eval()  # a submodule the user froze in eval mode: must stay so
    with torch.no_grad():
        model.eval()
        expected = model(torch.tensor(digits["X"], dtype=torch.float32)).argmax(1).numpy()
        model.train()
        model[2].eval()
    data = {
        "image": digits["X"],
        "label": digits["y"],
    }  # float64 inputs: cast to the module's dtype
    result = evaluate.evaluator("image-classification").compute(
        model, data, ["accuracy", "f1"], metric_kwargs={"average": "macro"}, batch_size=64
    )
    assert result["accuracy"] == skm.accuracy_score(digits["y"], expected)
    assert result["f1"] == skm.f1_score(digits["y"], expected, average="macro")
    assert result["accuracy"] > 0.85
    assert model.training and model[0].training and not model[2].training


def test_torch_module_returning_a_model_output_with_logits(digits):
    torch = pytest.importorskip("torch")

    class Output:
        def __init__(self, logits):
            self.logits = logits

    class Wrapped(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(64, 10)

        def forward(self, x):
            return Output(self.linear(x))

    torch.manual_seed(1)
    model = Wrapped()
    with torch.no_grad():
        expected = model.linear(torch.tensor(digits["X"], dtype=torch.float32)).argmax(1).numpy()
    result = evaluate.evaluator("image-classification").compute(
        model, {"image": digits["X"], "label": digits["y"]}
    )
    assert result["accuracy"] == skm.accuracy_score(digits["y"], expected)


def test_torch_module_restores_training_flag_on_error():
    torch = pytest.importorskip("torch")

    class Broken(torch.nn.Module):
        def forward(self, x):
            raise RuntimeError("boom")

    model = Broken().train()
    with pytest.raises(RuntimeError, match="boom"):
        evaluate.evaluator("image-classification").compute(
            model, {"image": np.zeros((3, 2)), "label": [0, 1, 0]}
        )
    assert model.training


def test_torch_module_refuses_text():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="cannot take text inputs"):
        evaluate.evaluator("text-classification").compute(
            torch.nn.Linear(2, 2), {"text": ["a", "b"], "label": [0, 1]}
        )


# -- text classification -------------------------------------------------------------------


def test_text_sklearn_pipeline(text_task):
    clf, texts, labels = text_task["clf"], text_task["texts"], text_task["labels"]
    rows = [{"text": t, "label": int(y)} for t, y in zip(texts, labels)]
    expected = clf.predict(texts)
    result = evaluate.evaluator("text-classification").compute(clf, rows, ["accuracy", "f1"])
    assert result["accuracy"] == skm.accuracy_score(labels, expected)
    assert result["f1"] == skm.f1_score(labels, expected)
    assert 0.7 < result["accuracy"] < 1.0


def pipeline_like(clf):
    """A transformers-pipeline-style callable: texts -> [{"label": "LABEL_k", "score": p}]."""

    def pipe(texts, top_k=1):
        proba = clf.predict_proba(list(texts))
        if top_k is None:
            return [
                [{"label": f"LABEL_{k}", "score": float(p[k])} for k in np.argsort(-p)]
                for p in proba
            ]
        return [{"label": f"LABEL_{int(p.argmax())}", "score": float(p.max())} for p in proba]

    return pipe


def test_text_pipeline_callable_with_label_mapping(text_task):
    clf, texts, labels = text_task["clf"], text_task["texts"], text_task["labels"]
    expected = clf.predict_proba(texts).argmax(1)
    mapping = {"LABEL_0": 0, "LABEL_1": 1}
    task = evaluate.evaluator("sentiment-analysis")  # evaluate's alias
    assert task.task == "text-classification"
    data = {"text": texts, "label": labels}
    result = task.compute(pipeline_like(clf), data, "f1", label_mapping=mapping, batch_size=32)
    assert result["f1"] == skm.f1_score(labels, expected)
    top_k = pipeline_like(clf)
    result = task.compute(lambda t: top_k(t, top_k=None), data, "accuracy", label_mapping=mapping)
    assert result["accuracy"] == skm.accuracy_score(labels, expected)


def test_string_labels_from_the_model_and_the_data(text_task):
    clf, texts, labels = text_task["clf"], text_task["texts"], text_task["labels"]
    names = np.array(["neg", "pos"])
    expected = names[clf.predict(texts)]
    data = pa.table({"text": texts, "label": names[labels]})
    result = evaluate.evaluator("text-classification").compute(
        clf, data, label_mapping={0: "neg", 1: "pos"}
    )
    assert result["accuracy"] == skm.accuracy_score(names[labels], expected)


# -- regression ------------------------------------------------------------------------------


class UserMSE(fasteval.Metric):
    """A user metric: the regression path must not depend on a built-in module."""

    name = "user_mse"
    states = {"sq": fasteval.State(0.0, "sum"), "n": fasteval.State(0, "sum")}

    def update(self, state, predictions, references):
        state["sq"] += float(((predictions - references) ** 2).sum())
        state["n"] += len(predictions)

    def derive(self, state):
        return {"user_mse": float(state["sq"] / state["n"])}


@pytest.fixture(scope="module")
def diabetes():
    frame = load_diabetes(as_frame=True).frame
    features = [c for c in frame.columns if c != "target"]
    train, test = frame.iloc[:300], frame.iloc[300:]
    reg = LinearRegression().fit(train[features].to_numpy(), train["target"].to_numpy())
    return {"frame": test, "features": features, "reg": reg}


def test_regression_diabetes(diabetes):
    frame, features, reg = diabetes["frame"], diabetes["features"], diabetes["reg"]
    expected = reg.predict(frame[features].to_numpy())
    task = evaluate.evaluator("regression")
    result = task.compute(
        reg, frame, UserMSE(), input_column=features, label_column="target", batch_size=40
    )
    assert result["user_mse"] == pytest.approx(
        skm.mean_squared_error(frame["target"], expected), rel=1e-12
    )
    if "mse" in evaluate.list_evaluation_modules():
        result = task.compute(reg, frame, input_column=features, label_column="target")
        assert result["mse"] == pytest.approx(
            skm.mean_squared_error(frame["target"], expected), rel=1e-12
        )


def test_regression_default_metric_is_mse():
    task = evaluate.evaluator("regression")
    assert task.default_metric_name == "mse"
    if "mse" not in evaluate.list_evaluation_modules():
        with pytest.raises(ValueError, match="no default metric"):
            task.compute(lambda x: x[:, 0], {"features": np.ones((2, 1)), "label": [1.0, 1.0]})


def test_regression_outputs_of_shape_n_by_1(diabetes):
    frame, features, reg = diabetes["frame"], diabetes["features"], diabetes["reg"]
    expected = reg.predict(frame[features].to_numpy())
    result = evaluate.evaluator("regression").compute(
        lambda x: reg.predict(x)[:, None],
        {"features": frame[features].to_numpy(), "label": frame["target"].to_numpy()},
        UserMSE(),
    )
    assert result["user_mse"] == pytest.approx(
        skm.mean_squared_error(frame["target"], expected), rel=1e-12
    )


# -- text generation -------------------------------------------------------------------------

SENTENCES = [
    "the cat sat on the mat",
    "a quick brown fox jumps over the lazy dog",
    "speech recognition is hard",
    "hello world",
    "numbers like seven and eight",
]


def fake_asr(paths):
    """A 'speech recogniser' that drops every third word of the sentence behind each path."""
    out = []
    for p in paths:
        words = SENTENCES[int(p.split("_")[1].split(".")[0])].split()
        out.append(" ".join(w for i, w in enumerate(words) if i % 3 != 2))
    return out


def test_asr_wer_equals_jiwer():
    data = {"path": [f"clip_{i}.wav" for i in range(5)], "sentence": SENTENCES}
    hypotheses = fake_asr(data["path"])
    result = evaluate.evaluator("automatic-speech-recognition").compute(
        fake_asr, data, batch_size=2
    )
    assert result["wer"] == jiwer.wer(SENTENCES, hypotheses)
    assert 0 < result["wer"] < 1
    result = evaluate.evaluator("automatic-speech-recognition").compute(
        lambda paths: [[{"text": t}] for t in fake_asr(paths)], data, ["wer", "cer"]
    )
    assert result["cer"] == jiwer.cer(SENTENCES, hypotheses)


def test_text2text_exact_match_default():
    sources = ["one", "two", "three", "four"]
    targets = ["1", "2", "3", "five"]
    lookup = {"one": "1", "two": "2", "three": "3", "four": "4"}
    task = evaluate.evaluator("text2text-generation")
    assert task.default_metric_name == "exact_match"
    result = task.compute(
        lambda texts: [{"generated_text": lookup[t]} for t in texts],
        {"text": sources, "label": targets},
    )
    assert result["exact_match"] == 0.75


# -- bootstrap -----------------------------------------------------------------------------


def test_bootstrap_strategy(digits):
    data = {"image": digits["X"], "label": digits["y"]}
    expected = digits["clf"].predict(digits["X"])
    result = evaluate.evaluator("image-classification").compute(
        digits["clf"], data, strategy="bootstrap", n_resamples=200, random_state=0
    )
    acc = skm.accuracy_score(digits["y"], expected)
    assert set(result) == {"accuracy", *TIMING}
    assert result["accuracy"]["score"] == acc
    low, high = result["accuracy"]["confidence_interval"]
    assert low < acc < high
    assert 0 < result["accuracy"]["standard_error"] < 0.05
    # a combination with options: every key gets its interval; a seed makes it reproducible
    again = [
        evaluate.evaluator("image-classification").compute(
            digits["clf"],
            data,
            ["accuracy", "f1"],
            metric_kwargs={"average": "macro"},
            strategy="bootstrap",
            n_resamples=100,
            random_state=1,
            confidence_level=0.9,
        )
        for _ in range(2)
    ]
    assert again[0]["f1"]["score"] == skm.f1_score(digits["y"], expected, average="macro")
    assert again[0]["f1"] == again[1]["f1"] and again[0]["accuracy"] == again[1]["accuracy"]
    low90, high90 = again[0]["accuracy"]["confidence_interval"]
    assert 0 < high90 - low90 < high - low  # narrower at 90% than at 95%


# -- bad input -----------------------------------------------------------------------------


def test_unknown_task_lists_the_tasks():
    with pytest.raises(KeyError) as err:
        evaluate.evaluator("summarization")
    for task in get_supported_tasks():
        assert task in str(err.value)
    assert list(SUPPORTED_TASKS) == get_supported_tasks()


def test_missing_column_lists_the_columns():
    task = evaluate.evaluator("text-classification")
    with pytest.raises(
        ValueError, match=r"input_column='text' is not a column.*'sentence', 'label'"
    ):
        task.compute(lambda x: [0] * len(x), {"sentence": ["a"], "label": [0]})
    with pytest.raises(ValueError, match=r"label_column='y'.*'text', 'label'"):
        task.compute(
            lambda x: [0] * len(x), pd.DataFrame({"text": ["a"], "label": [0]}), label_column="y"
        )
    with pytest.raises(ValueError, match="row 1 of the data has no column 'label'"):
        task.compute(lambda x: [0] * len(x), [{"text": "a", "label": 0}, {"text": "b"}])


def test_empty_data():
    task = evaluate.evaluator("text-classification")
    with pytest.raises(ValueError, match="0 rows"):
        task.compute(lambda x: x, {"text": [], "label": []})
    with pytest.raises(ValueError, match="0 rows"):
        task.compute(
            lambda x: x,
            pa.table({"text": pa.array([], pa.string()), "label": pa.array([], pa.int64())}),
        )


def test_wrong_number_of_outputs_is_an_error_not_a_partial_result():
    calls = []

    def drops_last(batch):
        calls.append(len(batch))
        out = [0] * len(batch)
        return out if len(calls) < 3 else out[:-1]

    data = {"text": ["x"] * 10, "label": [0] * 10}
    with pytest.raises(
        ValueError, match=r"returned 1 predictions for a batch of 2 inputs \(rows 8 to 9\)"
    ):
        evaluate.evaluator("text-classification").compute(drops_last, data, batch_size=4)


def test_labels_outside_label_mapping():
    data = {"text": ["a", "b", "c"], "label": [0, 1, 1]}
    with pytest.raises(ValueError, match=r"not in label_mapping: LABEL_2 .*'LABEL_0', 'LABEL_1'"):
        evaluate.evaluator("text-classification").compute(
            lambda t: [{"label": f"LABEL_{i}", "score": 1.0} for i in range(len(t))],
            data,
            label_mapping={"LABEL_0": 0, "LABEL_1": 1},
        )


def test_other_bad_arguments(digits):
    task = evaluate.evaluator("image-classification")
    data = {"image": digits["X"][:5], "label": digits["y"][:5]}
    with pytest.raises(TypeError, match="is a name"):
        task.compute("distilbert-base-uncased", data)
    with pytest.raises(TypeError, match="callable on a batch"):
        task.compute(object(), data)
    with pytest.raises(ValueError, match="strategy"):
        task.compute(digits["clf"], data, strategy="jackknife")
    with pytest.raises(ValueError, match="batch_size"):
        task.compute(digits["clf"], data, batch_size=0)
    with pytest.raises(ValueError, match="one column is ambiguous"):
        task.compute(lambda x: np.zeros((len(x), 1)), data)
    with pytest.raises(FileNotFoundError, match="no such file"):
        task.compute(digits["clf"], "no/such/file.parquet")
    with pytest.raises(TypeError, match="data must be"):
        task.compute(digits["clf"], 42)
    with pytest.raises(ValueError, match="differ in length"):
        task.compute(digits["clf"], {"image": digits["X"][:5], "label": digits["y"][:4]})
    used = evaluate.load("accuracy")
    used.add_batch(predictions=[0], references=[0])
    with pytest.raises(ValueError, match="already holds examples"):
        task.compute(digits["clf"], data, used)
    with pytest.raises(ValueError, match="null"):
        task.compute(
            digits["clf"],
            pa.table({"image": pa.array([[0.0] * 64, None]), "label": [0, 1]}),
        )


def test_progress_bar_runs(digits, capsys):
    data = {"image": digits["X"], "label": digits["y"]}
    result = evaluate.evaluator("image-classification").compute(
        digits["clf"], data, progress=True, batch_size=100
    )
    assert result["accuracy"] == skm.accuracy_score(digits["y"], digits["clf"].predict(digits["X"]))


def test_datasets_dataset_with_an_indices_mapping(text_task):
    datasets = pytest.importorskip("datasets")
    clf, texts, labels = text_task["clf"], text_task["texts"], text_task["labels"]
    ds = datasets.Dataset.from_dict({"text": texts, "label": labels.tolist()})
    subset = ds.select(range(0, 300, 3))  # rows read through the indices mapping
    expected = clf.predict(texts[::3])
    result = evaluate.evaluator("text-classification").compute(clf, subset)
    assert result["accuracy"] == skm.accuracy_score(labels[::3], expected)
    splits = datasets.DatasetDict({"train": ds, "test": subset})
    with pytest.raises(TypeError, match=r"DatasetDict with splits train, test; pass one split"):
        evaluate.evaluator("text-classification").compute(clf, splits)


# -- metrics that need scores ----------------------------------------------------------------


class UserLogLoss(fasteval.Metric):
    """A metric taking evaluate's ``prediction_scores`` (as roc_auc does): scores reach it."""

    name = "user_log_loss"
    features = {
        "predictions": fasteval.Value("int64"),
        "references": fasteval.Value("int64"),
        "prediction_scores": fasteval.Value("float64"),
    }
    row_inputs = ("prediction_scores",)
    states = {"nll": fasteval.State(0.0, "sum"), "n": fasteval.State(0, "sum")}

    def update(self, state, predictions, references, prediction_scores):
        if prediction_scores.ndim == 1:  # binary: the positive class's probability
            p = np.where(references == 1, prediction_scores, 1 - prediction_scores)
        else:
            p = prediction_scores[np.arange(len(references)), references]
        state["nll"] += float(-np.log(p).sum())
        state["n"] += len(references)

    def derive(self, state):
        return {"user_log_loss": float(state["nll"] / state["n"])}


def test_scores_from_predict_proba(digits):
    data = {"image": digits["X"], "label": digits["y"]}
    proba = digits["clf"].predict_proba(digits["X"])
    result = evaluate.evaluator("image-classification").compute(
        digits["clf"], data, [UserLogLoss(), evaluate.load("accuracy")], batch_size=100
    )
    assert result["user_log_loss"] == pytest.approx(skm.log_loss(digits["y"], proba), rel=1e-12)
    assert result["accuracy"] == skm.accuracy_score(digits["y"], digits["clf"].predict(digits["X"]))


def test_binary_scores_from_a_top_k_pipeline(text_task):
    clf, texts, labels = text_task["clf"], text_task["texts"], text_task["labels"]
    proba = clf.predict_proba(texts)
    pipe = pipeline_like(clf)
    result = evaluate.evaluator("text-classification").compute(
        lambda t: pipe(t, top_k=None),
        {"text": texts, "label": labels},
        UserLogLoss(),
        label_mapping={"LABEL_0": 0, "LABEL_1": 1},
    )
    assert result["user_log_loss"] == pytest.approx(skm.log_loss(labels, proba), rel=1e-12)
    with pytest.raises(ValueError, match="returned labels only"):  # top-1 records: no scores
        evaluate.evaluator("text-classification").compute(
            pipe,
            {"text": texts, "label": labels},
            UserLogLoss(),
            label_mapping={"LABEL_0": 0, "LABEL_1": 1},
        )


def test_datasets_image_feature_is_decoded_for_the_model():
    datasets = pytest.importorskip("datasets")
    Image = pytest.importorskip("PIL.Image")
    levels = [0, 200, 30, 250, 90, 140]
    images = [Image.fromarray(np.full((4, 4), v, dtype=np.uint8)) for v in levels]
    features = datasets.Features({"image": datasets.Image(), "label": datasets.Value("int64")})
    ds = datasets.Dataset.from_dict(
        {"image": images, "label": [0, 1, 0, 0, 1, 1]}, features=features
    )
    seen = []

    def bright(batch):  # a model on PIL images, as an image pipeline takes them
        seen.extend(type(im).__name__ for im in batch)
        return [int(np.asarray(im).mean() > 100) for im in batch]

    result = evaluate.evaluator("image-classification").compute(bright, ds, batch_size=4)
    expected = [int(v > 100) for v in levels]
    assert result["accuracy"] == skm.accuracy_score([0, 1, 0, 0, 1, 1], expected)
    assert len(seen) == 6 and all("Image" in name for name in seen)
