"""The apimachinery validators, against the messages quoted in the research notes (§7)."""

from __future__ import annotations

import pytest

from ingresslint.checks import k8s_names as names


def test_regex_error_has_the_go_double_space() -> None:
    assert names.regex_error("m", "f", "a", "b") == "m (e.g. 'a',  or 'b', regex used for validation is 'f')"
    assert names.regex_error("m", "f") == "m (regex used for validation is 'f')"


def test_dns_label_messages() -> None:
    assert names.is_dns1123_label("a.b") == ["must not contain dots"]
    assert names.is_dns1123_label("a" * 64) == ["must be no more than 63 characters"]
    assert names.is_dns1123_label("foo_ns") == [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    ]
    assert names.is_dns1035_label("1svc") and not names.is_dns1123_label("1svc")


def test_subdomain_both_messages() -> None:
    assert len(names.is_dns1123_subdomain("A" * 254)) == 2
    assert names.is_dns1123_subdomain("a.b-c.d") == []
    assert names.is_dns1123_subdomain("a\n") != []  # Go's $ does not match before a newline


@pytest.mark.parametrize(
    ("key", "errors"),
    [
        ("app", 0),
        ("example.com/App_1", 0),
        ("example.com/", 2),  # name part must be non-empty, plus the regex message
        ("/app", 1),
        ("a/b/c", 1),
        ("Example.com/app", 1),
        ("a" * 64, 1),
    ],
)
def test_qualified_names(key: str, errors: int) -> None:
    assert len(names.is_qualified_name(key)) == errors


def test_label_values() -> None:
    assert names.is_label_value("") == []
    assert names.is_label_value("a" * 64) == ["must be no more than 63 bytes"]
    assert len(names.is_label_value("-a")) == 1


def test_port_names() -> None:
    assert names.is_valid_port_name("http") == []
    assert names.is_valid_port_name("a" * 16) == ["must be no more than 15 characters"]
    assert names.is_valid_port_name("80") == ["must contain at least one letter (a-z)"]


def test_domain_prefixed_path_reports_the_part() -> None:
    assert names.is_domain_prefixed_path("acme.io/foo") == []
    assert [value for value, _ in names.is_domain_prefixed_path("Acme.io/a b")] == ["Acme.io", "a b"]
    assert names.is_domain_prefixed_path("/x")[0][0] == "/x"


@pytest.mark.parametrize(
    ("value", "ip"),
    [
        ("127.0.0.1", True),
        ("010.001.0.1", True),
        ("256.0.0.1", False),
        ("::1", True),
        ("fe80::1%eth0", False),
        ("1.2.3", False),
        ("a.b", False),
    ],
)
def test_sloppy_ip_parsing(value: str, ip: bool) -> None:
    assert names.is_ip(value) is ip


def test_render_quotes_like_go() -> None:
    assert names.invalid('a"b', "m") == 'Invalid value: "a\\"b": m'
    assert names.invalid(70000, "m") == "Invalid value: 70000: m"
