"""`thaw entities` reads names with the grammar agreements use (`analysis/names.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaw_cli.analysis.agreements import extract_agreements
from thaw_cli.analysis.entities import extract_entities
from thaw_cli.analysis.names import name_kind

FIX = Path(__file__).parent / "fixtures"


def names(text: str, title: str | None = None) -> dict[str, str]:
    return {e.name: e.kind for e in extract_entities(title, text)}


def test_a_country_the_rules_missed_is_found_by_the_grammar() -> None:
    assert names("The sanctions against South Africa were eased, officials said.") == {
        "South Africa": "place"}


def test_whole_organisation_names_replace_their_pieces() -> None:
    got = names("The company filed with the Securities and Exchange Commission yesterday, "
                "advised by First Boston Inc.")
    assert got == {"Securities and Exchange Commission": "org", "First Boston Inc": "org"}


def test_a_title_before_a_common_word_is_no_person() -> None:
    got = names("David Wood, spokesman of the General Agreement on Tariffs and Trade (GATT), "
                "said the panel would meet.")
    assert "Agreement" not in got and got.get("David Wood") == "person"


def test_a_body_of_the_gazetteer_is_an_organisation() -> None:
    got = names("The Bundesbank said the Group of Five would meet in Paris.")
    assert "Group of Five" in got or "G-5" in got


def test_mixed_case_names_are_entities() -> None:
    got = names("Japanese carmakers back CHAdeMO and the eBay unit said it agreed.")
    assert got.get("CHAdeMO") == "org"


@pytest.mark.parametrize("seed,title,date", [
    ("seed_000.txt", "China and Japan Extend Their Feelers", "2018-10-18"),
    ("seed_001.txt", "Japan, China plan to launch \u2018innovation dialogue\u2019 with focus on "
                     "self-driving vehicles, AI", "2018-09-23"),
])
def test_every_named_party_of_the_seeds_is_an_entity_by_the_rules_alone(
        seed: str, title: str, date: str) -> None:
    text = (FIX / seed).read_text(encoding="utf-8")
    ents = extract_entities(title, text)
    forms = {f.lower() for e in ents for f in (e.name, *e.aliases)}
    parties = {p for a in extract_agreements("s", text, date, title) for p in a.parties
               if name_kind(p) != "group" and not p[:1].islower()}
    assert parties
    assert {p for p in parties if p.lower() not in forms} == set()
