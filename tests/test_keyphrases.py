"""Key phrases: common words discounted, fragments of fixed names, demonyms, verbs."""

from __future__ import annotations

from thaw_cli.analysis.summary import (
    _KP_TOKEN,
    _fixed_part,
    _same_name,
    _token_infos,
    keywords,
    phrase_words,
)
from thaw_cli.analysis.summary_model import word_specificity

# Hand-written article (not copied from any source).
MAYOR = """London mayor Ken Livingstone refused to apologise on Tuesday for remarks he made to a reporter.

Livingstone said the remarks were about the newspaper group, not about the reporter's faith. The row has gone on for a week, and the London Assembly passed a motion asking Livingstone to say sorry.

Livingstone told the assembly he would not change his mind. Livingstone's office said the reporter had been rude, and the newspaper group said its reporter had done his job.

Ken Livingstone has been mayor since 2000. Livingstone and his aides met the assembly."""

AIRLINE = """Ugandan airline Eagle Air has won a licence to fly to Nairobi, the Ugandan aviation authority said.

Uganda has few direct flights to neighbouring countries. Eagle Air won the licence after a year of talks, and its first Ugandan flights to Nairobi start in May.

The Ugandan firm said the Nairobi route would carry Ugandan traders and tourists. Uganda's tourism board welcomed the decision, and Ugandan hotels expect more guests from Uganda's neighbours."""


def test_common_words_are_discounted() -> None:
    spec = word_specificity()
    assert spec is word_specificity()  # read once
    assert 0.0 < spec["world"] < 0.6 and spec["firm"] < 1.0
    assert spec.get("livingstone", 1.0) == 1.0
    assert all(0.0 < v <= 1.0 for v in spec.values())


def _fixed(word: str, text: str) -> bool:
    infos = _token_infos(_KP_TOKEN.findall(text))
    keys = tuple(k for k, *_ in infos)
    return _fixed_part(word, keys, infos, keys.index(word))


def test_a_word_always_beside_the_same_word_is_no_phrase_by_itself() -> None:
    assert _fixed("ken", MAYOR)  # always "Ken Livingstone"
    assert not _fixed("livingstone", MAYOR)  # also alone, and after "Mr"-like words
    assert _fixed("open", "Open source code. Firms like open source.")
    assert not _fixed("open", "Open source code. The open market.")
    assert not _fixed("smith", "Mr Smith spoke. Mr Smith left.")  # a title is no fixed expression
    assert not _fixed("nairobi", "Flights to Nairobi.")  # met once
    assert "ken" not in [k.lower() for k in keywords("Livingstone refuses to apologise", MAYOR, 8)]


def test_a_demonym_beside_its_country_is_a_duplicate() -> None:
    assert _same_name("uganda", "ugandan") and _same_name("chinese", "china")
    assert _same_name("iran", "iranian") and _same_name("japanese", "japan")
    assert not _same_name("austria", "australia")
    assert not _same_name("uganda", "uganda")
    low = [k.lower() for k in keywords("Eagle Air wins Nairobi licence", AIRLINE, 8)]
    assert not ({"uganda", "ugandan"} <= set(low))


def test_irregular_past_tenses_are_no_part_of_a_phrase() -> None:
    for k in keywords("Eagle Air wins Nairobi licence", AIRLINE, 8):
        assert "won" not in k.lower().split()


def test_phrase_words_are_the_stem_keys() -> None:
    assert phrase_words("The firms' new licences, said Uganda.") == {"firm", "licence", "uganda"}
