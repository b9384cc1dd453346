"""rxfactor: the regrouped alternations find exactly the matches of the originals."""

from __future__ import annotations

import random
import re

import pytest

from thaw_cli.analysis import agreements, timeline
from thaw_cli.core.rxfactor import alternatives, by_first_char, expand_front, factored

WORDS = (
    "sale sales matched and re repurchase purchase agreement agreements customer term a great good "
    "deal in accord accordance with of its own standard poor's oil swap swaps rates contract "
    "contracts month high visit visits travel to take effect took agree agreed signed the "
    "treaty pact deals mou mous credit line facility facilities loan standby channels of "
    "communication joint venture ventures x - , . 1987 said"
).split()


def _texts(n: int = 400) -> list[str]:
    rng = random.Random(7)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30))) for _ in range(n)]


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


def test_alternatives_split_only_at_top_level() -> None:
    assert alternatives(r"a|b(?:c|d)|[|x]|\||e") == ["a", "b(?:c|d)", "[|x]", r"\|", "e"]


def test_expand_front_keeps_the_order_re_tries() -> None:
    assert expand_front(r"(?:a\s+)?(?:great|good)\s+deal") == [
        r"a\s+(?:great|good)\s+deal", r"great\s+deal", r"good\s+deal"]
    with pytest.raises(ValueError):
        expand_front(r"(?:a)*b")
    with pytest.raises(ValueError):
        by_first_char([r"\d+"])


@pytest.mark.parametrize("pattern", [
    agreements._MASK.pattern.lower(), agreements._NOUN_TRIGGER.pattern.lower().replace("(?p<", "(?P<"),
    agreements._ENDED.pattern.lower(), agreements._SPECULATION.pattern.lower(),
])
def test_factored_patterns_match_like_the_originals(pattern: str) -> None:
    original = re.compile(pattern)
    fast = agreements._factored(pattern)
    assert fast.pattern != pattern  # it was regrouped
    for text in _texts():
        assert _spans(fast, text) == _spans(original, text), text


def test_module_patterns_match_like_the_originals() -> None:
    pairs = [
        (agreements._MASK_LOW, agreements._MASK), (agreements._NOUN_TRIGGER_LOW, agreements._NOUN_TRIGGER),
        (timeline._ANY_TRIGGER_LC, timeline._ANY_TRIGGER),
    ]
    cue = re.compile(agreements._CUE.pattern, re.I)
    for text in _texts():
        low = text.lower()
        for fast, slow in pairs:
            assert [m.span() for m in fast.finditer(low)] == [m.span() for m in slow.finditer(text)], text
        assert bool(agreements._CUE_LOW.search(low)) == bool(cue.search(text))
    assert factored("ab|(?:c|d)e") == "(?:ab|ce|de)"
