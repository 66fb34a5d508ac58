"""Where the project lives: the one constant every documentation link is built from.

``REPOSITORY`` is the project's declared home (the same URL as ``[project.urls]`` in
pyproject.toml, the pre-commit ``repo:`` and the action's ``uses:`` in the README; a test keeps
them equal). The project has no website: a rule's documentation is its ``## rule-id`` section of
docs/rules.md at the release tag, so a report links to the text of the version that wrote it.
A fork or mirror changes ``REPOSITORY`` (and pyproject.toml) and every link follows.
"""

from __future__ import annotations

from ingresslint import __version__

REPOSITORY = "https://github.com/ingresslint/ingresslint"
RULE_DOCS_TEMPLATE = "{repository}/blob/v{version}/docs/rules.md#{rule}"


def rule_url(rule_id: str) -> str:
    """The documentation of ``rule_id`` for this version, e.g. ``…/blob/v0.1.0/docs/rules.md#schema``."""
    return RULE_DOCS_TEMPLATE.format(repository=REPOSITORY, version=__version__, rule=rule_id)
