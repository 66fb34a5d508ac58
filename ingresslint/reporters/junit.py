"""JUnit XML for CI test tabs: a testsuite per file, a testcase per finding (a failure for an
error or warning, a passing case with system-out for an info finding) and a passing testcase
per object without findings, so ``tests`` counts the cases and ``failures`` the failed ones.
Characters XML 1.0 cannot hold (C0 controls from a value, a file name that is not UTF-8) are
written escaped (``\\x01``)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import Finding, Severity
from ingresslint.reporters.escape import xml_safe

FILE_CASE = "(file)"  # the object name of findings not tied to an object (YAML syntax errors)


def render(report: Report, ctx: Context) -> str:
    from ingresslint.reporters.text import describe

    lined: dict[str, list[tuple[int, ET.Element]]] = {name: [] for name in report.sources}
    flagged = {(finding.file, finding.object) for finding in report.findings}
    for finding in report.findings:
        where = describe(finding.object, ctx) if finding.object else FILE_CASE
        lined.setdefault(finding.file, []).append((finding.line, _finding_case(finding, where)))
    for doc in report.documents:
        if (doc.source, doc.ref) not in flagged:
            lined.setdefault(doc.source, []).append((doc.position(())[0], _case(doc.source, describe(doc.ref, ctx))))
    suites = {file: [case for _, case in sorted(cases, key=lambda item: item[0])] for file, cases in lined.items()}
    root = ET.Element("testsuites", name="ingresslint")
    for file, cases in suites.items():
        suite = ET.SubElement(root, "testsuite", name=xml_safe(file))
        suite.extend(cases)
        suite.attrib.update(tests=str(len(cases)), failures=str(_failures(cases)), errors="0", skipped="0")
    root.attrib.update(
        tests=str(sum(len(cases) for cases in suites.values())),
        failures=str(sum(_failures(cases) for cases in suites.values())),
        errors="0",
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(file: str, name: str) -> ET.Element:
    return ET.Element("testcase", classname=xml_safe(file), name=xml_safe(name))


def _finding_case(finding: Finding, where: str) -> ET.Element:
    case = _case(finding.file, f"{where}: {finding.rule} (line {finding.line})")
    if finding.severity >= Severity.WARNING:
        failure = ET.SubElement(case, "failure", type=finding.rule, message=xml_safe(finding.message))
        failure.text = _describe(finding)
    else:
        ET.SubElement(case, "system-out").text = _describe(finding)
    return case


def _failures(cases: list[ET.Element]) -> int:
    return sum(1 for case in cases if case.find("failure") is not None)


def _describe(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}:{finding.column}"
    return xml_safe(f"{where}: {finding.severity.label} [{finding.rule}] {finding.message}")
