"""`Article` -> stored analysis: pure functions over text and dataclasses (no SQL, no config, no printing)."""
