"""ingresslint.routing: the route of one URL and the routing table, over Ingresses written as
YAML text here (so the file:line of every answer is checked too)."""

from __future__ import annotations

import io
import re
import textwrap
from typing import Any

import pytest

from ingresslint.context import Context
from ingresslint.loader import load_sources
from ingresslint.routing import (
    KUBERNETES_SEMANTICS,
    Decision,
    RouteError,
    Table,
    build_table,
    parse_url,
    print_routes_rich,
    route,
    route_json,
    routes_json,
)
from tests.conftest import SHARED, needs_shared, source
from tests.test_matching import REQUESTS_FOR_ALL_PATHS, VECTORS


def table_of(text: str, ctx: Context | None = None) -> Table:
    loaded = load_sources(iter([source(text)]))
    assert not loaded.findings, loaded.findings
    return build_table(loaded.documents, ctx or Context())


def decide(text: str, url: str, class_name: str | None = None) -> Decision:
    decisions = route(parse_url(url), table_of(text), class_name)
    assert len(decisions) == 1
    return decisions[0]


def ingress(name: str, rules: list[dict[str, Any]], class_name: str = "demo", extra: str = "", **meta: str) -> str:
    """An Ingress with ``rules``: [{"host": h or None, "paths": [(pathType, path, service)]}]."""
    annotations = "".join(f"\n    {key}: {value!r}" for key, value in meta.items())
    out = [
        "---",
        "apiVersion: networking.k8s.io/v1",
        "kind: Ingress",
        "metadata:",
        f"  name: {name}",
        *(["  annotations:" + annotations] if annotations else []),
        "spec:",
        f"  ingressClassName: {class_name}",
        *([textwrap.indent(textwrap.dedent(extra).strip(), "  ")] if extra else []),
        "  rules:",
    ]
    for rule in rules:
        out.append(f"  - host: {rule['host']!r}" if rule.get("host") else "  - http:")
        if rule.get("host"):
            out.append("    http:")
        out.append("      paths:")
        for path_type, path, service in rule["paths"]:
            out += [
                f"      - path: {path!r}",
                f"        pathType: {path_type}",
                f"        backend: {{service: {{name: {service}, port: {{number: 80}}}}}}",
            ]
    return "\n".join(out) + "\n"


NGINX_CLASS = """\
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
"""
CLASSES = {"generic": "demo", "ingress-nginx": "nginx"}


# The documentation's tables, row by row, through the whole route: each vector's paths are
# one Ingress on foo.com, and the request is routed to one of them or to the default backend.


@pytest.mark.parametrize("controller", list(CLASSES))
@pytest.mark.parametrize(
    "vector", VECTORS["paths"], ids=lambda v: f"{v['source']['file']}:{v['source']['line']}:{v['request']}"
)
def test_path_table_row(vector: dict[str, Any], controller: str) -> None:
    types = vector.get("path_types") or [vector["kind"]] * len(vector["paths"])
    paths = [(kind, path, f"svc{index}") for index, (kind, path) in enumerate(zip(types, vector["paths"], strict=True))]
    text = NGINX_CLASS + ingress("vector", [{"host": "foo.com", "paths": paths}], CLASSES[controller])
    requests = [vector["request"]] if vector.get("request_is_literal", True) else REQUESTS_FOR_ALL_PATHS
    for request in requests:
        decision = decide(text, f"http://foo.com{request}")
        assert (decision.winner is not None) == vector["matches"], request
        if vector["matches"]:
            served = [path for path in paths if path[2] == decision.winner.backend.split(":")[0]]
            assert served, decision
            if vector["kind"] == "Mixed":
                assert decision.winner.path_type == "Exact"  # Exact is preferred at equal length
            else:  # the longest path of the row that matches, as its remark says
                remark = re.search(r"接頭辞(/\S*)と一致", vector.get("note_ja", ""))
                assert remark is None or decision.winner.path == remark.group(1)
        else:
            assert decision.default is not None and decision.default.ingress is None


@pytest.mark.parametrize("vector", VECTORS["hosts"], ids=lambda v: f"{v['source']['file']}:{v['source']['line']}")
def test_host_table_row(vector: dict[str, Any]) -> None:
    text = ingress("wild", [{"host": vector["host"], "paths": [("Prefix", "/", "wild")]}]) + ingress(
        "any", [{"host": None, "paths": [("Prefix", "/", "any")]}]
    )
    decision = decide(text, f"https://{vector['header']}/")
    assert decision.winner is not None
    assert decision.winner.backend == ("wild:80" if vector["matches"] else "any:80")


@needs_shared
def test_every_row_of_both_seed_tables_is_a_vector() -> None:
    covered = {(v["source"]["file"], v["source"]["line"]) for v in VECTORS["paths"] + VECTORS["hosts"]}
    rows = {
        "ingress-concepts-ja.txt": r"^(Prefix|Exact|Mixed) /|^\*\.foo\.com ",
        "ingress-concepts-en.txt": r"^\*?\.foo\.com",
    }
    for name, pattern in rows.items():
        lines = (SHARED / "seeds" / name).read_text(encoding="utf-8").splitlines()
        found = {(name, number) for number, line in enumerate(lines, 1) if re.match(pattern, line)}
        assert found and found <= covered, sorted(found - covered)


# Hosts: chosen first, no fall-through


WILD_AND_EXACT = ingress("exact", [{"host": "foo.bar.com", "paths": [("Prefix", "/", "exact")]}]) + ingress(
    "wild", [{"host": "*.bar.com", "paths": [("Prefix", "/foo/bar", "wild")]}]
)


def test_exact_host_beats_a_wildcard_with_a_longer_path() -> None:
    decision = decide(WILD_AND_EXACT, "https://foo.bar.com/foo/bar")
    assert decision.winner is not None and decision.winner.backend == "exact:80"
    assert [(loser.route.backend, loser.reason) for loser in decision.losers] == [
        ("wild:80", "wildcard host *.bar.com loses to exact host foo.bar.com: the host is chosen before the path")
    ]


def test_wildcard_covers_one_label_only() -> None:
    assert decide(WILD_AND_EXACT, "http://baz.bar.com/foo/bar").winner.backend == "wild:80"  # type: ignore[union-attr]
    decision = decide(WILD_AND_EXACT, "http://a.b.bar.com/foo/bar")
    assert decision.winner is None and not decision.host_chosen


def test_no_fall_through_once_the_host_is_chosen() -> None:
    text = ingress("named", [{"host": "foo.com", "paths": [("Exact", "/a", "a")]}]) + ingress(
        "any", [{"host": None, "paths": [("Prefix", "/", "any")]}]
    )
    decision = decide(text, "http://FOO.com/b")
    assert decision.host_chosen and decision.host == "foo.com" and decision.winner is None
    assert decision.losers[0].route.backend == "any:80"
    assert "rule without host loses to exact host foo.com" in decision.losers[0].reason
    assert decide(text, "http://other.com/b").winner.backend == "any:80"  # type: ignore[union-attr]


def test_query_string_empty_path_and_case() -> None:
    text = ingress("a", [{"host": "foo.com", "paths": [("Exact", "/", "root"), ("Exact", "/foo", "foo")]}])
    assert decide(text, "http://foo.com").winner.backend == "root:80"  # type: ignore[union-attr]
    assert decide(text, "http://foo.com/foo?x=/bar#y").winner.backend == "foo:80"  # type: ignore[union-attr]
    assert decide(text, "http://foo.com/FOO").winner is None  # case-sensitive


# Paths across Ingresses, and why candidates lose


def test_two_ingresses_on_one_host() -> None:
    text = ingress("short", [{"host": "foo.com", "paths": [("Prefix", "/api", "short"), ("Prefix", "/x", "x")]}])
    text += ingress("long", [{"host": "foo.com", "paths": [("Prefix", "/api/v1", "long"), ("Exact", "/api", "exact")]}])
    text += ingress("again", [{"host": "foo.com", "paths": [("Prefix", "/api/v1/", "again")]}])
    decision = decide(text, "http://foo.com/api/v1/users")
    assert decision.winner is not None and decision.winner.backend == "long:80"
    assert decision.winner.source == ("test.yaml", 29)
    reasons = {loser.route.backend: loser.reason for loser in decision.losers}
    assert reasons == {
        "short:80": "shorter match: /api (length 4) against /api/v1 (length 7)",
        "again:80": "the same Prefix path as default/long, which comes first in the input "
        "(the first one wins; duplicate-host-path reports it)",
    }
    exact = decide(text, "http://foo.com/api")
    assert exact.winner is not None and exact.winner.backend == "exact:80"
    assert [loser.reason for loser in exact.losers] == ["Prefix loses to Exact /api at equal length"]


def test_implementation_specific_is_treated_as_prefix_and_said_so() -> None:
    text = ingress("a", [{"host": "foo.com", "paths": [("ImplementationSpecific", "/foo", "impl")]}])
    decision = decide(text, "http://foo.com/foo/bar")
    assert decision.winner is not None and decision.semantics == KUBERNETES_SEMANTICS
    assert any(
        "ImplementationSpecific path /foo (test.yaml:12) is treated as Prefix" in note for note in decision.notes
    )
    assert decide(text, "http://foo.com/foobar").winner is None


# Default backends


DEFAULT = """
defaultBackend:
  service: {name: fallback, port: {number: 8080}}
"""
CATCH_ALL = """\
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: catch-all
spec:
  ingressClassName: demo
  defaultBackend:
    service: {name: catch, port: {number: 80}}
"""


def test_default_backend_of_the_ingress_that_names_the_host() -> None:
    text = ingress("a", [{"host": "foo.com", "paths": [("Exact", "/a", "a")]}], extra=DEFAULT) + CATCH_ALL
    decision = decide(text, "http://foo.com/b")
    assert decision.default is not None and decision.default.backend == "fallback:8080"
    assert decision.default.as_json()["source"] == {"file": "test.yaml", "line": 8}
    assert "no path of foo.com matches" in decision.default.reason
    other = decide(text, "http://bar.com/")
    assert other.default is not None and other.default.backend == "catch:80"
    assert "no rule of this class serves the host" in other.default.reason


def test_controller_default_when_no_ingress_has_one() -> None:
    decision = decide(ingress("a", [{"host": "foo.com", "paths": [("Exact", "/a", "a")]}]), "http://foo.com/b")
    assert decision.default is not None and decision.default.ingress is None
    assert decision.default.backend == "the controller's default backend"


def test_ingress_nginx_default_backend_of_a_named_host() -> None:
    """ingress-nginx: the first Ingress with a rule for the host sets the server's default
    backend, even without a defaultBackend of its own; the catch-all serves unknown hosts."""
    text = NGINX_CLASS + ingress("first", [{"host": "foo.com", "paths": [("Exact", "/a", "a")]}], "nginx")
    text += ingress("second", [{"host": "foo.com", "paths": [("Exact", "/b", "b")]}], "nginx", extra=DEFAULT)
    text += CATCH_ALL.replace("demo", "nginx")
    decision = decide(text, "http://foo.com/c")
    assert decision.default is not None and decision.default.ingress is None
    assert "--default-backend-service" in decision.default.backend
    unknown = decide(text, "http://bar.com/c")
    assert unknown.default is not None and unknown.default.backend == "catch:80"


# Classes


def test_different_classes() -> None:
    text = ingress("blue", [{"host": "foo.com", "paths": [("Prefix", "/", "blue")]}], "blue")
    text += ingress("green", [{"host": "foo.com", "paths": [("Prefix", "/app", "green")]}], "green")
    decisions = route(parse_url("http://foo.com/app"), table_of(text))
    assert [(d.class_name, d.winner.backend if d.winner else None) for d in decisions] == [
        ("blue", "blue:80"),
        ("green", "green:80"),
    ]
    (blue,) = route(parse_url("http://foo.com/app"), table_of(text), "blue")
    assert [loser.reason for loser in blue.losers] == ["other class green: another controller serves it"]
    with pytest.raises(RouteError, match=r"no Ingress of class 'red' in the inputs \(classes: blue, green\)"):
        route(parse_url("http://foo.com/"), table_of(text), "red")


def test_class_from_the_annotation_and_the_default_class() -> None:
    text = """\
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: main
          annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
        spec: {controller: example.com/main}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: plain}
        spec: {defaultBackend: {service: {name: plain, port: {number: 80}}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: old, annotations: {kubernetes.io/ingress.class: legacy}}
        spec: {defaultBackend: {service: {name: old, port: {number: 80}}}}
    """
    table = table_of(textwrap.dedent(text))
    assert [(i.name, i.class_name) for i in table.ingresses] == [("default/plain", "main"), ("default/old", "legacy")]


# ingress-nginx regex mode (docs/user-guide/ingress-path-matching.md of ingress-nginx)


def test_ingress_nginx_path_priority_example() -> None:
    text = NGINX_CLASS + ingress(
        "test-ingress-1",
        [{"host": "test.com", "paths": [("Prefix", "/foo/bar", "s1"), ("Prefix", "/foo/bar/", "s2")]}],
        "nginx",
    )
    text += ingress(
        "test-ingress-2",
        [{"host": "test.com", "paths": [("ImplementationSpecific", "/foo/bar/(.+)", "s3")]}],
        "nginx",
        **{"nginx.ingress.kubernetes.io/rewrite-target": "/$1"},
    )
    served = {url: decide(text, f"http://test.com{url}") for url in ("/foo/bar/1", "/foo/bar/", "/foo/bar")}
    assert {url: d.winner.backend for url, d in served.items() if d.winner} == {
        "/foo/bar/1": "s3:80",
        "/foo/bar/": "s2:80",
        "/foo/bar": "s1:80",
    }
    decision = served["/foo/bar/1"]
    assert decision.semantics.startswith(
        "ingress-nginx regex mode: use-regex or rewrite-target on default/test-ingress-2"
    )
    assert any("comes after ~* /foo/bar/(.+)" in loser.reason for loser in decision.losers)


def test_ingress_nginx_first_regex_match_wins_over_the_longest_exact_path() -> None:
    text = NGINX_CLASS + ingress(
        "test-ingress-3",
        [
            {
                "host": "test.com",
                "paths": [("Prefix", "/foo/bar/bar", "bar"), ("ImplementationSpecific", "/foo/bar/[A-Z0-9]{3}", "re")],
            }
        ],
        "nginx",
        **{"nginx.ingress.kubernetes.io/use-regex": "true"},
    )
    decision = decide(text, "http://test.com/foo/bar/bar")
    assert decision.winner is not None and decision.winner.backend == "re:80"
    assert decision.losers[0].route.backend == "bar:80"
    assert decide(text, "http://test.com/FOO/BAR/abc").winner is not None  # case-insensitive


def test_ingress_nginx_implementation_specific_is_a_string_prefix() -> None:
    text = NGINX_CLASS + ingress(
        "a", [{"host": "foo.com", "paths": [("ImplementationSpecific", "/foo", "impl")]}], "nginx"
    )
    decision = decide(text, "http://foo.com/foobar")
    assert decision.winner is not None and decision.semantics.startswith("ingress-nginx locations")


def test_ingress_nginx_prefix_with_a_trailing_slash_redirects() -> None:
    text = NGINX_CLASS + ingress("a", [{"host": "foo.com", "paths": [("Prefix", "/foo/", "foo")]}], "nginx")
    decision = decide(text, "http://foo.com/foo")
    assert decision.winner is not None
    assert any("301 to /foo/" in note for note in decision.notes)


# Removed API versions, bad input, output shapes


def test_removed_api_version_is_routed_as_its_v1_conversion() -> None:
    text = ingress("new", [{"host": "foo.com", "paths": [("Prefix", "/", "new")]}]) + textwrap.dedent("""\
        ---
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: old, annotations: {kubernetes.io/ingress.class: demo}}
        spec:
          backend: {serviceName: old, servicePort: 80}
          rules:
          - host: bar.com
            http:
              paths:
              - path: /api
                backend: {serviceName: api, servicePort: http}
    """)
    table = table_of(text)
    assert [i.name for i in table.ingresses] == ["default/new", "default/old"]
    assert table.notes == (
        "Ingress default/old (test.yaml:16) is extensions/v1beta1, removed in Kubernetes 1.22: routed as its "
        "networking.k8s.io/v1 conversion (ingresslint fix rewrites it)",
    )
    decision = decide(text, "http://bar.com/api/users")
    assert decision.winner is not None and decision.winner.backend == "api:http"
    assert decision.winner.path_type == "ImplementationSpecific"  # the server's default for v1beta1
    assert decision.winner.source == ("test.yaml", 25)  # the original line of the path
    fallback = decide(text, "http://bar.com/x")
    assert fallback.default is not None and fallback.default.backend == "old:80"  # spec.backend


def test_other_api_versions_are_not_routed() -> None:
    text = ingress("new", [{"host": "foo.com", "paths": [("Prefix", "/", "new")]}])
    table = table_of(text + text.replace("networking.k8s.io/v1", "example.com/v2").replace("name: new", "name: odd"))
    assert [i.name for i in table.ingresses] == ["default/new"]
    assert table.notes == (
        "Ingress default/odd (test.yaml:16) has apiVersion 'example.com/v2', not networking.k8s.io/v1: not routed",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty"),
        ("http://foo .com/", "whitespace"),
        ("ftp://foo.com/", "scheme must be http or https"),
        ("http:///path", "no host"),
        ("http://foo.com:99999/", "Port out of range"),
        ("http://[::1/", "Invalid IPv6 URL"),
    ],
)
def test_invalid_urls(url: str, message: str) -> None:
    with pytest.raises(RouteError, match=re.escape(message)):
        parse_url(url)


def test_url_without_scheme() -> None:
    assert parse_url("Foo.COM.").host == "foo.com"
    assert parse_url("foo.com").path == "/"


def test_no_ingress() -> None:
    with pytest.raises(RouteError, match=r"no networking\.k8s\.io/v1 Ingress"):
        route(parse_url("http://foo.com/"), table_of("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"))


def test_routes_json_rows_sorted_by_class_host_and_precedence() -> None:
    text = ingress(
        "b",
        [{"host": "b.com", "paths": [("Prefix", "/", "b"), ("Exact", "/x", "bx")]}],
        "zeta",
        extra="tls: [{hosts: [b.com]}]",
    )
    text += ingress(
        "a",
        [{"host": None, "paths": [("Prefix", "/", "any")]}, {"host": "a.com", "paths": [("Prefix", "/", "a")]}],
        "alpha",
    )
    rows = routes_json(table_of(text))
    assert rows[0] == {
        "host": "a.com",
        "path": "/",
        "pathType": "Prefix",
        "backend": "a:80",
        "tls": False,
        "class": "alpha",
        "source": {"file": "test.yaml", "line": 35},
    }
    assert [(row["class"], row["host"], row["path"], row["tls"]) for row in rows] == [
        ("alpha", "a.com", "/", False),
        ("alpha", None, "/", False),
        ("zeta", "b.com", "/x", True),
        ("zeta", "b.com", "/", True),
    ]


def test_route_json_shape() -> None:
    text = WILD_AND_EXACT
    request = parse_url("https://foo.bar.com/foo/bar")
    table = table_of(text)
    data = route_json(request, route(request, table), table)
    assert data["routed"] is True and data["host"] == "foo.bar.com" and data["path"] == "/foo/bar"
    (decision,) = data["decisions"]
    assert set(decision) == {
        "class",
        "controller",
        "semantics",
        "host",
        "hostChosen",
        "route",
        "defaultBackend",
        "losers",
        "notes",
    }
    assert decision["route"]["backend"] == "exact:80" and decision["losers"][0]["reason"].startswith("wildcard host")


def test_routes_rich_table() -> None:
    from rich.console import Console

    buffer = io.StringIO()
    print_routes_rich(table_of(WILD_AND_EXACT), Console(file=buffer, width=120, force_terminal=True))
    assert "foo.bar.com" in buffer.getvalue() and "━" in buffer.getvalue()


def test_routes_default_backend_rows_follow_the_route_decision() -> None:
    """One row per host whose fallback is an Ingress's defaultBackend: ingress-nginx takes it
    from the first Ingress naming the host only; other controllers from any of them."""
    two = ingress("first", [{"host": "foo.com", "paths": [("Exact", "/a", "a")]}], "{cls}")
    two += ingress("second", [{"host": "foo.com", "paths": [("Exact", "/b", "b")]}], "{cls}", extra=DEFAULT)
    two += CATCH_ALL.replace("demo", "{cls}")
    for class_name, foo_default in (("demo", True), ("nginx", False)):
        rows = routes_json(table_of(NGINX_CLASS + two.replace("{cls}", class_name)))
        defaults = [(row["host"], row["backend"]) for row in rows if row["path"] is None]
        assert defaults == [("foo.com", "fallback:8080")] * foo_default + [(None, "catch:80")], class_name


def test_ingresses_without_a_class() -> None:
    text = ingress("plain", [{"host": "foo.com", "paths": [("Prefix", "/", "plain")]}]).replace(
        "  ingressClassName: demo\n", ""
    )
    decision = decide(text, "http://foo.com/")
    assert decision.class_name is None and decision.winner is not None
    assert decision.notes[-1].startswith("these Ingresses name no IngressClass and there is no default one")


def test_ingress_nginx_regex_mode_makes_exact_a_prefix_regex() -> None:
    """buildLocation writes ~* "^PATH" for every path of the host, Exact included: no "$"."""
    text = NGINX_CLASS + ingress("exact", [{"host": "foo.com", "paths": [("Exact", "/foo", "exact")]}], "nginx")
    text += ingress(
        "re",
        [{"host": "foo.com", "paths": [("ImplementationSpecific", "/bar/.*", "re")]}],
        "nginx",
        **{"nginx.ingress.kubernetes.io/use-regex": "true"},
    )
    decision = decide(text, "http://foo.com/FOO/anything")
    assert decision.winner is not None and decision.winner.backend == "exact:80"
    plain = decide(text.replace('"true"', '"false"').replace("'true'", "'false'"), "http://foo.com/foo/anything")
    assert plain.winner is None and plain.semantics.startswith("ingress-nginx locations")


def test_ingress_nginx_canary_and_resource_backends_lose() -> None:
    text = NGINX_CLASS + ingress("main", [{"host": "foo.com", "paths": [("Prefix", "/", "main")]}], "nginx")
    text += ingress(
        "canary",
        [{"host": "foo.com", "paths": [("Prefix", "/app", "canary")]}],
        "nginx",
        **{"nginx.ingress.kubernetes.io/canary": "true"},
    )
    text += textwrap.dedent("""\
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: bucket}
        spec:
          ingressClassName: nginx
          rules:
          - host: foo.com
            http:
              paths:
              - path: /app/static
                pathType: Prefix
                backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static}}
    """)
    decision = decide(text, "http://foo.com/app/static/logo.png")
    assert decision.winner is not None and decision.winner.backend == "main:80"
    reasons = {loser.route.ingress.name: loser.reason for loser in decision.losers}
    assert reasons["default/canary"].startswith("canary Ingress: ingress-nginx sends it a share")
    assert (
        reasons["default/bucket"] == "ingress-nginx ignores resource backends (it serves the default backend instead)"
    )
    generic = decide(
        text.replace("nginx", "demo").replace(NGINX_CLASS.replace("nginx", "demo"), ""), "http://foo.com/app/static/x"
    )
    assert generic.winner is not None and generic.winner.backend == "StorageBucket/static (k8s.example.com)"
