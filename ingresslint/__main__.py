"""The ``ingresslint`` command (also ``python -m ingresslint``). Ctrl-C at any moment, even
while the command's modules are still being imported, is exit 130 with one line."""

from __future__ import annotations

import sys
from typing import NoReturn

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def run() -> None:
    try:
        from ingresslint.cli import main

        main()
    except KeyboardInterrupt:
        interrupted()


def interrupted() -> NoReturn:
    """One line and exit 130. Nothing was written yet: a report goes out whole at the end, a
    file by rename. (The CLI calls it too, before click turns Ctrl-C into "Aborted!".)"""
    try:
        sys.stderr.write("ingresslint: interrupted\n")
        sys.stderr.flush()
    except OSError:
        pass
    sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    run()
