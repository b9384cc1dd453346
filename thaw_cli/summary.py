"""Offline extractive summaries and key phrases (standard library only).

Sentences are scored by general signals and picked greedily with maximal marginal
relevance (MMR), so every prefix of :func:`rank_sentences` is a summary of that
length:

* centrality: how much of the sentence's vocabulary recurs in the rest of the
  article (other occurrences of its content-word stems, i.e. its degree in the
  word-overlap graph of TextRank, with a weak length normalisation);
* position: a lead bias, ``1 + 1 / (1 + position) ** 3`` (the lead counts double);
* title overlap: a bonus for content words shared with the headline;
* a length prior and debris penalties (very short fragments, "Reuter" sign-offs,
  bylines, tables of figures, questions, quote-only lines);
* a penalty for a sentence opening with a dangling pronoun or connective ("He
  said", "It added", "But") unless the sentence before it is already chosen;
* redundancy: each pick is discounted by its largest similarity to the sentences
  already chosen.
"""

from __future__ import annotations

import math
import re

from thaw_cli.sentences import split_sentences

__all__ = ["keywords", "lead", "rank_sentences", "summarize"]

STOP_WORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already
    also although always am among amongst an and another any anyhow anyone anything anyway
    anywhere are around as at back be became because become becomes been before beforehand
    behind being below beside besides between beyond both but by can cannot could did do
    does doing done down due during each either else elsewhere enough etc even ever every
    everyone everything everywhere except few for former formerly from further had has have
    having he hence her here hereafter hereby herein hers herself him himself his how however
    i if in indeed into is it its itself just last latter least less made make many may me
    meanwhile might mine more moreover most mostly much must my myself namely neither never
    nevertheless next no nobody none nor not nothing now nowhere of off often on once one
    only onto or other others otherwise our ours ourselves out over own per perhaps put
    rather re really same says said say see seem seemed seeming seems several she should
    since so some somehow someone something sometime sometimes somewhere still such than
    that the their theirs them themselves then thence there thereafter thereby therefore
    therein thereupon these they this those though through throughout thru thus to together
    too toward towards under until up upon us very via was we well were what whatever when
    whence whenever where whereafter whereas whereby wherein whereupon wherever whether which
    while whither who whoever whole whom whose why will with within without would yet you
    your yours yourself yourselves told according added adds get got go going goes went
    like new year years time mr mrs ms dr yesterday today tomorrow week
    monday tuesday wednesday thursday friday saturday sunday""".split()
)

_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_WS = re.compile(r"\s+")
_DANGLING_RE = re.compile(
    r"[\"'\u2018\u201c]?(?:He|She|It|They|This|These|Those|His|Her|Its|Their|Them|That|Such|"
    r"But|However|And|Also|Meanwhile|Still|Yet|Instead|So)\b"
)
_DEBRIS = re.compile(
    r"(?:reuters?|ap|afp|\(?reporting by|\(?editing by|\(?writing by|by [A-Z][a-z]+ [A-Z][a-z]+\Z|"
    r"read more|click here|advertisement|share this|copyright|all rights reserved|"
    r"follow us|sign up|subscribe)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"[\d.,/%$-]+\Z")
# The tuned constants (few on purpose; checked per topic against TextRank).
_LEAD_EXP = 3.0  # position prior 1 + 1 / (1 + i) ** _LEAD_EXP: the lead counts double
_LEN_EXP = 0.1  # centrality divided by length ** _LEN_EXP (0: sum, 0.5: cosine-like)
_TITLE = 0.25  # weight of the share of headline words in the sentence
_MMR = 0.2  # redundancy: relevance minus _MMR * max similarity to chosen sentences
_DANGLING_COST = 0.1  # relevance lost by a dangling opener whose antecedent is not chosen
_CANDIDATE_CAP = 400  # sentences considered for a summary (the document vector uses all)


def _stem(word: str) -> str:
    """A very light English stemmer (plurals, -ing, -ed, possessive)."""
    if word.endswith(("'s", "\u2019s")):
        word = word[:-2]
    n = len(word)
    if n > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("ing") and n > 5:
            return word[:-3]
        if word.endswith("ed") and not word.endswith("eed"):
            return word[:-2]
        if word.endswith("es") and word[-3] in "sxz":
            return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _content(text: str, cache: dict[str, str]) -> list[str]:
    """Content-word stems of ``text`` (lower-cased, stop words and 1-char tokens removed)."""
    out = []
    for w in _TOKEN.findall(text.lower()):
        s = cache.get(w)
        if s is None:
            s = "" if (w in STOP_WORDS or len(w) < 2 or w.isdigit()) else _stem(w)
            cache[w] = s
        if s:
            out.append(s)
    return out


def _quality(sentence: str, nwords: int) -> float:
    """A multiplier in (0, 1] that pushes debris and weak sentence shapes down."""
    if nwords < 4 or _DEBRIS.match(sentence) and nwords < 8:
        return 0.02
    if not any(c.islower() for c in sentence):
        return 0.05
    q = 1.0
    if nwords < 8:
        q *= 0.3
    elif nwords < 12:
        q *= 0.75
    elif nwords > 50:
        q *= 50 / nwords
    toks = sentence.split()
    numeric = sum(1 for t in toks if _NUMERIC.match(t))
    if numeric * 3 > len(toks):
        q *= 0.3
    end = sentence.rstrip("\"'\u2019\u201d) ")
    if end.endswith("?"):
        q *= 0.5
    elif end.endswith(":"):
        q *= 0.4
    elif not end.endswith((".", "!")):
        q *= 0.7
    if sentence[0] in "\"\u201c'\u2018" and sentence[-1] in "\"\u201d'\u2019":
        q *= 0.6
    return q


def _norm(sentence: str) -> str:
    return _WS.sub(" ", sentence).strip()


def rank_sentences(title: str | None, text: str, limit: int = 10) -> list[tuple[int, str]]:
    """The best sentences, best first, as (position in the article, normalised text).

    Chosen greedily with redundancy removal, so every prefix is a summary of that length.
    """
    sents = split_sentences(text)
    if not sents or limit <= 0:
        return []
    cache: dict[str, str] = {}
    toks = [_content(s, cache) for s in sents]
    doc_tf: dict[str, int] = {}
    for ts in toks:
        for t in ts:
            doc_tf[t] = doc_tf.get(t, 0) + 1
    title_terms = set(_content(title, cache)) if title else set()

    k = min(len(sents), _CANDIDATE_CAP)
    sets: list[set[str]] = []
    base: list[float] = []
    for i in range(k):
        ts = toks[i]
        uniq = set(ts)
        sets.append(uniq)
        if not uniq:
            base.append(0.0)
            continue
        own: dict[str, int] = {}
        for t in ts:
            own[t] = own.get(t, 0) + 1
        # Degree centrality: the number of other occurrences of the sentence's words.
        central = sum(doc_tf[t] - own[t] for t in uniq)
        central /= len(ts) ** _LEN_EXP
        tb = len(uniq & title_terms) / len(title_terms) if title_terms else 0.0
        pos = 1.0 + 1.0 / (1.0 + i) ** _LEAD_EXP
        nwords = sents[i].count(" ") + sents[i].count("\n") + 1
        base.append(central * (1.0 + _TITLE * tb) * pos * _quality(sents[i], nwords))

    top = max(base) or 1.0
    rel = [b / top for b in base]
    dangling = [bool(_DANGLING_RE.match(s)) for s in sents[:k]]
    chosen: list[int] = []
    picked = [False] * k
    max_sim = [0.0] * k
    for _ in range(min(limit, k)):
        best, best_val = -1, -math.inf
        for i in range(k):
            if picked[i]:
                continue
            val = rel[i] - _MMR * max_sim[i]
            if dangling[i] and not (i > 0 and picked[i - 1]):
                val -= _DANGLING_COST
            if val > best_val:
                best, best_val = i, val
        picked[best] = True
        chosen.append(best)
        sb = sets[best]
        if sb:
            for i in range(k):
                if not picked[i] and sets[i]:
                    inter = len(sets[i] & sb)
                    if inter:
                        sim = inter / math.sqrt(len(sets[i]) * len(sb))
                        if sim > max_sim[i]:
                            max_sim[i] = sim
    return [(i, _norm(sents[i])) for i in chosen]


def summarize(title: str | None, text: str, n: int = 3) -> list[str]:
    """The ``n`` best sentences of the article, in article order."""
    return [s for _, s in sorted(rank_sentences(title, text, n))]


def lead(text: str, n: int = 3) -> list[str]:
    """The first ``n`` sentences (the fallback for non-English text)."""
    return [_norm(s) for s in split_sentences(text)[:n]]


# ----------------------------------------------------------------- key phrases

_KP_TOKEN = re.compile(
    r"(?P<w>(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w&'\u2019-]*\w)?)|(?P<n>\d[\d.,:/%]*\w*)|(?P<p>[^\s\w])"
)
_KP_EXTRA_STOP = frozenset(
    """reuter reuters bbc ap afp dlrs dlr pct mln billion million bln cts ct shr net revs
    percent per cent rose fell rise fall told asked including include includes announced
    saying new old big high low late early first second third former latter certain recent
    recently end start way lot lots thing things part number people today week month
    months day days year-old spokesman spokeswoman statement source sources official officials
    inc corp co ltd plc llc two three four five six seven eight nine ten eleven twelve
    hundred hundreds thousand thousands dozen""".split()
)
_KP_MAX_WORDS = 4


def keywords(title: str | None, text: str, n: int = 8) -> list[str]:
    """Up to ``n`` key phrases of the article, best first, multi-word phrases preferred.

    Candidates are runs of words between stop words, numbers and punctuation (and
    their sub-runs of up to four words); a candidate scores by how often it and its
    words occur, how early it first occurs, its overlap with the headline and its
    length.  A phrase contained in (or containing) a better one is dropped.
    """
    if n <= 0:
        return []
    cache: dict[str, str] = {}
    runs: list[list[tuple[str, str]]] = []  # (surface, stem) words of each run
    positions: list[int] = []  # token index where each run starts
    cur: list[tuple[str, str]] = []
    index = 0
    for m in _KP_TOKEN.finditer(text):
        index += 1
        word = m.group("w")
        if word is not None:
            low = word.lower()
            key = cache.get(low)
            if key is None:
                plain = low.replace("\u2019", "'")
                if plain.endswith("'s"):
                    plain = plain[:-2]
                stop = (
                    plain in STOP_WORDS
                    or plain in _KP_EXTRA_STOP
                    or len(plain) < 2
                    or (plain.endswith("ly") and len(plain) > 4)
                )
                key = "" if stop else _stem(plain)
                cache[low] = key
            if key:
                if not cur:
                    positions.append(index)
                if low.endswith(("'s", "\u2019s")):
                    # a possessive ends its noun phrase: "Britain's | state-owned utility"
                    cur.append((word[:-2], key))
                    runs.append(cur)
                    cur = []
                else:
                    cur.append((word, key))
                continue
        if cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    if not runs:
        return []

    total = index or 1
    word_tf: dict[str, int] = {}
    for run in runs:
        for _, key in run:
            word_tf[key] = word_tf.get(key, 0) + 1
    title_keys = set()
    if title:
        for m in _KP_TOKEN.finditer(title):
            word = m.group("w")
            if word:
                title_keys.add(_stem(word.lower().replace("\u2019", "'").removesuffix("'s")))

    count: dict[tuple[str, ...], int] = {}
    first: dict[tuple[str, ...], int] = {}
    forms: dict[tuple[str, ...], dict[str, int]] = {}
    for run, start in zip(runs, positions, strict=True):
        size = len(run)
        for a in range(size):
            for b in range(a + 1, min(size, a + _KP_MAX_WORDS) + 1):
                last = run[b - 1][0]
                if last.endswith("ed") and last.islower():
                    continue  # "prices raised": a verb, not a name
                key = tuple(k for _, k in run[a:b])
                count[key] = count.get(key, 0) + 1
                if key not in first:
                    first[key] = start + a
                surface = " ".join(w for w, _ in run[a:b])
                fd = forms.setdefault(key, {})
                fd[surface] = fd.get(surface, 0) + 1

    capital = {
        fd_key[0]
        for fd_key, fd in forms.items()
        if len(fd_key) == 1 and all(s[0].isupper() for s in fd)
    }
    scored: list[tuple[float, tuple[str, ...]]] = []
    for key, c in count.items():
        size = len(key)
        if size == 1 and word_tf[key[0]] < 2:
            continue  # a single word met once is no key phrase
        if size > 1 and c == 1 and (word_tf[key[0]] == 1 or word_tf[key[-1]] == 1):
            continue  # an incidental modifier: "Senior U.S. arms" under "U.S. arms"
        # Its own count plus how often its words recur (mean over the words, so one
        # incidental word drags a long phrase down), with a bonus for length.
        score = (c + sum(word_tf[k] - 1 for k in key) / size) * (1.0 + 0.3 * (size - 1))
        score *= 1.0 + 0.5 * (1.0 - first[key] / total)
        if title_keys:
            score *= 1.0 + sum(1 for k in key if k in title_keys) / size
        if size == 1 and key[0] not in capital:
            score *= 0.7  # a lone common noun or verb ("win", "total")
        scored.append((score, key))
    scored.sort(key=lambda x: (-x[0], x[1]))

    kept: list[tuple[str, ...]] = []
    for _, key in scored:
        if any(_contains(k, key) or _overlaps(k, key) for k in kept):
            continue  # part of a better phrase, or a fragment of the same longer one
        inside = [k for k in kept if _contains(key, k)]
        if inside:
            # A longer phrase absorbs the better-scored shorter ones it contains when it
            # accounts for a fair share of their occurrences and its extra words recur
            # ("Poppins" -> "Mary Poppins", but not -> "prevented Mary Poppins").
            extra = set(key).difference(*inside)
            if any(count[key] * 2 < count[k] for k in inside) or any(word_tf[w] < 2 for w in extra):
                continue
            slot = kept.index(inside[0])
            kept = [k for k in kept if k not in inside]
            kept.insert(slot, key)
        else:
            if len(kept) >= n:
                break
            kept.append(key)
    out = []
    for key in kept:
        fd = forms[key]
        # the commonest spelling; prefer lower case at equal counts (sentence-initial capitals)
        out.append(max(fd, key=lambda s: (fd[s], s.islower() or not s[0].isupper())))
    return out


def _overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether one phrase ends with words the other starts with ("film Mary" / "Mary Poppins")."""
    for x, y in ((a, b), (b, a)):
        for k in range(1, min(len(x), len(y))):
            if x[-k:] == y[:k]:
                return True
    return False


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    """Whether ``small`` occurs as a contiguous sub-phrase of ``big``."""
    n, m = len(big), len(small)
    if m > n:
        return False
    return any(big[i : i + m] == small for i in range(n - m + 1))
