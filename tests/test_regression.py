"""Regression metrics (mse, rmse, mae, mape, smape, r_squared, pearsonr, spearmanr, kendall_tau).

References: scikit-learn's mean_squared_error, root_mean_squared_error,
mean_absolute_error, mean_absolute_percentage_error and r2_score (bitwise
equal on one batch), evaluate's smape formula (written out below), scipy.stats'
pearsonr, spearmanr and kendalltau (statistics and p-values), and evaluate's
documented examples. Hypothesis drives random shapes, weights, options and
chunkings: streamed == one-shot == reference.
"""

from __future__ import annotations

import doctest
import inspect
import math
import sys
import warnings

import numpy as np
import pytest
from fasteval.kernels import regression as K
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats
from sklearn import metrics as skm

import fasteval as evaluate
import fasteval.functional as F
from fasteval import _regression_state as rs
from fasteval.functional import regression as FR

EPS = np.finfo(np.float64).eps
ERROR_MODULES = ["mse", "rmse", "mae", "mape", "smape"]
ALL_MODULES = [*ERROR_MODULES, "r_squared", "pearsonr", "spearmanr", "kendall_tau"]


def evaluate_smape(y_true, y_pred, sample_weight=None, multioutput="uniform_average"):
    """evaluate's smape module's formula, with numpy (its sklearn helper no longer exists)."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.ndim == 1:
        y_true, y_pred = y_true.reshape(-1, 1), y_pred.reshape(-1, 1)
    smape = (
        2
        * np.abs(y_pred - y_true)
        / (np.maximum(np.abs(y_true), EPS) + np.maximum(np.abs(y_pred), EPS))
    )
    output_errors = np.average(smape, weights=sample_weight, axis=0)
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return output_errors
        multioutput = None
    return float(np.average(output_errors, weights=multioutput))


# module name -> (reference function, functional function, compute options for squared/root)
ERROR_REFERENCES = {
    "mse": (skm.mean_squared_error, F.mean_squared_error),
    "rmse": (skm.root_mean_squared_error, F.root_mean_squared_error),
    "mae": (skm.mean_absolute_error, F.mean_absolute_error),
    "mape": (skm.mean_absolute_percentage_error, F.mean_absolute_percentage_error),
    "smape": (evaluate_smape, F.symmetric_mean_absolute_percentage_error),
}


def same_bits(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


def close(a, b, rtol=1e-12, atol=1e-12) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def chunks(n: int, cuts: list[int]) -> list[tuple[int, int]]:
    points = sorted({c for c in cuts if 0 < c < n})
    bounds = [0, *points, n]
    return list(zip(bounds[:-1], bounds[1:]))


def stream(name, preds, refs, cuts, weights=None, load_options=None, **options):
    module = evaluate.load(name, **(load_options or {}))
    for lo, hi in chunks(len(refs), cuts):
        extra = {} if weights is None else {"sample_weight": weights[lo:hi]}
        module.add_batch(predictions=preds[lo:hi], references=refs[lo:hi], **extra)
    return module.compute(**options)


def unwrap(result, name):
    return result[name] if isinstance(result, dict) else result


# -- strategies ---------------------------------------------------------------------------

FLOATS = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def regression_data(draw, max_rows=50, outputs=(None, 1, 3)):
    """(y_true, y_pred, weights or None, cuts) with float or small-integer values."""
    n = draw(st.integers(1, max_rows))
    k = draw(st.sampled_from(outputs))
    shape = (n,) if k is None else (n, k)
    kind = draw(st.sampled_from(["float", "int", "scaled"]))
    if kind == "int":
        elements = st.integers(-4, 4).map(float)
    elif kind == "scaled":
        scale = draw(st.sampled_from([1e-6, 1e-3, 1e3, 1e8]))
        elements = st.floats(-1, 1, allow_subnormal=False).map(lambda v: v * scale)
    else:
        elements = FLOATS
    y_true = draw(hnp.arrays(np.float64, shape, elements=elements))
    y_pred = draw(hnp.arrays(np.float64, shape, elements=elements))
    weights = None
    if draw(st.booleans()):
        # zero or at least 1e-3: subnormal weights make every variance ill-conditioned
        elements = st.one_of(st.just(0.0), st.floats(1e-3, 10))
        weights = draw(hnp.arrays(np.float64, (n,), elements=elements))
    cuts = draw(st.lists(st.integers(1, max(1, n - 1)), max_size=5))
    return y_true, y_pred, weights, cuts


def outputs_of(y):
    return 1 if y.ndim == 1 else y.shape[1]


def multioutput_choices(k, extra=()):
    choices = ["raw_values", "uniform_average", *extra]
    if k > 1:
        choices.append([float(i + 1) for i in range(k)])
    return st.sampled_from(choices)


def sk_or_error(fn, *args, **kwargs):
    """(value, None) or (None, error) from a reference call, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args, **kwargs), None
        except (ValueError, ZeroDivisionError) as err:
            return None, err


# -- evaluate's and scikit-learn's documented examples --------------------------------------


@pytest.mark.parametrize("name", ALL_MODULES)
def test_inputs_description_examples_run(name):
    module = evaluate.load(name)
    test = doctest.DocTestParser().get_doctest(module.inputs_description, {}, name, None, 0)
    assert len(test.examples) >= 4
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize("name", ALL_MODULES)
def test_every_module_is_documented(name):
    module = evaluate.load(name)
    assert len(module.description.split()) >= 60
    assert module.citation.strip().startswith("@")
    for word in ("Args:", "Returns:", "Examples:", "predictions", "references"):
        assert word in module.inputs_description
    assert name in evaluate.list_evaluation_modules(module_type="metric")


def test_evaluate_documented_values():
    preds, refs = [2.5, 0.0, 2, 8], [3, -0.5, 2, 7]
    assert evaluate.load("mse").compute(predictions=preds, references=refs) == {"mse": 0.375}
    assert evaluate.load("mse").compute(predictions=preds, references=refs, squared=False) == {
        "mse": 0.6123724356957945
    }
    assert evaluate.load("mae").compute(predictions=preds, references=refs) == {"mae": 0.5}
    assert evaluate.load("mape").compute(predictions=preds, references=refs) == {
        "mape": 0.3273809523809524
    }
    assert evaluate.load("smape").compute(predictions=preds, references=refs) == {
        "smape": 0.5787878787878785
    }
    multi_p, multi_r = [[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]
    mse = evaluate.load("mse", "multilist")
    assert mse.compute(predictions=multi_p, references=multi_r) == {"mse": 0.7083333333333334}
    raw = mse.compute(predictions=multi_p, references=multi_r, multioutput="raw_values")["mse"]
    assert np.allclose(raw, [0.41666667, 1.0])
    mae = evaluate.load("mae", "multilist")
    assert mae.compute(predictions=multi_p, references=multi_r) == {"mae": 0.75}
    # evaluate's float32 features give its documented mape/smape multilist values
    refs32 = np.asarray([[0.1, 2], [-1, 2], [8, -5]], dtype=np.float32).astype(np.float64)
    preds64 = np.asarray(multi_p, dtype=np.float64)
    assert evaluate.load("mape").compute(predictions=preds64, references=refs32) == {
        "mape": 0.8874999875823658
    }
    assert evaluate.load("smape").compute(predictions=preds64, references=refs32) == {
        "smape": 0.49696969558995985
    }
    # pearsonr / spearmanr
    p, r = [10, 9, 2.5, 6, 4], [1, 2, 3, 4, 5]
    res = evaluate.load("pearsonr").compute(predictions=p, references=r, return_pvalue=True)
    assert sorted(res) == ["p-value", "pearsonr"]
    assert round(res["pearsonr"], 2) == -0.74 and round(res["p-value"], 2) == 0.15
    assert evaluate.load("spearmanr").compute(predictions=p, references=r) == {"spearmanr": -0.7}
    res = evaluate.load("spearmanr").compute(predictions=p, references=r, return_pvalue=True)
    assert res["spearmanr"] == -0.7 and round(res["spearmanr_pvalue"], 2) == 0.19
    # r_squared: evaluate's formula (its documentation's 0.95 is a misprint)
    r2 = evaluate.load("r_squared").compute(
        predictions=[1, 2, 3, 4], references=[0.9, 2.1, 3.2, 3.8]
    )
    assert r2 == 1 - 0.1 / 4.9 == pytest.approx(0.9795918367346939, abs=0)


def test_sklearn_documented_values():
    y_true, y_pred = [3, -0.5, 2, 7], [2.5, 0.0, 2, 8]
    assert F.r2_score(y_true, y_pred) == 0.9486081370449679
    multi_true, multi_pred = [[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]
    assert F.r2_score(multi_true, multi_pred, multioutput="variance_weighted") == skm.r2_score(
        multi_true, multi_pred, multioutput="variance_weighted"
    )
    assert F.r2_score([1, 2, 3], [1, 2, 3]) == 1.0
    assert F.r2_score([1, 2, 3], [2, 2, 2]) == 0.0
    assert F.r2_score([1, 2, 3], [3, 2, 1]) == -3.0
    assert F.r2_score([-2, -2, -2], [-2, -2, -2]) == 1.0
    assert math.isnan(F.r2_score([-2, -2, -2], [-2, -2, -2], force_finite=False))
    assert F.r2_score([-2, -2, -2], [-2, -2, -2 + 1e-8]) == 0.0
    assert F.r2_score([-2, -2, -2], [-2, -2, -2 + 1e-8], force_finite=False) == -np.inf
    assert F.mean_absolute_error(multi_true, multi_pred, multioutput=[0.3, 0.7]) == 0.85
    assert (
        F.mean_absolute_percentage_error([1.0, 0.0, 2.4, 7.0], [1.2, 0.1, 2.4, 8.0])
        == 112589990684262.48
    )
    assert F.root_mean_squared_error(multi_true, multi_pred) == skm.root_mean_squared_error(
        multi_true, multi_pred
    )
    res = F.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])
    ref = stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])
    assert (res.statistic, res.pvalue) == (ref.statistic, ref.pvalue)


# -- bitwise equality with scikit-learn on one batch ------------------------------------------


@given(data=regression_data(max_rows=300), options=st.data())
def test_error_functions_equal_sklearn_bitwise(data, options):
    y_true, y_pred, weights, _ = data
    k = outputs_of(y_true)
    multioutput = options.draw(multioutput_choices(k))
    for name, (reference, ours) in ERROR_REFERENCES.items():
        expected, err = sk_or_error(
            reference, y_true, y_pred, sample_weight=weights, multioutput=multioutput
        )
        if err is not None:  # weights summing to zero
            with pytest.raises(ValueError, match="sum to zero"):
                ours(y_true, y_pred, sample_weight=weights, multioutput=multioutput)
            continue
        got = ours(y_true, y_pred, sample_weight=weights, multioutput=multioutput)
        assert same_bits(got, expected), (name, got, expected)
        assert type(got) is type(expected) or isinstance(expected, np.ndarray)


def _sklearn_mean_is_exact(y_true, weights=None):
    """Whether scikit-learn's mean of every constant column is exactly its value.

    (See r_squared's docs: fasteval takes the value itself; constant means
    constant over the rows of non-zero weight.) The mean is taken as
    scikit-learn takes it, over the (n, k) array along axis 0.
    """
    cols = y_true.reshape(len(y_true), -1)
    weighted = cols if weights is None else cols[weights != 0]
    constant = (weighted == weighted[0]).all(axis=0)
    if not constant.any():
        return True
    means = np.average(cols, axis=0, weights=weights)
    return bool((means[constant] == weighted[0, constant]).all())


@given(data=regression_data(max_rows=300), options=st.data())
def test_r2_equals_sklearn_bitwise(data, options):
    y_true, y_pred, weights, _ = data
    k = outputs_of(y_true)
    multioutput = options.draw(multioutput_choices(k, extra=("variance_weighted",)))
    force_finite = options.draw(st.booleans())
    if weights is None or weights.sum() > 0:
        assume(_sklearn_mean_is_exact(y_true, weights))
    expected, err = sk_or_error(
        skm.r2_score,
        y_true,
        y_pred,
        sample_weight=weights,
        multioutput=multioutput,
        force_finite=force_finite,
    )
    kwargs = dict(sample_weight=weights, multioutput=multioutput, force_finite=force_finite)
    if err is not None:
        with pytest.raises(ValueError, match="sum to zero"):
            F.r2_score(y_true, y_pred, **kwargs)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", F.UndefinedMetricWarning)
        got = F.r2_score(y_true, y_pred, **kwargs)
        module = evaluate.load("r_squared").compute(predictions=y_pred, references=y_true, **kwargs)
    assert same_bits(got, expected), (got, expected)
    assert same_bits(module, expected)


def test_r2_constant_column_is_exact_by_design():
    # numpy's mean of [0.1, 0.1, 0.1] is 0.10000000000000002: scikit-learn's SS_tot is
    # a rounding residue and its R^2 a huge negative number; fasteval detects the constant
    y_true, y_pred = [0.1, 0.1, 0.1], [0.1, 0.1, 0.2]
    assert skm.r2_score(y_true, y_pred) < -1e30
    assert F.r2_score(y_true, y_pred) == 0.0
    assert F.r2_score(y_true, [0.1, 0.1, 0.1]) == 1.0
    assert F.r2_score(y_true, y_pred, force_finite=False) == -np.inf
    # in any chunking
    assert stream("r_squared", np.array(y_pred), np.array(y_true), [1, 2]) == 0.0
    # several outputs: only the constant column is affected
    y2 = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 4.0]])
    p2 = np.array([[0.1, 1.5], [0.2, 2.0], [0.1, 3.0]])
    raw = F.r2_score(y2, p2, multioutput="raw_values")
    assert raw[0] == 0.0 and raw[1] == skm.r2_score(y2[:, 1], p2[:, 1])


def test_large_batches_use_parallel_kernels_with_the_same_bits():
    n = rs.PARALLEL_ROWS + 12_345
    rng = np.random.default_rng(7)
    y_true = rng.standard_normal(n) * 3 + 1
    y_pred = y_true + rng.standard_normal(n)
    weights = rng.random(n)
    for q in [(K.SQUARED, K.ONE, K.NONE), (K.VALUE_T, K.VALUE_P, K.SQUARED)]:
        serial = K.pairwise_sums(*q, y_true, y_pred, weights, True, 0.0, 0.0)
        parallel = K.pairwise_sums_parallel(*q, y_true, y_pred, weights, True, 0.0, 0.0)
        assert serial == parallel
    assert F.mean_squared_error(y_true, y_pred, sample_weight=weights) == skm.mean_squared_error(
        y_true, y_pred, sample_weight=weights
    )
    assert F.r2_score(y_true, y_pred) == skm.r2_score(y_true, y_pred)
    assert F.mean_absolute_percentage_error(y_true, y_pred) == skm.mean_absolute_percentage_error(
        y_true, y_pred
    )
    # several outputs: the columns are spread over threads, each summed in row order
    rows = rs.PARALLEL_ROWS // 3 + 5
    y3, p3 = y_true[: rows * 3].reshape(rows, 3), y_pred[: rows * 3].reshape(rows, 3)
    w3 = weights[:rows]
    raw = F.mean_squared_error(y3, p3, sample_weight=w3, multioutput="raw_values")
    assert same_bits(
        raw, skm.mean_squared_error(y3, p3, sample_weight=w3, multioutput="raw_values")
    )
    kw = dict(multioutput="raw_values")
    assert same_bits(F.r2_score(y3, p3, **kw), skm.r2_score(y3, p3, **kw))


@given(
    n=st.integers(1, 3000),
    term=st.sampled_from([K.SQUARED, K.ABSOLUTE, K.ABS_PERCENT, K.SYM_PERCENT, K.VALUE_T]),
)
def test_pairwise_kernel_has_numpy_sum_bits(n, term):
    rng = np.random.default_rng(n)
    t = rng.standard_normal(n) * 10.0 ** rng.uniform(-3, 3, n)
    p = rng.standard_normal(n)
    w = rng.random(n)
    terms = {
        K.SQUARED: (t - p) ** 2,
        K.ABSOLUTE: np.abs(p - t),
        K.ABS_PERCENT: np.abs(p - t) / np.maximum(np.abs(t), EPS),
        K.SYM_PERCENT: 2
        * np.abs(p - t)
        / (np.maximum(np.abs(t), EPS) + np.maximum(np.abs(p), EPS)),
        K.VALUE_T: t,
    }
    expected = terms[term]
    assert K.pairwise_sums(term, K.NONE, K.ONE, t, p, w, False, 0.0, 0.0) == (
        np.sum(expected),
        0.0,
        float(n),
    )
    assert K.pairwise_sums(term, K.ONE, K.NONE, t, p, w, True, 0.0, 0.0) == (
        np.sum(expected * w),
        np.sum(w),
        0.0,
    )


# -- streaming == one-shot == reference ------------------------------------------------------


@given(data=regression_data(), options=st.data())
def test_error_modules_streamed_equal_one_shot_and_sklearn(data, options):
    y_true, y_pred, weights, cuts = data
    k = outputs_of(y_true)
    multioutput = options.draw(multioutput_choices(k))
    name = options.draw(st.sampled_from(ERROR_MODULES))
    reference, ours = ERROR_REFERENCES[name]
    opts = {"multioutput": multioutput}
    if name == "mse" and options.draw(st.booleans()):  # evaluate's squared=False: RMSE
        opts["squared"] = False
        reference, ours = ERROR_REFERENCES["rmse"]
    expected, err = sk_or_error(
        reference, y_true, y_pred, sample_weight=weights, multioutput=multioutput
    )
    assume(err is None)
    extra = {} if weights is None else {"sample_weight": weights}
    one_shot = evaluate.load(name).compute(predictions=y_pred, references=y_true, **opts, **extra)[
        name
    ]
    assert same_bits(one_shot, expected)
    streamed = stream(name, y_pred, y_true, cuts, weights, **opts)[name]
    assert close(streamed, expected, rtol=1e-12, atol=1e-300)
    # load-time options are compute defaults
    loaded = stream(name, y_pred, y_true, cuts, weights, load_options=opts)[name]
    assert same_bits(loaded, streamed)
    # the functional layer is the same maths
    assert same_bits(ours(y_true, y_pred, sample_weight=weights, multioutput=multioutput), one_shot)


@given(data=regression_data(), options=st.data())
def test_r2_streamed_equals_one_shot(data, options):
    y_true, y_pred, weights, cuts = data
    k = outputs_of(y_true)
    multioutput = options.draw(multioutput_choices(k, extra=("variance_weighted",)))
    force_finite = options.draw(st.booleans())
    assume(len(y_true) >= 2)
    assume(weights is None or weights.sum() > 0)
    # ill-conditioned columns (nearly constant) have no stable SS_tot in any algorithm
    cols = y_true.reshape(len(y_true), -1)
    for j in range(cols.shape[1]):
        col = cols[:, j]
        if not (col == col[0]).all():
            spread = np.var(col) * len(col)
            assume(spread > 1e-9 * (np.mean(col) ** 2 + 1e-300) * len(col))
    kwargs = dict(multioutput=multioutput, force_finite=force_finite)
    extra = {} if weights is None else {"sample_weight": weights}
    one_shot = evaluate.load("r_squared").compute(
        predictions=y_pred, references=y_true, **kwargs, **extra
    )
    streamed = stream("r_squared", y_pred, y_true, cuts, weights, **kwargs)
    assert close(streamed, one_shot, rtol=1e-9, atol=1e-9), (streamed, one_shot)


def test_mse_squared_option_and_rmse_module():
    preds, refs = [[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]
    rmse = skm.root_mean_squared_error(refs, preds)
    assert evaluate.load("mse").compute(predictions=preds, references=refs, squared=False) == {
        "mse": rmse
    }
    assert evaluate.load("mse", squared=False).compute(predictions=preds, references=refs) == {
        "mse": rmse
    }
    assert evaluate.load("rmse").compute(predictions=preds, references=refs) == {"rmse": rmse}
    assert evaluate.load("root_mean_squared_error").name == "rmse"
    raw = evaluate.load("rmse").compute(
        predictions=preds, references=refs, multioutput="raw_values"
    )
    assert same_bits(
        raw["rmse"], skm.root_mean_squared_error(refs, preds, multioutput="raw_values")
    )
    with pytest.raises(TypeError, match="squared must be True or False"):
        evaluate.load("mse").compute(predictions=preds, references=refs, squared="no")
    with pytest.raises(TypeError, match="squared must be True or False"):
        evaluate.load("mse", squared=1)
    with pytest.raises(TypeError, match="unexpected keyword"):
        evaluate.load("rmse").compute(predictions=preds, references=refs, squared=False)


def test_mixed_weighted_and_unweighted_batches():
    # a batch without sample_weight counts each row with weight 1
    m = evaluate.load("mae")
    m.add_batch(predictions=[1.0, 2.0], references=[0.0, 0.0], sample_weight=[2.0, 0.5])
    m.add_batch(predictions=[3.0], references=[1.0])
    expected = skm.mean_absolute_error([0, 0, 1], [1, 2, 3], sample_weight=[2, 0.5, 1])
    assert m.compute()["mae"] == pytest.approx(expected, rel=1e-15)


def test_zero_weight_batches_in_r2():
    r2 = evaluate.load("r_squared")
    r2.add_batch(predictions=[1.0, 2.0], references=[5.0, 7.0], sample_weight=[0.0, 0.0])
    r2.add_batch(predictions=[1.0, 2.5, 2.0], references=[1.0, 3.0, 2.0], sample_weight=[1, 2, 1])
    expected = skm.r2_score([5, 7, 1, 3, 2], [1, 2, 1, 2.5, 2], sample_weight=[0, 0, 1, 2, 1])
    assert r2.compute() == pytest.approx(expected, rel=1e-14)
    with pytest.raises(ValueError, match="sum to zero"):
        F.r2_score([1, 2], [1, 3], sample_weight=[0, 0])
    with pytest.raises(ValueError, match="sum to zero"):
        F.mean_squared_error([1, 2], [1, 3], sample_weight=[0, 0])


def test_merge_of_modules_equals_one_shot():
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.standard_normal(200), rng.standard_normal(200)
    for name in ALL_MODULES:
        a, b = evaluate.load(name), evaluate.load(name)
        a.add_batch(predictions=y_pred[:70], references=y_true[:70])
        b.add_batch(predictions=y_pred[70:], references=y_true[70:])
        merged = unwrap(a.merge(b).compute(), name)
        one_shot = unwrap(evaluate.load(name).compute(predictions=y_pred, references=y_true), name)
        assert close(merged, one_shot, rtol=1e-13), name
    a, b = evaluate.load("mse", "multilist"), evaluate.load("mse")
    a.add_batch(predictions=[[1, 2]], references=[[1, 1]])
    b.add_batch(predictions=[1.0], references=[2.0])
    with pytest.raises(ValueError, match="output"):
        a.merge(b)


def test_combine_regression_modules():
    combined = evaluate.combine(["mse", "mae", "r_squared", "pearsonr", "spearmanr", "kendall_tau"])
    preds, refs = [2.5, 0.0, 2, 8], [3, -0.5, 2, 7]
    out = combined.compute(predictions=preds, references=refs)
    assert out["mse"] == 0.375 and out["mae"] == 0.5
    assert out["r_squared"] == skm.r2_score(refs, preds)
    assert out["pearsonr"] == pytest.approx(stats.pearsonr(refs, preds).statistic, rel=1e-14)
    assert out["spearmanr"] == pytest.approx(stats.spearmanr(refs, preds).statistic, rel=1e-14)
    assert out["kendall_tau"] == stats.kendalltau(refs, preds).statistic
    # sample_weight goes only to the modules that take it
    combined = evaluate.combine(["mse", "pearsonr"])
    combined.add_batch(predictions=preds, references=refs, sample_weight=[1, 2, 3, 4])
    out = combined.compute()
    assert out["mse"] == skm.mean_squared_error(refs, preds, sample_weight=[1, 2, 3, 4])


# -- correlations against scipy ---------------------------------------------------------------


@st.composite
def correlation_data(draw, min_rows=1, max_rows=60):
    n = draw(st.integers(min_rows, max_rows))
    kind = draw(st.sampled_from(["float", "ties", "linear"]))
    if kind == "ties":
        elements = st.integers(-3, 3).map(float)
    else:
        elements = FLOATS
    x = draw(hnp.arrays(np.float64, (n,), elements=elements))
    if kind == "linear":
        noise = draw(hnp.arrays(np.float64, (n,), elements=st.floats(-1, 1)))
        y = 2.0 * x + noise
    else:
        y = draw(hnp.arrays(np.float64, (n,), elements=elements))
    cuts = draw(st.lists(st.integers(1, max(1, n - 1)), max_size=5))
    return x, y, cuts


def pvalue_rtol(r, n):
    """A p-value's sensitivity to the last bits of r: it grows like n / (1 - r**2)."""
    return 1e-9 + 8 * n * EPS / max(1 - float(r) ** 2, 1e-300)


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _constant(v):
    return bool((v == v[0]).all())


@given(data=correlation_data(min_rows=2), alternative=st.sampled_from(FR.ALTERNATIVES))
def test_pearsonr_equals_scipy(data, alternative):
    x, y, cuts = data
    ref = quiet(stats.pearsonr, x, y, alternative=alternative)
    got = quiet(F.pearsonr, x, y, alternative=alternative)
    assert close(got.statistic, ref.statistic, rtol=1e-12, atol=1e-14)
    if math.isnan(ref.statistic):
        assert math.isnan(got.pvalue)
    elif abs(ref.statistic) < 1 - 1e-8 or len(x) == 2:
        rtol = pvalue_rtol(ref.statistic, len(x)) if len(x) > 2 else 0.0
        assert close(got.pvalue, ref.pvalue, rtol=rtol, atol=1e-300)
    # module: references are x, predictions y; streamed == one-shot
    one_shot = quiet(
        evaluate.load("pearsonr").compute,
        predictions=y,
        references=x,
        return_pvalue=True,
        alternative=alternative,
    )
    assert same_bits(one_shot["pearsonr"], got.statistic)
    streamed = quiet(stream, "pearsonr", y, x, cuts, return_pvalue=True, alternative=alternative)
    assert close(streamed["pearsonr"], got.statistic, rtol=1e-12, atol=1e-13)


@given(data=correlation_data(), alternative=st.sampled_from(FR.ALTERNATIVES))
def test_spearmanr_equals_scipy(data, alternative):
    x, y, cuts = data
    ref = quiet(stats.spearmanr, x, y, alternative=alternative)
    got = quiet(F.spearmanr, x, y, alternative=alternative)
    assert close(got.statistic, ref.statistic, rtol=1e-12, atol=1e-14)
    if not math.isnan(ref.statistic) and abs(ref.statistic) < 1 - 1e-8:
        rtol = pvalue_rtol(ref.statistic, len(x))
        assert close(got.pvalue, ref.pvalue, rtol=rtol, atol=1e-300)
    one_shot = quiet(
        evaluate.load("spearmanr").compute, predictions=y, references=x, return_pvalue=True
    )
    streamed = quiet(stream, "spearmanr", y, x, cuts, return_pvalue=True)
    assert same_bits(one_shot["spearmanr"], streamed["spearmanr"])
    assert same_bits(one_shot["spearmanr_pvalue"], streamed["spearmanr_pvalue"])


@given(
    data=correlation_data(max_rows=80),
    variant=st.sampled_from(["b", "c"]),
    method=st.sampled_from(["auto", "asymptotic", "exact"]),
    alternative=st.sampled_from(FR.ALTERNATIVES),
)
def test_kendalltau_equals_scipy(data, variant, method, alternative):
    x, y, cuts = data
    options = dict(variant=variant, method=method, alternative=alternative)
    ref, err = sk_or_error(stats.kendalltau, x, y, **options)
    if isinstance(err, ZeroDivisionError):
        # scipy divides 0 by 0 in its (vanishing) tie correction for 2 rows
        assert len(x) == 2 and method == "asymptotic"
        assert 0 < quiet(F.kendalltau, x, y, **options).pvalue <= 1
        return
    if err is not None:  # exact method with ties
        with pytest.raises(ValueError, match="ties"):
            quiet(F.kendalltau, x, y, **options)
        return
    got = quiet(F.kendalltau, x, y, **options)
    assert same_bits(got.statistic, ref.statistic)
    no_ties = len(set(x.tolist())) == len(x) and len(set(y.tolist())) == len(y)
    if no_ties and method != "asymptotic":
        # maybe exact: integer counts here, a float recurrence in scipy
        assert close(got.pvalue, ref.pvalue, rtol=1e-12, atol=1e-300)
    else:  # the normal approximation: scipy's arithmetic, bitwise
        assert same_bits(got.pvalue, ref.pvalue)
    streamed = quiet(stream, "kendall_tau", y, x, cuts, return_pvalue=True, **options)
    assert same_bits(streamed["kendall_tau"], got.statistic)
    assert same_bits(streamed["kendall_tau_pvalue"], got.pvalue)


@pytest.mark.parametrize("n", [3, 4, 8, 20, 33, 40, 171, 180])
def test_kendall_exact_pvalues(n):
    rng = np.random.default_rng(n)
    x = np.arange(n, dtype=float)
    for y in (rng.permutation(n).astype(float), x.copy(), x[::-1].copy()):
        y_swapped = y.copy()
        if n > 3:
            y_swapped[[0, 1]] = y_swapped[[1, 0]]
        for values in (y, y_swapped):
            for alternative in FR.ALTERNATIVES:
                ref = stats.kendalltau(x, values, method="exact", alternative=alternative)
                got = F.kendalltau(x, values, method="exact", alternative=alternative)
                assert same_bits(got.statistic, ref.statistic)
                assert close(got.pvalue, ref.pvalue, rtol=1e-11, atol=1e-300), (n, alternative)


def test_kendall_large_sample_uses_knights_algorithm():
    rng = np.random.default_rng(11)
    n = 200_000
    x = rng.integers(0, 1000, n).astype(float)  # many ties
    y = x + rng.integers(0, 300, n)
    ref = stats.kendalltau(x, y)
    got = F.kendalltau(x, y)
    assert (got.statistic, got.pvalue) == (ref.statistic, ref.pvalue)
    ref_c = stats.kendalltau(x, y, variant="c")
    assert F.kendalltau(x, y, variant="c").statistic == ref_c.statistic
    rho = F.spearmanr(x, y)
    assert rho.statistic == pytest.approx(stats.spearmanr(x, y).statistic, rel=1e-13)


def test_inversion_count_kernel():
    rng = np.random.default_rng(5)
    for n in [1, 2, 15, 16, 17, 100, 1000]:
        values = rng.integers(0, 10, n).astype(float)
        brute = sum(int((values[i] > values[i + 1 :]).sum()) for i in range(n))
        work = values.copy()
        assert K.sort_counting_inversions(work, np.empty_like(work)) == brute
        assert np.array_equal(work, np.sort(values))


def test_rank_average_equals_scipy_rankdata():
    rng = np.random.default_rng(2)
    values = rng.integers(0, 20, 500).astype(float)
    assert same_bits(FR.rank_average(values), stats.rankdata(values))


# -- edge cases -----------------------------------------------------------------------------


def test_constant_inputs():
    x, y = [1.0, 2.0, 3.0], [2.0, 2.0, 2.0]
    with pytest.warns(F.ConstantInputWarning, match="constant"):
        res = F.pearsonr(x, y)
    assert math.isnan(res.statistic) and math.isnan(res.pvalue)
    with pytest.warns(stats.ConstantInputWarning):
        assert math.isnan(stats.pearsonr(x, y).statistic)
    with pytest.warns(F.ConstantInputWarning):
        out = evaluate.load("pearsonr").compute(predictions=y, references=x, return_pvalue=True)
    assert math.isnan(out["pearsonr"]) and math.isnan(out["p-value"])
    # constant across batches: detected exactly however the rows are chunked
    m = evaluate.load("pearsonr")
    m.add_batch(predictions=[0.1, 0.1], references=[1, 2])
    m.add_batch(predictions=[0.1], references=[3])
    with pytest.warns(F.ConstantInputWarning):
        assert math.isnan(m.compute()["pearsonr"])
    with pytest.warns(F.ConstantInputWarning):
        assert math.isnan(F.spearmanr(x, y).statistic)
    assert math.isnan(F.kendalltau(x, y).statistic)  # scipy: NaN without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(F.kendalltau(x, y).pvalue)


def test_nearly_constant_input_warns_like_scipy():
    x = np.array([1.0, 1.0 + 1e-15, 1.0, 1.0 + 2e-15])
    y = np.array([1.0, 2.0, 3.0, 4.0])
    with pytest.warns(stats.NearConstantInputWarning):
        stats.pearsonr(x, y)
    with pytest.warns(F.NearConstantInputWarning):
        F.pearsonr(x, y)


def test_single_sample_and_two_samples():
    assert F.mean_squared_error([1.0], [3.0]) == 4.0
    assert evaluate.load("mae").compute(predictions=[3.0], references=[1.0]) == {"mae": 2.0}
    with pytest.warns(F.UndefinedMetricWarning, match="less than two samples"):
        assert math.isnan(F.r2_score([1.0], [2.0]))
    r2 = evaluate.load("r_squared")
    r2.add(prediction=2.0, reference=1.0)
    with pytest.warns(F.UndefinedMetricWarning):
        assert math.isnan(r2.compute())
    with pytest.raises(ValueError, match="at least 2"):
        F.pearsonr([1.0], [2.0])
    with pytest.raises(ValueError, match="at least 2"):
        evaluate.load("pearsonr").compute(predictions=[1.0], references=[2.0])
    assert math.isnan(F.spearmanr([1.0], [2.0]).statistic)
    with pytest.warns(F.SmallSampleWarning):
        assert math.isnan(F.kendalltau([1.0], [2.0]).statistic)
    # two pairs: exactly +-1, p-value 1 (pearson), scipy's conventions otherwise
    res = F.pearsonr([1.0, 2.0], [3.0, 1.0])
    assert (res.statistic, res.pvalue) == (-1.0, 1.0)
    ref = stats.pearsonr([1.0, 2.0], [3.0, 1.0])
    assert (float(ref.statistic), float(ref.pvalue)) == (-1.0, 1.0)
    res = F.kendalltau([1.0, 2.0], [3.0, 1.0])
    assert (res.statistic, res.pvalue) == (-1.0, 1.0)
    res = F.spearmanr([1.0, 2.0], [3.0, 1.0])
    assert res.statistic == -1.0 and math.isnan(res.pvalue)


def test_perfect_correlation_is_exact():
    x = np.array([0.1, 0.7, 0.3, 2.5, 1.1])
    res = F.pearsonr(x, x)
    assert res.statistic == 1.0 and res.pvalue == 0.0
    assert F.pearsonr(x, -x).statistic == -1.0
    rho = F.spearmanr(x, x**3)
    assert rho.statistic == 1.0 and rho.pvalue == 0.0


def test_correlation_result_unpacks_like_scipy():
    res = F.spearmanr([1, 2, 3, 4, 5], [10, 9, 2.5, 6, 4])
    statistic, pvalue = res
    assert (statistic, pvalue) == (res.statistic, res.pvalue) == (res[0], res[1])
    assert res.correlation == statistic and len(res) == 2
    assert repr(res).startswith("CorrelationResult(statistic=-0.7, pvalue=0.18")


def test_pvalue_without_scipy_is_a_clear_import_error(monkeypatch):
    exact = stats.kendalltau([1, 2, 3, 4], [1, 3, 2, 4]).pvalue
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    res = F.pearsonr([1, 2, 3, 4], [1, 3, 2, 4])
    assert res.statistic == 0.8  # the statistic needs no scipy
    with pytest.raises(ImportError, match="pip install scipy"):
        _ = res.pvalue
    m = evaluate.load("spearmanr")
    m.add_batch(predictions=[1, 3, 2, 4], references=[1, 2, 3, 4])
    with pytest.raises(ImportError, match="pip install scipy"):
        m.compute(return_pvalue=True)
    assert m.compute() == {"spearmanr": 0.8}  # the failed compute kept the rows
    # the exact Kendall p-value needs no scipy
    assert F.kendalltau([1, 2, 3, 4], [1, 3, 2, 4]).pvalue == pytest.approx(exact, rel=1e-14)


# -- inputs ------------------------------------------------------------------------------------


def test_input_containers():
    torch = pytest.importorskip("torch")
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    refs, preds = [3, -0.5, 2, 7], [2.5, 0.0, 2, 8]
    expected = {"mse": 0.375}
    mse = evaluate.load("mse")
    for conv in (
        np.array,
        lambda v: np.array(v, dtype=np.float32),
        lambda v: torch.tensor(v),
        lambda v: torch.tensor(v, dtype=torch.bfloat16),
        pa.array,
        lambda v: pa.chunked_array([v[:2], v[2:]], type=pa.float64()),
        lambda v: pl.Series(v, dtype=pl.Float64),
        pd.Series,
        tuple,
    ):
        assert mse.compute(predictions=conv(preds), references=conv(refs)) == expected
    # integers and booleans are numbers too
    assert mse.compute(predictions=[1, 0, 1], references=[True, False, False]) == {"mse": 1 / 3}
    # several outputs: nested lists, 2-D arrays, Arrow fixed-size lists, DataFrames
    multi_p, multi_r = [[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]
    out = {"mse": 0.7083333333333334}
    assert mse.compute(predictions=np.array(multi_p), references=np.array(multi_r)) == out
    fixed = pa.array(multi_r, type=pa.list_(pa.float64(), 2))
    assert mse.compute(predictions=multi_p, references=fixed) == out
    assert mse.compute(predictions=multi_p, references=pa.array(multi_r)) == out
    assert (
        mse.compute(predictions=pd.DataFrame(multi_p), references=pl.DataFrame(np.array(multi_r)))
        == out
    )
    assert mse.compute(predictions=np.asfortranarray(multi_p), references=multi_r) == out
    # a column (n, 1) is a single output
    assert mse.compute(predictions=np.array(preds)[:, None], references=refs) == expected


def test_buffered_batches_are_copied():
    # a training loop refilling its buffer after add_batch must not change the result
    buf_p, buf_r = np.array([1.0, 2.0, 3.0]), np.array([1.0, 3.0, 2.0])
    for name in ("spearmanr", "kendall_tau", "mse"):
        m = evaluate.load(name)
        m.add_batch(predictions=buf_p, references=buf_r)
        saved_p, saved_r = buf_p.copy(), buf_r.copy()
        buf_p[:] = [9.0, 8.0, 7.0]
        m.add_batch(predictions=buf_p, references=buf_r)
        expected = evaluate.load(name).compute(
            predictions=np.r_[saved_p, buf_p], references=np.r_[saved_r, buf_r]
        )
        assert m.compute() == expected
        buf_p[:] = [1.0, 2.0, 3.0]


BAD_INPUTS = [
    (
        dict(predictions=[1.0, np.nan], references=[1.0, 2.0]),
        ValueError,
        r"predictions: contains NaN at row 1",
    ),
    (
        dict(predictions=[1.0, 2.0], references=[np.inf, 2.0]),
        ValueError,
        r"references: contains infinity at row 0",
    ),
    (
        dict(predictions=[1.0, -np.inf], references=[1, 2]),
        ValueError,
        "predictions: contains infinity at row 1",
    ),
    (
        dict(predictions=[1.0, 2.0, 3.0], references=[1.0, 2.0]),
        ValueError,
        "same number of rows, got 3 and 2",
    ),
    (dict(predictions=[[1.0, 2.0]], references=[1.0]), ValueError, "same number of outputs"),
    (dict(predictions=[], references=[]), ValueError, "at least one value"),
    (
        dict(predictions=["a", "b"], references=[1.0, 2.0]),
        TypeError,
        "predictions: expected numbers",
    ),
    (
        dict(predictions=[1.0, None], references=[1.0, 2.0]),
        ValueError,
        "predictions: contains NaN at row 1",
    ),
    (
        dict(predictions=np.zeros((2, 2, 2)), references=np.zeros((2, 2, 2))),
        ValueError,
        "1-D array",
    ),
    (
        dict(predictions=[[1.0, 2.0], [3.0]], references=[[1.0, 2.0], [3.0, 4.0]]),
        ValueError,
        "same number of values",
    ),
    (dict(predictions=[1.0 + 1j], references=[1.0]), TypeError, "complex"),
    (
        dict(predictions=[1.0, 2.0], references=[1.0, 2.0], sample_weight=[1.0]),
        ValueError,
        "sample_weight: expected 2 weights",
    ),
    (
        dict(predictions=[1.0, 2.0], references=[1.0, 2.0], sample_weight=[1.0, np.nan]),
        ValueError,
        "sample_weight: weights must be finite",
    ),
]


@pytest.mark.parametrize("name", ["mse", "mape", "r_squared"])
@pytest.mark.parametrize("kwargs, error, match", BAD_INPUTS)
def test_bad_input_raises_and_keeps_state(name, kwargs, error, match):
    m = evaluate.load(name)
    m.add_batch(predictions=[2.5, 0.0, 2.0], references=[3.0, -0.5, 2.0])
    with pytest.raises(error, match=match):
        m.add_batch(**kwargs)
    with pytest.raises(error, match=match):
        m.compute(**kwargs)
    assert m._acc.stored == 3
    expected = evaluate.load(name).compute(predictions=[2.5, 0.0, 2.0], references=[3.0, -0.5, 2.0])
    assert m.compute() == expected


def test_non_finite_rows_of_multi_output_inputs():
    with pytest.raises(ValueError, match="y_pred: contains infinity at row 2"):
        F.mean_absolute_error([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4], [5, -np.inf]])
    with pytest.raises(ValueError, match="y_true: contains NaN at row 1"):
        F.r2_score([[1, 2], [np.nan, 4]], [[1, 2], [3, 4]])


def test_nan_is_found_in_correlation_modules_and_functions():
    for name in ("pearsonr", "spearmanr", "kendall_tau"):
        m = evaluate.load(name)
        with pytest.raises(ValueError, match="references: contains NaN at row 2"):
            m.add_batch(predictions=[1.0, 2.0, 3.0], references=[1.0, 2.0, np.nan])
        assert m._acc.stored == 0
        with pytest.raises(ValueError, match="2-D|1-D"):
            m.add_batch(predictions=[[1.0, 2.0]], references=[[1.0, 2.0]])
        with pytest.raises(TypeError, match="sample_weight"):
            m.add_batch(predictions=[1.0], references=[2.0], sample_weight=[1.0])
    with pytest.raises(ValueError, match="y: contains NaN"):
        F.pearsonr([1, 2, 3], [1, np.nan, 3])
    with pytest.raises(ValueError, match="b: contains infinity"):
        F.spearmanr([1, 2, 3], [1, np.inf, 3])
    with pytest.raises(ValueError, match="x: contains NaN"):
        F.kendalltau([np.nan, 2, 3], [1, 2, 3])
    with pytest.raises(ValueError, match="y_true: contains NaN"):
        F.mean_squared_error([np.nan, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="y_pred and y_true must have the same number of rows"):
        F.r2_score([1.0, 2.0], [1.0])


def test_overflow_of_finite_values_is_not_an_input_error():
    with np.errstate(over="ignore"):
        expected = skm.mean_squared_error([1e200, 0.0], [-1e200, 0.0])
    assert F.mean_squared_error([1e200, 0.0], [-1e200, 0.0]) == expected == np.inf


def test_outputs_must_not_change_between_batches():
    m = evaluate.load("mae")
    m.add_batch(predictions=[[1.0, 2.0]], references=[[1.0, 3.0]])
    with pytest.raises(ValueError, match="this batch has 3 output"):
        m.add_batch(predictions=[[1.0, 2.0, 3.0]], references=[[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="this batch has 1 output"):
        m.add_batch(predictions=[1.0], references=[1.0])
    m.add_batch(predictions=np.array([[0.0, 0.0]]), references=np.array([[1.0, 1.0]]))
    assert m.compute() == {"mae": 0.75}
    m.add_batch(predictions=[1.0], references=[2.0])  # cleared: a new stream may have 1 output
    assert m.compute() == {"mae": 1.0}


def test_negative_weights():
    # scikit-learn accepts them for the mean errors; so does fasteval
    y_true, y_pred, w = [1.0, 2.0, 4.0], [1.5, 2.0, 3.0], [1.0, -0.5, 2.0]
    assert F.mean_squared_error(y_true, y_pred, sample_weight=w) == skm.mean_squared_error(
        y_true, y_pred, sample_weight=w
    )
    # R^2's mergeable variance needs them non-negative
    with pytest.raises(ValueError, match="sample_weight: R\\^2 .* non-negative .* row 1"):
        F.r2_score(y_true, y_pred, sample_weight=w)
    with pytest.raises(ValueError, match="non-negative"):
        evaluate.load("r_squared").compute(predictions=y_pred, references=y_true, sample_weight=w)
    with pytest.raises(ValueError, match="non-negative .* row 1"):  # weights summing to zero
        F.r2_score(y_true, y_pred, sample_weight=[1.0, -1.0, 0.0])
    with pytest.raises(ValueError, match="non-negative .* row 2"):  # several outputs
        F.r2_score(np.c_[y_true, y_true], np.c_[y_pred, y_true], sample_weight=[1.0, 1.0, -2.0])


BAD_OPTIONS = [
    ("mse", dict(multioutput="variance_weighted"), ValueError, "multioutput must be one of"),
    ("mse", dict(multioutput=None), ValueError, "multioutput must be one of"),
    ("mae", dict(multioutput=[0.5, 0.5]), ValueError, "useful only with several outputs"),
    ("r_squared", dict(multioutput="bogus"), ValueError, "multioutput must be one of"),
    ("r_squared", dict(force_finite="yes"), TypeError, "force_finite must be True or False"),
    ("pearsonr", dict(return_pvalue=1), TypeError, "return_pvalue must be True or False"),
    ("pearsonr", dict(alternative="both"), ValueError, "alternative must be one of"),
    ("spearmanr", dict(alternative="two_sided"), ValueError, "alternative must be one of"),
    ("kendall_tau", dict(variant="a"), ValueError, "variant must be one of"),
    ("kendall_tau", dict(method="permutation"), ValueError, "method must be one of"),
    ("mse", dict(average="macro"), TypeError, "unexpected keyword"),
]


@pytest.mark.parametrize("name, options, error, match", BAD_OPTIONS)
def test_bad_options(name, options, error, match):
    with pytest.raises(error, match=match):
        evaluate.load(name).compute(
            predictions=[1.0, 2.0, 3.0], references=[1.0, 3.0, 2.0], **options
        )
    m = evaluate.load(name)
    m.add_batch(predictions=[1.0, 2.0, 3.0], references=[1.0, 3.0, 2.0])
    with pytest.raises(error, match=match):
        m.compute(**options)
    assert m._acc.stored == 3  # a refused compute keeps the rows
    if (
        "multioutput" not in options
        or isinstance(options["multioutput"], str)
        or options["multioutput"] is None
    ):
        with pytest.raises(error, match=match):
            evaluate.load(name, **options)  # refused at load time already


def test_custom_output_weights():
    y_true = np.array([[0.5, 1, 3], [-1, 1, 2], [7, -6, 1]])
    y_pred = np.array([[0, 2, 3], [-1, 2, 1], [8, -5, 0]])
    w = [0.2, 0.3, 0.5]
    for reference, ours in ERROR_REFERENCES.values():
        assert same_bits(
            ours(y_true, y_pred, multioutput=w), reference(y_true, y_pred, multioutput=w)
        )
    assert same_bits(
        F.r2_score(y_true, y_pred, multioutput=w), skm.r2_score(y_true, y_pred, multioutput=w)
    )
    with pytest.raises(ValueError, match=r"equally many output weights \(2\) as outputs \(3\)"):
        F.mean_squared_error(y_true, y_pred, multioutput=[0.5, 0.5])
    with pytest.raises(ValueError, match="sum to zero"):
        F.mean_squared_error(y_true, y_pred, multioutput=[0.0, 0.0, 0.0])


def test_functional_signatures_match_sklearn():
    for ours, theirs in [
        (F.mean_squared_error, skm.mean_squared_error),
        (F.root_mean_squared_error, skm.root_mean_squared_error),
        (F.mean_absolute_error, skm.mean_absolute_error),
        (F.mean_absolute_percentage_error, skm.mean_absolute_percentage_error),
        (F.r2_score, skm.r2_score),
    ]:
        mine = inspect.signature(ours).parameters
        ref = inspect.signature(theirs).parameters
        assert list(mine) == list(ref)
        for name, param in ref.items():
            assert mine[name].kind == param.kind and mine[name].default == param.default


def test_aliases():
    assert evaluate.load("r2").name == "r_squared"
    assert evaluate.load("kendalltau").name == "kendall_tau"
    assert evaluate.load("mean_absolute_error").name == "mae"
