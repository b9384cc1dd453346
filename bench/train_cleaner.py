"""Train the line classifier of thaw's page cleaner (thaw_cli/ingest/pagelines.py) on real pages.

Usage:
    python bench/train_cleaner.py [--cv K] [--no-save] [--hidden 48] [--epochs 20]

Reads the development pages of ../shared/corpora/pages (ids not multiples of 5; the
validation pages are never read here), labels their lines (bench/page_labels.py: aligned
with trafilatura's extraction from the HTML, overridden by the reference snippets), learns
the word statistics and the two stages of the model, and writes
thaw_cli/ingest/pagelines_model.npz and pagelines_words.json (weights and word
statistics only, no text). `--cv K` first reports K-fold cross-validated body figures on
the development pages (each fold scored by a model that never saw it).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from page_labels import override, silver, trafilatura_texts  # noqa: E402
from pages import WORK, Gold, author_ok, collapse, date_ok, load_gold, page_text, select, title_ok  # noqa: E402

from thaw_cli.ingest import pagelines  # noqa: E402
from thaw_cli.ingest.cleaning import byline_flags, page_lines  # noqa: E402
from thaw_cli.ingest.pagedates import find_dates, numeric_order  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "thaw_cli" / "ingest"
NET_KEYS = ("mu", "sd", "w1", "b1", "w2", "b2")
ROLE_HIDDEN = 16  # hidden units of the title and date rankers (--role-hidden)
AUTHOR_HIDDEN = 32  # ... of the byline model (--author-hidden)
ROLE_EPOCHS = 4  # their epochs (--role-epochs; fewer overfit less: 2-6 tried on dev CV)
ROLE_BAGS = 3  # networks per role, their scores averaged (--role-bags)
BODY_BAGS = 3  # networks per stage of the body model, their probabilities averaged
AUTHOR_NEGATIVES = False  # pages annotated as having no author train the byline model too
GOLD_WEIGHT = 3.0  # a line holding a reference snippet counts this many times in training


class PageData:
    def __init__(self, g: Gold, traf: str) -> None:
        self.id = g.id
        self.lines, self.bullets, self.blocks, self.rules = page_lines(page_text(g.id))
        self.y = np.array(override(self.lines, silver(self.lines, traf), g), dtype=float)
        # the lines the reference snippets speak of are sure labels, and what is scored
        segs = [collapse(x) for x in (*g.with_, *g.without)]
        self.w = np.array([GOLD_WEIGHT if any(c and c in collapse(s) for c in segs) else 1.0
                           for s in self.lines])
        self.tokens = [set(pagelines.words_of(s)) for s in self.lines]
        self.base: np.ndarray | None = None
        self.gold = g
        month_first = numeric_order(self.lines)
        self.dates = [find_dates(s, month_first=month_first) for s in self.lines]


def learn_words(pages: list[PageData], min_pages: int = 8, common_pages: int = 40,
                ) -> pagelines.Words:
    """Log-odds of a word being in article text rather than page debris, counted by pages
    (a word counts once per page and side), for words seen on at least `min_pages` pages;
    common words: in the article text of at least `common_pages` pages."""
    pos: dict[str, int] = {}
    neg: dict[str, int] = {}
    for p in pages:
        ps: set[str] = set()
        ns: set[str] = set()
        for toks, y in zip(p.tokens, p.y, strict=True):
            (ps if y > 0.5 else ns).update(toks)
        for t in ps:
            pos[t] = pos.get(t, 0) + 1
        for t in ns:
            neg[t] = neg.get(t, 0) + 1
    vocab = set(pos) | set(neg)
    weights = {}
    for t in vocab:
        a, b = pos.get(t, 0), neg.get(t, 0)
        if a + b >= min_pages:
            weights[t] = round(math.log((a + 1) / (b + 1)), 3)
    common = {t for t, a in pos.items() if a >= common_pages}
    return pagelines.Words(weights, common)


def features(pages: list[PageData], words: pagelines.Words) -> None:
    for p in pages:
        p.base = np.asarray(pagelines.base_features(p.lines, p.bullets, p.blocks, p.rules, words),
                            dtype=float)


# --- a one-hidden-layer network, Adam, weighted log loss -------------------------------


def _standardised(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Feature means and standard deviations (1 where a feature is constant)."""
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    sd[sd < 1e-6] = 1.0
    return mu, sd


class _Mlp:
    """One hidden ReLU layer and one output, trained with Adam (shared by both trainers)."""

    def __init__(self, d: int, hidden: int, rng: np.random.Generator, l2: float) -> None:
        self.params = [rng.normal(0, math.sqrt(2 / d), (d, hidden)), np.zeros(hidden),
                       rng.normal(0, math.sqrt(1 / hidden), (hidden, 1)), np.zeros(1)]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.lr, self.step, self.l2 = 3e-3, 0, l2

    def forward(self, xb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(hidden pre-activations, hidden activations, output logits) of a batch."""
        w1, b1, w2, b2 = self.params
        h_pre = xb @ w1 + b1
        h = np.maximum(h_pre, 0)
        return h_pre, h, (h @ w2 + b2).ravel()

    def update(self, xb: np.ndarray, h_pre: np.ndarray, h: np.ndarray, g: np.ndarray) -> None:
        """Back-propagate `g` (the loss gradient per logit, a column) and take an Adam step."""
        w1, _b1, w2, _b2 = self.params
        gw2 = h.T @ g + self.l2 * w2
        gb2 = g.sum(axis=0)
        gh = (g @ w2.T) * (h_pre > 0)
        gw1 = xb.T @ gh + self.l2 * w1
        gb1 = gh.sum(axis=0)
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        self.step += 1
        for k, gr in enumerate((gw1, gb1, gw2, gb2)):
            self.m[k] = beta1 * self.m[k] + (1 - beta1) * gr
            self.v[k] = beta2 * self.v[k] + (1 - beta2) * gr * gr
            mh = self.m[k] / (1 - beta1 ** self.step)
            vh = self.v[k] / (1 - beta2 ** self.step)
            self.params[k] -= self.lr * mh / (np.sqrt(vh) + eps)

    def net(self, mu: np.ndarray, sd: np.ndarray) -> dict[str, np.ndarray]:
        w1, b1, w2, b2 = self.params
        return {"mu": mu, "sd": sd, "w1": w1, "b1": b1, "w2": w2, "b2": b2}


def train_net(x: np.ndarray, y: np.ndarray, hidden: int, epochs: int, seed: int = 0,
              l2: float = 1e-4, w: np.ndarray | None = None) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    mu, sd = _standardised(x)
    z = (x - mu) / sd
    mlp = _Mlp(z.shape[1], hidden, rng, l2)
    n = len(y)
    batch = 256
    for epoch in range(epochs):
        order = rng.permutation(n)
        if epoch == int(epochs * 0.7):
            mlp.lr /= 3
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = z[idx], y[idx]
            wb = w[idx] if w is not None else np.ones(len(idx))
            h_pre, h, logit = mlp.forward(xb)
            p = 1 / (1 + np.exp(-np.clip(logit, -30, 30)))
            mlp.update(xb, h_pre, h, (wb * (p - yb))[:, None] / wb.sum())
    return mlp.net(mu, sd)


def train_rank(xs: list[np.ndarray], ys: list[np.ndarray], hidden: int, epochs: int,
               seed: int = 0, l2: float = 1e-4, pages_per_batch: int = 8) -> dict[str, np.ndarray]:
    """A one-hidden-layer scorer trained listwise: per page, the softmax over its candidate
    lines should put its mass on the right ones (pages without a right line are skipped)."""
    groups = [(x, y) for x, y in zip(xs, ys, strict=True) if y.sum() > 0 and len(y) > 0]
    rng = np.random.default_rng(seed)
    allx = np.concatenate([x for x, _ in groups])
    mu, sd = _standardised(allx)
    zs = [((x - mu) / sd, y / y.sum()) for x, y in groups]
    mlp = _Mlp(allx.shape[1], hidden, rng, l2)
    for epoch in range(epochs * 2):
        if epoch == int(epochs * 2 * 0.7):
            mlp.lr /= 3
        order = rng.permutation(len(zs))
        for s in range(0, len(order), pages_per_batch):
            batch = [zs[i] for i in order[s:s + pages_per_batch]]
            xb = np.concatenate([x for x, _ in batch])
            h_pre, h, logit = mlp.forward(xb)
            g = np.empty_like(logit)
            k = 0
            for _x, t in batch:
                z = logit[k:k + len(t)]
                e = np.exp(z - z.max())
                g[k:k + len(t)] = (e / e.sum() - t) / len(batch)
                k += len(t)
            mlp.update(xb, h_pre, h, g[:, None])
    return mlp.net(mu, sd)


def net_predict(net: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    z = (x - net["mu"]) / net["sd"]
    h = np.maximum(z @ net["w1"] + net["b1"], 0)
    return 1 / (1 + np.exp(-np.clip((h @ net["w2"] + net["b2"]).ravel(), -30, 30)))


Nets = dict[str, dict[str, np.ndarray]]  # a stage's networks by name suffix ("", "b1"...)


def fit_body(pages: list[PageData], hidden: int, epochs: int, inner: int = 4, seed: int = 0,
             ) -> tuple[pagelines.Words, Nets, Nets, list[np.ndarray]]:
    """Word statistics, stage one, stage two (trained on stage one's out-of-fold output);
    also stage one's out-of-fold probabilities of the pages (what the role models read)."""
    words = learn_words(pages)
    features(pages, words)
    x1 = [pagelines.context_features(p.base) for p in pages]
    ys = [p.y for p in pages]
    ws = [p.w for p in pages]
    # stage one's out-of-fold probabilities for stage two's inputs
    folds = [list(range(k, len(pages), inner)) for k in range(inner)]
    oof: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for k, fold in enumerate(folds):
        test = set(fold)
        tr = [i for i in range(len(pages)) if i not in test]
        net = train_net(np.concatenate([x1[i] for i in tr]), np.concatenate([ys[i] for i in tr]),
                        hidden, epochs, seed + k, w=np.concatenate([ws[i] for i in tr]))
        for i in fold:
            oof[i] = net_predict(net, x1[i])
    s1 = {}
    s2 = {}
    x2 = [pagelines.context_features(p.base, o) for p, o in zip(pages, oof, strict=True)]
    for b in range(BODY_BAGS):  # several networks per stage, from different seeds
        tag = f"b{b}" if b else ""
        s1[tag] = train_net(np.concatenate(x1), np.concatenate(ys), hidden, epochs,
                            seed + 1000 * b, w=np.concatenate(ws))
        s2[tag] = train_net(np.concatenate(x2), np.concatenate(ys), hidden, epochs,
                            seed + 100 + 1000 * b, w=np.concatenate(ws))
    return words, s1, s2, oof


def assemble(words: pagelines.Words, nets: dict[str, dict[str, np.ndarray]]) -> pagelines.Model:
    arrays = {}
    for stage, net in nets.items():
        for k, a in net.items():
            arrays[f"{stage}_{k}"] = a.astype(np.float32)
    return pagelines.Model(arrays, words)


def fit(pages: list[PageData], hidden: int, epochs: int, seed: int = 0,
        role_probs: str = "s2") -> pagelines.Model:
    words, s1, s2, oof = fit_body(pages, hidden, epochs, seed=seed)
    return with_roles(pages, words, s1, s2, oof, epochs, seed, role_probs)


def with_roles(pages: list[PageData], words: pagelines.Words, s1: Nets, s2: Nets,
               oof: list[np.ndarray], epochs: int, seed: int, role_probs: str) -> pagelines.Model:
    """The model with its role models: trained on stage one's out-of-fold probabilities
    (`role_probs` "s1"; what a page the model never saw gets), or on stage two's own ("s2")."""
    if role_probs == "s2":
        probs = [sum(net_predict(n, pagelines.context_features(p.base, o)) for n in s2.values())
                 / len(s2) for p, o in zip(pages, oof, strict=True)]
    else:
        probs = oof
    roles = fit_roles(pages, probs, epochs, seed)
    stage = {"stage": np.array([1.0 if role_probs == "s1" else 2.0])}
    nets = {f"s1{k}": n for k, n in s1.items()} | {f"s2{k}": n for k, n in s2.items()}
    return assemble(words, {**nets, **roles, "roles": stage})


def role_labels(p: PageData) -> dict[str, np.ndarray]:
    g = p.gold
    n = len(p.lines)
    out = {r: np.zeros(n) for r in pagelines.ROLES}
    for i, s in enumerate(p.lines):
        if g.title and len(s) <= 300 and title_ok(s, g.title):
            out["title"][i] = 1
        if g.date and p.dates[i] and date_ok(p.dates[i][0][0], g.date):
            out["date"][i] = 1
        if g.author and len(s) <= 200 and author_ok([s], g.author):
            out["author"][i] = 1
    return out


def role_mask(p: PageData, role: str) -> np.ndarray:
    if role == "date":
        return np.array([bool(d) for d in p.dates])
    limit = 300 if role == "title" else 200
    return np.array([len(s) <= limit for s in p.lines])


def fit_roles(pages: list[PageData], probs: list[np.ndarray], epochs: int, seed: int,
              ) -> dict[str, dict[str, np.ndarray]]:
    """The role models, trained on the pages' out-of-fold article probabilities (`probs`:
    what a page the model never saw gets from stage one; `p.base` must be set)."""
    xs: dict[str, list[np.ndarray]] = {r: [] for r in pagelines.ROLES}
    ys: dict[str, list[np.ndarray]] = {r: [] for r in pagelines.ROLES}
    for p, pr in zip(pages, probs, strict=True):
        xr = pagelines.role_features(p.lines, p.base, pr, p.dates, *byline_flags(p.lines, p.dates))
        labels = role_labels(p)
        field = {"title": p.gold.title, "date": p.gold.date, "author": p.gold.author}
        for r in pagelines.ROLES:
            if not field[r] and not (r == "author" and field[r] == "" and AUTHOR_NEGATIVES):
                continue  # (a page annotated without a byline teaches the byline model too)
            mask = role_mask(p, r)
            xs[r].append(xr[mask])
            ys[r].append(labels[r][mask])
    out = {}
    for r in pagelines.ROLES:
        for k in range(ROLE_BAGS):  # several networks per role, from different seeds
            name = f"{r}{k}" if k else r
            if r == "author":  # pointwise: a page may have no byline at all
                out[name] = train_net(np.concatenate(xs[r]), np.concatenate(ys[r]), AUTHOR_HIDDEN,
                                      epochs, seed + 7 + 1000 * k)  # (the body's epochs)
            else:  # listwise: the best line of the page
                out[name] = train_rank(xs[r], ys[r], ROLE_HIDDEN, ROLE_EPOCHS, seed + 7 + 1000 * k)
    return out


def save(model: pagelines.Model, out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "pagelines_model.npz", **model.a)
    words = model.words
    data = {"weights": dict(sorted(words.weights.items())), "common": sorted(words.common)}
    (out / "pagelines_words.json").write_text(json.dumps(data, ensure_ascii=False, indent=0),
                                              encoding="utf-8")


def main() -> None:
    global ROLE_HIDDEN, ROLE_EPOCHS, AUTHOR_HIDDEN, AUTHOR_NEGATIVES, ROLE_BAGS, BODY_BAGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", type=int, default=0)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--hidden", type=int, default=48)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--role-probs", choices=("s1", "s2"), default="s2")
    ap.add_argument("--roles-only", action="store_true",
                    help="with --cv: keep the folds' body models of the last run, retrain the roles")
    ap.add_argument("--role-hidden", type=int, default=ROLE_HIDDEN)
    ap.add_argument("--role-epochs", type=int, default=ROLE_EPOCHS)
    ap.add_argument("--author-hidden", type=int, default=AUTHOR_HIDDEN)
    ap.add_argument("--author-negatives", action="store_true")
    ap.add_argument("--role-bags", type=int, default=ROLE_BAGS)
    ap.add_argument("--body-bags", type=int, default=BODY_BAGS)
    args = ap.parse_args()
    ROLE_HIDDEN, ROLE_EPOCHS = args.role_hidden, args.role_epochs
    AUTHOR_HIDDEN, AUTHOR_NEGATIVES = args.author_hidden, args.author_negatives
    ROLE_BAGS, BODY_BAGS = args.role_bags, args.body_bags
    t0 = time.time()
    traf = trafilatura_texts()
    gold = select(load_gold(), "dev")
    pages = [p for p in (PageData(g, traf[g.id]) for g in gold) if p.lines]
    print(f"{len(pages)} development pages, {sum(len(p.lines) for p in pages)} lines, "
          f"{time.time() - t0:.0f} s")
    if args.cv:
        from eval_pages import cv_report

        order = list(range(len(pages)))
        random.Random(7).shuffle(order)
        models: dict[str, pagelines.Model] = {}
        for k in range(args.cv):
            test = [pages[i] for i in order[k::args.cv]]
            train = [pages[i] for j, i in enumerate(order) if j % args.cv != k]
            fold = WORK / f"fold{k}"
            if args.roles_only:  # the body models of the last full run, new role models
                old = pagelines.Model.load(fold / "pagelines_model.npz",
                                           fold / "pagelines_words.json")
                words = old.words
                s1, s2 = {}, {}
                for tag in ("", *(f"b{k}" for k in range(1, 10))):
                    if f"s1{tag}_w1" in old.a:
                        s1[tag] = {n: old.a[f"s1{tag}_{n}"] for n in NET_KEYS}
                        s2[tag] = {n: old.a[f"s2{tag}_{n}"] for n in NET_KEYS}
                with np.load(fold / "oof.npz") as data:
                    oof = [data[p.id] for p in train]
                features(train, words)
            else:
                words, s1, s2, oof = fit_body(train, args.hidden, args.epochs)
                fold.mkdir(parents=True, exist_ok=True)
                np.savez_compressed(fold / "oof.npz", **{p.id: o for p, o in zip(train, oof, strict=True)})
            model = with_roles(train, words, s1, s2, oof, args.epochs, 0, args.role_probs)
            save(model, fold)
            (fold / "ids.json").write_text(json.dumps([p.id for p in test]))
            for p in test:
                models[p.id] = model
            print(f"fold {k + 1}/{args.cv} done, {time.time() - t0:.0f} s")
        cv_report(gold, models)
    if not args.no_save:
        model = fit(pages, args.hidden, args.epochs, role_probs=args.role_probs)
        save(model)
        print(f"saved, {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
