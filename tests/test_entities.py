"""Entities: extraction rules on made-up copy, alias merging across articles, the CLI view."""

from __future__ import annotations

import json

import jsonschema
from typer.testing import CliRunner

from tests import schemas
from thaw_cli.analysis.codec import entities_to_json
from thaw_cli.analysis.entities import ArticleEntity, extract_entities, merge_entities
from thaw_cli.cli.app import app

runner = CliRunner()


def _by_name(title: str | None, text: str) -> dict[str, ArticleEntity]:
    return {e.name: e for e in extract_entities(title, text)}


def test_title_and_surname_are_one_person() -> None:
    ents = _by_name(None, "Prime Minister Anna Kowalski met bankers on Monday. Kowalski said rates would fall. "
                          "Later Kowalski left for Warsaw.")
    p = ents["Anna Kowalski"]
    assert p.kind == "person"
    assert "Kowalski" in p.aliases and "Prime Minister Anna Kowalski" in p.aliases
    assert p.mentions == 3


def test_demonym_and_capital_as_actor_point_to_the_country() -> None:
    ents = _by_name(None, "Tokyo is pressing ahead with the plan. Japanese officials welcomed it, "
                          "and Japan will decide in June.")
    japan = ents["Japan"]
    assert japan.kind == "place"
    assert {"Tokyo", "Japanese", "Japan"} <= set(japan.aliases)
    assert "Tokyo" not in ents


def test_capital_after_place_preposition_is_the_city() -> None:
    ents = _by_name(None, "The ministers will meet in Paris next week, the French government said.")
    assert ents["Paris"].kind == "place"
    assert ents["France"].aliases == ["French"]


def test_organisations_bodies_and_tickers() -> None:
    text = ("Widget Holdings Corp <WHC> said it agreed to buy the Northern Gear Co. "
            "The International Monetary Fund and the EC welcomed the deal. Widget Holdings said "
            "shares of Northern Gear rose.")
    ents = _by_name(None, text)
    assert ents["Widget Holdings Corp"].kind == "org"
    assert "Widget Holdings" in ents["Widget Holdings Corp"].aliases
    assert ents["International Monetary Fund"].kind == "org"
    assert ents["European Union"].aliases == ["EC"]  # canonical body name
    assert "WHC" not in ents  # ticker symbols are not names


def test_people_from_roles_and_reporting_verbs() -> None:
    ents = _by_name(None, "Maria Lopez, chief executive of Acme Industries, disagreed. "
                          "Peter Brandt said the talks would resume.")
    assert ents["Maria Lopez"].kind == "person"
    assert ents["Peter Brandt"].kind == "person"
    assert ents["Acme Industries"].kind == "org"


def test_sentence_openers_and_unknown_single_words_are_not_names() -> None:
    ents = _by_name(None, "Through the year prices rose. However, Meanwhile nothing changed. "
                          "Apparently Zorblat is coming.")
    assert not {"Through", "However", "Meanwhile", "Apparently", "Zorblat"} & set(ents)


def test_all_caps_headline_and_dateline() -> None:
    ents = _by_name("ACME CORP TO BUY WIDGETS", "DENVER, March 3 - Acme Corp said it will buy Widget Inc.")
    assert ents["Denver"].kind == "place"
    assert "ACME CORP TO BUY WIDGETS" not in ents
    assert ents["Acme Corp"].kind == "org"


def test_merge_across_articles_joins_surnames_and_org_suffixes() -> None:
    rows = [
        ("a", [ArticleEntity("Shinzo Abe", "person", ["Prime Minister Shinzo Abe"], 2),
               ArticleEntity("Softbank Corp", "org", ["Softbank Corp"], 1)]),
        ("b", [ArticleEntity("Abe", "person", ["Mr. Abe"], 3), ArticleEntity("Softbank", "org", ["Softbank"], 2)]),
    ]
    merged = {e.name: e for e in merge_entities(rows)}
    assert merged["Shinzo Abe"].articles == ["a", "b"] and merged["Shinzo Abe"].mentions == 5
    assert "Abe" not in merged
    assert merged["Softbank Corp"].articles == ["a", "b"] and "Softbank" in merged["Softbank Corp"].aliases


def test_ambiguous_surname_is_not_merged() -> None:
    rows = [("a", [ArticleEntity("John Smith", "person", [], 1), ArticleEntity("Jane Smith", "person", [], 1)]),
            ("b", [ArticleEntity("Smith", "person", [], 1)])]
    names = {e.name for e in merge_entities(rows)}
    assert {"John Smith", "Jane Smith", "Smith"} <= names


def test_cli_entities_on_the_seeds() -> None:
    result = runner.invoke(app, ["entities", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schemas.ENTITIES)
    by_name = {e["name"]: e for e in data}
    abe = by_name["Shinzo Abe"]
    assert abe["kind"] == "person" and len(abe["articles"]) == 2
    assert {"Abe", "Prime Minister Shinzo Abe"} <= set(abe["aliases"])
    assert {"Tokyo", "Japanese"} <= set(by_name["Japan"]["aliases"])
    assert "Abe" not in by_name and "Tokyo" not in by_name
    people = json.loads(runner.invoke(app, ["entities", "--kind", "person", "--json"]).stdout)
    assert people and all(e["kind"] == "person" for e in people)


def test_cli_entities_by_article_and_story() -> None:
    ids = [a["id"] for a in json.loads(runner.invoke(app, ["list", "--json"]).stdout)]
    one = json.loads(runner.invoke(app, ["entities", ids[0], "--json"]).stdout)
    assert one and all(e["articles"] == [ids[0]] for e in one)
    story = json.loads(runner.invoke(app, ["stories", "--json"]).stdout)[0]["story"]
    result = runner.invoke(app, ["entities", "--story", story, "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)
    bad = runner.invoke(app, ["entities", "--story", "s0000000000"])
    assert bad.exit_code == 2 and bad.stderr.startswith("thaw: error:")


def test_cli_entities_table() -> None:
    result = runner.invoke(app, ["entities", "--kind", "org"])
    assert result.exit_code == 0
    assert "Softbank" in result.stdout and "org" in result.stdout


# --- the fast paths give what the plain ones give ---------------------------------------

_TRICKY = [
    "TOKYO, March 3 - Softbank Corp (SFTB) said Masayoshi Son met Apple Inc. (AAPL) chiefs.\n\n"
    "Son's plan won't-fail, the co-founder said. It's a well-known Japan-U.S. deal.",
    "NEW YORK, Feb. 26 - Acme Co.(ACM) The shares rose.\n\n(XYZ) said nothing.\n\nReuter (ABC)\n",
    "LONDON, April 1 - BP Plc (BP.L) and Shell\n(RDSA)\n\n  Exxon Corp (XON). 12 pct rise.\n",
    "abc don't-care x'abc A-bc Ab-cd mr. the U.S.-made half-year ab'-cd the",
    "",
]


def test_pre_split_sentences_give_the_same_entities() -> None:
    from thaw_cli.analysis.sentences import split_sentences

    for text in _TRICKY:
        for title in (None, "Softbank buys stake in Sprint"):
            want = extract_entities(title, text)
            got = extract_entities(title, text, sentences=split_sentences(text))
            assert entities_to_json(got) == entities_to_json(want)


def test_lazy_lower_words_agree_with_the_set() -> None:
    from thaw_cli.analysis.entities import _lower_words, _LowerWords

    for text in _TRICKY:
        words = _lower_words(text)
        lazy = _LowerWords(text)
        probes = words | {w for w in text.lower().replace("-", " ").replace("'", " ").split()}
        probes |= {"care", "abc", "bc", "cd", "made", "t", "won", "fail", "x", "the"}
        for w in probes:
            assert (w in lazy) == (w in words), (text, w)


def test_span_pattern_is_the_plain_one() -> None:
    import re

    from thaw_cli.analysis.entities import _SPAN

    plain = re.compile(
        r"(?<![\w'\u2019-])(?:<[^<>\n]{2,60}>|"
        r"[A-Z][\w&'\u2019.\-]*(?:[ \t]+(?:(?:of|for|de|du|del|von|van|der|la|al|bin|&)[ \t]+)?"
        r"(?:the[ \t]+)?[A-Z][\w&'\u2019.\-]*)*)"
    )
    for text in [*_TRICKY, "<Tokheim Corp> x<Bad> 'Abe -Abe \u2019Abe Bank of the Japan <a>"]:
        assert [m.span() for m in _SPAN.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_org_context_gate_is_exact() -> None:
    import random
    import re

    from thaw_cli.analysis import entities as E
    from thaw_cli.core.rxfactor import alternatives, expand_front

    # every alternative of the pattern ends with a word of the gate, then white space
    for alt in (e for a in alternatives(E._ORG_CONTEXT_BEFORE.pattern) for e in expand_front(a.removeprefix(r"\b"))):
        last = re.search(r"(\w+|\(\?:[\w|]+\))\\s\+\$$", alt)
        assert last, alt
        assert all(w in E._ORG_CONTEXT_LAST for w in last.group(1).strip("(?:)").split("|")), alt
    rnd = random.Random(3)
    pieces = ["founder of", "Shares OF", "stake in", "bid for", "(buy", "merger with", "chief executive at",
              "Acme", " ", "  ", "\n", "of", "in", "x", "ACQUIRED", "offer\tfor", "\u0130n", "\u017fhares in"]
    for _ in range(3000):
        before = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 5))) + rnd.choice(["", " ", "  "])
        assert E._org_context_before(before) == (E._ORG_CONTEXT_BEFORE.search(before) is not None), before


def test_possessive_gate_misses_no_possessive() -> None:
    """extract_entities marks possessives only in sentences holding "'s " or "\u2019s "."""
    import random

    from thaw_cli.analysis.entities import _POSSESSIVE

    rng = random.Random(3)
    pieces = ("Abe", "'s", "\u2019s", "s", "'", " ", "\n", "Corp", "x", ".")
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        if _POSSESSIVE.search(text):
            assert "'s " in text or "\u2019s " in text, repr(text)
