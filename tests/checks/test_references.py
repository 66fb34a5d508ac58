"""Service references through the in-set Resolver."""

from __future__ import annotations

from ingresslint.context import Context, ManifestSet
from ingresslint.engine import lint
from ingresslint.loader import load_sources
from ingresslint.resolver import InSetResolver, Resolver
from tests.conftest import rule_findings, source, where

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: web
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: {name}
            port:
              {port}
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: {namespace}
spec:
  ports:
  - name: http
    port: 80
    targetPort: 8080
"""
BETA = """\
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend:
    serviceName: web
    servicePort: 8080
"""


def text(name: str = "web", port: str = "number: 80", namespace: str = "default") -> str:
    return INGRESS.format(name=name, port=port) + "---\n" + SERVICE.format(namespace=namespace)


def test_service_not_found_when_the_namespace_has_services() -> None:
    findings = rule_findings(text(name="wbe"), "service-not-found")
    assert where(findings) == [(14, 13, "spec.rules[0].http.paths[0].backend.service.name")]
    assert "did you mean web?" in findings[0].message


def test_service_not_found_needs_services_of_that_namespace() -> None:
    assert rule_findings(text(name="wbe", namespace="other"), "service-not-found") == []
    assert rule_findings(INGRESS.format(name="wbe", port="number: 80"), "service-not-found") == []


def test_require_refs_reports_every_missing_service() -> None:
    found = rule_findings(
        INGRESS.format(name="wbe", port="number: 80"), "service-not-found", Context(require_refs=True)
    )
    assert len(found) == 1


def test_namespace_option_places_objects_without_namespace() -> None:
    assert rule_findings(text(name="wbe", namespace="shop"), "service-not-found", Context(namespace="shop")) != []


def test_service_port_not_found_by_number_and_name() -> None:
    by_number = rule_findings(text(port="number: 8080"), "service-port-not-found")
    assert where(by_number) == [(16, 15, "spec.rules[0].http.paths[0].backend.service.port.number")]
    assert "targetPort" in by_number[0].message
    by_name = rule_findings(text(port="name: https"), "service-port-not-found")
    assert where(by_name) == [(16, 15, "spec.rules[0].http.paths[0].backend.service.port.name")]


def test_service_port_found() -> None:
    assert rule_findings(text(port="number: 80"), "service-port-not-found") == []
    assert rule_findings(text(port="name: http"), "service-port-not-found") == []


def test_beta_backend_ports_are_checked() -> None:
    findings = rule_findings(BETA + "---\n" + SERVICE.format(namespace="default"), "service-port-not-found")
    assert where(findings) == [(8, 5, "spec.defaultBackend.service.port.number")]  # checked as the v1 conversion
    assert "checked as the networking.k8s.io/v1 conversion" in findings[0].message


def test_in_set_resolver_says_when_it_does_not_know() -> None:
    loaded = load_sources(
        iter([source(text(), "a.yaml"), source(INGRESS.format(name="x", port="number: 1"), "b.yaml")])
    )
    manifests = ManifestSet(tuple(loaded.documents))
    resolver: Resolver = InSetResolver(manifests, Context())
    assert resolver.services("default") is not None and "web" in resolver.services("default")
    assert resolver.services("elsewhere") is None
    assert resolver.secrets("default") is None
    assert InSetResolver(manifests, Context(require_refs=True)).secrets("default") == {}


def test_services_in_other_files_of_the_run_count() -> None:
    service = SERVICE.format(namespace="default")
    report = lint(
        [source(INGRESS.format(name="web", port="number: 80"), "ingress.yaml"), source(service, "service.yaml")],
        Context(),
    )
    assert [f.rule for f in report.findings if f.rule.startswith("service-")] == []
    missing = lint(
        [source(INGRESS.format(name="api", port="number: 80"), "ingress.yaml"), source(service, "service.yaml")],
        Context(),
    )
    assert [f.rule for f in missing.findings if f.rule.startswith("service-")] == ["service-not-found"]


def test_a_quoted_port_number_is_left_to_the_schema() -> None:
    text_ = text(port='number: "80"')
    assert rule_findings(text_, "service-port-not-found") == []
    assert [f.field for f in rule_findings(text_, "schema")] == [
        "spec.rules[0].http.paths[0].backend.service.port.number"
    ]


GKE_ANNOTATION = "  annotations:\n    kubernetes.io/ingress.class: gce\nspec:\n"


def gke(text_: str) -> str:
    """The Ingress of ``text_`` with GKE's class annotation instead of ingressClassName."""
    return text_.replace("spec:\n  ingressClassName: web\n", GKE_ANNOTATION, 1)


def test_service_not_nodeport_for_gke_classes() -> None:
    assert where(rule_findings(gke(text()), "service-not-nodeport")) == [
        (15, 13, "spec.rules[0].http.paths[0].backend.service.name")
    ]
    internal = gke(text()).replace("ingress.class: gce", "ingress.class: gce-internal")
    assert "class gce-internal" in rule_findings(internal, "service-not-nodeport")[0].message
    assert rule_findings(text(), "service-not-nodeport") == []  # another controller's class


def test_service_not_nodeport_follows_what_gke_reads() -> None:
    # ingress-gce reads only the class annotation (pkg/utils/utils.go IsGCEIngress): an Ingress
    # with spec.ingressClassName gce, or of an IngressClass, gets no GKE load balancer at all
    by_field = text().replace("ingressClassName: web", "ingressClassName: gce")
    assert rule_findings(by_field, "service-not-nodeport") == []
    by_class = (
        text()
        + "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: web\nspec:\n  controller: k8s.io/ingress-gce\n"
    )
    assert rule_findings(by_class, "service-not-nodeport") == []


def test_service_not_nodeport_spares_nodeport_and_neg_services() -> None:
    gce = gke(text())
    assert (
        rule_findings(gce.replace("spec:\n  ports:", "spec:\n  type: NodePort\n  ports:"), "service-not-nodeport") == []
    )
    neg = "  namespace: default\n  annotations:\n    cloud.google.com/neg: '{\"ingress\": true}'\n"
    assert rule_findings(gce.replace("  namespace: default\n", neg), "service-not-nodeport") == []
    standalone = neg.replace('{"ingress": true}', '{"exposed_ports": {"80": {}}}')
    assert len(rule_findings(gce.replace("  namespace: default\n", standalone), "service-not-nodeport")) == 1
