"""Kernels are cached on disk: a second process loads them instead of compiling."""

import json
import subprocess
import sys

SCRIPT = """
import json, warnings
import numpy as np
import fasteval as evaluate
from fasteval import kernels
warnings.simplefilter("ignore")
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
