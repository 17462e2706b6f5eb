"""exact_match: the share of predictions equal to their reference, with evaluate's options."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._text import NORMALIZATION_ARGS, ExactMatchBase

_DESCRIPTION = """
Exact match is the share of predictions that are exactly equal to their reference
string, after optional normalization:

    exact_match = (number of pairs with prediction == reference) / (number of pairs)

It lies in [0, 1]; higher is better. The options are evaluate's: regexes_to_ignore
(matches removed first, in order), ignore_case, ignore_punctuation (ASCII
punctuation) and ignore_numbers (digits), applied in that order, so results equal
evaluate's exact_match module; "unicode" punctuation, whitespace collapsing and a
user transform are also available. The state is two counts, so add_batch streams.
"""

_KWARGS_DESCRIPTION = f"""
Args:
    predictions (`list` of `str`): Predicted texts.
    references (`list` of `str`): Reference texts, one per prediction.
{NORMALIZATION_ARGS}
    return_per_example (`bool`): Also return whether each pair matched (a bool
        array). Defaults to False.

Returns:
    exact_match (`float`): the share of exact matches, in [0, 1].

Examples:

    >>> import fasteval as evaluate
    >>> exact_match = evaluate.load("exact_match")
    >>> refs = ["the cat", "theater", "YELLING", "agent007"]
    >>> preds = ["cat?", "theater", "yelling", "agent"]
    >>> results = exact_match.compute(references=refs, predictions=preds)
    >>> print(round(results["exact_match"], 2))
    0.25

    >>> results = exact_match.compute(references=refs, predictions=preds, regexes_to_ignore=["the ", "yell"], ignore_case=True, ignore_punctuation=True)
    >>> print(round(results["exact_match"], 2))
    0.5

    >>> results = exact_match.compute(references=refs, predictions=preds, regexes_to_ignore=["the ", "yell", "YELL"], ignore_case=True, ignore_punctuation=True)
    >>> print(round(results["exact_match"], 2))
    0.75

    >>> results = exact_match.compute(references=refs, predictions=preds, regexes_to_ignore=["the ", "yell", "YELL"], ignore_case=True, ignore_punctuation=True, ignore_numbers=True)
    >>> print(round(results["exact_match"], 2))
    1.0

    >>> refs = ["The cat sat on the mat.", "Theaters are great.", "It's like comparing oranges and apples."]
    >>> preds = ["The cat sat on the mat?", "Theaters are great.", "It's like comparing apples and oranges."]
    >>> results = exact_match.compute(references=refs, predictions=preds)
    >>> print(round(results["exact_match"], 2))
    0.33
"""

_CITATION = """
@inproceedings{rajpurkar2016squad,
  title = {{SQuAD}: 100,000+ Questions for Machine Comprehension of Text},
  author = {Rajpurkar, Pranav and Zhang, Jian and Lopyrev, Konstantin and Liang, Percy},
  booktitle = {Proceedings of the 2016 Conference on Empirical Methods in Natural Language Processing},
  pages = {2383--2392},
  year = {2016}
}
"""


class ExactMatch(ExactMatchBase):
    name = "exact_match"
    summary = "Share of predictions exactly equal to their reference (evaluate's options)."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    reference_urls: ClassVar[list[str]] = [
        "https://huggingface.co/spaces/evaluate-metric/exact_match"
    ]
