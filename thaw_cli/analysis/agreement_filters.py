"""Mentions of an agreement word that state no agreement (../shared/docs/agreements.md,
"Not an agreement"), told by the words around the trigger noun:

- a vague or negated one: "any accord", "no agreement in principle has been reached";
- a generic plural: "a critic of arms control agreements" (no determiner, no party after
  "with"/"between", not what is signed or reached);
- a treaty cited as a rulebook: "a breach of article 85 of the EC treaty", "under the 1957
  Treaty of Rome all contracts must ...", "a clause in the Community's treaty";
- speculation about a deal with no counterpart: "a deal could be struck", "another deal
  may follow".

`noun_rejected(sentence, start, end)` gives the reason, or None. Pure text in.
"""

from __future__ import annotations

import re

__all__ = ["noun_rejected"]

_VAGUE_SINGULAR = re.compile(r"\b(?:any|no|every|each|whatever|either|neither)\s+"
                             r"(?:[\w-]+\s+){0,2}$", re.I)
_DETERMINED = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that|these|those|our|both|"
                         r"one|two|three|four|five|six|\d+|[A-Z][\w.'-]*['\u2019]s?)\s+"
                         r"(?:[\w.'-]+\s+){0,4}$")
_WITH_AFTER = re.compile(r"\s+(?:with|between|among|involving|signed|reached|concluded|"
                         r"by\s+(?:the\s+)?[A-Z])\b")  # ("new agreements by the G-5 nations")
_GOVERNED = re.compile(r"\b(?:sign\w*|reach\w*|conclud\w*|negotiat\w*|renew\w*|approv\w*|"
                       r"ratif\w*|enter\w*\s+into|won|awarded|finali[sz]\w*|establish\w*|set\s+up|"
                       r"creat\w*|launch\w*|open\w*|agree\w*|arrang\w*|extend\w*|receiv\w*|"
                       r"obtain\w*|secur\w*|award\w*|ha[sd]|have)\s+(?:[\w-]+\s+){0,4}$", re.I)
_RULEBOOK = re.compile(r"\b(?:articles?\s+\d+\w*\s+of|breach(?:es|ed)?\s+of|violat\w+|"
                       r"clauses?\s+(?:in|of)|provisions?\s+of|rules?\s+of|compl(?:y|ies|ied)\s+with|"
                       r"in\s+line\s+with|contrary\s+to|under)\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+){0,4}$",
                       re.I)
_SPECULATIVE = re.compile(r"^\s+(?:could|may|might)\s+(?:\w+\s+)?(?:be\s+)?(?:struck|reached|"
                          r"signed|made|announced|follow|come)\b", re.I)
_INDEFINITE = re.compile(r"\b(?:a|an|another)\s+(?:[\w-]+\s+){0,2}$", re.I)


def noun_rejected(sentence: str, start: int, end: int) -> str | None:
    """Why the trigger noun at [start, end) states no agreement, or None."""
    noun = sentence[start:end].lower()
    before = sentence[max(0, start - 60):start]
    before = re.sub(r"^.*\s-{1,2}\s", "", before) if " - " in before or " -- " in before else before
    if noun.startswith("arrangement") and re.search(r"\b(?:make|made|making|makes)\s+(?:\w+\s+)?$",
                                                   before) and re.match(r"\s+(?:to|for)\b", sentence[end:]):
        return "idiom"  # "made arrangements to obtain financing": prepared
    after = sentence[end:end + 60]
    if not noun.endswith("s") and _VAGUE_SINGULAR.search(before[-30:]):
        return "vague"
    if noun in ("accord", "agreement", "understanding") and not _DETERMINED.search(before) \
            and re.search(r"\b[a-z][\w-]*(?:al|ic|ive|ous|ethnic|social|national|political)\s+$", before[-25:]) \
            and not _GOVERNED.search(before) and not _WITH_AFTER.match(after):
        return "generic"  # "promoting inter-ethnic accord", "broad political agreement"
    if noun.endswith("s") and not noun.endswith("ss") and noun not in ("mous",) \
            and not _DETERMINED.search(before) and not _WITH_AFTER.match(after) \
            and not _GOVERNED.search(before):
        return "generic"
    if noun.startswith(("treat", "pact", "accord", "convention", "charter")) \
            and _RULEBOOK.search(before) and not re.search(
                r"\b(?:sign|ratif|negotiat|conclu|reach)\w*", before[-40:], re.I):
        return "rulebook"
    if noun.startswith(("treat", "pact", "charter", "convention")) and re.match(
            r"\s+(?:rules|obligations|provisions|clauses?|criteria|limits|ceiling)\b", after):
        return "rulebook"  # "the Stability and Growth Pact rules", "treaty obligations"
    if _SPECULATIVE.match(after) and _INDEFINITE.search(before[-25:]):
        return "speculative"
    return None
