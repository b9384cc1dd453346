"""Rules of the third round (issue 19): each on a text of its own."""

from __future__ import annotations

from thaw_cli.analysis.agreement_kinds import refine_other_kind
from thaw_cli.analysis.agreements import extract_agreements


def _recs(text: str, title: str | None = None) -> list[tuple[str, list[str], str]]:
    return [(a.kind, a.parties, a.status) for a in extract_agreements("t", text, "2005-01-10", title)]


def test_reduced_passive_names_the_buyer_behind_a_unit() -> None:
    recs = _recs("Dorvale Paints Inc, recently acquired by a unit of Harlow Chemicals Plc, said it "
                 "would close two plants.")
    assert recs == [("deal", ["Harlow Chemicals Plc", "Dorvale Paints Inc"], "concluded")]


def test_passive_by_a_subsidiary_of_names_the_owner() -> None:
    recs = _recs("Kestrel Tools Corp was acquired by a subsidiary of Brandt Industries Inc last year.")
    assert recs and set(recs[0][1]) == {"Brandt Industries Inc", "Kestrel Tools Corp"}


def test_described_speaker_is_the_article_company() -> None:
    text = ("Marlow Foods Corp reported higher sales. The diversified maker of snacks and soups said it "
            "acquired Portland, Oregon-based Fenwick Bakeries Inc in 1981.")
    assert ("deal", ["Marlow Foods Corp", "Fenwick Bakeries Inc"], "concluded") in _recs(text)


def test_definite_purchase_noun_takes_the_article_company_as_buyer() -> None:
    text = ("Tarrant Steel Corp said profit rose 20 pct. It added that the acquisition of Welby Wire Co "
            "has broadened Tarrant Steel's product line.")
    assert ("deal", ["Tarrant Steel Corp", "Welby Wire Co"], "concluded") in _recs(text)


def test_purchase_noun_with_another_company_named_is_left_alone() -> None:
    text = ("Tarrant Steel Corp said profit rose 20 pct. Analysts at Norvell Securities Inc said the "
            "acquisition of Welby Wire Co was a good idea.")
    assert not any("Welby Wire Co" in r[1] for r in _recs(text))


def test_purchase_of_a_share_is_no_acquisition() -> None:
    text = ("Cobalt Data Inc said it will redeem its warrants. The warrants entitle the purchase of one "
            "share in Cobalt Systems Inc at four dlrs.")
    assert not any("Cobalt Systems Inc" in r[1] for r in _recs(text))


def test_transfer_between_clubs_for_a_fee() -> None:
    text = "The midfielder joined Everton from Valencia for £6m last summer, but has struggled since."
    assert _recs(text) == [("deal", ["Everton", "Valencia"], "concluded")]


def test_joined_without_a_fee_is_no_transfer() -> None:
    assert _recs("The minister joined Labour from the Liberal party in 1990.") == []


def test_signed_up_for_names_both_sides() -> None:
    recs = _recs("Actress Kate Holloway has signed up for Martin Keane's new drama, the BBC said.")
    assert recs == [("contract", ["Kate Holloway", "Martin Keane"], "concluded")]


def test_other_kind_from_the_sentences() -> None:
    def state(p: str) -> bool:
        return p in ("France", "Chad")

    assert refine_other_kind("agreement with prosecutors", ["He pleaded guilty under an agreement "
                                                            "with prosecutors."], ["Smith"], state) == "deal"
    assert refine_other_kind("agreement", ["Peru reached an agreement with creditor banks."],
                             ["Peru"], state) == "arrangement"
    assert refine_other_kind("agreement", ["The two agreed to join forces to win contracts."],
                             ["A Co", "B Co"], state) == "cooperation"
    assert refine_other_kind("agreement", ["France and Chad signed an agreement."],
                             ["France", "Chad"], state) == "accord"
    assert refine_other_kind("agreement", ["X Inc and Y Inc signed an agreement."],
                             ["X Inc", "Y Inc"], state) == "other"


def test_agreement_acting_on_something_is_not_ended() -> None:
    text = ("The regulator and Norland Radio signed a settlement on Monday. The agreement cancels "
            "investigations into about 50 shows, the regulator said.")
    assert [r[2] for r in _recs(text)] == ["concluded"]


def test_agreeing_with_sentiments_is_an_opinion() -> None:
    assert _recs("I am persuaded to agree with many of Harold Pinter's sentiments.") == []


def test_a_based_modifier_is_no_party() -> None:
    text = "Pellam Software Inc grew fast. In 2004 it bought Ohio-based security firm Vantage Labs."
    assert not any(p.endswith("-based") for r in _recs(text) for p in r[1])


def test_description_between_with_and_the_name() -> None:
    recs = _recs("Larkspur Aviation said it had signed an agreement with state-owned Orvell Aeronautics "
                 "to share information on patrol aircraft.")
    assert recs and "Orvell Aeronautics" in recs[0][1] and "Larkspur Aviation" in recs[0][1]


def test_place_after_with_and_a_preposition_is_no_party() -> None:
    recs = _recs("Tamsin Air Corp signed a deal with regulators in Brazil last year.")
    assert not any("Brazil" in r[1] for r in recs)


def test_whom_a_speaker_told_is_no_party() -> None:
    recs = _recs('Harlow coach Warren Gatland told the Daily Courier: "We will offer Matt Dawson a '
                 'new contract."')
    assert recs and not any("Daily Courier" in r[1] for r in recs)


def test_present_tense_agree_with_is_an_opinion() -> None:
    assert _recs('Vice President Ann Kerr of the Tour Board admitted: "I agree with Greg Rusedski.') == []
    assert _recs("No one agrees with this, and it is an embarrassment to Britain and the United States.") == []


def test_past_tense_agreed_with_stays_an_agreement() -> None:
    assert _recs("Harlow Rovers agreed with Norland Town on a transfer fee.")


def test_out_of_contract_is_no_agreement() -> None:
    assert _recs("Scarlets chief executive Stuart Gallacher confirmed that 17 of the current squad "
                 "would be out of contract in the summer.") == []


def test_country_as_home_of_a_described_firm_is_no_party() -> None:
    text = ("Velcom Mobile Corp has grown fast. Norway's biggest private mobile firm signed a $3bn deal "
            "with Kestrel Telecom Ltd to build a network.")
    recs = _recs(text)
    assert recs and not any("Norway" in r[1] for r in recs)
    assert any("Velcom Mobile Corp" in r[1] for r in recs)


def test_a_name_described_as_a_firm_is_the_article_company() -> None:
    text = ("Japanese communications firm Kotobuki has widened its losses. Its recent return to a high "
            "profile came with the purchase of Nansei Telecom Corp, a fixed-line firm.")
    assert ("deal", ["Kotobuki", "Nansei Telecom Corp"], "concluded") in _recs(text)


def test_agree_with_after_an_adverb_is_an_opinion() -> None:
    assert _recs("I absolutely agree with Frederick Forsyth.") == []


def test_purchase_of_a_number_of_goods_takes_no_buyer_from_the_article() -> None:
    text = ("Rome approved the budget. It said 40 billion lire will go to state airline Alitalia for "
            "the purchase of 10 Kessler Aircraft Corp jets.")
    assert not any("Kessler Aircraft Corp" in r[1] for r in _recs(text))


def test_deal_with_as_a_verb() -> None:
    assert _recs("The film also deals with the loss of his partner Anselmo Feleppa in 1993.") == []
    assert _recs("We really can't deal with terrorism by turning Britain into a fascist state.") == []


def test_contractions_are_no_names() -> None:
    recs = _recs('"We\'re going to sign a pact with Harlow Rovers," Lucas said.')
    assert not any("We're" in r[1] for r in recs)


def test_agreeing_with_a_named_persons_view_is_an_opinion() -> None:
    assert _recs("Lord Tebbit said he agreed with Dr Fox's view, and said the case should be "
                 "looked at on its merits.") == []


def test_copies_bought_are_goods() -> None:
    assert _recs("Prime Minister Tony Blair purchased two copies of the charity single Band Aid 20 "
                 "in Edinburgh on Friday.") == []


def test_analysts_inclined_to_agree_with_someone_is_an_opinion() -> None:
    assert _recs("Market analysts are inclined to agree with Mr Lakhani, arguing that there are a "
                 "number of major factors.") == []


def test_a_counted_group_is_a_party() -> None:
    text = ("US tobacco firms are on trial. They said they met the demands in a landmark $206bn "
            "settlement reached with 46 states in 1998.")
    assert any("46 states" in r[1] for r in _recs(text))


def test_agreed_in_principle_to_buy_from() -> None:
    text = ("Dorrit Services Inc said it agreed in principle to buy the business and assets of Kemble "
            "Repair Service from Halvard Corp for an undisclosed amount.")
    assert _recs(text) == [("deal", ["Dorrit Services Inc", "Halvard Corp"], "concluded")]
