"""fasteval.report: numbers against scikit-learn, findings on planted causes, renderers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")

import numpy as np
import polars as pl
import pytest
from sklearn import metrics as skm

import fasteval
from fasteval.reporting import EvaluationReport, ReportBuilder, register_renderer
from fasteval.reporting.curves import average_precision, precision_recall_curve, roc_curve


def kinds(report: EvaluationReport) -> list[str]:
    return [f.kind for f in report.findings]


def random_data(n=3000, k=4, acc=0.8, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    wrong = rng.random(n) > acc
    p = np.where(wrong, (y + rng.integers(1, k, n)) % k, y)
    return rng, y, p


# ---------------------------------------------------------------- numbers vs sklearn


@pytest.mark.parametrize("strings", [False, True])
def test_per_class_matches_classification_report(strings):
    rng, y, p = random_data(2000, 5, 0.7, seed=1)
    p[:40] = 4  # unbalanced predictions
    if strings:
        names = np.array(["ant", "bee", "cat", "dog", "eel"])
        y, p = names[y], names[p]
    r = fasteval.report(p, y)
    ref = skm.classification_report(y, p, output_dict=True, zero_division=0)
    table = r.per_class
    for row in table.iter_rows(named=True):
        key = {"micro avg": None}.get(row["label"], row["label"])
        if key is None:
            expected = skm.precision_recall_fscore_support(y, p, average="micro")
            assert row["precision"] == pytest.approx(expected[0], abs=1e-15)
            assert row["f1"] == pytest.approx(ref["accuracy"], abs=1e-15)
            continue
        exp = ref[key]
        assert row["precision"] == exp["precision"]
        assert row["recall"] == exp["recall"]
        assert row["f1"] == pytest.approx(exp["f1-score"], abs=1e-15)
        assert row["support"] == exp["support"]
    np.testing.assert_array_equal(r.confusion_matrix, skm.confusion_matrix(y, p))
    np.testing.assert_allclose(
        r.confusion_matrix_normalized, skm.confusion_matrix(y, p, normalize="true")
    )
    assert r.metrics["accuracy"] == skm.accuracy_score(y, p)
    assert r.metrics["f1_macro"] == pytest.approx(skm.f1_score(y, p, average="macro"), abs=1e-15)
    assert r.metrics["matthews_correlation"] == pytest.approx(skm.matthews_corrcoef(y, p))
    assert r.metrics["cohen_kappa"] == pytest.approx(skm.cohen_kappa_score(y, p))
    assert r.metrics["balanced_accuracy"] == pytest.approx(skm.balanced_accuracy_score(y, p))


def test_metrics_option_label_names_and_errors_frame():
    y = [0, 1, 2, 2, 1, 0, 2]
    p = [0, 2, 2, 1, 1, 0, 2]
    r = fasteval.report(
        p,
        y,
        ids=[f"r{i}" for i in range(7)],
        inputs=["a", "b", "c", "d", "e", "f", "g"],
        label_names=["cat", "dog", "fox"],
        metrics={"f1": {"average": "macro"}, "accuracy": {}},
    )
    assert set(r.metrics) == {"f1", "accuracy"}
    assert r.metrics["f1"] == pytest.approx(skm.f1_score(y, p, average="macro"))
    assert r.per_class["label"].to_list()[:3] == ["cat", "dog", "fox"]
    assert r.errors.columns == ["index", "id", "input", "reference", "prediction"]
    assert r.errors["index"].to_list() == [1, 3]
    assert r.errors["id"].to_list() == ["r1", "r3"]
    text = str(r)
    assert "fox" in text and "Per class" in text
    with pytest.raises(ValueError, match="not a classification metric"):
        fasteval.report(p, y, metrics=["wer"])


def test_lazy_exports():
    import fasteval.reporting

    assert fasteval.report is fasteval.reporting.report
    assert fasteval.EvaluationReport is EvaluationReport
    assert isinstance(fasteval.report([0, 1], [0, 1]), EvaluationReport)


def test_to_dict_json_markdown_and_nan():
    rng, y, p = random_data(500, 3, 0.8, seed=2)
    r = fasteval.report(p, y, scores=rng.random(500))
    d = r.to_dict()
    text = json.dumps(d, allow_nan=False)  # NaN became null
    assert json.loads(text)["confusion_matrix"] == skm.confusion_matrix(y, p).tolist()
    assert d["calibration"][0]["rows"] >= 0
    assert isinstance(d["metrics"]["accuracy"], float)
    md = r.to_markdown()
    assert "## Per class" in md and "| label | precision |" in md
    html = r._repr_html_()
    assert "<table>" in html and "<script" not in html


def test_write_files_atomically(tmp_path):
    r = fasteval.report([0, 1, 1], [0, 1, 0])
    r.to_json(tmp_path / "r.json")
    r.to_markdown(tmp_path / "r.md")
    assert json.loads((tmp_path / "r.json").read_text())["rows"] == 3
    assert (tmp_path / "r.md").read_text().startswith("# Evaluation report")
    assert sorted(os.listdir(tmp_path)) == ["r.json", "r.md"]


def test_custom_renderer():
    class Rows:
        name = "rows"

        def render(self, report):
            return str(report.n_rows)

    register_renderer(Rows())
    assert fasteval.report([1, 1], [1, 0]).render("rows") == "2"
    with pytest.raises(ValueError, match="no renderer"):
        fasteval.report([1, 1], [1, 0]).render("nope")
    with pytest.raises(TypeError):
        register_renderer(object())


def test_bad_inputs():
    with pytest.raises(ValueError, match="scores"):
        fasteval.report([0, 1], [0, 1], scores=[0.5, 1.5])
    with pytest.raises(ValueError, match="scores"):
        fasteval.report(["a", "b"], ["a", "b"], scores=np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="ids"):
        fasteval.report([0, 1], [0, 1], ids=[1])
    with pytest.raises(ValueError, match="references"):
        fasteval.report([0, 1], [0])


# ---------------------------------------------------------------- curves vs sklearn


def test_curves_match_sklearn():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 400)
    s = np.round(rng.random(400) * 0.6 + 0.4 * y, 2)  # ties
    fpr, tpr, _, auc = roc_curve(y, s)
    assert auc == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)
    sk_fpr, sk_tpr, _ = skm.roc_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    assert average_precision(y, s) == pytest.approx(skm.average_precision_score(y, s), abs=1e-12)
    prec, rec, _ = precision_recall_curve(y, s)
    sk_p, sk_r, _ = skm.precision_recall_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(prec, sk_p)
    np.testing.assert_allclose(rec, sk_r)


def test_report_curves_binary_and_micro():
    rng = np.random.default_rng(4)
    n, k = 600, 3
    probs = rng.dirichlet(np.ones(k), n)
    y = np.array([rng.choice(k, p=row) for row in probs])
    p = probs.argmax(1)
    r = fasteval.report(p, y, scores=probs)
    onehot = np.eye(k)[y]
    assert r.curves["roc_auc"] == pytest.approx(
        skm.roc_auc_score(onehot, probs, average="micro"), abs=1e-12
    )
    yb = (probs[:, 1] > rng.random(n)).astype(int)
    pb = (probs[:, 1] > 0.5).astype(int)
    conf = np.where(pb == 1, probs[:, 1], 1 - probs[:, 1])
    rb = fasteval.report(pb, yb, scores=conf)
    assert rb.curves["roc_auc"] == pytest.approx(skm.roc_auc_score(yb, probs[:, 1]), abs=1e-12)


# ---------------------------------------------------------------- findings


def test_perfect_model_has_no_findings():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 4, 1000)
    r = fasteval.report(
        y,
        y,
        scores=np.full(1000, 0.99),
        inputs=np.array(["same text"] * 1000),
        metadata={"lang": rng.integers(0, 3, 1000)},
    )
    assert r.findings == [] and r.errors.height == 0
    assert "no errors" in r.to_markdown()


def test_planted_one_way_confusion():
    rng, y, p = random_data(5000, 5, 0.9, seed=6)
    cats = np.flatnonzero(y == 0)
    p[cats[: len(cats) * 4 // 10]] = 1  # 40% of class 0 -> class 1, never the reverse extra
    r = fasteval.report(p, y, label_names=["cat", "dog", "cow", "pig", "hen"])
    top = r.findings[0]
    assert top.kind == "one_way_confusion"
    assert top.evidence["true"] == "cat" and top.evidence["predicted"] == "dog"
    assert top.title.startswith("cat -> dog")
    assert top.evidence["share_of_errors"] >= 0.1


def test_planted_overlap_both_ways():
    rng, y, p = random_data(5000, 5, 0.95, seed=7)
    for a, b in ((2, 3), (3, 2)):
        rows = np.flatnonzero(y == a)
        p[rows[: len(rows) // 4]] = b
    r = fasteval.report(p, y)
    assert r.findings[0].kind == "overlapping_classes"
    assert {r.findings[0].evidence["true"], r.findings[0].evidence["predicted"]} == {"2", "3"}


def test_planted_noisy_slice_and_rare_class():
    rng, y, p = random_data(6000, 4, 0.9, seed=8)
    lang = rng.choice(["en", "de", "fr", "sw"], 6000)
    sw = np.flatnonzero(lang == "sw")
    p[sw[: len(sw) // 2]] = (y[sw[: len(sw) // 2]] + 1) % 4
    r = fasteval.report(p, y, metadata=pl.DataFrame({"lang": lang}))
    found = [f for f in r.findings if f.kind == "slice"]
    assert [f.evidence["value"] for f in found] == ["sw"]
    assert found[0].evidence["rows"] == len(sw) and found[0].figure == "slice:lang"
    # a rare, mostly-missed class
    y2 = np.r_[y, np.full(60, 9)]
    p2 = np.r_[y, np.where(np.arange(60) < 50, 0, 9)]
    r2 = fasteval.report(p2, y2)
    rare = [f for f in r2.findings if f.kind == "rare_class_low_recall"]
    assert [f.evidence["label"] for f in rare] == ["9"]


def test_planted_label_conflicts_and_length():
    rng, y, p = random_data(3000, 3, 0.9, seed=9)
    texts = np.array(
        [f"text number {i} " + "w " * int(rng.integers(0, 8)) for i in range(3000)], dtype=object
    )
    texts[10], texts[11] = "The same  input", "the same input "
    y[10], y[11] = 0, 1
    texts[20] = texts[21] = texts[22] = "dup"
    y[20], y[21], y[22] = 2, 2, 0
    long = np.flatnonzero(rng.random(3000) < 0.15)
    long = long[long > 30]
    texts[long] = [t + " long" * 120 for t in texts[long]]
    bad = long[: len(long) // 2]
    p[bad] = (y[bad] + 1) % 3
    r = fasteval.report(p, y, inputs=texts)
    conflicts = [f for f in r.findings if f.kind == "label_conflicts"]
    assert len(conflicts) == 1 and conflicts[0].evidence["groups"] == 2
    assert {e["input"] for e in conflicts[0].evidence["examples"]} == {"the same input", "dup"}
    lengths = [f for f in r.findings if f.kind == "input_length"]
    assert lengths and lengths[0].evidence["bucket"] == "101-200"


def test_planted_label_noise_with_scores():
    rng = np.random.default_rng(10)
    n = 4000
    conf = rng.uniform(0.55, 1.0, n)
    y = rng.integers(0, 3, n)
    correct = rng.random(n) < conf  # calibrated
    p = np.where(correct, y, (y + 1) % 3)
    clean = fasteval.report(p, y, scores=conf)
    assert not {"high_confidence_errors", "calibration_gap"} & set(kinds(clean))
    noisy = np.flatnonzero(correct & (conf > 0.95))[:120]
    y2 = y.copy()
    y2[noisy] = (y[noisy] + 2) % 3  # wrong references on confident rows
    r = fasteval.report(p, y2, scores=conf)
    hc = [f for f in r.findings if f.kind == "high_confidence_errors"]
    assert hc and hc[0].evidence["errors"] >= 120
    assert hc[0].evidence["examples"][0]["confidence"] > 0.95


@pytest.mark.parametrize("seed", range(5))
def test_clean_random_errors_no_spurious_findings(seed):
    rng, y, p = random_data(4000, 4, 0.85, seed=100 + seed)
    conf = rng.uniform(0.4, 1.0, 4000)
    correct = rng.random(4000) < conf
    p = np.where(correct, y, (y + rng.integers(1, 4, 4000)) % 4)
    r = fasteval.report(
        p,
        y,
        scores=conf,
        metadata={"lang": rng.integers(0, 6, 4000), "source": rng.choice(["a", "b"], 4000)},
        inputs=np.array([f"unique text {i}" for i in range(4000)]),
    )
    bad = {
        "one_way_confusion",
        "high_confidence_errors",
        "slice",
        "label_conflicts",
        "calibration_gap",
    }
    assert not bad & set(kinds(r)), r.findings


# ---------------------------------------------------------------- streaming and size


def test_streaming_builder_equals_one_shot_and_bounds_samples():
    rng, y, p = random_data(20000, 6, 0.7, seed=11)
    lang = rng.choice(["en", "de", "fr"], 20000)
    texts = np.array([f"t{i % 5000}" for i in range(20000)])
    one = fasteval.report(p, y, metadata={"lang": lang}, inputs=texts)
    b = ReportBuilder(sample=500, error_sample=100, conflict_keys=1000, seed=1)
    for s in range(0, 20000, 3000):
        sl = slice(s, s + 3000)
        b.update(p[sl], y[sl], inputs=texts[sl], metadata={"lang": lang[sl]})
    r = b.finish()
    np.testing.assert_array_equal(r.confusion_matrix, one.confusion_matrix)
    assert r.metrics == one.metrics
    assert r.slices["lang"].sort("value").equals(one.slices["lang"].sort("value"))
    assert r.errors.height == 100 and r.errors_sampled
    assert r._rows.height == 500 and r.sampled
    assert r.errors["index"].is_unique().all()
    assert (p[r.errors["index"].to_numpy()] != y[r.errors["index"].to_numpy()]).all()
    assert r.conflict_fraction < 1.0
    assert (
        abs(r.conflicts.height / r.conflict_fraction - one.conflicts.height)
        < 0.5 * one.conflicts.height
    )


def test_200k_rows_fast_enough():
    rng, y, p = random_data(200_000, 10, 0.8, seed=12)
    r = fasteval.report(
        p,
        y,
        scores=rng.random(200_000),
        metadata={"slice": rng.integers(0, 20, 200_000)},
        inputs=np.array(["a b", "c d e", "f"])[rng.integers(0, 3, 200_000)],
    )
    assert r.n_rows == 200_000 and r.errors.height == r.n_errors
    assert r.curves is not None and isinstance(r.findings, list)


# ---------------------------------------------------------------- HTML in a real browser


def test_html_self_contained(tmp_path):
    rng, y, p = random_data(1500, 4, 0.8, seed=13)
    r = fasteval.report(
        p, y, scores=rng.random(1500), metadata={"lang": rng.choice(["en", "de"], 1500)}
    )
    html = r.to_html(tmp_path / "report.html")
    assert html.count("data:image/png;base64,") == len(r.figure_names())
    for banned in ("<script", "http://", "https://", "<link", "@import", "url("):
        assert banned not in html


def test_html_in_headless_chromium(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium package)")
    rng, y, p = random_data(1500, 4, 0.8, seed=14)
    r = fasteval.report(p, y, scores=rng.random(1500), inputs=[f"text {i}" for i in range(1500)])
    page = tmp_path / "report.html"
    r.to_html(page)
    shot = tmp_path / "shot.png"
    common = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        common + [f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert shot.exists(), done.stderr[-2000:]
    assert "Uncaught" not in done.stderr and "ERROR:CONSOLE" not in done.stderr
    dom = subprocess.run(
        common + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, env=env
    )
    assert "Evaluation report" in dom.stdout and "<img" in dom.stdout
    import matplotlib.image as mpimg

    pixels = mpimg.imread(shot)
    assert pixels.shape[0] > 100 and pixels[..., :3].std() > 0.05
