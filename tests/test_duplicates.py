"""Near-duplicates: MinHash fingerprints, LSH grouping, refusal on import, `list --duplicates`."""

from __future__ import annotations

import json
import random
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thaw_cli.analysis import fingerprint as fp
from thaw_cli.cli.app import app

runner = CliRunner()
WORDS = (
    "government minister trade accord tariff steel exports farmers market shares bank rate inflation "
    "parliament election vote budget deficit growth company profit quarter oil price port strike union "
    "talks agreement signed officials capital treaty border security summit president agency report"
).split()


def story(seed: int, n: int = 120) -> str:
    rnd = random.Random(seed)
    sentences = []
    for _ in range(n // 12):
        sentences.append(" ".join(rnd.choice(WORDS) for _ in range(12)).capitalize() + ".")
    return " ".join(sentences)


def edit(text: str, fraction: float, seed: int = 0) -> str:
    rnd = random.Random(seed)
    words = text.split()
    for _ in range(max(1, int(len(words) * fraction))):
        words[rnd.randrange(len(words))] = rnd.choice(["however", "also", "reportedly"])
    return " ".join(words)


def test_ascii_tokens_are_tokens() -> None:
    # every ASCII character, in and between words: the bytes split finds the regex's words
    text = "".join(chr(c) for c in range(128)) + " Mid-1987 U.S. A_B x\ty\x0bz 3.5 pct O'Neil"
    assert fp._ascii_tokens(text) == [w.encode() for w in fp.tokens(text)]
    assert fp._ascii_tokens(text)[-14:] == [
        b"mid", b"1987", b"u", b"s", b"a", b"b", b"x", b"y", b"z", b"3", b"5", b"pct", b"o", b"neil"]


def test_signature_same_on_ascii_and_unicode_paths() -> None:
    # a non-ASCII dash is not a word: the same words, read by the regex path instead
    for seed in range(5):
        text = story(seed) + " Mid-1987 U.S. A_B"
        assert fp.signature(text) == fp.signature(text + " \u2014")
    assert fp.signature("Straße " + story(1)) != fp.signature(story(1))


def test_word_hashes_are_word_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    words = [w.encode() for w in ["trade", "tariff", "", "x", "\u6771\u4eac", "1987"]]
    assert fp._word_hashes(words).tolist() == [fp._word_hash(w) for w in words]

    class ZeroForX:  # a word whose two CRCs are both 0 hashes to 1
        @staticmethod
        def crc32(data: bytes, value: int = 0) -> int:
            return 0 if data == b"x" else zlib.crc32(data, value)

    monkeypatch.setattr(fp, "zlib", ZeroForX)
    monkeypatch.setattr(fp, "_SEED_DELTA", fp._seed_deltas()[:0])  # the fake is not a CRC: two real calls
    assert fp._word_hash(b"x") == 1
    assert fp._word_hashes(words).tolist() == [fp._word_hash(w) for w in words]


def test_second_crc_from_the_first_is_the_seeded_crc() -> None:
    import random

    rng = random.Random(11)
    # every length the table covers, and longer words (computed directly)
    words = [rng.randbytes(n) for n in range(fp._SEED_DELTA_MAX + 40)] + [b"", b"a" * 255, b"b" * 256]
    rng.shuffle(words)
    expected = [fp._word_hash(w) for w in words]
    for part in (words, [w for w in words if len(w) < fp._SEED_DELTA_MAX], words[:1]):
        assert fp._word_hashes(part).tolist() == [fp._word_hash(w) for w in part]
    assert fp._word_hashes(words).tolist() == expected
    assert fp._word_hashes([]).tolist() == []
    # no delta is 0, so a hash from the table is never 0 (`_word_hashes` does not check)
    assert all(fp._seed_deltas().tolist()) and len(fp._seed_deltas()) == fp._SEED_DELTA_MAX


def _reference_signature(text: str) -> bytes | None:
    """`fp.signature` in plain Python integers: each shingle's hash as the polynomial
    ((a * mix + b) * mix + c) mod 2**64 of its words' hashes, each permutation's minimum
    over all shingles, its top 16 bits."""
    words = fp.tokens(text)
    if len(words) < fp.MIN_TOKENS:
        return None
    masks, mults, _, _ = fp._params()
    m64 = (1 << 64) - 1
    hashes = [fp._word_hash(w) for w in words]
    shingles = [(((a * fp._MIX + b) & m64) * fp._MIX + c) & m64 for a, b, c in zip(hashes, hashes[1:], hashes[2:], strict=False)]
    out = bytearray()
    for mask, mult in zip(masks[:, 0].tolist(), mults[:, 0].tolist(), strict=True):
        low = min(((x ^ mask) * mult) & m64 for x in shingles)
        out += (low >> 48).to_bytes(2, "little")
    return bytes(out)


def test_signature_is_the_plain_integer_computation() -> None:
    rnd = random.Random(7)
    texts = [story(s, n) for s in range(6) for n in (8, 9, 30, 120)]
    texts += ["Straße " + story(1), "x " * 7, "x " * 8, "北京 上海 " + story(2, 24), "a" * 300 + " " + story(3, 24)]
    texts += [" ".join(rnd.choice(WORDS + ["0", "00", "ü"]) for _ in range(rnd.randint(5, 60))) for _ in range(40)]
    for text in texts:
        assert fp.signature(text) == _reference_signature(text), text[:60]


def test_signature_properties() -> None:
    a = fp.signature(story(1))
    assert a is not None and len(a) == 2 * fp.PERMUTATIONS
    assert fp.signature(story(1)) == a  # stable across calls (and processes: fixed seed)
    assert fp.signature("Too short to compare.") is None
    assert fp.similarity(a, a) == 1.0
    # case, punctuation and spacing do not matter
    assert fp.signature(story(1).upper().replace(".", " ,")) == a


def test_threshold_separates_edits_from_other_stories() -> None:
    base = story(7)
    sig = fp.signature(base)
    assert sig is not None
    assert fp.is_duplicate(sig, fp.signature(edit(base, 0.02)))
    assert fp.is_duplicate(sig, fp.signature(base + " Reuters"))
    assert not fp.is_duplicate(sig, fp.signature(edit(base, 0.3)))
    for other in range(20, 40):
        assert not fp.is_duplicate(sig, fp.signature(story(other)))


def test_groups_use_urls_and_text() -> None:
    items = []
    for s in range(30):
        sig = fp.signature(story(s))
        items.append((f"orig{s:02}", None, sig))
        if s % 3 == 0:
            items.append((f"edit{s:02}", None, fp.signature(edit(story(s), 0.02, seed=s))))
    items.append(("url-a", "https://www.example.com/a/", fp.signature(story(100))))
    items.append(("url-b", "http://example.com/a#comments", fp.signature(story(101))))
    groups = fp.duplicate_groups(items)
    as_sets = sorted(sorted(g) for g in groups)
    expected = sorted([[f"edit{s:02}", f"orig{s:02}"] for s in range(0, 30, 3)] + [["url-a", "url-b"]])
    assert as_sets == expected


def test_identical_copies_form_one_group_each() -> None:
    items = [(f"c{c}/{s}", None, fp.signature(story(s))) for c in range(10) for s in range(50)]
    groups = fp.duplicate_groups(items)
    assert len(groups) == 50 and all(len(g) == 10 for g in groups)
    assert all(len({i.split("/")[1] for i in g}) == 1 for g in groups)


def test_find_by_url_and_text() -> None:
    known = [("a", "https://example.com/x", fp.signature(story(1))), ("b", None, fp.signature(story(2)))]
    assert fp.find(None, "https://EXAMPLE.com/x/", known) == "a"
    assert fp.find(fp.signature(edit(story(2), 0.02)), None, known) == "b"
    assert fp.find(fp.signature(story(3)), "https://example.com/y", known) is None


def write(folder: Path, name: str, title: str, body: str, url: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    meta = f"title: {title}\ndate: 2021-01-0{len(name) % 9 + 1}\n" + (f"url: {url}\n" if url else "")
    path = folder / name
    path.write_text(f"---\n{meta}---\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def dup_corpus(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    write(c, "one.md", "Steel accord", story(1))
    write(c, "one-copy.md", "Steel accord (updated)", edit(story(1), 0.02))
    write(c, "two.md", "Budget vote", story(2), url="https://example.com/budget")
    write(c, "two-again.md", "Budget vote, again", story(3), url="https://www.example.com/budget/")
    write(c, "three.md", "Port strike", story(4))
    return c


def test_list_duplicates(dup_corpus: Path) -> None:
    result = runner.invoke(app, ["list", "--duplicates", "--corpus", str(dup_corpus), "--json"])
    assert result.exit_code == 0, result.stderr
    groups = json.loads(result.stdout)
    assert sorted(sorted(g["ids"]) for g in groups) == [["one", "one-copy"], ["two", "two-again"]]
    assert all(g["size"] == len(g["ids"]) for g in groups) and [g["group"] for g in groups] == [1, 2]
    table = runner.invoke(app, ["list", "--duplicates", "--corpus", str(dup_corpus)])
    assert table.exit_code == 0 and "one-copy" in table.stdout and "Budget vote" in table.stdout
    csv_out = runner.invoke(app, ["list", "--duplicates", "--corpus", str(dup_corpus), "--format", "csv"])
    assert csv_out.stdout.splitlines()[0] == "group,size,ids"
    filtered = runner.invoke(app, ["list", "--duplicates", "--corpus", str(dup_corpus), "--json", "--source", "nowhere"])
    assert json.loads(filtered.stdout) == []


def test_add_refuses_duplicates_by_text_and_url(dup_corpus: Path, tmp_path: Path) -> None:
    near = write(tmp_path / "in", "near.md", "Port strike ends", edit(story(4), 0.02))
    same_url = write(tmp_path / "in", "url.md", "Completely different", story(50), url="http://example.com/budget")
    fresh = write(tmp_path / "in", "fresh.md", "Election result", story(60))
    result = runner.invoke(app, ["add", str(near), str(same_url), str(fresh), "--to", str(dup_corpus), "--json"])
    assert result.exit_code == 2, result.stderr  # refused inputs: status 2, the others imported
    assert [Path(i["source"]).name for i in json.loads(result.stdout)] == ["fresh.md"]
    assert f"{near}: already in the corpus as three" in result.stderr
    assert "already in the corpus as two" in result.stderr
    # the same article twice in one run: the second is refused too
    twice = write(tmp_path / "in2", "twice.md", "Harvest", story(70))
    result = runner.invoke(app, ["add", str(twice), str(twice), "--to", str(tmp_path / "new")])
    assert result.exit_code == 2 and result.stderr.count("already in the corpus") == 1
    # --force imports anyway
    result = runner.invoke(app, ["add", str(near), "--to", str(dup_corpus), "--force", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1
