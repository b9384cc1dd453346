"""py3langid's internals, in one place (the quarantine).

Why it exists: py3langid's public API is `classify`; thaw needs three things it does not offer:
- an identifier limited to the languages news is written in (`LanguageIdentifier
  .from_model_file(MODEL_FILE)` then `set_languages`: the model's rarer classes, Volapük or
  "no language", otherwise catch abbreviation-heavy English tables);
- its feature-by-language table `nb_ptc` stored row by row (C order): scoring a text gathers
  one row per feature found, and `set_languages` leaves the table column by column, a row then
  lying in 75 places 200 KB apart; the gathered values are the same, so the scores are too,
  only about a tenth faster;
- the model file's size and mtime (`MODEL_DIR`, `MODEL_FILE`), to key thaw's cache of the
  loaded identifier (analysis/language.py).

Checked on: py3langid 0.3 and 0.4.0 (pyproject pins py3langid >=0.3,<0.5). The guard test
(tests/test_language.py::test_langid_compat_guard) loads the identifier, checks the table is
row-major and that French and English are told apart; it fails if any name is gone.

How to delete it: use `py3langid.classify` and no cache; detection gets slower (the model
is read as shipped, most of a second per process, and `classify` about a tenth slower) and
a little less precise on English tables of figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["identifier", "model_key"]


def identifier(languages: set[str]) -> Any:
    """py3langid's identifier for `languages` (those the model knows), its table row-major."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(sorted(languages & set(ident.nb_classes)))
    _row_major(ident)
    return ident


def _row_major(ident: Any) -> None:
    """Store the identifier's feature-by-language table row by row (C order)."""
    import numpy as np

    table = getattr(ident, "nb_ptc", None)
    if isinstance(table, np.ndarray) and not table.flags.c_contiguous:
        ident.nb_ptc = np.ascontiguousarray(table)


def model_key() -> str | None:
    """"size:mtime_ns" of py3langid's model file, or None when it cannot be found."""
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        st = (Path(MODEL_DIR) / MODEL_FILE).stat()
    except (ImportError, OSError):
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"
