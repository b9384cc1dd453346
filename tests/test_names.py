"""The name grammar (thaw_cli.names): whole names, titles split off, never a common word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thaw_cli.analysis.names import (
    dateline_end,
    display_name,
    find_names,
    is_common_word,
    is_function_word,
    is_verb_word,
    name_kind,
)


def names(sentence: str) -> list[tuple[str, str]]:
    return [(n.text, n.kind) for n in find_names(sentence)]


def texts(sentence: str) -> list[str]:
    return [n.text for n in find_names(sentence)]


def test_shipped_word_statistics_load() -> None:
    data = json.loads((Path(__file__).parent.parent / "thaw_cli" / "analysis" / "common_words.json").read_text())
    assert len(data["words"]) > 5000 and len(data["verbs"]) > 500
    assert is_common_word("Securities") and is_common_word("Delegates")
    assert not is_common_word("Japan") and not is_common_word("Chrysler")
    assert is_verb_word("sign") and not is_verb_word("workers")


@pytest.mark.parametrize("sentence", [
    "Asked about the talks, the minister declined to comment.",
    "Speaking to reporters, he said the plan was sound.",
    "Several delegates left early.",
    "No decision was taken yesterday.",
    "Delegates said the session would resume.",
    "Negotiators worked through the night.",
    "Securities were sold in heavy trading.",
    "Proceeds will be used to repay debt.",
    "NOTE: figures are unaudited.",
])
def test_no_common_word_is_a_name(sentence: str) -> None:
    assert texts(sentence) == []


def test_function_words_in_capitals_are_names_when_short() -> None:
    assert is_function_word("The") and is_function_word("THE")
    assert not is_function_word("CTS") and not is_function_word("US")
    assert texts("Wilco Holdings reached an agreement with CTS Corp on Monday.") == [
        "Wilco Holdings", "CTS Corp"]


@pytest.mark.parametrize("text,end", [
    ("OSLO, June 3 - Norsk Fisk said", 15),
    ("SAN ANTONIO, Texas, May 2 - Acme said", 28),
    ("PERTH, FEb 4 -- Rio Minerals said", 16),
    ("LAKE CITY, Fla., - Acme said", 19),
    ("Acme Corp said it - and others - agreed", 0),
])
def test_datelines(text: str, end: int) -> None:
    assert dateline_end(text) == end


def test_dateline_city_is_no_name() -> None:
    assert texts("SAN ANTONIO, Texas, May 2 - Lone Star Widgets Inc said it agreed.") == [
        "Lone Star Widgets Inc"]


def test_us_keeps_its_full_stop() -> None:
    assert texts("The pact was signed in Ottawa by the U.S.") == ["Ottawa", "U.S."]
    assert display_name("U.S") == "U.S." and display_name("Sino-U.S") == "Sino-U.S."
    assert display_name("U.S.") == "U.S."


def test_titles_are_split_off() -> None:
    (org, person) = find_names("Bank of Utopia Governor Mara Quell said rates would hold.")
    assert (org.text, org.kind) == ("Bank of Utopia", "org")
    assert (person.text, person.kind, person.role, person.org) == (
        "Mara Quell", "person", "Governor", "Bank of Utopia")
    (p,) = find_names("West German Finance Minister Otto Brandt said so.")
    assert (p.text, p.role, p.org) == ("Otto Brandt", "Finance Minister", "Germany")
    (p,) = find_names("He met Secretary of State Lena Hart in Rome.")[:1]
    assert (p.text, p.role) == ("Lena Hart", "Secretary of State")


def test_a_title_alone_is_no_name() -> None:
    assert texts("He told the Deputy Prime Minister about it.") == []
    assert texts("The Attorney General said it reached a settlement.") == []


def test_whole_names() -> None:
    assert texts("Peoples Bank and Trust Co merged with Hill Savings and Loan Association.") == [
        "Peoples Bank and Trust Co", "Hill Savings and Loan Association"]
    assert texts("The Ministry of Fisheries and Forestry approved it.") == [
        "Ministry of Fisheries and Forestry"]
    assert texts("Norway and Sweden signed.") == ["Norway", "Sweden"]
    assert texts("Georgia-Atlantic Corp bought it.") == ["Georgia-Atlantic Corp"]
    assert texts("Brill and Sons Co agreed.") == ["Brill and Sons Co"]


def test_possessives_and_modifiers() -> None:
    assert texts("Quill Corp's Vellum Paper Division was sold.") == ["Quill Corp", "Vellum Paper Division"]
    assert texts("Hudson's Bay Co agreed to sell.") == ["Hudson's Bay Co"]
    assert texts("Oslo-based Norsk Fisk AS signed.") == ["Norsk Fisk AS"]
    assert texts("State-owned Utopia Power Corp signed.") == ["Utopia Power Corp"]
    assert texts("Only Malaysia has ratified it.") == ["Malaysia"]


def test_mixed_case_names() -> None:
    (n,) = find_names("The standard was developed by Japanese ZAPdeLO.")
    assert (n.text, n.country) == ("ZAPdeLO", "Japan")
    assert texts("Sales of TechVend rose.") == ["TechVend"]


def test_groups_of_a_country() -> None:
    (n,) = find_names("It signed contracts with three U.S. Firms to supply turbines.")
    assert (n.text, n.kind) == ("U.S. Firms", "group")


def test_places_before_a_state() -> None:
    assert names("Lake Widget Co of Milltown, Ohio, said it agreed.") == [
        ("Lake Widget Co of Milltown", "org"), ("Ohio", "name")]
    assert names("Acme Inc, Irvine, Calif., agreed.") == [("Acme Inc", "org"), ("Irvine", "place")]


def test_name_kinds() -> None:
    assert name_kind("Japanese") == "demonym" and name_kind("U.S.") == "country"
    assert name_kind("EC") == "body" and name_kind("Bank of Utopia") == "org"
    assert name_kind("TechVend") == "name"


@pytest.mark.parametrize("sentence", [
    "Non-callable for five years, the issue is guaranteed by the parent.",
    "Additionally, the company agreed to pay the banks.",
    "Separately, the board agreed.",
    "I'm confident we will sign the deal, he said.",
])
def test_openers_that_are_no_names(sentence: str) -> None:
    from thaw_cli.analysis.names import find_names

    assert find_names(sentence) == []


def test_hyphenated_names_and_ly_names_stay() -> None:
    from thaw_cli.analysis.names import find_names

    got = [n.text for n in find_names("Italy, Kelly Services, Coca-Cola and Anheuser-Busch signed.")]
    assert got == ["Italy", "Kelly Services", "Coca-Cola", "Anheuser-Busch"]
