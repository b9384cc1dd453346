"""Score thaw's cleaner on the development pages with the cross-validation fold models that
`bench/train_cleaner.py --cv K` left in $THAW_PAGES_WORK/fold*/ (default /tmp/thaw_pages) (each page cleaned by the
model that did not train on it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval_pages import cv_report  # noqa: E402
from pages import WORK, load_gold, select  # noqa: E402

from thaw_cli.ingest import pagelines  # noqa: E402


def main() -> None:
    models = {}
    for d in sorted(WORK.glob("fold*")):
        model = pagelines.Model.load(d / "pagelines_model.npz", d / "pagelines_words.json")
        for gid in json.loads((d / "ids.json").read_text()):
            models[gid] = model
    cv_report(select(load_gold(), "dev"), models)


if __name__ == "__main__":
    main()
