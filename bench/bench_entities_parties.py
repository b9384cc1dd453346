"""Entities and agreement parties over Reuters 1x, in-process (reads ../shared).

    python bench/bench_entities_parties.py              # counts
    python bench/bench_entities_parties.py --show missed   # list one kind

For every Reuters-21578 article with a body (read as `thaw` reads it: cleaner, then
`analysis.pipeline`), it counts

- `parties`: the named parties of its agreements (groups such as "creditor banks" and
  lower-case descriptions left out), and `missed`: those that the entity rules alone
  (`extract_entities` without the `parties` argument) do not find as an entity or alias of
  the article (same name after lower-casing and dropping a leading "the", or one containing
  the other, or the same country);
- `junk`: entities whose name is junk by bench/bench_parties.py's test (a single
  capitalised function word, verb, adverb or common noun, a dateline city in capitals,
  "U.S" without its stop).

The entities `thaw entities` shows are the union: every named party is an entity of its
article by construction (`_with_parties`); `missed` measures how far the two readings of
names differ before that union.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_parties import _words_of_corpus, classify  # noqa: E402
from reuters import as_text, documents  # noqa: E402


def _key(name: str) -> str:
    n = name.lower().strip()
    return n[4:] if n.startswith("the ") else n


def _covered(party: str, forms: set[str], countries: set[str]) -> bool:
    from thaw_cli.analysis.gazetteer import canonical_country

    p = _key(party)
    if p in forms:
        return True
    c = canonical_country(party)
    if c and c in countries:
        return True
    return any(len(f) > 3 and len(p) > 3 and (f in p or p in f) for f in forms)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", choices=("missed", "junk"), help="list the names of one kind")
    args = ap.parse_args()

    from thaw_cli.analysis.agreements import extract_agreements
    from thaw_cli.analysis.entities import extract_entities
    from thaw_cli.analysis.names import name_kind
    from thaw_cli.analysis.sentences import split_sentences
    from thaw_cli.ingest.cleaning import clean_page
    from thaw_cli.ingest.corpus import article_from_page

    lower, capital, cities = _words_of_corpus()
    n_art = n_party = n_ent = 0
    missed: Counter[str] = Counter()
    junk: Counter[str] = Counter()
    t_ent = 0.0
    for d in documents():
        if not d.body.strip():
            continue
        art = article_from_page(str(d.newid), f"{d.newid}.txt", clean_page(as_text(d)))
        sents = split_sentences(art.text)
        n_art += 1
        t0 = time.process_time()
        ents = extract_entities(art.title, art.text, sentences=sents)
        t_ent += time.process_time() - t0
        n_ent += len(ents)
        for e in ents:
            kind = classify(e.name, lower, capital, cities)
            if kind in ("common", "dateline", "us_stop"):
                junk[e.name] += 1
        recs = extract_agreements(art.id, art.text, art.date, art.title, sentences=sents)
        if not recs:
            continue
        forms = {_key(e.name) for e in ents} | {_key(a) for e in ents for a in e.aliases}
        countries = {e.name for e in ents if e.kind == "place"}
        for a in recs:
            for p in a.parties:
                if not p or p[:1].islower() or name_kind(p) == "group":
                    continue
                n_party += 1
                if not _covered(p, forms, countries):
                    missed[p] += 1
    print(f"articles {n_art}, entities {n_ent} ({t_ent / n_art * 1000:.3f} ms per article)")
    print(f"named parties {n_party}, not found by the entity rules alone {sum(missed.values())} "
          f"({sum(missed.values()) / max(1, n_party):.1%})")
    print(f"junk entities {sum(junk.values())}: {junk.most_common(12)}")
    if args.show:
        for name, k in (missed if args.show == "missed" else junk).most_common():
            print(f"{k:5d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
