"""A long fuzz run of the parsers that read untrusted text (hypothesis, many examples).

Runs the properties of tests/test_properties.py, plus the front-matter reader and the byte
decoder, with far more examples than the test suite, and prints the number of inputs tried
and the result of each. Nothing here needs /work/shared.

    python bench/fuzz.py                 # 20,000 examples per property
    python bench/fuzz.py --examples 200000
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import test_properties as props  # noqa: E402
from thaw_cli.core.errors import FileProblem  # noqa: E402
from thaw_cli.ingest import corpus  # noqa: E402

_YAML_BITS = st.sampled_from([
    "---\n", "title: ", "date: ", "author: ", "tags: ", "&a ", "*a ", "[", "]", "{", "}", ": ", "- ",
    "!!python/object/apply:os.system ['true']", "!!binary", "|\n", ">\n", "'", '"', "\n", "  ", "2020-13-45",
    "yesterday", "123", "~", "null", "<<: *a", "\x1b[31m", "\t", "#", "%YAML 1.1\n", "...\n",
])
FRONT_MATTER = st.one_of(st.text(max_size=400), st.lists(_YAML_BITS, max_size=40).map("".join).map(lambda s: "---\n" + s))
BYTES = st.one_of(st.binary(max_size=2000),
                  st.text(max_size=500).map(lambda s: s.encode("utf-8")),
                  st.text(max_size=500).map(lambda s: s.encode("utf-16")),
                  st.text(alphabet=st.characters(max_codepoint=255), max_size=500).map(lambda s: s.encode("latin-1")))


def front_matter(text: str) -> None:
    article, notes = corpus.article_from_markdown("x", "x.md", text)
    assert isinstance(article.body, str) and all(isinstance(n, str) for n in notes)
    assert len(repr(article.extra)) < 1_000_000  # no alias expansion


def decode(data: bytes) -> None:
    try:
        text = corpus.decode(data)
    except FileProblem:
        return
    assert isinstance(text, str)


PROPERTIES: list[tuple[str, Callable[..., None], tuple[st.SearchStrategy, ...]]] = [
    ("cleaner never raises", props.test_cleaner_never_raises_and_returns_text.hypothesis.inner_test,
     (st.one_of(props.PAGES, props.ANY_TEXT),)),
    ("cleaning is idempotent", props.test_cleaning_is_idempotent.hypothesis.inner_test, (props.PAGES,)),
    ("cleaned text has no controls", props.test_cleaned_text_holds_no_control_characters.hypothesis.inner_test,
     (props.PAGES,)),
    ("sentences are substrings", props.test_every_sentence_is_a_substring_in_order.hypothesis.inner_test,
     (st.one_of(props.ANY_TEXT, props.PAGES),)),
    ("sentences cover every word", props.test_sentences_cover_every_word.hypothesis.inner_test,
     (st.one_of(props.ANY_TEXT, props.PAGES),)),
    ("dates are real", props.test_date_resolver_never_raises_and_gives_real_dates.hypothesis.inner_test,
     (st.one_of(props.DATE_SENTENCES, st.text(max_size=200)), props.ARTICLE_DATES)),
    ("front matter never raises", front_matter, (FRONT_MATTER,)),
    ("decoder never raises", decode, (BYTES,)),
]


def query_property() -> tuple[str, Callable[..., None], tuple[st.SearchStrategy, ...]]:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, lead, body, tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('Trade accord', 'Japan and Korea', 'COVID-19 agreements in Zürich')")
    inner = props.test_a_query_never_reaches_sqlite_unescaped.hypothesis.inner_test
    return "queries reach SQLite escaped", lambda q: inner(conn, q), (props.QUERIES,)


def _counted(fn: Callable[..., None], count: list[int]) -> Callable[[tuple[object, ...]], None]:
    def run(values: tuple[object, ...]) -> None:
        count[0] += 1
        fn(*values)

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=20_000, help="examples per property")
    args = ap.parse_args()
    failures = 0
    total = 0
    for name, fn, strategies in [*PROPERTIES, query_property()]:
        count = [0]
        test = settings(max_examples=args.examples, deadline=None, database=None,
                        suppress_health_check=list(HealthCheck))(given(st.tuples(*strategies))(_counted(fn, count)))
        start = time.perf_counter()
        try:
            test()
            result = "ok"
        except Exception as exc:  # report and go on with the other properties
            failures += 1
            result = f"FAILED: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        total += count[0]
        print(f"{name:32} {count[0]:>8,} inputs  {time.perf_counter() - start:7.1f} s  {result}", flush=True)
    print(f"{'total':32} {total:>8,} inputs, {failures} failing properties")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
