"""tests/fixtures/rule-examples/<id>.yaml: each rule's bad example as a file, so one command
shows the rule firing (``ingresslint lint tests/fixtures/rule-examples/<id>.yaml``). Each file
must stay the bad example of rules/<id>.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingresslint.metadata import rule_doc
from tests.conftest import FIXTURES, lint_text

EXAMPLES = sorted((FIXTURES / "rule-examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_file_is_the_rules_bad_example_and_fires(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1] if text.startswith("#") else text
    assert body == rule_doc(path.stem).bad
    assert path.stem in {finding.rule for finding in lint_text(text, name=str(path)).findings}
