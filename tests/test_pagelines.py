"""Copied web pages: the shipped line classifier (thaw_cli.ingest.pagelines), dates anywhere in a
line (thaw_cli.ingest.pagedates) and bylines, on small pages written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaw_cli.ingest import pagelines
from thaw_cli.ingest.cleaning import _byline_names, clean_page, page_lines
from thaw_cli.ingest.pagedates import RELATIVE_RE, find_dates

PAGES = Path(__file__).parent / "fixtures" / "pages"


def read(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def paras(body: str) -> list[str]:
    return body.split("\n\n") if body else []


# --- the shipped model -----------------------------------------------------------------


def test_shipped_model_loads_and_separates_prose_from_menus() -> None:
    model = pagelines.Model.load()
    assert {"s1_w1", "s2_w1", "title_w1", "date_w1", "author_w1"} <= set(model.a)
    assert len(model.words.weights) > 1000 and model.words.common
    lines, bullets, blocks, rules = page_lines(read("en_news.txt"))
    probs = pagelines.line_probabilities(lines, bullets, blocks, rules, model)
    assert len(probs) == len(lines) and all(0.0 <= p <= 1.0 for p in probs)
    by_text = dict(zip(lines, probs, strict=True))
    prose = [p for s, p in by_text.items() if s.startswith(("The new cranes", "Dock workers"))]
    menus = [by_text[s] for s in ("Menu", "Sign in", "Business", "Privacy policy", "Most read")]
    assert min(prose) > 0.5 > max(menus)


def test_model_is_loaded_once() -> None:
    assert pagelines.load_model() is pagelines.load_model()


# --- whole pages in three languages -----------------------------------------------------

CASES = {
    "de_news.txt": dict(
        title="Stadtwerke bauen neues Wärmenetz für die Altstadt",
        date="2021-03-12",
        authors=["Anna Berger"],
        section="Wirtschaft > Energie",
        first="Die Stadtwerke wollen in den kommenden fünf Jahren",
        last="Der Oberbürgermeister verteidigte die Pläne",
        debris=["Zum Inhalt springen", "Startseite", "Anmelden", "Wir verwenden Cookies",
                "Akzeptieren", "Teilen", "Drucken", "Merken", "Mehr zum Thema",
                "Neue Buslinie ab Dezember", "Kommentare (3)", "Schreiben Sie einen Kommentar",
                "Newsletter", "Melden Sie sich jetzt", "Impressum", "Datenschutz",
                "Alle Rechte vorbehalten", "Von Anna Berger", "12. März 2021"],
    ),
    "en_news.txt": dict(
        title="Harbour operator orders six electric cranes in bid to cut emissions",
        date="2022-06-03",
        authors=["James Whitfield"],
        section=None,
        first="The company that runs the city's container harbour",
        last="Analysts said the order was one of the largest",
        debris=["Skip to main content", "Sign in", "Subscribe", "We use cookies",
                "Accept all cookies", "Share on Facebook", "Listen to this article",
                "Advertisement", "Most read", "Train strike to go ahead", "Comments are closed",
                "Sign up for our daily newsletter", "Privacy policy", "All rights reserved",
                "By James Whitfield", "Published: 3 June 2022"],
    ),
    "es_news.txt": dict(
        title="El puerto amplía su terminal de contenedores",
        date="2020-09-15",
        authors=["María López"],
        section="Economía",
        first="La autoridad portuaria aprobó este martes",
        last="El gobierno regional, por su parte,",
        debris=["Ir al contenido", "Portada", "Iniciar sesión", "Utilizamos cookies", "Aceptar",
                "Compartir", "Imprimir", "Noticias relacionadas", "El turismo crece",
                "Deja tu comentario", "Aviso legal", "Todos los derechos reservados",
                "Por María López", "15 de septiembre de 2020"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_copied_page(name: str) -> None:
    case = CASES[name]
    page = clean_page(read(name))
    assert page.title == case["title"]
    assert page.date == case["date"]
    assert page.authors == case["authors"]
    assert page.section == case["section"]
    body = paras(page.body)
    assert body[0].startswith(case["first"])
    assert body[-1].startswith(case["last"])
    for debris in case["debris"]:
        assert not any(p.startswith(debris) for p in body), debris


def test_subheading_between_paragraphs_is_kept() -> None:
    assert "Kritik an den Kosten" in paras(clean_page(read("de_news.txt")).body)


def test_relative_time_is_no_date() -> None:
    text = read("en_news.txt").replace("Published: 3 June 2022", "Updated 3 hours ago")
    page = clean_page(text)
    assert page.date is None
    assert "Updated 3 hours ago" not in page.body


def test_short_and_wrapped_text_keeps_the_rules() -> None:
    text = "A plain title\n\n" + "\n\n".join(
        f"Paragraph {k} says something plain about the topic of the day." for k in range(5))
    page = clean_page(text)
    assert page.title == "A plain title"
    assert len(paras(page.body)) == 5


# --- dates in a line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Veröffentlicht am 12.03.2019 um 10:00 Uhr", "2019-03-12"),
        ("Posted by Jane on March 3rd, 2019", "2019-03-03"),
        ("18. Oktober 2018, 9:35 Uhr | Heinz Arnold", "2018-10-18"),
        ("Publié le 1er mars 2020 à 08h15", "2020-03-01"),
        ("Publicado el 23 de septiembre de 2018", "2018-09-23"),
        ("Pubblicato il 5 maggio 2017", "2017-05-05"),
        ("Opublikowano: 12 marca 2019", "2019-03-12"),
        ("2019. március 12.", "2019-03-12"),
        ("Stand: 2021-11-02 17:45", "2021-11-02"),
        ("Mo, 5. Mai 2014", "2014-05-05"),
        ("09/23/2018", "2018-09-23"),
        ("12.03.19", "2019-03-12"),
    ],
)
def test_find_dates(line: str, iso: str) -> None:
    assert find_dates(line)[0][0] == iso


def test_find_dates_ambiguous_numeric_follows_the_page() -> None:
    assert find_dates("12/03/2018")[0][0] == "2018-03-12"
    assert find_dates("12/03/2018", month_first=True)[0][0] == "2018-12-03"


@pytest.mark.parametrize("line", ["Updated 3 hours ago", "vor 2 Tagen", "il y a 3 jours",
                                  "hace 2 horas", "Telefon 0711 2345", "31. Mai", "Oct 2018"])
def test_no_full_date(line: str) -> None:
    assert not find_dates(line)


@pytest.mark.parametrize("line", ["Updated 3 hours ago", "vor 2 Tagen", "il y a 3 jours",
                                  "hace 2 horas", "Aktualisiert: gestern"])
def test_relative_times_are_recognised(line: str) -> None:
    assert RELATIVE_RE.search(line)


# --- bylines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Von Max Muster", ["Max Muster"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Par Jean Dupont | 3 mars 2020", ["Jean Dupont"]),
        ("Por María García", ["María García"]),
        ("di Mario Rossi", ["Mario Rossi"]),
        ("Autor: Jan Kowalski", ["Jan Kowalski"]),
        ("BY JANE DOE", ["Jane Doe"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Foto: dpa", []),
        ("Staff", []),
        ("Redaktion", []),
        # an introducer after a publication verb or a noun, a second introducer
        ("Publicado por Alberto Gómez", ["Alberto Gómez"]),
        ("Veröffentlicht von Carla Beispiel", ["Carla Beispiel"]),
        ("Ein Kommentar von Ingo Muster", ["Ingo Muster"]),
        ("Text von Lena Probe   Illustration von Tim Test", ["Lena Probe"]),
        ("Text & Fotos: Ivo Muster", ["Ivo Muster"]),
        ("Autoren Eva Klein und Uwe Groß", ["Eva Klein", "Uwe Groß"]),
        ("Escribe Camila Ejemplo", ["Camila Ejemplo"]),
        ("Posted in News by jdoe42 on March 3, 2019", ["jdoe42"]),
        # several names, roles glued or after the name
        ("By Ann Lee, Bo Park and Cy Diaz, Reuters", ["Ann Lee", "Bo Park", "Cy Diaz"]),
        ("Evan MusterStaff Writer", ["Evan Muster"]),
        ("Harald Probe Autor", ["Harald Probe"]),
        # a name beside a date, a time or a count of comments, no introducer
        ("September 17, 2019 Helmut Probe 0", ["Helmut Probe"]),
        ("Marie Exemple | lundi 9 décembre 2019 à 09h08", ["Marie Exemple"]),
        ("Pia Beispiel 06 PM | 18 Mai", ["Pia Beispiel"]),
        # a particle inside a name is no introducer; no byline after "Powered by"
        ("Christoph von Eichhorn", ["Christoph von Eichhorn"]),
        ("Powered by WordPress", []),
    ],
)
def test_byline_names(line: str, names: list[str]) -> None:
    assert _byline_names(line, find_dates(line)) == names


def test_byline_introducer_on_the_line_before() -> None:
    from thaw_cli.ingest.cleaning import byline_text

    lines = ["Ein Titel", "Von", "Max Muster", "Der Text beginnt hier."]
    assert byline_text(lines, 2) == "Von Max Muster"
    assert byline_text(lines, 3) == "Der Text beginnt hier."
    assert _byline_names(byline_text(lines, 2), []) == ["Max Muster"]


def test_a_table_the_classifier_finds_no_text_in_is_read_by_the_rules() -> None:
    from thaw_cli.ingest.cleaning import _Cleaner, _normalise, _page_hints, _units

    rows = [f"GRADE {k} WHEAT  {200 + k}-1/4  up {k}" for k in range(30)]
    text = "DAILY CASH GRAIN CLOSE\n\n" + "\n".join(rows) + "\n"
    page = clean_page(text)
    norm = _normalise(text)
    assert page == _Cleaner(_units(norm), _page_hints(norm)).run()
    assert page.body
