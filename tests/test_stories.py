"""Stories: MinHash signatures, LSH candidates, grouping, stable ids, the CLI view."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from tests import schemas
from thaw_cli.analysis.stories import (
    K,
    StoryRow,
    candidate_pairs,
    group,
    signature,
    story_id,
    story_terms,
)
from thaw_cli.cli.app import app

runner = CliRunner()


def _jaccard_estimate(a: list[int], b: list[int]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def test_signature_is_deterministic_and_estimates_jaccard() -> None:
    base = [f"w:term{i}" for i in range(60)]
    assert signature(base) == signature(list(reversed(base)))
    assert len(signature(base)) == K
    same = signature(base)
    half = signature(base[:30] + [f"w:other{i}" for i in range(30)])  # Jaccard 1/3
    unrelated = signature([f"w:x{i}" for i in range(60)])
    assert _jaccard_estimate(same, signature(base)) == 1.0
    assert 0.1 < _jaccard_estimate(same, half) < 0.6
    assert _jaccard_estimate(same, unrelated) < 0.15


def test_empty_feature_set() -> None:
    assert signature([]) == [-1] * K


def test_story_terms_use_entities_keywords_and_headline() -> None:
    terms = story_terms("Acme to buy Widget plants", ["widget plants", "acme"], [("Acme Corp", "org")])
    assert "org:acme corp" in terms and "k:widget plant" in terms and "w:acme" in terms


def _row(i: str, date: str | None, terms: list[str], title: str | None = None) -> StoryRow:
    return StoryRow(i, title or i, date, terms, signature(terms))


def test_group_links_related_articles_and_keeps_others_apart() -> None:
    merger = ["org:acme corp", "org:widget inc", "k:merger", "w:acme", "w:widget", "w:merger", "w:tender",
              "place:denver", "k:tender offer", "person:jo park"]
    rows = [
        _row("m1", "1987-03-02", merger, "ACME TO MERGE WITH WIDGET"),
        _row("m2", "1987-03-05", merger[:-1] + ["w:approve", "k:shareholders"], "WIDGET HOLDERS BACK ACME MERGER"),
        _row("c1", "1987-03-03", ["place:brazil", "k:cocoa", "w:cocoa", "w:bahia", "w:crop", "place:bahia",
                                  "k:cocoa crop", "w:rain"], "BAHIA COCOA REVIEW"),
    ]
    rows += [_row(f"n{i}", "1987-03-04", [f"w:noise{i}-{j}" for j in range(8)]) for i in range(30)]
    stories = group(rows)
    multi = [s for s in stories if len(s.articles) > 1]
    assert len(multi) == 1
    s = multi[0]
    assert s.articles == ["m1", "m2"] and s.start == "1987-03-02" and s.end == "1987-03-05"
    assert s.story == story_id("m1")
    assert len(stories) == len(rows) - 1


def test_far_apart_dates_are_not_one_story() -> None:
    terms = ["org:acme corp", "k:merger", "w:acme", "w:merger", "place:denver"]
    rows = [_row("a", "1987-01-01", terms), _row("b", "1988-06-01", terms)]
    assert all(len(s.articles) == 1 for s in group(rows))


def test_story_id_is_stable_when_a_newer_article_joins() -> None:
    terms = ["org:acme corp", "org:widget inc", "k:merger", "w:acme", "w:widget", "w:merger", "person:jo park"]
    first = group([_row("a", "2020-01-01", terms), _row("b", "2020-01-03", terms)])
    later = group([_row("a", "2020-01-01", terms), _row("b", "2020-01-03", terms), _row("c", "2020-01-09", terms)])
    assert first[0].story == later[0].story
    assert later[0].articles == ["a", "b", "c"]


def test_candidates_never_come_from_oversized_buckets() -> None:
    rows = [_row(f"r{i}", None, ["place:united states"]) for i in range(200)]
    assert candidate_pairs(rows) == set()


def test_cli_stories_on_the_seeds() -> None:
    result = runner.invoke(app, ["stories", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schemas.STORIES)
    assert len(data) == 1  # the two seeds report the same visit
    s = data[0]
    assert len(s["articles"]) == 2 and s["start"] == "2018-09-23" and s["end"].startswith("2018-10-18")
    again = json.loads(runner.invoke(app, ["list", "--stories", "--json"]).stdout)
    assert again == data
    narrowed = json.loads(runner.invoke(app, ["stories", "--all", "--since", "2018-10", "--json"]).stdout)
    assert narrowed[0]["story"] == s["story"] and len(narrowed[0]["articles"]) == 1


def test_cli_stories_unrelated_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: Cocoa crop in Bahia\ndate: 2020-01-02\n---\n\n"
                                 "Rain helped the cocoa crop in Bahia, Brazil, growers said.\n")
    (corpus / "b.md").write_text("---\ntitle: Acme Corp to buy Widget Inc\ndate: 2020-01-03\n---\n\n"
                                 "Acme Corp said it agreed to buy Widget Inc for 10 mln dlrs.\n")
    result = runner.invoke(app, ["--corpus", str(corpus), "stories", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    both = json.loads(runner.invoke(app, ["--corpus", str(corpus), "stories", "--all", "--json"]).stdout)
    assert [len(s["articles"]) for s in both] == [1, 1]
    assert both[0]["title"] == "Acme Corp to buy Widget Inc"  # newest first
    table = runner.invoke(app, ["--corpus", str(corpus), "stories", "--all"])
    assert "Cocoa crop in Bahia" in table.stdout


def test_signature_densification_matches_the_step_rule() -> None:
    mask = (1 << 26) - 1
    for n in (1, 2, 5, 20, 64, 300):
        terms = [f"w:term{i}" for i in range(n)]
        sig = signature(terms)
        # reference: the plain rule, bin by bin (one-permutation hashing, rotation densification)
        import zlib

        bins = [-1] * K
        for t in terms:
            h = (zlib.crc32(t.encode()) * 0x9E3779B1) & 0xFFFFFFFF
            if bins[h >> 26] == -1 or (h & mask) < bins[h >> 26]:
                bins[h >> 26] = h & mask
        for i in range(K):
            step = 0
            while bins[(i + step) % K] == -1:
                step += 1
            assert sig[i] == bins[(i + step) % K] + step * (mask + 1)
    assert signature([]) == [-1] * K


def test_signature_densification_matches_two_round_pass() -> None:
    import random

    from thaw_cli.analysis import stories as S

    def reference(bins: list[int]) -> list[int]:  # the backward pass over the bins twice round
        out = list(bins)
        src = 0
        for i in range(2 * S.K - 1, -1, -1):
            if bins[i % S.K] != S._EMPTY:
                src = i
            elif i < S.K:
                out[i] = bins[src % S.K] + (src - i) * (S._MASK + 1)
        return out

    rnd = random.Random(11)
    for n in [1, 2, 3, 5, 20, 40, 63, 64, 200]:
        for _ in range(20):
            terms = [f"w:{rnd.random()}" for _ in range(n)]
            bins = [S._EMPTY] * S.K
            for t in terms:
                h = S._hash(t)
                b, v = h >> 26, h & S._MASK
                if bins[b] == S._EMPTY or v < bins[b]:
                    bins[b] = v
            assert S.signature(terms) == reference(bins)
    assert S.signature([]) == [S._EMPTY] * S.K
