"""Language detection, and English-only analysis: lead summaries and no agreements elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thaw_cli.analysis import language
from thaw_cli.cli.app import app

runner = CliRunner()

FRENCH = (
    "Le Japon et la Corée du Sud ont signé mardi un accord commercial à Séoul, après deux ans de "
    "négociations sur les droits de douane.\n\nL'accord réduit les tarifs sur quatre cents produits et "
    "entrera en vigueur l'an prochain, ont indiqué les responsables des deux pays.\n\n"
    "Les analystes estiment que l'accord stimulera les exportations."
)
CHINESE = "日本和韩国周二在首尔签署了一项贸易协定，结束了两年的关税谈判。该协定将削减四百种产品的关税，明年生效。两国官员表示，协定将促进出口。"
JAPANESE = "日本と韓国は火曜日、ソウルで貿易協定に署名した。協定は四百品目の関税を引き下げ、来年発効する。両国の当局者はそう述べた。"
ENGLISH = (
    "Japan and South Korea signed a trade accord in Seoul on Tuesday, ending two years of talks over "
    "tariffs on steel.\n\nThe agreement cuts tariffs on 400 products and takes effect next year, officials said."
)


@pytest.mark.parametrize(("text", "code"), [
    (FRENCH, "fr"), (CHINESE, "zh"), (JAPANESE, "ja"), (ENGLISH, "en"),
    ("El gobierno español firmó el martes un acuerdo comercial con Japón para reducir los aranceles.", "es"),
    ("Die Bundesregierung hat am Dienstag ein Handelsabkommen mit Japan unterzeichnet.", "de"),
])
def test_detect(text: str, code: str) -> None:
    assert language.detect(text) == code


def test_too_short_or_figures_only_is_unknown() -> None:
    assert language.detect("Hi") is None
    assert language.detect("12 34 56 78 90 12 34 56 78 90 12 34") is None


def test_normalize_front_matter_values() -> None:
    assert language.normalize("English") == "en"
    assert language.normalize("en-GB") == "en"
    assert language.normalize("FR") == "fr"
    assert language.normalize(None) is None and language.normalize("  ") is None
    assert language.is_english(None) and language.is_english("en-US") and not language.is_english("fr")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    (tmp_path / "fr.md").write_text(f"---\ntitle: Accord commercial signé à Séoul\ndate: 2021-03-03\n---\n{FRENCH}\n", encoding="utf-8")
    (tmp_path / "zh.md").write_text(f"---\ntitle: 日韩签署贸易协定\ndate: 2021-03-04\n---\n{CHINESE}\n", encoding="utf-8")
    (tmp_path / "en.md").write_text(f"---\ntitle: Japan and Korea sign trade accord\ndate: 2021-03-05\n---\n{ENGLISH}\n", encoding="utf-8")
    (tmp_path / "declared.md").write_text(
        f"---\ntitle: Declared\nlanguage: English\ndate: 2021-03-06\n---\n{FRENCH}\n", encoding="utf-8")
    return tmp_path


def test_detected_language_is_listed_and_filterable(mixed: Path) -> None:
    result = runner.invoke(app, ["list", "--corpus", str(mixed), "--json"])
    assert result.exit_code == 0, result.stderr
    langs = {a["id"]: a["language"] for a in json.loads(result.stdout)}
    assert langs == {"fr": "fr", "zh": "zh", "en": "en", "declared": "en"}  # front matter wins
    result = runner.invoke(app, ["list", "--corpus", str(mixed), "--language", "zh", "--json"])
    assert [a["id"] for a in json.loads(result.stdout)] == ["zh"]


def test_non_english_summary_falls_back_to_lead(mixed: Path) -> None:
    result = runner.invoke(app, ["summary", "--corpus", str(mixed), "--json", "-s", "2"])
    assert result.exit_code == 0, result.stderr
    items = {s["id"]: s for s in json.loads(result.stdout)}
    assert items["fr"]["method"] == "lead" and items["zh"]["method"] == "lead"
    assert items["fr"]["summary"][0].startswith("Le Japon et la Corée du Sud ont signé mardi")
    assert len(items["fr"]["summary"]) == 2 and items["fr"]["keywords"] == []
    assert items["zh"]["summary"] and items["zh"]["summary"][0].startswith("日本和韩国")
    assert items["en"]["method"] == "extractive"


def test_agreements_skip_other_languages_with_a_note(mixed: Path) -> None:
    result = runner.invoke(app, ["agreements", "--corpus", str(mixed), "--json"])
    assert result.exit_code == 0
    found = {a["article"] for a in json.loads(result.stdout)}
    assert "en" in found and "fr" not in found and "zh" not in found
    assert "skipped 2 articles not in English" in result.stderr
    result = runner.invoke(app, ["agreements", "--corpus", str(mixed), "--language", "en", "--json"])
    assert "skipped" not in result.stderr


def test_search_accented_latin_text(mixed: Path) -> None:
    for query in ("Séoul", "seoul", "négociations", "negociations"):
        result = runner.invoke(app, ["search", query, "--corpus", str(mixed), "--json"])
        assert result.exit_code == 0, (query, result.stderr)
        assert "fr" in {h["id"] for h in json.loads(result.stdout)}


def test_search_cjk_does_not_break(mixed: Path) -> None:
    for query in ("贸易协定", "首尔", "日本"):
        result = runner.invoke(app, ["search", query, "--corpus", str(mixed), "--json"])
        assert result.exit_code in (0, 1), (query, result.stderr)
        assert "Traceback" not in result.stderr
        json.loads(result.stdout)


def test_model_cache_is_written_by_keep_and_read_later(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_identifier", None)
    path = language._cache_file()
    assert path is not None and path.parent.parent == isolated_env
    language.load()  # a plain load reads the model as shipped and writes nothing
    assert not path.exists()
    stale = path.parent / "py3langid-0123456789abcdef.pickle"  # thaw's, for an older model or layout
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"old")
    other = path.parent / "notes.txt"
    other.write_text("not thaw's model cache")
    monkeypatch.setattr(language, "_identifier", None)
    fresh = language.load(keep=True)
    assert path.is_file() and not list(path.parent.glob(".py3langid-*"))  # no temporary left
    assert not stale.exists() and other.read_text() == "not thaw's model cache"
    expected = fresh.classify(FRENCH.casefold())

    def no_model() -> None:
        raise AssertionError("the model was read although the cache holds it")

    monkeypatch.setattr(language, "_identifier", None)
    monkeypatch.setattr(language, "_from_model", no_model)
    assert language.load().classify(FRENCH.casefold()) == expected


def test_damaged_or_unwritable_model_cache_falls_back_to_the_model(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = language._cache_file()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    monkeypatch.setattr(language, "_identifier", None)
    assert language.detect(FRENCH) == "fr"  # read from the model
    monkeypatch.setattr(language, "_identifier", None)
    language.load(keep=True)  # rewritten whole
    assert path.stat().st_size > 1_000_000
    blocked = isolated_env / "blocked"
    blocked.mkdir()
    (blocked / "thaw").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(language, "_identifier", None)
    assert language.load(keep=True).classify(FRENCH.casefold())[0] == "fr"
    assert (blocked / "thaw").is_file() and sorted(p.name for p in blocked.iterdir()) == ["thaw"]


# --- the fast paths give what the plain ones give ---------------------------------------

def _plainly_english_slow(sample: str) -> bool:
    words = language._WORD.findall(sample.casefold())
    if len(words) < 40 or not "".join(words).isascii():
        return False
    return sum(map(language._ENGLISH.__contains__, words)) / len(words) >= 0.2


def test_plainly_english_ascii_split_matches_the_word_pattern() -> None:
    import random

    rng = random.Random(7)
    vocab = sorted(language._ENGLISH) + ["Said", "THE", "Of", "x", "oil", "mln", "dlrs", "U.S.", "it's",
                                         "co-op", "a1b2", "_the_", "1987", "Tokyo", "vs"]
    seps = [" ", "  ", "\n", "\n\n", ", ", ". ", "-", "_", "'", "\t", "/", "(", ")", "0", "9"]
    for _ in range(3000):
        n = rng.choice([5, 39, 40, 41, 60, 200])
        text = "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(n))
        assert text.isascii()
        assert language._plainly_english(text) == _plainly_english_slow(text), text
        # every ASCII byte, as a word separator or inside words
        noisy = "".join(chr(rng.randrange(128)) if rng.random() < 0.1 else c for c in text)
        assert language._plainly_english(noisy) == _plainly_english_slow(noisy), noisy
    # non-ASCII samples take the pattern itself
    assert language._plainly_english(ENGLISH * 3 + " café") == _plainly_english_slow(ENGLISH * 3 + " café")


def test_row_major_table_gives_the_same_scores() -> None:
    import random

    import numpy as np

    identifier = language.load()
    assert identifier.nb_ptc.flags.c_contiguous
    column_major = np.asfortranarray(identifier.nb_ptc)
    rng = random.Random(3)
    words = (FRENCH + " " + ENGLISH + " " + CHINESE + " Shr 34 cts vs 1.19 dlrs Net 807,000 Revs").split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randrange(3, 120))).casefold() for _ in range(300)]
    row_major = identifier.nb_ptc
    try:
        identifier.nb_ptc = column_major
        expected = [identifier.classify(t) for t in texts]
    finally:
        identifier.nb_ptc = row_major
    assert [identifier.classify(t) for t in texts] == expected


def test_langid_compat_guard() -> None:
    """The quarantine of py3langid's internals still works on the installed py3langid: the
    model file is found, the identifier is limited to thaw's languages, its table row-major."""
    from thaw_cli.analysis import langid_compat

    key = langid_compat.model_key()
    assert key is not None and all(part.isdigit() for part in key.split(":"))
    ident = langid_compat.identifier({"en", "fr", "de"})
    assert set(ident.nb_classes) == {"en", "fr", "de"}
    assert ident.nb_ptc.flags.c_contiguous
    assert ident.classify(FRENCH.casefold())[0] == "fr"
    assert ident.classify(ENGLISH.casefold())[0] == "en"
