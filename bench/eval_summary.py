"""ROUGE evaluation of thaw's extractive summaries on the BBC News Summary sample.

For each article of ``/work/shared/corpora/bbc-news-summary`` the one-sentence-a-line
text is re-joined into ordinary prose (sentences of a paragraph joined with a space,
paragraphs separated by a blank line), so the sentence splitter has to find the
sentences itself.  The articles are written as a corpus of Markdown files with
front matter; thaw's 3-sentence summaries are taken from the installed CLI
(``thaw summary --sentences 3 --json --corpus DIR``) or, with ``--direct``, from
``thaw_cli.analysis.summary.summarize`` in-process.  Baselines on the same prose with the
same 3-sentence budget: lead-3 and a TextRank written here (Mihalcea & Tarau 2004:
PageRank over the sentence graph, similarity = shared stemmed content words /
(log|Si| + log|Sj|)).  Scores: ROUGE-1/2/L F1 (rouge-score, use_stemmer=True).

    python bench/eval_summary.py [--direct] [--out DIR] [--corpus BBC_DIR] [--show N]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import frontmatter
from rouge_score import rouge_scorer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thaw_cli.analysis.sentences import split_sentences  # noqa: E402

BBC = Path("/work/shared/corpora/bbc-news-summary")


def load_bbc(root: Path) -> list[dict]:
    """Articles as dicts: id, title, prose, reference."""
    items = []
    for path in sorted((root / "article").glob("*/*.txt")):
        topic = path.parent.name
        raw = path.read_text(encoding="utf-8", errors="replace")
        lines = raw.split("\n")
        title = lines[0].strip()
        paragraphs: list[list[str]] = []
        cur: list[str] = []
        for line in lines[1:]:
            line = line.strip()
            if not line:
                if cur:
                    paragraphs.append(cur)
                    cur = []
            else:
                cur.append(line)
        if cur:
            paragraphs.append(cur)
        prose = "\n\n".join(" ".join(p) for p in paragraphs)
        ref_path = root / "summary" / topic / path.name
        reference = ref_path.read_text(encoding="utf-8", errors="replace")
        items.append(
            {"id": f"{topic}-{path.stem}", "title": title, "prose": prose, "reference": reference}
        )
    return items


def write_corpus(items: list[dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for it in items:
        post = frontmatter.Post(it["prose"], title=it["title"], source="BBC")
        (out / f"{it['id']}.md").write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- baselines

_STOP = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says also""".split()
)


def _stems(sentence: str) -> list[str]:
    from nltk.stem.porter import PorterStemmer

    stem = _stems.__dict__.setdefault("stemmer", PorterStemmer()).stem
    return [stem(w) for w in re.findall(r"[a-z0-9]+", sentence.lower()) if w not in _STOP]


def textrank(text: str, n: int = 3) -> list[str]:
    sents = [" ".join(s.split()) for s in split_sentences(text)]
    if len(sents) <= n:
        return sents
    toks = [set(_stems(s)) for s in sents]
    lens = [len(_stems(s)) for s in sents]
    k = len(sents)
    w = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i + 1, k):
            overlap = len(toks[i] & toks[j])
            if overlap and lens[i] > 1 and lens[j] > 1:
                sim = overlap / (math.log(lens[i]) + math.log(lens[j]))
                w[i][j] = w[j][i] = sim
    out_sum = [sum(row) for row in w]
    score = [1.0] * k
    for _ in range(100):
        new = [
            0.15 + 0.85 * sum(w[j][i] / out_sum[j] * score[j] for j in range(k) if w[j][i])
            for i in range(k)
        ]
        delta = max(abs(a - b) for a, b in zip(new, score, strict=True))
        score = new
        if delta < 1e-6:
            break
    best = sorted(range(k), key=lambda i: -score[i])[:n]
    return [sents[i] for i in sorted(best)]


def lead3(text: str, n: int = 3) -> list[str]:
    return [" ".join(s.split()) for s in split_sentences(text)[:n]]


# ---------------------------------------------------------------- thaw


def thaw_direct(items: list[dict], n: int) -> dict[str, list[str]]:
    from thaw_cli.analysis.summary import summarize

    return {it["id"]: summarize(it["title"], it["prose"], n) for it in items}


def thaw_cli(corpus: Path, n: int) -> dict[str, list[str]]:
    proc = subprocess.run(
        ["thaw", "summary", "--sentences", str(n), "--json", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(proc.stdout)
    if isinstance(data, dict):
        data = data.get("articles") or data.get("summaries") or list(data.values())
    out: dict[str, list[str]] = {}
    for rec in data:
        key = rec.get("id") or Path(rec.get("path", "")).stem
        key = Path(str(key)).stem
        sents = rec.get("summary") or rec.get("sentences") or []
        if isinstance(sents, str):
            sents = [sents]
        out[key] = [s if isinstance(s, str) else s.get("text", "") for s in sents]
    return out


def cli_available() -> bool:
    try:
        proc = subprocess.run(["thaw", "summary", "--help"], capture_output=True, text=True)
    except OSError:
        return False
    return proc.returncode == 0


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--direct", action="store_true", help="call thaw_cli.analysis.summary in-process")
    ap.add_argument("--out", type=Path, help="write the Markdown corpus here (default: temp dir)")
    ap.add_argument("--corpus", type=Path, default=BBC, help="BBC News Summary directory")
    ap.add_argument("-n", type=int, default=3, help="sentences per summary")
    ap.add_argument("--show", type=int, default=0, help="print the first N thaw summaries")
    args = ap.parse_args()

    items = load_bbc(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        write_corpus(items, out)
        if args.direct:
            thaw, how = thaw_direct(items, args.n), "thaw (direct)"
        elif cli_available():
            thaw, how = thaw_cli(out, args.n), "thaw (CLI)"
        else:
            print("`thaw summary` not available: falling back to --direct", file=sys.stderr)
            thaw, how = thaw_direct(items, args.n), "thaw (direct)"

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    methods = {
        how: lambda it: thaw.get(it["id"], []),
        "TextRank (own, M&T 2004)": lambda it: textrank(it["prose"], args.n),
        "lead-3": lambda it: lead3(it["prose"], args.n),
    }
    print(f"{len(items)} articles, {args.n} sentences per summary\n")
    print(f"{'method':28s} {'R1':>6s} {'R2':>6s} {'RL':>6s} {'words':>6s}")
    for name, fn in methods.items():
        r1, r2, rl, words = [], [], [], []
        for it in items:
            summ = " ".join(fn(it))
            sc = scorer.score(it["reference"], summ)
            r1.append(sc["rouge1"].fmeasure)
            r2.append(sc["rouge2"].fmeasure)
            rl.append(sc["rougeL"].fmeasure)
            words.append(len(summ.split()))
        print(
            f"{name:28s} {100 * statistics.mean(r1):6.1f} {100 * statistics.mean(r2):6.1f}"
            f" {100 * statistics.mean(rl):6.1f} {statistics.mean(words):6.1f}"
        )
    for it in items[: args.show]:
        print(f"\n== {it['id']}: {it['title']}")
        for s in thaw.get(it["id"], []):
            print(" -", s)


if __name__ == "__main__":
    main()
