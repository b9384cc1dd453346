"""A benchmark corpus of ~1,000,000 articles, laid out as people keep them, from Reuters-21578.

    python bench/make_million.py [--out /work/bench-data/million] [--articles 1000000]

Reads the 19,043 Reuters-21578 articles that have a body (from ../shared, never copied into
the repository) and writes ~52 varied copies of the set outside the repository:

    <out>/<source>/<year>/<month>/<mmdd>-<newid>-<slug>.txt|.md

- **Years**: copy `c` is dated `1974 + c` (month and day of the Reuters date kept, so the
  1987 pattern of stories, days apart, repeats once a year and copies of one article are a
  year or more apart: never one story).
- **Sources**: each article goes to one of four source folders (`reuters`, `wire`,
  `business`, `markets`) by a hash of (copy, article); with 5 months per year (February,
  March, April, June, October, as in Reuters) that is ~1,020 folders of ~980 files (March
  folders hold ~2,600, February ones ~50).
- **Formats**: three in four are raw pages as copied from a site (`.txt`: title line, a
  date line "February 26, 1995", the dateline and body, hard-wrapped as in Reuters), one
  in four front-matter Markdown as `thaw add` writes it (`.md`: title, date, source; one
  paragraph per line).
- **Names**: in copy `c` >= 1 every capitalised word whose lower-case form never occurs
  in the corpus (names: "Comissaria Smith", "Bahia"; not "The", not countries, capitals,
  international bodies, organisation suffixes or titles, which thaw's gazetteer knows) gets a
  syllable appended, chosen by a hash of (copy, word): the same in every article of the
  copy, so the copy's stories keep their shared names, and different from copy to copy,
  so each copy has its own people and companies (and their own story band keys: identical
  copies would put 52 articles in every LSH bucket). The same change is made to those
  words in the upper-case titles.
- **Numbers**: in copy `c` >= 1 years (1950-1999, and "1987/88") move with the article's
  date, days after a month name stay, and the last digit of every other number of two
  digits or more is shifted by a copy-dependent amount.
- **Titles**: per article and copy, 30% get two adjacent words swapped, 25% a suffix
  ("- SOURCES", "(UPDATE 1)", ...).
- **Length and sentences**: per article and copy, 40% of those of more than five
  paragraphs are cut after 50-90% of them (as papers cut wire copy from the bottom), 30%
  lose one sentence (not the first), 20% get one generic sentence added before the sign-off.
- **House style**: each copy writes each of mln/million, bln/billion, dlrs/dollars,
  pct/percent, cts/cents, vs/versus, U.S./United States, said/stated, company/firm,
  shares/stock one way or the other (a bit of a hash of the copy number each).
- **Duplicates**: 3% of the articles of each copy are published a second time, in another
  source folder, 0-2 days later, with another title suffix and one sentence dropped: real
  near-duplicates (`thaw list --duplicates`).

Each copy is written by itself and marked done (`<out>/.done/cNN`), so a killed run
resumes where it stopped; `<out>/.count` holds the number of files once all are written.
Deterministic: the same arguments give the same files. `--check` prints, for 2,000
articles drawn at random, the fingerprint similarity of their copies 1 and 2: all the
changes together leave ~7% of them near-duplicates (`fingerprint.THRESHOLD` 0.7), mostly
long articles with few names or numbers, as annual reports that repeat themselves.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from reuters import ReutersDoc, documents  # noqa: E402

DEFAULT_OUT = Path("/work/bench-data/million")
FIRST_YEAR = 1974
SOURCES = ("reuters", "wire", "business", "markets")
SOURCE_NAMES = {"reuters": "Reuters", "wire": "Wire Service", "business": "Business Desk", "markets": "Markets Daily"}
MONTHS = {"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8,
          "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
SYLLABLES = ("son", "ra", "vik", "ton", "ell", "ani", "berg", "ez", "ova", "ardt", "ino", "ley",
             "mar", "dal", "ski", "ow", "ace", "und", "ida", "ek", "holm", "ette", "ur", "ias",
             "field", "ova", "ak", "enko", "is", "oni", "gard", "ic", "ard", "elli", "au", "ford",
             "wyn", "ath", "esco", "mir")
TITLE_SUFFIXES = ("- SOURCES", "(UPDATE 1)", "- ANALYSTS", "(CORRECTED)", "- OFFICIAL", "- REPORT")
GENERIC = (
    "Officials were not immediately available for further comment.",
    "Analysts said the move had been widely expected.",
    "No further details were given.",
    "The announcement was made after markets closed.",
    "A spokesman declined to comment on the figures.",
)
DUP_SHARE = 0.03
# house styles: each copy writes each of these the Reuters way or the long way (a bit of
# the copy number each), as different outlets' style sheets do
STYLE = (("mln", "million"), ("bln", "billion"), ("dlrs", "dollars"), ("pct", "percent"),
         ("cts", "cents"), ("vs", "versus"), ("U.S.", "United States"), ("said", "stated"),
         ("company", "firm"), ("shares", "stock"))
_STYLE = {short: i for i, (short, _) in enumerate(STYLE)}
_STYLE_RX = re.compile(r"(?<![\w.])(" + "|".join(re.escape(s) for s, _ in STYLE) + r")(?![\w])", re.I)
_CAP = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUM = re.compile(
    r"(?P<month>\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b)"
    r"|\b(?P<year>19[5-9]\d)(?P<tail>/\d\d\b)?|\d{2,}")
_WORDS = re.compile(r"[A-Za-z]+")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")

_DOCS: list[ReutersDoc] = []
_NAMES: frozenset[str] = frozenset()


def _names(docs: list[ReutersDoc]) -> frozenset[str]:
    """Lower-cased capitalised words never written in lower case, nor known to the gazetteer."""
    lower: set[str] = set()
    caps: set[str] = set()
    for d in docs:
        for w in _WORDS.findall(d.body):
            if w.islower():
                lower.add(w)
            elif w[0].isupper() and w[1:].islower() and len(w) >= 3:
                caps.add(w.lower())
    from thaw_cli.analysis import gazetteer

    known: set[str] = set()
    for c in gazetteer.COUNTRIES:
        for alias in c.aliases():
            known.update(w.lower() for w in _WORDS.findall(alias))
    for b in gazetteer.BODIES:
        for alias in (b.name, *b.aliases):
            known.update(w.lower() for w in _WORDS.findall(alias))
    for s in (*gazetteer.ORG_SUFFIXES, *gazetteer.PERSON_TITLES):
        known.update(w.lower() for w in _WORDS.findall(s))
    known.update(m.lower() for m in MONTH_NAMES)
    known.update(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "reuter", "reuters"))
    return frozenset(caps - lower - known)


def _h(*parts: object) -> int:
    return zlib.crc32(":".join(map(str, parts)).encode())


def _rename(word: str, copy: int) -> str:
    return word + SYLLABLES[_h(copy, word.lower()) % len(SYLLABLES)]


def _vary_text(text: str, copy: int) -> str:
    if copy == 0:
        return text
    names = _NAMES

    def cap(m: re.Match[str]) -> str:
        w = m.group(0)
        return _rename(w, copy) if w.lower() in names else w

    shift = 1 + copy % 9
    years = FIRST_YEAR + copy - 1987

    def num(m: re.Match[str]) -> str:
        if m.group("month"):  # a day of the month: kept
            return m.group(0)
        if m.group("year"):  # a year (and "/88"): moved with the article's date
            y = int(m.group("year")) + years
            tail = m.group("tail")
            return f"{y}" + (f"/{(y + 1) % 100:02d}" if tail else "")
        s = m.group(0)
        return s[:-1] + str((int(s[-1]) + shift) % 10)

    style = _h(copy, "style")

    def styled(m: re.Match[str]) -> str:
        w = m.group(0)
        i = _STYLE.get(w if w == "U.S." else w.lower())
        if i is None or not style >> i & 1:
            return w
        long = STYLE[i][1]
        return long.capitalize() if w[0].isupper() and w != "U.S." else long

    return _STYLE_RX.sub(styled, _NUM.sub(num, _CAP.sub(cap, text)))


def _vary_title(title: str, copy: int, rng: random.Random, dup: bool) -> str:
    if copy:
        names = _NAMES

        def up(m: re.Match[str]) -> str:
            w = m.group(0)
            return _rename(w.capitalize(), copy).upper() if w.lower() in names else w

        title = re.sub(r"\b[A-Z]{3,}\b", up, title)
    words = title.split()
    if rng.random() < 0.30 and len(words) >= 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    if rng.random() < 0.25 or dup:
        words.append(rng.choice(TITLE_SUFFIXES))
    return " ".join(words)


def _vary_sentences(body: str, rng: random.Random, drop: bool) -> str:
    """Drop one sentence (not the first) and/or add a generic one before the sign-off."""
    paras = body.split("\n    ")
    if len(paras) > 5 and rng.random() < 0.40:  # cut from the bottom, as papers cut wire copy
        keep = max(3, int(len(paras) * rng.uniform(0.5, 0.9)))
        sign_off = paras[-1].rstrip().rpartition("\n")[2]
        paras = paras[:keep]
        if sign_off.strip() == "Reuter":
            paras[-1] = paras[-1].rstrip() + "\n" + sign_off + "\n"
    if (drop or rng.random() < 0.30) and len(paras) > 2:
        i = rng.randrange(1, len(paras) - 1)
        sentences = _SENT.split(paras[i])
        if len(sentences) > 1:
            del sentences[rng.randrange(len(sentences))]
            paras[i] = " ".join(sentences)
        else:
            del paras[i]
    if rng.random() < 0.20:
        paras.insert(max(1, len(paras) - 1), rng.choice(GENERIC))
    return "\n    ".join(paras)


def _slug(title: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:50].rstrip("-") or "untitled"


def _date(d: ReutersDoc, year: int, shift_days: int = 0) -> tuple[int, int, int]:
    import datetime as dt

    day, mon, _ = d.date.split()[0].split("-")
    when = dt.date(year, MONTHS[mon], int(day)) + dt.timedelta(days=shift_days)
    return when.year, when.month, when.day


def _write(out: Path, d: ReutersDoc, copy: int, rng: random.Random, *, dup: bool) -> None:
    year = FIRST_YEAR + copy
    y, m, day = _date(d, year, rng.randrange(0, 3) if dup else 0)
    src = SOURCES[_h(copy, d.newid, "src") % len(SOURCES)]
    if dup:
        src = SOURCES[(SOURCES.index(src) + 1 + _h(copy, d.newid, "dup") % (len(SOURCES) - 1)) % len(SOURCES)]
    title = _vary_title(d.title, copy, rng, dup)
    body = _vary_sentences(_vary_text(d.body, copy), rng, dup)
    dateline = _vary_text(d.dateline, copy)
    markdown = _h(copy, d.newid, "fmt", dup) % 4 == 0
    folder = out / src / f"{y}" / f"{m:02d}"
    name = f"{m:02d}{day:02d}-{d.newid}{'d' if dup else ''}-{_slug(title)}"
    if markdown:
        paras = [" ".join(p.split()) for p in f"{dateline} {body}".split("\n    ")]
        text = ("---\n" f"title: {json.dumps(title)}\n" f"date: {y}-{m:02d}-{day:02d}\n"
                f"source: {SOURCE_NAMES[src]}\n---\n\n" + "\n\n".join(p for p in paras if p) + "\n")
        path = folder / f"{name}.md"
    else:
        text = f"{title}\n\n{MONTH_NAMES[m - 1]} {day}, {y}\n\n    {dateline} {body}\n"
        path = folder / f"{name}.txt"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy(job: tuple[Path, int, int]) -> int:
    """Write copy `copy` (its first `limit` articles); returns how many files it wrote."""
    out, copy, limit = job
    done = out / ".done" / f"c{copy:02d}"
    if done.exists():
        return int(done.read_text())
    n = 0
    for d in _DOCS:
        if n >= limit:
            break
        rng = random.Random(_h(copy, d.newid))
        _write(out, d, copy, rng, dup=False)
        n += 1
        if n < limit and _is_dup(copy, d):
            _write(out, d, copy, random.Random(_h(copy, d.newid, "dup")), dup=True)
            n += 1
    done.parent.mkdir(parents=True, exist_ok=True)
    done.write_text(str(n))
    return n


def _is_dup(copy: int, d: ReutersDoc) -> bool:
    return _h(copy, d.newid, "isdup") % 1000 < DUP_SHARE * 1000


def plan(total: int) -> list[int]:
    """Files per copy: whole copies (every article, and its duplicate when drawn), then
    the first part of one more."""
    out: list[int] = []
    while total > 0:
        whole = len(_DOCS) + sum(_is_dup(len(out), d) for d in _DOCS)
        out.append(min(whole, total))
        total -= out[-1]
    return out


def check(n: int = 2000) -> None:
    from thaw_cli.analysis import fingerprint

    sims = []
    words = []

    def text(d: ReutersDoc, copy: int) -> str:
        rng = random.Random(_h(copy, d.newid))
        title = _vary_title(d.title, copy, rng, False)
        return f"{title}\n\n{_vary_sentences(_vary_text(d.body, copy), rng, False)}"

    for d in random.Random(1).sample(_DOCS, n):
        sa, sb = fingerprint.signature(text(d, 1)), fingerprint.signature(text(d, 2))
        if sa and sb:
            sims.append(fingerprint.similarity(sa, sb))
            words.append(len(d.body.split()))
    import statistics
    dups = [w for s, w in zip(sims, words, strict=True) if s >= fingerprint.THRESHOLD]
    print(f"words of the near-duplicates: median {statistics.median(dups) if dups else 0}, "
          f"of all: {statistics.median(words)}")
    sims.sort()
    dup = sum(s >= fingerprint.THRESHOLD for s in sims)
    print(f"copies 1 vs 2 of {len(sims)} articles: median similarity {sims[len(sims) // 2]:.2f}, "
          f"90th percentile {sims[int(len(sims) * 0.9)]:.2f}, near-duplicates {dup} ({dup / len(sims):.1%})")


def main() -> int:
    global _DOCS, _NAMES
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--check", action="store_true", help="only measure how similar two copies are")
    args = ap.parse_args()
    _DOCS = [d for d in documents() if d.body.strip()]
    _NAMES = _names(_DOCS)
    if args.check:
        check()
        return 0
    out: Path = args.out.resolve()
    repo = HERE.parent.resolve()
    if out == repo or repo in out.parents:
        print("the corpus must be written outside the repository", file=sys.stderr)
        return 2
    sizes = plan(args.articles)
    print(f"{len(_DOCS):,} articles, {len(_NAMES):,} names varied per copy; {len(sizes)} copies -> {out}")
    jobs = [(out, c, size) for c, size in enumerate(sizes)]
    with multiprocessing.get_context("fork").Pool(args.processes) as pool:
        total = 0
        for n in pool.imap_unordered(_copy, jobs):
            total += n
            print(f"  {total:,} files", flush=True)
    (out / ".count").write_text(str(total))
    print(f"done: {total:,} files in {sum(1 for _ in os.scandir(out))} source folders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
