"""Every path and host vector from the Kubernetes Ingress documentation
(tests/fixtures/seeds/matching-vectors.yaml) against ingresslint.matching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ingresslint.linear_regex import Unchecked
from ingresslint.matching import (
    HOST_ANY,
    HOST_EXACT,
    HOST_WILDCARD,
    NGINX_EXACT,
    NGINX_PREFIX,
    NGINX_REGEX,
    NginxLocation,
    NginxPath,
    best_match,
    certificate_covers,
    host_matches,
    host_rank,
    nginx_locations,
    nginx_regex_matches,
    nginx_select,
    nginx_uri,
    path_matches,
    prefix_key,
    request_path,
)

VECTORS: dict[str, Any] = YAML(typ="safe").load(
    (Path(__file__).parent / "fixtures" / "seeds" / "matching-vectors.yaml").read_text(encoding="utf-8")
)
REQUESTS_FOR_ALL_PATHS = ["/", "/foo", "/foo/", "/aaa/bbb/ccc", "/x/y/z/"]


def _label(vector: dict[str, Any]) -> str:
    return f"{vector['source']['file']}:{vector['source']['line']}:{vector.get('request', vector.get('header'))}"


@pytest.mark.parametrize("vector", VECTORS["paths"], ids=_label)
def test_path_vector(vector: dict[str, Any]) -> None:
    types = vector.get("path_types") or [vector["kind"]] * len(vector["paths"])
    paths = list(zip(types, vector["paths"], strict=True))
    requests = [vector["request"]] if vector.get("request_is_literal", True) else REQUESTS_FOR_ALL_PATHS
    for request in requests:
        chosen = best_match(paths, request)
        assert (chosen is not None) == vector["matches"], request
        if vector["kind"] == "Mixed":
            assert paths[chosen][0] == "Exact"  # Exact wins at equal length


@pytest.mark.parametrize("vector", VECTORS["hosts"], ids=_label)
def test_host_vector(vector: dict[str, Any]) -> None:
    assert host_matches(vector["host"], vector["header"]) == vector["matches"]


def test_longest_prefix_wins() -> None:
    paths = [("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")]
    assert best_match(paths, "/aaa/bbb/ccc") == 2
    assert best_match(paths, "/aaa/ccc") == 1
    assert best_match(paths, "/ccc") == 0


def test_implementation_specific_is_treated_as_prefix() -> None:
    assert path_matches("ImplementationSpecific", "/foo", "/foo/bar")
    assert not path_matches("ImplementationSpecific", "/foo", "/foobar")


def test_prefix_key_ignores_the_trailing_slash() -> None:
    assert prefix_key("/api/") == prefix_key("/api") == "/api"
    assert prefix_key("/") == "/"


def test_request_path_drops_the_query_and_defaults_to_the_root() -> None:
    assert request_path("") == "/"
    assert request_path("/a?b=/c#d") == "/a"


def test_host_rank_orders_exact_wildcard_and_no_host() -> None:
    assert host_rank("foo.bar.com", "FOO.bar.com") == HOST_EXACT
    assert host_rank("*.bar.com", "foo.bar.com") == HOST_WILDCARD
    assert host_rank(None, "foo.bar.com") == HOST_ANY
    assert host_rank("*.bar.com", "a.foo.bar.com") is None
    assert HOST_EXACT > HOST_WILDCARD > HOST_ANY


def test_certificate_covers() -> None:
    assert certificate_covers("*.foo.com", "bar.foo.com")
    assert certificate_covers("*.foo.com", "*.foo.com")
    assert not certificate_covers("bar.foo.com", "*.foo.com")  # one name does not cover a wildcard rule
    assert not certificate_covers("*.foo.com", "a.bar.foo.com")


def test_nginx_locations_of_the_ingress_nginx_path_priority_example() -> None:
    """docs/user-guide/ingress-path-matching.md of ingress-nginx: three paths, one rewrite."""
    paths = [
        NginxPath("Prefix", "/foo/bar"),
        NginxPath("Prefix", "/foo/bar/"),
        NginxPath("ImplementationSpecific", "/foo/bar/(.+)", True, True),
    ]
    locations, dropped = nginx_locations(paths)
    assert [(location.modifier, location.path, location.owner) for location in locations] == [
        (NGINX_REGEX, "/foo/bar/(.+)", 2),
        (NGINX_REGEX, "/foo/bar/", 1),
        (NGINX_REGEX, "/foo/bar/", 1),  # the exact copy of Prefix /foo/bar/, a regex too
        (NGINX_REGEX, "/foo/bar/", 0),
        (NGINX_REGEX, "/foo/bar", 0),
        (NGINX_REGEX, "/", None),  # the default backend's root location
    ]
    assert dropped == {}
    owners = {uri: nginx_select(locations, uri).location.owner for uri in ("/foo/bar/1", "/foo/bar/", "/foo/bar", "/x")}  # type: ignore[union-attr]
    assert owners == {"/foo/bar/1": 2, "/foo/bar/": 1, "/foo/bar": 0, "/x": None}


def test_nginx_plain_locations() -> None:
    paths = [
        NginxPath("Prefix", "/"),
        NginxPath("Prefix", "/api"),
        NginxPath("Exact", "/api"),
        NginxPath("Prefix", "/api"),
    ]
    locations, dropped = nginx_locations(paths)
    assert dropped == {3: 1}  # the same path and pathType again: the first one keeps it
    assert [(location.modifier, location.path, location.owner) for location in locations] == [
        (NGINX_PREFIX, "/api/", 1),  # no exact copy: an Exact /api exists
        (NGINX_EXACT, "/api", 2),
        (NGINX_PREFIX, "/", 0),  # Prefix / took over the default root location
    ]
    assert nginx_select(locations, "/api").location.owner == 2  # type: ignore[union-attr]
    assert nginx_select(locations, "/api/x").location.owner == 1  # type: ignore[union-attr]
    assert nginx_select(locations, "/apix").location.owner == 0  # type: ignore[union-attr]
    redirect = nginx_select(nginx_locations([NginxPath("Prefix", "/foo/")])[0], "/foo")
    assert redirect.redirect and redirect.location is not None and redirect.location.path == "/foo/"


def test_nginx_regex_is_case_insensitive_anchored_at_the_start_only() -> None:
    assert nginx_regex_matches("/foo/[a-z]+", "/FOO/Bar/baz")
    assert not nginx_regex_matches("/foo", "/x/foo")
    assert nginx_regex_matches("/a|/b", "/x/b")  # ~* "^/a|/b": the ^ binds to the first branch only, as in nginx


def test_nginx_regex_never_hangs_and_says_what_it_could_not_evaluate() -> None:
    assert not nginx_regex_matches("/(a+)+$", "/" + "a" * 40 + "!")  # RE2: linear time
    with pytest.raises(Unchecked, match="not a valid regex"):
        nginx_regex_matches("/x(", "/x")
    locations = [NginxLocation(NGINX_REGEX, "/x(", 0), NginxLocation(NGINX_REGEX, "/", None)]
    choice = nginx_select(locations, "/x")
    assert choice.location is locations[1] and choice.unchecked[0][0] is locations[0]


def test_nginx_uri_is_normalised() -> None:
    assert nginx_uri("/a//b/./c/../d/") == "/a/b/d/"
    assert nginx_uri("/%41b") == "/Ab"
    assert nginx_uri("/a/..") == "/"
