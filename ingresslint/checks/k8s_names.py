"""The API server's name and value validators, returning the server's own messages.

Each function follows the k8s.io/apimachinery function named in its docstring
(util/validation/validation.go, "UTILVAL", whose length errors say "characters"; and
api/validate/content, "CONTENT", whose length errors say "bytes"). Lengths are Go ``len``:
UTF-8 bytes. See docs/research/apiserver-validation.md §2 and §7.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from functools import wraps

from ingresslint.linear_regex import LinearRegex
from ingresslint.model import Hit, Path

DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
WILDCARD_DNS1123_SUBDOMAIN_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT
LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?"
HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"


def _format(fmt: str) -> LinearRegex:
    return LinearRegex(fmt, python_is_linear=True)  # tests/test_linear_regex.py proves it for both engines


_LABEL = _format(DNS1123_LABEL_FMT)
_SUBDOMAIN = _format(DNS1123_SUBDOMAIN_FMT)
_DNS1035 = _format(DNS1035_LABEL_FMT)
_WILDCARD = _format(WILDCARD_DNS1123_SUBDOMAIN_FMT)
_LABEL_KEY = _format(LABEL_KEY_FMT)
_LABEL_VALUE = _format(LABEL_VALUE_FMT)
_HTTP_PATH = _format(HTTP_PATH_FMT)
_PORT_NAME_CHARS = _format("[-a-z0-9]+")
_LOWER_LETTER = _format("[a-z]")
NAME_FORMATS = (_LABEL, _SUBDOMAIN, _DNS1035, _WILDCARD, _LABEL_KEY, _LABEL_VALUE, _HTTP_PATH, _PORT_NAME_CHARS)

LABEL_KEY_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
)
SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"


_REMEMBERED_LENGTH = 320  # longer than any valid name (253 + "/" + 63): a longer value is not kept
_REMEMBERED_VALUES = 4096  # per validator


def _remembered(validate: Callable[..., list[str]]) -> Callable[..., list[str]]:
    """``validate`` answering once per (short) value: the same annotation and label keys, class
    names and hosts recur in most objects of a repository. Each call gets its own list."""
    answers: dict[tuple[str, ...], tuple[str, ...]] = {}

    @wraps(validate)
    def remembered(value: str, *rest: str) -> list[str]:
        key = (value, *rest)
        found = answers.get(key)
        if found is None:
            found = tuple(validate(value, *rest))
            if len(value) <= _REMEMBERED_LENGTH:
                if len(answers) >= _REMEMBERED_VALUES:
                    answers.clear()
                answers[key] = found
        return list(found)

    return remembered


def _size(value: str) -> int:
    return len(value.encode())


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """RegexError (UTILVAL): note the double space before "or" the Go code produces."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    listed = "".join(("" if i == 0 else " or ") + f"'{example}', " for i, example in enumerate(examples))
    return f"{msg} (e.g. {listed}regex used for validation is '{fmt}')"


def max_len_error(length: int, unit: str = "characters") -> str:
    """MaxLenError: UTILVAL says "characters", CONTENT says "bytes"."""
    return f"must be no more than {length} {unit}"


@_remembered
def is_dns1123_subdomain(value: str, unit: str = "characters") -> list[str]:
    """IsDNS1123Subdomain (UTILVAL; CONTENT's copy with unit="bytes")."""
    errors = [max_len_error(253, unit)] if _size(value) > 253 else []
    if not _SUBDOMAIN.fullmatch(value):
        errors.append(regex_error(SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errors


@_remembered
def is_dns1123_label(value: str) -> list[str]:
    """IsDNS1123Label (UTILVAL); NameIsDNSLabel and ValidateNamespaceName use it."""
    errors = [max_len_error(63)] if _size(value) > 63 else []
    if not _LABEL.fullmatch(value):
        if _SUBDOMAIN.fullmatch(value):
            errors.append("must not contain dots")
        else:
            msg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
            errors.append(regex_error(msg, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errors


def is_dns1035_label(value: str) -> list[str]:
    """IsDNS1035Label (UTILVAL); NameIsDNS1035Label (core ValidateServiceName) uses it."""
    errors = [max_len_error(63)] if _size(value) > 63 else []
    if not _DNS1035.fullmatch(value):
        msg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
        errors.append(regex_error(msg, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errors


def is_wildcard_dns1123_subdomain(value: str) -> list[str]:
    """IsWildcardDNS1123Subdomain (UTILVAL)."""
    errors = [max_len_error(253)] if _size(value) > 253 else []
    if not _WILDCARD.fullmatch(value):
        msg = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character"
        errors.append(regex_error(msg, WILDCARD_DNS1123_SUBDOMAIN_FMT, "*.example.com"))
    return errors


def mask_trailing_dash(name: str) -> str:
    """maskTrailingDash (kubernetes/apimachinery@59e9003f02d6 (v0.32.4):
    pkg/api/validation/generic.go), used for metadata.generateName: it drops two characters,
    not one, before appending "a", and only when the name is longer than one character, so a
    generateName of "-" stays "-" and is invalid. (Before Kubernetes 1.22, 60281a0f, "-"
    made the slice panic, so the server refused it too.)"""
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name


@_remembered
def is_qualified_name(value: str) -> list[str]:
    """IsQualifiedName = content.IsLabelKey (CONTENT kube.go): label keys, annotation keys
    (lowercased first by the caller) and finalizer names."""
    parts = value.split("/")
    errors: list[str] = []
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            errors.extend("prefix part " + msg for msg in is_dns1123_subdomain(prefix, "bytes"))
    else:
        return [
            "a valid label key "
            + regex_error(LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errors.append("name part must be non-empty")
    elif _size(name) > 63:
        errors.append("name part " + max_len_error(63, "bytes"))
    if not _LABEL_KEY.fullmatch(name):
        errors.append("name part " + regex_error(LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"))
    return errors


@_remembered
def is_label_value(value: str) -> list[str]:
    """IsValidLabelValue = content.IsLabelValue (CONTENT kube.go)."""
    errors = [max_len_error(63, "bytes")] if _size(value) > 63 else []
    if not _LABEL_VALUE.fullmatch(value):
        msg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        errors.append(regex_error(msg, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errors


def is_valid_port_name(name: str) -> list[str]:
    """IsValidPortName (UTILVAL): an IANA service name; every failing rule is reported."""
    errors = [max_len_error(15)] if _size(name) > 15 else []
    if not _PORT_NAME_CHARS.fullmatch(name):
        errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _LOWER_LETTER.search(name):
        errors.append("must contain at least one letter (a-z)")
    if "--" in name:
        errors.append("must not contain consecutive hyphens")
    if name.startswith("-") or name.endswith("-"):
        errors.append("must not begin or end with a hyphen")
    return errors


def is_valid_port_num(port: int) -> list[str]:
    """IsValidPortNum (UTILVAL)."""
    return [] if 1 <= port <= 65535 else ["must be between 1 and 65535, inclusive"]


def is_path_segment_name(name: str) -> list[str]:
    """content.IsPathSegmentName (CONTENT path.go)."""
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{char}'" for char in ("/", "%") if char in name]


def is_domain_prefixed_path(value: str) -> list[tuple[str, str]]:
    """IsDomainPrefixedPath (UTILVAL): (value shown, message) pairs; the value shown is the
    host part or the path part, not the whole string, as the server reports it."""
    segments = value.split("/", 1)
    if len(segments) != 2 or not segments[0] or not segments[1]:
        return [(value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    host, path = segments
    errors = [(host, msg) for msg in is_dns1123_subdomain(host)]
    if not _HTTP_PATH.fullmatch(path):
        errors.append((path, regex_error("Invalid path", HTTP_PATH_FMT)))
    return errors


def is_ip(value: str) -> bool:
    """netutils.ParseIPSloppy(value) != nil (k8s.io/utils/net): Go's pre-1.17 net.ParseIP,
    which accepts IPv4 octets with leading zeros; no IPv6 zone (``%eth0``)."""
    parts = value.split(".")
    if len(parts) == 4 and all(part.isascii() and part.isdigit() for part in parts):
        return all(int(part) <= 255 for part in parts)
    if ":" not in value or "%" in value:
        return False
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def render(value: object) -> str:
    """A bad value as field.Error renders it: Go %q for strings, digits for numbers."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def invalid(value: object, detail: str) -> str:
    """field.Invalid's ErrorBody."""
    return f"Invalid value: {render(value)}: {detail}"


def required(detail: str = "") -> str:
    """field.Required's ErrorBody."""
    return f"Required value: {detail}" if detail else "Required value"


def server_hit(path: Path, field: str, body: str, advice: str) -> Hit:
    """A finding that says what to write instead, then quotes the server's error."""
    return Hit(path, f"{advice}; the API server rejects it with: {field}: {body}", field=field)
