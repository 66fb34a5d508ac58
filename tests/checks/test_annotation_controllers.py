"""Annotations judged by the serving controller (issue 11 items 2, 3 and 5):
annotation-other-controller, reserved kubernetes.io/ and k8s.io/ keys, prefix typos, NGINX
Inc.'s keys under the ingress-nginx prefix."""

from __future__ import annotations

import json

import pytest

from ingresslint.catalog import catalog, key_prefix, owners
from ingresslint.checks.annotation_controllers import MIN_TYPO_PREFIX, one_edit_apart
from ingresslint.context import Context
from ingresslint.controllers import controller_facts
from ingresslint.model import Finding
from ingresslint.reporters import json as json_reporter
from tests.conftest import FIXTURES, lint_text

CONTROLLER_FIXTURES = FIXTURES / "controllers" / "annotations"
ANNOTATION_RULES = {
    "annotation-other-controller",
    "unknown-annotation",
    "deprecated-annotation",
    "removed-annotation",
    "risky-annotation",
    "annotation-value-invalid",
    "ingress-nginx-retired",
}
INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    {key}: {value}
spec:
{klass}  defaultBackend:
    service:
      name: web
      port:
        number: 80
"""


def ingress(key: str, value: str = '"x"', klass: str | None = "web") -> str:
    line = f"  ingressClassName: {klass}\n" if klass else ""
    return INGRESS.format(key=key, value=value, klass=line)


def annotation_findings(text: str, ctx: Context | None = None) -> list[Finding]:
    return [f for f in lint_text(text, ctx).findings if f.rule in ANNOTATION_RULES]


def rules_at(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in findings]


# Per-controller fixtures written from each controller's documentation (cited in the files).
@pytest.mark.parametrize(
    ("name", "expected", "fragments"),
    [
        (
            "gce-bad.yaml",
            [
                (11, "annotation-other-controller"),
                (12, "annotation-other-controller"),
                (13, "annotation-other-controller"),
            ],
            ["ignored by GKE Ingress (ingress-gce)", "annotation of ingress-nginx"],
        ),
        (
            "aws-alb-bad.yaml",
            [(10, "annotation-other-controller"), (11, "annotation-other-controller")],
            ["ignored by AWS Load Balancer Controller", "annotation of GKE Ingress"],
        ),
        (
            "ingress-nginx-bad.yaml",
            [
                (12, "ingress-nginx-retired"),
                (19, "annotation-other-controller"),
                (20, "annotation-other-controller"),
                (21, "unknown-annotation"),
            ],
            ["nothing is needed", "use nginx.ingress.kubernetes.io/proxy-body-size", "nginx.org/proxy-pass-headers"],
        ),
        (
            "nginx-inc-bad.yaml",
            [(16, "annotation-other-controller"), (17, "annotation-other-controller")],
            ["NGINX Inc.'s annotation for it is nginx.org/rewrite-target", "is nginx.org/websocket-services"],
        ),
        (
            "traefik-bad.yaml",
            [(9, "annotation-other-controller"), (10, "unknown-annotation")],
            ["ignored by Traefik", "did you mean traefik.ingress.kubernetes.io/router.entrypoints?"],
        ),
        (
            "kong-bad.yaml",
            [(10, "unknown-annotation"), (11, "annotation-other-controller")],
            ["did you mean konghq.com/strip-path?", "ignored by Kong Ingress Controller"],
        ),
    ],
)
def test_controller_fixture_bad(name: str, expected: list[tuple[int, str]], fragments: list[str]) -> None:
    found = annotation_findings((CONTROLLER_FIXTURES / name).read_text(encoding="utf-8"))
    assert rules_at(found) == expected
    messages = " | ".join(f.message for f in found)
    for fragment in fragments:
        assert fragment in messages


@pytest.mark.parametrize(
    "name", ["gce-good.yaml", "aws-alb-good.yaml", "nginx-inc-good.yaml", "traefik-good.yaml", "kong-good.yaml"]
)
def test_controller_fixture_good(name: str) -> None:
    assert annotation_findings((CONTROLLER_FIXTURES / name).read_text(encoding="utf-8")) == []


def test_ingress_nginx_good_fixture_only_retired() -> None:
    found = annotation_findings((CONTROLLER_FIXTURES / "ingress-nginx-good.yaml").read_text(encoding="utf-8"))
    assert [f.rule for f in found] == ["ingress-nginx-retired"]


def test_gke_with_nginx_annotations_no_nginx_findings() -> None:
    """The issue's example: class gce with nginx annotations is ignored by GKE, not retired,
    not risky, not a typo of another nginx key."""
    text = (CONTROLLER_FIXTURES / "gce-bad.yaml").read_text(encoding="utf-8")
    rules = {f.rule for f in lint_text(text).findings}
    assert "annotation-other-controller" in rules
    assert not rules & {"ingress-nginx-retired", "risky-annotation", "unknown-annotation"}


def test_other_controller_replaces_the_other_controllers_findings() -> None:
    # removed for ingress-nginx (secure-backends), removed for Traefik v1 (rule-type), on a GKE Ingress
    text = ingress("nginx.ingress.kubernetes.io/secure-backends", '"true"', klass=None).replace(
        "  annotations:\n",
        "  annotations:\n    kubernetes.io/ingress.class: gce\n    traefik.ingress.kubernetes.io/rule-type: PathPrefix\n",
    )
    assert {f.rule for f in annotation_findings(text)} == {"annotation-other-controller"}


def test_unknown_controller_keeps_prefix_rules() -> None:
    found = annotation_findings(ingress("nginx.ingress.kubernetes.io/rewite-target", "/", klass="custom"))
    found = [f for f in found if f.rule != "ingress-nginx-retired"]  # an unplaced class with nginx keys counts
    assert rules_at(found) == [(6, "unknown-annotation")]
    assert "did you mean nginx.ingress.kubernetes.io/rewrite-target?" in found[0].message
    assert found[0].controller is None


def test_same_controller_keys_are_not_other() -> None:
    assert annotation_findings(ingress("alb.ingress.kubernetes.io/scheme", "internal", klass="alb")) == []


def test_shared_keys_belong_to_nobody() -> None:
    """cert-manager, Kubernetes and the shared ingress.kubernetes.io/ prefix are read by any controller."""
    for key in ("cert-manager.io/cluster-issuer", "kubernetes.io/tls-acme", "ingress.kubernetes.io/force-ssl-redirect"):
        assert annotation_findings(ingress(key, '"true"', klass="alb")) == [], key


def test_findings_name_the_controller_in_json() -> None:
    report = lint_text((CONTROLLER_FIXTURES / "gce-bad.yaml").read_text(encoding="utf-8"))
    items = json.loads(json_reporter.render(report, Context()))["findings"]
    assert {item["controller"] for item in items if item["rule"] == "annotation-other-controller"} == {"gce"}


def test_ingress_class_object_judged_by_its_controller() -> None:
    text = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: alb
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
spec:
  controller: ingress.k8s.aws/alb
"""
    assert rules_at(annotation_findings(text)) == [(6, "annotation-other-controller")]


def test_class_defined_twice_with_different_controllers_decides_nothing() -> None:
    classes = "".join(
        f"apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx{i}\nspec:\n  controller: {c}\n---\n"
        for i, c in (("", "k8s.io/ingress-nginx"), ("", "nginx.org/ingress-controller"))
    )
    text = classes + ingress("nginx.org/websocket-services", "ws", klass="nginx")
    assert "annotation-other-controller" not in {f.rule for f in annotation_findings(text)}


# Item 3: reserved prefixes and prefix typos.
@pytest.mark.parametrize(
    ("key", "klass", "hint"),
    [
        ("kubernetes.io/spec.ingressClassName.class", None, "did you mean kubernetes.io/ingress.class?"),
        ("kubernetes.io/ingress.clas", "web", "did you mean kubernetes.io/ingress.class?"),
        ("k8s.io/ingress.class", None, "did you mean kubernetes.io/ingress.class?"),
        ("kubernetes.io/tls_acme", "web", "did you mean kubernetes.io/tls-acme?"),
        ("k8s.io/foo", "web", "check the spelling"),
        ("kubernets.io/ingress.class", None, "did you mean kubernetes.io/ingress.class?"),
        ("kuberentes.io/ingress.class", None, "did you mean kubernetes.io/ingress.class?"),
        (
            "nginx.ingres.kubernetes.io/rewrite-target",
            "web",
            "did you mean nginx.ingress.kubernetes.io/rewrite-target?",
        ),
        ("nginx.ingres.kubernetes.io/rewite-target", "web", "did you mean nginx.ingress.kubernetes.io/rewrite-target?"),
        ("nginx.ingres.kubernetes.io/x", "web", "did you mean nginx.ingress.kubernetes.io/x?"),
        ("konghq.cm/strip-path", "web", "did you mean konghq.com/strip-path?"),
    ],
)
def test_unknown_reserved_key_or_prefix_typo(key: str, klass: str | None, hint: str) -> None:
    found = annotation_findings(ingress(key, "nginx", klass=klass))
    assert [(f.line, f.rule, f.field) for f in found] == [(6, "unknown-annotation", f"metadata.annotations[{key}]")]
    assert hint in found[0].message


@pytest.mark.parametrize(
    "key",
    [
        "example.com/foo",
        "kubernetes.io/change-cause",
        "kubernetes.io/description",
        "kubernetes.io/ingress.allow-http",
        "k3s.io/foo",  # one edit from k8s.io/, a real domain: short prefixes are not compared
        "app.kubernetes.io/name",  # a subdomain, not the reserved prefix itself
        "external-dns.alpha.kubernetes.io/hostname",
        "nginx.org/client-max-body-size",  # NGINX Inc.'s key on an Ingress of unknown controller
        "no-prefix-key",
    ],
)
def test_keys_that_stay_silent(key: str) -> None:
    assert annotation_findings(ingress(key, '"false"', klass="web")) == []


def test_reserved_hint_stays_within_the_serving_controller() -> None:
    key = "kubernetes.io/ingress.global-static-ip"
    gke = annotation_findings(ingress(key, "ip", klass="gce"))
    assert "did you mean kubernetes.io/ingress.global-static-ip-name?" in gke[0].message
    nginx = annotation_findings(ingress(key, "ip", klass="alb"))
    assert [f.rule for f in nginx] == ["unknown-annotation"]
    assert "global-static-ip-name" not in nginx[0].message


def test_prefix_typo_of_another_controller_is_not_suggested() -> None:
    assert annotation_findings(ingress("nginx.ingres.kubernetes.io/rewrite-target", "/", klass="gce")) == []


# Item 5: NGINX Inc.'s keys under the ingress-nginx prefix.
@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ("nginx.ingress.kubernetes.io/websocket-services", "nothing is needed"),
        ("nginx.ingress.kubernetes.io/proxy-pass-headers", "there is no equivalent"),
        (
            "nginx.ingress.kubernetes.io/grpc-services",
            'use nginx.ingress.kubernetes.io/backend-protocol with the value "GRPC"',
        ),
        ("nginx.ingress.kubernetes.io/client-max-body-size", "use nginx.ingress.kubernetes.io/proxy-body-size"),
        ("nginx.ingress.kubernetes.io/health-checks", "NGINX Plus active health checks"),
    ],
)
def test_nginx_inc_key_under_ingress_nginx_prefix(key: str, fragment: str) -> None:
    found = [f for f in annotation_findings(ingress(key, "svc", klass="custom")) if f.rule != "ingress-nginx-retired"]
    assert [f.rule for f in found] == ["unknown-annotation"]
    suffix = key.split("/", 1)[1]
    assert "is an annotation of NGINX Inc.'s controller" in found[0].message and f"/{suffix}" in found[0].message
    assert fragment in found[0].message and "did you mean" not in found[0].message


def test_nginx_class_guessed_from_nginx_org_keys() -> None:
    """Class nginx without an IngressClass: nginx.org/ keys make it NGINX Inc.'s, so the
    ingress-nginx key among them is the other controller's."""
    text = ingress("nginx.org/websocket-services", "ws", klass="nginx").replace(
        "    nginx.org/websocket-services: ws\n",
        "    nginx.org/websocket-services: ws\n    nginx.org/rewrites: serviceName=ws rewrite=/\n    nginx.ingress.kubernetes.io/rewrite-target: /\n",
    )
    found = annotation_findings(text)
    assert [(f.line, f.rule, f.controller) for f in found] == [(8, "annotation-other-controller", "nginx-inc")]


def test_nginx_inc_counterparts_of_one_ingress_nginx_key() -> None:
    text = (CONTROLLER_FIXTURES / "nginx-inc-bad.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "nginx.ingress.kubernetes.io/rewrite-target: /", "nginx.ingress.kubernetes.io/backend-protocol: GRPC"
    )
    found = annotation_findings(text)
    assert "NGINX Inc.'s annotation for it is nginx.org/grpc-services or nginx.org/ssl-services" in found[0].message


# The data.
def test_one_edit_apart() -> None:
    assert one_edit_apart("kubernets.io/", "kubernetes.io/")  # deletion
    assert one_edit_apart("kubernetess.io/", "kubernetes.io/")  # insertion
    assert one_edit_apart("kubernetez.io/", "kubernetes.io/")  # substitution
    assert one_edit_apart("kuberentes.io/", "kubernetes.io/")  # adjacent transposition
    assert not one_edit_apart("kubernetes.io/", "kubernetes.io/")
    assert not one_edit_apart("kubrentes.io/", "kubernetes.io/")
    assert not one_edit_apart("nginx.org/", "nginx.com/")


def test_catalogued_prefixes_are_not_one_edit_apart() -> None:
    """Otherwise a correct key of one would be reported as a typo of the other."""
    prefixes = sorted(p for p in owners().prefixes if len(p) >= MIN_TYPO_PREFIX)
    assert [(a, b) for a in prefixes for b in prefixes if a < b and one_edit_apart(a, b)] == []


def test_owner_data_is_consistent() -> None:
    data = owners()
    known = set(controller_facts()) | {"kubernetes", "cert-manager"}
    assert all(key_prefix(key) in data.reserved_prefixes for key in data.reserved_keys)
    assert set(data.reserved_keys.values()) <= known
    for entry in data.nginx_inc.values():
        assert key_prefix(entry.key) in ("nginx.org/", "nginx.com/")
        assert entry.ingress_nginx is None or entry.ingress_nginx in catalog().entries, entry
        assert entry.ingress_nginx is not None or entry.advice, entry
