"""Text metrics (wer, cer, mer, wil, wip, edit_distance, exact_match) against jiwer and evaluate.

Known answers from evaluate's documentation and test-suite, hypothesis property
tests against jiwer 4 on random word lists (unicode, empty strings,
whitespace-only lines, tabs), streamed == one-shot, weighted edit distance
against a plain dynamic programme, and the error cases.
"""

from __future__ import annotations

import re
import string
import sys

import jiwer
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

import fasteval as evaluate
from fasteval import text as text_mod
from fasteval.functional import text as F

PREDS = ["this is the prediction", "there is an other sample"]
REFS = ["this is the reference", "there is another one"]
RATES = ["wer", "cer", "mer", "wil", "wip"]


def jiwer_scores(refs, preds):
    """jiwer's numbers for the corpus: the reference every property test compares with."""
    words = jiwer.process_words(refs, preds)
    chars = jiwer.process_characters(refs, preds)
    return {
        "wer": words.wer,
        "mer": words.mer,
        "wil": words.wil,
        "wip": words.wip,
        "cer": chars.cer,
        "word_counts": (words.substitutions, words.deletions, words.insertions, words.hits),
        "char_counts": (chars.substitutions, chars.deletions, chars.insertions, chars.hits),
    }


def counts_of(result):
    return (result["substitutions"], result["deletions"], result["insertions"], result["hits"])


@pytest.fixture(autouse=True, scope="module", params=["kernel", "arrow"])
def word_coder(request):
    """Every test here runs with both word coders: Numba's per-pair kernel and Arrow's."""
    saved = text_mod._word_coder
    text_mod._word_coder = request.param
    yield request.param
    text_mod._word_coder = saved


# -- known answers ---------------------------------------------------------------------


def test_evaluate_documented_examples():
    assert evaluate.load("wer").compute(predictions=PREDS, references=REFS) == 0.5
    assert evaluate.load("cer").compute(predictions=PREDS, references=REFS) == 0.34146341463414637
    assert F.word_error_rate(PREDS, REFS) == 0.5
    assert F.char_error_rate(PREDS, REFS) == 0.34146341463414637
    for name, fn in [
        ("mer", F.match_error_rate),
        ("wil", F.word_information_lost),
        ("wip", F.word_information_preserved),
    ]:
        expected = getattr(jiwer, name)(REFS, PREDS)
        assert evaluate.load(name).compute(predictions=PREDS, references=REFS) == expected
        assert fn(PREDS, REFS) == expected


@pytest.mark.parametrize(
    "refs, preds, expected, options",
    [  # evaluate's cer test-suite (S, D, I, N in its comments)
        (["White House"], ["white house"], 2 / 11, {}),
        (["were wolf"], ["werewolf"], 1 / 9, {}),
        (["werewolf"], ["weae     wolf"], 0.25, {"collapse_whitespace": True}),
        (["were wolf"], ["were               wolf"], 0.0, {"collapse_whitespace": True}),
        (["were   wolf"], ["were               wolf"], 0.0, {"collapse_whitespace": True}),
        (["werewolf"], ["weaewolf"], 0.125, {}),
        (["werewolf"], ["wereawolf"], 0.125, {}),
        (["werewolf"], ["wereolf"], 0.125, {}),
        (
            ["werewolf", "I am your father", "doge"],
            ["werxwolf", "I am your father", "doge"],
            1 / 28,
            {},
        ),
        (["我能吞下玻璃而不伤身体"], [" 能吞虾玻璃而 不霜身体啦"], 5 / 11, {}),
        (["我能吞下玻璃", "而不伤身体"], ["我    能 吞 下 玻 璃", "而不伤身体"], 8 / 11, {}),
        (
            ["我能吞下玻璃", "而不伤身体"],
            ["我    能 吞 下 玻 璃", "而不伤身体"],
            5 / 11,
            {"collapse_whitespace": True},
        ),
    ],
)
def test_evaluate_cer_cases(refs, preds, expected, options):
    got = evaluate.load("cer").compute(predictions=preds, references=refs, **options)
    assert got == pytest.approx(expected, abs=1e-12)
    if not options:
        assert got == jiwer.cer(refs, preds)


def test_cer_whitespace_runs_count_as_characters_like_jiwer():
    # jiwer.cer (and evaluate's cer with jiwer 4) keeps inner whitespace runs
    refs, preds = ["were wolf"], ["were               wolf"]
    assert evaluate.load("cer").compute(predictions=preds, references=refs) == jiwer.cer(
        refs, preds
    )
    assert F.char_error_rate(preds, refs) == 14 / 9


def test_concatenate_texts_gives_the_corpus_number():
    for name in ("wer", "cer"):
        m = evaluate.load(name)
        a = m.compute(predictions=PREDS, references=REFS, concatenate_texts=True)
        assert a == m.compute(predictions=PREDS, references=REFS, concatenate_texts=False)
    with pytest.raises(TypeError, match="concatenate_texts must be True or False"):
        evaluate.load("wer").compute(predictions=PREDS, references=REFS, concatenate_texts="yes")


def exact_match_reference(preds, refs, regexes_to_ignore=None, ignore_case=False,
                          ignore_punctuation=False, ignore_numbers=False):  # fmt: skip
    """evaluate's exact_match as documented: regexes removed, then case, punctuation, digits."""
    preds, refs = np.asarray(preds, dtype=object), np.asarray(refs, dtype=object)
    for pattern in regexes_to_ignore or []:
        preds = np.array([re.sub(pattern, "", x) for x in preds], dtype=object)
        refs = np.array([re.sub(pattern, "", x) for x in refs], dtype=object)
    steps = []
    if ignore_case:
        steps.append(str.lower)
    if ignore_punctuation:
        table = str.maketrans("", "", string.punctuation)
        steps.append(lambda s: s.translate(table))
    if ignore_numbers:
        table_digits = str.maketrans("", "", string.digits)
        steps.append(lambda s: s.translate(table_digits))
    for step in steps:
        preds = np.array([step(x) for x in preds], dtype=object)
        refs = np.array([step(x) for x in refs], dtype=object)
    return float(np.mean(preds == refs))


EM_REFS = ["the cat", "theater", "YELLING", "agent007"]
EM_PREDS = ["cat?", "theater", "yelling", "agent"]


@pytest.mark.parametrize(
    "options, expected",
    [
        ({}, 0.25),
        (dict(regexes_to_ignore=["the ", "yell"], ignore_case=True, ignore_punctuation=True), 0.5),
        (
            dict(
                regexes_to_ignore=["the ", "yell", "YELL"],
                ignore_case=True,
                ignore_punctuation=True,
            ),
            0.75,
        ),
        (
            dict(
                regexes_to_ignore=["the ", "yell", "YELL"],
                ignore_case=True,
                ignore_punctuation=True,
                ignore_numbers=True,
            ),
            1.0,
        ),
    ],
)
def test_exact_match_documented_examples(options, expected):
    out = evaluate.load("exact_match").compute(references=EM_REFS, predictions=EM_PREDS, **options)
    assert out == {"exact_match": expected}
    assert F.exact_match(EM_PREDS, EM_REFS, **options) == expected
    assert exact_match_reference(EM_PREDS, EM_REFS, **options) == expected


def test_exact_match_third_example_and_unicode_punctuation():
    refs = [
        "The cat sat on the mat.",
        "Theaters are great.",
        "It's like comparing oranges and apples.",
    ]
    preds = [
        "The cat sat on the mat?",
        "Theaters are great.",
        "It's like comparing apples and oranges.",
    ]
    assert round(F.exact_match(preds, refs), 2) == 0.33
    # ASCII punctuation (evaluate) keeps the fancy quotes; "unicode" removes them
    assert F.exact_match(["«hi»"], ["hi"], ignore_punctuation=True) == 0.0
    assert F.exact_match(["«hi»"], ["hi"], ignore_punctuation="unicode") == 1.0
    assert F.exact_match(["  a   b "], ["a b"], collapse_whitespace=True) == 1.0


EM_TEXT = st.text(alphabet="aAbB1 .,!?é-", max_size=8)


@settings(deadline=None, max_examples=60)
@given(
    pairs=st.lists(st.tuples(EM_TEXT, EM_TEXT), min_size=1, max_size=12),
    options=st.fixed_dictionaries(
        {},
        optional={
            "regexes_to_ignore": st.lists(st.sampled_from(["a", "b+", r"\d", "A."]), max_size=2),
            "ignore_case": st.booleans(),
            "ignore_punctuation": st.booleans(),
            "ignore_numbers": st.booleans(),
        },
    ),
)
def test_exact_match_equals_evaluate_reference(pairs, options):
    preds, refs = [p for p, _ in pairs], [r for _, r in pairs]
    expected = exact_match_reference(preds, refs, **options)
    assert F.exact_match(preds, refs, **options) == expected
    m = evaluate.load("exact_match", **options, return_per_example=True)
    for lo in range(0, len(preds), 5):
        m.add_batch(predictions=preds[lo : lo + 5], references=refs[lo : lo + 5])
    out = m.compute()
    assert out["exact_match"] == expected
    assert out["exact_match_per_example"].tolist() == [
        exact_match_reference([p], [r], **options) == 1.0 for p, r in pairs
    ]


# -- tokenization exactly as jiwer -------------------------------------------------------


def test_whitespace_table_matches_python():
    every = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert "".join(every) == text_mod.WHITESPACE
    assert all(re.fullmatch(r"\s", c) for c in every)


TRICKY = [
    "",
    " ",
    "\t",
    "\t\t",
    "   \n  ",
    "a",
    " a  b ",
    "a\tb",
    "a \tb",
    "a\t\tb c",
    "\ta b\t",
    "x\u3000y",
    "x\u3000\u3000y",
    "x\xa0y z",
    "é 中文 \U0001f600",
]


def test_split_words_equals_jiwer():
    for s in TRICKY:
        assert text_mod.split_words(s) == jiwer.wer_default(s)[0], repr(s)
    refs, preds, n_ref, n_pred = text_mod.encode_word_pairs(TRICKY, TRICKY[::-1])
    for i, (r, p) in enumerate(zip(TRICKY, TRICKY[::-1])):
        assert n_ref[i] == len(jiwer.wer_default(r)[0]) and n_pred[i] == len(
            jiwer.wer_default(p)[0]
        )
        expected = Levenshtein.distance(jiwer.wer_default(r)[0], jiwer.wer_default(p)[0])
        assert Levenshtein.distance(refs[i], preds[i]) == expected


# words that stress the kernel's keys: up to 8 bytes a word is its key; 9-16
# bytes share a first half; longer ones share all but a byte; NUL and tabs inside
CODING_WORDS = [
    "a", "b", "ab", "ba", "\x00", "a\x00", "é", "中文", "\U0001f600",
    "abcdefgh", "abcdefgi", "abcdefghX", "abcdefghY", "abcdefghXYZ12345", "abcdefghXYZ12346",
    "abcdefghXYZ123456", "abcdefghXYZ123457", "q" * 40, "q" * 39 + "r", "a\tb", "a\u3000b",
]  # fmt: skip
SPACING = st.sampled_from([" ", "  ", "\t\t", " \t", "\n", "\u3000 ", "\xa0\xa0", "\u2028"])


@st.composite
def coding_texts(draw):
    words = draw(st.lists(st.sampled_from(CODING_WORDS) | st.text(max_size=10), max_size=12))
    text = ""
    for word in words:
        text += word + draw(SPACING)
    return draw(st.sampled_from(["", " ", "\t"])) + text


def assert_codes_match_words(refs, preds):
    codes_ref, codes_pred, n_ref, n_pred = text_mod.encode_word_pairs(refs, preds)
    if text_mod._word_coder == "kernel" and "\x00" not in "".join(refs + preds):
        # the kernel coded these itself (it hands texts holding a NUL to the Arrow coder)
        assert text_mod._encode_pairs_kernel(refs, preds) is not None
    assert len(codes_ref) == len(codes_pred) == len(refs)
    for i, (ref, pred) in enumerate(zip(refs, preds)):
        words = jiwer.wer_default(ref)[0] + jiwer.wer_default(pred)[0]
        codes = list(codes_ref[i]) + list(codes_pred[i])
        assert (n_ref[i], n_pred[i]) == (len(jiwer.wer_default(ref)[0]), len(codes) - n_ref[i])
        assert len(codes) == len(words), (ref, pred)
        # equal words <=> equal codes, within the pair
        first: dict = {}
        for word, code in zip(words, codes):
            assert first.setdefault(word, code) == code, (ref, pred)
        assert len(set(first.values())) == len(first), (ref, pred)


@settings(deadline=None, max_examples=150)
@given(st.lists(st.tuples(coding_texts(), coding_texts()), min_size=1, max_size=8))
def test_word_codes_equal_words_exactly(pairs):
    refs = [r for r, _ in pairs]
    preds = [p for _, p in pairs]
    assert_codes_match_words(refs, preds)


@pytest.mark.parametrize("space", list(text_mod.WHITESPACE))
def test_each_whitespace_character_alone_splits_as_jiwer(space):
    # the only whitespace besides plain spaces in both columns: the kernel's
    # byte filters must find it by itself
    refs = [f"a{space}{space}b c{space}d", f"{space}e f{space}", "g"]
    preds = [f"a b c{space}d", f"e{space} {space}f", f"g{space}{space}"]
    assert_codes_match_words(refs, preds)
    words = jiwer.process_words(refs, preds)
    assert counts_of(F.error_counts(preds, refs)) == (
        words.substitutions, words.deletions, words.insertions, words.hits
    )  # fmt: skip


def test_different_words_with_equal_keys_get_different_codes():
    # two 10-byte words whose kernel keys collide (found by search): only the
    # byte-for-byte comparison tells them apart
    from fasteval.kernels.text import _word_key

    a, b = "abcdefghXY", "CF_gk?/g2D"
    data = np.frombuffer((a + b + " " * 16).encode(), dtype=np.uint8)
    assert _word_key(data, 0, 10) == _word_key(data, 10, 20)
    assert_codes_match_words([f"{a} {b} {a}", b], [f"{b} {a}", f"x {a}"])
    assert F.word_error_rate([f"{b} {a}"], [f"{a} {b}"]) == 1.0


def test_word_codes_of_pairs_with_many_words():
    # 300 distinct words in one pair: past Latin-1, the kernel codes into wider strings
    refs = [" ".join(f"w{i}" for i in range(300)), "a b"]
    preds = [" ".join(f"w{i}" for i in range(0, 600, 2)), "b a"]
    assert_codes_match_words(refs, preds)
    assert jiwer.wer(refs, preds) == F.word_error_rate(preds, refs)


def test_large_vocabularies_are_split_or_fall_back(monkeypatch):
    refs = [f"w{i} w{i + 1} common" for i in range(50)]
    preds = [f"w{i + 1} x{i} common" for i in range(50)]
    expected = jiwer.wer(refs, preds)
    monkeypatch.setattr(text_mod, "_MAX_WORD_CODES", 20)  # forces halving, then int lists
    assert F.word_error_rate(preds, refs) == expected
    assert F.error_counts(preds, refs)["hits"] == jiwer.process_words(refs, preds).hits
    monkeypatch.setattr(text_mod, "_MAX_WORD_CODES", 2)
    assert F.word_error_rate(preds, refs) == expected


def test_word_codes_skip_surrogates():
    codes = text_mod._codes_to_text(np.array([0xD7FF, 0xD800, 0xE000 - 0x800 + 5, 0x10F7FF]))
    assert len(set(codes)) == 4 and not any(0xD800 <= ord(c) <= 0xDFFF for c in codes)
    assert ord(codes[-1]) == 0x10FFFF


def test_general_fallbacks_stay_exact():
    refs = ["a\x00b c", "lone \ud800 surrogate", "x y"]
    preds = ["a\x00b d", "lone \ud800", "x  y"]
    words = jiwer.process_words(refs, preds)
    out = F.error_counts(preds, refs)
    assert counts_of(out) == (words.substitutions, words.deletions, words.insertions, words.hits)


# -- property tests against jiwer ---------------------------------------------------------

WORDS = ["a", "b", "ab", "the", "cat", "é", "中文", "\U0001f600", "don't", "A"]
SENTENCE = st.lists(st.sampled_from(WORDS), max_size=7).map(" ".join) | st.sampled_from(
    ["", " ", "  \t ", "a\tb", " cat  the ", "\n"]
)


@st.composite
def corpora(draw, min_size=1, max_size=12):
    n = draw(st.integers(min_size, max_size))
    refs = draw(st.lists(SENTENCE, min_size=n, max_size=n))
    preds = draw(st.lists(SENTENCE, min_size=n, max_size=n))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    return refs, preds, cuts


def chunks(n, cuts):
    bounds = [0, *cuts, n]
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:])]


@settings(deadline=None, max_examples=80)
@given(corpora())
def test_rates_and_counts_equal_jiwer(corpus):
    refs, preds, cuts = corpus
    expected = jiwer_scores(refs, preds)
    for name in RATES:
        one_shot = evaluate.load(name).compute(predictions=preds, references=refs)
        assert one_shot == expected[name], name
        streamed = evaluate.load(name, return_counts=True)
        for a, b in chunks(len(refs), cuts):
            if a < b:
                streamed.add_batch(predictions=preds[a:b], references=refs[a:b])
        out = streamed.compute()
        assert out[name] == expected[name], name
        key = "char_counts" if name == "cer" else "word_counts"
        assert counts_of(out) == expected[key], name
    assert counts_of(F.error_counts(preds, refs)) == expected["word_counts"]
    assert counts_of(F.error_counts(preds, refs, level="char")) == expected["char_counts"]


@settings(deadline=None, max_examples=40)
@given(corpora(max_size=8))
def test_per_example_scores_equal_jiwer_per_pair(corpus):
    refs, preds, cuts = corpus
    for name in RATES:
        m = evaluate.load(name, return_per_example=True)
        for a, b in chunks(len(refs), cuts):
            if a < b:
                m.add_batch(predictions=preds[a:b], references=refs[a:b])
        got = m.compute()[f"{name}_per_example"]
        want = [float(getattr(jiwer, name)(r, p)) for r, p in zip(refs, preds)]
        assert got.tolist() == want, name
    stats = F.error_counts(preds, refs, per_example=True)
    for i, (r, p) in enumerate(zip(refs, preds)):
        out = jiwer.process_words(r, p)
        assert (
            stats["substitutions"][i],
            stats["deletions"][i],
            stats["insertions"][i],
            stats["hits"][i],
        ) == (out.substitutions, out.deletions, out.insertions, out.hits)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12)), min_size=1, max_size=10))
def test_arbitrary_unicode_text(pairs):
    refs, preds = [r for r, _ in pairs], [p for _, p in pairs]
    expected = jiwer_scores(refs, preds)
    assert F.word_error_rate(preds, refs) == expected["wer"]
    assert F.char_error_rate(preds, refs) == expected["cer"]
    assert F.match_error_rate(preds, refs) == expected["mer"]
    assert F.word_information_preserved(preds, refs) == expected["wip"]
    assert counts_of(F.error_counts(preds, refs)) == expected["word_counts"]


def test_empty_references_follow_jiwer():
    # jiwer 4: with no reference word at all, WER is the number of inserted words
    assert F.word_error_rate(["a b", ""], ["", " "]) == 2.0 == jiwer.wer(["", " "], ["a b", ""])
    assert F.word_error_rate([""], [""]) == 0.0
    assert F.match_error_rate(["a"], [""]) == 1.0 and F.match_error_rate([""], [""]) == 0.0
    assert F.word_information_preserved([""], [""]) == 1.0
    assert F.word_information_preserved(["a"], [""]) == 0.0
    assert F.word_information_preserved([""], ["a"]) == 0.0 == jiwer.wip(["a"], [""])
    # empty references among others only add insertions
    assert (
        F.word_error_rate(["x", "a b"], ["", "a c"])
        == 2 / 2
        == jiwer.wer(["", "a c"], ["x", "a b"])
    )


# -- edit distance ---------------------------------------------------------------------------


def dp_distance(a, b, ins, dele, sub):
    """Weighted Levenshtein by the textbook dynamic programme (reference -> prediction)."""
    prev = [j * ins for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [i * dele] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(
                prev[j] + dele,
                cur[j - 1] + ins,
                prev[j - 1] + (0 if a[i - 1] == b[j - 1] else sub),
            )
        prev = cur
    return prev[-1]


@settings(deadline=None, max_examples=60)
@given(
    corpus=corpora(max_size=8),
    costs=st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 5)),
    level=st.sampled_from(["char", "word"]),
)
def test_edit_distance_against_dp_and_rapidfuzz(corpus, costs, level):
    refs, preds, cuts = corpus
    ins, dele, sub = costs
    tok = (lambda s: jiwer.wer_default(s)[0]) if level == "word" else list
    want = [dp_distance(tok(r), tok(p), ins, dele, sub) for r, p in zip(refs, preds)]
    got = F.edit_distance(
        preds, refs, level=level, insertion_cost=ins, deletion_cost=dele,
        substitution_cost=sub, reduction="none",
    )  # fmt: skip
    assert got.tolist() == want
    unit = F.edit_distance(preds, refs, level=level, reduction="none")
    assert unit.tolist() == [Levenshtein.distance(tok(r), tok(p)) for r, p in zip(refs, preds)]
    m = evaluate.load(
        "edit_distance", level=level, insertion_cost=ins, deletion_cost=dele,
        substitution_cost=sub, return_per_example=True,
    )  # fmt: skip
    for a, b in chunks(len(refs), cuts):
        if a < b:
            m.add_batch(predictions=preds[a:b], references=refs[a:b])
    out = m.compute()
    n_ref = sum(len(tok(r)) for r in refs)
    assert out["edit_distance_per_example"].tolist() == want
    assert out["total_edit_distance"] == sum(want)
    assert out["edit_distance"] == sum(want) / len(want)
    assert out["normalized_edit_distance"] == (sum(want) / n_ref if n_ref else float(sum(want)))


def test_edit_distance_reductions():
    kw = dict(predictions=["sitting", "lawn"], references=["kitten", "flaw"])
    assert F.edit_distance(**kw) == 2.5
    assert F.edit_distance(**kw, reduction="sum") == 5
    assert F.edit_distance(**kw, reduction="normalized") == 0.5
    # word level with unit costs: the normalized distance is the WER
    assert F.edit_distance(PREDS, REFS, level="word", reduction="normalized") == 0.5
    with pytest.raises(ValueError, match="reduction must be"):
        F.edit_distance(**kw, reduction="max")
    with pytest.raises(TypeError, match="substitution_cost must be a non-negative integer"):
        F.edit_distance(**kw, substitution_cost=1.5)
    with pytest.raises(ValueError, match="insertion_cost must be a non-negative integer"):
        evaluate.load("edit_distance", insertion_cost=-1)
    with pytest.raises(ValueError, match="level must be 'char' or 'word'"):
        evaluate.load("edit_distance").compute(**kw, level="token")


# -- module behaviour --------------------------------------------------------------------------


def test_bare_float_and_dicts():
    wer = evaluate.load("wer")
    assert isinstance(wer.compute(predictions=PREDS, references=REFS), float)
    out = wer.compute(predictions=PREDS, references=REFS, return_counts=True)
    assert out == {"wer": 0.5, "substitutions": 3, "deletions": 0, "insertions": 1, "hits": 5}
    state = wer._new_state()  # _derive always returns a dict (what combine needs)
    state.update(predictions=PREDS, references=REFS)
    assert wer._derive(state, **wer.defaults) == {"wer": 0.5}
    combo = evaluate.combine(["wer", "cer", "exact_match", "edit_distance"])
    out = combo.compute(predictions=PREDS, references=REFS)
    assert out == {
        "wer": 0.5,
        "cer": 0.34146341463414637,
        "exact_match": 0.0,
        "edit_distance": 7.0,
        "total_edit_distance": 14,
        "normalized_edit_distance": 14 / 41,
    }
    out = evaluate.combine(["wer", "cer"]).compute(
        predictions=PREDS, references=REFS, return_counts=True
    )
    assert (
        out["wer"] == 0.5
        and out["cer_substitutions"] == jiwer.process_characters(REFS, PREDS).substitutions
    )


@pytest.mark.parametrize(
    "convert",
    [
        list,
        tuple,
        lambda x: np.array(x),
        lambda x: np.array(x, dtype=object),
        lambda x: __import__("pyarrow").array(x),
        lambda x: __import__("pyarrow").chunked_array([x[:1], x[1:]]),
        lambda x: __import__("pyarrow").array(x, type=__import__("pyarrow").large_string()),
        lambda x: __import__("polars").Series(x),
        lambda x: __import__("pandas").Series(x),
    ],
)
def test_input_containers(convert):
    assert evaluate.load("wer").compute(predictions=convert(PREDS), references=convert(REFS)) == 0.5


@pytest.mark.parametrize(
    "call, error, message",
    [
        (dict(predictions=["a", None], references=["a", "b"]), ValueError, r"predictions\[1\] is None; expected a string"),
        (dict(predictions=["a", "b"], references=["a", 3]), TypeError, r"references\[1\] is int \(3\); expected a string"),
        (dict(predictions=["a"], references=["a", "b"]), ValueError, "same length, got 1 predictions and 2 references"),
        (dict(predictions="a b", references="a b"), TypeError, "predictions: expected a list of strings, got a single str"),
        (dict(predictions=np.array([1, 2]), references=["a", "b"]), TypeError, "predictions: expected strings, got a numpy array of dtype int64"),
        (dict(predictions=[], references=[]), ValueError, "at least one"),
        (dict(predictions=["a"], references=None), ValueError, "missing references"),
        (dict(predictions=__import__("pyarrow").array(["a", None]), references=["a", "b"]), ValueError, r"predictions\[1\] is None"),
        (dict(predictions=__import__("pyarrow").array([1, 2]), references=["a", "b"]), TypeError, "Arrow array of type int64"),
        (dict(predictions=["a"], references=[["a"]]), TypeError, r"references\[0\] is list"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("name", ["wer", "cer", "exact_match", "edit_distance"])
def test_bad_input_is_refused_and_leaves_the_state(name, call, error, message):
    m = evaluate.load(name)
    m.add_batch(predictions=PREDS, references=REFS)
    with pytest.raises(error, match=message):
        m.add_batch(**call)
    with pytest.raises(error, match=message):
        m.compute(**call)
    expected = evaluate.load(name).compute(predictions=PREDS, references=REFS)
    assert m.compute() == expected


def test_options_fixed_while_streaming():
    wer = evaluate.load("wer")
    wer.add_batch(predictions=["A b"], references=["a b"])
    with pytest.raises(ValueError, match=r"load\('wer', ignore_case=True\)"):
        wer.compute(ignore_case=True)
    with pytest.raises(ValueError, match="per-example scores"):
        wer.compute(return_per_example=True)
    with pytest.raises(ValueError, match="alignment"):
        wer.compute(return_counts=True)
    assert wer._acc.stored == 1  # a refused compute keeps the stored examples
    with pytest.raises(ValueError, match="load-time options"):
        wer.compute(predictions=["a"], references=["a"], ignore_case=True)
    assert wer._acc.stored == 1
    assert wer.compute() == 0.5
    # a one-shot compute uses its own options, then the module is back to its load-time ones
    assert wer.compute(predictions=["A b"], references=["a b"], ignore_case=True) == 0.0
    wer.add_batch(predictions=["A b"], references=["a b"])
    assert wer.compute() == 0.5
    with pytest.raises(ValueError, match="ignore_punctuation must be"):
        wer.compute(predictions=["a"], references=["a"], ignore_punctuation="latin")
    with pytest.raises(TypeError, match="transform must be a callable"):
        evaluate.load("wer", transform="lower")
    with pytest.raises(TypeError, match="unexpected keyword"):
        evaluate.load("mer").compute(predictions=["a"], references=["a"], concatenate_texts=True)
    # a rejected one-shot batch does not leave its options behind
    with pytest.raises(ValueError):
        wer.compute(predictions=["a", None], references=["a", "b"], ignore_case=True)
    wer.add_batch(predictions=["A b"], references=["a b"])
    assert wer.compute() == 0.5


def test_loaded_options_stream_and_merge():
    a = evaluate.load("wer", return_per_example=True, return_counts=True, ignore_case=True)
    b = evaluate.load("wer", return_per_example=True, return_counts=True, ignore_case=True)
    a.add_batch(predictions=PREDS[:1], references=REFS[:1])
    b.add_batch(predictions=[p.upper() for p in PREDS[1:]], references=REFS[1:])
    out = a.merge(b).compute()
    assert out["wer"] == 0.5 and out["wer_per_example"].tolist() == [0.25, 0.75]
    assert counts_of(out) == (3, 0, 1, 5)
    # the stronger state answers the plain question too
    a.add_batch(predictions=PREDS, references=REFS)
    assert a.compute(return_per_example=False, return_counts=False) == 0.5
    with pytest.raises(ValueError, match="different options"):
        c = evaluate.load("wer")
        c.add(prediction="a", reference="a")
        d = evaluate.load("wer", ignore_case=True)
        d.add(prediction="a", reference="a")
        c.merge(d)


def test_normalization_order_and_transform():
    norm = text_mod.normalizer_from_options(
        regexes_to_ignore=["YELL"], ignore_case=True, ignore_punctuation=True,
        ignore_numbers=True, collapse_whitespace=True, transform=lambda s: s.replace("&", " and "),
    )  # fmt: skip
    assert norm(["YELLing & Shouting, 007  times"]) == ["ing and shouting times"]
    wer = evaluate.load("wer", transform=str.upper)
    assert wer.compute(predictions=["A b"], references=["a B"]) == 0.0
    with pytest.raises(TypeError, match="transform must return a string"):
        F.word_error_rate(["a"], ["a"], transform=lambda s: None)
    with pytest.raises(ValueError, match="invalid regular expression"):
        F.exact_match(["a"], ["a"], regexes_to_ignore=["("])


def test_one_example_at_a_time_and_many_batches():
    rng = np.random.default_rng(0)
    words = np.array(["alpha", "beta", "gamma", "delta", "ε", "ζήτα"])
    refs = [" ".join(rng.choice(words, rng.integers(0, 8))) for _ in range(300)]
    preds = [" ".join(rng.choice(words, rng.integers(0, 8))) for _ in range(300)]
    expected = jiwer.wer(refs, preds)
    wer = evaluate.load("wer")
    for r, p in zip(refs, preds):
        wer.add(prediction=p, reference=r)
    assert wer.compute() == expected
    cer = evaluate.load("cer")
    for lo in range(0, 300, 7):
        cer.add_batch(predictions=preds[lo : lo + 7], references=refs[lo : lo + 7])
    assert cer.compute() == jiwer.cer(refs, preds)


def test_many_pairs_use_threads_and_chunks(monkeypatch):
    rng = np.random.default_rng(1)
    words = np.array([f"w{i}" for i in range(300)])
    refs = [" ".join(rng.choice(words, rng.integers(1, 12))) for _ in range(25_000)]
    preds = [" ".join(rng.choice(words, rng.integers(0, 12))) for _ in range(25_000)]
    monkeypatch.setattr(F, "CHUNK_PAIRS", 10_000)
    out = evaluate.load("wer").compute(predictions=preds, references=refs, return_counts=True)
    words_out = jiwer.process_words(refs, preds)
    assert out["wer"] == words_out.wer
    assert counts_of(out) == (
        words_out.substitutions,
        words_out.deletions,
        words_out.insertions,
        words_out.hits,
    )


def test_evaluate_parquet_streams_text_columns(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(2)
    words = np.array(["to", "be", "or", "not", "ça", "va"])
    refs = [" ".join(rng.choice(words, rng.integers(1, 9))) for _ in range(500)]
    preds = [" ".join(rng.choice(words, rng.integers(0, 9))) for _ in range(500)]
    path = tmp_path / "texts.parquet"
    pq.write_table(pa.table({"hyp": preds, "ref": refs}), path, row_group_size=64)
    out = evaluate.evaluate_parquet(
        str(path), ["wer", "cer", "exact_match"], predictions="hyp", references="ref",
        progress=False,
    )  # fmt: skip
    assert out["wer"] == jiwer.wer(refs, preds) and out["cer"] == jiwer.cer(refs, preds)
    assert out["exact_match"] == F.exact_match(preds, refs)
