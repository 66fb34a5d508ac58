"""docs/rules.md is generated from rules/*.yaml by tools/gen_rule_docs.py, and kept current."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from ingresslint.registry import RULES
from tests.conftest import REPO


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rule_docs", REPO / "tools" / "gen_rule_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_md_is_current() -> None:
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == _generator().generate(), "docs/rules.md is stale: run python tools/gen_rule_docs.py"


def test_every_rule_has_a_section() -> None:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id in RULES:
        assert f"\n## {rule_id}\n" in text
