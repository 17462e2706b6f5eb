"""Text inputs, normalization and tokenization, shared by every text metric.

Three steps turn user input into what the edit-distance maths needs:

* :func:`as_texts` validates one column (a list, a numpy string/object array,
  a pyarrow string array, a polars or pandas Series) into a list of ``str``,
  naming the argument and the first bad item in its error;
* :class:`TextNormalizer` applies the normalization options in one fixed order
  (a user ``transform``, ``regexes_to_ignore``, ``ignore_case``,
  ``ignore_punctuation``, ``ignore_numbers``, ``collapse_whitespace``);
* :func:`encode_word_pairs` splits texts into words exactly as jiwer's default
  WER transform does and gives each word one code point, equal words of a
  pair equal code points, so that RapidFuzz computes word-level distances on
  plain strings at the speed of character-level ones. Codes need only agree
  within a pair: a Numba kernel codes each pair with its own tiny hash table
  (most pairs then fit in Latin-1 strings). Until Numba is loaded in the
  process, a small workload is coded with Arrow's dictionary encoding over the
  whole chunk instead, which needs no compilation or cache load.
"""

from __future__ import annotations

import functools
import re
import string
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fasteval._lazy import kernels_loaded

__all__ = [
    "NORMALIZATION_OPTIONS",
    "TextNormalizer",
    "as_texts",
    "check_pairs",
    "encode_word_pairs",
    "normalizer_from_options",
    "split_words",
    "strip_texts",
]

#: every character for which ``str.isspace()`` is true (Python's ``\s`` and
#: ``str.strip()`` use the same set); tests check this list against Python.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# the same set less the plain space, as an RE2 class (Arrow's regex engine)
_RE2_OTHER_WHITESPACE = (
    "[\\x{09}-\\x{0d}\\x{1c}-\\x{1f}\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]"
)
# jiwer's RemoveMultipleSpaces: a run of two or more whitespace characters -> one space
_WHITESPACE_RUN = re.compile(r"\s\s+")

#: the normalization options every text module accepts, with their defaults
NORMALIZATION_OPTIONS: dict[str, Any] = {
    "regexes_to_ignore": None,
    "ignore_case": False,
    "ignore_punctuation": False,
    "ignore_numbers": False,
    "collapse_whitespace": False,
    "transform": None,
}

# The largest number of distinct tokens one chunk can code as one character
# each: every code point but NUL (the text separator) and the surrogate block.
_MAX_WORD_CODES = 0x110000 - 0x800 - 1

# Until Numba's kernels are loaded in a process, up to this many pairs in all are
# word-coded with Arrow's dictionary encoding: importing Numba and loading the
# kernel's cache takes ~1 s, which the kernel (~1.3 us a pair quicker on 5-40
# word pairs) repays only past some 700,000 pairs. Later pairs, and all pairs
# once Numba is loaded, go to the kernel.
COLD_ARROW_PAIRS = 200_000
_cold_pairs = 0
# "kernel" or "arrow" forces one word coder (tests run both); None decides as above
_word_coder: str | None = None


def _use_kernel(pairs: int) -> bool:
    global _cold_pairs
    if _word_coder is not None:
        return _word_coder == "kernel"
    if sys.byteorder != "little":  # the kernel reads 8-byte words as little-endian
        return False
    if kernels_loaded() or _cold_pairs + pairs > COLD_ARROW_PAIRS:
        return True
    _cold_pairs += pairs
    return False


# -- inputs ------------------------------------------------------------------------------


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


def _bad_item(items: Sequence[Any], name: str) -> Exception:
    for i, item in enumerate(items):
        if item is None:
            return ValueError(f"{name}[{i}] is None; expected a string")
        if not isinstance(item, str):
            shown = repr(item)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            return TypeError(f"{name}[{i}] is {type(item).__name__} ({shown}); expected a string")
    return TypeError(f"{name}: expected strings")  # pragma: no cover - callers found a bad item


def _arrow_to_list(x: Any, name: str) -> list[str]:
    import pyarrow as pa
    import pyarrow.types as pat

    typ = x.type
    if pat.is_dictionary(typ):
        typ = typ.value_type
    if not (pat.is_string(typ) or pat.is_large_string(typ) or pat.is_string_view(typ)):
        raise TypeError(f"{name}: expected strings, got an Arrow array of type {x.type}")
    if x.null_count:
        if isinstance(x, pa.ChunkedArray):
            x = x.combine_chunks()
        first = int(np.flatnonzero(x.is_null().to_numpy(zero_copy_only=False))[0])
        raise ValueError(f"{name}[{first}] is None; expected a string")
    return x.to_pylist()


def as_texts(x: Any, name: str) -> list[str]:
    """Validate ``x`` as a 1-D column of strings; return it as a list of ``str``.

    Accepts a list or tuple of ``str``, a numpy unicode or object array, a
    pyarrow string array (or chunked array), a polars or pandas Series.
    A ``None`` item raises ``ValueError``, a non-string item ``TypeError``,
    each naming the argument and the position (``references[3] is None``).

    >>> as_texts(["a b", "c"], "predictions")
    ['a b', 'c']
    >>> as_texts(["a", None], "references")
    Traceback (most recent call last):
    ...
    ValueError: references[1] is None; expected a string
    """
    if x is None:
        raise ValueError(f"{name}: expected a list of strings, got None")
    if isinstance(x, (str, bytes)):
        raise TypeError(
            f"{name}: expected a list of strings, got a single {type(x).__name__};"
            f" wrap it in a list ({name}=[...]) or use add(prediction=..., reference=...)"
        )
    mod = _module_of(x)
    if mod == "pyarrow":
        items: Any = _arrow_to_list(x, name)
    elif mod == "polars":
        items = _arrow_to_list(x.to_arrow(), name)
    elif mod == "pandas":
        items = x.tolist()
    elif mod == "torch":
        raise TypeError(f"{name}: expected a list of strings, got a torch tensor")
    elif isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ValueError(f"{name}: expected a 1-D array of strings, got shape {x.shape}")
        if x.dtype.kind not in "UO":
            raise TypeError(f"{name}: expected strings, got a numpy array of dtype {x.dtype}")
        items = x.tolist()
    elif isinstance(x, list):
        items = x
    elif isinstance(x, (tuple, Sequence)) or hasattr(x, "__len__"):
        items = list(x)
    else:
        raise TypeError(f"{name}: expected a list of strings, got {type(x).__name__}")
    try:  # joining is the quickest check that every item is a str (or a subclass)
        "".join(items)
    except TypeError:
        raise _bad_item(items, name) from None
    return items


def check_pairs(predictions: list[str], references: list[str]) -> int:
    """The number of pairs; raise if the columns differ in length or are empty."""
    if len(predictions) != len(references):
        raise ValueError(
            "predictions and references must have the same length,"
            f" got {len(predictions)} predictions and {len(references)} references"
        )
    if not predictions:
        raise ValueError("expected at least one prediction and reference, got empty inputs")
    return len(predictions)


# -- normalization -----------------------------------------------------------------------

_ASCII_PUNCTUATION = str.maketrans("", "", string.punctuation)
_ASCII_DIGITS = str.maketrans("", "", string.digits)


@functools.lru_cache(maxsize=1)
def _unicode_punctuation() -> dict[int, None]:
    """Deletion table of every character of a Unicode punctuation category (P*)."""
    import sys
    import unicodedata

    return {
        c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("P")
    }


@dataclass(frozen=True)
class TextNormalizer:
    """Normalization applied to predictions and references before they are compared.

    The steps run in this order (each one only when set):

    1. ``transform``: a user callable ``str -> str`` (for example Whisper's
       English text normalizer);
    2. ``regexes_to_ignore``: every match of each regular expression is removed,
       in the given order (as evaluate's exact_match does, before the others);
    3. ``ignore_case``: ``str.lower()``;
    4. ``ignore_punctuation``: ``True`` or ``"ascii"`` removes the ASCII
       punctuation of ``string.punctuation`` (evaluate's exact_match);
       ``"unicode"`` removes every character of a Unicode punctuation
       category (jiwer's ``RemovePunctuation``);
    5. ``ignore_numbers``: removes the digits 0-9;
    6. ``collapse_whitespace``: every run of whitespace becomes one space and
       leading/trailing whitespace goes (``" ".join(s.split())``).

    >>> TextNormalizer(ignore_case=True, ignore_punctuation=True)(["Hello, World!"])
    ['hello world']
    """

    transform: Callable[[str], str] | None = None
    regexes_to_ignore: tuple[str, ...] = ()
    ignore_case: bool = False
    ignore_punctuation: bool | str = False
    ignore_numbers: bool = False
    collapse_whitespace: bool = False

    @property
    def is_identity(self) -> bool:
        return not (
            self.transform is not None
            or self.regexes_to_ignore
            or self.ignore_case
            or self.ignore_punctuation
            or self.ignore_numbers
            or self.collapse_whitespace
        )

    def __call__(self, texts: list[str]) -> list[str]:
        if self.is_identity:
            return texts
        if self.transform is not None:
            fn = self.transform
            texts = [fn(s) for s in texts]
            if set(map(type, texts)) - {str}:
                bad = next(s for s in texts if not isinstance(s, str))
                raise TypeError(
                    f"transform must return a string, got {type(bad).__name__} ({bad!r})"
                )
        for pattern in self.regexes_to_ignore:
            sub = re.compile(pattern).sub
            texts = [sub("", s) for s in texts]
        if self.ignore_case:
            texts = [s.lower() for s in texts]
        if self.ignore_punctuation:
            table = (
                _unicode_punctuation()
                if self.ignore_punctuation == "unicode"
                else _ASCII_PUNCTUATION
            )
            texts = [s.translate(table) for s in texts]
        if self.ignore_numbers:
            texts = [s.translate(_ASCII_DIGITS) for s in texts]
        if self.collapse_whitespace:
            texts = [" ".join(s.split()) for s in texts]
        return texts


def normalizer_from_options(
    regexes_to_ignore: Any = None,
    ignore_case: Any = False,
    ignore_punctuation: Any = False,
    ignore_numbers: Any = False,
    collapse_whitespace: Any = False,
    transform: Any = None,
) -> TextNormalizer:
    """Check the normalization options and build their :class:`TextNormalizer`."""
    if regexes_to_ignore is None:
        regexes: tuple[str, ...] = ()
    elif isinstance(regexes_to_ignore, str):
        regexes = (regexes_to_ignore,)
    else:
        try:
            regexes = tuple(regexes_to_ignore)
        except TypeError:
            raise TypeError(
                "regexes_to_ignore must be a list of regular expressions (str) or None,"
                f" got {type(regexes_to_ignore).__name__}"
            ) from None
    for pattern in regexes:
        if not isinstance(pattern, str):
            raise TypeError(
                f"regexes_to_ignore must hold strings, got {type(pattern).__name__} ({pattern!r})"
            )
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(
                f"regexes_to_ignore: invalid regular expression {pattern!r}: {err}"
            ) from None
    for opt, value in (
        ("ignore_case", ignore_case),
        ("ignore_numbers", ignore_numbers),
        ("collapse_whitespace", collapse_whitespace),
    ):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{opt} must be True or False, got {value!r}")
    if isinstance(ignore_punctuation, (bool, np.bool_)):
        punctuation: bool | str = "ascii" if ignore_punctuation else False
    elif isinstance(ignore_punctuation, str) and ignore_punctuation in ("ascii", "unicode"):
        punctuation = ignore_punctuation
    else:
        raise ValueError(
            "ignore_punctuation must be False, True (ASCII punctuation, as evaluate's"
            f" exact_match), 'ascii' or 'unicode'; got {ignore_punctuation!r}"
        )
    if transform is not None and not callable(transform):
        raise TypeError(
            f"transform must be a callable str -> str or None, got {type(transform).__name__}"
        )
    return TextNormalizer(
        transform=transform,
        regexes_to_ignore=regexes,
        ignore_case=bool(ignore_case),
        ignore_punctuation=punctuation,
        ignore_numbers=bool(ignore_numbers),
        collapse_whitespace=bool(collapse_whitespace),
    )


# -- tokenization ------------------------------------------------------------------------


def strip_texts(texts: list[str]) -> list[str]:
    """jiwer's default CER transform: leading and trailing whitespace removed."""
    return list(map(str.strip, texts))


def split_words(text: str) -> list[str]:
    """The words of ``text`` exactly as jiwer's default WER transform finds them.

    jiwer replaces each run of two or more whitespace characters by one space,
    strips the ends and splits on the space character: so a lone tab between
    two words does not split them, a run of whitespace does.

    >>> split_words("  the cat\\tsat  on\\t\\tthe mat ")
    ['the', 'cat\\tsat', 'on', 'the', 'mat']
    """
    return [w for w in _WHITESPACE_RUN.sub(" ", text).strip().split(" ") if w]


def _jiwer_spacing(text: str) -> str:
    return _WHITESPACE_RUN.sub(" ", text).strip()


_WORD_SEPARATOR = " \x00 "  # between texts when they are joined; NUL is checked absent
_OTHER_WHITESPACE = re.compile(r"[^\S ]")


def _codes_to_text(codes: np.ndarray) -> str:
    """Code points -> one string (codes from 0xD800 on shift past the surrogate block)."""
    codes = codes.astype("<u4", copy=False)
    if len(codes) and codes.max() >= 0xD800:
        codes = codes + (codes >= 0xD800).astype("<u4") * np.uint32(0x800)
    return codes.tobytes().decode("utf-32-le")


def _encode_words_python(texts: list[str]) -> tuple[list[Any], np.ndarray]:
    """The slow, general path: each text as a list of word ids (any text, any vocabulary)."""
    vocab: dict[str, int] = {}
    sequences = [[vocab.setdefault(w, len(vocab)) for w in split_words(t)] for t in texts]
    lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
    return sequences, lengths


def _encode_words(
    texts: list[str], any_size: bool, respaced: bool = False
) -> tuple[list[Any], np.ndarray] | None:
    """Word-code strings and word counts of ``texts`` (jiwer's default WER words).

    The texts are joined into one UTF-8 buffer with a separator token between
    texts, after a prefix of the separator and a blank token (so that they
    get dictionary ids 0 and 1: no Python scalar is looked up, and so pyarrow
    does not import pandas); every space starts a token (" word", " " for a
    run of spaces, the separator), so the tokens are a zero-copy Arrow view
    of the buffer, dictionary-encoded in one pass (the GIL released). Each
    word then becomes one code point, the separator the NUL character, and
    one ``split`` gives a string per text.

    None when the chunk has more distinct words than code points (unless
    ``any_size``: then every text comes back as a list of ints).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    joined = _WORD_SEPARATOR[:-1] + "  " + _WORD_SEPARATOR.join(texts)
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: no UTF-8 form
        return _encode_words_python(texts)
    del joined
    spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 32)
    offsets = np.empty(len(spaces) + 1, dtype=np.int64)
    offsets[:-1] = spaces
    offsets[-1] = len(data)
    tokens = pa.Array.from_buffers(
        pa.large_string(), len(spaces), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )
    encoded = pc.dictionary_encode(tokens)
    dictionary = encoded.dictionary
    if len(dictionary) > _MAX_WORD_CODES:
        return _encode_words_python(texts) if any_size else None
    if not respaced and pc.any(pc.match_substring_regex(dictionary, _RE2_OTHER_WHITESPACE)).as_py():
        # whitespace other than plain spaces: space the affected texts as jiwer
        # does (runs -> one space, ends stripped); a lone tab stays inside its word
        texts = [_jiwer_spacing(t) if _OTHER_WHITESPACE.search(t) else t for t in texts]
        return _encode_words(texts, any_size, respaced=True)
    # int32 ids without nulls, read from their buffer (to_numpy would import pandas),
    # less the prefix's two: the separator (id 0) and the blank (id 1)
    indices = encoded.indices
    first, stop = indices.offset + 2, indices.offset + len(indices)
    ids = np.frombuffer(indices.buffers()[1], dtype=np.int32)[first:stop]
    is_separator = ids == 0
    if np.count_nonzero(is_separator) != len(texts) - 1:  # a text holds " \x00" itself
        return _encode_words_python(texts)
    codes = ids.astype(np.uint32)  # words keep their ids (from 2); the separator becomes 0
    codes = codes[ids != 1]  # blanks: from runs of spaces and empty texts
    parts = _codes_to_text(codes).split("\x00")
    if len(parts) != len(texts):  # pragma: no cover - guarded by the separator count
        return _encode_words_python(texts)
    return parts, np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))


def _utf8_column(texts: list[str]) -> tuple[np.ndarray, ...] | None:
    """The texts' UTF-8 bytes joined with NUL separators, and ``split_points`` of them.

    None when a text has no UTF-8 form (lone surrogates) or holds a NUL itself.
    (Not ``pyarrow.array``: its first call from Python objects imports pandas.)
    """
    from fasteval.kernels.text import split_points

    try:
        data = np.frombuffer("\x00".join(texts).encode("utf-8"), dtype=np.uint8)
    except UnicodeEncodeError:
        return None
    delims, last, suspects = split_points(data, len(texts))
    return (data, delims, last, suspects) if len(last) else None


def _encode_pairs_kernel(
    references: list[str], predictions: list[str]
) -> tuple[list[Any], list[Any], np.ndarray, np.ndarray] | None:
    """``encode_word_pairs`` with codes per pair (Numba); None where it cannot code."""
    from fasteval.kernels.text import code_word_pairs

    n = len(references)
    refs = _utf8_column(references)
    preds = _utf8_column(predictions)
    if refs is None or preds is None:
        return None
    # a word takes at least one byte and a separator: room for every code and the 0s
    ref_room = (len(refs[0]) + 1) // 2 + 2 * n
    pred_room = (len(preds[0]) + 1) // 2 + 2 * n
    counts = np.empty(2 * n, dtype=np.int64)
    for dtype in (np.uint8, np.uint32):  # Latin-1 codes unless a pair has 255+ words
        ref_out = np.empty(ref_room, dtype=dtype)
        pred_out = np.empty(pred_room, dtype=dtype)
        largest = code_word_pairs(*refs, *preds, ref_out, pred_out, counts)
        if largest >= 0:
            break
    if largest > _MAX_WORD_CODES:
        return None
    ref_counts, pred_counts = counts[:n], counts[n:]
    texts = []
    for out, words in ((ref_out, ref_counts), (pred_out, pred_counts)):
        codes = out[: int(words.sum()) + n - 1]
        joined = (
            codes.tobytes().decode("latin-1") if codes.dtype == np.uint8 else _codes_to_text(codes)
        )
        texts.append(joined.split("\x00"))
    return texts[0], texts[1], ref_counts, pred_counts


def encode_word_pairs(
    references: list[str], predictions: list[str]
) -> tuple[list[Any], list[Any], np.ndarray, np.ndarray]:
    """Split both columns into words (jiwer's default WER transform) and code the words.

    Returns ``(reference_codes, prediction_codes, reference_lengths,
    prediction_lengths)``: each text becomes a string with one character per
    word, equal words of a pair getting equal characters (different pairs may
    code one word differently), so that
    ``Levenshtein.distance(reference_codes[i], prediction_codes[i])`` is the
    word-level edit distance of pair ``i``.

    >>> refs, preds, n_ref, n_pred = encode_word_pairs(["a b  c"], ["a c"])
    >>> from rapidfuzz.distance import Levenshtein
    >>> Levenshtein.distance(refs[0], preds[0]), n_ref.tolist(), n_pred.tolist()
    (1, [3], [2])
    """
    n = len(references)
    if _use_kernel(n):
        coded = _encode_pairs_kernel(references, predictions)
        if coded is not None:
            return coded
    result = _encode_words(references + predictions, any_size=n <= 1)
    if result is None:  # more distinct words than code points: code halves separately
        half = n // 2
        a = encode_word_pairs(references[:half], predictions[:half])
        b = encode_word_pairs(references[half:], predictions[half:])
        return (
            a[0] + b[0],
            a[1] + b[1],
            np.concatenate([a[2], b[2]]),
            np.concatenate([a[3], b[3]]),
        )
    codes, lengths = result
    return codes[:n], codes[n:], lengths[:n], lengths[n:]
