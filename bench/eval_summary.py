"""ROUGE evaluation of thaw's extractive summaries on the BBC News Summary folders.

Reads either layout (``bench/bbc.py``): the 60-article folder (one sentence a line) or the
full folder of 2,059 articles (one paragraph a line, references joined without separators).
Each article is re-joined into prose and split by thaw's own splitter; every method ranks the
SAME sentences:

* thaw: ``thaw_cli.analysis.summary.rank_sentences`` in-process (or, with ``--cli``, the stored
  ranking read back by ``thaw summary --json`` over a corpus written to a temp dir);
* sumy's TextRank and LexRank (sumy 0.13, Snowball stems, sumy's English stop words), fed
  thaw's sentences through sumy's document model (no NLTK data needed: words come from
  NLTK's Treebank-style word tokenizer, which ``nltk.word_tokenize`` applies per sentence);
* lead-3: the first sentences.

Two comparisons, both reported per topic: at N sentences (mean words beside each figure),
and at equal length: each method's ranking read until it reaches, per article, the number of
words of TextRank's N-sentence summary (the last sentence cut at that word), in article order.
Scores: ROUGE-1/2/L F1 (rouge-score, use_stemmer=True), means over articles, x100.

The validation part (files whose number is a multiple of 5, in every topic) is left out
unless asked for: ``--part dev`` (default), ``val``, ``all`` or ``both`` (dev and val side
by side).

    python bench/eval_summary.py [--corpus DIR] [--part dev|val|all|both] [-n 3] [--cli]
        [--show N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bbc import BBC_FULL, BBCArticle, load  # noqa: E402

from thaw_cli.analysis.sentences import split_sentences  # noqa: E402

# A ranking: sentence indices, best first (every sentence of the article).
Ranker = Callable[[BBCArticle, list[str]], list[int]]


def _norm(s: str) -> str:
    return " ".join(s.split())


# ---------------------------------------------------------------- sumy baselines


_SUMY_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")


class _Words:
    """sumy's tokenizer interface (``to_words``) without NLTK's punkt data: the word
    tokenizer `nltk.word_tokenize` applies to each sentence, on one sentence."""

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize.destructive import NLTKWordTokenizer

        self._tok = NLTKWordTokenizer()

    def to_words(self, sentence: str) -> tuple[str, ...]:
        # the words sumy's English tokenizer keeps (its own pattern: letters, ' and -)
        return tuple(w for w in self._tok.tokenize(sentence) if _SUMY_WORD.match(w))


_SUMY: dict[str, object] = {}


def _sumy_document(sentences: list[str]):  # noqa: ANN202
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tok = _SUMY.setdefault("tok", _Words())
    return ObjectDocumentModel([Paragraph([Sentence(s, tok) for s in sentences])])


def _summarizer(kind: str):  # noqa: ANN202
    if kind not in _SUMY:
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        cls = {"textrank": TextRankSummarizer, "lexrank": LexRankSummarizer}[kind]

        class Capturing(cls):  # type: ignore[misc, valid-type]
            """Keeps the ratings sumy computed (it returns only the chosen sentences)."""

            def _get_best_sentences(self, sentences, count, rating, *args, **kwargs):
                self.ratings = rating
                return super()._get_best_sentences(sentences, count, rating, *args, **kwargs)

        summ = Capturing(Stemmer("english"))
        summ.stop_words = get_stop_words("english")
        _SUMY[kind] = summ
    return _SUMY[kind]


def sumy_rank(kind: str) -> Ranker:
    def rank(_it: BBCArticle, sents: list[str]) -> list[int]:
        if not sents:
            return []
        doc = _sumy_document(sents)
        summ = _summarizer(kind)
        summ(doc, 1)
        ratings = summ.ratings
        r = [ratings[s] for s in doc.sentences]
        # sumy's own order: a stable sort by rating, best first
        return sorted(range(len(r)), key=lambda i: -r[i])

    return rank


def lead_rank(_it: BBCArticle, sents: list[str]) -> list[int]:
    return list(range(len(sents)))


# ---------------------------------------------------------------- thaw


def thaw_rank(it: BBCArticle, sents: list[str]) -> list[int]:
    from thaw_cli.analysis.summary import rank_sentences

    return [i for i, _ in rank_sentences(it.title, it.prose, limit=len(sents), sentences=sents)]


def thaw_cli_rankings(items: list[BBCArticle], n: int) -> dict[str, list[str]]:
    """The N-sentence summaries thaw stores and shows (``thaw summary --json``)."""
    import frontmatter

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for it in items:
            post = frontmatter.Post(it.prose, title=it.title, source="BBC")
            (out / f"{it.id}.md").write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
        proc = subprocess.run(
            ["thaw", "summary", "--sentences", str(n), "--json", "--corpus", str(out)],
            capture_output=True,
            text=True,
            check=True,
        )
    return {Path(str(rec["id"])).stem: rec["summary"] for rec in json.loads(proc.stdout)}


# ---------------------------------------------------------------- scoring


def summaries(
    ranking: list[int], sents: list[str], n: int, budget: int | None
) -> str:
    """The summary in article order: the first ``n`` of the ranking, or (with a word
    ``budget``) the ranking read until ``budget`` words, the last sentence cut."""
    if budget is None:
        chosen = sorted(ranking[:n])
        return " ".join(_norm(sents[i]) for i in chosen)
    took: list[tuple[int, list[str]]] = []
    left = budget
    for i in ranking:
        if left <= 0:
            break
        words = sents[i].split()[:left]
        took.append((i, words))
        left -= len(words)
    return " ".join(" ".join(w) for _, w in sorted(took))


def evaluate(items: list[BBCArticle], methods: dict[str, Ranker], n: int, cli: dict | None):
    """Per article and method: (topic, method, mode, r1, r2, rl, words)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    rows = []
    for it in items:
        sents = split_sentences(it.prose)
        ranks = {name: fn(it, sents) for name, fn in methods.items()}
        budget = len(summaries(ranks["TextRank"], sents, n, None).split())
        for name, ranking in ranks.items():
            for mode in ("n", "len"):
                if name == "thaw" and cli is not None and mode == "n":
                    summ = " ".join(cli.get(it.id, []))
                else:
                    summ = summaries(ranking, sents, n, budget if mode == "len" else None)
                sc = scorer.score(it.reference, summ)
                rows.append(
                    (
                        it.topic,
                        it.part,
                        name,
                        mode,
                        100 * sc["rouge1"].fmeasure,
                        100 * sc["rouge2"].fmeasure,
                        100 * sc["rougeL"].fmeasure,
                        len(summ.split()),
                    )
                )
    return rows


def table(rows: list[tuple], parts: list[str], methods: list[str], n: int) -> None:
    topics = sorted({r[0] for r in rows}) + ["ALL"]
    for mode, head in (("n", f"at {n} sentences"), ("len", "at TextRank's length (word budget)")):
        print(f"\n### {head}")
        cols = " | ".join(f"{p} R1 | {p} R2 | {p} RL | {p} words" for p in parts)
        print(f"| topic | method | {cols} |")
        print("|---|---|" + "---|" * (4 * len(parts)))
        for t in topics:
            for m in methods:
                cells = []
                for p in parts:
                    sel = [r for r in rows if r[1] == p and r[2] == m and r[3] == mode]
                    sel = [r for r in sel if t == "ALL" or r[0] == t]
                    if not sel:
                        cells += ["", "", "", ""]
                        continue
                    cells += [f"{statistics.mean(r[k] for r in sel):.1f}" for k in (4, 5, 6, 7)]
                label = f"{t} ({len([r for r in rows if r[2] == m and r[3] == mode and (t == 'ALL' or r[0] == t) and r[1] == parts[0]])})"
                print(f"| {label if m == methods[0] else ''} | {m} | " + " | ".join(cells) + " |")
    # the margins the issue asks for
    print(f"\n### thaw - TextRank (R2 at {n} sentences; words; R1, RL; R2 at equal length)")
    print("| topic | " + " | ".join(f"{p} dR2 | {p} dwords | {p} dR1 | {p} dRL | {p} dR2@len" for p in parts) + " |")
    print("|---|" + "---|" * (5 * len(parts)))
    for t in topics:
        cells = []
        for p in parts:

            def mean(m: str, mode: str, k: int, p: str = p, t: str = t) -> float:
                sel = [r[k] for r in rows if r[1] == p and r[2] == m and r[3] == mode and (t == "ALL" or r[0] == t)]
                return statistics.mean(sel) if sel else float("nan")

            cells += [
                f"{mean('thaw', 'n', 5) - mean('TextRank', 'n', 5):+.1f}",
                f"{mean('thaw', 'n', 7) - mean('TextRank', 'n', 7):+.1f}",
                f"{mean('thaw', 'n', 4) - mean('TextRank', 'n', 4):+.1f}",
                f"{mean('thaw', 'n', 6) - mean('TextRank', 'n', 6):+.1f}",
                f"{mean('thaw', 'len', 5) - mean('TextRank', 'len', 5):+.1f}",
            ]
        print(f"| {t} | " + " | ".join(cells) + " |")
    intervals(rows, parts, topics, n)


def intervals(rows: list[tuple], parts: list[str], topics: list[str], n: int, draws: int = 5000) -> None:
    """Paired bootstrap 95% intervals of thaw - TextRank per article (R2, R1, RL at N
    sentences): how far a topic's margin can move by the draw of its articles alone."""
    import random

    print(f"\n### thaw - TextRank, paired bootstrap 95% intervals ({draws} draws, at {n} sentences)")
    print("| topic | " + " | ".join(f"{p} dR2 | {p} dR1 | {p} dRL" for p in parts) + " |")
    print("|---|" + "---|" * (3 * len(parts)))
    for t in topics:
        cells = []
        for p in parts:
            sel = {m: [r for r in rows if r[1] == p and r[2] == m and r[3] == "n" and (t == "ALL" or r[0] == t)]
                   for m in ("thaw", "TextRank")}
            for k in (5, 4, 6):
                diffs = [a[k] - b[k] for a, b in zip(sel["thaw"], sel["TextRank"], strict=True)]
                if not diffs:
                    cells.append("")
                    continue
                rng = random.Random(1)
                means = sorted(statistics.fmean(rng.choices(diffs, k=len(diffs))) for _ in range(draws))
                cells.append(f"{means[int(0.025 * draws)]:+.1f}..{means[int(0.975 * draws) - 1]:+.1f}")
        print(f"| {t} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=BBC_FULL, help="a BBC News Summary folder")
    ap.add_argument("--part", default="dev", choices=["dev", "val", "all", "both"])
    ap.add_argument("-n", type=int, default=3, help="sentences per summary")
    ap.add_argument("--cli", action="store_true", help="thaw's N-sentence summaries from `thaw summary --json`")
    ap.add_argument("--topic", action="append", help="only these topics")
    ap.add_argument("--show", type=int, default=0, help="print the first N thaw summaries")
    ap.add_argument("--no-baselines", action="store_true", help="thaw and TextRank only")
    ap.add_argument("--json", type=Path, help="write the per-article rows here")
    args = ap.parse_args()

    items = load(args.corpus, "all" if args.part == "both" else args.part)
    if args.topic:
        items = [it for it in items if it.topic in args.topic]
    parts = ["dev", "val"] if args.part == "both" else [args.part]
    if args.part == "all":
        for it in items:
            it.part = "all"
    methods: dict[str, Ranker] = {"thaw": thaw_rank, "TextRank": sumy_rank("textrank")}
    if not args.no_baselines:
        methods["LexRank"] = sumy_rank("lexrank")
        methods["lead"] = lead_rank
    cli = thaw_cli_rankings(items, args.n) if args.cli else None
    rows = evaluate(items, methods, args.n, cli)
    print(f"{args.corpus.name}: {len(items)} articles, part {args.part}, {args.n} sentences")
    table(rows, parts, list(methods), args.n)
    if args.json:
        args.json.write_text(json.dumps(rows))
    for it in items[: args.show]:
        sents = split_sentences(it.prose)
        print(f"\n== {it.id}: {it.title}")
        for i in sorted(thaw_rank(it, sents)[: args.n]):
            print(" -", _norm(sents[i]))


if __name__ == "__main__":
    main()
