"""Live-cluster mode (--cluster) against a fake API server (tests/fake_apiserver.py), reached
with the real kubernetes client through a generated kubeconfig: every rule written against
the Resolver, 403 and timeouts, connection errors, request counts, and secrecy."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from tests.conftest import REPO
from tests.fake_apiserver import TOKEN, FakeApiServer, FakeCluster, certificate

NOW = datetime.now(timezone.utc)
HOST = "shop.example.com"


@pytest.fixture
def cluster() -> FakeCluster:
    return FakeCluster()


@pytest.fixture
def server(cluster: FakeCluster, tmp_path: Path) -> Iterator[FakeApiServer]:
    with FakeApiServer(cluster, tmp_path) as running:
        yield running


def service(name: str, namespace: str = "shop", ports: Any = (("http", 80),), **extra: Any) -> dict[str, Any]:
    spec = {"ports": [{"name": port_name, "port": number} for port_name, number in ports], **extra.pop("spec", {})}
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace, **extra},
        "spec": spec,
    }


def secret(
    name: str, data: dict[str, bytes], namespace: str = "shop", kind: str = "kubernetes.io/tls"
) -> dict[str, Any]:
    encoded = {key: base64.b64encode(value).decode() for key, value in data.items()}
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": namespace},
        "type": kind,
        "data": encoded,
    }


def tls_secret(name: str, hosts: list[str], days: float, namespace: str = "shop") -> dict[str, Any]:
    cert, key, _, _ = certificate(hosts, NOW + timedelta(days=days))
    return secret(name, {"tls.crt": cert, "tls.key": key}, namespace)


def ingress_class(name: str, controller: str = "k8s.io/ingress-nginx", default: bool = False) -> dict[str, Any]:
    notes = {"ingressclass.kubernetes.io/is-default-class": "true"} if default else {}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {"name": name, "annotations": notes},
        "spec": {"controller": controller},
    }


def ingress_data(
    name: str, namespace: str | None = None, host: str = HOST, backend: str = "web", port: int | str = 80, **spec: Any
) -> dict[str, Any]:
    port_ref = {"number": port} if isinstance(port, int) else {"name": port}
    path = {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": backend, "port": port_ref}}}
    metadata: dict[str, Any] = {"name": name}
    if namespace:
        metadata["namespace"] = namespace
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": metadata,
        "spec": {"ingressClassName": "nginx", **spec, "rules": [{"host": host, "http": {"paths": [path]}}]},
    }


def manifests(*objects: dict[str, Any]) -> str:
    return "".join(f"---\n{json.dumps(obj, indent=2)}\n" for obj in objects)


def run(
    server: FakeApiServer | None, text: str, *args: str, tmp_path: Path, kubeconfig: Path | None = None
) -> tuple[int, str, str]:
    path = tmp_path / "manifests.yaml"
    path.write_text(text, encoding="utf-8")
    config = kubeconfig or (server.kubeconfig() if server else tmp_path / "none")
    default_format = () if "--format" in args else ("--format", "json")  # one --format goes to stdout
    result = CliRunner().invoke(
        main, ["lint", "--cluster", "--kubeconfig", str(config), *default_format, *args, str(path)]
    )
    return result.exit_code, result.stdout, result.stderr


def findings(server: FakeApiServer, text: str, *args: str, tmp_path: Path) -> list[dict[str, Any]]:
    code, out, err = run(server, text, *args, tmp_path=tmp_path)
    assert err == "" and code in (0, 1), (code, out, err)
    return json.loads(out)["findings"]


def by_rule(found: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [finding for finding in found if finding["rule"] == rule]


# -- references


def test_service_and_port_resolved_in_the_cluster(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.add(service("web"), ingress_class("nginx", default=True))
    text = manifests(
        ingress_data("ok"),
        ingress_data("by-name", host="b.example.com", port="http"),
        ingress_data("typo", host="c.example.com", backend="wbe"),
        ingress_data("port", host="d.example.com", port=8080),
    )
    found = findings(server, text, tmp_path=tmp_path)
    (missing,) = by_rule(found, "service-not-found")
    assert (
        missing["object"]["name"] == "typo" and missing["field"] == "spec.rules[0].http.paths[0].backend.service.name"
    )
    assert (
        "shop/wbe" in missing["message"]
        and "in the cluster" in missing["message"]
        and "did you mean web" in missing["message"]
    )
    (port,) = by_rule(found, "service-port-not-found")
    assert port["object"]["name"] == "port" and "8080" in port["message"]
    assert by_rule(found, "cluster-check-skipped") == []


def test_the_files_win_over_the_cluster(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    """The linted Service replaces the cluster's one of the same name: it is what will be applied."""
    cluster.add(service("web", ports=(("http", 80),)), ingress_class("nginx", default=True))
    text = manifests(ingress_data("web"), service("web", ports=(("http", 8080),)))
    (port,) = by_rule(findings(server, text, tmp_path=tmp_path), "service-port-not-found")
    assert "it exposes 8080, http" in port["message"]


def test_namespace_defaults_to_the_contexts(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.add(service("web", namespace="shop"), service("web", namespace="other", ports=(("http", 81),)))
    text = manifests(ingress_data("web"))  # no metadata.namespace
    assert by_rule(findings(server, text, tmp_path=tmp_path), "service-port-not-found") == []
    assert "/api/v1/namespaces/shop/services" in cluster.list_paths()
    (port,) = by_rule(findings(server, text, "--namespace", "other", tmp_path=tmp_path), "service-port-not-found")
    assert "other/web" in port["message"]
    bare = server.kubeconfig(namespace=None, name="bare")
    code, out, _ = run(server, text, tmp_path=tmp_path, kubeconfig=bare)  # no namespace in the context
    (missing,) = by_rule(json.loads(out)["findings"], "service-not-found")
    assert code == 1 and "default/web is not among the 0 Services of default" in missing["message"]
    assert "/api/v1/namespaces/default/services" in cluster.list_paths()


# -- TLS


def test_tls_rules_read_the_clusters_secrets(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.add(
        service("web"),
        ingress_class("nginx", default=True),
        tls_secret("good", [HOST], days=300),
        tls_secret("expiring", [HOST], days=5),
        tls_secret("expired", [HOST], days=-2),
        tls_secret("other-host", ["elsewhere.example.com"], days=300),
        secret("opaque", {"password": b"x"}, kind="Opaque"),
    )
    names = ["good", "expiring", "expired", "other-host", "opaque", "absent"]
    text = manifests(
        *(
            ingress_data(name, host=f"{name}.{HOST}", tls=[{"hosts": [f"{name}.{HOST}"], "secretName": name}])
            for name in names
        )
    )
    # every certificate is for HOST, not name.HOST, except when the test wants a mismatch
    text = text.replace(f'"good.{HOST}"', f'"{HOST}"').replace(f'"expiring.{HOST}"', f'"{HOST}"')
    text = text.replace(f'"expired.{HOST}"', f'"{HOST}"')
    found = findings(server, text, tmp_path=tmp_path)
    objects = {rule: sorted(f["object"]["name"] for f in by_rule(found, rule)) for rule in {f["rule"] for f in found}}
    assert objects["tls-secret-not-found"] == ["absent"]
    assert objects["tls-secret-invalid"] == ["opaque"]
    assert objects["tls-certificate-expired"] == ["expired"]
    assert objects["tls-certificate-expiring"] == ["expiring"]
    assert objects["tls-certificate-host-mismatch"] == ["other-host"]
    assert "duplicate-host-path" in objects  # good, expiring, expired share HOST: found across Ingresses


def test_no_secret_data_reads_metadata_only(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.add(service("web"), ingress_class("nginx", default=True), secret("opaque", {"x": b"y"}, kind="Opaque"))
    tls = [{"hosts": [HOST], "secretName": "opaque"}]
    text = manifests(
        ingress_data("a", tls=tls), ingress_data("b", host="b.example.com", tls=[{"secretName": "absent"}])
    )
    found = findings(server, text, "--no-secret-data", tmp_path=tmp_path)
    assert [f["object"]["name"] for f in by_rule(found, "tls-secret-not-found")] == ["b"]
    assert by_rule(found, "tls-secret-invalid") == []  # Opaque without tls.key, but its data was not read
    (note,) = by_rule(found, "cluster-check-skipped")
    assert "--no-secret-data" in note["message"] and "tls-secret-invalid" in note["message"]
    secret_requests = [accept for _, path, accept in cluster.requests if path.endswith("/secrets")]
    assert secret_requests == ["application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"]


def test_no_secret_data_refuses_a_full_answer(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    """A server that ignores the metadata-only Accept: its Secret data is dropped, not used."""
    cluster.full_objects_only = True
    cluster.add(service("web"), ingress_class("nginx", default=True), secret("opaque", {"x": b"y"}, kind="Opaque"))
    found = findings(
        server, manifests(ingress_data("a", tls=[{"secretName": "absent"}])), "--no-secret-data", tmp_path=tmp_path
    )
    assert by_rule(found, "tls-secret-not-found") == []  # cannot know
    notes = [f["message"] for f in by_rule(found, "cluster-check-skipped")]
    assert any("asked for metadata only, the server answered a SecretList" in note for note in notes), notes


# -- classes


def test_ingress_class_rules_use_the_clusters_classes(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    cluster.add(service("web"), ingress_class("nginx"), ingress_class("traefik", "traefik.io/ingress-controller"))
    typo = ingress_data("typo", ingressClassName="ngnix")
    classless = ingress_data("classless", host="b.example.com")
    del classless["spec"]["ingressClassName"]
    found = findings(server, manifests(typo, classless), tmp_path=tmp_path)
    (not_found,) = by_rule(found, "ingress-class-not-found")
    assert not_found["object"]["name"] == "typo" and "write nginx" in not_found["message"]
    (missing,) = by_rule(found, "ingress-class-missing")
    assert missing["object"]["name"] == "classless"


def test_default_classes_are_counted_across_cluster_and_files(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    cluster.add(ingress_class("nginx", default=True))
    (double,) = by_rule(
        findings(server, manifests(ingress_class("traefik", "traefik.io/ic", default=True)), tmp_path=tmp_path),
        "multiple-default-ingress-classes",
    )
    assert double["object"]["name"] == "traefik" and "nginx (in the cluster)" in double["message"]
    # the file updates the cluster's nginx class to not be the default: one default remains
    files = manifests(ingress_class("traefik", "traefik.io/ic", default=True), ingress_class("nginx"))
    assert by_rule(findings(server, files, tmp_path=tmp_path), "multiple-default-ingress-classes") == []


# -- conflicts


def test_duplicate_host_path_against_the_clusters_ingresses(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    cluster.add(
        service("web"),
        ingress_class("nginx", default=True),
        ingress_data("taken", "other", host="a.example.com"),
        ingress_data("web", "shop", host="b.example.com"),  # the one the files update
    )
    text = manifests(ingress_data("new", host="a.example.com"), ingress_data("web", host="b.example.com"))
    found = by_rule(findings(server, text, tmp_path=tmp_path), "duplicate-host-path")
    path_line = text.splitlines().index('              "path": "/",') + 1  # the first Ingress's path
    assert [(f["object"]["name"], f["line"]) for f in found] == [("new", path_line)]
    assert "Ingress other/taken (in the cluster)" in found[0]["message"]


def test_ingresses_per_namespace_when_all_namespaces_are_forbidden(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    cluster.forbidden.add(("ingresses", None))
    cluster.add(
        service("web"),
        ingress_class("nginx", default=True),
        ingress_data("same-ns", "shop", host="a.example.com"),
        ingress_data("other-ns", "other", host="b.example.com"),
    )
    text = manifests(ingress_data("new", host="a.example.com"), ingress_data("new2", host="b.example.com"))
    found = findings(server, text, tmp_path=tmp_path)
    assert [f["object"]["name"] for f in by_rule(found, "duplicate-host-path")] == ["new"]  # other is not visible
    (note,) = by_rule(found, "cluster-check-skipped")
    assert "could not list ingresses in all namespaces (403 Forbidden)" in note["message"]
    assert "/apis/networking.k8s.io/v1/namespaces/shop/ingresses" in cluster.list_paths()


# -- GKE


def test_service_not_nodeport(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    neg = {"annotations": {"cloud.google.com/neg": '{"ingress": true}'}}
    cluster.add(
        service("plain"),
        service("nodeport", spec={"type": "NodePort"}),
        service("neg", **neg),
        service("standalone-neg", annotations={"cloud.google.com/neg": '{"exposed_ports": {"80": {}}}'}),
    )
    names = ["plain", "nodeport", "neg", "standalone-neg"]
    ingresses = [ingress_data(name, host=f"{name}.example.com", backend=name) for name in names]
    for item in ingresses:  # GKE reads only the class annotation (ingress-gce pkg/utils/utils.go IsGCEIngress)
        del item["spec"]["ingressClassName"]
        item["metadata"]["annotations"] = {"kubernetes.io/ingress.class": "gce"}
    found = by_rule(findings(server, manifests(*ingresses), tmp_path=tmp_path), "service-not-nodeport")
    assert sorted(f["object"]["name"] for f in found) == ["plain", "standalone-neg"]
    assert found[0]["severity"] == "warning"


# -- what the cluster does not tell


def test_forbidden_lookup_is_noted_and_other_checks_run(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    cluster.forbidden.add(("services", "shop"))
    cluster.add(service("web"), ingress_class("nginx", default=True))
    text = manifests(ingress_data("web", backend="absent", tls=[{"secretName": "absent-tls"}]))
    code, out, err = run(server, text, tmp_path=tmp_path)
    found = json.loads(out)["findings"]
    assert code == 1 and err == ""
    (note,) = by_rule(found, "cluster-check-skipped")
    assert note["severity"] == "info"
    assert note["message"].startswith("could not list services in namespace shop (403 Forbidden)")
    assert by_rule(found, "service-not-found") == []  # cannot know
    assert len(by_rule(found, "tls-secret-not-found")) == 1  # secrets could be listed


def test_timeout_is_noted_and_bounded(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.delays["secrets"] = 5
    cluster.add(service("web"), ingress_class("nginx", default=True))
    text = manifests(ingress_data("web", backend="wbe", tls=[{"secretName": "absent"}]))
    started = time.monotonic()
    code, out, err = run(server, text, "--cluster-timeout", "0.5", tmp_path=tmp_path)
    elapsed = time.monotonic() - started
    found = json.loads(out)["findings"]
    assert elapsed < 4, elapsed
    assert [path for _, path, _ in cluster.requests].count("/api/v1/namespaces/shop/secrets") == 1  # no retry
    (note,) = by_rule(found, "cluster-check-skipped")
    assert "could not list secrets in namespace shop (no answer within 0.5s)" in note["message"]
    assert len(by_rule(found, "service-not-found")) == 1 and by_rule(found, "tls-secret-not-found") == []
    assert err == "" and code == 1


# -- connection errors: exit 2, one line


def one_line_exit_2(code: int, out: str, err: str) -> str:
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("ingresslint: ") and "Traceback" not in err, err
    return err


def test_unreachable_cluster(server: FakeApiServer, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    config = server.kubeconfig()
    config.write_text(config.read_text().replace(server.url, f"https://127.0.0.1:{port}"))
    path = tmp_path / "in.yaml"
    path.write_text(manifests(ingress_data("web")))
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "ingresslint", "lint", "--cluster", "--kubeconfig", str(config), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    err = one_line_exit_2(result.returncode, result.stdout, result.stderr)
    assert f"cannot reach the cluster at https://127.0.0.1:{port}: connection refused" in err
    assert time.monotonic() - started < 15


def test_bad_kubeconfig(tmp_path: Path) -> None:
    garbage = tmp_path / "kubeconfig"
    garbage.write_text("clusters: [\n")
    err = one_line_exit_2(*run(None, manifests(ingress_data("web")), tmp_path=tmp_path, kubeconfig=garbage))
    assert f"cannot use kubeconfig {garbage}" in err
    err = one_line_exit_2(*run(None, "", tmp_path=tmp_path, kubeconfig=tmp_path / "absent"))
    assert "does not exist" in err


def test_unknown_context(server: FakeApiServer, tmp_path: Path) -> None:
    err = one_line_exit_2(*run(server, manifests(ingress_data("web")), "--context", "prod", tmp_path=tmp_path))
    assert "context 'prod' is not in" in err and "(it has: fake)" in err


def test_refused_credentials(server: FakeApiServer, tmp_path: Path) -> None:
    config = server.kubeconfig(token="wrong")
    err = one_line_exit_2(*run(server, manifests(ingress_data("web")), tmp_path=tmp_path, kubeconfig=config))
    assert "refused the credentials (401 Unauthorized)" in err


# -- fail closed (issue 10 item 2): a cluster that cannot be trusted or lets us in ends the run


@pytest.mark.parametrize(
    ("tls", "reason"),
    [
        ("wrong-name", "IP address mismatch, certificate is not valid for '127.0.0.1'"),
        ("unknown-ca", "self-signed certificate in certificate chain"),
    ],
)
def test_a_certificate_that_does_not_verify_is_exit_2(tls: str, reason: str, tmp_path: Path) -> None:
    cluster = FakeCluster()
    with FakeApiServer(cluster, tmp_path, tls=tls) as untrusted:
        err = one_line_exit_2(*run(untrusted, manifests(ingress_data("web")), tmp_path=tmp_path))
    assert err == f"ingresslint: the certificate of the cluster at {untrusted.url} does not verify: {reason}\n"
    assert cluster.requests == []  # the TLS handshake failed: no request was sent


def test_a_redirect_on_the_probe_is_exit_2(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.redirect = "https://elsewhere.example/version"
    err = one_line_exit_2(*run(server, manifests(ingress_data("web")), tmp_path=tmp_path))
    assert f"the cluster at {server.url} answered with a redirect (302) to https://elsewhere.example/version" in err
    assert [path for _, path, _ in cluster.requests] == ["/version/"]  # not followed


def test_credentials_refused_mid_run_are_exit_2(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.unauthorized_after = 1  # the probe passes, the first list is refused
    cluster.add(service("web"))
    err = one_line_exit_2(*run(server, manifests(ingress_data("web", backend="wbe")), tmp_path=tmp_path))
    assert f"the cluster at {server.url} refused the credentials (401 Unauthorized) when listing " in err
    assert "internal error" not in err


# -- bounded (issue 10 item 3): total time per request, size cap, pages, exec plugins


def test_a_drip_feeding_server_is_cut_off(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.drip = 0.1  # one byte every 0.1 s: each read is quick, the answer takes minutes
    cluster.add(service("web"), ingress_class("nginx", default=True))
    started = time.monotonic()
    code, out, err = run(
        server, manifests(ingress_data("web", backend="wbe")), "--cluster-timeout", "0.5", tmp_path=tmp_path
    )
    assert time.monotonic() - started < 10
    notes = by_rule(json.loads(out)["findings"], "cluster-check-skipped")
    assert notes and all("(no answer within 0.5s)" in note["message"] for note in notes)
    assert code == 0 and err == ""


def test_a_huge_answer_is_refused_not_read(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingresslint import cluster as live

    monkeypatch.setattr(live, "MAX_RESPONSE_BYTES", 1 << 20)
    cluster.huge = 8 << 20  # streamed without Content-Length
    cluster.add(service("web"))
    found = findings(server, manifests(ingress_data("web", backend="wbe")), tmp_path=tmp_path)
    notes = [note["message"] for note in by_rule(found, "cluster-check-skipped")]
    assert any("could not list services in namespace shop (the answer is larger than 1 MiB)" in note for note in notes)
    assert by_rule(found, "service-not-found") == []  # cannot know: silent, not a false finding


def test_lists_are_read_in_pages(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    cluster.page_size = 2  # a server (or proxy) that pages whatever limit asks
    cluster.add(*(service(f"svc-{n}") for n in range(5)), ingress_class("nginx", default=True))
    found = findings(
        server, manifests(ingress_data("web", backend="svc-4"), ingress_data("b", backend="wbe")), tmp_path=tmp_path
    )
    (missing,) = by_rule(found, "service-not-found")  # svc-4, on the third page, is found
    assert "Service shop/wbe is not among the 5 Services of shop" in missing["message"]
    pages = [path for path in cluster.queries if "/namespaces/shop/services" in path]
    assert pages == [
        "/api/v1/namespaces/shop/services?limit=500",
        "/api/v1/namespaces/shop/services?continue=2&limit=500",
        "/api/v1/namespaces/shop/services?continue=4&limit=500",
    ]


def exec_plugin(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def test_an_exec_credential_plugin_supplies_the_token(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    credential = {"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": TOKEN}}
    config = server.kubeconfig(exec_command=exec_plugin(f"print({json.dumps(json.dumps(credential))})"))
    cluster.add(service("web"))
    code, out, err = run(server, manifests(ingress_data("web", backend="wbe")), tmp_path=tmp_path, kubeconfig=config)
    assert code == 1 and err == "" and len(by_rule(json.loads(out)["findings"], "service-not-found")) == 1


def test_a_hanging_exec_plugin_is_killed_at_the_timeout(server: FakeApiServer, tmp_path: Path) -> None:
    config = server.kubeconfig(exec_command=["sh", "-c", "sleep 60; echo never"])  # sh waits for its child
    started = time.monotonic()
    code, out, err = run(
        server, manifests(ingress_data("web")), "--cluster-timeout", "1", tmp_path=tmp_path, kubeconfig=config
    )
    assert time.monotonic() - started < 10
    err = one_line_exit_2(code, out, err)
    assert (
        f"the credential plugin of kubeconfig {config} failed: exec: the credential plugin gave no answer within 1s"
        in err
    )


def test_a_failing_exec_plugin_is_one_line_without_its_stderr(server: FakeApiServer, tmp_path: Path) -> None:
    config = server.kubeconfig(
        exec_command=exec_plugin("import sys; sys.stderr.write('plugin-stderr-7f3a'); sys.exit(3)")
    )
    err = one_line_exit_2(*run(server, manifests(ingress_data("web")), tmp_path=tmp_path, kubeconfig=config))
    assert f"the credential plugin of kubeconfig {config} failed: exec: process returned 3" in err
    assert "plugin-stderr-7f3a" not in err


def test_cluster_options_need_cluster(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(manifests(ingress_data("web")))
    result = CliRunner().invoke(main, ["lint", "--context", "x", str(path)])
    assert result.exit_code == 2 and "need --cluster" in result.stderr


def test_in_cluster_configuration(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a Pod (KUBERNETES_SERVICE_HOST set) without a kubeconfig: the service account."""
    from kubernetes.config import incluster_config

    from ingresslint import cluster as live

    account = tmp_path / "serviceaccount"
    account.mkdir()
    (account / "token").write_text(TOKEN)
    (account / "ca.crt").write_bytes(server.ca_pem)
    (account / "namespace").write_text("shop")
    monkeypatch.setattr(incluster_config, "SERVICE_TOKEN_FILENAME", str(account / "token"))
    monkeypatch.setattr(incluster_config, "SERVICE_CERT_FILENAME", str(account / "ca.crt"))
    monkeypatch.setattr(live, "SERVICE_ACCOUNT_NAMESPACE", str(account / "namespace"))
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", server.url.rsplit(":", 1)[1])
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    cluster.add(service("web"), ingress_class("nginx", default=True))
    path = tmp_path / "in.yaml"
    path.write_text(manifests(ingress_data("web", backend="wbe")))
    result = CliRunner().invoke(main, ["lint", "--cluster", "--format", "json", str(path)])
    assert result.exit_code == 1, result.output
    (missing,) = by_rule(json.loads(result.stdout)["findings"], "service-not-found")
    assert "shop/wbe" in missing["message"]


# -- cost and secrecy


def test_requests_grow_with_namespaces_and_kinds_not_objects(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    namespaces = ("shop", "blog", "api")
    cluster.add(ingress_class("nginx", default=True), *(service("web", ns) for ns in namespaces))
    cluster.add(*(tls_secret("web-tls", [HOST], 300, ns) for ns in namespaces))
    cluster.add(*(ingress_data(f"live-{i}", namespaces[i % 3], host=f"live-{i}.example.com") for i in range(300)))
    linted = [
        ingress_data(f"app-{i}", namespaces[i % 3], host=f"app-{i}.example.com", tls=[{"secretName": "web-tls"}])
        for i in range(1000)
    ]
    started = time.monotonic()
    found = findings(server, manifests(*linted), tmp_path=tmp_path)
    elapsed = time.monotonic() - started
    assert by_rule(found, "service-not-found") == [] and by_rule(found, "cluster-check-skipped") == []
    paths = [path for _, path, _ in cluster.requests]
    assert len(paths) == len(set(paths)) == 9, (
        paths
    )  # /version, services and secrets x 3 namespaces, classes, ingresses
    print(f"1000 Ingresses in 3 namespaces: {len(paths)} requests, {elapsed:.2f}s")


SECRET_VALUE = b"s3cr3t-p4ssw0rd-value"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "github"])
def test_no_secret_value_in_any_output(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path, output_format: str
) -> None:
    cert, key, _, _ = certificate(["elsewhere.example.com"], NOW + timedelta(days=3))
    cluster.add(
        service("web"),
        ingress_class("nginx", default=True),
        secret("web-tls", {"tls.crt": cert, "tls.key": key, "password": SECRET_VALUE}),
        secret("wrong", {"token": SECRET_VALUE}, kind="kubernetes.io/service-account-token"),
    )
    text = manifests(
        ingress_data("web", tls=[{"hosts": [HOST], "secretName": "web-tls"}]),
        ingress_data("other", host="o.example.com", tls=[{"hosts": ["o.example.com"], "secretName": "wrong"}]),
    )
    code, out, err = run(server, text, "--format", output_format, tmp_path=tmp_path)
    assert code == 1
    for rule in ("tls-certificate-host-mismatch", "tls-certificate-expiring", "tls-secret-invalid"):
        assert rule in out  # the findings about these Secrets are there ...
    key_body = b"".join(key.splitlines()[1:-1]).decode()
    secrets = [
        SECRET_VALUE.decode(),
        base64.b64encode(SECRET_VALUE).decode(),
        key_body[:40],
        key_body[-40:],
        base64.b64encode(key).decode()[:40],
        "PRIVATE KEY",
        base64.b64encode(cert).decode()[:40],
    ]
    for value in secrets:  # ... and none of their values
        assert value not in out and value not in err


# -- a real client


def test_kubectl_speaks_to_the_fake_server(cluster: FakeCluster, server: FakeApiServer, tmp_path: Path) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: the fake API server is checked with the Python client only")
    cluster.add(service("web"), service("api", "other"))
    command = [kubectl, "--kubeconfig", str(server.kubeconfig()), "--cache-dir", str(tmp_path / "cache")]
    result = subprocess.run(
        [*command, "get", "services", "-A", "-o", "json", "--request-timeout", "10s"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert listed["kind"] == "List"
    assert sorted((item["metadata"]["namespace"], item["metadata"]["name"]) for item in listed["items"]) == [
        ("other", "api"),
        ("shop", "web"),
    ]
    assert ("GET", "/api/v1/services", "application/json") in [
        (method, path.split("?")[0], accept.split(",")[0]) for method, path, accept in cluster.requests
    ]


def test_plain_lint_does_not_need_the_cluster_module() -> None:
    code = textwrap.dedent(
        """
        import sys
        import ingresslint.cli, ingresslint.engine, ingresslint.registry
        print('kubernetes' in sys.modules, 'ingresslint.cluster' in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_the_shipped_cluster_role_grants_what_a_run_lists(
    cluster: FakeCluster, server: FakeApiServer, tmp_path: Path
) -> None:
    from ruamel.yaml import YAML

    roles = list(YAML(typ="safe").load_all((REPO / "examples" / "rbac.yaml").read_text(encoding="utf-8")))
    (role,) = [doc for doc in roles if doc["kind"] == "ClusterRole" and doc["metadata"]["name"] == "ingresslint"]
    granted = {
        (group, resource) for rule in role["rules"] for group in rule["apiGroups"] for resource in rule["resources"]
    }
    assert all(set(rule["verbs"]) == {"get", "list"} for doc in roles if "rules" in doc for rule in doc["rules"])
    cluster.add(service("web"), ingress_class("nginx", default=True))
    findings(server, manifests(ingress_data("web", tls=[{"secretName": "web-tls"}])), tmp_path=tmp_path)
    listed = set()
    for path in cluster.list_paths():
        parts = path.split("/")
        listed.add(("" if parts[1] == "api" else parts[2], parts[-1]))
    assert listed == granted


def test_cluster_without_the_kubernetes_package_says_what_to_install(tmp_path: Path) -> None:
    """kubernetes is the optional [cluster] extra: without it, --cluster is exit 2 with one line."""
    path = tmp_path / "in.yaml"
    path.write_text(manifests(ingress_data("web")))
    hide = "import sys; sys.modules['kubernetes'] = None; from ingresslint.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", hide, "lint", "--cluster", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    err = one_line_exit_2(result.returncode, result.stdout, result.stderr)
    assert "pip install 'ingresslint[cluster]'" in err
