"""Text metrics as functions: error rates (WER, CER, MER, WIL, WIP), edit distance, exact match.

The maths exists once, here, in two halves that the streaming modules reuse:

* ``_pair_statistics`` (the update): normalized, tokenized pairs -> per-pair
  edit distance, reference and prediction lengths and, when asked, the
  substitution / deletion / insertion / hit counts of the alignment jiwer
  uses. Distances come from RapidFuzz's bit-parallel Levenshtein in one
  batched, multi-threaded ``cpdist`` call; words are coded as integers first
  (:func:`fasteval.text.encode_word_pairs`).
* ``_error_rate``, ``_match_error_rate``, ``_word_information_preserved``
  (the derive): scores from summed counts, with jiwer's arithmetic and its
  conventions for references without any word.

Arguments come in evaluate's order, ``(predictions, references)``, the order
of torchmetrics' functions of the same names (jiwer takes ``(reference,
hypothesis)``: swap them when porting jiwer calls).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fasteval.text import (
    TextNormalizer,
    as_texts,
    check_pairs,
    encode_word_pairs,
    normalizer_from_options,
    strip_texts,
)

__all__ = [
    "char_error_rate",
    "edit_distance",
    "error_counts",
    "exact_match",
    "match_error_rate",
    "word_error_rate",
    "word_information_lost",
    "word_information_preserved",
]

LEVELS = ("word", "char", "raw_char")
# below this many pairs one thread is faster than starting a pool
_THREADED_PAIRS = 20_000
# pieces of a threaded batch: small enough to overlap the GIL-bound steps of
# one piece with the GIL-free ones (Arrow, RapidFuzz) of another
_PIECE_PAIRS = 10_000
# at most this many pairs are tokenized and measured together (bounds the
# temporary memory of a huge batch)
CHUNK_PAIRS = 200_000


@dataclass(frozen=True)
class TextConfig:
    """How a batch of text pairs is turned into statistics.

    ``level``: ``"word"`` (jiwer's default WER tokens), ``"char"`` (jiwer's
    default CER: characters of the stripped texts) or ``"raw_char"`` (the
    characters as given). ``weights`` are the (insertion, deletion,
    substitution) costs. ``alignment`` asks for the S/D/I/H counts,
    ``keep_per_example`` for the per-pair arrays.
    """

    level: str = "word"
    normalizer: TextNormalizer = field(default_factory=TextNormalizer)
    weights: tuple[int, int, int] = (1, 1, 1)
    alignment: bool = False
    keep_per_example: bool = False

    def serves(self, needed: TextConfig) -> bool:
        """Whether statistics gathered with this config can answer ``needed``."""
        return (
            self.level == needed.level
            and self.normalizer == needed.normalizer
            and self.weights == needed.weights
            and (self.alignment or not needed.alignment)
            and (self.keep_per_example or not needed.keep_per_example)
        )


def check_costs(insertion_cost: Any, deletion_cost: Any, substitution_cost: Any) -> tuple:
    """Validate edit costs: non-negative integers (RapidFuzz's weighted Levenshtein)."""
    costs = {
        "insertion_cost": insertion_cost,
        "deletion_cost": deletion_cost,
        "substitution_cost": substitution_cost,
    }
    for name, value in costs.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be a non-negative integer, got {value!r}")
        if value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(insertion_cost), int(deletion_cost), int(substitution_cost)


def check_level(level: Any) -> str:
    if level not in LEVELS[:2]:
        raise ValueError(f"level must be 'char' or 'word', got {level!r}")
    return level


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


# -- update: pairs -> per-pair statistics -----------------------------------------------


def _tokenize(
    predictions: list[str], references: list[str], level: str
) -> tuple[list[Any], list[Any], np.ndarray, np.ndarray]:
    """(reference sequences, prediction sequences, reference lengths, prediction lengths)."""
    if level == "word":
        return encode_word_pairs(references, predictions)
    if level == "char":
        references, predictions = strip_texts(references), strip_texts(predictions)
    ref_len = np.fromiter(map(len, references), dtype=np.int64, count=len(references))
    pred_len = np.fromiter(map(len, predictions), dtype=np.int64, count=len(predictions))
    return references, predictions, ref_len, pred_len


def _distances(
    refs: list[Any], preds: list[Any], weights: tuple[int, int, int], workers: int
) -> np.ndarray:
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import cpdist

    kwargs = {} if weights == (1, 1, 1) else {"weights": weights}
    distances = cpdist(
        refs,
        preds,
        scorer=Levenshtein.distance,
        dtype=np.int64,
        workers=workers,
        scorer_kwargs=kwargs,
    )
    return np.asarray(distances, dtype=np.int64)  # RapidFuzz's dtype is "long long"


def _substitutions(
    refs: list[Any], preds: list[Any], distance: np.ndarray, length_gap: np.ndarray
) -> np.ndarray:
    """Substitutions in RapidFuzz's alignment of each pair (the one jiwer reports).

    A pair whose distance equals its length difference has only insertions or
    only deletions; only the others need an alignment.
    """
    from rapidfuzz.distance import Levenshtein

    editops = Levenshtein.editops
    subs = np.zeros(len(refs), dtype=np.int64)
    for i in np.flatnonzero(distance > np.abs(length_gap)).tolist():
        subs[i] = [op.tag for op in editops(refs[i], preds[i])].count("replace")
    return subs


def _piece_statistics(
    predictions: list[str], references: list[str], config: TextConfig, workers: int
) -> dict[str, np.ndarray]:
    refs, preds, ref_len, pred_len = _tokenize(predictions, references, config.level)
    distance = _distances(refs, preds, config.weights, workers)
    stats = {"distance": distance, "reference_length": ref_len, "prediction_length": pred_len}
    if config.alignment:
        gap = pred_len - ref_len
        subs = _substitutions(refs, preds, distance, gap)
        # S + D + I = distance and I - D = (prediction length) - (reference length)
        stats["substitutions"] = subs
        stats["deletions"] = (distance - subs - gap) // 2
        stats["insertions"] = (distance - subs + gap) // 2
        stats["hits"] = ref_len - subs - stats["deletions"]
    return stats


#: threads used for large batches (None: one per available core)
THREADS: int | None = None


def _threads() -> int:
    if THREADS is not None:
        return max(1, int(THREADS))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _pair_statistics(
    predictions: list[str], references: list[str], config: TextConfig
) -> dict[str, np.ndarray]:
    """Per-pair ``distance``, ``reference_length``, ``prediction_length`` (and S/D/I/H).

    ``predictions`` and ``references`` are validated lists of ``str`` of equal
    length. Large batches are cut into pieces measured on a thread pool
    (the word-coding kernel, or Arrow's dictionary encoding, and RapidFuzz
    release the GIL); each piece codes its own words, so pieces are
    independent.
    """
    predictions = config.normalizer(predictions)
    references = config.normalizer(references)
    n, threads = len(references), _threads()
    if n < _THREADED_PAIRS or threads == 1:
        size = CHUNK_PAIRS
    else:
        size = min(CHUNK_PAIRS, max(_PIECE_PAIRS, -(-n // (4 * threads))))
    if n <= size:
        workers = threads if n >= _THREADED_PAIRS else 1
        return _piece_statistics(predictions, references, config, workers)

    def piece(lo: int) -> dict[str, np.ndarray]:
        hi = lo + size
        return _piece_statistics(predictions[lo:hi], references[lo:hi], config, 1)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        parts = list(pool.map(piece, range(0, n, size)))
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _exact_matches(
    predictions: list[str], references: list[str], normalizer: TextNormalizer
) -> np.ndarray:
    import operator

    predictions, references = normalizer(predictions), normalizer(references)
    return np.fromiter(
        map(operator.eq, predictions, references), dtype=np.bool_, count=len(predictions)
    )


# -- derive: summed statistics -> scores -----------------------------------------------


def _error_rate(distance: int, reference_length: int) -> float:
    """(S + D + I) / N; jiwer's convention without any reference token: the error count."""
    if reference_length == 0:
        return float(distance)
    return int(distance) / int(reference_length)


def _match_error_rate(distance: int, hits: int, reference_length: int, pred_length: int) -> float:
    """(S + D + I) / (H + S + D + I); jiwer: 0 or 1 when the references are empty."""
    if reference_length == 0:
        return 0.0 if pred_length == 0 else 1.0
    return int(distance) / (int(hits) + int(distance))


def _word_information_preserved(hits: int, reference_length: int, pred_length: int) -> float:
    """(H / N) * (H / P), with jiwer's conventions for empty sides."""
    if reference_length == 0:
        return 1.0 if pred_length == 0 else 0.0
    if pred_length == 0:
        return 0.0
    return (float(hits) / int(reference_length)) * (float(hits) / int(pred_length))


def _per_example_scores(stats: dict[str, np.ndarray], measure: str) -> np.ndarray:
    """Per-pair scores, each equal to jiwer's score of that pair alone."""
    d = stats["distance"].astype(np.float64)
    n = stats["reference_length"]
    p = stats["prediction_length"]
    empty = n == 0
    safe_n = np.where(empty, 1, n).astype(np.float64)
    if measure == "error_rate":
        return np.where(empty, d, d / safe_n)
    h = stats["hits"].astype(np.float64)
    if measure == "mer":
        return np.where(empty, (p > 0).astype(np.float64), d / np.where(empty, 1.0, h + d))
    safe_p = np.where(p == 0, 1, p).astype(np.float64)
    wip = np.where(empty, (p == 0).astype(np.float64), (h / safe_n) * (h / safe_p))
    wip = np.where(~empty & (p == 0), 0.0, wip)
    return wip if measure == "wip" else 1 - wip


def _totals(stats: dict[str, np.ndarray]) -> dict[str, int]:
    return {key: int(values.sum()) for key, values in stats.items()}


# -- public functions ------------------------------------------------------------------


def _prepare(
    predictions: Any,
    references: Any,
    level: str,
    alignment: bool,
    normalization: dict[str, Any],
    weights: tuple[int, int, int] = (1, 1, 1),
) -> dict[str, np.ndarray]:
    preds = as_texts(predictions, "predictions")
    refs = as_texts(references, "references")
    check_pairs(preds, refs)
    config = TextConfig(
        level=level,
        normalizer=normalizer_from_options(**normalization),
        weights=weights,
        alignment=alignment,
    )
    return _pair_statistics(preds, refs, config)


def word_error_rate(
    predictions: Any,
    references: Any,
    *,
    concatenate_texts: bool = False,
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> float:
    """Word error rate over all pairs: (S + D + I) / N, as ``jiwer.wer``.

    Words are split as jiwer's default transform splits them; S + D + I is the
    summed word-level Levenshtein distance and N the number of reference
    words. When the references hold no word at all, jiwer's convention gives
    the number of inserted words. ``concatenate_texts`` is accepted for
    evaluate compatibility: with jiwer 3 and 4 both of evaluate's paths give
    this same corpus-level number.

    Parameters
    ----------
    predictions, references : list of str (or numpy / Arrow / polars / pandas strings)
    concatenate_texts : bool
    regexes_to_ignore, ignore_case, ignore_punctuation, ignore_numbers, collapse_whitespace, transform
        Normalization (see :class:`fasteval.text.TextNormalizer`), applied to both sides.

    Examples
    --------
    >>> word_error_rate(["this is the prediction", "there is an other sample"],
    ...                 ["this is the reference", "there is another one"])
    0.5
    """
    _check_bool("concatenate_texts", concatenate_texts)
    stats = _totals(
        _prepare(
            predictions,
            references,
            "word",
            False,
            dict(
                regexes_to_ignore=regexes_to_ignore,
                ignore_case=ignore_case,
                ignore_punctuation=ignore_punctuation,
                ignore_numbers=ignore_numbers,
                collapse_whitespace=collapse_whitespace,
                transform=transform,
            ),
        )
    )
    return _error_rate(stats["distance"], stats["reference_length"])


def char_error_rate(
    predictions: Any,
    references: Any,
    *,
    concatenate_texts: bool = False,
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> float:
    """Character error rate over all pairs: (S + D + I) / N, as ``jiwer.cer``.

    Each text is stripped of leading and trailing whitespace (jiwer's default
    CER transform), inner spaces count as characters. N is the number of
    characters of the stripped references.

    Examples
    --------
    >>> char_error_rate(["this is the prediction", "there is an other sample"],
    ...                 ["this is the reference", "there is another one"])
    0.34146341463414637
    """
    _check_bool("concatenate_texts", concatenate_texts)
    stats = _totals(
        _prepare(
            predictions,
            references,
            "char",
            False,
            dict(
                regexes_to_ignore=regexes_to_ignore,
                ignore_case=ignore_case,
                ignore_punctuation=ignore_punctuation,
                ignore_numbers=ignore_numbers,
                collapse_whitespace=collapse_whitespace,
                transform=transform,
            ),
        )
    )
    return _error_rate(stats["distance"], stats["reference_length"])


def error_counts(
    predictions: Any,
    references: Any,
    *,
    level: str = "word",
    per_example: bool = False,
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Hits, substitutions, deletions and insertions of jiwer's alignment, summed over pairs.

    ``level="word"`` counts words (``jiwer.process_words``), ``level="char"``
    characters (``jiwer.process_characters``). Also returned: ``distance``
    (S + D + I), ``reference_length`` (H + S + D), ``prediction_length``
    (H + S + I) and ``pairs``. With ``per_example=True`` each value is a
    numpy array with one entry per pair instead.

    Examples
    --------
    >>> error_counts(["this is the prediction", "there is an other sample"],
    ...              ["this is the reference", "there is another one"])
    {'distance': 4, 'reference_length': 8, 'prediction_length': 9, 'substitutions': 3, 'deletions': 0, 'insertions': 1, 'hits': 5, 'pairs': 2}
    """
    stats = _prepare(
        predictions,
        references,
        check_level(level),
        True,
        dict(
            regexes_to_ignore=regexes_to_ignore,
            ignore_case=ignore_case,
            ignore_punctuation=ignore_punctuation,
            ignore_numbers=ignore_numbers,
            collapse_whitespace=collapse_whitespace,
            transform=transform,
        ),
    )
    if _check_bool("per_example", per_example):
        return stats
    return {**_totals(stats), "pairs": len(stats["distance"])}


def _alignment_measure(
    measure: str, predictions: Any, references: Any, normalization: dict[str, Any]
) -> float:
    totals = _totals(_prepare(predictions, references, "word", True, normalization))
    n, p = totals["reference_length"], totals["prediction_length"]
    if measure == "mer":
        return _match_error_rate(totals["distance"], totals["hits"], n, p)
    wip = _word_information_preserved(totals["hits"], n, p)
    return wip if measure == "wip" else 1 - wip


def match_error_rate(
    predictions: Any,
    references: Any,
    *,
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> float:
    """Match error rate (S + D + I) / (H + S + D + I) over all pairs, as ``jiwer.mer``.

    Examples
    --------
    >>> match_error_rate(["this is the prediction", "there is an other sample"],
    ...                  ["this is the reference", "there is another one"])
    0.4444444444444444
    """
    return _alignment_measure(
        "mer",
        predictions,
        references,
        dict(
            regexes_to_ignore=regexes_to_ignore,
            ignore_case=ignore_case,
            ignore_punctuation=ignore_punctuation,
            ignore_numbers=ignore_numbers,
            collapse_whitespace=collapse_whitespace,
            transform=transform,
        ),
    )


def word_information_preserved(
    predictions: Any,
    references: Any,
    *,
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> float:
    """Word information preserved (H / N) * (H / P) over all pairs, as ``jiwer.wip``.

    Examples
    --------
    >>> word_information_preserved(["this is the prediction", "there is an other sample"],
    ...                            ["this is the reference", "there is another one"])
    0.3472222222222222
    """
    return _alignment_measure(
        "wip",
        predictions,
        references,
        dict(
            regexes_to_ignore=regexes_to_ignore,
            ignore_case=ignore_case,
            ignore_punctuation=ignore_punctuation,
            ignore_numbers=ignore_numbers,
            collapse_whitespace=collapse_whitespace,
            transform=transform,
        ),
    )


def word_information_lost(
    predictions: Any,
    references: Any,
    *,
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> float:
    """Word information lost 1 - (H / N) * (H / P) over all pairs, as ``jiwer.wil``.

    Examples
    --------
    >>> word_information_lost(["this is the prediction", "there is an other sample"],
    ...                       ["this is the reference", "there is another one"])
    0.6527777777777778
    """
    return _alignment_measure(
        "wil",
        predictions,
        references,
        dict(
            regexes_to_ignore=regexes_to_ignore,
            ignore_case=ignore_case,
            ignore_punctuation=ignore_punctuation,
            ignore_numbers=ignore_numbers,
            collapse_whitespace=collapse_whitespace,
            transform=transform,
        ),
    )


def edit_distance(
    predictions: Any,
    references: Any,
    *,
    level: str = "char",
    insertion_cost: int = 1,
    deletion_cost: int = 1,
    substitution_cost: int = 1,
    reduction: str = "mean",
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> Any:
    """Levenshtein distance of each (reference, prediction) pair, reduced.

    ``level="char"`` compares the texts character by character as given;
    ``level="word"`` compares word sequences (split as jiwer splits them).
    An insertion is a token only the prediction has, a deletion a reference
    token the prediction lacks. Costs are non-negative integers.

    ``reduction``: ``"mean"`` (per pair), ``"sum"``, ``"normalized"`` (the sum
    divided by the total reference length; the sum itself when the references
    are empty, as for WER) or ``"none"`` (an int64 array, one per pair).

    Examples
    --------
    >>> edit_distance(["kitten", "flaw"], ["sitting", "lawn"], reduction="none")
    array([3, 2])
    >>> edit_distance(["kitten", "flaw"], ["sitting", "lawn"])
    2.5
    >>> edit_distance(["kitten"], ["sitting"], substitution_cost=2)
    5.0
    """
    weights = check_costs(insertion_cost, deletion_cost, substitution_cost)
    if reduction not in ("mean", "sum", "normalized", "none"):
        raise ValueError(
            f"reduction must be 'mean', 'sum', 'normalized' or 'none', got {reduction!r}"
        )
    level = check_level(level)
    stats = _prepare(
        predictions,
        references,
        "raw_char" if level == "char" else "word",
        False,
        dict(
            regexes_to_ignore=regexes_to_ignore,
            ignore_case=ignore_case,
            ignore_punctuation=ignore_punctuation,
            ignore_numbers=ignore_numbers,
            collapse_whitespace=collapse_whitespace,
            transform=transform,
        ),
        weights,
    )
    if reduction == "none":
        return stats["distance"]
    total = int(stats["distance"].sum())
    if reduction == "sum":
        return total
    if reduction == "mean":
        return total / len(stats["distance"])
    return _error_rate(total, int(stats["reference_length"].sum()))


def exact_match(
    predictions: Any,
    references: Any,
    *,
    regexes_to_ignore: list[str] | None = None,
    ignore_case: bool = False,
    ignore_punctuation: bool | str = False,
    ignore_numbers: bool = False,
    collapse_whitespace: bool = False,
    transform: Callable[[str], str] | None = None,
) -> float:
    """Share of predictions equal to their reference after normalization (evaluate's exact_match).

    Examples
    --------
    >>> exact_match(["cat?", "theater", "yelling", "agent"], ["the cat", "theater", "YELLING", "agent007"])
    0.25
    >>> exact_match(["cat?", "theater", "yelling", "agent"], ["the cat", "theater", "YELLING", "agent007"],
    ...             regexes_to_ignore=["the ", "yell", "YELL"], ignore_case=True,
    ...             ignore_punctuation=True, ignore_numbers=True)
    1.0
    """
    preds = as_texts(predictions, "predictions")
    refs = as_texts(references, "references")
    n = check_pairs(preds, refs)
    normalizer = normalizer_from_options(
        regexes_to_ignore=regexes_to_ignore,
        ignore_case=ignore_case,
        ignore_punctuation=ignore_punctuation,
        ignore_numbers=ignore_numbers,
        collapse_whitespace=collapse_whitespace,
        transform=transform,
    )
    return int(_exact_matches(preds, refs, normalizer).sum()) / n
