"""Junk parties in `thaw agreements --json` over the whole Reuters 1x corpus (reads ../shared).

    python bench/bench_parties.py                 # index the 1x corpus, run the CLI, count
    python bench/bench_parties.py --direct        # in-process: load each file, extract_agreements
    python bench/bench_parties.py --save F.json   # also write the counts (a "before" to compare)
    python bench/bench_parties.py --before bench/data/parties_before.json   # before/after table
    python bench/bench_parties.py --show common   # list the parties of one kind

The 1x corpus is every Reuters-21578 article with a body as one .txt file (bench/reuters.py,
as bench/bench_search.py builds it). A party is counted as junk when it is

- `common`: a single capitalised word that is a function word, a verb, an adverb or a common
  noun: the fixed list below (function words, auxiliaries, reporting verbs, openers), or a
  word the corpus itself writes in lower case at least as often as capitalised in the middle
  of a sentence ("Securities", "Delegates", "Asked"). Country names, demonyms, capitals and
  international bodies are kept, and so are one-word organisations the corpus capitalises
  (the lower-case test reads the corpus, not a guess);
- `dateline`: a dateline city in capitals ("VANCOUVER", "NEW YORK");
- `us_stop`: "U.S" without its full stop ("U.S" rather than "U.S.");
- `fragment` (informative): a ticker-like fragment ("Cist.O", "Gp", "Bnr": a word of at most
  three letters in mixed case, or a Reuters ticker suffix);
- `lead_word` (informative): several words led by a function word or a modifier, or holding
  a title ("Only Malaysia", "State-owned Korea Electric Power Corp", "Paris-based ...",
  "000 Hal Roach", "Bank of Japan Governor Satoshi Sumita").

Zero `common`, `dateline` and `us_stop` is the goal (issue 19).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reuters import REUTERS, documents, write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
THAW = str(BIN / "thaw")

# Function words, auxiliaries, pronouns, reporting verbs, openers and wire words: never a party.
FUNCTION_WORDS = frozenset("""
a about above across after again against all almost along already also although always
among an and another any anyone anything are around as asked at back be because been
before being below besides between both but by can cannot could did do does doing done
down during each either else enough even ever every few for from further had has have
having he her here hers herself him himself his how however i if in including instead
into is it its itself just last later least less like many may me meanwhile might more
moreover most much must my neither never nevertheless next no none nor not note nothing
now of off often on once one only or other others otherwise our ours out over own per
perhaps rather said same says several shall she should since so some something still
such than that the their theirs them themselves then there therefore these they this
those though through thus to together too under unless until up upon us very was we
well were what whatever when where whether which while who whom whose why will with
within without would yet you your yesterday today tomorrow speaking according asked
added told noted proceeds under-secretary
""".split())

_US_NO_STOP = re.compile(r"(?:^|[^\w.])U\.S(?![\w.])")
_TICKER_SUFFIX = re.compile(r"^[A-Z][A-Za-z]{0,5}\.[A-Z]{1,2}$")
_FRAGMENT = re.compile(r"^[A-Z][a-z]{1,2}$")
_MODIFIER = re.compile(r"^(?:[A-Z][\w.]*-(?:based|owned|controlled|run|backed|listed)|\d[\d,]*)$")


def _words_of_corpus() -> tuple[Counter[str], Counter[str], set[str]]:
    """Lower-case counts, mid-sentence capitalised counts (by lower-cased word) and the
    dateline cities (upper case) of the Reuters corpus."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    cities: set[str] = set()
    word = re.compile(r"(?<![\w.'-])([A-Za-z][a-z]+)(?![\w'-])")
    for d in documents():
        if d.dateline:
            city = d.dateline.split(",")[0].strip()
            if city and city.upper() == city:
                cities.add(city)
        if sum(c.isupper() for c in d.body) < 0.02 * sum(c.isalpha() for c in d.body):
            continue  # an article written in lower case says nothing about capitals
        for para in d.body.split("\n"):
            for m in word.finditer(para):
                w = m.group(1)
                if w.islower():
                    lower[w] += 1
                else:
                    before = para[:m.start()].rstrip()
                    if before and before[-1] not in ".!?\"'(-:" and w[1:].islower():
                        capital[w.lower()] += 1
    return lower, capital, cities


def classify(party: str, lower: Counter[str], capital: Counter[str], cities: set[str]) -> str | None:
    """The junk kind of one party, or None."""
    from thaw_cli.analysis.gazetteer import canonical_body, canonical_country

    p = party.strip()
    if _US_NO_STOP.search(p):
        return "us_stop"
    bare = re.sub(r"^(?:the|The)\s+", "", p)
    words = bare.split()
    if not words:
        return "common"
    if bare.upper() == bare and bare.replace(" ", "").replace(".", "").isalpha() and bare in cities:
        return "dateline"
    if canonical_country(bare) or canonical_body(bare):
        return None
    if len(words) == 1:
        w = words[0]
        lw = w.lower()
        if lw in FUNCTION_WORDS:
            return "common"
        if w[:1].isupper() and w[1:].islower() and lower[lw] >= 5 and lower[lw] >= capital[lw]:
            return "common"
        if _TICKER_SUFFIX.match(w) or _FRAGMENT.match(w):
            return "fragment"
        return None
    first = words[0]
    from thaw_cli.analysis.gazetteer import is_org_suffix

    named = canonical_country(first) or is_org_suffix(words[-1])
    if _MODIFIER.match(first) or (first.lower() in FUNCTION_WORDS and not named) or any(
            w in _ROLE_WORDS for w in words[:-1]):
        return "lead_word"
    return None


_ROLE_WORDS = frozenset("""Governor President Minister Chairman Secretary Representative Director
Commissioner Spokesman Premier Chancellor Ambassador Deputy Vice""".split())


def run_cli(out: Path) -> list[dict]:
    corpus = out / "reuters1x"
    marker = corpus / ".count"
    if not marker.exists():
        corpus.mkdir(parents=True, exist_ok=True)
        n = write_corpus(corpus, 1)
        marker.write_text(str(n))
    env = dict(os.environ, THAW_CORPUS=str(corpus), THAW_INDEX=str(out / "index.sqlite3"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out / 'index.sqlite3'}{suffix}").unlink(missing_ok=True)
    subprocess.run([THAW, "index"], env=env, check=True, capture_output=True)
    r = subprocess.run([THAW, "agreements", "--json"], env=env, check=True, capture_output=True, text=True)
    data = json.loads(r.stdout)
    return data if isinstance(data, list) else data.get("agreements", [])


def run_direct() -> list[dict]:
    from dataclasses import asdict

    from reuters import as_text

    from thaw_cli.analysis.agreements import extract_agreements
    from thaw_cli.analysis.sentences import split_sentences
    from thaw_cli.ingest.cleaning import clean_page
    from thaw_cli.ingest.corpus import article_from_page

    out: list[dict] = []
    for d in documents():
        if not d.body.strip():
            continue
        art = article_from_page(str(d.newid), f"{d.newid}.txt", clean_page(as_text(d)))
        text = art.text
        for a in extract_agreements(art.id, text, art.date, art.title, sentences=split_sentences(text)):
            out.append(asdict(a))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--direct", action="store_true", help="extract in-process instead of the CLI")
    ap.add_argument("--out", type=Path, default=None, help="where to build the 1x corpus and index")
    ap.add_argument("--save", type=Path, default=None, help="write the counts as JSON")
    ap.add_argument("--before", type=Path, default=None, help="counts of an earlier run to compare")
    ap.add_argument("--show", default=None, help="print the parties of this kind, most frequent first")
    args = ap.parse_args()
    if not REUTERS.exists():
        print(f"no Reuters corpus at {REUTERS}", file=sys.stderr)
        return 1

    if args.direct:
        records = run_direct()
    else:
        out = args.out or Path(tempfile.gettempdir()) / "thaw-bench-parties"
        out.mkdir(parents=True, exist_ok=True)
        records = run_cli(out)
    lower, capital, cities = _words_of_corpus()
    kinds: dict[str, Counter[str]] = {k: Counter() for k in
                                      ("common", "dateline", "us_stop", "fragment", "lead_word")}
    n_parties = 0
    for rec in records:
        for p in rec.get("parties") or []:
            n_parties += 1
            k = classify(p, lower, capital, cities)
            if k:
                kinds[k][p] += 1
    counts = {"records": len(records), "parties": n_parties,
              **{k: sum(c.values()) for k, c in kinds.items()}}
    before = json.loads(args.before.read_text()) if args.before else None
    print(f"{'':<12} {'before':>8} {'now':>8}" if before else f"{'':<12} {'now':>8}")
    for k, v in counts.items():
        print(f"{k:<12} {before.get(k, 0):>8,} {v:>8,}" if before else f"{k:<12} {v:>8,}")
    for k, c in kinds.items():
        if c:
            top = ", ".join(f"{p!r} x{n}" for p, n in c.most_common(12))
            print(f"  {k}: {top}")
    if args.show:
        for p, n in kinds[args.show].most_common():
            print(f"{n:5d}  {p}")
    if args.save:
        args.save.write_text(json.dumps(counts, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
