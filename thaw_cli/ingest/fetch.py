"""`thaw add URL`: fetch one web page with the standard library (urllib).

Only http and https; a timeout on every network step; redirects followed up to
`MAX_REDIRECTS` (a loop is reported as one); the body is read up to `MAX_BYTES` and refused
beyond; content that is not HTML (or XHTML) is refused. Every failure is a FetchError whose
message is one line: `HTTP 404 (Not Found)`, `cannot resolve host …`, `timed out after 20 s`.
"""

from __future__ import annotations

import datetime as _dt
import re
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

from thaw_cli import __version__
from thaw_cli.core.errors import FileProblem
from thaw_cli.ingest.corpus import decode

TIMEOUT = 20.0  # seconds, for connecting and for each read
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = f"thaw/{__version__} (+news-digest command-line tool)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


class FetchError(FileProblem):
    """A page that could not be fetched; the message is one line for the user."""


@dataclass
class Fetched:
    url: str  # after redirects
    html: str
    fetched: str  # ISO 8601 time of the fetch (UTC, seconds)
    content_type: str


def is_url(text: str) -> bool:
    """True for something the user meant as a web address (any scheme followed by ://)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text))


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 1

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirected to a {scheme or 'relative'} URL, only http and https are fetched")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Redirects())


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """Download an HTML page; FetchError (one line) for anything that is not one."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {scheme}:")
    if not parts.hostname:
        raise FetchError("the URL has no host name")
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    })
    started = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    try:
        with _opener().open(request, timeout=timeout) as resp:
            final = resp.geturl()
            headers: Message = resp.headers
            ctype = headers.get_content_type()
            if ctype not in HTML_TYPES:
                raise FetchError(f"not an HTML page (content type {ctype})")
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"page larger than the size limit ({int(declared):,} > {max_bytes:,} bytes)")
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(f"page larger than the size limit ({max_bytes:,} bytes)")
            charset = headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise FetchError(f"too many redirects or a redirect loop (HTTP {exc.code})") from None
        raise FetchError(f"HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        raise FetchError(_reason(exc.reason, parts.hostname, timeout)) from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except ssl.SSLError as exc:
        raise FetchError(f"TLS error: {exc.reason or exc}") from None
    except (ConnectionError, OSError) as exc:
        raise FetchError(_reason(exc, parts.hostname, timeout)) from None
    except ValueError as exc:  # http.client rejects malformed URLs and headers
        raise FetchError(f"invalid URL: {exc}") from None
    return Fetched(final, _decode(data, charset), started.isoformat(), ctype)


def _reason(reason: Any, host: str | None, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host {host!r} (DNS lookup failed)"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {host}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    if isinstance(reason, FetchError):
        return str(reason)
    text = getattr(reason, "strerror", None) or str(reason)
    return f"cannot connect to {host}: {text}"


def _decode(data: bytes, charset: str | None) -> str:
    if charset is None:
        m = _META_CHARSET.search(data[:4096])
        charset = m.group(1).decode("ascii") if m else None
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode(data)
