"""The `thaw` command and `python -m thaw_cli`.

thaw's modules are imported inside `main`, so Ctrl-C while Python is still loading them ends
with the usual short note and status 130, not a traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from thaw_cli.cli.app import main as run  # inside the try: see the docstring
    except KeyboardInterrupt:
        sys.stderr.write("thaw: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
