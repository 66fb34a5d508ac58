"""The ``ingresslint`` command (also ``python -m ingresslint``). Ctrl-C at any moment, even
while the command's modules are still being imported, is exit 130 with one line."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def run() -> None:
    try:
        from ingresslint.cli import main

        main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("ingresslint: interrupted\n")
            sys.stderr.flush()
        except OSError:
            pass
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    run()
