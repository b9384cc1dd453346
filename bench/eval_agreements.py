"""Score `thaw agreements` against the labeled Reuters dev set (../shared/docs/agreements.md).

    python bench/eval_agreements.py            # through the CLI: thaw agreements --json --corpus DIR
    python bench/eval_agreements.py --direct   # in-process extract_agreements (title + body)
    python bench/eval_agreements.py -v         # print the misses and false positives (not fresh)
    python bench/eval_agreements.py --part val # one part: dev | val | all (default: dev and val)
    python bench/eval_agreements.py --set extra --part dev -v   # the extra labels (below)

`--set extra` scores bench/data/agreements_extra.jsonl instead: 130 articles labelled for
the second round (80 Reuters not in the dev file, 50 BBC News of 2004-2005; drawn and split
by bench/sample_agreements_extra.py, labelled before thaw was run on them), by Reuters and
BBC separately; `--part dev` is extra-dev, `--part val` the held-out extra-val (look at its
errors only once, at the end: -v prints nothing for it). Their evidence is stored as
sentence index + sha1 prefix; the sentences are rebuilt from ../shared here.

`--set fresh` scores bench/data/agreements_fresh.jsonl: the third round's 70 articles (30
Reuters, 40 BBC; drawn by bench/sample_agreements_fresh.py, disjoint from both sets above,
labelled before thaw was run on them), all held out, Reuters and BBC apart (`--part` is
ignored; -v prints nothing for them).

The labelled set is split once: among the 100 articles after the original 23, every fifth
(line index i with (i - 23) % 5 == 4: 20 articles) is the validation part, scored but never
read while the rules are written; the other 103 are the development part.

The Reuters texts are read from ../shared (never copied into the repo); the articles are
written as a Markdown corpus into a temporary directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("THAW_SHARED", ROOT.parent / "shared"))
if not SHARED.exists():
    SHARED = Path("/work/shared")
REUTERS_DIR = SHARED / "corpora" / "reuters21578"
DEV_SET = SHARED / "corpora" / "agreements-reuters-dev.jsonl"

# ----------------------------------------------------------------------------- Reuters


@dataclass
class ReutersDoc:
    newid: str
    date: str | None
    title: str | None
    dateline: str | None
    body: str | None


_DOC_RE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID_RE = re.compile(r'NEWID="(\d+)"')
_FIELD_RES = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
    for name in ("DATE", "TITLE", "DATELINE", "BODY")
}
_MONTHS3 = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def _unescape(text: str) -> str:
    text = html.unescape(text)
    # control characters (&#3; ends every body, &#2; ...): drop them
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def reuters_date(raw: str | None) -> str | None:
    """'26-FEB-1987 15:01:01.79' -> '1987-02-26T15:01:01'."""
    if not raw:
        return None
    m = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})", raw)
    if not m:
        return None
    day, mon, year, hh, mm, ss = m.groups()
    try:
        d = dt.datetime(int(year), _MONTHS3[mon], int(day), int(hh), int(mm), int(ss))
    except (KeyError, ValueError):
        return None
    return d.isoformat(timespec="seconds")


def iter_reuters(directory: Path = REUTERS_DIR) -> Iterator[ReutersDoc]:
    for path in sorted(glob.glob(str(directory / "*.sgm"))):
        raw = Path(path).read_bytes().decode("latin-1")
        for m in _DOC_RE.finditer(raw):
            attrs, inner = m.groups()
            idm = _NEWID_RE.search(attrs)
            if not idm:
                continue
            fields: dict[str, str | None] = {}
            for name, rx in _FIELD_RES.items():
                fm = rx.search(inner)
                fields[name] = _unescape(fm.group(1)) if fm else None
            yield ReutersDoc(
                newid=idm.group(1),
                date=reuters_date(fields["DATE"]),
                title=fields["TITLE"].strip() if fields["TITLE"] else None,
                dateline=fields["DATELINE"],
                body=fields["BODY"],
            )


def article_body(doc: ReutersDoc) -> str:
    """Dateline + ' - ' + body as it is (hard-wrapped)."""
    body = (doc.body or "").rstrip()
    if body.lower().endswith("reuter"):
        body = body[: -len("reuter")].rstrip()
    dateline = (doc.dateline or "").strip().rstrip("-").strip()
    return f"{dateline} - {body}" if dateline else body


def write_eval_corpus(docs: list[EvalDoc], directory: Path) -> None:
    for doc in docs:
        title = (doc.title or "").replace('"', "'")
        front = ["---", f'title: "{title}"', f"date: {doc.date}" if doc.date else "date: null",
                 "source: Reuters" if doc.source == "reuters" else "source: BBC News",
                 f'id: "{doc.key}"', "---", ""]
        (directory / f"{doc.stem}.md").write_text("\n".join(front) + doc.body + "\n",
                                                  encoding="utf-8")


# ----------------------------------------------------------------------------- extra set

EXTRA_SET = ROOT / "bench" / "data" / "agreements_extra.jsonl"
FRESH_SET = ROOT / "bench" / "data" / "agreements_fresh.jsonl"
BBC_DIR = SHARED / "corpora" / "bbc-news-summary-full" / "article"


@dataclass
class EvalDoc:
    """One article to score: its label id, corpus file stem, title, body and date."""

    key: str
    stem: str
    title: str | None
    body: str
    date: str | None
    source: str


def reuters_eval_doc(doc: ReutersDoc) -> EvalDoc:
    return EvalDoc(doc.newid, f"reuters-{doc.newid}", doc.title, article_body(doc), doc.date,
                   "reuters")


def bbc_eval_doc(key: str) -> EvalDoc:
    """BBC article "topic/NNN": the first line is the title, the rest the body."""
    raw = (BBC_DIR / f"{key}.txt").read_text(encoding="utf-8")
    title, _, body = raw.strip().partition("\n")
    return EvalDoc(key, "bbc-" + key.replace("/", "-"), title.strip(), body.strip(), None, "bbc")


def load_extra(part: str = "all", source: str = "all", path: Path = EXTRA_SET
               ) -> tuple[dict[str, list[dict]], list[EvalDoc]]:
    """The extra labels of `part` (dev | val | all; the fresh set's only part is "fresh") and
    `source` (reuters | bbc | all) from `path`, with their evidence rebuilt as sentences
    (index + sha1 prefix checked), and their articles."""
    from sample_agreements_extra import sentence_hash

    from thaw_cli.analysis.sentences import split_sentences

    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip()]
    rows = [r for r in rows if (part == "all" or r["part"] in (part, f"extra-{part}"))
            and (source == "all" or r["source"] == source)]
    want = {r["id"] for r in rows if r["source"] == "reuters"}
    reuters = {d.newid: d for d in iter_reuters() if d.newid in want} if want else {}
    golds: dict[str, list[dict]] = {}
    docs: list[EvalDoc] = []
    drift = 0
    for r in rows:
        doc = reuters_eval_doc(reuters[r["id"]]) if r["source"] == "reuters" \
            else bbc_eval_doc(r["id"])
        sents = split_sentences("\n\n".join(p for p in (doc.title or "", doc.body) if p))
        recs = []
        for a in r["agreements"]:
            ev = []
            for i, sha in a["evidence"]:
                if i >= len(sents) or sentence_hash(sents[i]) != sha:
                    drift += 1
                    continue
                ev.append(" ".join(sents[i].split()))
            recs.append({**a, "evidence": ev})
        golds[r["id"]] = recs
        docs.append(doc)
    if drift:
        print(f"warning: {drift} evidence sentences no longer match their sha1 (the sentence "
              "splitter changed?): dropped", file=sys.stderr)
    return golds, docs


# ----------------------------------------------------------------------------- scoring

_WORD_RE = re.compile(r"[a-z0-9]+")


def words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.lower()))


def same_sentence(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    inter = len(a & b)
    if inter / len(a | b) >= 0.5:
        return True
    return inter / min(len(a), len(b)) >= 0.8


_COUNTRY_ALIASES: dict[str, str] = {}


def _country_key(name: str) -> str | None:
    """Same country by name, demonym or capital (uses the project's gazetteer)."""
    try:
        from thaw_cli.analysis.gazetteer import canonical_country
    except ImportError:  # pragma: no cover
        return None
    return canonical_country(name)


def _norm_party(name: str) -> str:
    n = name.lower().strip()
    return n[4:] if n.startswith("the ") else n


_STOP = {"of", "the", "and"}


def party_same(a: str, b: str) -> bool:
    na, nb = _norm_party(a), _norm_party(b)
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    if len(short) > 3 and short in long_:
        return True
    wa = {w for w in _WORD_RE.findall(na) if w not in _STOP}
    wb = {w for w in _WORD_RE.findall(nb) if w not in _STOP}
    if len(wa & wb) >= 2:
        return True
    ca, cb = _country_key(a), _country_key(b)
    return ca is not None and ca == cb


def parties_f1(pred: list[str], gold: list[str]) -> float:
    """F1 of two party lists, each party matched at most once (a maximum matching)."""
    if not pred and not gold:
        return 1.0
    if not pred or not gold:
        return 0.0
    edges = [[j for j, g in enumerate(gold) if party_same(p, g)] for p in pred]
    owner: dict[int, int] = {}  # gold index -> pred index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    hits = sum(augment(i, set()) for i in range(len(pred)))
    if hits == 0:
        return 0.0
    prec = hits / len(pred)
    rec = hits / len(gold)
    return 2 * prec * rec / (prec + rec)


def _pairs(pred: list[dict], gold: list[dict], pi: list[int], gi: list[int]) -> list[tuple[int, int]]:
    """One-to-one greedy matching of predictions `pi` and labels `gi`, best pairs first."""
    pw = {i: [words(s) for s in pred[i].get("evidence") or []] for i in pi}
    gw = {j: [words(s) for s in gold[j].get("evidence") or []] for j in gi}
    pairs: list[tuple[float, int, int]] = []
    for i in pi:
        p = pred[i]
        for j in gi:
            g = gold[j]
            if not any(same_sentence(a, b) for a in pw[i] for b in gw[j]):
                continue
            sp, sg = words(p.get("subject") or ""), words(g.get("subject") or "")
            subj = len(sp & sg) / len(sp | sg) if sp | sg else 0.0
            score = subj + parties_f1(p.get("parties") or [], g.get("parties") or [])
            pairs.append((score, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[tuple[int, int]] = []
    for _score, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def match(pred: list[dict], gold: list[dict]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(pairs with required labels, pairs with optional labels), per ../shared/docs/agreements.md:
    the required labels are matched first; the optional ones then, against the predictions
    still unmatched."""
    req = [j for j, g in enumerate(gold) if not g.get("optional")]
    opt = [j for j, g in enumerate(gold) if g.get("optional")]
    main = _pairs(pred, gold, list(range(len(pred))), req)
    taken = {i for i, _ in main}
    extra = _pairs(pred, gold, [i for i in range(len(pred)) if i not in taken], opt)
    return main, extra


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    optional_hits: int = 0
    status_ok: int = 0
    kind_ok: int = 0
    parties_sum: float = 0.0

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        n = self.tp or 1
        return {"P": p, "R": r, "F1": f, "status": self.status_ok / n,
                "kind": self.kind_ok / n, "parties": self.parties_sum / n}

    def row(self, name: str) -> str:
        f = self.figures()
        return (
            f"{name:<22} {f['P']:6.2f} {f['R']:6.2f} {f['F1']:6.2f} {f['status']:8.2f} "
            f"{f['kind']:8.2f} {f['parties']:8.2f}   "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}, optional matched {self.optional_hits})"
        )


HEADER = f"{'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'status':>8} {'kind':>8} {'parties':>8}"


def _show(rec: dict) -> str:
    return (f"{rec.get('kind')} {rec.get('parties')} {rec.get('status')} {rec.get('date')} | "
            f"{rec.get('subject')}")


def score(
    preds: dict[str, list[dict]], golds: dict[str, list[dict]], verbose: bool = False
) -> Score:
    s = Score()
    for aid, gold in golds.items():
        pred = preds.get(aid, [])
        pairs, optional = match(pred, gold)
        s.tp += len(pairs)
        s.optional_hits += len(optional)
        s.fp += len(pred) - len(pairs) - len(optional)
        s.fn += sum(1 for g in gold if not g.get("optional")) - len(pairs)
        for i, j in pairs:
            p, g = pred[i], gold[j]
            pf = parties_f1(p.get("parties") or [], g.get("parties") or [])
            s.status_ok += p.get("status") == g.get("status")
            s.kind_ok += p.get("kind") == g.get("kind")
            s.parties_sum += pf
            if verbose and (p.get("status") != g.get("status") or pf < 1
                            or p.get("kind") != g.get("kind")):
                print(f"~ [{aid}] matched with differences:")
                print(f"    pred: {_show(p)}")
                print(f"    gold: {_show(g)}")
        if verbose:
            mp = {i for i, _ in pairs} | {i for i, _ in optional}
            mg = {j for _, j in pairs} | {j for _, j in optional}
            for j, g in enumerate(gold):
                if j not in mg and not g.get("optional"):
                    print(f"- [{aid}] MISS {_show(g)}\n    {g['evidence'][0][:200]}")
            for i, p in enumerate(pred):
                if i not in mp:
                    ev = (p.get("evidence") or [""])[0]
                    print(f"+ [{aid}] FP {_show(p)}\n    {ev[:200]}")
    return s


# ----------------------------------------------------------------------------- systems

_KEYWORD_RE = re.compile(r"\b(agree\w*|accords?|pacts?|treat(?:y|ies)|deals?|contracts?|signed)\b",
                         re.I)
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(<])")


def keyword_baseline(text: str) -> list[dict]:
    """One record per sentence containing an agreement keyword."""
    out = []
    for para in re.split(r"\n\s*\n|\n(?=\s{2,})", text):
        para = " ".join(para.split())
        for sent in _SENT_SPLIT_RE.split(para):
            if _KEYWORD_RE.search(sent):
                out.append({"kind": "other", "parties": [], "subject": "", "status": "concluded",
                            "evidence": [sent]})
    return out


def run_direct(docs: list[EvalDoc]) -> dict[str, list[dict]]:
    from dataclasses import asdict

    from thaw_cli.analysis.agreements import extract_agreements

    out: dict[str, list[dict]] = {}
    for doc in docs:
        recs = extract_agreements(doc.stem, doc.body, doc.date, doc.title)
        out[doc.key] = [asdict(r) for r in recs]
    return out


def cli_available() -> bool:
    try:
        r = subprocess.run(["thaw", "agreements", "--help"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


def run_cli(docs: list[EvalDoc]) -> dict[str, list[dict]]:
    by_stem = {d.stem: d.key for d in docs}
    with tempfile.TemporaryDirectory(prefix="thaw-agr-") as tmp:
        write_eval_corpus(docs, Path(tmp))
        r = subprocess.run(
            ["thaw", "agreements", "--json", "--corpus", tmp, "--index", str(Path(tmp) / "i.db")],
            capture_output=True, text=True, check=True,
        )
    data = json.loads(r.stdout)
    if isinstance(data, dict):
        data = data.get("agreements") or data.get("results") or []
    out: dict[str, list[dict]] = {}
    for rec in data:
        art = str(rec.get("article") or rec.get("id") or "")
        art = art[:-3] if art.endswith(".md") else art
        out.setdefault(by_stem.get(art, art), []).append(rec)
    return out


ORIGINAL = 23  # the first lines of the set: the articles thaw was first tuned on


def part_of(line: int) -> str:
    """The fixed split: among the articles after the original 23, every fifth one (line
    index i with (i - 23) % 5 == 4) is the validation part, never tuned on."""
    return "val" if line >= ORIGINAL and (line - ORIGINAL) % 5 == 4 else "dev"


def load_gold(part: str = "all") -> dict[str, list[dict]]:
    """The labelled articles of `part` (dev | val | all), by id, in file order."""
    golds: dict[str, list[dict]] = {}
    with DEV_SET.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip()]
    for i, line in enumerate(lines):
        if part != "all" and part_of(i) != part:
            continue
        d = json.loads(line)
        golds[str(d["id"])] = d["agreements"]
    return golds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--direct", action="store_true", help="call extract_agreements in-process")
    ap.add_argument("--set", choices=("dev-file", "extra", "fresh"), default="dev-file",
                    help="dev-file (default): ../shared/corpora/agreements-reuters-dev.jsonl; "
                         "extra: bench/data/agreements_extra.jsonl (Reuters and BBC); "
                         "fresh: bench/data/agreements_fresh.jsonl (held out, --part ignored)")
    ap.add_argument("--part", choices=("dev", "val", "all", "both"), default="both",
                    help="dev: the development part; val: the validation part; all: every "
                         "article; both (default): dev and val side by side")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print misses and false positives (every part read before: all "
                         "but the fresh set)")
    args = ap.parse_args()

    parts = ["dev", "val"] if args.part == "both" else [args.part]
    # (name, labels) of each table printed, and the articles to run thaw on
    tables: list[tuple[str, str, dict[str, list[dict]]]] = []
    docs: list[EvalDoc] = []
    if args.set == "fresh":
        for source in ("reuters", "bbc"):
            golds, ds = load_extra("fresh", source, FRESH_SET)
            tables.append(("fresh", f"fresh {source}", golds))
            docs += ds
    elif args.set == "extra":
        seen: set[str] = set()
        for part in parts:
            for source in ("reuters", "bbc"):
                golds, ds = load_extra(part, source)
                tables.append((part, f"extra-{part} {source}", golds))
                docs += [d for d in ds if d.key not in seen]
                seen |= {d.key for d in ds}
    else:
        golds_of = {p: load_gold(p) for p in parts}
        wanted = set().union(*golds_of.values())
        rdocs = [d for d in iter_reuters() if d.newid in wanted]
        missing = wanted - {d.newid for d in rdocs}
        if missing:
            print(f"warning: {len(missing)} labeled articles not found: {sorted(missing)}",
                  file=sys.stderr)
        docs = [reuters_eval_doc(d) for d in rdocs]
        tables = [(p, p, golds_of[p]) for p in parts]

    mode = "direct"
    if not args.direct and cli_available():
        mode = "cli"
    if not args.direct and mode == "direct":
        print("note: `thaw agreements` not available; using --direct", file=sys.stderr)
    preds = run_cli(docs) if mode == "cli" else run_direct(docs)
    base = {d.key: keyword_baseline("\n\n".join(p for p in (d.title or "", d.body) if p))
            for d in docs}

    for part, name, golds in tables:
        # every part but the fresh set has been read (issue 19, rounds 1-2): -v prints them
        verbose = args.verbose and part != "fresh"
        if args.verbose and part == "fresh":
            print(f"(-v: the {part} part's misses and false positives are not printed)")
        req = sum(1 for g in golds.values() for a in g if not a.get("optional"))
        opt = sum(1 for g in golds.values() for a in g if a.get("optional"))
        print(f"\n[{name}] {len(golds)} articles, {req} required + {opt} optional agreements "
              f"(mode: {mode})")
        thaw = score(preds, golds, verbose=verbose)
        print(HEADER)
        print(thaw.row("thaw agreements"))
        print(score(base, golds).row("keyword baseline"))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
