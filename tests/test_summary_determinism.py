"""The summary ranking does not depend on the order Python's sets give their words.

A table-like article of many sentences sharing words has near-equal sentence degrees; summing
word weights over a set in hash order rounded them differently under each PYTHONHASHSEED and
swapped their ranks (before the degree was an exact `math.fsum`, five different rankings came
out of eight seeds for this text)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from thaw_cli.analysis.summary import rank_and_keywords
words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
         "sierra", "tango"]
lines = []
for i in range(24):
    a, b, c = words[i % 20], words[(i * 7 + 3) % 20], words[(i * 11 + 5) % 20]
    lines.append(f"The {a} unit and {b} division made {i + 1}.5 mln vs {i + 2}.1 mln with {c} sales.")
ranking, phrases = rank_and_keywords("Results of the group", "\\n\\n".join(lines))
print([i for i, _ in ranking], phrases)
"""


def test_ranking_is_the_same_under_every_hash_seed() -> None:
    outs = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
        outs.add(proc.stdout)
    assert len(outs) == 1, outs
