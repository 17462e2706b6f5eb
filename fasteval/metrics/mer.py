"""mer: match error rate, (S + D + I) / (H + S + D + I) over all pairs, as jiwer.mer."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.metrics._text import NORMALIZATION_ARGS, ErrorRateModule
from fasteval.metrics.wer import MORRIS_CITATION
from fasteval.text import NORMALIZATION_OPTIONS

_DESCRIPTION = """
Match error rate (MER) is the share of word matches that are errors. Each
(reference, prediction) pair is aligned word by word as for WER and, over all pairs,

    MER = (S + D + I) / (H + S + D + I)

with S, D, I the substituted, deleted and inserted words and H the hits. Unlike WER
it lies in [0, 1]: 0 when every word matches, 1 when none does. It equals jiwer.mer,
including the S/D/I/H split of jiwer's alignment (RapidFuzz's), which MER, WIL and WIP
need; the alignment is computed for every pair that has a substitution to find, and
only the summed counts are kept, so the module streams in bounded memory. With no
reference word at all, MER is 0 if the predictions are empty too and 1 otherwise.
"""

_KWARGS_DESCRIPTION = f"""
Args:
    predictions (`list` of `str`): Transcriptions to score.
    references (`list` of `str`): Reference texts, one per prediction.
    return_per_example (`bool`): Also return each pair's MER. Defaults to False.
    return_counts (`bool`): Also return the substitutions, deletions, insertions and
        hits. Defaults to False.
{NORMALIZATION_ARGS}

Returns:
    (`float`): the match error rate (a dict when return_counts or
        return_per_example is set).

Examples:

    >>> import fasteval as evaluate
    >>> mer = evaluate.load("mer")
    >>> mer.compute(predictions=["this is the prediction", "there is an other sample"],
    ...             references=["this is the reference", "there is another one"])
    0.4444444444444444
"""


class MER(ErrorRateModule):
    name = "mer"
    summary = "Match error rate (S + D + I) / (H + S + D + I) over all pairs, as jiwer.mer."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = MORRIS_CITATION
    level = "word"
    measure = "mer"
    options: ClassVar[dict[str, Any]] = {
        "return_per_example": False,
        "return_counts": False,
        **NORMALIZATION_OPTIONS,
    }
    codebase_urls: ClassVar[list[str]] = ["https://github.com/jitsi/jiwer/"]
