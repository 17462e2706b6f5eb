"""Kernels are cached on disk: a second process loads them instead of compiling."""

import json
import subprocess
import sys

SCRIPT = """
import json, warnings
import numpy as np
import fasteval as evaluate
from fasteval import _state, kernels
warnings.simplefilter("ignore")
_state.COLD_NUMPY_ROWS = 0  # count with the kernels from the first batch above NUMPY_ROWS
clf = evaluate.combine(["accuracy", "f1", "precision", "recall", "confusion_matrix"])
clf.compute(predictions=np.tile([0, 1, 1], 2000), references=np.tile([0, 1, 0], 2000))
clf.compute(predictions=np.array([0, 1, 900]), references=np.array([0, 1, 0]), sample_weight=[1.0, 2.0, 3.0],
            average="macro")
used = [kernels.joint_counts_small, kernels.class_counts_weighted, kernels.joint_counts_weighted,
        kernels.pair_range]
print(json.dumps({k.py_func.__name__: [sum(k.stats.cache_hits.values()), sum(k.stats.cache_misses.values())]
                  for k in used}))
"""


def run_fresh():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_second_process_loads_kernels_from_the_disk_cache():
    run_fresh()  # populates the cache if this machine has not compiled these signatures yet
    stats = run_fresh()
    for name, (hits, misses) in stats.items():
        assert misses == 0 and hits >= 1, (
            f"{name} was recompiled: {hits} cache hits, {misses} misses"
        )


def test_small_first_compute_does_not_load_numba():
    code = (
        "import sys, fasteval as e\n"
        "r = e.combine(['accuracy', 'f1', 'confusion_matrix']).compute(predictions=[0, 1, 1], references=[0, 1, 0])\n"
        "print('numba' in sys.modules, r['f1'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0.6666666666666666"]


COLD_SCRIPT = """
import json, sys
import numpy as np
import fasteval as evaluate
from fasteval import _state
rng = np.random.default_rng(0)
refs = rng.integers(0, 10, 1_000_000)
preds = np.where(rng.random(refs.size) < 0.7, refs, rng.integers(0, 10, refs.size)).astype(np.int8)
clf = evaluate.combine(["accuracy", "f1", "confusion_matrix"])
first = clf.compute(predictions=preds, references=refs, average="macro")
loaded_after_first = "numba" in sys.modules
# past COLD_NUMPY_ROWS rows in all, the kernels load and count
for _ in range(_state.COLD_NUMPY_ROWS // refs.size):
    again = clf.compute(predictions=preds, references=refs, average="macro")
print(json.dumps({"numba_after_first": loaded_after_first, "numba_at_end": "numba" in sys.modules,
                  "f1": [first["f1"], again["f1"]],
                  "cm": [first["confusion_matrix"].tolist(), again["confusion_matrix"].tolist()]}))
"""


def test_first_compute_of_a_million_rows_counts_with_numpy_then_kernels_take_over():
    from sklearn.metrics import confusion_matrix, f1_score

    out = subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT], capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["numba_after_first"] is False
    assert got["numba_at_end"] is True
    import numpy as np

    rng = np.random.default_rng(0)
    refs = rng.integers(0, 10, 1_000_000)
    preds = np.where(rng.random(refs.size) < 0.7, refs, rng.integers(0, 10, refs.size))
    expected_f1 = f1_score(refs, preds, average="macro")
    expected_cm = confusion_matrix(refs, preds).tolist()
    assert got["f1"] == [expected_f1, expected_f1]
    assert got["cm"] == [expected_cm, expected_cm]


TEXT_COLD_SCRIPT = """
import json, sys
import fasteval as evaluate
from fasteval import text
text.COLD_ARROW_PAIRS = 6
refs = ["the cat sat", "a b  c", "x\\ty z"]
preds = ["the cat sat down", "a c", "x y z"]
wer = evaluate.load("wer")
first = wer.compute(predictions=preds, references=refs)
after_first = {m: m in sys.modules for m in ("numba", "pandas")}
wer.compute(predictions=preds, references=refs)  # 6 pairs in all: still Arrow's coder
after_second = "numba" in sys.modules
last = wer.compute(predictions=preds, references=refs)  # past COLD_ARROW_PAIRS: the kernel
print(json.dumps({"after_first": after_first, "after_second": after_second,
                  "at_end": "numba" in sys.modules, "wer": [first, last]}))
"""


def test_text_metrics_code_words_without_numba_or_pandas_until_the_kernel_pays():
    import jiwer

    out = subprocess.run(
        [sys.executable, "-c", TEXT_COLD_SCRIPT], capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["after_first"] == {"numba": False, "pandas": False}
    assert got["after_second"] is False and got["at_end"] is True
    expected = jiwer.wer(["the cat sat", "a b  c", "x\ty z"], ["the cat sat down", "a c", "x y z"])
    assert got["wer"] == [expected, expected]
