"""Live-cluster mode (``ingresslint lint --cluster``): a read-only Resolver over the API server.

The official ``kubernetes`` client is imported here only, inside the functions, so a plain
lint never loads it. Every request is a GET bounded by ``timeout`` (no retries). Lookups are
list calls per kind (per namespace for Services and Secrets), cached for the run, so the
number of requests grows with namespaces and kinds, not objects. A lookup that is forbidden
or times out answers None ("cannot know") and is recorded for ``cluster-check-skipped``.

Secrets: only their names, types, key names and ``tls.crt`` are kept; no other value is
stored, logged or printed. With ``secret_data=False`` Secrets are listed as
PartialObjectMetadata, so no data crosses the wire at all.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from ingresslint.checks._ingress import marks_default
from ingresslint.model import Document
from ingresslint.resolver import IngressClassInfo, ResolverFailed, SecretInfo, ServiceInfo, Skipped, decode_base64

JSON = "application/json"
METADATA_ONLY = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"
SERVICE_ACCOUNT_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
SECRET_DATA_CHECKS = (
    "tls-secret-invalid",
    "tls-certificate-host-mismatch",
    "tls-certificate-expired",
    "tls-certificate-expiring",
)
CHECKS = {  # the rules each resource feeds, for the cluster-check-skipped message
    "services": ("service-not-found", "service-port-not-found", "service-not-nodeport"),
    "secrets": ("tls-secret-not-found", *SECRET_DATA_CHECKS),
    "ingressclasses": (
        "ingress-class-not-found",
        "ingress-class-missing",
        "ingress-class-name-unread",
        "multiple-default-ingress-classes",
    ),
    "ingresses": ("duplicate-host-path",),
}


PAGE_SIZE = {"services": 500, "ingresses": 500, "ingressclasses": 500, "secrets": 100}  # Secrets hold up to 1 MiB each
MAX_PAGES = 1000
MAX_RESPONSE_BYTES = 64 << 20  # per page: a larger answer is refused, not read (a cluster-check-skipped note)


class ClusterError(ResolverFailed):
    """The cluster cannot be used at all (bad kubeconfig, unknown context, unreachable, refused
    credentials, a certificate that does not verify): exit 2."""


def refused(error: BaseException, server: str, doing: str = "") -> str | None:
    """The one-line reason when ``error`` means the cluster must not be trusted or cannot let us
    in (fail closed: exit 2), else None. ``doing`` says which request it was."""
    import urllib3.exceptions as errors

    when = f" {doing}" if doing else ""
    cause = error.reason if isinstance(error, errors.MaxRetryError) else error
    if isinstance(cause, errors.SSLError):  # not wrapped by the client (a proxy in between)
        return f"the certificate of the cluster at {server} does not verify{when}: {_tls_reason(str(cause))}"
    status = getattr(error, "status", None)
    if not isinstance(status, int) or getattr(error, "reason", None) is None:
        return None
    if status == 0:  # the client's wrapping of urllib3's SSLError
        return f"the certificate of the cluster at {server} does not verify{when}: {_tls_reason(str(error.reason))}"
    if status == 401:
        return f"the cluster at {server} refused the credentials (401 Unauthorized){when}"
    if 300 <= status < 400:
        target = (getattr(error, "headers", None) or {}).get("Location") or "elsewhere"
        return f"the cluster at {server} answered with a redirect ({status}) to {target}{when}; an API server does not redirect: check the server URL"
    return None


def _tls_reason(reason: str) -> str:
    """ "IP address mismatch, certificate is not valid for '127.0.0.1'" out of the SSLError text."""
    marker = "certificate verify failed: "
    text = reason.split(marker, 1)[1] if marker in reason else reason.removeprefix("SSLError")
    return _one_line(text.split(" (_ssl.c", 1)[0].rstrip(". ") or text)


@dataclass(frozen=True)
class Connection:
    api: Any  # kubernetes.client.ApiClient
    namespace: str  # the context's namespace, else "default"
    server: str


CLUSTER_EXTRA_HINT = "--cluster needs the kubernetes client: pip install 'ingresslint[cluster]'"


def _kubernetes_client() -> tuple[Any, Any]:
    """The kubernetes package's client and config modules; ClusterError when it is not installed
    (it is the optional ``cluster`` extra, so that a plain lint installs light)."""
    try:
        from kubernetes import client, config
    except ImportError:
        raise ClusterError(CLUSTER_EXTRA_HINT) from None
    return client, config


def connect(kubeconfig: str | None, context: str | None, timeout: float) -> Connection:
    """Load the configuration (``kubeconfig``, else KUBECONFIG, else ~/.kube/config, else the
    in-cluster service account) and probe the server once with GET /version."""
    client, config = _kubernetes_client()

    from ingresslint.cluster_io import ClientLog, bound_exec_plugins, bounded

    log = ClientLog.install()  # the client's log records (an exec plugin's stderr) stay off our stderr
    logged = len(log.messages)
    bound_exec_plugins(timeout)
    configuration = client.Configuration()
    path = kubeconfig or os.environ.get("KUBECONFIG") or os.path.expanduser("~/.kube/config")
    try:
        if kubeconfig is None and context is None and _in_pod(path):
            config.load_incluster_config(client_configuration=configuration)
            namespace = _read(SERVICE_ACCOUNT_NAMESPACE) or "default"
        else:
            if not any(os.path.isfile(part) for part in path.split(os.pathsep) if part):
                raise ClusterError(f"kubeconfig {path} does not exist (use --kubeconfig FILE or KUBECONFIG)")
            contexts, active = config.list_kube_config_contexts(path)
            names = [entry["name"] for entry in contexts]
            if context is not None and context not in names:
                raise ClusterError(f"context {context!r} is not in {path} (it has: {', '.join(names) or 'none'})")
            chosen = next((entry for entry in contexts if entry["name"] == context), active)
            namespace = (chosen or {}).get("context", {}).get("namespace") or "default"
            config.load_kube_config(path, context, client_configuration=configuration, persist_config=False)
            failure = log.exec_failure(logged)
            if failure is not None:  # the client logs it and goes on without credentials
                raise ClusterError(f"the credential plugin of kubeconfig {path} failed: {failure}")
    except ClusterError:
        raise
    except Exception as error:  # the loader raises many kinds: one line is what the user needs
        raise ClusterError(f"cannot use kubeconfig {path}: {_one_line(error)}") from None
    configuration.retries = False  # one attempt per request, no redirect followed: the timeout bounds the run
    api = client.ApiClient(configuration)
    server = configuration.host
    try:
        bounded(lambda: client.VersionApi(api).get_code(_request_timeout=timeout), timeout)
    except Exception as error:
        refusal = refused(error, server)
        if refusal is not None:
            raise ClusterError(refusal) from None
        if not isinstance(error, client.ApiException):
            raise ClusterError(f"cannot reach the cluster at {server}: {_failure(error, timeout)}") from None
        # any other answer (403, 404, 500) means the server is there; the lookups report what they may not do
    return Connection(api, namespace, server)


class ClusterResolver:
    """The Resolver protocol (and LiveResolver) over the API server."""

    def __init__(self, api: Any, timeout: float, secret_data: bool = True) -> None:
        self._api, self._timeout, self._secret_data = api, timeout, secret_data
        self._server: str = api.configuration.host
        self._lists: dict[tuple[str, str | None], list[dict[str, Any]] | None] = {}
        self._answers: dict[tuple[str, str | None], Any] = {}
        self._skipped: list[Skipped] = []
        self._failures: dict[tuple[str, str | None], str] = {}  # why a list call failed

    def services(self, namespace: str) -> Mapping[str, ServiceInfo] | None:
        return self._answer("services", namespace, _service)

    def secrets(self, namespace: str) -> Mapping[str, SecretInfo] | None:
        if not self._secret_data and not any(note.resource == "secret data" for note in self._skipped):
            checks = ", ".join(SECRET_DATA_CHECKS)
            message = (
                f"--no-secret-data: TLS Secrets were checked for existence only (metadata), so {checks} were skipped"
            )
            self._skipped.append(Skipped("get", "secret data", None, message))
        return self._answer("secrets", namespace, _secret if self._secret_data else _secret_metadata)

    def ingress_classes(self) -> Mapping[str, IngressClassInfo] | None:
        return self._answer("ingressclasses", None, _ingress_class)

    def ingresses(self) -> tuple[Document, ...] | None:
        return self.ingresses_in(())

    def ingresses_in(self, namespaces: Collection[str]) -> tuple[Document, ...] | None:
        key = ("ingresses", ",".join(namespaces))
        if key not in self._answers:
            items = self._list("ingresses", None, record=not namespaces)
            if items is None and namespaces:
                parts = [self._list("ingresses", namespace) for namespace in namespaces]
                message = (
                    f"could not list ingresses in all namespaces ({self._failures[('ingresses', None)]}), so "
                    f"duplicate-host-path compared the linted Ingresses only with those of {', '.join(namespaces)}: "
                    "grant list on ingresses cluster-wide (examples/rbac.yaml)"
                )
                self._skipped.append(Skipped("list", "ingresses", None, message))
                found = [part for part in parts if part is not None]
                items = [item for part in found for item in part] if found else None
            self._answers[key] = None if items is None else tuple(_ingress(i, item) for i, item in enumerate(items))
        return self._answers[key]

    def skipped(self) -> tuple[Skipped, ...]:
        return tuple(self._skipped)

    def _answer(self, resource: str, namespace: str | None, convert: Callable[[str, dict[str, Any]], Any]) -> Any:
        key = (resource, namespace)
        if key not in self._answers:
            items = self._list(resource, namespace)
            self._answers[key] = None if items is None else _by_name(items, namespace or "", convert)
        return self._answers[key]

    def _list(self, resource: str, namespace: str | None, record: bool = True) -> list[dict[str, Any]] | None:
        """The items of one list call (cached), or None when it failed (noted when ``record``)."""
        key = (resource, namespace)
        if key in self._lists:
            return self._lists[key]
        items: list[dict[str, Any]] | None = None
        try:
            items = self._pages(resource, namespace)
        except Exception as error:
            where = f"in namespace {namespace}" if namespace else "cluster-wide"
            refusal = refused(error, self._server, f"when listing {resource} {where}")
            if refusal is not None:
                raise ClusterError(refusal) from None  # fail closed: no answer of this cluster can be trusted
            self._failures[key] = _failure(error, self._timeout)
            if record:
                message = (
                    f"could not list {resource} {where} ({self._failures[key]}), so {', '.join(CHECKS[resource])} "
                    f"skipped what needs them; the other checks ran: grant list on {resource} (examples/rbac.yaml)"
                )
                self._skipped.append(Skipped("list", resource, namespace, message))
        self._lists[key] = items
        return items

    def _pages(self, resource: str, namespace: str | None) -> list[dict[str, Any]]:
        """Every item of a list, read in pages of PAGE_SIZE (``limit``/``continue``): a server or
        proxy that pages must not give a silently truncated list."""
        items: list[dict[str, Any]] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            body = self._page(resource, namespace, token)
            if resource == "secrets" and not self._secret_data and body.get("kind") != "PartialObjectMetadataList":
                raise ValueError(f"asked for metadata only, the server answered a {body.get('kind')}")  # data dropped
            items += [item for item in body.get("items") or () if isinstance(item, dict)]
            token = _meta(body).get("continue")
            if not token or not isinstance(token, str):
                return items
        raise ValueError(f"the list has more than {MAX_PAGES} pages of {PAGE_SIZE[resource]}")

    def _page(self, resource: str, namespace: str | None, token: str | None) -> dict[str, Any]:
        """One page, read whole within the timeout (in total, not per read) and MAX_RESPONSE_BYTES."""
        from ingresslint.cluster_io import bounded, read_capped

        deadline = time.monotonic() + self._timeout

        def fetch() -> bytes:
            response = self._request(resource, namespace, token)
            return read_capped(response, deadline, MAX_RESPONSE_BYTES, self._timeout)

        body = json.loads(bounded(fetch, self._timeout))
        if not isinstance(body, dict):
            raise ValueError(f"the answer is a JSON {type(body).__name__}, not a list object")
        return body

    def _request(self, resource: str, namespace: str | None, token: str | None = None) -> Any:
        from kubernetes import client

        metadata_only = resource == "secrets" and not self._secret_data
        api = self._api
        if metadata_only:
            # Clients before kubernetes 37 (the python-legacy generator) overwrite an Accept
            # given in _headers with the result of select_header_accept: ask that one too.
            api = client.ApiClient(self._api.configuration)
            api.select_header_accept = lambda _accepts: METADATA_ONLY
        core, networking = client.CoreV1Api(api), client.NetworkingV1Api(api)
        options: dict[str, Any] = {
            "_preload_content": False,
            "_request_timeout": self._timeout,
            "_headers": {"Accept": METADATA_ONLY if metadata_only else JSON},
            "limit": PAGE_SIZE[resource],
        }
        if token is not None:
            options["_continue"] = token
        if resource == "services":
            return core.list_namespaced_service(namespace, **options)
        if resource == "secrets":
            return core.list_namespaced_secret(namespace, **options)
        if resource == "ingressclasses":
            return networking.list_ingress_class(**options)
        if namespace is None:
            return networking.list_ingress_for_all_namespaces(**options)
        return networking.list_namespaced_ingress(namespace, **options)


def _by_name(items: list[dict[str, Any]], namespace: str, convert: Callable[[str, dict[str, Any]], Any]) -> dict:
    out = {}
    for item in items:
        name = _meta(item).get("name")
        if isinstance(name, str):
            out[name] = convert(_meta(item).get("namespace") or namespace, item)
    return out


def _meta(item: Mapping[str, Any]) -> dict[str, Any]:
    value = item.get("metadata")
    return value if isinstance(value, dict) else {}


def _spec(item: Mapping[str, Any]) -> dict[str, Any]:
    value = item.get("spec")
    return value if isinstance(value, dict) else {}


def _annotations(item: Mapping[str, Any]) -> dict[str, str]:
    value = _meta(item).get("annotations")
    return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


def _service(namespace: str, item: dict[str, Any]) -> ServiceInfo:
    ports = tuple(
        (
            port.get("port") if isinstance(port.get("port"), int) else None,
            port.get("name") if isinstance(port.get("name"), str) else None,
        )
        for port in _spec(item).get("ports") or ()
        if isinstance(port, dict)
    )
    kind = _spec(item).get("type")
    return ServiceInfo(
        namespace, _meta(item)["name"], ports, None, kind if isinstance(kind, str) else "ClusterIP", _annotations(item)
    )


def _secret(namespace: str, item: dict[str, Any]) -> SecretInfo:
    """Key names, and the certificate of tls.crt; every other value is dropped here."""
    data = item.get("data")
    keys = {str(key): b"" for key in data} if isinstance(data, dict) else {}
    certificate = data.get("tls.crt") if isinstance(data, dict) else None
    if isinstance(certificate, str):
        keys["tls.crt"] = decode_base64(certificate)
    kind = item.get("type")
    return SecretInfo(namespace, _meta(item)["name"], kind if isinstance(kind, str) else "Opaque", keys)


def _secret_metadata(namespace: str, item: dict[str, Any]) -> SecretInfo:
    return SecretInfo(namespace, _meta(item)["name"], "", metadata_only=True)


def _ingress_class(_: str, item: dict[str, Any]) -> IngressClassInfo:
    controller = _spec(item).get("controller")
    return IngressClassInfo(
        _meta(item)["name"],
        controller if isinstance(controller, str) else None,
        marks_default(_annotations(item)),
    )


def _ingress(index: int, item: dict[str, Any]) -> Document:
    """An Ingress of the cluster as a document without positions (list items carry no kind)."""
    data = {**item, "apiVersion": "networking.k8s.io/v1", "kind": "Ingress"}
    return Document(source="cluster", index=index, data=data, positions={})


def _in_pod(path: str) -> bool:
    """In a Pod with no kubeconfig: use the service account."""
    explicit = os.environ.get("KUBECONFIG")
    return bool(os.environ.get("KUBERNETES_SERVICE_HOST")) and not explicit and not os.path.isfile(path)


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip() or None
    except OSError:
        return None


def _failure(error: BaseException, timeout: float) -> str:
    """A short reason: "403 Forbidden", "no answer within 10s", "connection refused"..."""
    import urllib3.exceptions as errors

    status = getattr(error, "status", None)
    if isinstance(status, int) and status:
        return f"{status} {getattr(error, 'reason', '') or ''}".strip()
    reason = error.reason if isinstance(error, errors.MaxRetryError) and error.reason else error
    if "Connection refused" in str(reason):
        return "connection refused"
    if isinstance(reason, errors.NewConnectionError):  # a subclass of the timeout errors
        return _one_line(reason)
    if isinstance(reason, errors.TimeoutError) or "timed out" in str(reason):
        return f"no answer within {timeout:g}s"
    return _one_line(reason)


def _one_line(error: BaseException | str) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
