"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

tool.driver.rules lists every rule of the registry; each result points at its rule by
ruleId and ruleIndex, and at the file by the path as given (relative to the working
directory, as code scanning expects).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ingresslint import __version__
from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.metadata import RuleDoc, rule_doc
from ingresslint.model import Finding, Location, Severity
from ingresslint.project import REPOSITORY, rule_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", re.S)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, ctx: Context, exit_code: int | None = None) -> str:
    from ingresslint.registry import RULES

    index = {rule_id: number for number, rule_id in enumerate(RULES)}
    run = {
        "tool": {
            "driver": {
                "name": "ingresslint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": REPOSITORY,
                "rules": [_rule(rule_id) for rule_id in RULES],
            }
        },
        "invocations": [_invocation(exit_code)],
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
        "helpUri": rule_url(rule_id),
        "help": {"text": f"{doc.summary}\n\n{doc.rationale}\n\nReference: {doc.reference}", "markdown": _markdown(doc)},
        "defaultConfiguration": {"level": LEVELS[doc.severity]},
    }


def _markdown(doc: RuleDoc) -> str:
    """Rationale, then the bad and the good example, as code scanning shows a rule's help."""
    parts = [f"**{doc.summary}**", doc.rationale]
    if doc.server_message:
        parts.append(f"The API server says:\n\n```text\n{doc.server_message.strip()}\n```")
    bad, good = _without_pem(doc.bad.rstrip()), _without_pem(doc.good.rstrip())
    parts += [f"Bad:\n\n```yaml\n{bad}\n```", f"Good:\n\n```yaml\n{good}\n```"]
    parts.append(f"Reference: <{doc.reference}> · [documentation]({rule_url(doc.id)})")
    return "\n\n".join(parts)


def _without_pem(example: str) -> str:
    """Examples of TLS rules carry (throw-away) PEM keys and certificates: leave them out of the
    report, so that no key material is ever in a SARIF file and secret scanners stay quiet."""
    return PEM.sub("<PEM block: see the rule's documentation>", example)


def _invocation(exit_code: int | None) -> dict[str, Any]:
    """The run completed (a run that cannot complete writes no report: exit 2, one line on
    stderr); findings are results, not a failed execution."""
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    return invocation


def _related(locations: tuple[Location, ...]) -> list[dict[str, Any]]:
    return [
        {
            "id": number,
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(where.file)},
                "region": {"startLine": where.line, "startColumn": where.column},
            },
            "message": {"text": where.message},
        }
        for number, where in enumerate(locations)
    ]


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
    if finding.controller is not None:
        result["properties"] = {"controller": finding.controller}
    if finding.related:
        result["relatedLocations"] = _related(finding.related)
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
