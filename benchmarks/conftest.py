"""Benchmark options: sizes are small by default so the test run checks correctness quickly."""

import numpy as np
import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--bench-rows",
        type=int,
        default=100_000,
        help="rows per benchmark workload (e.g. 10000000 for the published numbers)",
    )


@pytest.fixture(scope="session")
def bench_rows(request):
    return request.config.getoption("--bench-rows")


@pytest.fixture(scope="session")
def binary_data(bench_rows):
    rng = np.random.default_rng(0)
    refs = rng.integers(0, 2, bench_rows)
    preds = np.where(rng.random(bench_rows) < 0.8, refs, 1 - refs)
    return preds, refs


@pytest.fixture(scope="session")
def multiclass_data(bench_rows):
    rng = np.random.default_rng(1)
    refs = rng.integers(0, 10, bench_rows)
    preds = np.where(rng.random(bench_rows) < 0.8, refs, rng.integers(0, 10, bench_rows))
    return preds, refs
