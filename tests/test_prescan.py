"""The pre-scan (prescan.py) and the loader's use of it: composing only the documents some
rule reads changes nothing — findings, lines, counts and documents are those of composing
every document, on every fixture and on generated streams with tricky content."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingresslint import loader
from ingresslint.context import Context
from ingresslint.engine import lint
from ingresslint.model import LoadResult
from ingresslint.prescan import Segment, split_documents
from ingresslint.registry import RULES
from ingresslint.schema_stage import SCHEMA_KINDS
from ingresslint.sources import Source
from tests.conftest import FIXTURES, REPO, SHARED


def _source(content: bytes, name: str = "stream.yaml") -> Source:
    return Source(name, content, len(content))


def _outcome(content: bytes, monkeypatch: pytest.MonkeyPatch, prescan: bool) -> tuple[Any, ...]:
    """Everything a run makes of ``content``: findings (every field), counts, documents."""
    with monkeypatch.context() as patch:
        if not prescan:
            patch.setattr(loader, "_load_scanned", lambda *_: False)
        else:
            patch.setattr(loader, "PRESCAN_MIN_CHARACTERS", 0)  # small test streams are scanned too
        loaded = loader.load_sources(iter([_source(content)]), LoadResult())
        report = lint([_source(content)], Context())
    documents = [(doc.index, doc.root, doc.data, dict(doc.positions)) for doc in loaded.documents]
    findings = [(finding, finding.related) for finding in report.findings]
    return findings, report.objects, report.skipped, report.files, documents, loaded.findings


def _same_with_and_without(content: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _outcome(content, monkeypatch, True) == _outcome(content, monkeypatch, False)


def _fixture_files() -> list[Path]:
    roots = [FIXTURES, REPO / "examples", SHARED / "realworld", SHARED / "seeds"]
    return sorted(
        path
        for root in roots
        if root.is_dir()
        for path in root.rglob("*")
        if path.suffix in (".yaml", ".yml", ".json") and path.is_file()
    )


@pytest.mark.parametrize("path", _fixture_files(), ids=lambda path: str(path.relative_to(REPO.parent)))
def test_fixture_same_with_and_without_prescan(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_with_and_without(path.read_bytes(), monkeypatch)


def test_the_fixtures_exercise_skipping() -> None:
    """The equality above means something: many fixture documents are skipped unparsed."""
    skippable = 0
    for path in _fixture_files():
        segments = split_documents(loader.decode_text(path.read_bytes())) or []
        skippable += sum(loader._skippable(segment) for segment in segments)
    assert skippable >= 50


# Documents for generated streams: each a list of lines (no line break), some valid, some not.
DOCUMENTS = {
    "ingress": [
        "apiVersion: networking.k8s.io/v1",
        "kind: Ingress",
        "metadata:",
        "  name: web",
        "  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}",
        "spec:",
        "  rules:",
        "  - host: Example.com",
        "    http:",
        "      paths:",
        "      - path: /",
        "        backend: {service: {name: web, port: {number: 80}}}",
    ],
    "service": ["apiVersion: v1", "kind: Service", "metadata: {name: web}", "spec:", "  ports: [{port: 80}]"],
    "deployment": [
        "apiVersion: apps/v1",
        "kind: Deployment  # it's a comment",
        "metadata:",
        "  name: app",
        '  labels: {app: "x"}',
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "      - name: app",
        '        args: ["--a", "--b=it\'s"]',
    ],
    "configmap-with-kind-lines": [
        "apiVersion: v1",
        "kind: ConfigMap",
        "data:",
        "  manifest.yaml: |",
        "    kind: Ingress",
        "    apiVersion: networking.k8s.io/v1",
        "    ---",
        '    text: "unclosed',
        "  other: >-",
        "    kind: Service",
    ],
    "block-scalar-ends-at-column-0": ["apiVersion: v1", "kind: ConfigMap", "data: |", "  a", "kind: Ingress"],
    "quoted-kind": ["apiVersion: networking.k8s.io/v1", 'kind: "Ingress"', "metadata: {name: q}"],
    "single-quoted-kind": ["apiVersion: v1", "kind: 'Deployment'", "metadata: {name: q}"],
    "duplicated-kind": ["apiVersion: v1", "kind: Deployment", "metadata: {name: d}", "kind: Ingress"],
    "duplicated-key": ["apiVersion: v1", "kind: Deployment", "metadata: {name: d}", "metadata: {name: e}"],
    "kind-continued": ["apiVersion: v1", "kind: Deploy", "  ment", "metadata: {name: c}"],
    "kind-on-next-line": ["apiVersion: v1", "kind:", "  Ingress", "metadata: {name: c}"],
    "empty-kind": ["apiVersion: v1", "kind:", "metadata: {name: c}"],
    "quoted-spans-lines": ["apiVersion: v1", "kind: Deployment", 'note: "a', 'kind: Ingress"', "metadata: {name: s}"],
    "nested-quote-spans": ["apiVersion: v1", "kind: Deployment", "spec:", "  x: 'a", "apiVersion: x'", "  y: 1"],
    "flow-spans-lines": ["apiVersion: v1", "kind: Deployment", "x: [a,", "kind: Ingress]"],
    "flow-root": ["{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: f}, spec: {}}"],
    "json-root": ['{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "j"}}'],
    "anchors": ["apiVersion: v1", "kind: Deployment", "metadata: &m {name: a}", "spec: {template: {metadata: *m}}"],
    "undefined-alias": ["apiVersion: v1", "kind: Deployment", "spec: *nowhere"],
    "duplicate-anchor": ["apiVersion: v1", "kind: Deployment", "a: &x 1", "b: &x 2"],
    "merge-key-kind": ["apiVersion: v1", "<<: {kind: Ingress}", "metadata: {name: m}"],
    "tagged-kind": ["apiVersion: v1", "kind: !!str Deployment"],
    "tagged-root": ["--- !!map", "apiVersion: v1", "kind: Deployment"],
    "tag-mismatch": ["--- !!seq", "apiVersion: v1", "kind: Deployment"],
    "literal-root": ["--- |", "  kind: Ingress", "  apiVersion: v1"],
    "scalar-root": ["just text"],
    "list-root": ["- apiVersion: v1", "  kind: Service", "  metadata: {name: l}"],
    "list-kind": [
        "apiVersion: v1",
        "kind: List",
        "items:",
        "- apiVersion: v1",
        "  kind: Secret",
        "  metadata: {name: s}",
        "  type: kubernetes.io/tls",
    ],
    "typed-list-kind": ["apiVersion: v1", "kind: DeploymentList", "items: []"],
    "column-0-items": ["apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRole", "rules:", '- verbs: ["*"]'],
    "no-api-version": ["kind: Deployment", "metadata: {name: n}"],
    "api-version-list": ["apiVersion: [v1]", "kind: Deployment"],
    "api-version-empty": ["apiVersion:", "kind: Deployment"],
    "no-kind": ["apiVersion: v1", "metadata: {name: n}"],
    "indented-root": ["  apiVersion: v1", "  kind: Deployment"],
    "comments-only": ["# nothing here", "  # nor here"],
    "empty": [],
    "syntax-error": ["apiVersion: v1", "kind: Deployment", "a: b: c"],
    "unclosed-flow": ["apiVersion: v1", "kind: Deployment", "a: [x"],
    "tab-indent": ["apiVersion: v1", "kind: Deployment", "spec:", "\tx: 1"],
    "tab-before-kind": ["apiVersion: v1", "kind:\tDeployment"],
    "plain-with-quotes": ["apiVersion: v1", "kind: Deployment", "a: it's \"fine", "b: x'y", "c: {d: e'f}"],
    "secret": ["apiVersion: v1", "kind: Secret", "metadata: {name: tls}", "type: kubernetes.io/tls", "data: {}"],
    "helm-template": ["apiVersion: v1", "kind: Deployment", "metadata: {name: {{ .Release.Name }}}"],
    "unicode-kind": ["apiVersion: v1", "kind: Dépl", "metadata: {name: u}"],
    "legacy-ingress": ["apiVersion: extensions/v1beta1", "kind: Ingress", "metadata: {name: old}", "spec: {}"],
}
SEPARATORS = ["---", "--- ", "---\t", "--- # next", "---  #c"]
NAMES = sorted(DOCUMENTS)


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["# a comment", "", "# top 'quote"])))
    for number in range(draw(st.integers(1, 8))):
        if number or draw(st.booleans()):
            parts.append(draw(st.sampled_from(SEPARATORS)))
        lines = list(DOCUMENTS[draw(st.sampled_from(NAMES))])
        if lines and draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "# c", "  # c'", "   "])))
        parts.extend(lines)
    text = "\n".join(parts) + draw(st.sampled_from(["\n", "", "\n\n"]))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoded = text.encode()
    if draw(st.integers(0, 5)) == 0:
        encoded = codecs.BOM_UTF8 + encoded
    return encoded


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=streams())
def test_generated_streams_same_with_and_without_prescan(content: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_with_and_without(content, monkeypatch)


@pytest.mark.parametrize(
    "extra",
    [
        "%YAML 1.1\n---\n",  # a directive: not split
        "...\n",  # a document end marker: not split
        "x: a\rb\n",  # a lone CR: not split
        "\ufeffz: 1\n",  # a BOM inside: not split
    ],
)
def test_unsplittable_streams_are_composed_whole(extra: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(DOCUMENTS["deployment"]) + "\n---\n" + extra + "\n".join(DOCUMENTS["ingress"]) + "\n"
    if extra.startswith("%"):
        text = extra + text
    assert split_documents(text) is None
    _same_with_and_without(text.encode(), monkeypatch)


def test_segments_boundaries_lines_and_kinds() -> None:
    text = "# head\n---\napiVersion: v1\nkind: Deployment\n---  # two\nkind: ConfigMap\ndata: |\n  kind: Ingress\n"
    segments = split_documents(text)
    assert segments == [
        Segment(1, 0, 7, None),
        Segment(2, 7, 43, "Deployment", True, True),
        Segment(5, 43, len(text), "ConfigMap", True, False),
    ]
    assert text[segments[1].start :].startswith("---\napiVersion")


@pytest.mark.parametrize(
    "document",
    [
        "quoted-kind",
        "duplicated-kind",
        "kind-continued",
        "quoted-spans-lines",
        "nested-quote-spans",
        "flow-spans-lines",
        "flow-root",
        "anchors",
        "merge-key-kind",
        "tagged-root",
        "literal-root",
        "list-root",
        "indented-root",
        "configmap-with-kind-lines",  # a block scalar line opens a quote: taken as uncertain
    ],
)
def test_uncertain_documents_are_not_known(document: str) -> None:
    text = "\n".join(DOCUMENTS[document]) + "\n"
    text = text if text.startswith("---") else "---\n" + text
    assert split_documents(text) == [Segment(1, 0, len(text), None)]


def test_block_scalar_lines_are_not_keys() -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  a.yaml: |\n    kind: Ingress\n    ---\n  b: >-\n    apiVersion: v2\n"
    )
    (segment,) = split_documents(text) or []
    assert (segment.kind, segment.known, segment.api_version) == ("ConfigMap", True, True)


def test_skipped_documents_count_as_before() -> None:
    """Objects and non-Kubernetes documents counted from the scan, as when composed."""
    text = "\n---\n".join("\n".join(DOCUMENTS[name]) for name in ("deployment", "no-api-version", "no-kind", "ingress"))
    report = lint([_source(text.encode())], Context())
    assert (report.objects, report.skipped) == (2, 2)


def test_every_kind_a_rule_reads_is_composed() -> None:
    """KINDS_KEPT (the kinds composed and kept) covers what the registry's rules read: the
    kinds of document checks, the schema stage, and every kind the code asks a manifest
    set or a document for."""
    read = {kind for rule in RULES.values() if rule.check is not None for kind in rule.kinds} | set(SCHEMA_KINDS)
    pattern = re.compile(r"""of_kind\("(\w+)"\)|\.kind == "(\w+)"|\.kind in \(([^)]*)\)""")
    for path in (REPO / "ingresslint").rglob("*.py"):
        for match in pattern.finditer(path.read_text()):
            read |= {kind for kind in match.groups()[:2] if kind}
            read |= set(re.findall(r'"(\w+)"', match.group(3) or ""))
    assert read <= loader.KINDS_KEPT, read - loader.KINDS_KEPT
