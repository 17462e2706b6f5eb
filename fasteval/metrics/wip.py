"""wip: word information preserved, (H / N) * (H / P) over all pairs, as jiwer.wip."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.metrics._text import NORMALIZATION_ARGS, ErrorRateModule
from fasteval.metrics.wer import MORRIS_CITATION
from fasteval.text import NORMALIZATION_OPTIONS

_DESCRIPTION = """
Word information preserved (WIP) approximates the share of word information the
transcription keeps (Morris et al., 2004). With H the hits of the word alignment of
each pair (as for WER), N the number of reference words and P the number of predicted
words, summed over all pairs,

    WIP = (H / N) * (H / P)

It lies in [0, 1]; 1 is perfect, and WIL = 1 - WIP. It equals jiwer.wip, including
its conventions for empty sides: with no reference word at all, WIP is 1 if the
predictions are empty too and 0 otherwise; with references but no predicted word it
is 0. The module keeps only summed counts, so it streams in bounded memory.
"""

_KWARGS_DESCRIPTION = f"""
Args:
    predictions (`list` of `str`): Transcriptions to score.
    references (`list` of `str`): Reference texts, one per prediction.
    return_per_example (`bool`): Also return each pair's WIP. Defaults to False.
    return_counts (`bool`): Also return the substitutions, deletions, insertions and
        hits. Defaults to False.
{NORMALIZATION_ARGS}

Returns:
    (`float`): the word information preserved (a dict when return_counts or
        return_per_example is set).

Examples:

    >>> import fasteval as evaluate
    >>> wip = evaluate.load("wip")
    >>> wip.compute(predictions=["this is the prediction", "there is an other sample"],
    ...             references=["this is the reference", "there is another one"])
    0.3472222222222222
"""


class WIP(ErrorRateModule):
    name = "wip"
    summary = "Word information preserved (H / N) * (H / P) over all pairs, as jiwer.wip."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = MORRIS_CITATION
    level = "word"
    measure = "wip"
    options: ClassVar[dict[str, Any]] = {
        "return_per_example": False,
        "return_counts": False,
        **NORMALIZATION_OPTIONS,
    }
    codebase_urls: ClassVar[list[str]] = ["https://github.com/jitsi/jiwer/"]
