"""Saved web pages: main text and metadata through trafilatura, without page furniture."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thaw_cli.app.importer import article_from_text
from thaw_cli.cli.app import app
from thaw_cli.core.errors import FileProblem
from thaw_cli.ingest.html import looks_like_html, parse_html

runner = CliRunner()

PARAS = [
    "TOKYO — Japan and South Korea signed a trade accord on Tuesday that cuts tariffs on machinery, "
    "steel and farm goods, ending two years of difficult negotiations, officials in both capitals said.",
    "The accord, which needs the approval of both parliaments, will take effect next spring and covers "
    "more than four hundred products, according to a statement from the trade ministry in Tokyo.",
    "Exporters welcomed the deal. Analysts said it could lift trade between the two neighbours by "
    "several billion dollars a year, although farm groups in both countries remain opposed.",
]
FURNITURE = {
    "cookie": "We use cookies to improve your experience. Accept all cookies or manage your preferences.",
    "nav": "Home World Business Markets Opinion Sport",
    "script": "window.dataLayer.push tracking pixel",
    "footer": "Copyright 2021 The Daily Planet. All rights reserved. Privacy policy. Terms of use.",
    "related": "Related stories: Port strike ends in Busan after three weeks of talks",
    "newsletter": "Sign up for our morning newsletter to get the headlines in your inbox",
}


def page(meta: str = "", *, jsonld: str = "", h1: str = "Japan and South Korea sign trade accord") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in PARAS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{h1} | The Daily Planet</title>
{meta}{jsonld}
<script>{FURNITURE['script']}</script><style>p {{ color: black }}</style></head>
<body>
<div id="cookie-consent" class="cookie-banner"><p>{FURNITURE['cookie']}</p><button>Accept</button></div>
<header><nav class="main-nav"><ul>{''.join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in FURNITURE['nav'].split())}</ul></nav></header>
<main><article>
<h1>{h1}</h1>
{body}
<aside class="related-stories"><h2>Related stories</h2><ul><li><a href="/busan">{FURNITURE['related'].split(': ')[1]}</a></li></ul></aside>
<div class="newsletter-signup"><p>{FURNITURE['newsletter']}</p><form><input type="email"></form></div>
</article></main>
<footer><p>{FURNITURE['footer']}</p></footer>
</body></html>"""


OPENGRAPH = """<meta property="og:title" content="Japan and South Korea sign trade accord">
<meta property="og:site_name" content="The Daily Planet">
<meta property="og:url" content="https://planet.example/world/2021/03/trade-accord">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2021-03-02T09:30:00+09:00">
<meta property="article:section" content="World">
<meta property="article:tag" content="trade"><meta property="article:tag" content="asia">
"""
JSONLD = """<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Japan and South Korea sign trade accord", "datePublished": "2021-03-02T09:30:00+09:00",
"author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Min-jun Kim"}],
"publisher": {"@type": "Organization", "name": "The Daily Planet"},
"articleSection": "World", "keywords": ["trade", "asia"],
"mainEntityOfPage": "https://planet.example/world/2021/03/trade-accord"}</script>"""


def assert_clean_body(body: str) -> None:
    paragraphs = body.split("\n\n")
    assert paragraphs == PARAS
    for name, text in FURNITURE.items():
        assert text[:25] not in body, name


def test_opengraph_metadata_and_clean_body() -> None:
    p = parse_html(page(OPENGRAPH))
    assert p.title == "Japan and South Korea sign trade accord"
    assert p.authors == ["Jane Doe"]
    assert p.date == "2021-03-02"
    assert p.source == "The Daily Planet"
    assert p.url == "https://planet.example/world/2021/03/trade-accord"
    assert p.section == "World"
    assert p.tags == ["trade", "asia"]
    assert p.language == "en"
    assert_clean_body(p.body)


def test_json_ld_metadata() -> None:
    p = parse_html(page(jsonld=JSONLD))
    assert p.title == "Japan and South Korea sign trade accord"
    assert p.authors == ["Jane Doe", "Min-jun Kim"]
    assert p.date == "2021-03-02"
    assert p.source == "The Daily Planet"
    assert p.section == "World"
    assert_clean_body(p.body)


def test_no_metadata_at_all() -> None:
    p = parse_html(page())
    assert p.title and "Japan and South Korea sign trade accord" in p.title
    assert p.authors == [] and p.tags == []
    assert_clean_body(p.body)


def test_page_without_article_text_is_a_file_problem() -> None:
    with pytest.raises(FileProblem):
        parse_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_detection_of_html() -> None:
    assert looks_like_html(page())
    assert looks_like_html("  <!-- saved -->\n<html><body><p>x</p></body></html>")
    assert looks_like_html("<div><p>one</p><p>two</p><p>three</p></div>")
    assert not looks_like_html("---\ntitle: A\n---\nText with a <b>tag</b>.")
    assert not looks_like_html("Plain text about <html> tags in prose.")


def test_stdin_kinds_detected() -> None:
    a = article_from_text(page(OPENGRAPH), "<stdin>")
    assert a.source == "The Daily Planet" and a.body.split("\n\n") == PARAS
    md = article_from_text("---\ntitle: From Markdown\nauthor: Ann Lee\n---\n" + PARAS[0] + "\n", "<stdin>")
    assert md.title == "From Markdown" and md.authors == ["Ann Lee"]
    raw = article_from_text("Japan and South Korea sign trade accord\n\n" + "\n\n".join(PARAS) + "\n", "<stdin>")
    assert raw.title == "Japan and South Korea sign trade accord" and PARAS[1] in raw.body
    with pytest.raises(FileProblem):
        article_from_text("  \n", "<stdin>")


def test_html_files_in_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "saved.html").write_text(page(OPENGRAPH), encoding="utf-8")
    (tmp_path / "other.htm").write_text(page(jsonld=JSONLD, h1="Second story on the accord"), encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["list", "--corpus", str(tmp_path), "--json"])
    assert result.exit_code == 0
    data = {a["id"]: a for a in json.loads(result.stdout)}
    assert set(data) == {"saved", "other"}
    assert data["saved"]["source"] == "The Daily Planet" and data["saved"]["tags"] == ["trade", "asia"]
    assert "empty.html" in result.stderr and "warning" in result.stderr  # skipped, one line
    result = runner.invoke(app, ["show", "saved", "--corpus", str(tmp_path), "--json"])
    assert json.loads(result.stdout)["body"].split("\n\n") == PARAS


def test_add_html_file_and_stdin(tmp_path: Path, thaw_bin: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    src = tmp_path / "page.html"
    src.write_text(page(OPENGRAPH), encoding="utf-8")
    news = tmp_path / "news"
    result = runner.invoke(app, ["add", str(src), "--to", str(news), "--json"])
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)
    text = Path(item["path"]).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Japan and South Korea sign trade accord\n")
    assert "url: https://planet.example/world/2021/03/trade-accord" in text and FURNITURE["cookie"] not in text
    other = tmp_path / "other"
    proc = thaw_bin("add", "-", "--to", str(other), "--json", input=page(jsonld=JSONLD))
    assert proc.returncode == 0, proc.stderr
    [item] = json.loads(proc.stdout)
    assert item["source"] == "-" and "Min-jun Kim" in Path(item["path"]).read_text(encoding="utf-8")
    proc = thaw_bin("add", "-", "--to", str(other), input="")
    assert proc.returncode == 2 and "empty input" in proc.stderr and "Traceback" not in proc.stderr
