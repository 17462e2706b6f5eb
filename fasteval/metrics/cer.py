"""cer: character error rate, (S + D + I) / N over all pairs, as jiwer and evaluate compute it."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._text import NORMALIZATION_ARGS, ErrorRateModule
from fasteval.metrics.wer import MORRIS_CITATION

_DESCRIPTION = """
Character error rate (CER) is the word error rate computed on characters: each
(reference, prediction) pair is aligned by the character-level Levenshtein distance
and, over all pairs,

    CER = (S + D + I) / N = (S + D + I) / (S + D + H)

with S, D, I the substituted, deleted and inserted characters, H the correct ones
and N the number of reference characters. Lower is better; CER can exceed 1.

As jiwer.cer (and evaluate's cer module with jiwer 4), each text is first stripped
of leading and trailing whitespace; inner spaces count as characters.
collapse_whitespace=True also turns whitespace runs into one space, close to what
evaluate's cer did with jiwer 2-3. The state is a few integers (distance and
reference length sums), so add_batch streams in bounded memory; distances come from
RapidFuzz in one multi-threaded batch. Without any reference character the result is
the number of inserted characters (jiwer's convention).
"""

_KWARGS_DESCRIPTION = f"""
Args:
    predictions (`list` of `str`): Transcriptions to score.
    references (`list` of `str`): Reference texts, one per prediction.
    concatenate_texts (`bool`): Accepted for evaluate compatibility: with jiwer 4,
        evaluate computes the same number either way. (evaluate with jiwer < 4 joined
        all texts into one string first; fasteval does not reproduce that path.)
    return_per_example (`bool`): Also return each pair's CER. Defaults to False.
    return_counts (`bool`): Also return the substitutions, deletions, insertions and
        hits of jiwer's character alignment. Defaults to False.
{NORMALIZATION_ARGS}

Returns:
    (`float`): the character error rate, as evaluate's cer returns it; a dict
        when return_counts or return_per_example is set.

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> predictions = ["this is the prediction", "there is an other sample"]
        >>> references = ["this is the reference", "there is another one"]
        >>> cer = evaluate.load("cer")
        >>> cer_score = cer.compute(predictions=predictions, references=references)
        >>> print(cer_score)
        0.34146341463414637

    Example 2 - counts and per-pair scores
        >>> cer.compute(predictions=["werewolf"], references=["were wolf"], return_counts=True)
        {{'cer': 0.1111111111111111, 'substitutions': 0, 'deletions': 1, 'insertions': 0, 'hits': 8}}
        >>> cer.compute(predictions=["abc", "xbc"], references=["abc", "abcd"], return_per_example=True)
        {{'cer': 0.2857142857142857, 'cer_per_example': array([0. , 0.5])}}
"""


class CER(ErrorRateModule):
    name = "cer"
    summary = "Character error rate (S + D + I) / N over all pairs, as jiwer and evaluate."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = MORRIS_CITATION
    level = "char"
    measure = "error_rate"
    reference_urls: ClassVar[list[str]] = [
        "https://en.wikipedia.org/wiki/Word_error_rate",
        "https://sites.google.com/site/textdigitisation/qualitymeasures/computingerrorrates",
    ]
    codebase_urls: ClassVar[list[str]] = ["https://github.com/jitsi/jiwer/"]
