"""Timeline: dated events from sentences, dates resolved against the article, the CLI view."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests import schemas
from thaw_cli.analysis.timeline import build_timeline, extract_events
from thaw_cli.cli.app import app
from thaw_cli.core.dates import in_range
from thaw_cli.core.models import Agreement

runner = CliRunner()


def test_meeting_date_resolved_against_the_article() -> None:
    events = extract_events("x", "The two presidents will meet in Oslo on Nov. 4 to discuss fishing quotas.", "2019-10-20")
    assert len(events) == 1
    e = events[0]
    assert (e.date, e.precision, e.kind) == ("2019-11-04", "day", "meeting")
    assert e.what.startswith("The two presidents will meet in Oslo on Nov. 4")


def test_month_and_year_precision() -> None:
    text = "Lee visited Canada in March. The plant is expected to open next year."
    events = extract_events("x", text, "2020-06-01")
    assert [(e.date, e.precision, e.kind) for e in events] == [("2020-03", "month", "visit"), ("2021", "year", "event")]


def test_the_reporting_date_is_not_an_event_date() -> None:
    assert extract_events("x", "Prices of copper rose sharply, traders said on Tuesday.", "2020-06-04") == []
    events = extract_events("x", "The company said on Tuesday it would open a plant in May.", "2020-01-09")
    assert [e.date for e in events] == ["2020-05"]


def test_nearest_date_wins_and_attributions_are_dropped() -> None:
    text = ("Ministers agreed in 2015 on a quota system, and the new talks will start on June 3, "
            "according to officials.")
    events = extract_events("x", text, "2017-05-01")
    assert [(e.date, e.kind) for e in events] == [("2015", "agreement"), ("2017-06-03", "meeting")]
    assert events[0].what == "Ministers agreed in 2015 on a quota system"
    assert "according to" not in events[1].what


def test_no_date_or_no_event_word_gives_nothing() -> None:
    assert extract_events("x", "The weather was pleasant and the crowd was large.", "2020-01-01") == []
    assert extract_events("x", "In March the sky was grey over the whole region.", "2020-06-01") == []


def test_build_timeline_sorts_by_event_date_and_adds_agreements() -> None:
    a = extract_events("a", "Officials will meet in Rome on May 5 to sign the accord.", "2021-04-01")
    b = extract_events("b", "The leaders met in Bern in January.", "2021-04-10")
    agreement = Agreement("c", "treaty", ["Peru", "Chile"], "border treaty", "concluded", "1929",
                          ["Peru and Chile signed the border treaty in 1929."])
    tl = build_timeline(a + b, [agreement])
    assert [e.date for e in tl] == ["1929", "2021-01", "2021-05-05"]
    assert tl[0].kind == "agreement" and "border treaty" in tl[0].what
    assert [e.date for e in build_timeline(a + b, [agreement], since="2021-02-01")] == ["2021-05-05"]


def test_agreement_stated_by_an_event_sentence_is_one_line() -> None:
    text = "Peru and Chile signed a border treaty in June."
    events = extract_events("a", text, "2021-09-01")
    agreement = Agreement("a", "treaty", ["Peru", "Chile"], "border treaty", "concluded", "2021-06", [text])
    tl = build_timeline(events, [agreement])
    assert len(tl) == 1 and tl[0].kind == "agreement"


def test_cli_timeline_on_the_seeds() -> None:
    result = runner.invoke(app, ["timeline", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schemas.TIMELINE)
    dates = [e["date"] for e in data]
    assert dates == sorted(dates, key=lambda d: d[:10])
    assert any(e["date"] == "2018-10-23" and "Beijing" in e["what"] for e in data)  # the arrival
    assert any(e["date"] == "2018-05" and "visited Japan" in e["evidence"] for e in data)
    assert any(e["date"] == "1978" for e in data)  # the treaty's signing, from the agreements
    window = json.loads(runner.invoke(app, ["timeline", "--since", "2018-10", "--until", "2018-10", "--json"]).stdout)
    assert window and all(in_range(e["date"], "2018-10-01", "2018-10-31") for e in window)
    assert "2018-05" not in [e["date"] for e in window]


def test_cli_timeline_chart_on_a_terminal() -> None:
    result = runner.invoke(app, ["timeline"])
    assert result.exit_code == 0
    assert "■" in result.stdout and "2018-10" in result.stdout
    bad = runner.invoke(app, ["timeline", "--since", "yesterday"])
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr


# --- the fast paths give what the plain ones give ---------------------------------------

def test_lower_case_text_stands_in_for_ignorecase() -> None:
    """Outside the three trap characters, `str.lower` maps each character to one that
    matches an ASCII letter, a word character or white space exactly as re.I would."""
    import re
    import sys

    from thaw_cli.analysis.timeexpr import _CASE_TRAPS

    letters = {x: re.compile(x, re.I) for x in "abcdefghijklmnopqrstuvwxyz"}
    any_letter = re.compile("[a-z]", re.I)
    word, space = re.compile(r"\w"), re.compile(r"\s")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if low == c:
            if c.isascii() or c in _CASE_TRAPS:
                continue
            # unchanged by lower(): it must match no ASCII letter under re.I
            assert not any_letter.match(c), hex(cp)
            continue
        if c in _CASE_TRAPS:
            continue
        assert len(low) == 1, hex(cp)
        assert bool(word.match(c)) == bool(word.match(low)), hex(cp)
        assert bool(space.match(c)) == bool(space.match(low)), hex(cp)
        for x, p in letters.items():
            assert bool(p.fullmatch(c)) == (low == x), (hex(cp), x)


_TRICKY = [
    "Talks will start in\n\nMarch, officials said. The deal was signed on\n\n5 May by both sides.",
    "The ministers will meet next\n\nweek in Oslo. Prices rose. The pact takes effect on Jan. 1, 1988.",
    "The summit ended\n\nof March 3 talks. Sales rose 1987 and the deal was SIGNED on Monday.",
    "Il a sign\u00e9 le 3 Mai. The \u0130stanbul summit is scheduled for next month, the minister said.",
    "According to sources the merger will close in June, said the company, according to Reuters.",
]


def test_pre_split_sentences_give_the_same_events() -> None:
    from thaw_cli.analysis.sentences import split_sentences

    for text in _TRICKY:
        assert extract_events("x", text, "1987-03-01", sentences=split_sentences(text)) == \
            extract_events("x", text, "1987-03-01")


def test_date_gate_is_the_whole_text_scan() -> None:
    import bisect

    from thaw_cli.analysis.sentences import sentence_spans
    from thaw_cli.analysis.timeline import _DATEISH, _DateGate

    for text in _TRICKY:
        spans = sentence_spans(text)
        marks = [m.start() for m in _DATEISH.finditer(text)]
        gate = _DateGate(text, spans)
        for i, (s, e) in enumerate(spans):
            k = bisect.bisect_left(marks, s)
            assert gate(i) == (k < len(marks) and marks[k] < e), (text, i)


def test_pre_located_spans_give_the_same_events() -> None:
    from thaw_cli.analysis.sentences import split_sentences
    from thaw_cli.analysis.timeline import sentence_spans_of

    for text in _TRICKY:
        sents = split_sentences(text)
        spans = sentence_spans_of(text, sents)
        assert extract_events("x", text, None, sentences=sents, spans=spans) == \
            extract_events("x", text, None)


@given(st.lists(st.sampled_from(["1987", "19", "87", "2001", "1", "x", " ", "  ", "\n", "a.", "-"]),
                max_size=30),
       st.lists(st.integers(0, 80), max_size=10))
@settings(max_examples=400, deadline=None)
def test_year_gate_is_has_year_number(pieces: list[str], cuts: list[int]) -> None:
    """`YearGate` answers `has_year_number(text, s, e)` for any sorted spans (digits may run
    across a span's edges: the gate then searches the span itself)."""
    from thaw_cli.analysis.timeexpr import YearGate, has_year_number

    text = "".join(pieces)
    gate = YearGate.of(text)
    assert (gate is None) == (not has_year_number(text))
    if gate is None:
        return
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    for s, e in zip(bounds, bounds[1:], strict=False):
        assert gate(s, e) == has_year_number(text, s, e), (text, s, e)
        assert gate(s, s) == has_year_number(text, s, s)


@given(st.lists(st.sampled_from(["said", "SAID", "told", "the", "ministry", "on", "Monday", "in", "a",
                                 "statement", ",", ".", "late", "earlier", "reporters", "x.", "noted,"]),
                max_size=16))
@settings(max_examples=400, deadline=None)
def test_attribution_tail_gate_misses_no_match(words: list[str]) -> None:
    """An `_ATTRIBUTION` match has its verb in the last words `_attribution_tail` keeps."""
    from thaw_cli.analysis.timeline import (
        _ATTRIBUTION,
        _ATTRIBUTION_WORDS,
        _attribution_tail,
        _contains_any,
    )

    for text in (" ".join(words), "Officials SAID", "x, told reporters on in a statement .",
                 "the deal, the ministry told reporters late on Monday."):
        if _ATTRIBUTION.search(text):
            assert _contains_any(_attribution_tail(text), _ATTRIBUTION_WORDS), text
    assert _ATTRIBUTION.search("x, told reporters on in a statement .")  # the longest tail
