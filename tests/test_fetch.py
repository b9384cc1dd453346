"""`thaw add URL` against a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_html import OPENGRAPH, PARAS, page
from thaw_cli.cli.app import app
from thaw_cli.ingest import fetch as fetch_mod
from thaw_cli.ingest.fetch import FetchError, fetch

runner = CliRunner()
ARTICLE = page(OPENGRAPH).encode("utf-8")
SLOW_RELEASE = threading.Event()  # /slow answers only once this is set (or after a minute)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE)
        elif path == "/moved":
            self._send(301, b"", Location="/article")
        elif path == "/loop":
            self._send(302, b"", Location="/loop2")
        elif path == "/loop2":
            self._send(302, b"", Location="/loop")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])  # n more redirects, then the article
            if n == 0:
                self._send(200, ARTICLE)
            else:
                self._send(302, b"", Location=f"/chain/{n - 1}")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4 ...", "application/pdf")
        elif path == "/slow":
            SLOW_RELEASE.wait(60)
            self._send(200, ARTICLE)
        elif path == "/big":
            self._send(200, b"<html><body>" + b"<p>word</p>" * 1_000_000 + b"</body></html>")
        elif path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(700):
                self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        elif path == "/latin1":
            self._send(200, ARTICLE.decode("utf-8").replace("Busan", "Zürich").encode("latin-1", "replace"), "text/html; charset=iso-8859-1")
        elif path == "/menu":
            self._send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
        else:
            self._send(404, b"<html><body>Not found</body></html>")


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up early (timeouts, size limits) break the pipe on purpose


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        SLOW_RELEASE.set()
        httpd.shutdown()
        httpd.server_close()


def test_fetch_success_and_redirect(server: str) -> None:
    got = fetch(f"{server}/article", timeout=10)
    assert got.url == f"{server}/article" and "<article>" in got.html
    assert got.content_type == "text/html" and got.fetched.endswith("+00:00")
    moved = fetch(f"{server}/moved", timeout=10)
    assert moved.url == f"{server}/article"
    assert fetch(f"{server}/chain/{fetch_mod.MAX_REDIRECTS}", timeout=10).url == f"{server}/chain/0"


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "HTTP 404 (Not Found)"),
    ("/pdf", "not an HTML page (content type application/pdf)"),
    ("/loop", "redirect loop"),
    (f"/chain/{fetch_mod.MAX_REDIRECTS + 1}", "too many redirects"),
    ("/big", "larger than the size limit"),
    ("/big-unannounced", "larger than the size limit"),
])
def test_fetch_failures_are_one_line(server: str, path: str, message: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{server}{path}", timeout=10, max_bytes=5_000_000)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_timeout(server: str) -> None:
    # The server holds its answer back until the test lets it go (a minute at most): only the
    # client's timeout can end the fetch before that, so no clock is read here.
    with pytest.raises(FetchError, match=r"timed out after 0.5 s"):
        fetch(f"{server}/slow", timeout=0.5)


def test_dns_failure_and_schemes() -> None:
    with pytest.raises(FetchError, match="cannot resolve host 'no-such-host.invalid'"):
        fetch("http://no-such-host.invalid/page", timeout=5)
    with pytest.raises(FetchError, match="only http and https"):
        fetch("ftp://127.0.0.1/file.html")
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd")


def test_charset_from_header(server: str) -> None:
    assert "Zürich" in fetch(f"{server}/latin1", timeout=10).html


def test_add_url_stores_url_and_fetch_time(server: str, tmp_path: Path) -> None:
    news = tmp_path / "news"
    result = runner.invoke(app, ["add", f"{server}/moved", "--to", str(news), "--json"])
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert item["source"] == f"{server}/moved"
    text = Path(item["path"]).read_text(encoding="utf-8")
    assert "url: https://planet.example/world/2021/03/trade-accord" in text  # the page's canonical URL
    assert "fetched: '20" in text or "fetched: 20" in text
    shown = runner.invoke(app, ["show", item["id"], "--corpus", str(news), "--json"])
    data = json.loads(shown.stdout)
    assert data["body"].split("\n\n") == PARAS and data["extra"]["fetched"].startswith("20")
    # the same URL again is refused, naming the existing id
    again = runner.invoke(app, ["add", f"{server}/article", "--to", str(news)])
    assert again.exit_code == 2 and f"already in the corpus as {item['id']}" in again.stderr


def test_add_url_failures_one_line_each_and_the_rest_imported(server: str, tmp_path: Path) -> None:
    news = tmp_path / "news"
    result = runner.invoke(app, ["add", f"{server}/missing", f"{server}/pdf", f"{server}/menu",
                                 "http://no-such-host.invalid/x", f"{server}/article", "--to", str(news)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("thaw: error:")]
    assert len(errors) == 4 and "Traceback" not in result.stderr
    assert "HTTP 404" in errors[0] and "application/pdf" in errors[1]
    assert "no article text" in errors[2] and "cannot resolve host" in errors[3]
    assert len(list(news.glob("*.md"))) == 1
