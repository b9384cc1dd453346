"""Text helpers shared by several layers: the Chinese, Japanese and Korean letters.

Scripts written without spaces between words (kana, CJK ideographs and compatibility
ideographs, hangul): the FTS tokenizer does not segment them, so the index gives them a
column of their own, a page of them has no "words" to count, and the fingerprint counts each
character as a token. One definition for all of them.
"""

from __future__ import annotations

import re

__all__ = ["CJK", "CJK_RANGES"]

CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK = re.compile(f"[{CJK_RANGES}]")
