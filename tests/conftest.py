"""Shared test set-up: hypothesis profile and JIT warm-up."""

import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,  # the first call of a kernel compiles it
    max_examples=int(os.environ.get("FASTEVAL_HYPOTHESIS_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session", autouse=True)
def warm_kernels():
    """Compile (or load from the disk cache) the common kernels once per session."""
    from fasteval.functional import accuracy_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        accuracy_score(np.array([0, 1]), np.array([1, 1]))
        accuracy_score(np.array([0, 1]), np.array([1, 1]), sample_weight=[1.0, 2.0])
        accuracy_score(["a", "b"], ["b", "b"])
