"""Word splitting and per-pair word coding for word-level edit distance.

A column of texts arrives as its UTF-8 bytes joined with NUL separators;
``split_points`` finds every space and NUL in one pass. Words are split as
jiwer's default WER transform splits them (a run of two or more whitespace
characters becomes one space, the ends are stripped, the text is split on
single spaces).

The words of each (reference, prediction) pair then get small integer codes:
equal words of a pair equal codes, different words different codes. Codes
only need to agree within a pair, so a tiny per-pair hash table (it stays in
the L1 cache) does the work of a global vocabulary. A word of up to 8 bytes
is keyed by its bytes themselves, so with its length the key identifies it;
longer words are compared byte for byte when their keys match. Nothing is
trusted to a hash.

The wrappers (``fasteval.text``) pass valid UTF-8, so a lead byte is always
followed by its continuation bytes inside the same text: ``whitespace_length``
never reads past a text.
"""

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from ._config import jit, jit_inline

_MIX = np.uint64(0x9E3779B97F4A7C15)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


@jit_inline
def whitespace_length(data, pos):
    """Byte length of the whitespace character at ``data[pos]`` (0 if it is not one).

    Whitespace is what ``str.isspace()`` accepts: U+0009-U+000D, U+001C-U+0020,
    U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
    U+3000.
    """
    b = np.int64(data[pos])
    if b < 0x80:
        return 1 if (b == 0x20 or 0x09 <= b <= 0x0D or 0x1C <= b <= 0x1F) else 0
    if b == 0xC2:
        c = np.int64(data[pos + 1])
        return 2 if (c == 0x85 or c == 0xA0) else 0
    if b == 0xE1:
        return 3 if (data[pos + 1] == 0x9A and data[pos + 2] == 0x80) else 0
    if b == 0xE2:
        c = np.int64(data[pos + 1])
        d = np.int64(data[pos + 2])
        if c == 0x80 and (d <= 0x8A or d == 0xA8 or d == 0xA9 or d == 0xAF):
            return 3
        return 3 if (c == 0x81 and d == 0x9F) else 0
    if b == 0xE3:
        return 3 if (data[pos + 1] == 0x80 and data[pos + 2] == 0x80) else 0
    return 0


@jit_inline
def _maybe_other_space(b):
    """1 if byte ``b`` is, or may start, whitespace other than the plain space; else 0.

    U+0009-U+000D and U+001C-U+001F are single bytes; 0xC2 leads U+0085 and
    U+00A0, 0xE1 U+1680, 0xE2 U+2000-U+205F and 0xE3 U+3000. (Plain int64
    comparisons: mixing unsigned and signed integers would compare floats.)
    """
    b = np.int64(b)
    return np.int64(
        ((b >= 0x09) & (b <= 0x0D))
        | ((b >= 0x1C) & (b <= 0x1F))
        | (b == 0xC2)
        | ((b >= 0xE1) & (b <= 0xE3))
    )


@jit
def _suspects(data, coarse):
    """Positions of the bytes that may start whitespace other than the plain space.

    ``coarse`` counts the bytes of a coarser class (0x09 to 0x1F, or 0xC2 to
    0xE3; ``split_points`` counts them with plain byte comparisons, which
    vectorize): in most text there are none, and nothing is done. The last
    entry is ``len(data)``, past every text.
    """
    if coarse == 0:
        return np.full(1, data.shape[0], dtype=np.int64)
    found = 0
    for pos in range(data.shape[0]):
        found += _maybe_other_space(data[pos])
    suspects = np.empty(found + 1, dtype=np.int64)
    m = 0
    for pos in range(data.shape[0]):
        suspects[m] = pos
        m += _maybe_other_space(data[pos])
    suspects[found] = data.shape[0]
    return suspects


@intrinsic
def _load8(typingctx, data, pos):
    """The 8 bytes from ``data[pos]`` on as one integer (an unaligned load).

    The first byte lands in the low bits on little-endian machines, as
    ``_word_key_bytes`` packs them; the wrapper runs this kernel on no others.
    """
    sig = types.uint64(data, pos)

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        address = builder.gep(array.data, [args[1]])
        return builder.load(builder.bitcast(address, ir.IntType(64).as_pointer()), align=1)

    return sig, codegen


@jit_inline
def _word_key(data, start, stop):
    """The key of word ``data[start:stop]``, the same wherever the word sits.

    Up to 8 bytes the key is the bytes themselves, packed in memory order; up
    to 16, the first 8 xor a multiple of the next; longer words get a hash.
    """
    length = stop - start
    if length <= 16 and start + 16 <= data.shape[0]:
        # branch-free masks of the word's bytes in each half (words are not empty)
        low = _load8(data, start) & (_ALL >> np.uint64(64 - 8 * min(length, 8)))
        rest = max(length - 8, 0)
        high = _load8(data, start + 8) & (_ALL >> np.uint64(64 - 8 * max(rest, 1)))
        high &= np.uint64(0) - np.uint64(rest > 0)
        return low ^ (high * _MIX)
    return _word_key_bytes(data, start, stop)


@jit
def _word_key_bytes(data, start, stop):
    """``_word_key`` a byte at a time: long words, and words near the end of ``data``."""
    length = stop - start
    if length > 16:
        key = np.uint64(length)
        for pos in range(start, stop):
            key = (key ^ np.uint64(data[pos])) * np.uint64(0x100000001B3)
        return key
    low = np.uint64(0)
    high = np.uint64(0)
    for j in range(min(length, 8)):
        low |= np.uint64(data[start + j]) << np.uint64(8 * j)
    for j in range(8, length):
        high |= np.uint64(data[start + j]) << np.uint64(8 * (j - 8))
    return low ^ (high * _MIX)


@jit
def _general_words(data, start, stop, k, keys, ends, lengths):
    """Words of any text by jiwer's rule, written from entry ``k``; returns the next entry.

    A run of whitespace characters separates words unless it is one
    character other than the plain space with word characters on both sides:
    jiwer collapses only runs of two or more into a space and splits on
    spaces, so that character stays inside its word.
    """
    word = -1
    pos = start
    while pos < stop:
        size = whitespace_length(data, pos)
        if size == 0:
            if word < 0:
                word = pos
            pos += 1
            continue
        run_end = pos + size
        run = 1
        while run_end < stop:
            more = whitespace_length(data, run_end)
            if more == 0:
                break
            run_end += more
            run += 1
        if word >= 0:
            if run == 1 and run_end < stop and data[pos] != 0x20:
                pos = run_end  # a lone tab (say) inside a word
                continue
            keys[k] = _word_key(data, word, pos)
            ends[k] = pos
            lengths[k] = pos - word
            k += 1
            word = -1
        pos = run_end
    if word >= 0:
        keys[k] = _word_key(data, word, stop)
        ends[k] = stop
        lengths[k] = stop - word
        k += 1
    return k


@jit_inline
def _slot(key, mask):
    return np.int64((key * _MIX) >> np.uint64(32)) & mask


@jit_inline
def _same_bytes(a, a_end, b, b_end, length):
    """Whether ``a[a_end - length:a_end]`` equals ``b[b_end - length:b_end]``."""
    for j in range(1, length + 1):
        if a[a_end - j] != b[b_end - j]:
            return False
    return True


@jit_inline
def _text_words(data, start, stop, delims, lo, hi, suspects, m, keys, ends, lengths):
    """Words of text ``data[start:stop]`` into ``keys``/``ends``/``lengths``.

    ``delims[lo:hi + 1]`` are the positions of its spaces and of its end;
    ``suspects[m:]`` those from this text on that may start whitespace other
    than the plain space. Returns ``(words, m)`` with ``m`` moved past this
    text.
    """
    other = False
    while suspects[m] < stop:
        other |= whitespace_length(data, suspects[m]) > 0
        m += 1
    if other:
        return _general_words(data, start, stop, 0, keys, ends, lengths), m
    words = 0
    begin = start
    for j in range(lo, hi + 1):
        end = delims[j]
        if end > begin:
            keys[words] = _word_key(data, begin, end)
            ends[words] = end
            lengths[words] = end - begin
            words += 1
        begin = end + 1
    return words, m


@jit_inline
def _code_words(
    data, side, ref_data, pred_data, keys, ends, lengths, words, gen, distinct, first_side,
    first_end, first_len, first_key, stamps, slots, out, w, limit,
):  # fmt: skip
    """Code one text's words into ``out[w:]`` with the pair's table (no 0 after them).

    ``first_side[c]``, ``first_end[c]``, ``first_len[c]`` and ``first_key[c]``
    describe the first word of code ``c``. Returns ``(distinct, w)``, or
    ``(-1, w)`` when a code exceeds ``limit``.
    """
    mask = stamps.shape[0] - 1
    for j in range(words):
        key = keys[j]
        end = ends[j]
        length = lengths[j]
        s = _slot(key, mask)
        code = -1
        while stamps[s] == gen:
            c = slots[s]
            if first_key[c] == key and first_len[c] == length:
                if length <= 8:
                    same = True
                elif first_side[c] == 0:
                    same = _same_bytes(ref_data, first_end[c], data, end, length)
                else:
                    same = _same_bytes(pred_data, first_end[c], data, end, length)
                if same:
                    code = c
                    break
            s = (s + 1) & mask
        if code < 0:
            code = distinct
            distinct += 1
            if distinct > limit:
                return -1, w
            first_side[code] = side
            first_end[code] = end
            first_len[code] = length
            first_key[code] = key
            stamps[s] = gen
            slots[s] = code
        out[w] = code + 1
        w += 1
    return distinct, w


@jit
def split_points(data, n):
    """The spaces, NULs and possible other whitespace of ``data`` (``n`` texts joined with NULs).

    Returns ``(delims, last, suspects)``: ``delims`` the positions of every
    space and NUL, then ``len(data)``; ``last[t]`` the index in ``delims`` of
    text ``t``'s end, so text ``t`` is ``data[delims[last[t - 1]] + 1:delims[last[t]]]``
    (from 0 for the first); ``suspects`` as ``_suspects`` gives them. All are
    empty when ``data`` does not hold exactly ``n - 1`` NULs (a text held one
    itself). Each byte writes its position and the count moves on at a
    delimiter: no branch to mispredict.
    """
    count = 0
    coarse = 0
    for pos in range(data.shape[0]):
        b = data[pos]
        count += np.int64((b == 0x20) | (b == 0))
        coarse += ((b >= 0x09) & (b < 0x20)) | ((b >= 0xC2) & (b <= 0xE3))
    none = np.empty(0, dtype=np.int64)
    delims = np.empty(count + 1, dtype=np.int64)
    k = 0
    for pos in range(data.shape[0]):
        b = data[pos]
        delims[k] = pos
        k += np.int64((b == 0x20) | (b == 0))
    delims[count] = data.shape[0]
    last = np.empty(n, dtype=np.int64)
    t = 0
    for j in range(count):
        last[t] = j  # t < n: checked at each NUL
        if data[delims[j]] == 0:
            if t == n - 1:  # more NULs than separators
                return none, none, none
            t += 1
    if t != n - 1:
        return none, none, none
    last[n - 1] = count
    return delims, last, _suspects(data, coarse)


@jit
def code_word_pairs(
    ref_data, ref_delims, ref_last, ref_suspects, pred_data, pred_delims, pred_last,
    pred_suspects, ref_out, pred_out, counts,
):  # fmt: skip
    """Split the texts of every pair into words and code them, one pair at a time.

    Reference ``i`` is text ``i`` of ``ref_data`` (``*_delims``, ``*_last``
    and ``*_suspects`` come from ``split_points``), its prediction text ``i`` of ``pred_data``.
    Equal words of a pair get equal codes, from 1. ``ref_out`` receives the codes of the
    reference words, text after text, with a 0 between texts; ``pred_out``
    those of the predictions; each must hold ``sum((len + 1) // 2) + n``
    values over its texts (a word takes a byte and a separator at least).
    ``counts`` receives the number of words of each reference, then of each
    prediction. Returns the largest code, or -1 as soon as a code does not
    fit the output's type (the caller then passes wider arrays).
    """
    n = ref_last.shape[0]
    # where each text starts and stops
    ref_start = np.empty(n, dtype=np.int64)
    pred_start = np.empty(n, dtype=np.int64)
    longest = 1
    for i in range(n):
        ref_start[i] = ref_delims[ref_last[i - 1]] + 1 if i else 0
        pred_start[i] = pred_delims[pred_last[i - 1]] + 1 if i else 0
        longest = max(longest, ref_delims[ref_last[i]] - ref_start[i])
        longest = max(longest, pred_delims[pred_last[i]] - pred_start[i])
    # one text's buffers: its words' keys, ends and lengths
    cap = longest + 2
    keys = np.empty(cap, dtype=np.uint64)
    ends = np.empty(cap, dtype=np.int64)
    lengths = np.empty(cap, dtype=np.int64)
    # the pair's distinct words: side, end and length of each code's first word, its key
    first_side = np.empty(2 * cap, dtype=np.int64)
    first_end = np.empty(2 * cap, dtype=np.int64)
    first_len = np.empty(2 * cap, dtype=np.int64)
    first_key = np.empty(2 * cap, dtype=np.uint64)
    size = 64
    stamps = np.zeros(size, dtype=np.int64)  # slot s is used in pair i when stamps[s] == i + 1
    slots = np.empty(size, dtype=np.int64)
    limit = np.iinfo(ref_out.dtype).max
    m_ref = 0
    m_pred = 0
    w_ref = 0
    w_pred = 0
    largest = 0
    for i in range(n):
        gen = i + 1
        distinct = 0
        for side in range(2):
            if side == 0:
                words, m_ref = _text_words(
                    ref_data, ref_start[i], ref_delims[ref_last[i]], ref_delims,
                    ref_last[i - 1] + 1 if i else 0, ref_last[i], ref_suspects, m_ref,
                    keys, ends, lengths,
                )  # fmt: skip
            else:
                words, m_pred = _text_words(
                    pred_data, pred_start[i], pred_delims[pred_last[i]], pred_delims,
                    pred_last[i - 1] + 1 if i else 0, pred_last[i], pred_suspects, m_pred,
                    keys, ends, lengths,
                )  # fmt: skip
            counts[side * n + i] = words
            if 2 * (distinct + words) > size:  # keep the table at most half full
                while 2 * (distinct + words) > size:
                    size *= 2
                stamps = np.zeros(size, dtype=np.int64)
                slots = np.empty(size, dtype=np.int64)
                for c in range(distinct):
                    s = _slot(first_key[c], size - 1)
                    while stamps[s] == gen:
                        s = (s + 1) & (size - 1)
                    stamps[s] = gen
                    slots[s] = c
            if side == 0:
                distinct, w_ref = _code_words(
                    ref_data, 0, ref_data, pred_data, keys, ends, lengths, words, gen, distinct,
                    first_side, first_end, first_len, first_key, stamps, slots, ref_out, w_ref,
                    limit,
                )  # fmt: skip
                if distinct >= 0 and i + 1 < n:
                    ref_out[w_ref] = 0
                    w_ref += 1
            else:
                distinct, w_pred = _code_words(
                    pred_data, 1, ref_data, pred_data, keys, ends, lengths, words, gen, distinct,
                    first_side, first_end, first_len, first_key, stamps, slots, pred_out, w_pred,
                    limit,
                )  # fmt: skip
                if distinct >= 0 and i + 1 < n:
                    pred_out[w_pred] = 0
                    w_pred += 1
            if distinct < 0:
                return -1
            largest = max(largest, distinct)
    return largest
