"""Agreement rules of the second round (issue 19), each on a text of its own."""

from __future__ import annotations

from thaw_cli.analysis.agreements import extract_agreements
from thaw_cli.core.models import Agreement


def run(text: str, date: str | None = "1987-05-04", title: str | None = None) -> list[Agreement]:
    return extract_agreements("t", text, date, title)


def one(text: str, **kw: str | None) -> Agreement:
    recs = run(text, **kw)  # type: ignore[arg-type]
    assert len(recs) == 1, recs
    return recs[0]


def test_failure_of_talks_to_reach_agreement_is_ended() -> None:
    r = one("The failure of the sugar council talks in Geneva to reach agreement on export "
            "quotas worried the Brazilian delegation, one trader said.")
    assert r.status == "ended"


def test_agreement_under_a_condition_is_planned() -> None:
    r = one("Norway would release the second tranche as soon as Ruritania reached a full "
            "agreement with the World Bank.")
    assert r.status == "planned"


def test_proposed_merger_after_a_possessive_stays_planned() -> None:
    r = one("Alpha Bancorp said it will keep its dividend until it completes its proposed "
            "merger into Beta Financial Corp.")
    assert r.status == "planned"


def test_set_to_merge_with_is_a_planned_deal() -> None:
    r = one("Kestrel Energy is set to merge with state pipeline firm Harrier Gas, officials said.")
    assert (r.kind, r.status) == ("deal", "planned")
    assert r.parties == ["Kestrel Energy", "Harrier Gas"]


def test_extended_loans_to_each_borrower() -> None:
    recs = run("The Asian Development Bank said it has extended loans totalling 90 mln dlrs "
               "to Nepal to support its power sector.")
    assert [(r.kind, r.parties) for r in recs] == [("contract", ["Asian Development Bank", "Nepal"])]


def test_gerund_sale_takes_the_clause_subject() -> None:
    r = one("Harcourt Mills raised cash by selling its dye plant to Orion Chemical Corp "
            "in June.")
    assert r.kind == "deal" and "Orion Chemical Corp" in r.parties


def test_gerund_purchase_takes_the_clause_subject_and_the_seller() -> None:
    r = one("Dunmore doubled its holding in Pell Foods by purchasing the 20 pct interest "
            "held by the Ashby Cos for 40 mln dlrs.")
    assert r.kind == "deal" and r.parties == ["Dunmore", "Ashby Cos"]


def test_worked_out_with_is_an_arrangement() -> None:
    r = one("The Bank of Ruritania said auctions resumed under a new two-tier exchange rate "
            "system worked out with the World Bank and the Asian Development Bank.")
    assert r.kind == "arrangement"
    assert r.parties == ["Bank of Ruritania", "World Bank", "Asian Development Bank"]


def test_reuters_heads_an_organisation_name() -> None:
    r = one("Reuters Holdings Plc said it had reached agreement with the London-based International Stock Exchange on the "
            "distribution of share prices.")
    assert r.parties == ["Reuters Holdings Plc", "International Stock Exchange"]


def test_bare_anaphoric_deal_with_nothing_before_it_is_no_record() -> None:
    text = ("Harrier Mining is fighting a hostile offer from Kestrel Holdings.\n\n"
            "Now reports say that the national government is against the deal.")
    assert run(text) == []


def test_bare_anaphoric_deal_signed_is_kept() -> None:
    text = ("Kestrel SA gave few details.\n\n"
            "The cost of the deal, signed late yesterday, is around 90 mln stg and Kestrel will "
            "finance 50 mln of this.")
    assert len(run(text)) == 1


def test_a_contract_after_a_preposition_with_no_verb_is_no_record() -> None:
    text = ("The tribunal upheld Ms Smith's claim on bullying e-mails in connection with a "
            "contract, but found no evidence of misconduct at Dawlish Bank.")
    assert run(text) == []


def test_a_plan_with_an_unnamed_partner_is_no_record() -> None:
    text = ("Kestrel Motor Corp has told the government it plans to produce cars again here in "
            "joint venture with a local partner.")
    assert run(text) == []


def test_home_country_of_a_party_and_a_place_are_no_parties() -> None:
    r = one("Vietnam's state-owned Zenda Metals Industrial Corp and <Strel Copper Ltd> of "
            "Chile signed a contract to jointly build a tube plant on the outskirts of Peking.")
    assert r.parties == ["Zenda Metals Industrial Corp", "Strel Copper Ltd"]


def test_underwriting_facility_is_a_contract() -> None:
    r = one("Kestrel Finance Corp has received a 50 mln dlr, five-year revolving underwriting "
            "facility from Harrier Bank, the bank said.")
    assert r.kind == "contract"


def test_agreement_on_a_joint_venture_or_a_sale_of_units_is_a_deal() -> None:
    r = one("Orbis Media said it entered an agreement in principle to join Kestrel Co's "
            "proposed venture to sell barter advertising.")
    assert r.kind == "deal"
    r = one("Belden Energy Co said it entered into an agreement with Harrier Capital to sell "
            "400,000 of its units for two mln dlrs in cash.")
    assert r.kind == "deal"


def test_agreement_on_distribution_is_a_contract() -> None:
    r = one("Reuters Holdings Plc said it had reached agreement with the Stock Exchange on the "
            "distribution of share quotations.")
    assert r.kind == "contract"


def test_between_x_and_the_company_names_the_article_company() -> None:
    text = ("Harrier Foods Inc said it will file for a secondary offering of 700,000 shares.\n\n"
            "The shares are those which, under an agreement between the selling holders and the "
            "company, may be sold without company consent.")
    (r,) = run(text)
    assert "Harrier Foods Inc" in r.parties


def test_new_agreements_by_named_parties_are_not_generic() -> None:
    (r,) = run("New agreements by the G-5 and G-7 nations on stabilizing currency rates are "
               "expected to have little effect, traders said.")
    assert "G-5" in r.parties


def test_agreed_to_spin_off_to_a_named_company_is_a_deal() -> None:
    (r,) = run("Kestrel Corp has agreed to spin off its Atlantic City property to Harrier "
               "Casinos Inc, a new company.")
    assert r.kind == "deal" and r.parties[0] == "Kestrel Corp"


def test_slash_named_memorandum_gives_its_parties_and_merges_with_the_signing() -> None:
    text = ("The U.S. promised to limit sales of tin in a memorandum of understanding signed "
            "with the Association of Southeast Asian Nations in December 1983.\n\n"
            "\"Washington appears to have lost sight of the U.S./ASEAN Memorandum of "
            "Understanding,\" the chamber said.")
    (r,) = run(text)
    assert r.kind == "memorandum" and len(r.evidence) == 2
    assert any(p in ("U.S.", "United States") for p in r.parties)


def test_the_owner_of_a_stake_bought_is_a_party() -> None:
    (r,) = run("Italy's Harrier Saronno has agreed to buy 33% of Kestrel Wines, the largest "
               "wine maker in the region.", date=None)
    assert r.parties == ["Harrier Saronno", "Kestrel Wines"]


def test_lent_their_backing_is_no_loan() -> None:
    assert run("Former players Eric Kestrel and Ole Harrier have lent their backing to the "
               "supporters' group Shareholders United.", date=None) == []


def test_two_banks_joined_by_and_stay_two() -> None:
    from thaw_cli.analysis.names import find_names

    got = [n.text for n in find_names("United Bank of Africa and Standard Trust Bank have "
                                      "agreed plans to merge.")]
    assert got == ["United Bank of Africa", "Standard Trust Bank"]


def test_the_way_companies_deal_with_is_a_verb() -> None:
    assert run("Cohen said the move could mean a change in the way companies deal with "
               "patents.", date=None) == []


def test_goods_sold_through_a_link_to_a_site_have_no_buyer() -> None:
    assert run("Coffee-loving Curry has sold $4,000 worth of coffee machines through a referral "
               "link to Amazon from his site.", date=None) == []


def test_a_name_in_an_appositive_description_is_no_party() -> None:
    (r,) = run("Kestrel National Corp, a U.S. Financial services holding company, has received "
               "a 50 mln dlr revolving credit facility from Harrier Bank.")
    assert "U.S. Financial" not in r.parties and "Kestrel National Corp" in r.parties


def test_merger_into_names_the_other_side() -> None:
    (r,) = run("Kestrel Bancorp plans to keep its dividend until it completes its proposed "
               "merger into Harrier Pacific Corp.")
    assert r.parties == ["Kestrel Bancorp", "Harrier Pacific Corp"]


def test_in_a_deal_worth_is_a_deal() -> None:
    (r,) = run("Budget airline Kestrel Air has placed an order for 70 Harrier jets, in a deal "
               "valued at $4bn.", date=None)
    assert r.kind in ("deal", "contract") and "Kestrel Air" in r.parties


def test_bbc_descriptions_before_names_in_transactions() -> None:
    (r,) = run("The merger of Russian gas giant Kestrelgaz and oil firm Harrierneft is to go "
               "ahead.", date=None)
    assert r.parties == ["Kestrelgaz", "Harrierneft"]
    (r,) = run("The president defended the purchase of Yukos' key production unit by "
               "state-owned oil firm Harrierneft.", date=None)
    assert set(r.parties) == {"Harrierneft", "Yukos"}
    (r,) = run("Kestrel Telecom was bought by former subsidiary Harrier Communications "
               "earlier this year.", date=None)
    assert set(r.parties) == {"Kestrel Telecom", "Harrier Communications"}


def test_which_x_bought_is_a_deal() -> None:
    (r,) = run("They were linked to Kestrel Bank, which Harrier Morgan bought last year.",
               date=None)
    assert r.kind == "deal" and r.parties == ["Harrier Morgan", "Kestrel Bank"]


def test_a_place_after_the_buyers_is_no_buyer() -> None:
    assert run("Kestrel Mining sold its stake to investors in Germany.", date=None) == []
