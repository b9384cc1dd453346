"""Which lines of a copied web page are the article: a small trained line classifier.

A page copied with select-all + copy is a list of lines: menus, breadcrumbs, buttons,
cookie text, related-story lists, comments and footers around the article's paragraphs.
Each line is described by shallow features of its own and of its neighbours (boilerpipe /
jusText style: length, sentence ends, capitals, digits, a learned word score and the
density of common words, the run of short lines around it, repeats, position, and the
cleaner's own rule flags), and a two-stage model gives it a probability of being article
text: stage one reads the features, stage two reads them again with stage one's
probabilities of the lines around it (context smoothing). Both stages are small neural
networks (one hidden layer) trained by `bench/train_cleaner.py` on real pages; their
weights and the word statistics ship as `pagelines_model.npz` / `pagelines_words.json`
beside this module and are loaded once, on first use.

Pure: strings and flags in, numbers out. numpy is imported when the model is loaded.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from thaw_cli.ingest.pagedates import RELATIVE_RE

__all__ = [
    "RULE_BITS",
    "Model",
    "base_features",
    "context_features",
    "load_model",
    "line_probabilities",
    "select",
    "words_of",
]

_HERE = Path(__file__).resolve().parent
MODEL_FILE = _HERE / "pagelines_model.npz"
WORDS_FILE = _HERE / "pagelines_words.json"

# The cleaner's rule flags of a line (bits of `rules`).
RULE_BITS = ("debris", "meta", "related_heading", "related_inline", "tags", "crumb", "label",
             "date")

_WORD_RE = re.compile(r"[^\W\d_]+")
_SENT_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")
_INNER_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s+[\"'“„«(]?[A-ZÀ-ÖØ-ÞΑ-ΩА-Я0-9]")
_URLISH_RE = re.compile(r"https?://|www\.|@\w+\.\w|\.(?:de|com|org|net|html?)\b", re.I)
_SEPS = "|•·»›>/"
_CAP_WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_a-zß-ÿ]")  # a word starting with a capital
_DIGITS_RE = re.compile(r"\d")
_PUNCT_RE = re.compile(r"[^\w\s]|_")
SHORT = 40  # characters: a line this short or shorter is "short" (menus, buttons)


def words_of(s: str) -> list[str]:
    """The words of a line as the word statistics count them (case-folded letters)."""
    return _WORD_RE.findall(s.casefold())


class Words:
    """Word statistics learned from pages: a log-odds weight per word (article text vs
    page debris) and the set of common words (article text of many pages, jusText's
    stop words learned instead of listed)."""

    def __init__(self, weights: dict[str, float], common: set[str]) -> None:
        self.weights = weights
        self.common = common

    @classmethod
    def load(cls, path: Path = WORDS_FILE) -> Words:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({w: float(v) for w, v in data["weights"].items()}, set(data["common"]))


def base_features(lines: Sequence[str], bullets: Sequence[bool], blocks: Sequence[int],
                  rules: Sequence[int], words: Words) -> list[list[float]]:
    """The features of each line on its own (and of its place in the page)."""
    n = len(lines)
    counts: dict[str, int] = {}
    for s in lines:
        key = s.casefold()
        counts[key] = counts.get(key, 0) + 1
    total = sum(len(s) for s in lines) or 1
    block_size: dict[int, int] = {}
    for b in blocks:
        block_size[b] = block_size.get(b, 0) + 1
    # the run of short lines each line stands in
    short = [len(s) <= SHORT for s in lines]
    run = [0] * n
    i = 0
    while i < n:
        j = i
        while j < n and short[j] == short[i]:
            j += 1
        for k in range(i, j):
            run[k] = j - i if short[i] else 0
        i = j
    weights, common = words.weights, words.common
    out: list[list[float]] = []
    offset = 0
    for i, s in enumerate(lines):
        length = len(s)
        toks = _WORD_RE.findall(s.casefold())
        nw = len(toks)
        ws = [weights[t] for t in toks if t in weights]
        known = len(ws)
        lex_mean = sum(ws) / known if known else 0.0
        lex_min = min(ws) if ws else 0.0
        lex_max = max(ws) if ws else 0.0
        common_frac = sum(t in common for t in toks) / nw if nw else 0.0
        caps = len(_CAP_WORD_RE.findall(s)) / nw if nw else 0.0
        digits = len(_DIGITS_RE.findall(s)) / length if length else 0.0
        punct = len(_PUNCT_RE.findall(s)) / length if length else 0.0
        last = s.rstrip()[-1:] if s else ""
        r = rules[i]
        b = blocks[i]
        first_in_block = i == 0 or blocks[i - 1] != b
        last_in_block = i == n - 1 or blocks[i + 1] != b
        out.append([
            math.log1p(length),
            math.log1p(nw),
            1.0 if _SENT_END_RE.search(s) else 0.0,
            1.0 if last == ":" else 0.0,
            1.0 if last in ",;-–" else 0.0,
            min(len(_INNER_END_RE.findall(s)), 10) / 10.0,
            caps,
            digits,
            punct,
            1.0 if bullets[i] else 0.0,
            min(sum(s.count(c) for c in _SEPS), 5) / 5.0,
            1.0 if s.isupper() else 0.0,
            lex_mean,
            lex_min,
            lex_max,
            known / nw if nw else 0.0,
            common_frac,
            math.log(counts[s.casefold()]),
            1.0 if _URLISH_RE.search(s) else 0.0,
            i / n,
            offset / total,
            math.log(block_size[b]),
            1.0 if first_in_block else 0.0,
            1.0 if last_in_block else 0.0,
            math.log1p(run[i]),
            *[float((r >> k) & 1) for k in range(len(RULE_BITS))],
        ])
        offset += length
    return out


# context windows: (start, end) offsets relative to the line, both inclusive
_WINDOWS = ((-1, -1), (1, 1), (-3, -1), (1, 3), (-10, -4), (4, 10))
_CTX_COLS = (0, 2, 12, 16, 24)  # log length, sentence end, word score, common words, run


def context_features(base: Any, extra: Any = None) -> Any:
    """Each line's base features, the mean of some of them over windows of lines before and
    after it, page-level figures, and (stage two) the window means of `extra`."""
    import numpy as np

    n = base.shape[0]
    cols = base[:, _CTX_COLS]
    if extra is not None:
        cols = np.concatenate([cols, extra[:, None] if extra.ndim == 1 else extra], axis=1)
    pad = 10
    padded = np.concatenate([np.zeros((pad, cols.shape[1])), cols, np.zeros((pad, cols.shape[1]))])
    valid = np.concatenate([np.zeros(pad), np.ones(n), np.zeros(pad)])
    csum = np.concatenate([np.zeros((1, cols.shape[1])), np.cumsum(padded, axis=0)])
    vsum = np.concatenate([[0.0], np.cumsum(valid)])
    idx = np.arange(n) + pad
    parts = [base]
    for a, b in _WINDOWS:
        lo, hi = idx + a, idx + b + 1
        cnt = (vsum[hi] - vsum[lo])[:, None]
        mean = (csum[hi] - csum[lo]) / np.maximum(cnt, 1.0)
        parts.append(mean)
        parts.append(cnt / (b - a + 1))
    # page-level: how long the page is, how much of it is long prose lines
    long_prose = (base[:, 0] > math.log1p(120)) & (base[:, 2] > 0)
    page = np.empty((n, 3))
    page[:, 0] = math.log1p(n)
    page[:, 1] = long_prose.mean() if n else 0.0
    # distance (in lines, log) to the nearest long prose line
    where = np.flatnonzero(long_prose)
    if where.size:
        pos = np.searchsorted(where, np.arange(n))
        left = np.abs(np.arange(n) - where[np.clip(pos - 1, 0, where.size - 1)])
        right = np.abs(where[np.clip(pos, 0, where.size - 1)] - np.arange(n))
        page[:, 2] = np.log1p(np.minimum(left, right))
    else:
        page[:, 2] = math.log1p(n)
    parts.append(page)
    return np.concatenate(parts, axis=1)


class Model:
    """Two one-hidden-layer networks (stage one, stage two) with input standardisation."""

    def __init__(self, arrays: dict[str, Any], words: Words) -> None:
        self.a = arrays
        self.words = words

    @classmethod
    def load(cls, model: Path = MODEL_FILE, words: Path = WORDS_FILE) -> Model:
        import numpy as np

        with np.load(model, allow_pickle=False) as data:
            # (float64 once here: each matrix product would otherwise convert the float32 weights)
            arrays = {k: data[k].astype(np.float64) for k in data.files}
        return cls(arrays, Words.load(words))

    def _net(self, stage: str, x: Any, logits: bool = False) -> Any:
        import numpy as np

        a = self.a
        z = (x - a[f"{stage}_mu"]) / a[f"{stage}_sd"]
        h = np.maximum(z @ a[f"{stage}_w1"] + a[f"{stage}_b1"], 0.0)
        logit = (h @ a[f"{stage}_w2"] + a[f"{stage}_b2"]).ravel()
        if logits:
            return logit
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -30, 30)))

    def predict(self, base: Any) -> Any:
        """The probability of each line being article text (stage two)."""
        return self.stages(base)[1]

    def stages(self, base: Any) -> tuple[Any, Any]:
        """The probability of each line being article text, by stage one and by stage two."""
        x1 = context_features(base)
        p1 = self._mean("s1", x1)
        x2 = context_features(base, p1)
        return p1, self._mean("s2", x2)

    def _mean(self, stage: str, x: Any) -> Any:
        """The mean probability of a stage's networks (one, or several trained with different
        seeds: `s1`, `s1b1`, `s1b2`...)."""
        nets = [stage] + [f"{stage}b{k}" for k in range(1, 10) if f"{stage}b{k}_w1" in self.a]
        return sum(self._net(n, x) for n in nets) / len(nets)

    @property
    def roles_stage(self) -> int:
        """Which stage's probabilities the role models read (the one they were trained on)."""
        st = self.a.get("roles_stage")
        return int(st[0]) if st is not None else 2

    def roles(self, x: Any) -> dict[str, Any]:
        """Each line's score as the title and as the date line (logits of a ranking within
        the page: only their order counts, and a clipped probability would tie the best
        lines), and its probability of being the byline."""
        out = {}
        for r in ROLES:
            # a role may have several networks (trained with different seeds): their mean
            nets = [r] + [f"{r}{k}" for k in range(1, 10) if f"{r}{k}_w1" in self.a]
            if f"{r}_w1" in self.a:
                out[r] = sum(self._net(n, x, logits=r in LISTWISE) for n in nets) / len(nets)
        return out


_model: Model | None = None


def load_model() -> Model:
    """The shipped model (loaded once)."""
    global _model
    if _model is None:
        _model = Model.load()
    return _model


def line_probabilities(lines: Sequence[str], bullets: Sequence[bool], blocks: Sequence[int],
                       rules: Sequence[int], model: Model | None = None) -> list[float]:
    """The probability of each line of a page being part of the article."""
    import numpy as np

    if not lines:
        return []
    model = model or load_model()
    base = np.asarray(base_features(lines, bullets, blocks, rules, model.words), dtype=float)
    return model.predict(base).tolist()


def select(probs: Sequence[float], threshold: float = 0.5) -> list[bool]:
    """Which lines to keep as the article."""
    return [p >= threshold for p in probs]


# --- metadata lines: title, date, byline --------------------------------------------------

ROLES = ("title", "date", "author")
LISTWISE = ("title", "date")  # roles trained as a ranking of the lines of a page
_BYLINE_START_RE = re.compile(
    r"(?:(?:written|posted|reported|text|photos?)\s+by|by|von|par|por|di|door|av|przez|"
    r"autor(?:in|ka)?|author|auteur|autore|text|texte|geschrieben\s+von|verfasst\s+von|"
    r"redakcja|reportage)(?![^\W\d_])\s*:?\s*",
    re.IGNORECASE,
)
_UPDATED_RE = re.compile(
    r"updated|aktualisiert|geändert|mis à jour|modifié|actualizado|aggiornato|atualizado|"
    r"zaktualizowano|last modified|zuletzt",
    re.IGNORECASE,
)
_PUBLISHED_RE = re.compile(
    r"published|veröffentlicht|publié|publicado|pubblicato|posted|erschienen|opublikowano|"
    r"datum|date|publi|gepubliceerd|am\b|on\b|le\b|el\b",
    re.IGNORECASE,
)
_NAME_TOKEN_RE = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*")


def _name_like(s: str) -> bool:
    toks = s.split()
    return 2 <= len(toks) <= 4 and all(_NAME_TOKEN_RE.fullmatch(t) for t in toks)


def role_features(lines: Sequence[str], base: Any, probs: Any, dates: Sequence[list[Any]],
                  names: Sequence[bool], intro: Sequence[bool]) -> Any:
    """Features of each line as a candidate title, date line or byline (see ROLES); `names`:
    the line reads as a byline with names, `intro`: it has a byline introducer ("by",
    "von", "Autor:"...) somewhere (both from the cleaner's byline reader)."""
    import numpy as np

    n = len(lines)
    p = np.asarray(probs, dtype=float)
    content = np.flatnonzero(p >= 0.5)
    first = int(content[0]) if content.size else n
    body_words: dict[str, int] = {}
    for i in content:
        for w in set(words_of(lines[i])):
            body_words[w] = body_words.get(w, 0) + 1
    date_rank = 0
    counts: dict[str, int] = {}
    for ds in dates:
        for d in ds:
            counts[d[0]] = counts.get(d[0], 0) + 1
    top_date = max(counts, key=lambda k: counts[k]) if counts else None
    has_date = [bool(ds) for ds in dates]
    byline = [bool(_BYLINE_START_RE.match(s)) and len(s) <= 150 for s in lines]
    # lines repeated inside others (a headline in a breadcrumb or a "share" line)
    folded = [s.casefold() for s in lines]
    whole = "\n".join(folded)
    contained = [
        whole.count(f) - 1 if 10 <= len(f) <= 200 and 3 <= f.count(" ") + 1 <= 30 else 0
        for f in folded
    ]
    long_kept = [i for i in content.tolist() if len(lines[i]) >= 80]
    start = long_kept[0] if long_kept else n
    title_cols = _title_features(lines, p, content, names, has_date, start)
    out = np.zeros((n, 33))
    cp = [0.0, *np.cumsum(p).tolist()]
    kept = [0, *np.cumsum(p >= 0.5).tolist()]
    total_kept = max(1, kept[-1])
    for i, s in enumerate(lines):
        dist = i - first
        toks = [w for w in words_of(s) if len(w) >= 4]
        own = 1 if p[i] >= 0.5 else 0
        overlap = (sum(body_words.get(w, 0) - own > 0 for w in toks) / len(toks)) if toks else 0.0
        ds = dates[i]
        out[i] = (
            p[i],
            (cp[min(n, i + 4)] - cp[i + 1]) / (min(n, i + 4) - i - 1) if i + 1 < n else 0.0,
            (cp[i] - cp[max(0, i - 3)]) / (i - max(0, i - 3)) if i else 0.0,
            max(-30, min(30, dist)) / 30,
            math.log1p(abs(dist)),
            1.0 if dist < 0 else 0.0,
            1.0 if ds else 0.0,
            (ds[0][1] / max(1, len(s))) if ds else 1.0,
            min(len(ds), 3),
            math.log1p(date_rank) if ds else 3.0,
            1.0 if _UPDATED_RE.search(s) else 0.0,
            1.0 if _PUBLISHED_RE.search(s) else 0.0,
            1.0 if RELATIVE_RE.search(s) else 0.0,
            1.0 if byline[i] else 0.0,
            1.0 if any(has_date[i + 1:i + 4]) else 0.0,
            1.0 if any(byline[i + 1:i + 4]) else 0.0,
            1.0 if any(has_date[max(0, i - 3):i]) else 0.0,
            overlap,
            1.0 if _name_like(s) else 0.0,
            1.0 if ds and ds[0][0] == top_date else 0.0,
            1.0 if len(s) <= 250 else 0.0,
            1.0 if ds and (ds[0][2] - ds[0][1]) >= 0.6 * len(s.strip()) else 0.0,
            math.log1p(len(toks)),
            1.0 if i and has_date[i - 1] else 0.0,
            math.log1p(kept[i]),
            kept[i] / total_kept,
            1.0 if names[i] else 0.0,
            1.0 if intro[i] else 0.0,
            1.0 if any(names[max(0, i - 3):i]) else 0.0,
            1.0 if any(names[i + 1:i + 4]) else 0.0,
            math.log1p(max(0, contained[i])),
            max(-30, min(30, i - start)) / 30,
            math.log1p(abs(i - start)),
        )
        if ds:
            date_rank += 1
    return np.concatenate([base, out, title_cols], axis=1)


_HEADLINE_END_RE = re.compile(r"[.,;:]$")
_SITE_SEP_RE = re.compile(r"\s(?:[|\-–—:·•»/])\s|\s?[|·•»]\s?")
LEAD = 5  # kept lines after a candidate title that are its lead


def _headline_like(s: str, nw: int) -> bool:
    return 2 <= nw <= 25 and len(s) <= 200 and not _HEADLINE_END_RE.search(s.rstrip())


def _title_features(lines: Sequence[str], p: Any, content: Any, names: Sequence[bool],
                    has_date: Sequence[bool], start: int) -> Any:
    """Features of each line as the headline: how much of it the article's lead and body
    repeat (headlines share their rare words with the lead), the headline-like lines between
    it and the article's first long line, how far the next date line and byline are, and its
    shape (ends, question, a site-name part, capitals of its long words)."""
    import numpy as np

    n = len(lines)
    toks = [words_of(s) for s in lines]
    sets = [set(t) for t in toks]
    df: dict[str, int] = {}
    for st in sets:
        for w in st:
            df[w] = df.get(w, 0) + 1
    kept = content.tolist()
    hl = [_headline_like(s, len(t)) for s, t in zip(lines, toks, strict=True)]
    hl_cum = [0, *np.cumsum(hl).tolist()]
    # the next date line / byline at or after each line, and the last before it
    nxt_date = [n * 2] * (n + 1)
    nxt_name = [n * 2] * (n + 1)
    for i in range(n - 1, -1, -1):
        nxt_date[i] = i if has_date[i] else nxt_date[i + 1]
        nxt_name[i] = i if names[i] else nxt_name[i + 1]
    lens = [len(s) for s in lines]
    out = np.zeros((n, 21))
    body_df: dict[str, int] = {}
    for j in kept:
        for w in sets[j]:
            body_df[w] = body_df.get(w, 0) + 1
    for i, s in enumerate(lines):
        cand = [w for w in sets[i] if len(w) >= 4]
        if not cand or len(toks[i]) > 40:
            continue
        k = bisect.bisect_right(kept, i)
        lead: set[str] = set()
        for j in kept[k:k + LEAD]:
            lead |= sets[j]
        in_lead = [w in lead for w in cand]
        rare = [df[w] <= 3 for w in cand]
        rare_lead = sum(a and b for a, b in zip(in_lead, rare, strict=True))
        own = 1 if p[i] >= 0.5 else 0
        in_body = sum(body_df.get(w, 0) - (own if w in sets[i] else 0) > 0 for w in cand)
        caps = [w for w in s.split() if len(w) >= 4 and w[:1].isalpha()]
        stripped = s.rstrip()
        parts = _SITE_SEP_RE.split(s)
        before = i < start
        out[i] = (
            sum(in_lead) / len(cand),
            rare_lead / max(1, sum(rare)),
            math.log1p(rare_lead),
            in_body / len(cand),
            math.log1p(hl_cum[start] - hl_cum[i + 1]) if before else -1.0,
            1.0 if hl[i] else 0.0,
            math.log1p(min(nxt_date[i + 1] - i, 50)),
            math.log1p(min(nxt_name[i + 1] - i, 50)),
            1.0 if stripped.endswith(".") else 0.0,
            1.0 if stripped.endswith(("?", "!")) else 0.0,
            1.0 if len(parts) >= 2 else 0.0,
            sum(w[0].isupper() for w in caps) / len(caps) if caps else 0.0,
            1.0 if i + 1 < n and len(lines[i + 1]) >= 80 else 0.0,
            1.0 if i + 1 < n and hl[i + 1] else 0.0,
            1.0 if i and hl[i - 1] else 0.0,
            math.log1p(sum(df[w] for w in cand) / len(cand)),
            _ratio(lens[i + 1] if i + 1 < n else 0, lens[i]),
            _ratio(lens[i - 1] if i else 0, lens[i]),
            p[i + 1] if i + 1 < n else 0.0,
            p[i - 1] if i else 0.0,
            sum(w in near for w in cand) / len(cand) if (near := _words_near(sets, i)) else 0.0,
        )
    return out


def _ratio(a: int, b: int) -> float:
    """log(a / b), both plus one, clipped to [-3, 3]."""
    return max(-3.0, min(3.0, math.log((a + 1) / (b + 1))))


def _words_near(sets: Sequence[set[str]], i: int) -> set[str]:
    """The words of the three lines before line i and the three after it."""
    out: set[str] = set()
    for j in (*range(max(0, i - 3), i), *range(i + 1, min(len(sets), i + 4))):
        out |= sets[j]
    return out
