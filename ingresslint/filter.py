"""The filter stage: rule levels from the configuration, then suppressions.

Suppressions: ``# ingresslint: disable=rule-a,rule-b`` at the end of a line (that line) or
alone on a line (the next line), ``# ingresslint: disable-file=rule-a`` (the whole file) and
the annotation ``ingresslint.io/disable: "rule-a,rule-b"`` (the whole object). A reason may
follow ``--``: ``# ingresslint: disable=rule-a -- vendor chart, fixed upstream``. A suppression
that silenced nothing becomes an ``unused-suppression`` finding; a comment that starts with
``ingresslint:`` and does not parse becomes a ``suppression-invalid`` finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from ingresslint.loader import decode_text
from ingresslint.metadata import rule_doc
from ingresslint.model import Document, Finding, ObjectRef, Severity
from ingresslint.records import MutableRecord, init, replace
from ingresslint.suggest import did_you_mean

ANNOTATION = "ingresslint.io/disable"
UNUSED = "unused-suppression"
INVALID = "suppression-invalid"
MARKER = b"ingresslint:"
DIRECTIVES = ("disable", "disable-file")
# a comment (# at the start of the line or after a blank) whose text starts with ingresslint:
COMMENT = re.compile(r"(?:^|(?<=\s))#\s*ingresslint:(.*)$")
DIRECTIVE = re.compile(
    r"\s*(disable-file|disable)\s*=\s*([\w\-]+(?:\s*,\s*[\w\-]+)*)\s*(?:--.*|#.*)?$"  # then a reason or a comment
)
ANNOTATION_VALUE = re.compile(r"\s*([\w\-]+(?:\s*,\s*[\w\-]+)*)\s*(?:--.*)?$", re.DOTALL)  # ids, then a reason


class Suppression(MutableRecord):
    __match_args__ = ("rule", "file", "line", "column", "target", "object", "used")
    __slots__ = __match_args__
    rule: str
    file: str
    line: int  # where the suppression is written
    column: int
    target: int | None  # the line it covers; None with object=None: the whole file
    object: ObjectRef | None  # set for the annotation: the object it covers
    used: bool

    def __init__(
        self,
        rule: str,
        file: str,
        line: int,
        column: int,
        target: int | None = None,
        object: ObjectRef | None = None,
        used: bool = False,
    ) -> None:
        init(self, "rule", rule)
        init(self, "file", file)
        init(self, "line", line)
        init(self, "column", column)
        init(self, "target", target)
        init(self, "object", object)
        init(self, "used", used)

    def covers(self, finding: Finding) -> bool:
        if finding.rule != self.rule or finding.file != self.file:
            return False
        if self.object is not None:
            return finding.object == self.object
        return self.target is None or self.target == finding.line


def apply_filter(
    findings: Iterable[Finding],
    suppressions: list[Suppression],
    levels: Mapping[str, Severity | None],
) -> tuple[list[Finding], int]:
    """Findings left after levels and ``suppressions`` (those of comments_in() and
    annotation_suppressions(); their suppression-invalid findings, with invalid_annotations(),
    are among ``findings``), and how many findings the suppressions silenced."""
    by_target: dict[tuple[str, str], list[Suppression]] = {}
    for suppression in suppressions:
        by_target.setdefault((suppression.file, suppression.rule), []).append(suppression)
    kept: list[Finding] = []
    suppressed = 0
    for finding in _leveled(findings, levels):
        matched = [s for s in by_target.get((finding.file, finding.rule), ()) if s.covers(finding)]
        for suppression in matched:
            suppression.used = True
        if matched:
            suppressed += 1
        else:
            kept.append(finding)
    unused = [_unused(s) for s in suppressions if not s.used and levels.get(s.rule, Severity.INFO) is not None]
    for finding in _leveled(unused, levels):
        if any(s.covers(finding) for s in by_target.get((finding.file, UNUSED), ())):
            suppressed += 1
        else:
            kept.append(finding)
    return kept, suppressed


def _leveled(findings: Iterable[Finding], levels: Mapping[str, Severity | None]) -> Iterable[Finding]:
    for finding in findings:
        if finding.rule not in levels:
            yield finding
        elif (level := levels[finding.rule]) is not None:
            yield replace(finding, severity=level)


def comments_in(name: str, content: bytes) -> tuple[list[Suppression], list[Finding]]:
    """The suppressions the ``# ingresslint:`` comments of input ``name`` write, and a
    ``suppression-invalid`` finding for each such comment that does not parse."""
    if MARKER not in content:
        return [], []
    contents = {name: content}
    return comment_suppressions(contents), invalid_suppressions(contents)


def _comments(contents: Mapping[str, bytes]) -> Iterable[tuple[str, int, str, re.Match[str]]]:
    """(file, line number, line, match) of every ``# ingresslint:`` comment."""
    for name, content in contents.items():
        if MARKER not in content:
            continue
        for number, line in enumerate(decode_text(content).splitlines(), start=1):
            match = COMMENT.search(line)
            if match:
                yield name, number, line, match


def comment_suppressions(contents: Mapping[str, bytes]) -> list[Suppression]:
    found = []
    for name, number, line, comment in _comments(contents):
        match = DIRECTIVE.match(comment.group(1))
        if match is None:
            continue
        alone = not line[: comment.start()].strip()
        target = None if match.group(1) == "disable-file" else number + 1 if alone else number
        found.extend(Suppression(rule, name, number, comment.start() + 1, target) for rule in _ids(match.group(2)))
    return found


def invalid_suppressions(contents: Mapping[str, bytes]) -> list[Finding]:
    """A ``suppression-invalid`` finding for every ``# ingresslint:`` comment that does not parse."""
    return [
        Finding(
            rule=INVALID,
            severity=rule_doc(INVALID).severity,
            message=_why_invalid(comment.group(1)),
            file=name,
            line=number,
            column=comment.start() + 1,
        )
        for name, number, _, comment in _comments(contents)
        if DIRECTIVE.match(comment.group(1)) is None
    ]


def _closest_directive(word: str) -> str:
    """disable-line, disabled, disable-next-line -> disable; disable_file, disablefile -> disable-file."""
    if word.lower().startswith("disable"):
        return f" (did you mean {'disable-file' if 'file' in word.lower() else 'disable'!r}?)"
    return did_you_mean(word, DIRECTIVES) if word else ""


def _why_invalid(text: str) -> str:
    form = "write # ingresslint: disable=rule-a,rule-b (or disable-file=...), a reason after --"
    word = re.match(r"\s*([\w-]*)", text)
    directive = word.group(1) if word else ""
    if directive not in DIRECTIVES:
        hint = _closest_directive(directive)
        return f"unknown suppression directive {directive or text.strip()!r}{hint}: {form}; it suppresses nothing"
    rest = text[word.end() if word else 0 :].strip()
    if not rest.startswith("=") or not rest[1:].strip():
        return f"{directive} names no rule: {form}; it suppresses nothing"
    return f"cannot read the rule ids after {directive}=: {form}; it suppresses nothing"


def annotation_suppressions(documents: Iterable[Document]) -> list[Suppression]:
    found = []
    for doc, value in _disable_annotations(documents):
        match = ANNOTATION_VALUE.match(value)
        if match is not None:
            line, column = doc.position(("metadata", "annotations", ANNOTATION))
            found.extend(Suppression(rule, doc.source, line, column, object=doc.ref) for rule in _ids(match.group(1)))
    return found


def invalid_annotations(documents: Iterable[Document]) -> list[Finding]:
    """A ``suppression-invalid`` finding for every ``ingresslint.io/disable`` value that does not parse."""
    found = []
    for doc, value in _disable_annotations(documents):
        if ANNOTATION_VALUE.match(value) is None:
            line, column = doc.position(("metadata", "annotations", ANNOTATION))
            found.append(
                Finding(
                    rule=INVALID,
                    severity=rule_doc(INVALID).severity,
                    message=_why_invalid_annotation(value),
                    file=doc.source,
                    line=line,
                    column=column,
                    object=doc.ref,
                    field=f"metadata.annotations[{ANNOTATION}]",
                )
            )
    return found


def _disable_annotations(documents: Iterable[Document]) -> Iterator[tuple[Document, str]]:
    for doc in documents:
        annotations = doc.metadata.get("annotations")
        value = annotations.get(ANNOTATION) if isinstance(annotations, dict) else None
        if isinstance(value, str):
            yield doc, value


def _why_invalid_annotation(value: str) -> str:
    form = f'write {ANNOTATION}: "rule-a,rule-b" (rule ids separated by commas, a reason after --)'
    if not value.split("--", 1)[0].strip():
        return f"{ANNOTATION} names no rule: {form}; it suppresses nothing"
    if DIRECTIVE.match(value) or value.strip().startswith(DIRECTIVES):
        return f"{ANNOTATION} takes rule ids, not a directive: {form}; it suppresses nothing"
    return f"cannot read the rule ids in {value.strip()[:80]!r}: {form}; it suppresses nothing"


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _unused(suppression: Suppression) -> Finding:
    from ingresslint.registry import RULES

    if suppression.rule in RULES:
        message = f"the suppression of {suppression.rule} matches no finding; remove it"
    else:
        message = f"{suppression.rule!r} is not a rule id{did_you_mean(suppression.rule, RULES)}; `ingresslint rules` lists them"
    return Finding(
        rule=UNUSED,
        severity=rule_doc(UNUSED).severity,
        message=message,
        file=suppression.file,
        line=suppression.line,
        column=suppression.column,
        object=suppression.object,
        field="metadata.annotations[ingresslint.io/disable]" if suppression.object else None,
    )
