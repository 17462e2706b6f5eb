"""Ranking and retrieval metrics as functions: precision@k, recall@k, nDCG, MRR, MAP.

Two input forms, both one row per query:

* **ranked ids** (ragged): ``predictions[q]`` is query q's ranked list of item
  ids (best first), ``references[q]`` its judged items: a list (or set) of
  relevant ids, or a dict ``{item: grade}``, or a list of ids with the grades
  given separately, aligned, as ``relevance[q]``. An item is relevant when its
  grade is > 0 (plain lists: grade 1). Ids are integers or strings. Lists of
  lists, numpy object arrays, pyarrow ``ListArray`` / ``LargeListArray`` /
  ``FixedSizeListArray`` / ``MapArray`` (read through their offsets, without
  copying the values) and polars list columns are accepted.
* **scores** (a rectangle, as scikit-learn's ``ndcg_score``): ``predictions``
  is ``y_score`` (n_queries, n_items), ``references`` the grades ``y_true`` of
  the same shape. Items are ranked by decreasing score. nDCG / DCG average
  over tied scores as scikit-learn does (``ignore_ties=False``); the other
  metrics break ties by column order.

Floating-point ``predictions`` mean scores, integer or string ones mean ids
(``input_format`` overrides this).

The maths exists once: ``ranking_batch`` (the update: validated inputs -> per
query scores, one Numba pass, :mod:`fasteval.kernels.ranking`) and
:meth:`fasteval._ranking_state.RankingSums.means` (the derive). Per query,
for cut-off k (the whole list when k is None), with rel_i = 1 when the item at
rank i is relevant, R the number of relevant items and g_i the gain at rank i:

* precision@k = (sum_{i<=k} rel_i) / k (the list's length when k is None);
* recall@k = (sum_{i<=k} rel_i) / R;
* DCG@k = sum_{i<=k} g_i / log2(i + 1), nDCG@k = DCG@k / IDCG@k, IDCG@k being
  the DCG@k of the judged items sorted by grade;
* reciprocal rank@k = 1 / (rank of the first relevant item), 0 if none is in
  the top k;
* AP@k = (sum_{i<=k} rel_i * precision@i) / min(k, R) (R when k is None:
  TREC's average precision).

A query without a relevant item (R = 0) has no recall, nDCG or AP:
``empty_target_action`` decides ("neg": it scores 0, scikit-learn's and
torchmetrics' default; "pos": 1; "skip": left out; "error": raise). An item
repeated in a ranked list counts only at its first rank.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from fasteval._inputs import as_weights
from fasteval._ranking_state import RankingConfig, RankingSums

__all__ = [
    "dcg_score",
    "mean_average_precision",
    "mean_reciprocal_rank",
    "ndcg_at_k",
    "ndcg_score",
    "precision_at_k",
    "recall_at_k",
]

METRIC_CODES = {"precision": 0, "recall": 1, "ndcg": 2, "mrr": 3, "map": 4, "dcg": 5}
GAINS = ("linear", "exponential")
EMPTY_TARGET_ACTIONS = ("neg", "pos", "skip", "error")
INPUT_FORMATS = (None, "ids", "scores")


# -- options ------------------------------------------------------------------------


def check_k(k: Any) -> tuple[int, ...]:
    """Validate ``k`` (None, a positive int, or a list of them); 0 stands for None."""

    def one(value: Any) -> int:
        if value is None:
            return 0
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            raise TypeError(f"k must be a positive integer, a list of them, or None; got {value!r}")
        if not 1 <= value < 2**63:
            raise ValueError(f"k must be a positive integer (>= 1) or None; got {value!r}")
        return int(value)

    if isinstance(k, (list, tuple, np.ndarray)):
        values = [one(v) for v in (k.tolist() if isinstance(k, np.ndarray) else k)]
        if not values:
            raise ValueError("k: expected at least one cut-off, got an empty list")
        return tuple(dict.fromkeys(values))
    return (one(k),)


def _check_choice(name: str, value: Any, allowed: tuple) -> Any:
    if not any(value is a or (isinstance(value, str) and value == a) for a in allowed):
        raise ValueError(f"{name} must be one of {list(allowed)}; got {value!r}")
    return value


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def ranking_config(
    metric: str,
    *,
    k: Any = None,
    gain: str = "linear",
    ignore_ties: bool = False,
    log_base: float = 2.0,
    input_format: str | None = None,
) -> RankingConfig:
    """Validate the options that decide how a batch is scored."""
    _check_choice("gain", gain, GAINS)
    _check_choice("input_format", input_format, INPUT_FORMATS)
    if not isinstance(log_base, numbers.Real) or isinstance(log_base, bool) or not log_base > 0:
        raise ValueError(f"log_base must be a positive number; got {log_base!r}")
    if log_base == 1:
        raise ValueError("log_base must not be 1 (log(1) = 0 divides by zero)")
    return RankingConfig(
        metric=metric,
        ks=check_k(k),
        gain=gain,
        ignore_ties=_check_bool("ignore_ties", ignore_ties),
        log_base=float(log_base),
        input_format=input_format,
    )


def result_key(key: str, k: int) -> str:
    """``"ndcg@10"`` for k=10, ``"ndcg"`` for the whole list."""
    return f"{key}@{k}" if k else key


# -- ragged inputs --------------------------------------------------------------------


class Ragged:
    """A validated ragged column: ``offsets`` (int64, from 0) into ``values``.

    ``kind`` is "number" (int64 numpy values), "string" (a pyarrow string
    array), "float" (float64 numpy values) or "empty" (no values at all).
    """

    __slots__ = ("offsets", "values", "kind")

    def __init__(self, offsets: np.ndarray, values: Any, kind: str) -> None:
        self.offsets = offsets
        self.values = values
        self.kind = kind

    def __len__(self) -> int:
        return self.offsets.shape[0] - 1

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


def _check_offsets(offsets: np.ndarray, n_values: int, name: str) -> np.ndarray:
    """Prove ``offsets`` fit ``n_values`` values: from 0, non-decreasing, ending at n_values.

    The kernels index values through offsets without bounds checks.
    """
    offsets = np.ascontiguousarray(offsets, dtype=np.int64)
    if (
        offsets.ndim != 1
        or offsets.shape[0] < 1
        or offsets[0] != 0
        or offsets[-1] != n_values
        or (offsets.shape[0] > 1 and np.any(offsets[1:] < offsets[:-1]))
    ):
        raise ValueError(f"{name}: invalid list offsets (corrupt Arrow data?)")
    return offsets


def _leaf_values(values: Any, name: str, what: str) -> tuple[Any, str]:
    """Arrow leaf values -> (numpy int64 / float64 or pyarrow strings, kind)."""
    import pyarrow as pa
    import pyarrow.types as pat

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.null_count:
        raise ValueError(f"{name}: contains {values.null_count} missing (None) {what}")
    typ = values.type
    if pat.is_dictionary(typ):
        values = values.cast(typ.value_type)
        typ = values.type
    if len(values) == 0 and (pat.is_null(typ) or pat.is_integer(typ) or pat.is_string(typ)):
        return np.zeros(0, dtype=np.int64), "empty"
    if pat.is_null(typ):
        return np.zeros(0, dtype=np.int64), "empty"
    if pat.is_string(typ) or pat.is_large_string(typ) or pat.is_string_view(typ):
        return values, "string"
    if pat.is_integer(typ):
        arr = values.to_numpy(zero_copy_only=False)
        if arr.dtype == np.uint64 and len(arr) and arr.max() > np.iinfo(np.int64).max:
            raise ValueError(f"{name}: integer {what} must be below 2**63")
        return arr.astype(np.int64, copy=False), "number"
    if pat.is_floating(typ) or pat.is_boolean(typ) or pat.is_decimal(typ):
        return values.to_numpy(zero_copy_only=False).astype(np.float64, copy=False), "float"
    raise TypeError(f"{name}: expected integer or string {what}, got Arrow type {typ}")


def _arrow_lists(arr: Any, name: str, what: str) -> tuple[np.ndarray, Any, str, Any]:
    """One Arrow list-like array -> (offsets, values, kind, map items or None)."""
    import pyarrow as pa
    import pyarrow.types as pat

    if arr.null_count:
        first = int(np.flatnonzero(arr.is_null().to_numpy(zero_copy_only=False))[0])
        raise ValueError(f"{name}[{first}] is None; expected a list of {what} for every query")
    typ = arr.type
    n = len(arr)
    items = None
    if pat.is_fixed_size_list(typ):
        offsets = np.arange(n + 1, dtype=np.int64) * typ.list_size
        values = arr.flatten()
    elif pat.is_map(typ):
        raw = np.asarray(arr.offsets, dtype=np.int64)
        start, stop = int(raw[0]), int(raw[-1])
        offsets = raw - start
        values = arr.keys.slice(start, stop - start)
        items = arr.items.slice(start, stop - start)
    elif pat.is_list(typ) or pat.is_large_list(typ) or pat.is_list_view(typ):
        if pat.is_list_view(typ):
            arr = arr.cast(pa.large_list(typ.value_type))
        raw = np.asarray(arr.offsets, dtype=np.int64)
        offsets = raw - raw[0] if raw.shape[0] else raw
        values = arr.flatten()
    else:
        raise TypeError(
            f"{name}: expected one list of {what} per query, got an Arrow array of {typ}"
        )
    values, kind = _leaf_values(values, name, what)
    offsets = _check_offsets(offsets, len(values), name)
    return offsets, values, kind, items


def _join(parts: list[tuple[np.ndarray, Any, str, Any]], name: str) -> tuple:
    """Concatenate the (offsets, values, kind, items) of several chunks."""
    import pyarrow as pa

    if len(parts) == 1:
        return parts[0]
    kinds = {p[2] for p in parts} - {"empty"}
    if len(kinds) > 1:
        raise TypeError(f"{name}: mixes {' and '.join(sorted(kinds))} values between chunks")
    kind = kinds.pop() if kinds else "empty"
    shifts = np.cumsum([0] + [p[0][-1] for p in parts[:-1]])
    offsets = np.concatenate(
        [parts[0][0][:1]] + [p[0][1:] + s for p, s in zip(parts, shifts)]
    ).astype(np.int64)
    if kind == "string":
        values = pa.concat_arrays([p[1].cast(pa.large_string()) for p in parts if p[2] != "empty"])
    else:
        dtype = np.float64 if kind == "float" else np.int64
        values = np.concatenate([np.asarray(p[1], dtype=dtype) for p in parts])
    items = None
    if parts[0][3] is not None:
        items = pa.concat_arrays([p[3] for p in parts])
    return offsets, values, kind, items


def _python_lists(x: list, name: str, what: str) -> tuple:
    import pyarrow as pa

    if not x:
        raise ValueError(f"{name}: expected at least one query, got an empty input")
    for i, item in enumerate(x):
        if item is None:
            raise ValueError(f"{name}[{i}] is None; expected a list of {what} for every query")
        if isinstance(item, (str, bytes)) or not hasattr(item, "__len__"):
            raise TypeError(
                f"{name}: expected one list of {what} per query, got {type(item).__name__}"
                f" {item!r} at position {i} (wrap a single query's list in another list)"
            )
    rows = [
        sorted(item, key=repr) if isinstance(item, (set, frozenset)) else _plain_row(item)
        for item in x
    ]
    try:
        arr = pa.array(rows)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise TypeError(
            f"{name}: {what} must be all integers or all strings, with no missing value ({err})"
        ) from None
    return _arrow_lists(arr, name, what)


def _plain_row(item: Any) -> Any:
    if _module_of(item) == "torch":
        return item.detach().cpu().numpy()
    return item


def as_ragged(x: Any, name: str, what: str = "item ids") -> tuple[Ragged, Any]:
    """Validate ``x`` as one list per query; returns the column and the Map items (or None)."""
    if x is None:
        raise ValueError(f"{name}: expected one list of {what} per query, got None")
    mod = _module_of(x)
    if mod == "torch":
        x = x.detach().cpu().numpy()
    elif mod == "polars":
        x = x.to_arrow()
    elif mod == "pandas":
        x = x.tolist()
    if _module_of(x) == "pyarrow":
        import pyarrow as pa

        chunks = x.chunks if isinstance(x, pa.ChunkedArray) else [x]
        if not chunks:
            raise ValueError(f"{name}: expected at least one query, got an empty input")
        parts = [_arrow_lists(chunk, name, what) for chunk in chunks]
        offsets, values, kind, items = _join(parts, name)
    elif isinstance(x, np.ndarray):
        if x.dtype.kind == "O" and x.ndim == 1:
            offsets, values, kind, items = _python_lists(list(x), name, what)
        elif x.ndim == 2 and x.dtype.kind in "iuUSfb":
            n, m = x.shape
            offsets = np.arange(n + 1, dtype=np.int64) * m
            values, kind = _rectangle_values(x, name, what)
            items = None
        else:
            raise ValueError(
                f"{name}: expected one list of {what} per query (a list of lists, or a 2-D"
                f" array), got an array of shape {x.shape} and dtype {x.dtype}"
            )
    elif isinstance(x, (list, tuple)):
        offsets, values, kind, items = _python_lists(list(x), name, what)
    else:
        raise TypeError(f"{name}: expected one list of {what} per query, got {type(x).__name__}")
    if offsets.shape[0] < 2:
        raise ValueError(f"{name}: expected at least one query, got an empty input")
    return Ragged(offsets, values, kind), items


def _rectangle_values(x: np.ndarray, name: str, what: str) -> tuple[Any, str]:
    import pyarrow as pa

    flat = x.reshape(-1)
    if x.dtype.kind in "US":
        return pa.array(flat.astype(str)), "string"
    if x.dtype.kind in "fb":
        return flat.astype(np.float64), "float"
    if x.dtype == np.uint64 and flat.size and flat.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name}: integer {what} must be below 2**63")
    return np.ascontiguousarray(flat, dtype=np.int64), "number" if flat.size else "empty"


def _id_codes(pred: Ragged, ref: Ragged) -> tuple[np.ndarray, np.ndarray]:
    """int64 ids of both sides; strings are dictionary-encoded together (batch-local codes)."""
    import pyarrow as pa

    for col, name in ((pred, "predictions"), (ref, "references")):
        if col.kind == "float":
            raise TypeError(
                f"{name}: item ids must be integers or strings, got floating-point values"
                " (scores go in predictions with references as a relevance matrix)"
            )
    kinds = {pred.kind, ref.kind} - {"empty"}
    if len(kinds) > 1:
        raise TypeError(
            f"item ids must be all integers or all strings, got {pred.kind}s in predictions"
            f" and {ref.kind}s in references"
        )
    if kinds != {"string"}:
        return (
            np.asarray(pred.values, dtype=np.int64),
            np.asarray(ref.values, dtype=np.int64),
        )
    parts = [c.values.cast(pa.large_string()) for c in (pred, ref) if c.kind == "string"]
    codes = pa.concat_arrays(parts).dictionary_encode().indices
    codes = codes.to_numpy(zero_copy_only=False).astype(np.int64)
    n_pred = len(pred.values) if pred.kind == "string" else 0
    p = codes[:n_pred] if pred.kind == "string" else np.zeros(0, dtype=np.int64)
    r = codes[n_pred:] if ref.kind == "string" else np.zeros(0, dtype=np.int64)
    return p, r


def _check_grades(grades: np.ndarray, name: str) -> np.ndarray:
    grades = np.ascontiguousarray(grades, dtype=np.float64)
    if grades.size and not np.isfinite(grades).all():
        raise ValueError(f"{name}: relevance grades must be finite, found NaN or infinity")
    if grades.size and grades.min() < 0:
        raise ValueError(
            f"{name}: relevance grades must be >= 0, found {grades.min()!r}"
            " (as scikit-learn's ndcg_score, negative grades are not supported)"
        )
    return grades


def _references(references: Any, relevance: Any) -> tuple[Ragged, np.ndarray]:
    """Judged items and their grades (1.0 each when none are given)."""
    if isinstance(references, (list, tuple)) and any(isinstance(r, Mapping) for r in references):
        if relevance is not None:
            raise ValueError(
                "relevance: give grades either as dicts {item: grade} in references or as"
                " relevance, not both"
            )
        for i, r in enumerate(references):
            if not isinstance(r, Mapping):
                raise TypeError(
                    f"references[{i}]: expected a dict {{item: grade}} like the other queries,"
                    f" got {type(r).__name__}"
                )
        ids, _ = as_ragged([list(r.keys()) for r in references], "references")
        grades, _ = as_ragged([list(r.values()) for r in references], "references", "grades")
        if grades.kind not in ("number", "float", "empty"):
            raise TypeError("references: grades (the dict values) must be numbers")
        return ids, _check_grades(grades.values, "references")
    ids, items = as_ragged(references, "references")
    if items is not None:  # an Arrow map column: item -> grade
        if relevance is not None:
            raise ValueError("relevance: references already carry grades (an Arrow map column)")
        grades, kind = _leaf_values(items, "references", "grades")
        if kind == "string":
            raise TypeError("references: grades (the map values) must be numbers")
        return ids, _check_grades(np.asarray(grades, dtype=np.float64), "references")
    if relevance is None:
        return ids, np.ones(len(ids.values), dtype=np.float64)
    grades, _ = as_ragged(relevance, "relevance", "grades")
    if grades.kind == "string":
        raise TypeError("relevance: grades must be numbers, got strings")
    if len(grades) != len(ids) or not np.array_equal(grades.offsets, ids.offsets):
        if len(grades) != len(ids):
            raise ValueError(
                f"relevance: expected grades for {len(ids)} queries (one list per query of"
                f" references), got {len(grades)}"
            )
        q = int(np.flatnonzero(grades.lengths != ids.lengths)[0])
        raise ValueError(
            f"relevance[{q}] has {grades.lengths[q]} grades for {ids.lengths[q]} reference items;"
            " give one grade per item of references[q]"
        )
    return ids, _check_grades(np.asarray(grades.values, dtype=np.float64), "relevance")


# -- scores inputs -------------------------------------------------------------------


def _is_float_like(x: Any) -> bool:
    if isinstance(x, (float, np.floating)):
        return True
    dtype = getattr(x, "dtype", None)
    if dtype is not None:
        try:
            return np.dtype(str(dtype).replace("torch.", "")).kind == "f"
        except TypeError:
            return False
    if isinstance(x, (list, tuple)):
        for item in x:
            if isinstance(item, (list, tuple)) or hasattr(item, "dtype"):
                if len(item):
                    return _is_float_like(item if hasattr(item, "dtype") else item[0])
                continue
            return isinstance(item, (float, np.floating))
    return False


def looks_like_scores(predictions: Any) -> bool:
    """True when ``predictions`` holds floating-point values (the scores form)."""
    mod = _module_of(predictions)
    if mod in ("pyarrow", "polars"):
        import pyarrow.types as pat

        typ = predictions.to_arrow().type if mod == "polars" else predictions.type
        inner = getattr(typ, "value_type", None)
        return inner is not None and pat.is_floating(inner)
    return _is_float_like(predictions)


def as_matrix(x: Any, name: str, what: str) -> np.ndarray:
    """Validate ``x`` as a finite (n_queries, n_items) float64 matrix."""
    if x is None:
        raise ValueError(f"{name}: expected a (n_queries, n_items) array of {what}, got None")
    mod = _module_of(x)
    if mod == "torch":
        x = x.detach().cpu().numpy()
    if mod in ("pyarrow", "polars"):
        col, _ = as_ragged(x, name, what)
        lengths = col.lengths
        if lengths.size and np.any(lengths != lengths[0]):
            raise ValueError(
                f"{name}: expected a rectangle (n_queries, n_items) of {what}, got ragged lists"
                f" (lengths {lengths.min()} to {lengths.max()})"
            )
        if col.kind == "string":
            raise TypeError(f"{name}: expected numeric {what}, got strings")
        x = np.asarray(col.values, dtype=np.float64).reshape(len(col), -1)
    if isinstance(x, (list, tuple)):
        for i, row in enumerate(x):
            if row is None:
                raise ValueError(f"{name}[{i}] is None; expected a row of {what} for every query")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except ValueError as err:
        if "inhomogeneous" in str(err) or "sequence" in str(err):
            raise ValueError(
                f"{name}: expected a rectangle (n_queries, n_items) of {what}, got ragged lists;"
                " the scores form needs one score and one grade for every item of every query"
            ) from None
        raise ValueError(f"{name}: expected numeric {what}: {err}") from None
    except TypeError as err:
        raise TypeError(f"{name}: expected numeric {what}: {err}") from None
    if arr.ndim != 2:
        raise ValueError(
            f"{name}: expected a 2-D array (n_queries, n_items) of {what}, got shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name}: expected at least one query, got an empty input")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: {what} must be finite, found NaN or infinity")
    return np.ascontiguousarray(arr)


# -- the update: inputs -> per-query scores -----------------------------------------------


def _kernel_order(ks: tuple[int, ...]) -> np.ndarray:
    """Positions of ``ks`` sorted ascending with 0 (the whole list) last."""
    return np.array(sorted(range(len(ks)), key=lambda i: (ks[i] == 0, ks[i])), dtype=np.int64)


def _discount(length: int, log_base: float) -> np.ndarray:
    """1 / log_base(rank + 1) for ranks 1..length, computed as scikit-learn does."""
    return 1 / (np.log(np.arange(length) + 2) / np.log(log_base))


def ranking_batch(
    predictions: Any,
    references: Any,
    config: RankingConfig,
    *,
    relevance: Any = None,
    sample_weight: Any = None,
) -> tuple[dict[str, Any], int]:
    """Validate one batch and score its queries: ``({"scores", "n_relevant", "weights"}, n)``.

    ``scores`` is (n_queries, len(config.ks)) in ``config.ks`` order. Raises a
    ValueError/TypeError naming the argument on bad input.
    """
    from fasteval.kernels.ranking import ranked_id_scores, score_matrix_scores

    fmt = config.input_format
    pred = None
    if fmt is None:
        fmt = "scores" if looks_like_scores(predictions) else "ids"
        if fmt == "ids":
            pred, _ = as_ragged(predictions, "predictions")
            if pred.kind == "float":  # e.g. [[1, 0.5], ...]: numbers with a float among them
                fmt = "scores"
    metric = METRIC_CODES[config.metric]
    order = _kernel_order(config.ks)
    ks = np.asarray(config.ks, dtype=np.int64)[order]
    if fmt == "scores":
        if relevance is not None:
            raise ValueError("relevance: with scores, the grades are the references matrix itself")
        y_score = as_matrix(predictions, "predictions", "scores")
        y_true = as_matrix(references, "references", "relevance grades")
        if y_true.shape != y_score.shape:
            raise ValueError(
                f"predictions and references must have the same shape (n_queries, n_items),"
                f" got {y_score.shape} and {y_true.shape}"
            )
        if y_true.size and y_true.min() < 0:
            raise ValueError(
                f"references: relevance grades must be >= 0, found {y_true.min()!r}"
                " (as scikit-learn's ndcg_score, negative grades are not supported)"
            )
        if config.metric in ("ndcg", "dcg") and y_true.shape[1] < 2:
            raise ValueError(
                "references: computing (n)DCG from scores is only meaningful with more than"
                f" one item per query, got {y_true.shape[1]}"
            )
        if config.gain == "exponential":
            y_true = np.exp2(y_true) - 1
        n, m = y_true.shape
        discount = _discount(m, config.log_base)
        cumsums = np.empty((len(ks), m), dtype=np.float64)
        for c, k in enumerate(ks.tolist()):
            d = discount.copy()
            if k:
                d[k:] = 0
            cumsums[c] = np.cumsum(d)
        out = np.empty((n, len(ks)), dtype=np.float64)
        n_relevant = np.empty(n, dtype=np.int64)
        score_matrix_scores(
            y_score, y_true, ks, metric, config.ignore_ties, discount, cumsums, out, n_relevant
        )
    else:
        if config.metric == "dcg":
            raise ValueError("dcg is computed from scores (a rectangle), not from ranked ids")
        if pred is None:
            pred, _ = as_ragged(predictions, "predictions")
        ref, grades = _references(references, relevance)
        n = len(pred)
        if len(ref) != n:
            raise ValueError(
                f"predictions and references must have the same number of queries,"
                f" got {n} and {len(ref)}"
            )
        pred_ids, ref_ids = _id_codes(pred, ref)
        gains = np.exp2(grades) - 1 if config.gain == "exponential" else grades
        longest = max(int(pred.lengths.max(initial=0)), int(ref.lengths.max(initial=0)), 1)
        out = np.empty((n, len(ks)), dtype=np.float64)
        n_relevant = np.empty(n, dtype=np.int64)
        bad = ranked_id_scores(
            pred.offsets,
            pred_ids,
            ref.offsets,
            ref_ids,
            np.ascontiguousarray(gains),
            ks,
            metric,
            _discount(longest, config.log_base),
            out,
            n_relevant,
        )
        if bad >= 0:
            lo, hi = ref.offsets[bad], ref.offsets[bad + 1]
            seen, twice = set(), None
            values = (ref.values[lo:hi] if ref.kind == "string" else ref.values[lo:hi]).tolist()
            for v in values:
                if v in seen:
                    twice = v
                    break
                seen.add(v)
            raise ValueError(
                f"references[{bad}] lists item {twice!r} more than once; each judged item must"
                " appear once per query"
            )
    weights = None if sample_weight is None else as_weights(sample_weight, n)
    scores = np.empty_like(out)
    scores[:, order] = out
    return {"scores": scores, "n_relevant": n_relevant, "weights": weights}, n


def _mean_scores(
    config: RankingConfig,
    predictions: Any,
    references: Any,
    relevance: Any,
    sample_weight: Any,
    empty_target_action: str,
    as_dict: bool,
) -> float | dict[int | None, float]:
    _check_choice("empty_target_action", empty_target_action, EMPTY_TARGET_ACTIONS)
    batch, _ = ranking_batch(
        predictions, references, config, relevance=relevance, sample_weight=sample_weight
    )
    state = RankingSums(config)
    state.update(**batch)
    means = state.means(empty_target_action)
    if not as_dict:
        return means[0]
    return {k or None: v for k, v in zip(config.ks, means)}


# -- public functions ------------------------------------------------------------------


def precision_at_k(
    predictions: Any,
    references: Any,
    *,
    k: int | list[int] | None = None,
    relevance: Any = None,
    sample_weight: Any = None,
    empty_target_action: str = "neg",
    input_format: str | None = None,
) -> float | dict[int | None, float]:
    """Mean over queries of the share of the top ``k`` predictions that are relevant.

    The denominator is ``k`` even when a list is shorter (the missing ranks
    count as not relevant, as trec_eval's P@k); with ``k=None`` it is the
    length of each list. A list of ``k`` returns a dict ``{k: score}``.

    Examples
    --------
    >>> precision_at_k([[1, 2, 3, 4]], [[1, 3, 7]], k=2)
    0.5
    >>> precision_at_k([["a", "b", "c"], ["d", "e"]], [{"a", "c"}, {"x"}], k=[1, 3])
    {1: 0.5, 3: 0.3333333333333333}
    """
    config = ranking_config("precision", k=k, input_format=input_format)
    return _mean_scores(
        config, predictions, references, relevance, sample_weight, empty_target_action, _many(k)
    )


def recall_at_k(
    predictions: Any,
    references: Any,
    *,
    k: int | list[int] | None = None,
    relevance: Any = None,
    sample_weight: Any = None,
    empty_target_action: str = "neg",
    input_format: str | None = None,
) -> float | dict[int | None, float]:
    """Mean over queries of the share of the relevant items found in the top ``k``.

    Examples
    --------
    >>> recall_at_k([[1, 2, 3, 4]], [[1, 3, 7]], k=2)
    0.3333333333333333
    >>> recall_at_k([[1, 2], [5]], [[1], []], empty_target_action="skip")
    1.0
    """
    config = ranking_config("recall", k=k, input_format=input_format)
    return _mean_scores(
        config, predictions, references, relevance, sample_weight, empty_target_action, _many(k)
    )


def ndcg_at_k(
    predictions: Any,
    references: Any,
    *,
    k: int | list[int] | None = None,
    relevance: Any = None,
    sample_weight: Any = None,
    gain: str = "linear",
    ignore_ties: bool = False,
    empty_target_action: str = "neg",
    input_format: str | None = None,
) -> float | dict[int | None, float]:
    """Mean normalized discounted cumulative gain at ``k``.

    ``gain="linear"`` uses the grade itself (scikit-learn's ``ndcg_score``);
    ``"exponential"`` uses 2**grade - 1 (Burges et al.). With binary relevance
    both agree.

    Examples
    --------
    Manning et al.'s Introduction to Information Retrieval, section 8.4: a
    ranking whose judged documents have grades 3, 2, 3, 0, 1, 2 at ranks 1..6.

    >>> ranked = [["d1", "d2", "d3", "d4", "d5", "d6"]]
    >>> judged = [{"d1": 3, "d2": 2, "d3": 3, "d4": 0, "d5": 1, "d6": 2}]
    >>> round(ndcg_at_k(ranked, judged, k=6), 4)
    0.9608
    """
    config = ranking_config(
        "ndcg", k=k, gain=gain, ignore_ties=ignore_ties, input_format=input_format
    )
    return _mean_scores(
        config, predictions, references, relevance, sample_weight, empty_target_action, _many(k)
    )


def mean_reciprocal_rank(
    predictions: Any,
    references: Any,
    *,
    k: int | list[int] | None = None,
    relevance: Any = None,
    sample_weight: Any = None,
    empty_target_action: str = "neg",
    input_format: str | None = None,
) -> float | dict[int | None, float]:
    """Mean over queries of 1 / (rank of the first relevant item); 0 when none is in the top ``k``.

    Examples
    --------
    >>> mean_reciprocal_rank([["cat", "dog", "cow"], ["a", "b", "c"]], [["dog"], ["c"]])
    0.41666666666666663
    """
    config = ranking_config("mrr", k=k, input_format=input_format)
    return _mean_scores(
        config, predictions, references, relevance, sample_weight, empty_target_action, _many(k)
    )


def mean_average_precision(
    predictions: Any,
    references: Any,
    *,
    k: int | list[int] | None = None,
    relevance: Any = None,
    sample_weight: Any = None,
    empty_target_action: str = "neg",
    input_format: str | None = None,
) -> float | dict[int | None, float]:
    """Mean over queries of average precision at ``k``.

    AP@k = (sum over relevant ranks i <= k of precision@i) / min(k, R), R the
    number of relevant items; with ``k=None`` the denominator is R (TREC's AP,
    where relevant items never retrieved count as zero precision).

    Examples
    --------
    Relevant items at ranks 1, 3 and 6 of a list, 4 relevant items in all:

    >>> mean_average_precision([[1, 2, 3, 4, 5, 6]], [[1, 3, 6, 9]])
    0.5416666666666666
    >>> (1 / 1 + 2 / 3 + 3 / 6) / 4
    0.5416666666666666
    """
    config = ranking_config("map", k=k, input_format=input_format)
    return _mean_scores(
        config, predictions, references, relevance, sample_weight, empty_target_action, _many(k)
    )


def _many(k: Any) -> bool:
    """Whether ``k`` is a list of cut-offs (results then come back as a dict)."""
    return isinstance(k, (list, tuple, np.ndarray))


def _sklearn_rectangle(y_true: Any, y_score: Any) -> tuple[np.ndarray, np.ndarray]:
    y_true = as_matrix(y_true, "y_true", "relevance grades")
    y_score = as_matrix(y_score, "y_score", "scores")
    if y_true.shape != y_score.shape:
        raise ValueError(
            f"y_true and y_score must have the same shape, got {y_true.shape} and {y_score.shape}"
        )
    return y_true, y_score


def _weighted_mean(state: RankingSums, sample_weight: Any) -> float:
    if (
        sample_weight is not None
        and state.weight_with_relevant() + state.weight_without_relevant() == 0
    ):
        raise ValueError("sample_weight: weights sum to zero, the average is not defined")
    return state.means("neg")[0]


def ndcg_score(
    y_true: Any,
    y_score: Any,
    *,
    k: int | None = None,
    sample_weight: Any = None,
    ignore_ties: bool = False,
) -> float:
    """Normalized discounted cumulative gain, as ``sklearn.metrics.ndcg_score``.

    ``y_true`` holds non-negative relevance grades and ``y_score`` the scores,
    both (n_queries, n_items). Tied scores share the average gain of their
    ranks unless ``ignore_ties``. A query whose grades are all 0 scores 0.
    Equal to scikit-learn up to float rounding (scikit-learn's dot products
    and pairwise sums round differently; the mean here is an exact sum
    rounded once).

    Examples
    --------
    >>> y_true = [[10, 0, 0, 1, 5]]
    >>> y_score = [[0.1, 0.2, 0.3, 4, 70]]
    >>> round(ndcg_score(y_true, y_score), 6)
    0.695694
    >>> ndcg_score(y_true, [[0.05, 1.1, 1.0, 0.5, 0.0]], k=1)
    0.0
    >>> ndcg_score(y_true, [[1, 0, 0, 0, 1]], k=1)  # two tied items share rank 1: (10 + 5) / 2 / 10
    0.75
    """
    if k is not None and isinstance(k, (list, tuple)):
        raise TypeError("k must be a positive integer or None (one cut-off, as scikit-learn)")
    y_true, y_score = _sklearn_rectangle(y_true, y_score)
    config = ranking_config("ndcg", k=k, ignore_ties=ignore_ties, input_format="scores")
    batch, _ = ranking_batch(y_score, y_true, config, sample_weight=sample_weight)
    state = RankingSums(config)
    state.update(**batch)
    return _weighted_mean(state, sample_weight)


def dcg_score(
    y_true: Any,
    y_score: Any,
    *,
    k: int | None = None,
    log_base: float = 2,
    sample_weight: Any = None,
    ignore_ties: bool = False,
) -> float:
    """Discounted cumulative gain, as ``sklearn.metrics.dcg_score``.

    Examples
    --------
    >>> y_true = [[10, 0, 0, 1, 5]]
    >>> y_score = [[0.1, 0.2, 0.3, 4, 70]]
    >>> round(dcg_score(y_true, y_score), 6)
    9.49946
    >>> round(dcg_score(y_true, y_score, k=2), 6)
    5.63093
    """
    if k is not None and isinstance(k, (list, tuple)):
        raise TypeError("k must be a positive integer or None (one cut-off, as scikit-learn)")
    y_true, y_score = _sklearn_rectangle(y_true, y_score)
    config = ranking_config(
        "dcg", k=k, ignore_ties=ignore_ties, log_base=log_base, input_format="scores"
    )
    batch, _ = ranking_batch(y_score, y_true, config, sample_weight=sample_weight)
    state = RankingSums(config)
    # every query counts (DCG is defined without relevant items: it is 0)
    batch["n_relevant"] = np.ones_like(batch["n_relevant"])
    state.update(**batch)
    return _weighted_mean(state, sample_weight)
