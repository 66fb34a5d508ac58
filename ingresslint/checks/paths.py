"""Checks of spec.rules[].http.paths[]."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingresslint.checks._ingress import annotations, http_paths, is_v1, null_item, rules
from ingresslint.checks.k8s_names import invalid, render, required, server_hit
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document, Hit, Path, Related, Severity, field_path
from ingresslint.records import Record, init
from ingresslint.wording import listed

if TYPE_CHECKING:
    from ingresslint.controllers import Controller

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
# ingress-nginx's strict-validate-path-type (default "true" from controller v1.12): a Prefix or
# Exact path must match (?i)^/[[:alnum:]._\-/]*$ (Go's [[:alnum:]] is ASCII), else its admission
# webhook refuses the Ingress. kubernetes/ingress-nginx@dbb11b92ddb77bee9c35e462479129354c84f939:
# internal/ingress/inspector/rules.go (validPathType), inspector.go (ValidatePathType), called by
# internal/ingress/controller/controller.go (CheckIngress); default in config/config.go.
NGINX_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
# ingress-nginx puts every path of a server (host) in regex mode once one location has
# use-regex or a rewrite-target other than its path: same repository, internal/ingress/controller/
# template/template.go (enforceRegexModifier, needsRewrite, buildLocation) and
# docs/user-guide/ingress-path-matching.md.
USE_REGEX = "nginx.ingress.kubernetes.io/use-regex"
REWRITE_TARGET = "nginx.ingress.kubernetes.io/rewrite-target"
GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")  # strconv.ParseBool (parser.GetBoolAnnotation)
# Kong's regex paths: pathType ImplementationSpecific and the prefix /~ (konghq.com/regex-prefix
# changes it). Kong/kubernetes-ingress-controller@1fa68f8642daef18fe676d852381a37447b31daf:
# internal/dataplane/translator/subtranslator/subtranslator_vars.go (ControllerPathRegexPrefix),
# ingress_atc.go (pathMatcherFromIngressPath), ingress.go (PathsFromIngressPaths).
KONG_REGEX_PREFIX = "/~"
# The AWS Load Balancer Controller refuses * and ? (ALB wildcards) in Exact and Prefix paths, so
# the model of the Ingress's load balancer is not built; in ImplementationSpecific paths they
# are ALB wildcards, and use-regex-path-match makes them regexes.
# kubernetes-sigs/aws-load-balancer-controller@225f44568848eb25f13e304a5f1cc68c0cd9415d:
# pkg/ingress/model_build_listener_rules.go (buildPathPatternsForExactPathType,
# buildPathPatternsForPrefixPathType, getUseRegexPathMatch); docs/guide/ingress/annotations.md.
ALB_WILDCARDS = frozenset("*?")
ALB_REGEX = "alb.ingress.kubernetes.io/use-regex-path-match"
TEMPLATE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.-]*\}")  # /users/{id}: linear, no backtracking


class OddPath(Record):
    """A Prefix or Exact path of one Ingress that its controller does not take as written."""

    __match_args__ = ("where", "value", "path_type", "chars", "template")
    __slots__ = __match_args__
    where: Path
    value: str
    path_type: str
    chars: str  # the characters that make it odd, sorted
    template: bool  # {name} placeholders and no other regex syntax

    def __init__(self, where: Path, value: str, path_type: str, chars: str, template: bool) -> None:
        init(self, "where", where)
        init(self, "value", value)
        init(self, "path_type", path_type)
        init(self, "chars", chars)
        init(self, "template", template)


def path_regex_in_prefix(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """Prefix and Exact paths with regex syntax (or, for ingress-nginx, any character outside
    its allowed set), judged by the controller serving the Ingress; one hit per Ingress."""
    from ingresslint.controllers import controller_of, facts

    for doc in manifests.of_kind("Ingress"):
        controller = controller_of(doc, manifests, ctx)
        details = facts(controller)
        strict = details is not None and details.path_validation == "strict-webhook"
        odd = _odd_paths(doc, strict)
        if not odd:
            continue
        refused = strict or (controller.id == "aws-alb" and any(set(item.chars) & ALB_WILDCARDS for item in odd))
        if strict:
            message = _nginx_message(odd, _regex_mode(doc, manifests, ctx))
        elif refused:
            message = _alb_message(odd)
        else:
            message = _literal_message(odd, controller)
        yield Hit(
            odd[0].where,
            message,
            doc=doc,
            related=tuple(Related(doc, item.where, f"also {item.path_type} path {item.value!r}") for item in odd[1:]),
            controller=controller.id,
            severity=Severity.ERROR if refused else None,
        )


def _odd_paths(doc: Document, strict: bool) -> list[OddPath]:
    found = []
    for path, item in http_paths(doc):
        value, path_type = item.get("path"), item.get("pathType")
        if path_type not in ("Prefix", "Exact") or not isinstance(value, str) or not value.startswith("/"):
            continue  # an empty or relative path is path-invalid's (the webhook skips an empty one)
        chars = set(value) - NGINX_PATH_CHARS if strict else set(value) & REGEX_CHARS
        if chars:
            template = bool(TEMPLATE.search(value)) and not set(TEMPLATE.sub("", value)) & REGEX_CHARS
            found.append(OddPath((*path, "path"), value, path_type, "".join(sorted(chars)), template))
    return found


def _listing(odd: list[OddPath], verb: str) -> str:
    """The paths as the subject of ``verb``: "Prefix path '/a' uses", "9 Prefix paths (...) use"."""
    if len(odd) == 1:
        return f"{odd[0].path_type} path {odd[0].value!r} of this Ingress {verb}s"
    shown = listed((repr(item.value) for item in odd), limit=3)
    kinds = "/".join(sorted({item.path_type for item in odd}, reverse=True))
    return f"{len(odd)} {kinds} paths ({shown}) of this Ingress {verb}"


def _chars(odd: list[OddPath]) -> str:
    return " ".join(sorted(set("".join(item.chars for item in odd))))


def _nginx_message(odd: list[OddPath], regex_mode: str | None) -> str:
    first = odd[0]
    it = "them" if len(odd) > 1 else "it"
    head = (
        f"{_listing(odd, 'use')} characters ({_chars(odd)}) outside what ingress-nginx accepts in "
        "Prefix and Exact paths (letters, digits, '.', '_', '-', '/'): from controller v1.12 its admission "
        "webhook refuses the Ingress (strict-validate-path-type, on by default): "
        f'"path {first.value} cannot be used with pathType {first.path_type}": '
        f"write pathType ImplementationSpecific for {it}"
    )
    regex = [item for item in odd if set(item.chars) & REGEX_CHARS and not item.template]
    tail = ""
    if regex and regex_mode:
        tail = f"; the host is already in regex mode ({regex_mode}), so ImplementationSpecific keeps the same case-insensitive regex match"
    elif regex:
        tail = f'; for a regex also set {USE_REGEX}: "true" (without it and on older releases the path is matched literally)'
    if any(item.template for item in odd):
        tail += "; {name} is a path template, which ingress-nginx does not expand: use a regex segment such as [^/]+ (with use-regex) or a plain prefix"
    return head + tail


def _alb_message(odd: list[OddPath]) -> str:
    first = next(item for item in odd if set(item.chars) & ALB_WILDCARDS)
    return (
        f"{_listing(odd, 'hold')} regex or wildcard syntax ({_chars(odd)}); the AWS Load Balancer "
        f"Controller refuses * and ? in {first.path_type} paths (\"{first.path_type.lower()} path shouldn't contain "
        f'wildcards: {first.value}"), so it builds no load balancer rules for the Ingress: write pathType '
        f'ImplementationSpecific, where * and ? are ALB wildcards ({ALB_REGEX}: "true" makes the path a regex), '
        "or a plain Prefix path"
    )


def _literal_message(odd: list[OddPath], controller: Controller) -> str:
    known = controller.known
    who = controller.name if known else f"most controllers ({controller.reason})"
    if all(item.template for item in odd):
        body = (
            f"{_listing(odd, 'hold')} path templates ({_chars(odd)}); Ingress paths have no "
            f"templates and {who} match{'es' if known else ''} {{name}} literally, so only a request for that very text matches"
        )
    else:
        body = (
            f"{_listing(odd, 'contain')} regex syntax ({_chars(odd)}) that {who} match{'es' if known else ''} literally"
        )
        if controller.id == "kong":
            body += " (Kong's expressions router compares the text; the traditional router adds it unescaped to a ~/<path>$ regex, so it is never the regex it looks like)"
    if not known:
        body += "; ingress-nginx from v1.12 even refuses such paths in its admission webhook"
    return body + f": {_regex_advice(controller)}, or a plain path"


def _regex_advice(controller: Controller) -> str:
    if controller.id == "kong":
        return f"for a regex write pathType ImplementationSpecific and the path with Kong's regex prefix {KONG_REGEX_PREFIX} (/~/users/[^/]+$)"
    if controller.id == "aws-alb":
        return f'for a pattern use pathType ImplementationSpecific with ALB wildcards (* ?) or {ALB_REGEX}: "true"'
    if controller.id == "unknown":
        return f'for a regex use pathType ImplementationSpecific with the controller\'s regex switch (ingress-nginx: {USE_REGEX}: "true")'
    return f"for a regex use the form {controller.name} documents for ImplementationSpecific paths, if it has one"


def _regex_mode(doc: Document, manifests: ManifestSet, ctx: Context) -> str | None:
    """Why ingress-nginx matches the paths of ``doc``'s hosts as regexes, or None: some
    ingress-nginx Ingress of the same host sets use-regex or a rewrite-target."""
    own = _regex_switch(doc)
    if own is not None:
        return f"this Ingress sets {own}"
    by_host = manifests.derived.get(("nginx-regex-hosts", ctx))
    if by_host is None:
        by_host = manifests.derived[("nginx-regex-hosts", ctx)] = _regex_hosts(manifests, ctx)
    hosts = [rule.get("host") if isinstance(rule.get("host"), str) else "" for _, rule in rules(doc)]
    return next((by_host[host] for host in hosts if host in by_host), None)


def _regex_hosts(manifests: ManifestSet, ctx: Context) -> dict[str, str]:
    from ingresslint.controllers import controller_of

    found: dict[str, str] = {}
    for doc in manifests.of_kind("Ingress"):
        switch = _regex_switch(doc)
        if switch is None or controller_of(doc, manifests, ctx).id != "ingress-nginx":
            continue
        for _, rule in rules(doc):
            host = rule.get("host") if isinstance(rule.get("host"), str) else ""
            found.setdefault(
                host, f"Ingress {doc.namespace or ctx.namespace}/{doc.name} of host {host or '*'} sets {switch}"
            )
    return found


def _regex_switch(doc: Document) -> str | None:
    notes = annotations(doc)
    if notes.get(USE_REGEX) in GO_TRUE:
        return f'{USE_REGEX}: "{notes[USE_REGEX]}"'
    target = notes.get(REWRITE_TARGET)
    paths = {item.get("path") for _, item in http_paths(doc)}
    if isinstance(target, str) and target and paths != {target}:  # needsRewrite: a target other than the path
        return f"{REWRITE_TARGET}: {target}"
    return None


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
