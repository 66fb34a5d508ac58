"""path-regex-in-prefix judged by the controller serving the Ingress (ingresslint/checks/paths.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from ingresslint.model import Severity
from tests.conftest import FIXTURES, rule_findings, where

RULE = "path-regex-in-prefix"
CASES = FIXTURES / "controllers" / "paths"


def ingress(
    paths: list[tuple[str, str]], cls: str = "nginx", notes: str = "", host: str = "shop.example.com", name: str = "web"
) -> str:
    items = "".join(
        f"      - path: {path!r}\n        pathType: {path_type}\n"
        "        backend:\n          service: {name: web, port: {number: 80}}\n"
        for path, path_type in paths
    )
    meta = f"  annotations:\n{notes}" if notes else ""
    return (
        f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n{meta}spec:\n"
        f"  ingressClassName: {cls}\n  rules:\n  - host: {host}\n    http:\n      paths:\n{items}"
    )


USE_REGEX = '    nginx.ingress.kubernetes.io/use-regex: "true"\n'


def test_ingress_nginx_refuses_regex_in_prefix_as_an_error() -> None:
    (found,) = rule_findings(ingress([("/api(/|$)(.*)", "Prefix")]), RULE)
    assert found.severity == Severity.ERROR and found.controller == "ingress-nginx"
    assert where([found]) == [(11, 9, "spec.rules[0].http.paths[0].path")]
    assert "admission webhook refuses" in found.message and "v1.12" in found.message
    assert '"path /api(/|$)(.*) cannot be used with pathType Prefix"' in found.message
    assert 'also set nginx.ingress.kubernetes.io/use-regex: "true"' in found.message


def test_ingress_nginx_never_advises_use_regex_to_an_ingress_that_sets_it() -> None:
    (found,) = rule_findings(ingress([("/api/.*", "Exact")], notes=USE_REGEX), RULE)
    assert "also set" not in found.message
    assert 'this Ingress sets nginx.ingress.kubernetes.io/use-regex: "true"' in found.message
    assert "pathType ImplementationSpecific" in found.message


def test_ingress_nginx_regex_mode_comes_from_another_ingress_of_the_host() -> None:
    other = ingress([("/", "Prefix")], notes="    nginx.ingress.kubernetes.io/rewrite-target: /$1\n", name="other")
    (found,) = rule_findings(ingress([("/api/(.*)", "Prefix")]) + "---\n" + other, RULE)
    assert (
        "Ingress default/other of host shop.example.com sets nginx.ingress.kubernetes.io/rewrite-target"
        in found.message
    )
    assert "also set" not in found.message
    # another host's switch does not count
    (found,) = rule_findings(ingress([("/api/(.*)", "Prefix")]) + "---\n" + other.replace("shop.", "blog."), RULE)
    assert "also set" in found.message


@pytest.mark.parametrize("path", ["/~user", "/api:v1", "/a%20b", "/@me", "/caf\u00e9"])
def test_ingress_nginx_refuses_every_character_outside_its_set(path: str) -> None:
    (found,) = rule_findings(ingress([(path, "Prefix")]), RULE)
    assert found.severity == Severity.ERROR and "also set" not in found.message  # not a regex
    assert rule_findings(ingress([(path, "Prefix")], cls="traefik"), RULE) == []  # literal elsewhere, fine


def test_ingress_nginx_accepts_its_set_and_implementation_specific() -> None:
    assert rule_findings(ingress([("/api/v1.2_x-Y/", "Prefix"), ("/", "Exact")]), RULE) == []
    assert rule_findings(ingress([("/api(/|$)(.*)", "ImplementationSpecific")], notes=USE_REGEX), RULE) == []


def test_other_controllers_match_literally_as_a_warning() -> None:
    (found,) = rule_findings(ingress([("/api(/|$)(.*)", "Prefix")], cls="traefik"), RULE)
    assert found.severity == Severity.WARNING and found.controller == "traefik"
    assert "that Traefik matches literally" in found.message
    assert "webhook" not in found.message and "use-regex" not in found.message


def test_unknown_controller_says_so() -> None:
    (found,) = rule_findings(ingress([("/api/.*", "Prefix")], cls="web"), RULE)
    assert found.severity == Severity.WARNING and found.controller == "unknown"
    assert "most controllers" in found.message and "ingress-nginx from v1.12" in found.message


def test_path_templates_are_reported_as_templates() -> None:
    (found,) = rule_findings(ingress([("/users/{id}", "Prefix")], cls="kong"), RULE)
    assert "path templates" in found.message and "regex syntax" not in found.message
    assert "Kong's regex prefix /~" in found.message and found.severity == Severity.WARNING
    (nginx,) = rule_findings(ingress([("/users/{id}", "Prefix")]), RULE)
    assert "{name} is a path template" in nginx.message and "also set" not in nginx.message


def test_one_finding_per_ingress_with_the_others_as_related_locations() -> None:
    paths = [(f"/v{n}/(.*)", "Prefix") for n in range(9)]
    (found,) = rule_findings(ingress(paths, cls="traefik"), RULE)
    assert found.message.startswith("9 Prefix paths ('/v0/(.*)', '/v1/(.*)', '/v2/(.*)' and 6 more)")
    assert found.line == 11 and [item.line for item in found.related] == [11 + 4 * n for n in range(1, 9)]
    assert found.related[0].message == "also Prefix path '/v1/(.*)'"


def test_json_names_the_controller() -> None:
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(CASES / "kong-path-template.yaml")])
    (found,) = [item for item in json.loads(result.stdout)["findings"] if item["rule"] == RULE]
    assert found["controller"] == "kong" and found["severity"] == "warning"


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda path: path.name)
def test_controller_fixtures(case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    expected = text.splitlines()[0].removeprefix("# expect: ")
    found = rule_findings(text, RULE)
    assert [item.severity.label for item in found] == ([] if expected == "none" else [expected])


def test_aws_load_balancer_controller_refuses_wildcards_in_prefix_and_exact() -> None:
    for path_type in ("Prefix", "Exact"):
        (found,) = rule_findings(ingress([("/api/*", path_type)], cls="alb"), RULE)
        assert found.severity == Severity.ERROR and found.controller == "aws-alb"
        assert f'"{path_type.lower()} path shouldn\'t contain wildcards: /api/*"' in found.message
    (found,) = rule_findings(ingress([("/api/(v1|v2)", "Prefix")], cls="alb"), RULE)  # no wildcard: literal
    assert found.severity == Severity.WARNING and "alb.ingress.kubernetes.io/use-regex-path-match" in found.message
    assert rule_findings(ingress([("/api/*", "ImplementationSpecific")], cls="alb"), RULE) == []
