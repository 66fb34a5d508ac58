"""The controller model: which controller serves each Ingress."""

from __future__ import annotations

import pickle

import pytest

from ingresslint.context import Context, ManifestSet
from ingresslint.controllers import Controller, controller_facts, controller_of, reads_class
from ingresslint.engine import one_rule_findings
from ingresslint.loader import load_sources
from ingresslint.model import Document
from ingresslint.records import replace
from ingresslint.resolver import IngressClassInfo
from tests.conftest import source


def ingress(name: str = "web", class_field: str | None = None, notes: dict[str, str] | None = None) -> str:
    lines = ["apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata:", f"  name: {name}"]
    if notes:
        lines.append("  annotations:")
        lines += [f"    {key}: {value!r}" for key, value in notes.items()]
    lines.append("spec:")
    if class_field:
        lines.append(f"  ingressClassName: {class_field}")
    lines.append("  defaultBackend: {service: {name: web, port: {number: 80}}}")
    return "\n".join(lines) + "\n"


def ingress_class(name: str, controller: str, default: bool = False) -> str:
    note = '  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\n' if default else ""
    head = f"apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: {name}\n"
    return head + note + f"spec:\n  controller: {controller}\n"


def decide(*texts: str, ctx: Context | None = None) -> list[Controller]:
    loaded = load_sources(iter([source("---\n".join(texts))]))
    manifests = ManifestSet(tuple(loaded.documents))
    context = ctx or Context()
    return [controller_of(doc, manifests, context) for doc in manifests.of_kind("Ingress")]


def test_ingress_class_object_decides() -> None:
    (found,) = decide(ingress(class_field="public"), ingress_class("public", "ingress.k8s.aws/alb"))
    assert (found.id, found.class_name, found.controller_string) == ("aws-alb", "public", "ingress.k8s.aws/alb")
    assert found.reason == "IngressClass public (controller ingress.k8s.aws/alb)"


def test_class_object_wins_over_the_well_known_name() -> None:
    # an IngressClass named "nginx" of NGINX Inc.'s controller, not ingress-nginx
    (found,) = decide(ingress(class_field="nginx"), ingress_class("nginx", "nginx.org/ingress-controller"))
    assert found.id == "nginx-inc"


def test_class_annotation_when_no_field() -> None:
    (found,) = decide(ingress(notes={"kubernetes.io/ingress.class": "gce"}))
    assert (found.id, found.class_name) == ("gce", "gce")
    (internal,) = decide(ingress(notes={"kubernetes.io/ingress.class": "gce-internal"}))
    assert internal.id == "gce"


@pytest.mark.parametrize(
    ("class_name", "expected"),
    [("alb", "aws-alb"), ("traefik", "traefik"), ("kong", "kong"), ("istio", "istio"), ("contour", "contour")],
)
def test_well_known_class_names(class_name: str, expected: str) -> None:
    (found,) = decide(ingress(class_field=class_name))
    assert found.id == expected and found.known


def test_unknown_controller_string_and_class() -> None:
    (found,) = decide(ingress(class_field="edge"), ingress_class("edge", "example.com/edge"))
    assert (found.id, found.known, found.controller_string) == ("unknown", False, "example.com/edge")
    (bare,) = decide(ingress(class_field="edge"))
    assert bare.id == "unknown" and "edge" in bare.reason


def test_nginx_class_is_disambiguated_by_annotations() -> None:
    inc, community, plain = decide(
        ingress("a", "nginx", {"nginx.org/websocket-services": "web"}),
        ingress("b", "nginx", {"nginx.ingress.kubernetes.io/rewrite-target": "/"}),
        ingress("c", "nginx"),
    )
    assert inc.id == "nginx-inc" and "nginx.org/" in inc.reason
    assert community.id == "ingress-nginx" and "nginx.ingress.kubernetes.io/" in community.reason
    assert plain.id == "ingress-nginx" and "both" in plain.reason


def test_default_ingress_class_serves_an_ingress_without_class() -> None:
    (found,) = decide(ingress(), ingress_class("main", "k8s.io/ingress-nginx", default=True))
    assert (found.id, found.class_name) == ("ingress-nginx", None)
    assert "default IngressClass main" in found.reason
    (none,) = decide(ingress(), ingress_class("main", "k8s.io/ingress-nginx"))
    assert none.id == "unknown" and none.class_name is None


def test_configured_site_class_names() -> None:
    ctx = Context(class_controllers=(("internal", "aws-alb"), ("edge", "traefik.io/ingress-controller")))
    internal, edge = decide(ingress("a", "internal"), ingress("b", "edge"), ctx=ctx)
    assert (internal.id, edge.id) == ("aws-alb", "traefik")
    assert "configuration" in internal.reason


def test_cluster_ingress_classes_are_used() -> None:
    class Cluster:
        def services(self, namespace: str) -> None:
            return None

        def secrets(self, namespace: str) -> None:
            return None

        def ingress_classes(self) -> dict[str, IngressClassInfo]:
            return {"edge": IngressClassInfo("edge", "projectcontour.io/ingress-controller", True)}

        def ingresses(self) -> tuple[()]:
            return ()

    named, default = decide(ingress("a", "edge"), ingress("b"), ctx=Context(resolver=Cluster()))
    assert (named.id, default.id) == ("contour", "contour")


def test_decision_is_cached_per_run() -> None:
    loaded = load_sources(iter([source(ingress(class_field="alb"))]))
    manifests = ManifestSet(tuple(loaded.documents))
    doc = manifests.of_kind("Ingress")[0]
    assert controller_of(doc, manifests, Context()) is controller_of(doc, manifests, Context())


def loaded_docs(*texts: str) -> tuple[Document, ...]:
    return tuple(load_sources(iter([source("---\n".join(texts))])).documents)


def test_equal_decisions_are_one_object() -> None:
    """Thousands of Ingresses share a few controllers: a run keeps one record of each."""
    docs = loaded_docs(
        ingress("a", class_field="nginx"), ingress("b", class_field="nginx"), ingress("c", class_field="alb")
    )
    manifests = ManifestSet(docs)
    a, b, c = (controller_of(doc, manifests, Context()) for doc in docs)
    assert a is b and a.id == "ingress-nginx"
    assert c is not a and c.id == "aws-alb"


def test_one_document_in_two_sets_gets_each_its_controller() -> None:
    """The cache is the manifest set's: the same Ingress object in a set whose IngressClass
    "edge" is ingress-nginx's and in one where it is Traefik's is served by each in turn."""
    (doc,) = loaded_docs(ingress(class_field="edge", notes={"traefik.ingress.kubernetes.io/router.tls": "true"}))
    nginx = ManifestSet((doc, *loaded_docs(ingress_class("edge", "k8s.io/ingress-nginx"))))
    traefik = ManifestSet((doc, *loaded_docs(ingress_class("edge", "traefik.io/ingress-controller"))))
    ctx = Context()
    assert [controller_of(doc, m, ctx).id for m in (nginx, traefik, nginx)] == [
        "ingress-nginx",
        "traefik",
        "ingress-nginx",
    ]
    other = [[f.controller for f in one_rule_findings("annotation-other-controller", m, ctx)] for m in (traefik, nginx)]
    assert other == [[], ["ingress-nginx"]]


def test_ingresses_without_a_class_get_the_default_of_their_own_set() -> None:
    docs = loaded_docs(ingress("a"), ingress("b"))
    nginx = ManifestSet((*docs, *loaded_docs(ingress_class("edge", "k8s.io/ingress-nginx", default=True))))
    traefik = ManifestSet((*docs, *loaded_docs(ingress_class("edge", "traefik.io/ingress-controller", default=True))))
    found = [[controller_of(doc, m, Context()).id for doc in docs] for m in (nginx, traefik, ManifestSet(docs))]
    assert found == [["ingress-nginx"] * 2, ["traefik"] * 2, ["unknown"] * 2]


def test_one_document_under_two_contexts_gets_each_its_controller() -> None:
    (doc,) = loaded_docs(ingress(class_field="edge"))
    manifests = ManifestSet((doc,))
    configured = Context(class_controllers=(("edge", "traefik"),))
    found = [controller_of(doc, manifests, ctx).id for ctx in (configured, Context(), configured)]
    assert found == ["traefik", "unknown", "traefik"]


def test_a_changed_context_hashes_anew() -> None:
    """Context keeps its hash once worked out: a copy with a field changed must not inherit it."""
    ctx = Context()
    hash(ctx)
    changed = replace(ctx, class_controllers=(("edge", "traefik"),))
    assert hash(changed) == hash(Context(class_controllers=(("edge", "traefik"),)))
    assert changed != ctx and hash(pickle.loads(pickle.dumps(changed))) == hash(changed)


def test_every_controller_has_sources_and_unique_strings() -> None:
    seen: set[str] = set()
    for facts in controller_facts().values():
        assert facts.sources, facts.id
        assert not seen & set(facts.controller_strings), facts.id
        seen |= set(facts.controller_strings)


def test_controller_data_is_the_data_file() -> None:
    """controllers.py reads rules/catalog/controllers.yaml from its JSON copy in _catalog.json
    (tools/gen_fast_path.py, as ruamel.yaml's safe loader reads it; test_schema_check checks it
    is fresh): every controller of the file, every field as the file writes it."""
    from ruamel.yaml import YAML

    from ingresslint.catalog import raw_catalog
    from ingresslint.controllers import _facts
    from ingresslint.resources import data_dir

    text = (data_dir("rules") / "catalog" / "controllers.yaml").read_text(encoding="utf-8")
    items = YAML(typ="safe", pure=False).load(text)["controllers"]
    assert raw_catalog()["controllers"] == items
    assert list(controller_facts().values()) == [_facts(item) for item in items]


# --- verified controller facts (sources in rules/catalog/controllers.yaml) -----------------


@pytest.mark.parametrize(
    ("class_name", "expected"),
    [
        ("nginx", "ingress-nginx"),  # DefaultAnnotationValue; NGINX Inc.'s -ingress-class default too
        ("alb", "aws-alb"),
        ("traefik", "traefik"),
        ("kong", "kong"),
        ("haproxy", "haproxy"),
        ("contour", "contour"),
        ("istio", "istio"),
        ("apisix", "apisix"),
        ("cilium", "cilium"),
    ],
)
def test_default_class_names_of_each_controller(class_name: str, expected: str) -> None:
    (found,) = decide(ingress(class_field=class_name))
    assert (found.id, found.class_name, found.known) == (expected, class_name, True)


@pytest.mark.parametrize(
    ("controller", "expected"),
    [
        ("k8s.io/ingress-nginx", "ingress-nginx"),
        ("nginx.org/ingress-controller", "nginx-inc"),
        ("ingress.k8s.aws/alb", "aws-alb"),
        ("traefik.io/ingress-controller", "traefik"),
        ("ingress-controllers.konghq.com/kong", "kong"),
        ("haproxy.org/ingress-controller", "haproxy"),
        ("haproxy.org/ingress-controller/haproxy", "haproxy"),  # the Helm chart's default
        ("haproxy.org/ingress-controller/internal", "haproxy"),  # --ingress.class=internal
        ("projectcontour.io/ingress-controller", "contour"),
        ("projectcontour.io/projectcontour/contour-contour", "contour"),  # the Helm chart's form
        ("istio.io/ingress-controller", "istio"),
        ("apisix.apache.org/apisix-ingress-controller", "apisix"),
        ("cilium.io/ingress-controller", "cilium"),
    ],
)
def test_controller_strings_of_each_controller(controller: str, expected: str) -> None:
    (found,) = decide(ingress(class_field="edge"), ingress_class("edge", controller))
    assert (found.id, found.controller_string) == (expected, controller)


@pytest.mark.parametrize(
    "controller", ["konghq.com/ingress-controller", "haproxy.org/ingress-controllers", "istio.io/gateway-controller"]
)
def test_near_miss_controller_strings_are_unknown(controller: str) -> None:
    (found,) = decide(ingress(class_field="edge"), ingress_class("edge", controller))
    assert not found.known


@pytest.mark.parametrize("class_name", ["gce", "gce-internal", "gce-regional-external", "gce-multi-cluster"])
def test_gke_classes_come_from_the_annotation(class_name: str) -> None:
    (found,) = decide(ingress(notes={"kubernetes.io/ingress.class": class_name}))
    assert (found.id, found.class_name) == ("gce", class_name)


def reads(*texts: str) -> list[bool]:
    loaded = load_sources(iter([source("---\n".join(texts))]))
    manifests = ManifestSet(tuple(loaded.documents))
    return [reads_class(doc, controller_of(doc, manifests, Context())) for doc in manifests.of_kind("Ingress")]


def test_gke_never_reads_spec_ingress_class_name() -> None:
    (found,) = decide(ingress(class_field="gce"))
    assert (found.id, found.class_name) == ("gce", "gce")  # the class is GKE's ...
    assert reads(ingress(class_field="gce")) == [False]  # ... but GKE skips this Ingress
    both = ingress(class_field="gce", notes={"kubernetes.io/ingress.class": "gce"})
    annotated = ingress(notes={"kubernetes.io/ingress.class": "gce-internal"})
    assert reads(both, annotated, ingress(class_field="alb")) == [True, True, True]


def decide_files(files: dict[str, str]) -> dict[str, str]:
    loaded = load_sources(iter([source(text, name) for name, text in files.items()]))
    manifests = ManifestSet(tuple(loaded.documents))
    return {doc.source: controller_of(doc, manifests, Context()).id for doc in manifests.of_kind("Ingress")}


def test_a_class_defined_twice_is_taken_from_the_definition_nearest_the_ingress() -> None:
    found = decide_files(
        {
            "shop/ingress.yaml": ingress(class_field="nginx"),
            "shop/class.yaml": ingress_class("nginx", "nginx.org/ingress-controller"),
            "blog/ingress.yaml": ingress(class_field="nginx"),
            "blog/class.yaml": ingress_class("nginx", "k8s.io/ingress-nginx"),
            "wiki/ingress.yaml": ingress(class_field="nginx")
            + "---\n"
            + ingress_class("nginx", "k8s.io/ingress-nginx"),
        }
    )
    assert found == {
        "shop/ingress.yaml": "nginx-inc",
        "blog/ingress.yaml": "ingress-nginx",
        "wiki/ingress.yaml": "ingress-nginx",
    }


def test_several_default_classes_in_unrelated_folders_are_not_ambiguous() -> None:
    files = {
        "a/app.yaml": ingress() + "---\n" + ingress_class("public", "ingress.k8s.aws/alb", default=True),
        "b/app.yaml": ingress(),
        "b/class.yaml": ingress_class("edge", "traefik.io/ingress-controller", default=True),
    }
    assert decide_files(files) == {"a/app.yaml": "aws-alb", "b/app.yaml": "traefik"}
    files["b/class.yaml"] += "---\n" + ingress_class("other", "ingress.k8s.aws/alb", default=True)
    assert decide_files(files)["b/app.yaml"] == "unknown"  # two defaults side by side stay ambiguous
