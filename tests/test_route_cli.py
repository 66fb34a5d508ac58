"""The ``route`` and ``routes`` commands: exit codes, formats, bad input and --cluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from tests.fake_apiserver import FakeApiServer, FakeCluster
from tests.test_cluster import ingress_class, ingress_data, manifests
from tests.test_routing import DEFAULT, ingress

SHOP = ingress(
    "shop", [{"host": "shop.example.com", "paths": [("Prefix", "/", "web"), ("Prefix", "/api", "api")]}], extra=DEFAULT
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def shop(tmp_path: Path) -> str:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP, encoding="utf-8")
    return str(path)


def test_route_exit_codes(shop: str) -> None:
    code, out, err = run("route", "https://shop.example.com/api/v1?x=1", shop)
    assert (code, err) == (0, "")
    assert (
        f"served by: Ingress default/shop ({shop}:17) spec.rules[0] (host shop.example.com): Prefix /api -> api:80"
        in out
    )
    assert "shorter match: / (length 1) against /api (length 4)" in out
    code, out, _ = run("route", "http://elsewhere.example.com/", shop)
    assert code == 1
    assert "default backend: the controller's default backend" in out  # shop's serves its own host only
    assert "no rule of this class serves the host" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "ftp://x/"], "invalid URL 'ftp://x/': the scheme must be http or https, not 'ftp'"),
        (["route", "http://x/", "--class", "nope"], "no Ingress of class 'nope' in the inputs (classes: demo)"),
    ],
)
def test_route_usage_errors(shop: str, args: list[str], message: str) -> None:
    code, out, err = run(*args, shop)
    assert (code, out) == (2, "")
    assert err == f"ingresslint: {message}\n"


def test_yaml_errors_and_no_ingress_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: [\n", encoding="utf-8")
    for command in (["route", "http://x/"], ["routes"]):
        code, out, err = run(*command, str(broken))
        assert code == 2 and out == ""
        assert err.startswith(f"{broken}:") and err.endswith(
            "input problem(s): fix them first (ingresslint lint reports them too)\n"
        )
    service = tmp_path / "service.yaml"
    service.write_text("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", encoding="utf-8")
    for command in (["route", "http://x/"], ["routes"]):
        assert run(*command, str(service)) == (2, "", "ingresslint: no networking.k8s.io/v1 Ingress in the inputs\n")
    assert run("routes", str(tmp_path / "missing.yaml"))[0] == 2


def test_route_json(shop: str) -> None:
    code, out, _ = run("route", "--format", "json", "http://shop.example.com/x", shop)
    data = json.loads(out)
    assert code == 0 and data["routed"] and data["path"] == "/x"
    assert data["decisions"][0]["route"] == {
        "host": "shop.example.com",
        "path": "/",
        "pathType": "Prefix",
        "backend": "web:80",
        "tls": False,
        "class": "demo",
        "source": {"file": shop, "line": 14},
    }


def test_routes_text_and_json(shop: str) -> None:
    code, out, _ = run("routes", shop)
    assert code == 0
    assert out.splitlines() == [
        "CLASS  HOST              PATH               PATHTYPE  BACKEND        TLS  SOURCE",
        f"demo   shop.example.com  /api               Prefix    api:80         no   {shop}:17",
        f"demo   shop.example.com  /                  Prefix    web:80         no   {shop}:14",
        f"demo   shop.example.com  (default backend)  -         fallback:8080  no   {shop}:8",
    ]
    rows = json.loads(run("routes", "--format", "json", shop)[1])
    assert [(row["path"], row["source"]["line"]) for row in rows] == [("/api", 17), ("/", 14), (None, 8)]
    assert set(rows[0]) == {"host", "path", "pathType", "backend", "tls", "class", "source"}


def test_cluster_options_need_cluster(shop: str) -> None:
    code, _, err = run("routes", "--context", "prod", shop)
    assert (code, err) == (2, "ingresslint: --kubeconfig, --context and --no-secret-data need --cluster\n")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[FakeCluster, FakeApiServer]]:
    cluster = FakeCluster()
    with FakeApiServer(cluster, tmp_path) as running:
        yield cluster, running


def test_routes_with_the_cluster_files_win(server: tuple[FakeCluster, FakeApiServer], tmp_path: Path) -> None:
    cluster, api = server
    cluster.add(
        ingress_class("nginx", default=True),
        ingress_data("legacy", "shop", backend="old"),  # updated by the file: the file's wins
        ingress_data("blog", "shop", host="blog.example.com", backend="blog"),
    )
    path = tmp_path / "legacy.yaml"
    path.write_text(manifests(ingress_data("legacy", "shop", backend="new")), encoding="utf-8")
    code, out, err = run("routes", "--cluster", "--kubeconfig", str(api.kubeconfig()), "--format", "json", str(path))
    assert (code, err) == (0, "")
    assert [(row["host"], row["backend"], row["source"]) for row in json.loads(out)] == [
        ("blog.example.com", "blog:80", {"file": "cluster", "line": None}),
        ("shop.example.com", "new:80", {"file": str(path), "line": 16}),
    ]
    code, out, _ = run(
        "route", "--cluster", "--kubeconfig", str(api.kubeconfig()), "http://blog.example.com/post", str(path)
    )
    assert code == 0 and "served by: Ingress shop/blog (cluster) spec.rules[0] (host blog.example.com)" in out
