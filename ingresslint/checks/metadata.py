"""The API server's checks of metadata on create (apimachinery api/validation/objectmeta.go
ValidateObjectMetaAccessor, plus core ValidateObjectMeta's finalizer check), for Ingress
and IngressClass. Labels, annotations and apimachinery finalizer errors are reported at
the parent path (``metadata.labels``), as the server does; the position is the key's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ingresslint.checks._ingress import dicts, is_v1, strings
from ingresslint.checks.k8s_names import (
    invalid,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_label_value,
    is_qualified_name,
    mask_trailing_dash,
    required,
    server_hit,
)
from ingresslint.context import Context
from ingresslint.model import Document, Hit

TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10)
STANDARD_FINALIZERS = ("kubernetes", "orphan", "foregroundDeletion")
NAME_ADVICE = (
    "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters"
)


def _strings(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def metadata_name_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateObjectMetaAccessor with nameFn = NameIsDNSSubdomain (ValidateIngressName,
    ValidateIngressClassName): generateName (masked) then name."""
    if not is_v1(doc):
        return
    meta = doc.metadata
    generate = meta.get("generateName")
    if isinstance(generate, str) and generate:
        for msg in is_dns1123_subdomain(mask_trailing_dash(generate)):
            body = invalid(generate, msg)
            yield server_hit(
                ("metadata", "generateName"),
                "metadata.generateName",
                body,
                f"generateName {generate!r} is not a valid name prefix: {NAME_ADVICE}",
            )
    name, where = meta.get("name"), ("metadata", "name")
    if (name is None or name == "") and isinstance(generate, str) and generate:
        # the server generates the name first (storage/names: base[:58] + 5 random characters)
        name, where = generate[:58] + "bcdfg", ("metadata", "generateName")
    if name is None or name == "":
        yield server_hit(
            ("metadata", "name"),
            "metadata.name",
            required("name or generateName is required"),
            f"metadata.name is {'empty' if name == '' else 'missing'}: give the {doc.kind} a name",
        )
    elif isinstance(name, str):
        for msg in is_dns1123_subdomain(name):
            yield server_hit(
                where, "metadata.name", invalid(name, msg), f"name {name!r} is not a DNS-1123 subdomain: {NAME_ADVICE}"
            )


def metadata_namespace_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateObjectMetaAccessor: ValidateNamespaceName (NameIsDNSLabel) for a namespaced
    object. Ingress only: an IngressClass's namespace is cleared before validation
    (EnsureObjectNamespaceMatchesRequestNamespace), and an empty one is filled in."""
    namespace = doc.metadata.get("namespace")
    if not is_v1(doc) or not isinstance(namespace, str) or not namespace:
        return
    for msg in is_dns1123_label(namespace):
        yield server_hit(
            ("metadata", "namespace"),
            "metadata.namespace",
            invalid(namespace, msg),
            f"namespace {namespace!r} is not a DNS-1123 label: use lowercase letters, digits and '-', at most 63 characters",
        )


def metadata_labels_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateLabels (apis/meta/v1/validation): ValidateLabelName (IsQualifiedName) on each
    key and IsValidLabelValue on each value, all reported at metadata.labels."""
    if not is_v1(doc):
        return
    for key, value in _strings(doc.metadata.get("labels")).items():
        if not isinstance(key, str):
            continue  # the loader's keys are strings; be safe
        path = ("metadata", "labels", key)
        for msg in is_qualified_name(key):
            advice = f"label key {key!r} is not a qualified name: write an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.'"
            yield server_hit(path, "metadata.labels", invalid(key, msg), advice)
        if isinstance(value, str):
            for msg in is_label_value(value):
                advice = f"label {key} has the invalid value {value!r}: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
                yield server_hit(path, "metadata.labels", invalid(value, msg), advice)


def metadata_annotations_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateAnnotations: IsQualifiedName on each lowercased key, and ValidateAnnotationsSize
    (keys plus values over 256 KiB), all reported at metadata.annotations."""
    if not is_v1(doc):
        return
    annotations = _strings(doc.metadata.get("annotations"))
    for key in filter(lambda key: isinstance(key, str), annotations):
        for msg in is_qualified_name(key.lower()):
            advice = f"annotation key {key!r} is not a qualified name: write an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.'"
            yield server_hit(("metadata", "annotations", key), "metadata.annotations", invalid(key, msg), advice)
    size = sum(
        len(str(key).encode()) + len(value.encode() if isinstance(value, str) else b"")
        for key, value in annotations.items()
    )
    if size > TOTAL_ANNOTATION_SIZE_LIMIT:
        advice = f"annotations total {size} bytes, over the 262144-byte limit (kubectl apply adds a copy of the object as well): move large values into a ConfigMap"
        body = f"Too long: must have at most {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"
        yield server_hit(("metadata", "annotations"), "metadata.annotations", body, advice)


def metadata_finalizers_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateFinalizers (apimachinery: IsQualifiedName, at metadata.finalizers; orphan with
    foregroundDeletion), then core validateKubeFinalizerName (at metadata.finalizers[i])."""
    finalizers = doc.metadata.get("finalizers")
    if not is_v1(doc) or not isinstance(finalizers, list):
        return
    names = list(strings(finalizers))  # a null item decodes to ""
    for index, name in names:
        for msg in is_qualified_name(name):
            advice = f"finalizer {name!r} is not a qualified name: write a domain prefix and a name, e.g. example.com/cleanup"
            yield server_hit(("metadata", "finalizers", index), "metadata.finalizers", invalid(name, msg), advice)
    values = [name for _, name in names]
    if "orphan" in values and "foregroundDeletion" in values:
        rendered = "[]string{" + ", ".join(f'"{name}"' for name in values) + "}"
        body = f"Invalid value: {rendered}: finalizer orphan and foregroundDeletion cannot be both set"
        yield server_hit(
            ("metadata", "finalizers"), "metadata.finalizers", body, "keep only one of orphan and foregroundDeletion"
        )
    for index, name in names:
        if "/" not in name and name not in STANDARD_FINALIZERS:
            body = invalid(name, "name is neither a standard finalizer name nor is it fully qualified")
            advice = f"finalizer {name!r} needs a domain prefix (example.com/{name}) unless it is kubernetes, orphan or foregroundDeletion"
            yield server_hit(("metadata", "finalizers", index), f"metadata.finalizers[{index}]", body, advice)


BANNED_OWNERS = (("", "v1", "Event"),)  # apimachinery BannedOwners


def _group_version(api_version: str) -> tuple[str, str]:
    """schema.ParseGroupVersion as FromAPIVersionAndKind uses it: more than one '/' gives an
    empty group and version."""
    parts = api_version.split("/")
    if len(parts) == 1:
        return "", parts[0]
    return (parts[0], parts[1]) if len(parts) == 2 else ("", "")


def _go_owner(ref: dict[str, Any]) -> str:
    """The %#v rendering of a v1.OwnerReference, as far as it can be predicted."""
    fields = ", ".join(
        f'{go}:"{ref.get(key) or ""}"'
        for go, key in (("APIVersion", "apiVersion"), ("Kind", "kind"), ("Name", "name"), ("UID", "uid"))
    )
    return "v1.OwnerReference{" + fields + ", ...}"


def metadata_owner_references_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateOwnerReferences / validateOwnerReference (apimachinery objectmeta.go): version,
    kind, name and uid must not be empty; v1 Event cannot own; one controller at most. All
    are reported at metadata.ownerReferences (sub-fields are not indexed), as the server does."""
    refs = doc.metadata.get("ownerReferences")
    if not is_v1(doc) or not isinstance(refs, list):
        return
    base = "metadata.ownerReferences"
    controller = ""
    for index, ref in dicts(refs):  # a null item decodes to the zero OwnerReference
        path = ("metadata", "ownerReferences", index)
        values = {
            key: ref.get(key) if isinstance(ref.get(key), str) else "" for key in ("apiVersion", "kind", "name", "uid")
        }
        group, version = _group_version(values["apiVersion"])
        if not version:
            body = invalid(values["apiVersion"], "version must not be empty")
            yield server_hit(
                (*path, "apiVersion"),
                f"{base}.apiVersion",
                body,
                "ownerReference apiVersion needs a version: write e.g. apps/v1",
            )
        for key in ("kind", "name", "uid"):
            if not values[key]:
                body = invalid("", "must not be empty")
                yield server_hit(
                    (*path, key), f"{base}.{key}", body, f"ownerReference {key} is empty: set the owner's {key}"
                )
        if (group, version, values["kind"]) in BANNED_OWNERS:
            body = f"Invalid value: {_go_owner(ref)}: /v1, Kind=Event is disallowed from being an owner"
            yield server_hit(path, base, body, "an Event cannot own other objects: remove this ownerReference")
        if ref.get("controller") is True:
            current = f"{values['kind']}/{values['name']}"
            if controller:
                detail = f'Only one reference can have Controller set to true. Found "true" in references for {controller} and {current}'
                body = f"Invalid value: []v1.OwnerReference{{...}}: {detail}"
                yield server_hit(
                    (*path, "controller"),
                    base,
                    body,
                    "only one ownerReference can be the controller: set controller: false on the others",
                )
            else:
                controller = current
