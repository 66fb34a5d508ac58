"""The JSON report: a contract other tools parse. Keep the keys exactly as documented."""

from __future__ import annotations

import json
from typing import Any

from ingresslint import __version__
from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import Finding, Severity
from ingresslint.project import rule_url


def render(report: Report, ctx: Context, statistics: bool = False) -> str:
    document: dict[str, Any] = {
        "version": __version__,
        "kubernetesVersion": str(ctx.kube_version),
        "findings": [_finding(finding) for finding in report.findings],
        "summary": {
            "files": report.files,
            "objects": report.objects,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
    }
    if statistics:
        document["statistics"] = statistics_json(report)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        **finding.as_json(),
        "url": rule_url(finding.rule),
        "related": [
            {"file": where.file, "line": where.line, "column": where.column, "message": where.message}
            for where in finding.related
        ],
    }


def statistics_json(report: Report) -> list[dict[str, Any]]:
    """``--statistics``: count per rule, most frequent first (the rows of the text format)."""
    from ingresslint.reporters.text import statistics_counts

    return [
        {"rule": rule, "severity": severity.label, "count": count, "url": rule_url(rule)}
        for rule, count, severity in statistics_counts(report)
    ]
