"""The learned sentence scorer: the shipped model, its features, and that the ranking uses it."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from tests.test_summary import ARTICLE, TITLE
from thaw_cli.analysis import summary, summary_model
from thaw_cli.analysis.sentences import split_sentences
from thaw_cli.analysis.summary import rank_and_keywords, rank_sentences, sentence_features
from thaw_cli.analysis.summary_model import FEATURES, Model, features, load_model

# A small article of our own: the second sentence shares the most with the others.
TOKS = [["rates", "bank", "rise"], ["bank", "rates", "inflation", "rise"], ["weather", "cold"]]


def _model(**weights: float) -> Model:
    """A model with the given weights (the others 0) and no length term."""
    return Model(
        {
            "features": list(FEATURES),
            "weights": [weights.get(name, 0.0) for name in FEATURES],
            "bias": 0.0,
            "selection": {"length": 0.0, "redundancy": 0.0, "dangling": 0.0},
        }
    )


def test_the_shipped_model_loads() -> None:
    text = resources.files("thaw_cli.analysis").joinpath("summary_model.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["features"] == list(FEATURES)
    model = load_model()
    assert model is load_model()  # read once
    assert len(model.weights) == len(FEATURES)
    assert all(math.isfinite(w) for w in model.weights) and math.isfinite(model.bias)
    assert model.length > 0 and model.dangling > 0
    # the learned centrality ranks matter: being less central costs
    assert model.weights[FEATURES.index("deg_rank")] < 0
    assert model.weights[FEATURES.index("cos_rank")] < 0


def test_a_model_with_other_features_is_refused() -> None:
    with pytest.raises(ValueError):
        Model({"features": ["x"], "weights": [1.0], "bias": 0.0,
               "selection": {"length": 1.0, "redundancy": 0.0, "dangling": 0.0}})


def test_the_ranking_follows_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails if the ranking ignored the model: two models that disagree rank differently."""
    n = len(split_sentences(ARTICLE))
    monkeypatch.setattr(summary, "load_model", lambda: _model(invpos=50.0))
    assert [i for i, _ in rank_sentences(TITLE, ARTICLE, n)][:4] == [0, 1, 2, 3]
    monkeypatch.setattr(summary, "load_model", lambda: _model(invpos=-50.0))
    first = [i for i, _ in rank_sentences(TITLE, ARTICLE, n)]
    assert first[0] != 0 and first[-1] == 0
    # the shared-tokenisation path reads the same model
    assert [i for i, _ in rank_and_keywords(TITLE, ARTICLE, limit=n)[0]] == first


def test_the_shipped_model_ranks_by_centrality_not_position() -> None:
    text = (
        "The weather was mild on the coast.\n\n"
        "The central bank raised interest rates to curb inflation, the bank said.\n\n"
        "Interest rates at the central bank rose as inflation rose, bank economists said.\n\n"
        "Inflation has risen for months, and the bank expects rates to rise again.\n\n"
        "Some shops closed early for the holiday."
    )
    ranked = [i for i, _ in rank_sentences("Bank raises rates", text, 5)]
    assert set(ranked[:3]) == {1, 2, 3}


def test_degrees_cosines_and_frequencies_by_hand() -> None:
    sets = [set(t) for t in TOKS]
    cols = dict(zip(FEATURES, features(TOKS, sets, [3, 4, 2], {"bank"}), strict=True))
    # degree: sentences 0 and 1 share 3 words: 3 / sqrt(3 * 4); sentence 2 shares none
    assert cols["deg"] == pytest.approx([1.0, 1.0, 0.0])
    assert cols["deg_rank"] == pytest.approx([0.0, 1 / 3, 2 / 3])  # ties keep article order
    assert cols["deg_top"] == [1.0, 1.0, 0.0]
    # cosine with the rest of the article: counts bank 2, rates 2, rise 2, inflation 1, ...
    dn2 = 4 + 4 + 4 + 1 + 1 + 1
    cos0 = (6 - 3) / math.sqrt(3 * (dn2 - 2 * 6 + 3))
    cos1 = (7 - 4) / math.sqrt(4 * (dn2 - 2 * 7 + 4))
    assert cols["cos"] == pytest.approx([cos0 / max(cos0, cos1), cos1 / max(cos0, cos1), 0.0])
    freq = [6 / 3**0.7, 7 / 4**0.7, 2 / 2**0.7]
    assert cols["freq"] == pytest.approx([f / max(freq) for f in freq])
    assert cols["title"] == pytest.approx([1.0, 1.0, 0.0])
    assert cols["invpos"] == pytest.approx([1.0, 0.5, 1 / 3])
    assert cols["lognw"] == pytest.approx([math.log(3), math.log(4), math.log(2)])


def test_degrees_summed_over_pairs_or_through_words_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    toks = [s.lower().split() for s in split_sentences(ARTICLE)]
    sets = [set(t) for t in toks]
    pairwise = summary_model._centralities(toks, sets, len(toks))
    monkeypatch.setattr(summary_model, "_PAIRWISE", 0)
    through_words = summary_model._centralities(toks, sets, len(toks))
    for a, b in zip(pairwise, through_words, strict=True):
        assert a == pytest.approx(b)


def test_scores_are_the_relevance_of_the_features_plus_the_length_term() -> None:
    model = load_model()
    sf = sentence_features(TITLE, ARTICLE)
    relevance = model.relevance([list(c) for c in zip(*sf.rows, strict=True)])
    title_terms = set(sentence_features(None, TITLE).words[0])
    scores = model.scores(sf.words, [set(t) for t in sf.words], sf.nwords, title_terms)
    expected = [r + model.length * math.log(nw) for r, nw in zip(relevance, sf.nwords, strict=True)]
    assert scores == pytest.approx(expected)


def test_sentence_features_shapes() -> None:
    sf = sentence_features(TITLE, ARTICLE)
    n = len(split_sentences(ARTICLE))
    assert len(sf.rows) == len(sf.nwords) == len(sf.quality) == len(sf.dangling) == n
    assert all(len(r) == len(FEATURES) for r in sf.rows)
    assert sf.quality[-1] == 0.0  # the "Reuter" sign-off is debris
    assert sentence_features(None, "").rows == []


def test_ranking_words_keep_reporting_verbs_and_drop_function_words() -> None:
    words = sentence_features(None, "He said the bank's rates were rising.").words[0]
    assert words == ["said", "bank's", "rates", "rising"]
