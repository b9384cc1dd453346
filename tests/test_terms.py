"""Search terms: stemming in each article's language, English stem exceptions, namespaces."""

from __future__ import annotations

import pytest
import Stemmer
from hypothesis import given, settings
from hypothesis import strategies as st

from thaw_cli.analysis import terms
from thaw_cli.analysis.terms import EN_EXCEPTIONS, ENGLISH, PLAIN, namespace, query_terms, term


def test_inflections_join() -> None:
    for a, b in [("agreement", "agreements"), ("accord", "accords"), ("unit", "units"),
                 ("house", "houses"), ("trade", "trades"), ("rate", "rates"), ("price", "prices"),
                 ("Negotiations", "negotiation"), ("company", "companies"), ("index", "indices")]:
        assert term(a) == term(b), (a, b)


@pytest.mark.parametrize("a, b", [
    ("accord", "according"), ("accord", "accordingly"), ("new", "news"), ("unit", "united"),
    ("general", "generate"), ("general", "generally"), ("community", "communication"),
    ("organization", "organ"), ("university", "universe"), ("house", "housing"),
    ("trade", "trading"), ("future", "futures"), ("good", "goods"), ("rate", "rating"),
    ("product", "production"), ("import", "important"), ("corp", "corps"), ("corn", "corning"),
    ("depart", "department"), ("lead", "leading"), ("plant", "planting"), ("save", "savings"),
])
def test_words_of_different_meaning_do_not_join(a: str, b: str) -> None:
    assert term(a) != term(b)


def test_each_exception_stem_is_its_own() -> None:
    """An exception changes its word's stem, and to none of the classes the exceptions were
    taken out of (only `indices` joins a class on purpose: index)."""
    english = Stemmer.Stemmer("english")
    plain = {english.stemWord(w) for w in EN_EXCEPTIONS}
    for word, stem in EN_EXCEPTIONS.items():
        assert english.stemWord(word) != stem, word  # (else it changes nothing)
        assert stem not in plain or word == "indices", (word, stem)
    assert term("indices") == term("index")


def test_terms_in_the_article_language() -> None:
    de, fr, es, it, pt, nl = (namespace(c) for c in ("de", "fr", "es", "it", "pt", "nl"))
    assert term("Verträge", de) == term("Vertrag", de) == de + "vertrag"
    assert term("accords", fr) == term("accord", fr)
    assert term("acuerdos", es) == term("acuerdo", es)
    assert term("accordi", it) == term("accordo", it)
    assert term("acordos", pt) == term("acordo", pt)
    assert term("overeenkomsten", nl) == term("overeenkomst", nl)
    # English rules never touch them: Spanish "acuerdos" keeps its stem in Spanish articles
    assert term("acuerdos", es) != es + term("acuerdos")


def test_namespaces() -> None:
    assert namespace(None) == namespace("en") == namespace("EN-gb") == ENGLISH
    assert namespace("de") != namespace("fr") and len(namespace("de")) == 1
    assert namespace("ja") == namespace("zh") == PLAIN  # no stemmer: words as they are
    assert namespace("nb") == namespace("no")
    assert terms.language_of(namespace("pt")) == "pt"
    # a namespace character never comes out of a tokenizer
    assert terms.words(f"{namespace('de')}vertrag") == ["vertrag"]


def test_a_query_is_stemmed_for_each_language_present() -> None:
    de, es = namespace("de"), namespace("es")
    assert query_terms("Verträge", [ENGLISH, de]) == [["vertrag"], [de + "vertrag"]]
    assert query_terms("acuerdos", [ENGLISH, es]) == [["acuerdo"], [es + "acuerd"]]
    assert query_terms("trade deals", [ENGLISH]) == [["trade", "deal"]]


def test_accents_fold_after_stemming() -> None:
    fr = namespace("fr")
    assert term("États", fr) == term("etats", fr)
    assert term("Zürich") == term("zurich") == "zurich"
    assert terms.fold("Ça ÉTÉ à Zürich") == "Ca ETE a Zurich"
    assert all(len(terms.fold(chr(c))) == 1 for c in range(0xC0, 0x250))  # offsets stay


def test_indexed_and_terms_agree() -> None:
    text = "The accord, according to Zürich's United units; COVID-19 x" + "y" * 60
    assert terms.indexed(text) == " ".join(terms.terms(text))
    assert terms.terms(text)[:6] == ["the", "accord", "according", "to", "zurich", "s"]
    assert terms.terms(text)[-1] == "x" + "y" * 60  # too long to stem: kept as it is


def test_prefix_terms() -> None:
    assert terms.prefix_terms("negotiat", [ENGLISH]) == [("negotiat", True), ("negoti", False)]
    assert ("happi", True) in terms.prefix_terms("happy", [ENGLISH])
    assert terms.prefix_terms("covid-1", [ENGLISH]) == []  # two words: searched as a phrase


def test_the_stem_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "CACHE_LIMIT", 10)
    table = terms._Stems(ENGLISH)
    for i in range(25):
        assert table[f"word{i}s"] == f"word{i}s"  # (digits: not stemmed)
    assert len(table) <= 10
    assert table["agreements"] == "agreement"


def test_rules_digest_is_stable() -> None:
    assert terms.rules() == terms.rules() and terms.rules().startswith(Stemmer.version() + ":")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 _-.,'\n\t\x00\x7fé")), max_size=60))
def test_the_ascii_fast_path_splits_as_the_regex_does(text: str) -> None:
    slow = [terms.stems(ENGLISH)[w] for w in terms.TOKEN.findall(text.lower())]
    assert terms.terms(text) == slow
    assert terms.indexed(text) == " ".join(slow)
    assert terms.count(text) == len(slow)


def test_the_lead_terms_are_the_first_paragraph_s() -> None:
    from thaw_cli.store.index import fts_values

    body = "First paragraph, with accords.\n\nSecond one: according to them.\n\nThird."
    title, lead, whole, cjk = fts_values("Title", None, body, "en")
    assert lead == terms.indexed("First paragraph, with accords.") and whole == terms.indexed(body)
    assert fts_values("Title", "A standfirst", body, "en")[1] == terms.indexed("A standfirst")
    assert fts_values("T", None, "One paragraph only", None)[1] == terms.indexed("One paragraph only")
    assert cjk == ""
