"""One lint run: load, validate, check, and collect findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ingresslint.context import Context, ManifestSet
from ingresslint.loader import load_sources
from ingresslint.metadata import rule_doc
from ingresslint.model import Document, Finding, Hit, Severity, field_path
from ingresslint.registry import RULES
from ingresslint.schema_stage import schema_findings
from ingresslint.sources import Source


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    objects: int = 0
    skipped: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def worst(self) -> Severity | None:
        return max((finding.severity for finding in self.findings), default=None)


def lint(sources: Iterable[Source], ctx: Context) -> Report:
    loaded = load_sources(iter(sources))
    findings = list(loaded.findings)
    for doc in loaded.documents:
        findings.extend(schema_findings(doc, ctx))
        findings.extend(_document_findings(doc, ctx))
    findings.extend(_set_findings(ManifestSet(tuple(loaded.documents)), ctx))
    findings.sort(key=Finding.sort_key)
    return Report(findings, loaded.files, loaded.objects, loaded.skipped)


def _document_findings(doc: Document, ctx: Context) -> Iterable[Finding]:
    kind = doc.kind or ""
    for rule_id, rule in RULES.items():
        if rule.check is not None and kind in rule.kinds:
            for hit in rule.check(doc, ctx):
                yield to_finding(rule_id, hit, doc)


def _set_findings(manifests: ManifestSet, ctx: Context) -> Iterable[Finding]:
    for rule_id, rule in RULES.items():
        if rule.set_check is not None:
            for hit in rule.set_check(manifests, ctx):
                assert hit.doc is not None, f"{rule_id}: a set check must name the document of each hit"
                yield to_finding(rule_id, hit, hit.doc)


def to_finding(rule_id: str, hit: Hit, doc: Document) -> Finding:
    line, column = doc.position(hit.path)
    return Finding(
        rule=rule_id,
        severity=rule_doc(rule_id).severity,
        message=hit.message,
        file=doc.source,
        line=line,
        column=column,
        object=doc.ref,
        field=hit.field if hit.field is not None else field_path(hit.path),
        fix=hit.fix,
    )
