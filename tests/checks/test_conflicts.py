"""duplicate-host-path: two paths that match exactly the same requests."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from ingresslint.context import Context
from ingresslint.engine import lint
from ingresslint.model import Hit, Severity
from tests.conftest import FIXTURES, rule_findings, source, where

BY_CONTROLLER = FIXTURES / "controllers" / "duplicate-host-path"


def ingress(
    name: str,
    paths: list[tuple[str, str]],
    *,
    host: str = "Shop.example.com",
    klass: str | None = "nginx",
    annotations: str = "",
    service: str = "web",
) -> str:
    items = "".join(
        f"      - path: {path}\n        pathType: {path_type}\n        backend:\n          service:\n            name: {service}\n            port:\n              number: 80\n"
        for path_type, path in paths
    )
    klass_line = f"  ingressClassName: {klass}\n" if klass else ""
    notes = annotations.replace("\n", "\n    ")
    meta = f"  annotations:\n    {notes}\n" if annotations else ""
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


def _by_controller(name: str) -> list[tuple[int, str, str | None]]:
    report = lint([source((BY_CONTROLLER / name).read_bytes(), name)], Context())
    return [(f.line, f.severity.label, f.controller) for f in report.findings if f.rule == "duplicate-host-path"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("aws-alb-bad.yaml", [(31, "error", "aws-alb"), (53, "error", "aws-alb")]),
        ("aws-alb-good.yaml", []),
        ("gce-bad.yaml", [(15, "error", "gce"), (29, "error", "gce")]),
        ("gce-good.yaml", []),
        ("ingress-nginx-bad.yaml", [(31, "error", "ingress-nginx"), (50, "error", "ingress-nginx")]),
        ("ingress-nginx-good.yaml", []),
        ("nginx-inc-bad.yaml", [(38, "error", "nginx-inc"), (92, "error", "nginx-inc")]),
        ("nginx-inc-good.yaml", []),
        ("traefik-bad.yaml", [(19, "warning", "traefik")]),
        ("traefik-good.yaml", []),
    ],
)
def test_each_controller_merges_its_own_way(name: str, expected: list[tuple[int, str, str | None]]) -> None:
    assert _by_controller(name) == expected


def test_messages_name_the_controller_that_serves_the_ingress() -> None:
    alb = rule_findings((BY_CONTROLLER / "aws-alb-bad.yaml").read_text(), "duplicate-host-path")
    assert all("ingress-nginx" not in f.message for f in alb)
    assert "listener HTTP:80 of IngressGroup shop" in alb[0].message
    assert "whose conditions match every request" in alb[0].message
    gce = rule_findings((BY_CONTROLLER / "gce-bad.yaml").read_text(), "duplicate-host-path")
    assert "GKE's URL map keeps the later" in gce[0].message
    assert "keeps only the last rule of a host" in gce[1].message
    nginx = rule_findings((BY_CONTROLLER / "ingress-nginx-bad.yaml").read_text(), "duplicate-host-path")
    assert 'host "shop.example.com" and path "/" is already defined in ingress shop/shop' in nginx[1].message
    inc = rule_findings((BY_CONTROLLER / "nginx-inc-bad.yaml").read_text(), "duplicate-host-path")
    assert "serves a host from one Ingress only" in inc[0].message
    assert "oldest minion" in inc[1].message
    traefik = rule_findings((BY_CONTROLLER / "traefik-bad.yaml").read_text(), "duplicate-host-path")
    assert "has not verified how Traefik (class traefik) merges" in traefik[0].message


def test_ingress_nginx_treats_implementation_specific_as_prefix() -> None:
    text = ingress("a", [("Prefix", "/api"), ("ImplementationSpecific", "/api/")])
    assert where(rule_findings(text, "duplicate-host-path")) == [(18, 9, "spec.rules[0].http.paths[1].path")]
    other = ingress("a", [("Prefix", "/api"), ("ImplementationSpecific", "/api/")], klass="traefik")
    assert rule_findings(other, "duplicate-host-path") == []  # not read for Traefik: today's key


def test_ingress_nginx_the_oldest_ingress_wins() -> None:
    old = ingress("old", [("Prefix", "/")]).replace(
        "  name: old\n", "  name: old\n  creationTimestamp: 2020-01-01T00:00:00Z\n"
    )
    text = ingress("new", [("Prefix", "/")]) + "---\n" + old
    findings = rule_findings(text, "duplicate-host-path")
    assert [f.object.name for f in findings if f.object] == ["new"]
    assert "ingress old" in findings[0].message


def test_an_unknown_controller_is_a_warning() -> None:
    text = ingress("a", [("Prefix", "/"), ("Prefix", "/")], klass="web")
    findings = rule_findings(text, "duplicate-host-path")
    assert [(f.severity, f.controller) for f in findings] == [(Severity.WARNING, "unknown")]
    assert "unverified" in findings[0].message


ACTION = 'alb.ingress.kubernetes.io/actions.{0}: \'{{"type":"fixed-response","fixedResponseConfig":{{"statusCode":"200"}}}}\''
HEADER = (
    "alb.ingress.kubernetes.io/conditions.{0}: "
    '\'[{{"field":"http-header","httpHeaderConfig":{{"httpHeaderName":"X-Canary","values":["{1}"]}}}}]\''
)


def test_alb_listeners_follow_listen_ports_and_certificates() -> None:
    group = "alb.ingress.kubernetes.io/group.name: shop"
    https = group + "\nalb.ingress.kubernetes.io/listen-ports: '[{\"HTTPS\": 443}]'"
    cert = group + "\nalb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:1:certificate/x"
    both = group + '\nalb.ingress.kubernetes.io/listen-ports: \'[{"HTTP": 80}, {"HTTPS": 443}]\''
    plain = ingress("a", [("Prefix", "/")], klass="alb", annotations=group)
    assert (
        rule_findings(
            plain + "---\n" + ingress("b", [("Prefix", "/")], klass="alb", annotations=https), "duplicate-host-path"
        )
        == []
    )
    on_443 = ingress("a", [("Prefix", "/")], klass="alb", annotations=https) + "---\n"
    assert (
        len(
            rule_findings(
                on_443 + ingress("b", [("Prefix", "/")], klass="alb", annotations=cert), "duplicate-host-path"
            )
        )
        == 1
    )
    assert (
        len(
            rule_findings(
                plain + "---\n" + ingress("b", [("Prefix", "/")], klass="alb", annotations=both), "duplicate-host-path"
            )
        )
        == 1
    )
    redirect = both + "\nalb.ingress.kubernetes.io/ssl-redirect: '443'"
    redirected = plain + "---\n" + ingress("b", [("Prefix", "/")], klass="alb", annotations=redirect)
    assert rule_findings(redirected, "duplicate-host-path") == []  # HTTP:80 only redirects


def test_alb_group_order_decides_which_rule_is_shadowed() -> None:
    group = "alb.ingress.kubernetes.io/group.name: shop"
    first = ingress(
        "z", [("Prefix", "/")], klass="alb", annotations=group + '\nalb.ingress.kubernetes.io/group.order: "-5"'
    )
    findings = rule_findings(
        ingress("a", [("Prefix", "/")], klass="alb", annotations=group) + "---\n" + first, "duplicate-host-path"
    )
    assert [f.object.name for f in findings if f.object] == ["a"]  # z (order -5) comes first
    unordered = ingress("z", [("Prefix", "/")], klass="alb", annotations=group) + "---\n"
    findings = rule_findings(
        unordered + ingress("a", [("Prefix", "/")], klass="alb", annotations=group), "duplicate-host-path"
    )
    assert [f.object.name for f in findings if f.object] == ["z"]  # same order: namespace/name


def test_alb_conditions_tell_rules_apart() -> None:
    def two(first: str, second: str, notes: str) -> str:
        body = ingress("a", [("Prefix", "/")], klass="alb", annotations=notes, service=first)
        extra = ingress("a", [("Prefix", "/")], service=second).split("      paths:\n")[1]
        return body + extra

    notes = "\n".join(
        [ACTION.format("green"), ACTION.format("blue"), HEADER.format("green", "true"), HEADER.format("blue", "false")]
    )
    assert rule_findings(two("green", "blue", notes), "duplicate-host-path") == []
    only_green = "\n".join([ACTION.format("green"), ACTION.format("blue"), HEADER.format("green", "true")])
    assert rule_findings(two("green", "blue", only_green), "duplicate-host-path") == []  # conditioned rule first
    assert len(rule_findings(two("blue", "green", only_green), "duplicate-host-path")) == 1  # catch-all first
    wider = 'alb.ingress.kubernetes.io/conditions.green: \'[{"field":"host-header","hostHeaderConfig":{"values":["a.example.com"]}}]\''
    assert rule_findings(two("blue", "green", wider), "duplicate-host-path") == []  # green also answers another host


GCE = "kubernetes.io/ingress.class: gce"  # GKE reads the class from the annotation only


def test_gce_ingresses_never_conflict_with_each_other() -> None:
    one, two = (ingress(name, [("Prefix", "/")], klass=None, annotations=GCE) for name in "ab")
    assert rule_findings(one + "---\n" + two, "duplicate-host-path") == []


def test_gce_skips_an_ingress_that_names_its_class_in_the_spec() -> None:
    text = ingress("a", [("Prefix", "/"), ("Prefix", "/")], klass="gce")
    assert rule_findings(text, "duplicate-host-path") == []  # nothing serves it: ingress-class-name-unread
    assert (
        len(
            rule_findings(
                ingress("a", [("Prefix", "/"), ("Prefix", "/")], klass=None, annotations=GCE), "duplicate-host-path"
            )
        )
        == 1
    )


def test_json_output_names_the_controller(tmp_path: Path) -> None:
    target = tmp_path / "alb.yaml"
    target.write_bytes((BY_CONTROLLER / "aws-alb-bad.yaml").read_bytes())
    result = CliRunner().invoke(main, ["lint", "--format", "json", "--select", "duplicate-host-path", str(target)])
    findings = json.loads(result.output)["findings"]
    assert [f["controller"] for f in findings] == ["aws-alb", "aws-alb"]


PARAMS = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: alb-shared
spec:
  controller: ingress.k8s.aws/alb
  parameters:
    apiGroup: elbv2.k8s.aws
    kind: IngressClassParams
    name: shared
---
apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata:
  name: shared
spec:
  group:
    name: shared
---
"""


def test_alb_ingress_class_params_group_wins_over_the_annotation() -> None:
    one = ingress("a", [("Prefix", "/")], klass="alb-shared", annotations="alb.ingress.kubernetes.io/group.name: one")
    two = ingress("b", [("Prefix", "/")], klass="alb-shared", annotations="alb.ingress.kubernetes.io/group.name: two")
    findings = rule_findings(PARAMS + one + "---\n" + two, "duplicate-host-path")
    assert len(findings) == 1
    assert "IngressGroup shared" in findings[0].message
    plain = PARAMS.replace("  group:\n    name: shared\n", "  scheme: internal\n")
    assert rule_findings(plain + one + "---\n" + two, "duplicate-host-path") == []  # the annotations differ


def test_gce_a_rule_without_http_replaces_nothing() -> None:
    gce = ingress("a", [("Prefix", "/")], klass=None, annotations=GCE)
    assert rule_findings(gce + "  - host: Shop.example.com\n", "duplicate-host-path") == []
    twice = gce + ingress("a", [("Prefix", "/v2")]).split("  rules:\n")[1]
    assert where(rule_findings(twice, "duplicate-host-path")) == [(9, 5, "spec.rules[0].host")]


def test_nginx_inc_paths_inside_one_ingress_are_unverified() -> None:
    notes = "nginx.org/proxy-connect-timeout: 30s"
    text = ingress("a", [("Prefix", "/"), ("Prefix", "/")], annotations=notes)
    findings = rule_findings(text, "duplicate-host-path")
    assert [(f.severity, f.controller) for f in findings] == [(Severity.WARNING, "nginx-inc")]
    older = ingress("a", [("Prefix", "/")], annotations=notes).replace(
        "  name: a\n", "  name: a\n  creationTimestamp: 2020-01-01T00:00:00Z\n"
    )
    taken = rule_findings(ingress("b", [("Prefix", "/b")], annotations=notes) + "---\n" + older, "duplicate-host-path")
    assert [(f.object.name if f.object else None, f.field) for f in taken] == [("b", "spec.rules[0].host")]


def test_only_the_claims_of_repeated_keys_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingresslint.checks import conflicts

    grouped: list[list[str]] = []
    real_clashes = conflicts._clashes

    def recording(claims: Iterable[conflicts.Claim]) -> Iterator[Hit]:
        kept = list(claims)
        grouped.append([claim.shown[1] for claim in kept])
        return real_clashes(kept)

    monkeypatch.setattr(conflicts, "_clashes", recording)
    unique = ingress("a", [("Prefix", f"/p{n}") for n in range(20)])
    assert rule_findings(unique, "duplicate-host-path") == []
    assert grouped == []  # no key came twice: no claim was kept
    text = unique + "---\n" + ingress("b", [("Prefix", "/p7/"), ("Exact", "/q")])
    assert where(rule_findings(text, "duplicate-host-path")) == [(162, 9, "spec.rules[0].http.paths[0].path")]
    assert grouped == [["/p7", "/p7/"]]


def test_keys_of_equal_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingresslint.checks import conflicts

    text = ingress("a", [("Prefix", "/api"), ("Exact", "/x")]) + "---\n" + ingress("b", [("Prefix", "/api/")])
    expected = rule_findings(text, "duplicate-host-path")
    assert len(expected) == 1
    monkeypatch.setattr(conflicts, "hash", lambda key: 0, raising=False)  # every key collides
    assert rule_findings(text, "duplicate-host-path") == expected
