"""One lint run: load, validate, check, and collect findings."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ingresslint.context import Context, ManifestSet
from ingresslint.filter import apply_filter
from ingresslint.loader import decode_text, load_sources
from ingresslint.metadata import rule_doc
from ingresslint.model import Document, Finding, Hit, Location, Related, Severity, field_path
from ingresslint.origins import relocate
from ingresslint.registry import RULES, DocumentCheck
from ingresslint.schema_stage import schema_findings
from ingresslint.sources import Source


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    objects: int = 0
    skipped: int = 0
    suppressed: int = 0  # findings silenced by comments or annotations
    baselined: int = 0  # findings dropped because --baseline lists them
    sources: dict[str, bytes] = field(default_factory=dict)  # content of each linted input, for code frames
    documents: list[Document] = field(default_factory=list)  # the objects of the linted inputs

    def lines(self, name: str) -> list[str]:
        """The lines of input ``name`` (empty when unknown), decoded without reading it again."""
        return decode_text(self.sources.get(name, b"")).splitlines()

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def worst(self) -> Severity | None:
        return max((finding.severity for finding in self.findings), default=None)


def lint(
    sources: Iterable[Source],
    ctx: Context,
    context_sources: Iterable[Source] = (),
    levels: Mapping[str, Severity | None] | None = None,
) -> Report:
    """Lint ``sources``. ``context_sources`` (``--refs-from``) only feed the cross-object
    checks: their objects count as references, classes and conflicts, but their own
    findings are dropped. ``levels`` overrides rule severities (None: the rule is off)."""
    contents: dict[str, bytes] = {}
    loaded = load_sources(_remember(sources, contents))
    findings = list(loaded.findings)
    for doc in loaded.documents:
        findings.extend(schema_findings(doc, ctx))
        findings.extend(_document_findings(doc, ctx))
    context_docs = _context_documents(context_sources, set(contents))
    manifests = ManifestSet(tuple(loaded.documents) + context_docs)
    findings.extend(finding for finding in _set_findings(manifests, ctx) if finding.file in contents)
    if any(doc.converted_from for doc in loaded.documents):
        from ingresslint.conversion import note_conversions

        findings = note_conversions(findings)
    findings, suppressed = apply_filter(findings, loaded.documents, contents, levels or {})
    findings, documents, contents = relocate(findings, loaded.documents, contents)  # Helm's # Source: names
    findings.sort(key=Finding.sort_key)
    return Report(
        findings,
        loaded.files,
        loaded.objects,
        loaded.skipped,
        suppressed=suppressed,
        sources=contents,
        documents=documents,
    )


def _remember(sources: Iterable[Source], contents: dict[str, bytes]) -> Iterator[Source]:
    for source in sources:
        contents[source.name] = source.content
        yield source


def _context_documents(sources: Iterable[Source], named: set[str]) -> tuple[Document, ...]:
    """Objects of the --refs-from inputs, except files also named on the command line."""
    seen = {os.path.realpath(name) for name in named if name != "-"}
    fresh = (source for source in sources if os.path.realpath(source.name) not in seen)
    return tuple(load_sources(fresh).documents)


def _document_findings(doc: Document, ctx: Context) -> Iterable[Finding]:
    for rule_id, check in _checks_of_kind(doc.kind or ""):
        for hit in check(doc, ctx):
            yield to_finding(rule_id, hit, doc)


@lru_cache(maxsize=256)  # kinds come from the input: bounded
def _checks_of_kind(kind: str) -> tuple[tuple[str, DocumentCheck], ...]:
    """(rule id, check) of the document rules for ``kind``, in registry order (found once per
    kind, not once per document)."""
    return tuple(
        (rule_id, rule.check) for rule_id, rule in RULES.items() if rule.check is not None and kind in rule.kinds
    )


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
        severity=hit.severity if hit.severity is not None else rule_doc(rule_id).severity,
        message=hit.message,
        file=doc.source,
        line=line,
        column=column,
        object=doc.ref,
        field=hit.field if hit.field is not None else field_path(hit.path),
        fix=hit.fix,
        related=tuple(_locations(hit.related)),
        controller=hit.controller,
    )


def _locations(related: Iterable[Related]) -> Iterable[Location]:
    for item in related:
        if item.doc.positions:  # an object read from the cluster has no file
            line, column = item.doc.position(item.path)
            yield Location(item.doc.source, line, column, item.message)
