"""One lint run: load, validate, check, and collect findings."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ingresslint.checks._ingress import SharedWalks
from ingresslint.compact import Packer, pack
from ingresslint.context import Context, ManifestSet
from ingresslint.filter import Suppression, annotation_suppressions, apply_filter, comments_in, invalid_annotations
from ingresslint.loader import load_sources
from ingresslint.metadata import rule_doc
from ingresslint.model import Document, Finding, Hit, LoadResult, Location, Related, Severity, field_path
from ingresslint.origins import Origin, helm_origins, relocate
from ingresslint.registry import RULES, DocumentCheck
from ingresslint.schema_stage import schema_findings
from ingresslint.sources import Source
from ingresslint.texts import SourceText


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    objects: int = 0
    skipped: int = 0
    suppressed: int = 0  # findings silenced by comments or annotations
    baselined: int = 0  # findings dropped because --baseline lists them
    sources: dict[str, SourceText] = field(default_factory=dict)  # each linted input, for code frames (texts.py)
    documents: list[Document] = field(default_factory=list)  # the objects of the linted inputs, packed (compact.py)

    def lines(self, name: str) -> list[str]:
        """The lines of input ``name`` as linted (empty when unknown or changed since)."""
        text = self.sources.get(name)
        return text.lines() if text is not None else []

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def worst(self) -> Severity | None:
        return max((finding.severity for finding in self.findings), default=None)


@dataclass
class SourceResult:
    """What one input leaves for the rest of the run once its own checks are done: its
    findings, its objects packed, its suppression comments, Helm origins and text record.
    Its bytes are not kept (texts.py), so memory follows the objects, not the input size."""

    name: str
    text: SourceText
    findings: list[Finding] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    files: int = 0
    objects: int = 0
    skipped: int = 0
    comments: list[Suppression] = field(default_factory=list)
    invalid: list[Finding] = field(default_factory=list)  # suppression-invalid findings of its comments
    origins: list[Origin] = field(default_factory=list)
    annotated: list[Suppression] = field(default_factory=list)  # suppressions its objects' annotations write
    invalid_annotations: list[Finding] = field(default_factory=list)  # and their suppression-invalid findings


def lint_source(source: Source, ctx: Context) -> SourceResult:
    """Load one input and run the checks that read one document at a time, each document as
    soon as it is loaded, so that only one is ever kept decoded."""
    checked = _CheckedDocuments(ctx)
    try:
        loaded = load_sources(iter((source,)), LoadResult(documents=checked))
    except _CheckFailed as failed:  # a check's exception is not the loader's: it stops the run
        raise failed.error from None
    content = source.content
    origins = helm_origins(content)
    comments, invalid = comments_in(source.name, content)
    text = SourceText.of(source.name, content, keep=bool(origins) or not source.from_file)
    findings = [*loaded.findings, *checked.findings]  # the loader's first, as one list of documents had
    counts = (loaded.files, loaded.objects, loaded.skipped)
    result = SourceResult(source.name, text, findings, list(checked), *counts, comments, invalid, origins)
    result.annotated, result.invalid_annotations = checked.suppressions, checked.invalid
    return result


class _CheckFailed(BaseException):
    """Carries a check's exception through the loader's catch-all (a loader bug costs one
    file; a check's bug is an internal error of the run, as without streaming)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _CheckedDocuments(list[Document]):
    """The documents list of a LoadResult that checks each document as the loader appends it
    and keeps it packed: its findings and annotation suppressions are collected aside."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.findings: list[Finding] = []
        self.suppressions: list[Suppression] = []
        self.invalid: list[Finding] = []  # suppression-invalid findings of ingresslint.io/disable values
        self.packer = Packer()

    def append(self, doc: Document) -> None:
        try:
            self.findings.extend(schema_findings(doc, self.ctx))
            with SharedWalks(doc):
                self.findings.extend(_document_findings(doc, self.ctx))
            self.suppressions.extend(annotation_suppressions((doc,)))
            self.invalid.extend(invalid_annotations((doc,)))
        except Exception as error:
            raise _CheckFailed(error) from error
        super().append(self.packer.pack(doc))


def context_source(source: Source) -> list[Document]:
    """The objects of one --refs-from input, packed (its findings do not count)."""
    return pack(load_sources(iter((source,))).documents)


def lint(
    sources: Iterable[Source],
    ctx: Context,
    context_sources: Iterable[Source] = (),
    levels: Mapping[str, Severity | None] | None = None,
    jobs: int = 1,
) -> Report:
    """Lint ``sources``. ``context_sources`` (``--refs-from``) only feed the cross-object
    checks: their objects count as references, classes and conflicts, but their own
    findings are dropped. ``levels`` overrides rule severities (None: the rule is off).
    ``jobs`` > 1 runs the per-input work in that many processes when the work is big enough
    (parallel.py); the report is the same."""
    if jobs > 1:
        from ingresslint.parallel import lint_parallel

        return lint_parallel(sources, ctx, context_sources, levels, jobs)
    results = (lint_source(source, ctx) for source in sources)
    return assemble(results, ctx, lambda named: _context_documents(context_sources, named), levels)


def assemble(
    results: Iterable[SourceResult],
    ctx: Context,
    context_documents: Callable[[set[str]], Iterable[Document]],
    levels: Mapping[str, Severity | None] | None,
) -> Report:
    """The run from the per-input results, in input order: the cross-object rules over every
    object (with ``context_documents(named inputs)``), then filtering, relocation and sorting."""
    findings: list[Finding] = []
    documents: list[Document] = []
    texts: dict[str, SourceText] = {}
    comments: dict[str, tuple[list[Suppression], list[Finding]]] = {}
    annotated: list[Suppression] = []
    invalid_annotated: list[Finding] = []
    origins: dict[str, list[Origin]] = {}
    counts = [0, 0, 0]
    for result in results:
        findings.extend(result.findings)
        documents.extend(result.documents)
        texts[result.name] = result.text  # a name given twice: its last reading, as a dict of contents had
        comments[result.name] = (result.comments, result.invalid)
        origins[result.name] = result.origins
        annotated.extend(result.annotated)
        invalid_annotated.extend(result.invalid_annotations)
        counts = [counts[0] + result.files, counts[1] + result.objects, counts[2] + result.skipped]
    manifests = ManifestSet(tuple(documents) + tuple(context_documents(set(texts))))
    findings.extend(finding for finding in _set_findings(manifests, ctx) if finding.file in texts)
    del manifests
    if any(doc.converted_from for doc in documents):
        from ingresslint.conversion import note_conversions

        findings = note_conversions(findings)
    suppressions = [s for found, _ in comments.values() for s in found] + annotated
    findings.extend(finding for _, invalid in comments.values() for finding in invalid)
    findings.extend(invalid_annotated)
    findings, suppressed = apply_filter(findings, suppressions, levels or {})
    findings, documents, texts = relocate(findings, documents, texts, origins)  # Helm's # Source: names
    findings.sort(key=Finding.sort_key)
    return Report(findings, *counts, suppressed=suppressed, sources=texts, documents=documents)


def _context_documents(sources: Iterable[Source], named: set[str]) -> Iterator[Document]:
    """Objects of the --refs-from inputs, except files also named on the command line."""
    for source in context_fresh(sources, named):
        yield from context_source(source)


def context_fresh(sources: Iterable[Source], named: set[str]) -> Iterator[Source]:
    """The --refs-from inputs that are not also named on the command line."""
    seen = {os.path.realpath(name) for name in named if name != "-"}
    return (source for source in sources if os.path.realpath(source.name) not in seen)


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
