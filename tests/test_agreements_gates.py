"""The fast gates of agreements.py answer exactly as the patterns they stand for."""

from __future__ import annotations

import random
import re

import pytest

from thaw_cli.analysis import agreements as ag

# Pieces that make cue words, near misses and their surroundings ("ideal", "amount",
# "treatment", "swapping", word characters and separators around them).
_PIECES = (
    "agree", "agreed", "disagree", "accord", "accords", "accordance", "pact", "impact", "treat",
    "treaty", "treaties", "treatment", "deal", "deals", "ideal", "dealer", "contract", "memorand",
    "memorandum", "mou", "mous", "amount", "letter of intent", "letter of", " intent", "signed",
    "designed", "dialog", "dialogs", "dialogue", "cooperat", "co-operat", "co-", "operat",
    "arrangement", "arrang", "swap", "swaps", "sw", "ap", "standard", "stand", "channel",
    "settlement", "merger", "joint venture", "joint", " venture", "understanding",
    "credit line", "credit", " line", "facility", "facilit", "accept", "ac", "cord", "g", "y",
    "d", "m", "c", "w", "f", "j", "s", "x", "1", "_", " ", "  ", "-", ".", "\n", "\x00", "\u00e9",
    "'", "the ", "a ",
)


def _samples(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 6))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(4))
def test_has_cue_answers_as_the_cue_pattern(seed: int) -> None:
    for text in _samples(5000, seed):
        assert ag._has_cue(text) == (ag._CUE_LOW.search(text) is not None), repr(text)


@pytest.mark.parametrize("text", [
    "", "an agreement", "treaties", "the treaty", "ideal", "a deal", "deals", "amount", "mou",
    "a mou.", "swapping", "asswap", "accordance", "accords", "dialogs", "dialog", "dialogue",
    "letter of intent", "letter of  intent", "joint venture", "joint-venture", "credit line",
    "impact", "designed", "facility", "facilities", "accept", "co-operation", "cooperative",
])
def test_has_cue_on_words_and_near_misses(text: str) -> None:
    assert ag._has_cue(text) == (ag._CUE_LOW.search(text) is not None)


def test_every_cue_word_has_its_anchor() -> None:
    for word, anchor, _start, _after in ag._CUE_WORDS:
        assert anchor in word
        assert ag._has_cue(f"x {word} x")


_CLAUSES = (
    "agree", "agreed", "disagreed", "agreeing", "accepted", "unaccepted", "approved", "signed",
    "cosigned", "failed to agree", "fails to reach", "could not sign", "can't agree", "cannot agree",
    "no agreement was", "without an accord", "unable to reach", "not a deal", "denied reports",
    "speculation", "it is unclear", "it remains to be seen", "unclear whether", "which deals",
    "rumours", "rumoured", "the ", "x", "_", "1", " ", "-", ",", "\n", "\u00e9", "a", "s", "f", "i",
)


@pytest.mark.parametrize("name", ["_AGREE_VERB", "_NEGATED", "_SPECULATION"])
def test_boundary_after_first_letter_matches_like_the_plain_lowered_pattern(name: str) -> None:
    rx = getattr(ag, name)
    fast = getattr(ag, name + "_LOW")
    plain = ag._lowered(rx)  # `\b` kept in front
    assert fast.pattern != plain.pattern and not fast.pattern.startswith(r"\b")
    rng = random.Random(name)
    for _ in range(4000):
        text = "".join(rng.choice(_CLAUSES) for _ in range(rng.randint(1, 6)))
        want = [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, repr(text)
        assert want == [(m.span(), m.groups()) for m in re.compile(rx.pattern.lower().replace("(?p<", "(?P<")).finditer(text)]


_TOKEN_PIECES = ("a", "bc", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u201c", "'", ",", "x.")


@pytest.mark.parametrize("seed", range(2))
def test_last_tokens_are_those_of_the_token_pattern(seed: int) -> None:
    """`_subject_phrase` reads the last six tokens with `rsplit`: those `\\S+` finds."""
    rng = random.Random(seed)
    for _ in range(3000):
        text = "".join(rng.choice(_TOKEN_PIECES) for _ in range(rng.randint(0, 20)))
        assert text.rsplit(None, 6)[-6:] == re.findall(r"\S+", text)[-6:], repr(text)


@pytest.mark.parametrize("seed", range(2))
def test_subordinate_clause_gate(seed: int) -> None:
    """`_sentence_parties` searches `_SUBORDINATE` only where one of its words is."""
    rng = random.Random(seed)
    pieces = ("when", "whe", "after", "since", "because", "although", "before", ",", " ", "\n", "x")
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        if ag._SUBORDINATE.search(text):
            assert any(w in text for w in ag._SUBORDINATE_WORDS), repr(text)


def test_entity_filter_gates() -> None:
    """`_entities` tries the place, product and state patterns only where they can match."""
    rng = random.Random(5)
    words = ("in", "at", "near", "from", "to", "into", "the", "via", "outside", "throughout", "across",
             "within", "tin", "x", "system", "systems", "cars", "line", "lines", "range", "model",
             "product", "machine", "brand", "Calif", ".", ",", " ", "  ", "\n", "\t")
    for _ in range(20000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        if ag._PLACE_BEFORE.search(text):
            assert text.rstrip().endswith(ag._PLACE_LAST), repr(text)
        if ag._PRODUCT_AFTER.match(text):
            assert text.lstrip().startswith(ag._PRODUCT_FIRST), repr(text)
    states = ag._STATE_ABBR.pattern[len("^(?:"):-len(r")\.?$")].split("|")
    assert max(len(s.replace("\\", "")) for s in states) + 1 == ag._STATE_ABBR_LONGEST


def test_mask_anchors_hold_no_full_stop() -> None:
    """`_masked` skips from an anchor to the end of its piece: anchors hold no "."."""
    assert not any("." in a for a in ag._MASK_ANCHORS)


# the pattern as first written: its look-behinds before "to"
_PLANNED_BEFORE = ag._PLANNED.pattern.replace(r"to(?<!started\sto)(?<!began\sto)\s+",
                                              r"(?<!started\s)(?<!began\s)to\s+")


@pytest.mark.parametrize("seed", range(2))
def test_planned_cue_moved_look_behinds(seed: int) -> None:
    """`_PLANNED` checks "started "/"began " after its "to" (so its lower-case twin is
    grouped by first letter): the same matches as before, and the twin's on lower case."""
    assert _PLANNED_BEFORE != ag._PLANNED.pattern
    before = re.compile(_PLANNED_BEFORE, re.I)
    rng = random.Random(seed)
    pieces = ("started", "began", "to", "sign", "reach", " ", "  ", "\t", "x", "will", "Started",
              "TO", "set up", "is", "due", "launch", "-")
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        want = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in ag._PLANNED.finditer(text)] == want, repr(text)
        low = text.lower()
        assert [m.span() for m in ag._PLANNED_LOW.finditer(low)] == \
            [m.span() for m in before.finditer(low)], repr(text)


def test_the_article_gate_read_last_still_decides() -> None:
    """The whole-text gate (a trigger surviving the mask of the whole text) is read after
    the sentences, only when they gave records: an article failing it still has none,
    though its sentences alone make one (the mask runs over the paragraph break)."""
    text = ("TOKYO, March 3 - Prices of Tokyo rubber futures\n\nContracts with Alpha Corp and "
            "Beta Inc were extended for two years, the companies said.")
    assert ag.extract_agreements("x", text, None, "Alpha and Beta extend supply agreement") == []
    found = ag.extract_agreements("x", text.replace("futures\n\n", "futures rose.\n\n"), None)
    assert [a.parties for a in found] == [["Alpha Corp", "Beta Inc"]]
