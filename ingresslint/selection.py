"""Rule selection: ``--select`` / ``--ignore`` and the ``select`` / ``ignore`` configuration keys.

A selector is a rule id or an fnmatch glob over rule ids (``tls-*``); several may be given
comma-separated or repeated. A rule runs when a ``select`` selector matches it and no
``ignore`` selector does; the default selection is every rule (``*``).
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

ALL = "*"


class SelectorError(ValueError):
    """A selector that names no rule (the message carries a did-you-mean)."""


def split_selectors(values: Iterable[str]) -> list[str]:
    """``["tls-*,schema", "yaml-syntax"]`` -> ``["tls-*", "schema", "yaml-syntax"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def check_selectors(selectors: Iterable[str], rule_ids: Iterable[str]) -> None:
    """Raise SelectorError for the first selector that matches no rule id."""
    ids = list(rule_ids)
    for selector in selectors:
        if not any(fnmatchcase(rule_id, selector) for rule_id in ids):
            from ingresslint.suggest import did_you_mean

            raise SelectorError(f"{selector!r} matches no rule id{did_you_mean(selector, ids)}")


def is_selected(rule_id: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    return any(fnmatchcase(rule_id, pattern) for pattern in select) and not any(
        fnmatchcase(rule_id, pattern) for pattern in ignore
    )


def deselected(rule_ids: Iterable[str], select: Iterable[str], ignore: Iterable[str]) -> list[str]:
    """The rule ids that do not run under this selection."""
    select, ignore = list(select), list(ignore)
    return [rule_id for rule_id in rule_ids if not is_selected(rule_id, select, ignore)]
