"""The exactness arguments behind `thaw_cli.analysis.summary`'s shortcuts, checked against the slow paths."""

from __future__ import annotations

import random
import re
import sys

import pytest

from thaw_cli.analysis.sentences import split_sentences
from thaw_cli.analysis.summary import (
    _KP_MAX_WORDS,
    _KP_TOKEN,
    _MULTI_RUN,
    _NUMERIC,
    _PREFIXES,
    _SUFFIXES,
    _content,
    _norm,
    _quality,
    _sub_phrases,
    _token_info,
    _token_infos,
    _word_info,
    keywords,
    rank_and_keywords,
    rank_sentences,
)

# Pieces of text that make figure tokens, near-figures, debris and odd white space.
_PIECES = [
    "the", "profit", "rose", "Bank", "of", "Japan", "said", "1,234.5", "12", "5%", "$5",
    "$", "-", "--", "/", ".", ",", "...", "3/4", "1980's", "O'Neil's", "U.S.", "9a", "a9",
    "(12)", "x-1", "2:1", "-5.3", "mln", "dlrs", "vs", "Reuter", "said.", "up.", "10.",
    "\u0661\u0662", "\u00b2", "\u00bd", "%", "7,", "QTR", "?", "\"Yes,\"", "It", "But",
]
_SPACES = [" ", " ", " ", " ", "  ", "\n", "\n", "\t", "\xa0", "\u2009", "\u2028", "\r\n"]


def _random_text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        out.append(rng.choice(_PIECES))
        out.append(rng.choice(_SPACES))
    return "".join(out)


def test_only_the_space_is_printable_white_space() -> None:
    # `_norm`'s fast path: a printable string holds no white space but " ".
    assert [
        c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()
    ] == [" "]


def test_norm_is_split_and_join() -> None:
    rng = random.Random(7)
    cases = ["", " ", "a", " a", "a ", "a  b", "a\nb", "a \nb", "a\n b", "a\u2028b", "a\xa0b"]
    cases += [_random_text(rng, rng.randint(1, 12)) for _ in range(3000)]
    cases += [s.strip() for s in cases]
    for s in cases:
        assert _norm(s) == " ".join(s.split()), repr(s)


def test_figure_bound_of_key_phrase_tokens() -> None:
    # Every figure token of `_quality` starts a key-phrase token coded "n", so their number
    # bounds the figure tokens, and `_quality` given the bound is `_quality` without it.
    rng = random.Random(11)
    for _ in range(4000):
        s = _random_text(rng, rng.randint(1, 30)).strip() or "x"
        codes = "".join(info[3] for info in _token_infos(_KP_TOKEN.findall(s)))
        bound = codes.count("n")
        assert len(_NUMERIC.findall(s)) <= bound, repr(s)
        nwords = s.count(" ") + s.count("\n") + 1
        assert _quality(s, nwords, bound) == _quality(s, nwords), repr(s)


def test_figure_bound_is_tight_enough_to_matter() -> None:
    # A table of figures is still found on the shared path.
    table = "Shr 1.23 dlrs vs 98 cts\nNet 12.3 mln vs 10.1 mln\nRevs 1.5 billion vs 1.2 billion"
    tokens = _token_infos(_KP_TOKEN.findall(table))
    assert "".join(info[3] for info in tokens).count("n") >= len(_NUMERIC.findall(table)) > 0


@pytest.mark.parametrize("seed", range(6))
def test_rank_and_keywords_equals_the_two_calls_on_random_texts(seed: int) -> None:
    # The shared tokenisation (with the figure bound, the one-word scores, the first
    # tokens of words) gives what the separate calls give.
    rng = random.Random(seed)
    for _ in range(60):
        paragraphs = [
            # (mostly no figure runs into an apostrophe: the shared path)
            _random_text(rng, rng.randint(1, 40)).replace("1980's", "1980s")
            for _ in range(rng.randint(1, 5))
        ]
        text = "\n\n".join(paragraphs).strip()
        title = _random_text(rng, rng.randint(0, 8)).strip() or None
        want = (rank_sentences(title, text), keywords(title, text))
        assert rank_and_keywords(title, text) == want
        assert rank_and_keywords(title, text, sentences=split_sentences(text)) == want


def test_sub_phrases_are_all_contiguous_slices() -> None:
    # `_sub_phrases`, `_PREFIXES` and `_SUFFIXES` take their slices from precomputed getters.
    for n in range(1, _KP_MAX_WORDS + 1):
        key = tuple(f"w{i}" for i in range(n))
        want = {key[a:b] for a in range(n) for b in range(a + 1, n + 1)}
        assert _sub_phrases(key) == want
        if n > 1:  # and the proper prefixes and suffixes of the fragment test
            assert set(_PREFIXES[n](key)) == {key[:j] for j in range(1, n)}
            assert set(_SUFFIXES[n](key)) == {key[j:] for j in range(1, n)}


def test_multi_run_pattern_finds_the_plain_runs() -> None:
    # `_MULTI_RUN` is written for a fast scan; it finds the runs of the plain pattern.
    plain = re.compile(r"[kv]+p|[kv]{2,}")
    rng = random.Random(5)
    for _ in range(20000):
        codes = "".join(rng.choice("kkvp.n|") for _ in range(rng.randint(0, 40)))
        assert [m.span() for m in _MULTI_RUN.finditer(codes)] == [
            m.span() for m in plain.finditer(codes)
        ], codes


def test_word_info_is_the_general_token_info() -> None:
    # `_kp_info`'s path for ASCII-letter words computes what the general path computes.
    rng = random.Random(3)
    words = ["a", "I", "US", "the", "The", "THE", "reuters", "Reuters", "really", "Ally",
             "only", "rally", "shed", "Shed", "raised", "Raised", "need", "feed", "ties",
             "boxes", "doing", "sing", "bus", "mess", "is", "says", "Xx", "ly", "fly"]
    letters = "aeiostdlyrngxzEDSLY"
    words += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(20000)]
    for w in words:
        assert _word_info(w) == _token_info(w), w


def test_figure_and_mark_infos_hold_the_ranking_words() -> None:
    # A token that does not start with a letter skips `_content` when it has no letter a-z.
    rng = random.Random(4)
    chars = "0123456789.,:/%$-'\u2019aZs\u212a\u0130\u00b5\u0661\u00b2_x"
    tokens = [",", ".", "-", "$", "%", "\u00bd", "1980s", "3rd", "9a", "1,234.5", "2:1",
              "\u0661\u0662", "1\u212a", "1\u0130", "5\u00b5"]
    tokens += ["1" + "".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
               for _ in range(20000)]
    for tok in tokens:
        assert _token_info(tok)[5] == " ".join(_content(tok.lower())), repr(tok)
