"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

tool.driver.rules lists every rule of the registry; each result points at its rule by
ruleId and ruleIndex, and at the file by the path as given (relative to the working
directory, as code scanning expects).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ingresslint import __version__
from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.metadata import rule_doc
from ingresslint.model import Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ingresslint/ingresslint"
RULE_DOCS = f"{INFORMATION_URI}/blob/main/docs/rules.md"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, ctx: Context) -> str:
    from ingresslint.registry import RULES

    index = {rule_id: number for number, rule_id in enumerate(RULES)}
    run = {
        "tool": {
            "driver": {
                "name": "ingresslint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule_id) for rule_id in RULES],
            }
        },
        "columnKind": "unicodeCodePoints",
        "properties": {"kubernetesVersion": str(ctx.kube_version)},
        "results": [_result(finding, index) for finding in report.findings],
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(rule_id: str) -> dict[str, Any]:
    doc = rule_doc(rule_id)
    return {
        "id": rule_id,
        "name": doc.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.rationale},
        "helpUri": f"{RULE_DOCS}#{rule_id}",
        "help": {"text": f"{doc.summary}\n\n{doc.rationale}\n\nReference: {doc.reference}"},
        "defaultConfiguration": {"level": LEVELS[doc.severity]},
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.file)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "partialFingerprints": {"ingresslintKey/v1": _fingerprint(finding)},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.object is not None:
        result["locations"][0]["logicalLocations"] = [
            {"name": finding.object.describe(), "kind": "object", "fullyQualifiedName": finding.field or ""}
        ]
    return result


def artifact_uri(name: str) -> str:
    """The path as given, relative to the working directory when possible, as a URI reference."""
    if name == "-":
        return "stdin"
    path = Path(name)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            try:
                return path.as_uri()
            except UnicodeEncodeError:  # not UTF-8
                return "file://" + _quote(path.as_posix())
    return _quote(Path(os.path.normpath(path)).as_posix())


def _quote(path: str) -> str:
    """Percent-encoded from the file name's own bytes, so a name that is not UTF-8 (held as
    surrogate escapes) still gives a valid URI that names the file."""
    return quote(os.fsencode(path))


def _fingerprint(finding: Finding) -> str:
    from ingresslint.baseline import key

    return hashlib.sha256("\0".join(key(finding)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
