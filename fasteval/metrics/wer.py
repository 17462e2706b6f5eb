"""wer: word error rate, (S + D + I) / N over all pairs, as jiwer and evaluate compute it."""

from __future__ import annotations

from typing import ClassVar

from fasteval.metrics._text import NORMALIZATION_ARGS, ErrorRateModule

MORRIS_CITATION = """
@inproceedings{morris2004,
  author = {Morris, Andrew and Maier, Viktoria and Green, Phil},
  year = {2004},
  month = {01},
  title = {From WER and RIL to MER and WIL: improved evaluation measures for connected speech recognition.}
}
"""

_DESCRIPTION = """
Word error rate (WER) measures how far transcriptions (predictions) are from the
reference texts, word by word. Each pair is aligned by the word-level Levenshtein
distance, and over all pairs

    WER = (S + D + I) / N = (S + D + I) / (S + D + H)

where S, D and I are the substituted, deleted and inserted words, H the hits
(correct words) and N the number of reference words. Lower is better; 0 is perfect
and WER can exceed 1 when the predictions insert many words.

Words are split as jiwer's default transform splits them (runs of whitespace
separate words, the ends are stripped), so fasteval's WER equals jiwer.wer and
evaluate's wer module. Distances come from RapidFuzz's bit-parallel Levenshtein on
integer-coded words, in one multi-threaded batch; the state is a few integers, so
add_batch streams millions of pairs in bounded memory. When the references hold no
word at all, jiwer's convention applies: the result is the number of inserted words.
"""

_KWARGS_DESCRIPTION = f"""
Args:
    predictions (`list` of `str`): Transcriptions to score (also numpy, pyarrow,
        polars or pandas strings).
    references (`list` of `str`): Reference texts, one per prediction. Empty
        strings are allowed (their pairs add insertions only).
    concatenate_texts (`bool`): Accepted for evaluate compatibility; evaluate's two
        paths give the same corpus-level number, and so does fasteval. Defaults to False.
    return_per_example (`bool`): Also return each pair's WER (as jiwer.wer on that
        pair alone). Streaming keeps one number per pair: load the module with it.
    return_counts (`bool`): Also return the substitutions, deletions, insertions and
        hits of jiwer's alignment (computed per pair, so slower). Defaults to False.
{NORMALIZATION_ARGS}

Returns:
    (`float`): the word error rate, as evaluate's wer returns it; a dict
        {{"wer": ..., "substitutions": ..., ..., "wer_per_example": ...}} when
        return_counts or return_per_example is set.

Examples:

    Example 1 - evaluate's example
        >>> import fasteval as evaluate
        >>> predictions = ["this is the prediction", "there is an other sample"]
        >>> references = ["this is the reference", "there is another one"]
        >>> wer = evaluate.load("wer")
        >>> wer_score = wer.compute(predictions=predictions, references=references)
        >>> print(wer_score)
        0.5

    Example 2 - with the alignment counts and per-pair scores
        >>> wer.compute(predictions=predictions, references=references, return_counts=True)
        {{'wer': 0.5, 'substitutions': 3, 'deletions': 0, 'insertions': 1, 'hits': 5}}
        >>> wer.compute(predictions=predictions, references=references, return_per_example=True)
        {{'wer': 0.5, 'wer_per_example': array([0.25, 0.75])}}

    Example 3 - streaming batches, normalizing case and punctuation
        >>> wer = evaluate.load("wer", ignore_case=True, ignore_punctuation=True)
        >>> wer.add_batch(predictions=["Hello, world!"], references=["hello world"])
        >>> wer.add(prediction="good bye", reference="Goodbye.")
        >>> wer.compute()
        0.6666666666666666
"""


class WER(ErrorRateModule):
    name = "wer"
    summary = "Word error rate (S + D + I) / N over all pairs, as jiwer and evaluate."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = MORRIS_CITATION
    level = "word"
    measure = "error_rate"
    reference_urls: ClassVar[list[str]] = ["https://en.wikipedia.org/wiki/Word_error_rate"]
    codebase_urls: ClassVar[list[str]] = [
        "https://github.com/jitsi/jiwer/",
        "https://github.com/rapidfuzz/RapidFuzz",
    ]
