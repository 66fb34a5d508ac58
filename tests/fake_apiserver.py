"""A fake Kubernetes API server for the tests: HTTPS on 127.0.0.1 with its own CA, a bearer
token, and the real REST API for the calls ingresslint (and ``kubectl get``) make:

- ``/version``, discovery (``/api``, ``/apis``, ``/api/v1``, ``/apis/networking.k8s.io/v1``);
- lists of Services and Secrets (per namespace or across all), IngressClasses and Ingresses
  (per namespace or across all), as ``*List`` objects with apiVersion, kind,
  metadata.resourceVersion and items (items without kind, as the real server sends them), or
  as a ``PartialObjectMetadataList`` when the Accept header asks for one;
- ``Status`` objects for 401, 403 and 404 with the real reason and code fields.

Fault modes (issue 10): a certificate for another name or from a CA the kubeconfig does not
carry (``FakeApiServer(tls=...)``), a redirect on every path, 401 after N requests, list
answers drip-fed a byte at a time or padded to a huge size (streamed, no Content-Length), and
pages of at most N items whatever ``limit`` asks (``FakeCluster`` fields); kubeconfigs with an
``exec`` credential plugin (``FakeApiServer.kubeconfig(exec_command=...)``). Lists honour
``limit`` and ``continue`` as the real server does.

Every request is recorded (method, path, Accept; and the path with its query) so tests can count them.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
import ssl
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TOKEN = "fake-apiserver-token-7f3a"
USER = "system:serviceaccount:ci:ingresslint"
LISTS = {  # resource -> (group, list kind, namespaced)
    "services": ("", "ServiceList", True),
    "secrets": ("", "SecretList", True),
    "ingresses": ("networking.k8s.io", "IngressList", True),
    "ingressclasses": ("networking.k8s.io", "IngressClassList", False),
}
KINDS = {"Service": "services", "Secret": "secrets", "Ingress": "ingresses", "IngressClass": "ingressclasses"}
LIST_PATH = re.compile(
    r"^/(?:api/v1|apis/networking\.k8s\.io/v1)/(?:namespaces/(?P<namespace>[^/]+)/)?(?P<resource>[a-z]+)$"
)


def certificate(
    names: list[str], not_after: datetime, issuer: tuple[Any, Any] | None = None, ca: bool = False
) -> tuple[bytes, bytes, Any, Any]:
    """(certificate PEM, key PEM, certificate, key) for ``names`` (DNS names or IP addresses),
    signed by ``issuer`` (certificate, key) or self-signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    sans: list[x509.GeneralName] = []
    for name in names:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            sans.append(x509.DNSName(name))
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer[0].subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(min(not_after, datetime.now(timezone.utc)) - timedelta(days=30))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    cert = builder.sign(issuer[1] if issuer else key, hashes.SHA256())
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem, cert, key


def status(code: int, reason: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }
    if details is not None:
        body["details"] = details
    return body


@dataclass
class FakeCluster:
    """What the server holds and refuses. ``forbidden`` holds (resource, namespace) pairs:
    namespace None is the cluster-wide list (all namespaces), "*" every namespace."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    forbidden: set[tuple[str, str | None]] = field(default_factory=set)
    delays: dict[str, float] = field(default_factory=dict)  # resource -> seconds before answering
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # (method, path without query, Accept)
    queries: list[str] = field(default_factory=list)  # every request's path with its query
    full_objects_only: bool = False  # answer PartialObjectMetadataList requests with full objects
    redirect: str | None = None  # answer every request with 302 to this URL
    unauthorized_after: int | None = None  # answer 401 once this many requests were served
    drip: float | None = None  # list answers: one byte every this many seconds
    huge: int | None = None  # list answers: padded to this many bytes, streamed without Content-Length
    page_size: int | None = None  # list answers: at most this many items per page, whatever limit says

    def add(self, *objects: dict[str, Any]) -> None:
        self.objects.extend(objects)

    def list_paths(self) -> list[str]:
        return [path for _, path, _ in self.requests if LIST_PATH.match(path.split("?")[0])]


class FakeApiServer:
    """``with FakeApiServer(cluster, tmp_path) as server:`` serves ``cluster`` on 127.0.0.1."""

    def __init__(self, cluster: FakeCluster, directory: Path, tls: str = "valid") -> None:
        """``tls``: "valid", "wrong-name" (a certificate for other.example.com) or "unknown-ca"
        (the kubeconfig carries another CA than the one that signed the certificate)."""
        self.cluster, self.directory = cluster, directory
        self._stop = threading.Event()
        far = datetime.now(timezone.utc) + timedelta(days=30)
        ca_pem, _, ca_cert, ca_key = certificate(["fake-apiserver-ca"], far, ca=True)
        names = ["other.example.com"] if tls == "wrong-name" else ["127.0.0.1", "localhost"]
        cert_pem, key_pem, _, _ = certificate(names, far, issuer=(ca_cert, ca_key))
        self.ca_pem = certificate(["unrelated-ca"], far, ca=True)[0] if tls == "unknown-ca" else ca_pem
        (directory / "server.crt").write_bytes(cert_pem + ca_pem)
        (directory / "server.key").write_bytes(key_pem)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(directory / "server.crt", directory / "server.key")
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeApiServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def kubeconfig(
        self,
        namespace: str | None = "shop",
        token: str = TOKEN,
        name: str = "kubeconfig",
        exec_command: list[str] | None = None,
    ) -> Path:
        """A kubeconfig file with one context, ``fake``, for this server; with ``exec_command``
        the user's credential comes from that exec plugin instead of a token."""
        context: dict[str, Any] = {"cluster": "fake", "user": "ci"}
        if namespace:
            context["namespace"] = namespace
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": "fake",
                    "cluster": {
                        "server": self.url,
                        "certificate-authority-data": base64.b64encode(self.ca_pem).decode(),
                    },
                }
            ],
            "users": [{"name": "ci", "user": _user(token, exec_command)}],
            "contexts": [{"name": "fake", "context": context}],
            "current-context": "fake",
        }
        path = self.directory / name
        path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
        return path

    # -- answers

    def answer(self, method: str, path: str, accept: str, authorization: str) -> tuple[int, dict[str, Any]]:
        self.cluster.requests.append((method, path.split("?")[0], accept))
        self.cluster.queries.append(path)
        if self.cluster.redirect is not None:
            return 302, {"location": self.cluster.redirect}
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or token.strip() != TOKEN:  # the scheme is case-insensitive
            return 401, status(401, "Unauthorized", "Unauthorized")
        if self.cluster.unauthorized_after is not None and len(self.cluster.requests) > self.cluster.unauthorized_after:
            return 401, status(401, "Unauthorized", "Unauthorized")  # the token expired or was revoked
        bare = path.split("?")[0].rstrip("/") or "/"  # the Python client asks for /version/
        if method != "GET":
            return 405, status(
                405, "MethodNotAllowed", "the server does not allow this method on the requested resource"
            )
        if bare in DISCOVERY:
            return 200, DISCOVERY[bare]
        if bare == "/version":
            return 200, VERSION
        match = LIST_PATH.match(bare)
        if match is None or match["resource"] not in LISTS:
            return 404, status(404, "NotFound", "the server could not find the requested resource", {})
        resource, namespace = match["resource"], match["namespace"]
        group, list_kind, namespaced = LISTS[resource]
        if (group == "") != bare.startswith("/api/") or (namespace is not None and not namespaced):
            return 404, status(404, "NotFound", "the server could not find the requested resource", {})
        if {(resource, namespace), (resource, "*" if namespace else None)} & self.cluster.forbidden:
            where = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
            message = f'{resource} is forbidden: User "{USER}" cannot list resource "{resource}" in API group "{group}" {where}'
            return 403, status(403, "Forbidden", message, {"kind": resource})
        if self._stop.wait(self.cluster.delays.get(resource, 0)):
            return 503, status(503, "ServiceUnavailable", "shutting down")
        items, token = self._page([self._item(obj) for obj in self._objects(resource, namespace)], path)
        if "as=PartialObjectMetadataList" in accept and not self.cluster.full_objects_only:
            items = [
                {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": i["metadata"]}
                for i in items
            ]
            return 200, _list("meta.k8s.io/v1", "PartialObjectMetadataList", items, token)
        return 200, _list(f"{group}/v1" if group else "v1", list_kind, items, token)

    def _page(self, items: list[dict[str, Any]], path: str) -> tuple[list[dict[str, Any]], str | None]:
        """The page ``limit`` and ``continue`` ask for, and the next continue token."""
        query = parse_qs(urlsplit(path).query)
        start = int(query.get("continue", ["0"])[0])
        sizes = [int(query["limit"][0])] if "limit" in query else []
        sizes += [self.cluster.page_size] if self.cluster.page_size else []
        end = start + min(sizes) if sizes else len(items)
        return items[start:end], str(end) if end < len(items) else None

    def _objects(self, resource: str, namespace: str | None) -> Iterable[dict[str, Any]]:
        for obj in self.cluster.objects:
            if KINDS.get(obj.get("kind", "")) == resource and namespace in (None, obj["metadata"].get("namespace")):
                yield obj

    @staticmethod
    def _item(obj: dict[str, Any]) -> dict[str, Any]:
        item = {key: value for key, value in obj.items() if key not in ("apiVersion", "kind")}
        meta = dict(item.get("metadata", {}))
        meta.setdefault("resourceVersion", "1001")
        meta.setdefault("uid", f"00000000-0000-4000-8000-{abs(hash(meta.get('name'))) % 10**12:012d}")
        meta.setdefault("creationTimestamp", "2026-01-01T00:00:00Z")
        item["metadata"] = meta
        return item


def _list(api_version: str, kind: str, items: list[dict[str, Any]], token: str | None = None) -> dict[str, Any]:
    metadata = {"resourceVersion": "1002", **({"continue": token} if token else {})}
    return {"apiVersion": api_version, "kind": kind, "metadata": metadata, "items": items}


def _user(token: str, exec_command: list[str] | None) -> dict[str, Any]:
    if exec_command is None:
        return {"token": token}
    return {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1",
            "command": exec_command[0],
            "args": exec_command[1:],
            "interactiveMode": "Never",
        }
    }


def _resource(name: str, kind: str, namespaced: bool, short: list[str] | None = None) -> dict[str, Any]:
    entry = {
        "name": name,
        "singularName": kind.lower(),
        "namespaced": namespaced,
        "kind": kind,
        "verbs": ["get", "list", "watch"],
    }
    if short:
        entry["shortNames"] = short
    return entry


VERSION = {
    "major": "1",
    "minor": "33",
    "gitVersion": "v1.33.0",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2026-01-01T00:00:00Z",
    "goVersion": "go1.24.0",
    "compiler": "gc",
    "platform": "linux/amd64",
}
NETWORKING = {"groupVersion": "networking.k8s.io/v1", "version": "v1"}
DISCOVERY: dict[str, dict[str, Any]] = {
    "/api": {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:443"}],
    },
    "/apis": {
        "kind": "APIGroupList",
        "apiVersion": "v1",
        "groups": [{"name": "networking.k8s.io", "versions": [NETWORKING], "preferredVersion": NETWORKING}],
    },
    "/api/v1": {
        "kind": "APIResourceList",
        "groupVersion": "v1",
        "resources": [
            _resource("services", "Service", True, ["svc"]),
            _resource("secrets", "Secret", True),
        ],
    },
    "/apis/networking.k8s.io/v1": {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "networking.k8s.io/v1",
        "resources": [
            _resource("ingresses", "Ingress", True, ["ing"]),
            _resource("ingressclasses", "IngressClass", False),
        ],
    },
}


def _handler(server: FakeApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._reply()

        def do_POST(self) -> None:
            self._reply()

        def _reply(self) -> None:
            code, body = server.answer(
                self.command, self.path, self.headers.get("Accept", ""), self.headers.get("Authorization", "")
            )
            data = json.dumps(body).encode()
            listing = code == 200 and "items" in body
            try:
                if listing and self.server_cluster.huge:
                    return self._stream_huge(data)
                if listing and self.server_cluster.drip:
                    return self._drip(data)
                self.send_response(code)
                if "location" in body:
                    self.send_header("Location", body["location"])
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (a timeout test)

        server_cluster = server.cluster

        def _drip(self, data: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            for index in range(len(data)):
                if server._stop.wait(self.server_cluster.drip or 0):
                    return
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()

        def _stream_huge(self, data: bytes) -> None:
            """A valid list padded with a huge metadata field, with no Content-Length."""
            head, tail = data[:-1] + b', "padding": "', b'"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            self.wfile.write(head)
            sent, chunk = 0, b"x" * (1 << 16)
            while sent < (self.server_cluster.huge or 0) and not server._stop.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
            self.wfile.write(tail)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
