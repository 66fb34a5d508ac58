"""JUnit XML for CI test tabs: a testsuite per file, a testcase per object, a failure per
error or warning finding (info findings make none). Characters XML 1.0 cannot hold (C0
controls from a value, a file name that is not UTF-8) are written escaped (``\\x01``)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import Finding, Severity
from ingresslint.reporters.escape import xml_safe

FILE_CASE = "(file)"  # the testcase of findings not tied to an object (YAML syntax errors)


def render(report: Report, ctx: Context) -> str:
    from ingresslint.reporters.text import describe

    cases: dict[str, dict[str, list[Finding]]] = {name: {} for name in report.sources}
    for doc in report.documents:
        cases.setdefault(doc.source, {}).setdefault(describe(doc.ref, ctx), [])
    for finding in report.findings:
        name = describe(finding.object, ctx) if finding.object else FILE_CASE
        cases.setdefault(finding.file, {}).setdefault(name, []).append(finding)
    root = ET.Element("testsuites", name="ingresslint")
    for file, objects in cases.items():
        suite = ET.SubElement(root, "testsuite", name=xml_safe(file))
        failures = 0
        for name, findings in objects.items():
            case = ET.SubElement(suite, "testcase", classname=xml_safe(file), name=xml_safe(name))
            for finding in findings:
                if finding.severity >= Severity.WARNING:
                    failures += 1
                    failure = ET.SubElement(case, "failure", type=finding.rule, message=xml_safe(finding.message))
                    failure.text = _describe(finding)
            infos = [_describe(f) for f in findings if f.severity < Severity.WARNING]
            if infos:
                ET.SubElement(case, "system-out").text = xml_safe("\n".join(infos))
        suite.attrib.update(tests=str(len(objects)), failures=str(failures), errors="0", skipped="0")
    root.attrib.update(
        tests=str(sum(len(s) for s in cases.values())),
        failures=str(sum(int(s.get("failures", "0")) for s in root)),
        errors="0",
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _describe(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}:{finding.column}"
    return xml_safe(f"{where}: {finding.severity.label} [{finding.rule}] {finding.message}")
