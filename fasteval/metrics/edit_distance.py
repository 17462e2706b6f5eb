"""edit_distance: Levenshtein distance per pair (characters or words), with its aggregates."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._text_state import TextErrorCounts
from fasteval.functional.text import TextConfig, _check_bool, _error_rate, check_costs, check_level
from fasteval.metrics._text import NORMALIZATION_ARGS, TextModule
from fasteval.text import NORMALIZATION_OPTIONS, normalizer_from_options

_DESCRIPTION = """
The edit (Levenshtein) distance of a prediction to its reference is the least number
of insertions, deletions and substitutions that turn the reference into the
prediction; an insertion is a token only the prediction has. With
level="char" the tokens are the characters of the texts as given; with
level="word" they are words, split as for WER. Optional integer costs weight the
three operations (insertion_cost, deletion_cost, substitution_cost).

Over all pairs the module returns the mean distance per pair, the total, and the
total normalized by the total reference length (sum of distances / reference
tokens; with unit costs at word level this is the WER). Distances come from
RapidFuzz's bit-parallel (or, with costs, weighted) Levenshtein in one multi-threaded
batch; the state is a few sums, so add_batch streams in bounded memory.
"""

_KWARGS_DESCRIPTION = f"""
Args:
    predictions (`list` of `str`): Predicted texts.
    references (`list` of `str`): Reference texts, one per prediction.
    level (`str`): "char" (default) or "word".
    insertion_cost, deletion_cost, substitution_cost (`int`): Non-negative integer
        costs of the three operations. Default 1 each.
    return_per_example (`bool`): Also return every pair's distance (an int64 array).
        Streaming keeps one number per pair: load the module with it. Defaults to False.
{NORMALIZATION_ARGS}

Returns:
    edit_distance (`float`): mean distance per pair.
    total_edit_distance (`int`): sum of the distances.
    normalized_edit_distance (`float`): the sum divided by the total number of
        reference tokens (the sum itself when the references are all empty).
    edit_distance_per_example (`numpy.ndarray`): with return_per_example=True.

Examples:

    Example 1 - characters
        >>> import fasteval as evaluate
        >>> ed = evaluate.load("edit_distance")
        >>> ed.compute(predictions=["sitting", "lawn"], references=["kitten", "flaw"])
        {{'edit_distance': 2.5, 'total_edit_distance': 5, 'normalized_edit_distance': 0.5}}

    Example 2 - words, with costs and per-pair distances
        >>> ed.compute(predictions=["the cat sat", "a dog"], references=["the cat sat down", "the dog"],
        ...            level="word", substitution_cost=2, return_per_example=True)
        {{'edit_distance': 1.5, 'total_edit_distance': 3, 'normalized_edit_distance': 0.5, 'edit_distance_per_example': array([1, 2])}}
"""

_LEVENSHTEIN_CITATION = """
@article{levenshtein1966,
  title = {Binary codes capable of correcting deletions, insertions, and reversals},
  author = {Levenshtein, Vladimir I.},
  journal = {Soviet Physics Doklady},
  volume = {10},
  number = {8},
  pages = {707--710},
  year = {1966}
}
"""


class EditDistance(TextModule):
    name = "edit_distance"
    summary = "Levenshtein distance per pair (chars or words, weighted): mean, total, normalized."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _LEVENSHTEIN_CITATION
    reference_urls: ClassVar[list[str]] = ["https://en.wikipedia.org/wiki/Levenshtein_distance"]
    codebase_urls: ClassVar[list[str]] = ["https://github.com/rapidfuzz/RapidFuzz"]
    options: ClassVar[dict[str, Any]] = {
        "level": "char",
        "insertion_cost": 1,
        "deletion_cost": 1,
        "substitution_cost": 1,
        "return_per_example": False,
        **NORMALIZATION_OPTIONS,
    }

    def _config(self, options: dict[str, Any]) -> TextConfig:
        level = check_level(options["level"])
        weights = check_costs(
            options["insertion_cost"], options["deletion_cost"], options["substitution_cost"]
        )
        return TextConfig(
            level="raw_char" if level == "char" else "word",
            normalizer=normalizer_from_options(**{k: options[k] for k in NORMALIZATION_OPTIONS}),
            weights=weights,
            keep_per_example=_check_bool("return_per_example", options["return_per_example"]),
        )

    def _derive_state(self, state: TextErrorCounts, **options: Any) -> dict[str, Any]:
        out: dict[str, Any] = {
            "edit_distance": state.distance / state.pairs,
            "total_edit_distance": state.distance,
            "normalized_edit_distance": _error_rate(state.distance, state.reference_length),
        }
        if options["return_per_example"]:
            out["edit_distance_per_example"] = state.per_example_arrays()["distance"]
        return out
