"""The JSON report: a contract other tools parse. Keep the keys exactly as documented."""

from __future__ import annotations

import json

from ingresslint import __version__
from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import Severity


def render(report: Report, ctx: Context) -> str:
    document = {
        "version": __version__,
        "kubernetesVersion": str(ctx.kube_version),
        "findings": [finding.as_json() for finding in report.findings],
        "summary": {
            "files": report.files,
            "objects": report.objects,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
