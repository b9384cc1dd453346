"""Language detection for articles whose front matter names none: py3langid (a maintained,
faster fork of langid.py; its model ships inside the package, 97 languages).

Loading the model takes most of a second (a fifth of that from thaw's cache, see `load`), so
it is loaded once per process and only when needed: plainly English prose is recognised by its
function words first (on Reuters, 2,092 of 3,000 articles, every one of which the model also
calls English); the indexer loads the model before forking its workers.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from thaw_cli.analysis import langid_compat
from thaw_cli.core.paths import cache_dir

MIN_LETTERS = 20  # shorter texts are not classified (None)
SAMPLE = 4000  # characters classified: enough for a stable answer, bounded cost
MIN_PROBABILITY = 0.9  # below this the answer is None (tables of figures, mixed text)
_identifier: Any = None
LANGUAGES = set(
    "af ar az be bg bn bs ca cs cy da de el en es et eu fa fi fr ga gl gu he hi hr hu hy id is it "
    "ja ka kk km kn ko lt lv mk ml mn mr ms mt my ne nl no pa pl ps pt ro ru si sk sl so sq sr sv "
    "sw ta te th tl tr uk ur uz vi zh".split()
)
# MIN_LETTERS letters (anywhere): one match instead of a list of every letter of the sample
_ENOUGH_LETTERS = re.compile(r"(?:[\W\d_]*[^\W\d_]){" + str(MIN_LETTERS) + "}")
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset(
    "the of and to in is that for on was with said by it as at from he be has have are were will its "
    "an this which but not or his they their been had would who after also than more there".split()
)
# ASCII text (nearly all of it) is split into words as bytes: A-Z lowered, a-z kept, every
# other byte a space. For ASCII, casefold is lower and `_WORD` matches [A-Za-z]+, so the
# words are `_WORD.findall(sample.casefold())`, ASCII-encoded.
_ASCII_LETTERS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
_ENGLISH_BYTES = frozenset(w.encode("ascii") for w in _ENGLISH)
# Language names people write in front matter, mapped to ISO 639-1 codes.
NAMES = {
    "english": "en", "french": "fr", "français": "fr", "german": "de", "deutsch": "de",
    "spanish": "es", "español": "es", "italian": "it", "italiano": "it", "portuguese": "pt",
    "português": "pt", "dutch": "nl", "chinese": "zh", "中文": "zh", "japanese": "ja", "日本語": "ja",
    "korean": "ko", "russian": "ru", "arabic": "ar",
}


def load(*, keep: bool = False) -> Any:
    """The py3langid identifier (loaded on first use).

    py3langid ships its model LZMA-compressed; decompressing it is most of a second. With
    `keep` (the indexer, before a large batch) the loaded identifier is kept as a pickle in
    thaw's cache folder (about 85 MB, written atomically, keyed by the model file, the
    language set and the Python version), which later loads read in a fifth of the time;
    without a usable cache file the model is read as shipped.
    """
    global _identifier
    if _identifier is None:
        cached = _cache_file()
        identifier = _read_cache(cached) if cached else None
        if identifier is None:
            identifier = _from_model()
            if cached and keep:
                _write_cache(cached, identifier)
        _identifier = identifier
    return _identifier


def _from_model() -> Any:
    """The identifier read from py3langid's model as shipped, for `LANGUAGES` only."""
    return langid_compat.identifier(LANGUAGES)


def _cache_file() -> Path | None:
    import hashlib

    model = langid_compat.model_key()
    if model is None:
        return None
    # (the "row-major" layout, see langid_compat, is part of the key: older files are not read)
    key = f"{model}:{','.join(sorted(LANGUAGES))}:{sys.version_info[:2]}:row-major"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir() / f"py3langid-{digest}.pickle"


def _read_cache(path: Path) -> Any:
    import pickle

    try:
        with path.open("rb") as fh:
            identifier = pickle.load(fh)
    except Exception:  # missing, unreadable or damaged: read the model as shipped
        return None
    return identifier if hasattr(identifier, "classify") else None


def _write_cache(path: Path, identifier: Any) -> None:
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".py3langid-", suffix=".tmp", dir=path.parent)
    except OSError:
        return  # a read-only cache folder: no cache
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(identifier, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    for old in path.parent.glob("py3langid-*.pickle"):  # thaw's own, for another model or layout
        if old.name != path.name:
            try:
                old.unlink()
            except OSError:
                pass


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:SAMPLE]
    if _ENOUGH_LETTERS.match(sample) is None:
        return None
    if _plainly_english(sample):
        return "en"  # most articles: no need to load the model (about a second)
    return _classify(sample)


def _plainly_english(sample: str) -> bool:
    """Fast path: at least 40 words, a fifth of them English function words, ASCII letters only."""
    words: list[str] | list[bytes]
    english: frozenset[str] | frozenset[bytes]
    if sample.isascii():  # (a constant-time test) the same words, split without a regex
        words, english = sample.encode("ascii").translate(_ASCII_LETTERS).split(), _ENGLISH_BYTES
    else:
        words, english = _WORD.findall(sample.casefold()), _ENGLISH
        if not "".join(words).isascii():
            return False
    if len(words) < 40:
        return False
    return sum(map(english.__contains__, words)) / len(words) >= 0.2


def _classify(sample: str) -> str | None:
    lang, prob = load().classify(sample.casefold())
    return str(lang) if prob >= MIN_PROBABILITY else None


def normalize(value: str | None) -> str | None:
    """A front-matter language as a lower-case code: "English" → "en", "en-GB" → "en"."""
    if not value:
        return None
    text = value.strip().lower()
    if text in NAMES:
        return NAMES[text]
    return re.split(r"[-_]", text, maxsplit=1)[0] or None


def is_english(language: str | None) -> bool:
    """Summaries and agreements are built for English; unknown counts as English."""
    return language is None or normalize(language) == "en"
