"""One lint run: load, validate, check, and collect findings."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from ingresslint.checks._ingress import SharedWalks
from ingresslint.compact import Packer, forget_decoded, pack
from ingresslint.context import Context, ManifestSet
from ingresslint.filter import Suppression, annotation_suppressions, apply_filter, comments_in, invalid_annotations
from ingresslint.loader import load_sources, no_cycle_collection
from ingresslint.metadata import rule_doc
from ingresslint.model import Document, Finding, Hit, LoadResult, Location, Related, Severity, field_path
from ingresslint.origins import Origin, helm_origins, relocate
from ingresslint.records import MutableRecord, init
from ingresslint.registry import RULES, DocumentCheck
from ingresslint.schema_stage import schema_findings
from ingresslint.sources import Source
from ingresslint.texts import SourceText

SetFindings = Callable[[ManifestSet, Context], Iterable[Finding]]  # the cross-object phase (assemble)


class Report(MutableRecord):
    __match_args__ = ("findings", "files", "objects", "skipped", "suppressed", "baselined", "sources", "documents")
    __slots__ = __match_args__
    findings: list[Finding]
    files: int
    objects: int
    skipped: int
    suppressed: int  # findings silenced by comments or annotations
    baselined: int  # findings dropped because --baseline lists them
    sources: dict[str, SourceText]  # each linted input, for code frames (texts.py)
    documents: list[Document]  # the objects of the linted inputs, packed (compact.py)

    def __init__(
        self,
        findings: list[Finding] | None = None,
        files: int = 0,
        objects: int = 0,
        skipped: int = 0,
        suppressed: int = 0,
        baselined: int = 0,
        sources: dict[str, SourceText] | None = None,
        documents: list[Document] | None = None,
    ) -> None:
        init(self, "findings", [] if findings is None else findings)
        init(self, "files", files)
        init(self, "objects", objects)
        init(self, "skipped", skipped)
        init(self, "suppressed", suppressed)
        init(self, "baselined", baselined)
        init(self, "sources", {} if sources is None else sources)
        init(self, "documents", [] if documents is None else documents)

    def lines(self, name: str) -> list[str]:
        """The lines of input ``name`` as linted (empty when unknown or changed since)."""
        text = self.sources.get(name)
        return text.lines() if text is not None else []

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def worst(self) -> Severity | None:
        return max((finding.severity for finding in self.findings), default=None)


class SourceResult(MutableRecord):
    """What one input leaves for the rest of the run once its own checks are done: its
    findings, its objects packed, its suppression comments, Helm origins and text record.
    Its bytes are not kept (texts.py), so memory follows the objects, not the input size."""

    __match_args__ = (
        "name",
        "text",
        "findings",
        "documents",
        "files",
        "objects",
        "skipped",
        "comments",
        "invalid",
        "origins",
        "annotated",
        "invalid_annotations",
    )
    __slots__ = __match_args__
    name: str
    text: SourceText
    findings: list[Finding]
    documents: list[Document]
    files: int
    objects: int
    skipped: int
    comments: list[Suppression]
    invalid: list[Finding]  # suppression-invalid findings of its comments
    origins: list[Origin]
    annotated: list[Suppression]  # suppressions its objects' annotations write
    invalid_annotations: list[Finding]  # and their suppression-invalid findings

    def __init__(
        self,
        name: str,
        text: SourceText,
        findings: list[Finding] | None = None,
        documents: list[Document] | None = None,
        files: int = 0,
        objects: int = 0,
        skipped: int = 0,
        comments: list[Suppression] | None = None,
        invalid: list[Finding] | None = None,
        origins: list[Origin] | None = None,
        annotated: list[Suppression] | None = None,
        invalid_annotations: list[Finding] | None = None,
    ) -> None:
        init(self, "name", name)
        init(self, "text", text)
        init(self, "findings", [] if findings is None else findings)
        init(self, "documents", [] if documents is None else documents)
        init(self, "files", files)
        init(self, "objects", objects)
        init(self, "skipped", skipped)
        init(self, "comments", [] if comments is None else comments)
        init(self, "invalid", [] if invalid is None else invalid)
        init(self, "origins", [] if origins is None else origins)
        init(self, "annotated", [] if annotated is None else annotated)
        init(self, "invalid_annotations", [] if invalid_annotations is None else invalid_annotations)


class SourcePart(MutableRecord):
    """What the loader and the per-document checks make of one input, or of one piece of a
    large input cut at document boundaries (parallel.py): the findings of each apart."""

    __match_args__ = (
        "loaded",
        "checked",
        "documents",
        "files",
        "objects",
        "skipped",
        "annotated",
        "invalid_annotations",
    )
    __slots__ = __match_args__
    loaded: list[Finding]
    checked: list[Finding]
    documents: list[Document]
    files: int
    objects: int
    skipped: int
    annotated: list[Suppression]
    invalid_annotations: list[Finding]

    def __init__(
        self,
        loaded: list[Finding],
        checked: list[Finding],
        documents: list[Document],
        files: int,
        objects: int,
        skipped: int,
        annotated: list[Suppression],
        invalid_annotations: list[Finding],
    ) -> None:
        init(self, "loaded", loaded)
        init(self, "checked", checked)
        init(self, "documents", documents)
        init(self, "files", files)
        init(self, "objects", objects)
        init(self, "skipped", skipped)
        init(self, "annotated", annotated)
        init(self, "invalid_annotations", invalid_annotations)


def lint_source(source: Source, ctx: Context) -> SourceResult:
    """Load one input and run the checks that read one document at a time, each document as
    soon as it is loaded, so that only one is ever kept decoded."""
    return join_parts(source, [lint_part(source, ctx)])


def lint_part(source: Source, ctx: Context) -> SourcePart:
    """The loader's and the per-document checks' work on ``source`` (an input or a piece)."""
    checked = _CheckedDocuments(ctx)
    try:
        loaded = load_sources(iter((source,)), LoadResult(documents=checked))
    except _CheckFailed as failed:  # a check's exception is not the loader's: it stops the run
        raise failed.error from None
    counts = (loaded.files, loaded.objects, loaded.skipped)
    return SourcePart(loaded.findings, checked.findings, list(checked), *counts, checked.suppressions, checked.invalid)


def join_parts(source: Source, parts: list[SourcePart]) -> SourceResult:
    """The result of ``source`` from the parts it was linted in, in order; what reads the
    whole input (suppression comments, Helm origins, the text record) reads it here."""
    content = source.content
    origins = helm_origins(content)
    comments, invalid = comments_in(source.name, content)
    text = SourceText.of(source.name, content, keep=bool(origins) or not source.from_file)
    # the loader's findings first, as one list of documents had
    findings = [finding for part in parts for finding in part.loaded] + [f for part in parts for f in part.checked]
    documents = [doc for part in parts for doc in part.documents]
    counts = (parts[0].files, sum(part.objects for part in parts), sum(part.skipped for part in parts))
    result = SourceResult(source.name, text, findings, documents, *counts, comments, invalid, origins)
    result.annotated = [suppression for part in parts for suppression in part.annotated]
    result.invalid_annotations = [finding for part in parts for finding in part.invalid_annotations]
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


# The run's refcache.ReferenceCache, set by api.run while a run with --refs-from lasts (forked
# workers inherit it); None: every reference file is parsed.
REFERENCE_CACHE: Any = None


def context_source(source: Source) -> list[Document]:
    """The objects of one --refs-from input, packed (its findings do not count)."""
    cache = REFERENCE_CACHE
    return _parsed_reference(source) if cache is None else cache.documents(source, _parsed_reference)


def _parsed_reference(source: Source) -> list[Document]:
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
    set_findings: SetFindings | None = None,
) -> Report:
    """The run from the per-input results, in input order: the cross-object rules over every
    object (with ``context_documents(named inputs)``), then filtering, relocation and sorting.
    ``set_findings`` runs the cross-object rules (default: one after the other, here); it must
    give their findings in registry order (parallel.py runs them on several processes)."""
    forget_decoded()
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
    with no_cycle_collection():
        found = (set_findings or set_rule_findings)(manifests, ctx)
        findings.extend(finding for finding in found if finding.file in texts)
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
    """The --refs-from inputs that are not also named on the command line: not the same file
    (device and inode: one stat, where a real path costs a stat per directory of the path)."""
    files = [name for name in named if name != "-"]
    seen = {found for found in map(_file_id, files) if found is not None}
    paths = {os.path.realpath(name) for name in files}  # for a file that cannot be stat'ed
    return (source for source in sources if not _named(source.name, seen, paths))


def _file_id(name: str) -> tuple[int, int] | None:
    try:
        status = os.stat(name)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _named(name: str, seen: set[tuple[int, int]], paths: set[str]) -> bool:
    found = _file_id(name)
    return found in seen if found is not None else os.path.realpath(name) in paths


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


def set_rule_ids() -> list[str]:
    """The cross-object rules, in registry order."""
    return [rule_id for rule_id, rule in RULES.items() if rule.set_check is not None]


def set_rule_findings(manifests: ManifestSet, ctx: Context) -> Iterator[Finding]:
    """The findings of every cross-object rule, rule after rule in registry order."""
    for rule_id in set_rule_ids():
        yield from one_rule_findings(rule_id, manifests, ctx)


def one_rule_findings(rule_id: str, manifests: ManifestSet, ctx: Context) -> Iterator[Finding]:
    check = RULES[rule_id].set_check
    assert check is not None, f"{rule_id} is not a cross-object rule"
    for hit in check(manifests, ctx):
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
        field=_one_string(hit.field if hit.field is not None else field_path(hit.path)),
        fix=hit.fix,
        related=tuple(_locations(hit.related)),
        controller=hit.controller,
    )


def _one_string(value: str) -> str:
    """One string object per field path: the findings of many objects name the same fields."""
    return sys.intern(value) if type(value) is str else value


def _locations(related: Iterable[Related]) -> Iterable[Location]:
    for item in related:
        if item.doc.positions:  # an object read from the cluster has no file
            line, column = item.doc.position(item.path)
            yield Location(item.doc.source, line, column, item.message)
