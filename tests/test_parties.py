"""Parties as a reader names them, agreements stated as transactions, and mentions that
state no agreement (thaw_cli.parties, thaw_cli.transactions, thaw_cli.agreement_filters).
Every text here is written for the tests."""

from __future__ import annotations

import pytest

from thaw_cli.analysis.agreements import extract_agreements
from thaw_cli.core.models import Agreement


def one(text: str, date: str | None = "1987-03-02", title: str | None = None) -> list[Agreement]:
    return extract_agreements("t", text, date, title)


def parties(text: str) -> list[list[str]]:
    return [r.parties for r in one(text)]


# ----------------------------------------------------------------------------- structure


@pytest.mark.parametrize("text,want", [
    ("Widget Corp said it reached an agreement with Gadget Inc on patents.",
     ["Widget Corp", "Gadget Inc"]),
    ("Widget Corp said it signed a five-year supply contract with Gadget Inc.",
     ["Widget Corp", "Gadget Inc"]),
    ("Widget Corp said it agreed to acquire Gadget Inc for 20 mln dlrs.",
     ["Widget Corp", "Gadget Inc"]),
    ("Widget Corp said it agreed to sell its 40 pct stake in Sprocket Ltd to Gadget Inc.",
     ["Widget Corp", "Gadget Inc"]),
    ("Norway and Sweden agreed last month to a joint fishing quota.", ["Norway", "Sweden"]),
    ("Quotas were agreed between ministers of the Group of Five and Canada.",
     ["Group of Five", "Canada"]),
    ("Widget Corp, a unit of Holdco Inc, said it signed an agreement with Gadget Inc.",
     ["Widget Corp", "Gadget Inc"]),
])
def test_subject_and_counterparty(text: str, want: list[str]) -> None:
    assert parties(text) == [want]


def test_appositive_after_the_counterparty_is_no_party() -> None:
    got = parties("Lumen Corp said it signed a research agreement with <Opal Ventures L.P.>, "
                  "a partnership sponsored by Rigel Capital Markets.")
    assert got == [["Lumen Corp", "Opal Ventures L.P."]]


def test_a_modifier_is_no_party() -> None:
    got = parties("Fellow OPEC member Venezuela has agreed to lend Ecuador five mln barrels of crude.")
    assert got == [["Venezuela", "Ecuador"]]


def test_an_approving_agency_is_no_party() -> None:
    got = parties("The Federal Banking Board said it approved the merger of Hill Bank and Trust Co "
                  "with Vale Bank and Trust Co.")
    assert got == [["Hill Bank and Trust Co", "Vale Bank and Trust Co"]]


def test_coordinated_subjects_with_titles() -> None:
    (r,) = one("Prime Minister Aki Tanaka and President Lars Berg signed a treaty on taxes.")
    assert r.parties == ["Aki Tanaka", "Lars Berg"]
    assert r.roles == {"Aki Tanaka": "Prime Minister", "Lars Berg": "President"}


def test_a_person_speaking_for_a_country_stands_for_it() -> None:
    (r,) = one("Utopian Trade Minister Mara Quell and Ruritania signed a trade accord.")
    assert r.parties == ["Utopia", "Ruritania"] or "Ruritania" in r.parties


def test_groups_are_kept_as_groups() -> None:
    (r,) = one("Several Japanese buyers have accepted postponement of sugar deliveries until "
               "next year following a request from Cuba, traders said.")
    assert r.parties == ["Japanese buyers", "Cuba"]
    assert r.kind == "arrangement"


def test_the_two_companies_resolved_in_the_sentence() -> None:
    recs = one("The agency said Widget Corp may buy 51 pct of Gadget Inc pending approval of "
               "the proposed merger of the two companies.")
    assert recs and recs[0].parties[-2:] == ["Widget Corp", "Gadget Inc"]


def test_it_is_the_speaker() -> None:
    recs = one("Acme Corp said on Monday it signed a letter of intent with Zenith Ltd.\n\n"
               "The company said the agreement calls for a merger.")
    assert recs[0].parties == ["Acme Corp", "Zenith Ltd"]


# ----------------------------------------------------------------------------- transactions


@pytest.mark.parametrize("text,kind,want", [
    ("Widget Corp said it acquired Gadget Inc, a maker of valves.", "deal",
     ["Widget Corp", "Gadget Inc"]),
    ("Widget Corp said it completed the previously announced purchase of Gadget Inc.", "deal",
     ["Widget Corp", "Gadget Inc"]),
    ("The deposits of the failed Hill Bank were assumed by Vale Bank and Trust Co.", "deal",
     ["Vale Bank and Trust Co", "Hill Bank"]),
    ("The firm was formed through the merger of Widget Corp and Gadget Inc.", "deal",
     ["Widget Corp", "Gadget Inc"]),
    ("Ruritania has signed a 50 mln dlr loan with the World Bank to build roads.", "contract",
     ["Ruritania", "World Bank"]),
    ("Widget Corp has sold its valve business to Gadget Inc.", "deal",
     ["Widget Corp", "Gadget Inc"]),
])
def test_transactions(text: str, kind: str, want: list[str]) -> None:
    (r,) = one(text)
    assert r.kind == kind and r.parties == want and r.status == "concluded"


@pytest.mark.parametrize("text", [
    "In a filing with the Securities and Exchange Commission, Raider Partners said it "
    "bought 120,000 Widget Corp common shares in the open market.",
    "Japanese crushers bought 3,000 tonnes of Canadian rapeseed overnight, traders said.",
    "Many cars had been bought locally for export.",
    "The company said it plans to acquire other companies this year.",
    "Bad loans from developing countries rose sharply.",
])
def test_no_counterparty_no_transaction(text: str) -> None:
    assert one(text) == []


# ----------------------------------------------------------------------------- filters


@pytest.mark.parametrize("text", [
    "Brazil's stance looks likely to preclude any accord, delegates said.",
    "Mr Vance is a staunch critic of arms control agreements.",
    "It would then be decided if the practice was a breach of article 85 of the EC treaty.",
    "Under the 1957 Treaty of Rome all contracts must contain the clause.",
    "Widget Corp is ready to make another purchase and a deal could be struck soon.",
    "Ministers said they would deal with the matter next week.",
    "The Conservatives would scrap the New Deal welfare scheme.",
    "The order can only be used with the agreement of the local authority.",
    "The association said it agreed with the government's plans.",
    "They credit him with promoting inter-ethnic accord.",
])
def test_mentions_that_state_no_agreement(text: str) -> None:
    assert one(text) == []


def test_no_agreement_is_no_record() -> None:
    assert one("No agreement in principle has been reached, said Widget Corp.") == []


# ----------------------------------------------------------------------------- junk parties


@pytest.mark.parametrize("text,junk", [
    ("Asked about the talks, Widget Corp said it signed an agreement with Gadget Inc.", "Asked"),
    ("Speaking in Oslo, Widget Corp said it signed an agreement with Gadget Inc.", "Speaking"),
    ("Delegates said Norway and Sweden reached an agreement on quotas.", "Delegates"),
    ("Negotiators said Norway and Sweden signed a fishing accord.", "Negotiators"),
    ("Securities of Widget Corp rose after it signed a supply contract with Gadget Inc.", "Securities"),
    ("OSLO, June 3 - Widget Corp said it signed an agreement with Gadget Inc.", "OSLO"),
    ("SAN ANTONIO, Texas, May 2 - Widget Corp said it agreed to acquire Gadget Inc.", "SAN ANTONIO"),
    ("Widget Corp <WDGT.O> said it signed an agreement with Gadget Inc <GDG>.", "WDGT.O"),
])
def test_never_a_junk_party(text: str, junk: str) -> None:
    recs = one(text)
    assert recs, text
    for r in recs:
        assert junk not in r.parties and not any(p.startswith(junk + " ") for p in r.parties)
        assert all(p[:1].isupper() or p[:1].isdigit() or " " in p for p in r.parties), r.parties


def test_us_is_printed_with_its_full_stop() -> None:
    (r,) = one("Canada and the U.S. agreed to a trade accord, officials said in the U.S")
    assert "U.S." in r.parties and "U.S" not in r.parties


def test_a_party_is_an_entity_of_the_article() -> None:
    """The index stores each named agreement party among the article's entities."""
    from thaw_cli.analysis.pipeline import analyze
    from thaw_cli.core.models import Article

    body = ("Lumen Corp said it signed a marketing agreement with TechVend, a maker of "
            "vending machines.\n\nThe agreement runs for two years, the company said.\n\n"
            "Separately, Ruritania has signed a 50 mln dlr loan with the World Bank.")
    art = Article(id="a", path="a.md", title="Lumen signs marketing pact", date="1987-03-02",
                  body=body, language="en")
    res = analyze(art)
    parties = {p for a in res.agreements for p in a.parties}
    assert {"Lumen Corp", "TechVend", "Ruritania", "World Bank"} <= parties
    names = {n.lower() for e in res.features["entities"] for n in [e[0], *e[2]]}
    for p in parties:
        assert p.lower() in names, (p, names)


# ----------------------------------------------------------------------------- more shapes


@pytest.mark.parametrize("text", [
    "RABAT, May 4 - Most commodity agreements are near collapse, the minister told delegates.",
    "The central bank accepted bids for 3 billion marks at its tender for a 28-day securities "
    "repurchase pact.",
    "The letter did not say the investors had made arrangements to obtain financing.",
])
def test_more_mentions_that_state_no_agreement(text: str) -> None:
    assert one(text) == []


def test_an_agreement_to_reschedule_is_an_arrangement() -> None:
    (r,) = one("Ruritania and Utopia have signed a bilateral agreement to reschedule Ruritania's "
               "official debt to Utopia, officials said.")
    assert r.kind == "arrangement" and r.parties == ["Ruritania", "Utopia"]


def test_several_agreements_in_one_sentence_with_distinct_counterparts() -> None:
    recs = one("Ruritania and Utopia have signed a bilateral agreement to reschedule debt.\n\n"
               "The agreement follows a similar agreement with Norway this week and an accord "
               "between Ruritania and the Paris Club in December.")
    assert len(recs) == 3
    assert {tuple(r.parties) for r in recs} == {
        ("Ruritania", "Utopia"), ("Norway",), ("Ruritania", "Paris Club")}


def test_negotiating_to_buy_is_a_planned_purchase() -> None:
    (r,) = one("Ruritania is negotiating with Utopia to buy 5,000 tonnes of cotton this year.")
    assert r.status == "planned" and r.parties == ["Ruritania", "Utopia"]


def test_an_advance_is_a_loan() -> None:
    (r,) = one("Vale Bank said it advanced Widget Corp 65 mln crowns until a share issue.")
    assert r.kind == "contract" and r.parties == ["Vale Bank", "Widget Corp"]


def test_a_financing_and_the_deal_it_finances_are_two_agreements() -> None:
    recs = one("Widget Corp said last Friday that it had arranged bank credit to finance the "
               "tender offer and the subsequent merger with Gadget Inc.")
    kinds = sorted(r.kind for r in recs)
    assert kinds == ["contract", "deal"], recs
