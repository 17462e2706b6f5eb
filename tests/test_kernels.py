"""The Numba kernels on their own: known answers and their stop/resume contracts."""

import numpy as np
import pytest

from fasteval import kernels


@pytest.mark.parametrize(
    "dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.uint64]
)
def test_pair_range_all_widths(dtype):
    t = np.array([3, 1, 7], dtype=dtype)
    p = np.array([2, 9, 0], dtype=dtype)
    assert kernels.pair_range(t, p) == (0, 9)


def test_pair_range_negative():
    assert kernels.pair_range(np.array([-5, 3]), np.array([10, -7])) == (-7, 10)


def test_joint_counts_small_counts_and_stops_at_out_of_range():
    t = np.array([0, 1, 1, 63, 64, 0])
    p = np.array([0, 1, 0, 63, 0, 0])
    out = np.zeros(64 * 64, dtype=np.int64)
    assert kernels.joint_counts_small(t, p, out) == 4  # stops at row 4 (value 64)
    table = out.reshape(64, 64)
    assert table[0, 0] == 1 and table[1, 1] == 1 and table[1, 0] == 1 and table[63, 63] == 1
    assert table.sum() == 4
    out[:] = 0
    assert kernels.joint_counts_small(np.array([0, -1]), np.array([0, 0]), out) == 1


def test_joint_counts_matches_numpy():
    rng = np.random.default_rng(1)
    t, p = rng.integers(0, 7, 1000), rng.integers(0, 7, 1000)
    out = np.zeros(49, dtype=np.int64)
    kernels.joint_counts(t, p, 7, out)
    np.testing.assert_array_equal(out, np.bincount(t * 7 + p, minlength=49))


def test_class_counts_weighted_sums_in_row_order():
    rng = np.random.default_rng(2)
    t, p, w = rng.integers(0, 5, 500), rng.integers(0, 5, 500), rng.random(500)
    tp, pred, true = np.zeros(5), np.zeros(5), np.zeros(5)
    seen = np.zeros(5, dtype=np.uint8)
    total, correct = kernels.class_counts_weighted(t, p, w, tp, pred, true, seen)
    # np.bincount adds weights sequentially: the kernel must give identical bits
    np.testing.assert_array_equal(true, np.bincount(t, weights=w, minlength=5))
    np.testing.assert_array_equal(pred, np.bincount(p, weights=w, minlength=5))
    np.testing.assert_array_equal(tp, np.bincount(t[t == p], weights=w[t == p], minlength=5))
    assert total == pytest.approx(w.sum(), rel=1e-13)
    assert correct == pytest.approx(w[t == p].sum(), rel=1e-13)
    assert seen.all()


def test_first_invalid_float_label():
    assert kernels.first_invalid_float_label(np.array([0.0, 1.0, -3.0])) == -1
    assert kernels.first_invalid_float_label(np.array([0.0, 1.5])) == 1
    assert kernels.first_invalid_float_label(np.array([np.nan, 1.0])) == 0
    assert kernels.first_invalid_float_label(np.array([1.0, np.inf])) == 1
    assert kernels.first_invalid_float_label(np.array([1e19])) == 0


def test_hash_encode_stops_when_half_full_and_resumes():
    size = 8
    keys = np.zeros(size, dtype=np.int64)
    codes = np.full(size, -1, dtype=np.int64)
    labels = np.zeros(size // 2, dtype=np.int64)
    values = np.array([10, -3, 10, 99, 7, 5, 10], dtype=np.int64)
    out = np.full(values.shape[0], -1, dtype=np.int64)
    done, n = kernels.hash_encode(values, keys, codes, labels, 0, out)
    assert (done, n) == (5, 4)  # 4 distinct values fill half the table; row 5 (value 5) is new
    np.testing.assert_array_equal(out[:5], [0, 1, 0, 2, 3])
    np.testing.assert_array_equal(labels, [10, -3, 99, 7])
    # grow: re-insert in code order into a bigger table, then resume from row 5
    keys2 = np.zeros(16, dtype=np.int64)
    codes2 = np.full(16, -1, dtype=np.int64)
    labels2 = np.zeros(8, dtype=np.int64)
    scratch = np.empty(4, dtype=np.int64)
    kernels.hash_encode(labels.copy(), keys2, codes2, labels2, 0, scratch)
    np.testing.assert_array_equal(scratch, [0, 1, 2, 3])
    done, n = kernels.hash_encode(values[5:], keys2, codes2, labels2, 4, out[5:])
    assert (done, n) == (2, 5)
    np.testing.assert_array_equal(out, [0, 1, 0, 2, 3, 4, 0])


def test_kernels_accept_read_only_arrays():
    t = np.array([0, 1, 1])
    p = np.array([1, 1, 0])
    t.flags.writeable = False
    p.flags.writeable = False
    out = np.zeros(64 * 64, dtype=np.int64)
    assert kernels.joint_counts_small(t, p, out) == 3
    assert kernels.pair_range(t, p) == (0, 1)


def test_unique_rows_grows_and_resumes():
    rng = np.random.default_rng(3)
    words = np.array([f"w{i}" for i in range(3000)])
    values = words[rng.integers(0, 3000, 20_000)]
    rows = values.view(np.uint32).reshape(len(values), -1)
    table = np.full(64, -1, dtype=np.int64)
    reps = np.zeros(32, dtype=np.int64)
    out = np.empty(len(values), dtype=np.int64)
    start, n = 0, 0
    rounds = 0
    while True:
        start, n = kernels.unique_rows(rows, start, table, reps, n, out)
        if start == len(values):
            break
        rounds += 1
        table = np.full(table.shape[0] * 4, -1, dtype=np.int64)
        reps = np.concatenate([reps, np.zeros(table.shape[0] // 2 - reps.shape[0], dtype=np.int64)])
        kernels.reinsert_rows(rows, table, reps, n)
    assert rounds >= 3
    uniques = values[reps[:n]]
    assert len(set(uniques.tolist())) == n == len(np.unique(values))
    np.testing.assert_array_equal(uniques[out], values)
