"""The ``ingresslint`` command (also ``python -m ingresslint``). Ctrl-C at any moment, even
while the command's modules are still being imported, is exit 130 with one line."""

from __future__ import annotations

import errno
import sys
from typing import Any, NoReturn

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def run() -> None:
    try:
        from ingresslint.fast_argv import parse_lint

        params = parse_lint(sys.argv[1:])
        if params is None:
            from ingresslint.cli import main

            main()
        else:
            _lint(params)
    except KeyboardInterrupt:
        interrupted()


def _lint(params: dict[str, Any]) -> NoReturn:
    """``ingresslint lint`` parsed without click (fast_argv.py); a closed pipe ends as click's
    main() ends it (exit 1, quiet streams)."""
    from ingresslint.lint_command import lint_main

    try:
        lint_main(**params)
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        from click import utils

        wrapper = getattr(utils, "_PacifyFlushWrapper", None) or utils.PacifyFlushWrapper
        sys.stdout, sys.stderr = wrapper(sys.stdout), wrapper(sys.stderr)
        sys.exit(1)


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
