"""fasteval.visualization: figures built with Agg, their content inspected."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn import metrics as skm

import fasteval
from fasteval import visualization as viz


def test_confusion_matrix_image_equals_matrix():
    rng = np.random.default_rng(0)
    y, p = rng.integers(0, 4, 300), rng.integers(0, 4, 300)
    cm = skm.confusion_matrix(y, p)
    fig = viz.plot_confusion_matrix(cm, ["a", "b", "c", "d"])
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.images[0].get_array(), cm)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "d"]
    assert ax.get_xlabel() == "predicted" and ax.get_ylabel() == "reference"
    assert {t.get_text() for t in ax.texts} >= {str(v) for v in cm.ravel()}
    norm = viz.plot_confusion_matrix(cm, normalize=True).axes[0].images[0].get_array()
    np.testing.assert_allclose(norm, skm.confusion_matrix(y, p, normalize="true"))


def test_confusion_matrix_50_classes_readable():
    rng = np.random.default_rng(1)
    cm = rng.integers(0, 50, (50, 50))
    fig = viz.plot_confusion_matrix(cm, [f"class_{i}" for i in range(50)], normalize=True)
    ax = fig.axes[0]
    assert len(ax.get_xticklabels()) == 50 and not ax.texts  # no cell text at 50 classes
    assert fig.get_size_inches()[0] >= 15
    assert ax.get_xticklabels()[0].get_fontsize() >= 5
    fig.savefig(__import__("io").BytesIO(), format="png")


def test_report_figures():
    rng = np.random.default_rng(2)
    n = 800
    y = rng.integers(0, 3, n)
    p = np.where(rng.random(n) < 0.8, y, rng.integers(0, 3, n))
    r = fasteval.report(
        p,
        y,
        scores=rng.random(n),
        label_names=["x", "y", "z"],
        metadata={"lang": rng.choice(["en", "de"], n)},
        inputs=[f"word {i}" for i in range(n)],
    )
    assert r.figure_names() == [
        "confusion_matrix",
        "per_class",
        "reliability",
        "roc",
        "precision_recall",
        "slice:lang",
        "input_length",
    ]
    np.testing.assert_array_equal(
        r.figure("confusion_matrix").axes[0].images[0].get_array(), r.confusion_matrix
    )
    bars = r.figure("per_class").axes[0]
    heights = [b.get_height() for b in bars.patches]
    np.testing.assert_allclose(heights[:3], r.per_class["precision"].to_numpy()[:3])
    assert [t.get_text() for t in bars.get_xticklabels()] == ["x", "y", "z"]
    rel = r.figure("reliability").axes[0]
    assert rel.get_xlabel() == "confidence" and rel.get_ylabel() == "accuracy"
    roc = r.figure("roc").axes[0]
    np.testing.assert_allclose(roc.lines[0].get_xdata(), r.curves["fpr"])
    assert "AUC" in roc.get_legend().get_texts()[0].get_text()
    sl = r.figure("slice:lang").axes[0]
    assert {t.get_text() for t in sl.get_yticklabels()} == {"en", "de"}
    with pytest.raises(KeyError):
        r.figure("nope")


def test_radar_plot_like_evaluate():
    data = [
        {"accuracy": 0.99, "precision": 0.8, "f1": 0.95, "latency_in_seconds": 33.6},
        {"accuracy": 0.98, "precision": 0.87, "f1": 0.91, "latency_in_seconds": 11.2},
        {"accuracy": 0.98, "precision": 0.78, "f1": 0.88, "latency_in_seconds": 87.6},
    ]
    names = ["model 1", "model 2", "model 3"]
    fig = viz.radar_plot(data=data, model_names=names, invert_range=["latency_in_seconds"])
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 5  # one polar axis per metric, plus the drawing axis
    main, drawing = fig.axes[0], fig.axes[1]
    assert [t.get_text() for t in main.get_xticklabels()] == [
        "accuracy",
        "precision",
        "f1",
        "latency_in_seconds",
    ]
    assert [t.get_text() for t in drawing.get_legend().get_texts()] == names
    assert len(drawing.lines) == 3
    # inverted latency: the fastest model (model 2) is drawn furthest out on that spoke
    radial = [line.get_ydata()[3] for line in drawing.lines]
    assert np.argmax(radial) == 1
    with pytest.raises(ValueError, match="invert_range"):
        viz.radar_plot(data, names, invert_range=["speed"])
    custom = Figure()
    assert viz.radar_plot(data, names, config={"marker": "s"}, fig=custom) is custom
    assert drawing.lines[0].get_marker() == "o"
    single = viz.radar_plot([{"a": 1.0, "b": 2.0}], ["only"])
    assert len(single.axes[1].lines) == 1
