"""wil: word information lost, 1 - (H / N) * (H / P) over all pairs, as jiwer.wil."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.metrics._text import NORMALIZATION_ARGS, ErrorRateModule
from fasteval.metrics.wer import MORRIS_CITATION
from fasteval.text import NORMALIZATION_OPTIONS

_DESCRIPTION = """
Word information lost (WIL) approximates the share of word information lost by the
transcription (Morris et al., 2004). With H the hits of the word alignment of each
pair (as for WER), N the number of reference words and P the number of predicted
words, summed over all pairs,

    WIL = 1 - (H / N) * (H / P)

It lies in [0, 1]; 0 is perfect. It equals jiwer.wil, including its conventions for
empty sides: with no reference word at all, WIL is 0 if the predictions are empty
too and 1 otherwise; with references but no predicted word it is 1. The module keeps
only summed counts (H, N, P and the errors), so it streams in bounded memory.
"""

_KWARGS_DESCRIPTION = f"""
Args:
    predictions (`list` of `str`): Transcriptions to score.
    references (`list` of `str`): Reference texts, one per prediction.
    return_per_example (`bool`): Also return each pair's WIL. Defaults to False.
    return_counts (`bool`): Also return the substitutions, deletions, insertions and
        hits. Defaults to False.
{NORMALIZATION_ARGS}

Returns:
    (`float`): the word information lost (a dict when return_counts or
        return_per_example is set).

Examples:

    >>> import fasteval as evaluate
    >>> wil = evaluate.load("wil")
    >>> wil.compute(predictions=["this is the prediction", "there is an other sample"],
    ...             references=["this is the reference", "there is another one"])
    0.6527777777777778
"""


class WIL(ErrorRateModule):
    name = "wil"
    summary = "Word information lost 1 - (H / N) * (H / P) over all pairs, as jiwer.wil."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = MORRIS_CITATION
    level = "word"
    measure = "wil"
    options: ClassVar[dict[str, Any]] = {
        "return_per_example": False,
        "return_counts": False,
        **NORMALIZATION_OPTIONS,
    }
    codebase_urls: ClassVar[list[str]] = ["https://github.com/jitsi/jiwer/"]
