"""Checks of spec.rules[].http.paths[]."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import http_paths, is_v1, null_item, rules
from ingresslint.checks.k8s_names import invalid, render, required, server_hit
from ingresslint.context import Context
from ingresslint.model import Document, Hit, field_path

PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")


def path_type_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """networking.k8s.io/v1 requires pathType on every path (validateHTTPIngressPath:
    ``field.Required(fldPath.Child("pathType"), "pathType must be specified")``)."""
    if not is_v1(doc):
        return
    for path, item in http_paths(doc):
        if item.get("pathType") is None:
            state = "is null" if "pathType" in item else "is missing"
            if null_item(doc, path):  # decoded as the zero HTTPIngressPath; validation stops at pathType
                state = "is missing (the path item is null, which the API server decodes as an empty path)"
            yield Hit(
                (*path, "pathType") if "pathType" in item else path,
                f"pathType {state}; networking.k8s.io/v1 requires one of Exact, Prefix or ImplementationSpecific (Prefix matches the path and everything below it); the API server rejects it with: {field_path((*path, 'pathType'))}: Required value: pathType must be specified",
                field=field_path((*path, "pathType")),
            )


REGEX_CHARS = frozenset("()[]{}*+?^$|\\")


def path_regex_in_prefix(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Prefix or Exact path with regex syntax: it is matched literally."""
    for path, item in http_paths(doc):
        value, path_type = item.get("path"), item.get("pathType")
        if path_type in ("Prefix", "Exact") and isinstance(value, str) and set(value) & REGEX_CHARS:
            chars = "".join(sorted(set(value) & REGEX_CHARS))
            yield Hit(
                (*path, "path"),
                f'{path_type} path {value!r} contains regex syntax ({chars}) that is matched literally: use pathType ImplementationSpecific with the controller\'s regex annotation (nginx.ingress.kubernetes.io/use-regex: "true"), or a plain path',
            )


def rule_without_http(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A rule with a host and no http block: it routes nothing."""
    for path, rule in rules(doc):
        if isinstance(rule.get("host"), str) and rule.get("http") is None:
            if "paths" in rule:
                yield Hit(
                    (*path, "paths"),
                    f"rule for {rule['host']} has paths directly under the rule, so it routes nothing: indent them under http: (http: {{paths: [...]}})",
                )
            else:
                yield Hit(
                    (*path, "host"),
                    f"rule for {rule['host']} has no http block, so it routes nothing: add http: {{paths: [...]}} or remove the rule",
                )


# --- validateHTTPIngressRuleValue / validateHTTPIngressPath (networking validation.go) ---

INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
INVALID_PATH_SUFFIXES = ("/..", "/.")


def http_paths_empty(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateHTTPIngressRuleValue: ``field.Required(fldPath.Child("paths"), "")`` when an
    http block (even ``http: {}``) has no paths."""
    if not is_v1(doc):
        return
    for path, rule in rules(doc):
        http = rule.get("http")
        if isinstance(http, dict) and http.get("paths") in (None, []):
            where = (*path, "http", "paths") if "paths" in http else (*path, "http")
            field = field_path((*path, "http", "paths"))
            yield server_hit(
                where,
                field,
                required(),
                "http has no paths: add at least one path with pathType and backend, or remove http",
            )


def path_type_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateHTTPIngressPath: pathType not one of Exact, Prefix, ImplementationSpecific
    (case-sensitive) is ``field.NotSupported``; path-type-missing covers a missing one."""
    if not is_v1(doc):
        return
    for path, item in http_paths(doc):
        path_type = item.get("pathType")
        if isinstance(path_type, str) and path_type not in PATH_TYPES:
            where = (*path, "pathType")
            body = (
                f'Unsupported value: {render(path_type)}: supported values: "Exact", "ImplementationSpecific", "Prefix"'
            )
            advice = f"pathType {path_type!r} is not supported: write Prefix, Exact or ImplementationSpecific (case-sensitive)"
            yield server_hit(where, field_path(where), body, advice)


def path_errors(path_type: str, value: str) -> list[str]:
    """validateHTTPIngressPath's checks of ``path`` for a supported pathType, in the server's order."""
    if path_type == "ImplementationSpecific":
        return ["must be an absolute path"] if value and not value.startswith("/") else []
    errors = [] if value.startswith("/") else ["must be an absolute path"]
    if value:
        errors += [f"must not contain '{seq}'" for seq in INVALID_PATH_SEQUENCES if seq in value]
        errors += [f"cannot end with '{suffix}'" for suffix in INVALID_PATH_SUFFIXES if value.endswith(suffix)]
    return errors


def path_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateHTTPIngressPath: Exact and Prefix paths are absolute and free of //, /./, /../,
    %2f, %2F and of a trailing /.. or /.; an ImplementationSpecific path is empty or absolute.
    A path whose pathType is missing or unsupported is not checked, as on the server."""
    if not is_v1(doc):
        return
    for path, item in http_paths(doc):
        path_type, value = item.get("pathType"), item.get("path")
        value = "" if value is None else value
        if path_type not in PATH_TYPES or not isinstance(value, str):
            continue
        where = (*path, "path")
        for msg in path_errors(path_type, value):
            advice = f"{path_type} path {value!r} is invalid: write an absolute, normalised path such as /api"
            yield server_hit(where if "path" in item else path, field_path(where), invalid(value, msg), advice)
