"""Shortcuts in entities._rule / _classify give the answers of the longer way."""

from __future__ import annotations

import random

import pytest

from thaw_cli.analysis import entities as E
from thaw_cli.analysis.gazetteer import PERSON_TITLES, canonical_country

# Words that steer _rule: openers and other non-names, titles, organisation words,
# countries, demonyms, capitals, name-shaped words, joiners and debris.
_WORDS = (
    "The", "Through", "Higher", "Also", "Former", "Prime", "Minister", "President", "Premier",
    "Chairman", "Chief", "Executive", "Mr.", "Dr.", "Corp", "Inc", "Bank", "Group", "Council",
    "Association", "of", "for", "the", "and", "&", "Japan", "Japanese", "China", "Chinese",
    "Tokyo", "Beijing", "U.S.", "IMF", "EC", "Shinzo", "Abe", "Xi", "Jinping", "Smith", "J.",
    "McDonald", "O'Brien", "Tokheim", "Softbank", "CHAdeMO", "Bermuda-based", "New", "York",
    "Calif.", "Asia", "Middle", "East", "US-Japan", "Japanese-Chinese", "Smith's", "Exxon.",
    "<Tokheim Corp>", "<GM>", "Irvine", "Government", "Securities",
)


def _spans(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(1, 5))]
        out.append(" ".join(w for w in words if not w.startswith("<")) or "X")
    return out + [w for w in _WORDS]


@pytest.mark.parametrize("seed", range(3))
def test_opener_written_only_capitalised_reads_as_mid_sentence(seed: int) -> None:
    """`_classify` answers `_rule(raw, True, False)` with `_rule(raw, False, None)` when the
    opener question is asked (`_ASK`): they must be the same rule."""
    rule = E._rule.__wrapped__
    asked = 0
    for raw in _spans(3000, seed):
        if rule(raw, True, None) is E._ASK:
            asked += 1
            assert rule(raw, True, False) == rule(raw, False, None), raw
    assert asked > 100


def _person_shape_in_full(words: list[str]) -> bool:
    """`_person_shape` before its shortcuts."""
    if not 2 <= len(words) <= 4:
        return False
    if any(E.is_org_suffix(w) or w in E._NOT_NAMES for w in words):
        return False
    if canonical_country(" ".join(words)) or any(
            canonical_country(w) for w in words if len(w) > 2 and not E._INITIAL.match(w)):
        return False
    return all(E._NAME_WORD.match(w) for w in words) and not E._INITIAL.match(words[-1])


def test_person_shape_where_rule_asks_it() -> None:
    """`_rule` asks `_person_shape` only for words that are no country together and have
    no organisation word after the first; there the shortcut answers as the full test."""
    checked = 0
    for raw in _spans(5000, 7):
        words = raw.split()
        if canonical_country(raw) or any(E.is_org_suffix(w) for w in words[1:]):
            continue
        checked += 1
        assert E._person_shape(words) == _person_shape_in_full(words), raw
    assert checked > 500


def test_one_word_is_never_a_title_match() -> None:
    for word in [*_WORDS, *(t.replace(" ", "") for t in PERSON_TITLES)]:
        if " " not in word:
            assert E._TITLE_RE.match(word) is None
