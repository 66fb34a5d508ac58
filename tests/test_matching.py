"""Every path and host vector from the Kubernetes Ingress documentation
(tests/fixtures/seeds/matching-vectors.yaml) against ingresslint.matching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ingresslint.matching import best_match, host_matches, path_matches, prefix_key

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
