"""Render `thaw digest --format html` of the seeds in headless Chromium to a PNG (phone width).

    python bench/render_digest_png.py [OUT.png]     # default: /tmp/thaw-digest.png

Needs Debian's `chromium` package (apt-get install -y chromium). Prints the PNG's path.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/thaw-digest.png").resolve()
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        sys.exit("chromium not found: apt-get install -y chromium")
    from thaw_cli.app.workspace import open_workspace
    from thaw_cli.core.models import ArticleFilter
    from thaw_cli.output import digest_html
    from thaw_cli.queries.digest import build_digest

    idx, _ = open_workspace(None, None)
    page = digest_html.digest_html(build_digest(idx, ArticleFilter()))
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "digest.html"
        html.write_text(page, encoding="utf-8")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp}/profile", f"--screenshot={out}", "--window-size=412,2400",
                        "--hide-scrollbars", html.as_uri()], check=True, capture_output=True, timeout=120)
    print(out)


if __name__ == "__main__":
    main()
