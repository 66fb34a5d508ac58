"""duplicate-host-path: two paths that match exactly the same requests."""

from __future__ import annotations

from ingresslint.context import Context
from ingresslint.engine import lint
from tests.conftest import rule_findings, source, where


def ingress(
    name: str,
    paths: list[tuple[str, str]],
    *,
    host: str = "Shop.example.com",
    klass: str | None = "web",
    annotations: str = "",
) -> str:
    items = "".join(
        f"      - path: {path}\n        pathType: {path_type}\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n"
        for path_type, path in paths
    )
    klass_line = f"  ingressClassName: {klass}\n" if klass else ""
    meta = f"  annotations:\n    {annotations}\n" if annotations else ""
    return f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n{meta}spec:\n{klass_line}  rules:\n  - host: {host}\n    http:\n      paths:\n{items}"


def test_duplicate_in_one_ingress_after_prefix_normalisation() -> None:
    text = ingress("web", [("Prefix", "/api"), ("Prefix", "/api/")])
    findings = rule_findings(text, "duplicate-host-path")
    assert where(findings) == [(18, 9, "spec.rules[0].http.paths[1].path")]
    assert "this Ingress (test.yaml:11)" in findings[0].message


def test_duplicate_across_ingresses_names_both_places() -> None:
    text = ingress("a", [("Prefix", "/")]) + "---\n" + ingress("b", [("Prefix", "/")], host="shop.EXAMPLE.com")
    findings = rule_findings(text, "duplicate-host-path")
    assert where(findings) == [(29, 9, "spec.rules[0].http.paths[0].path")]
    assert "Ingress a (test.yaml:11)" in findings[0].message


def test_across_files_when_both_name_the_class() -> None:
    report = lint(
        [source(ingress("a", [("Exact", "/x")]), "a.yaml"), source(ingress("b", [("Exact", "/x")]), "b.yaml")],
        Context(),
    )
    assert [(f.file, f.line) for f in report.findings if f.rule == "duplicate-host-path"] == [("b.yaml", 11)]
    unclassed = [
        source(ingress("a", [("Exact", "/x")], klass=None), "a.yaml"),
        source(ingress("b", [("Exact", "/x")], klass=None), "b.yaml"),
    ]
    assert [f for f in lint(unclassed, Context()).findings if f.rule == "duplicate-host-path"] == []


def test_not_duplicates() -> None:
    different = [
        ingress("a", [("Prefix", "/api"), ("Exact", "/api")]),  # Exact and Prefix differ
        ingress("a", [("Prefix", "/api"), ("Prefix", "/apis")]),
        ingress("a", [("Prefix", "/")]) + "---\n" + ingress("b", [("Prefix", "/")], host="www.example.com"),
        ingress("a", [("Prefix", "/")]) + "---\n" + ingress("b", [("Prefix", "/")], klass="other"),
    ]
    for text in different:
        assert rule_findings(text, "duplicate-host-path") == []


def test_canary_ingresses_are_exempt() -> None:
    canary = ingress("b", [("Prefix", "/")], annotations='nginx.ingress.kubernetes.io/canary: "true"')
    assert rule_findings(ingress("a", [("Prefix", "/")]) + "---\n" + canary, "duplicate-host-path") == []


def test_one_object_written_twice_is_not_a_conflict() -> None:
    text = ingress("a", [("Prefix", "/")]) + "---\n" + ingress("a", [("Prefix", "/")])
    assert rule_findings(text, "duplicate-host-path") == []


def test_aws_load_balancers_conflict_only_within_a_group() -> None:
    separate = ingress("a", [("Prefix", "/")], klass="alb") + "---\n" + ingress("b", [("Prefix", "/")], klass="alb")
    assert rule_findings(separate, "duplicate-host-path") == []
    group = "alb.ingress.kubernetes.io/group.name: shop"
    grouped = ingress("a", [("Prefix", "/")], klass="alb", annotations=group) + "---\n"
    grouped += ingress("b", [("Prefix", "/")], klass="alb", annotations=group)
    assert len(rule_findings(grouped, "duplicate-host-path")) == 1
