"""Fold batches of predictions into the statistics a report needs (bounded memory).

One pass per batch: :class:`~fasteval._state.LabelCounts` (with the confusion
matrix) gives the per-class counts; per-slice and per-length-bucket (rows,
errors) are ``np.bincount`` on dense codes; calibration is 10 bins of
(count, sum of confidence, sum of correct); label conflicts keep a hash sample
of the normalized inputs (all rows of a kept input are kept, so conflicts are
exact on the sample); example rows are kept by bottom-k sampling on seeded
uniform keys (a reservoir sample that merges: union, keep the k smallest keys).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fasteval._inputs import LabelArray, as_labels, check_label_kinds, check_same_length
from fasteval._state import LabelCounts
from fasteval.reporting.curves import calibration_bins

N_BINS = 10
# word-count buckets of text inputs: [0, 5], [6, 10], ... , > 500
LENGTH_EDGES = np.array([5, 10, 20, 50, 100, 200, 500])
LENGTH_NAMES = ["0-5", "6-10", "11-20", "21-50", "51-100", "101-200", "201-500", ">500"]
_HASH_SPACE = float(2**64)


def _label_values(col: LabelArray, idx: np.ndarray) -> Any:
    """Label values of rows ``idx`` (numpy array), in the labels' own kind."""
    import pyarrow as pa

    values = col.values
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values.take(pa.array(idx)).to_numpy(zero_copy_only=False).astype(str)
    out = np.asarray(values)[idx]
    if col.dtype == np.dtype(bool):
        return out.astype(bool)
    return out


def _column(x: Any, name: str, n: int, alias: str | None = None) -> Any:
    """A polars Series of ``x`` (any 1-D array-like), checked to have ``n`` rows."""
    import polars as pl

    if isinstance(x, pl.Series):
        s = x
    elif type(x).__module__.split(".")[0] == "pyarrow":
        s = pl.Series(name, x)
    elif type(x).__module__.split(".")[0] == "pandas":
        s = pl.Series(name, x.to_numpy())
    elif isinstance(x, np.ndarray):
        s = pl.Series(name, x)
    else:
        s = pl.Series(name, list(x), strict=False)
    if len(s) != n:
        raise ValueError(f"{name}: expected {n} values (one per row), got {len(s)}")
    return s.alias(alias or name)


class ReportBuilder:
    """Streaming state of a report; :meth:`update` per batch, :meth:`finish` once.

    Parameters
    ----------
    sample : int or None
        Rows kept (uniformly at random) for score curves and correct examples;
        None keeps all rows (curves are then exact).
    error_sample : int or None
        Misclassified rows kept for ``report.errors``; None keeps all.
    conflict_keys : int or None
        Distinct normalized inputs kept for label-conflict detection (a hash
        sample beyond that); None keeps all.
    seed : int
        Seed of the sampling keys.
    """

    def __init__(
        self,
        *,
        label_names: Any = None,
        sample: int | None = 100_000,
        error_sample: int | None = 10_000,
        conflict_keys: int | None = 200_000,
        seed: int = 0,
    ) -> None:
        self.label_names = label_names
        self.counts = LabelCounts(matrix=True)
        self.rows = 0
        self.errors = 0
        self.rng = np.random.default_rng(seed)
        self.sample, self.error_sample, self.conflict_keys = sample, error_sample, conflict_keys
        self.has = {"scores": None, "inputs": None, "ids": None}
        self.score_kind: str | None = None  # "confidence" or "probabilities"
        self.n_score_columns = 0
        self.calibration = np.zeros((3, N_BINS))
        self.slices: dict[str, Any] = {}  # column -> [GroupKeys, rows, errors]
        self.text_inputs: bool | None = None
        self.length = np.zeros((2, len(LENGTH_NAMES)), dtype=np.int64)
        self.conflict_state: Any = None
        self.conflict_threshold = _HASH_SPACE
        self._row_parts: list[Any] = []
        self._row_kept = 0
        self._row_cut = 1.0
        self._err_parts: list[Any] = []
        self._err_kept = 0
        self._err_cut = 1.0

    # -- per batch ---------------------------------------------------------------------
    def _check_presence(self, name: str, given: bool) -> None:
        seen = self.has[name]
        if seen is not None and seen != given:
            raise ValueError(f"{name}: given for some batches and not others")
        self.has[name] = given

    def _confidence(self, scores: Any, pred: LabelArray, pred_values: Any, n: int) -> Any:
        arr = np.asarray(
            scores.to_numpy() if hasattr(scores, "to_numpy") else scores, dtype=np.float64
        )
        if arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        if arr.ndim not in (1, 2) or arr.shape[0] != n:
            raise ValueError(
                f"scores: expected {n} confidences (1-D) or an ({n}, classes) probability"
                f" matrix, got shape {arr.shape}"
            )
        if not np.isfinite(arr).all() or arr.min() < 0 or arr.max() > 1:
            raise ValueError("scores: expected probabilities in [0, 1] (no NaN, no logits)")
        kind = "confidence" if arr.ndim == 1 else "probabilities"
        if self.score_kind not in (None, kind):
            raise ValueError("scores: 1-D in some batches and 2-D in others")
        self.score_kind = kind
        if arr.ndim == 1:
            return arr, None
        k = arr.shape[1]
        if self.n_score_columns not in (0, k):
            raise ValueError(f"scores: {self.n_score_columns} columns before, {k} now")
        self.n_score_columns = k
        col = self._score_columns(pred_values, k)
        return arr[np.arange(n), col], arr

    def _score_columns(self, values: Any, k: int) -> np.ndarray:
        """Column of the probability matrix holding each label in ``values``."""
        names = self.label_names
        if isinstance(names, (list, tuple)) and np.asarray(values).dtype.kind == "U":
            lookup = {str(v): i for i, v in enumerate(names)}
            col = np.array([lookup.get(v, -1) for v in np.asarray(values).tolist()])
        elif np.asarray(values).dtype.kind in "iub":
            col = np.asarray(values).astype(np.int64)
        else:
            col = np.full(len(values), -1)
        if col.size and (col.min() < 0 or col.max() >= k):
            raise ValueError(
                f"scores: a ({k}-column) probability matrix needs integer labels 0..{k - 1}"
                " (column j = label j) or label_names listing the labels in column order"
            )
        return col

    def update(
        self,
        predictions: Any,
        references: Any,
        *,
        scores: Any = None,
        inputs: Any = None,
        ids: Any = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        """Fold one batch (all arguments hold the same rows)."""
        import polars as pl

        t = as_labels(references, "references")
        p = as_labels(predictions, "predictions")
        check_same_length(t, p, "references", "predictions")
        check_label_kinds((t, "references"), (p, "predictions"), stored=self.counts.vocab.kind)
        n = len(t)
        for name, value in (("scores", scores), ("inputs", inputs), ("ids", ids)):
            self._check_presence(name, value is not None)
        all_rows = np.arange(n)
        pred_values = _label_values(p, all_rows) if scores is not None else None
        conf = probs = None
        if scores is not None:
            conf, probs = self._confidence(scores, p, pred_values, n)
        input_s = None if inputs is None else _column(inputs, "inputs", n, "input")
        id_s = None if ids is None else _column(ids, "ids", n, "id")
        meta = {name: _column(v, name, n) for name, v in (metadata or {}).items()}
        if self.slices and set(meta) != set(self.slices):
            raise ValueError("metadata: the same columns must be given for every batch")

        tc, pc_ = self.counts.update(t, p)
        correct = np.asarray(tc) == np.asarray(pc_)
        wrong = ~correct
        start = self.rows
        self.rows += n
        self.errors += int(wrong.sum())

        if conf is not None:
            self.calibration += np.array(calibration_bins(conf, correct, N_BINS))
        for name, series in meta.items():
            self._fold_slice(name, series, wrong)
        if input_s is not None:
            self._fold_text(input_s, t, wrong)

        keys = self.rng.random(n)
        in_sample = keys < self._row_cut
        needed = np.flatnonzero(in_sample | (wrong & (keys < self._err_cut)))
        if needed.size == 0:
            return
        cols: dict[str, Any] = {
            "index": pl.Series("index", start + needed, dtype=pl.Int64),
            "reference": pl.Series("reference", _label_values(t, needed)),
            "prediction": pl.Series("prediction", _label_values(p, needed)),
        }
        if id_s is not None:
            cols["id"] = id_s.gather(needed)
        if input_s is not None:
            cols["input"] = input_s.gather(needed)
        if conf is not None:
            cols["confidence"] = pl.Series("confidence", conf[needed])
        if probs is not None:
            cols["probabilities"] = pl.Series("probabilities", probs[needed])
        for name, series in meta.items():
            cols[name] = series.gather(needed)
        cols["correct"] = pl.Series("correct", correct[needed])
        cols["_key"] = pl.Series("_key", keys[needed])
        part = pl.DataFrame(cols)
        in_rows = in_sample[needed]
        if in_rows.all():
            rows_part = part
        else:
            rows_part = part.filter(pl.Series(in_rows))
        self._row_parts.append(rows_part)
        self._row_kept += rows_part.height
        errs_part = part.filter(~pl.col("correct") & (pl.col("_key") < self._err_cut))
        self._err_parts.append(errs_part)
        self._err_kept += errs_part.height
        if self.sample is not None and self._row_kept > 2 * self.sample:
            self._row_parts, self._row_kept, self._row_cut = self._compact(
                self._row_parts, self.sample
            )
        if self.error_sample is not None and self._err_kept > 2 * self.error_sample:
            self._err_parts, self._err_kept, self._err_cut = self._compact(
                self._err_parts, self.error_sample
            )

    @staticmethod
    def _compact(parts: list[Any], k: int) -> tuple[list[Any], int, float]:
        import polars as pl

        df = pl.concat(parts, how="vertical_relaxed").sort("_key").head(k)
        return [df], df.height, float(df["_key"][-1])

    def _fold_slice(self, name: str, series: Any, wrong: np.ndarray) -> None:
        from fasteval._grouped import GroupKeys

        entry = self.slices.get(name)
        if entry is None:
            entry = self.slices[name] = [GroupKeys([name]), np.zeros(0), np.zeros(0)]
        codes = entry[0].encode([series.to_arrow()])
        g = len(entry[0])
        rows = np.bincount(codes, minlength=g)
        errs = np.bincount(codes, weights=wrong, minlength=g)
        for i, arr in ((1, rows), (2, errs)):
            grown = np.zeros(g)
            grown[: entry[i].shape[0]] += entry[i]
            entry[i] = grown + arr

    def _fold_text(self, inputs: Any, refs: LabelArray, wrong: np.ndarray) -> None:
        import polars as pl

        if self.text_inputs is None:
            self.text_inputs = inputs.dtype in (pl.String, pl.Categorical)
        if not self.text_inputs:
            return
        text = inputs.cast(pl.String)
        words = text.str.count_matches(r"\S+").fill_null(0).to_numpy()
        bucket = np.searchsorted(LENGTH_EDGES, words, side="left")
        self.length[0] += np.bincount(bucket, minlength=len(LENGTH_NAMES))
        self.length[1] += np.bincount(bucket, weights=wrong, minlength=len(LENGTH_NAMES)).astype(
            np.int64
        )
        norm = text.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
        h = norm.hash(seed=0)
        ref = pl.Series("ref", _label_values(refs, np.arange(len(refs)))).cast(pl.String)
        df = pl.DataFrame({"h": h, "ref": ref, "input": norm, "wrong": wrong})
        if self.conflict_threshold < _HASH_SPACE:
            df = df.filter(pl.col("h").cast(pl.Float64) < self.conflict_threshold)
        part = df.group_by("h", "ref").agg(
            pl.len().alias("rows"), pl.col("wrong").sum().alias("errors"), pl.first("input")
        )
        state = part if self.conflict_state is None else pl.concat([self.conflict_state, part])
        state = state.group_by("h", "ref").agg(
            pl.col("rows").sum(), pl.col("errors").sum(), pl.first("input")
        )
        limit = self.conflict_keys
        while limit is not None and state["h"].n_unique() > limit:
            self.conflict_threshold /= 2
            state = state.filter(pl.col("h").cast(pl.Float64) < self.conflict_threshold)
        self.conflict_state = state

    # -- result ------------------------------------------------------------------------
    def finish(self, *, metrics: Any = None, top_errors: int = 20) -> Any:
        import polars as pl

        from fasteval.reporting._report import EvaluationReport

        if self.rows == 0:
            raise ValueError("no data: the report needs at least one row")

        def final(parts: list[Any], k: int | None) -> Any:
            if not parts:
                return None
            df = pl.concat(parts, how="vertical_relaxed")
            if k is not None and df.height > k:
                df = df.sort("_key").head(k)
            return df.sort("index").drop("_key")

        rows = final(self._row_parts, self.sample)
        errors = final(self._err_parts, self.error_sample)
        slices = {}
        for name, (keys, n, e) in self.slices.items():
            slices[name] = pl.DataFrame(
                {
                    "value": [k[0] for k in keys.keys],
                    "rows": n.astype(np.int64),
                    "errors": e.astype(np.int64),
                    "error_rate": e / np.maximum(n, 1),
                },
                strict=False,
            ).sort("rows", descending=True)
        length = None
        conflicts = None
        if self.text_inputs:
            length = pl.DataFrame(
                {
                    "bucket": LENGTH_NAMES,
                    "rows": self.length[0],
                    "errors": self.length[1],
                    "error_rate": self.length[1] / np.maximum(self.length[0], 1),
                }
            ).filter(pl.col("rows") > 0)
            state = self.conflict_state
            conflicts = (
                state.group_by("h")
                .agg(
                    pl.first("input"),
                    pl.col("ref").sort().alias("references"),
                    pl.col("rows").sum(),
                    pl.col("errors").sum(),
                )
                .filter(pl.col("references").list.len() >= 2)
                .sort(["rows", "input"], descending=[True, False])
                .drop("h")
            )
        calibration = None
        if self.score_kind is not None:
            c = self.calibration
            calibration = {
                "count": c[0].astype(np.int64),
                "confidence_sum": c[1],
                "correct_sum": c[2],
            }
        return EvaluationReport(
            view=self.counts.view(),
            label_names=self.label_names,
            metrics=metrics,
            rows_sample=rows,
            errors=errors if errors is not None else None,
            n_errors=self.errors,
            sampled=(self.sample is not None and self.rows > self.sample),
            errors_sampled=(self.error_sample is not None and self.errors > self.error_sample),
            calibration=calibration,
            score_kind=self.score_kind,
            slices=slices,
            length_buckets=length,
            conflicts=conflicts,
            conflict_fraction=self.conflict_threshold / _HASH_SPACE,
            top_errors=top_errors,
            has_inputs=bool(self.has["inputs"]),
            has_ids=bool(self.has["ids"]),
        )
