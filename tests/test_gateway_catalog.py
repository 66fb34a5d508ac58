"""rules/catalog/gateway-api.yaml: its shape, and (when the mirrors are here) its sources."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType
from typing import Any

import pytest

from ingresslint.catalog import catalog
from ingresslint.gateway import CONDITIONS, SUPPORTS, gateway_catalog
from tests.conftest import REPO

SOURCE = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}:\S+ \([^)]+\)$|^https://\S+$")
FEATURE_CASES = {"no-hook", "no-provider", "no-regex-provider", "no-secret", "no-rules", "service-absent"}
FEATURE_CASES |= {"no-class", "class-not-read", "unknown-controller"}


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_gateway_catalog", REPO / "tools" / "check_gateway_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return _checker().load_catalog()


def _classifications(raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for entry in raw["annotations"]:
        name = entry.get("key") or entry.get("key_prefix")
        found.append((name, entry))
        found += [(f"{name} [{case}]", value) for case, value in (entry.get("cases") or {}).items()]
    for name, feature in raw["features"].items():
        found.append((name, feature))
        found += [(f"{name} [{case}]", value) for case, value in (feature.get("cases") or {}).items()]
    found += [(f"group {group}", value) for group, value in raw["nginx_groups"].items()]
    return found


def test_every_classification_says_what_its_support_needs(raw: dict[str, Any]) -> None:
    needs = {"manual": "write", "implementation-specific": "policies", "none": "redesign"}
    for name, item in _classifications(raw):
        assert item["support"] in SUPPORTS, name
        assert item.get("construct") is None or item["construct"] in raw["constructs"], name
        if item["support"] in needs:
            assert item.get(needs[item["support"]]), f"{name}: {item['support']} needs {needs[item['support']]}"
        if item["support"] == "converts":
            assert item.get("construct") or item.get("detail"), name


def test_every_entry_cites_a_source(raw: dict[str, Any]) -> None:
    checker = _checker()
    for where, source in checker.sources_of(raw):
        assert SOURCE.match(source), f"{where}: {source}"


def test_cases_are_conditions_the_code_knows(raw: dict[str, Any]) -> None:
    for entry in raw["annotations"]:
        for case in entry.get("cases") or {}:
            assert case in CONDITIONS, f"{entry.get('key')}: no condition {case}"
    for name, feature in raw["features"].items():
        assert set(feature.get("cases") or {}) <= FEATURE_CASES, name


def test_providers_and_keys(raw: dict[str, Any]) -> None:
    names = {provider["name"] for provider in raw["providers"]}
    keys = [entry.get("key") or entry["key_prefix"] for entry in raw["annotations"]]
    assert len(keys) == len(set(keys)), "an annotation is listed twice"
    for entry in raw["annotations"]:
        assert entry["provider"] in names | {None}, entry
        assert ("key" in entry) != ("key_prefix" in entry), entry


def test_nginx_groups_are_groups_of_the_annotation_catalog() -> None:
    from ingresslint.gateway import _nginx_groups_by_key

    groups = set(_nginx_groups_by_key())
    assert set(gateway_catalog().nginx_groups) <= groups
    # every active ingress-nginx key is classified: by an entry or by its group
    active = [
        key
        for key, entries in catalog().entries.items()
        for e in entries
        if e.controller == "ingress-nginx" and e.status != "removed"  # removed keys: "drop it"
    ]
    listed = gateway_catalog().annotations
    for key in active:
        key_groups = [group for group, keys in _nginx_groups_by_key().items() if key in keys]
        assert key in listed or any(g in gateway_catalog().nginx_groups for g in key_groups), key


MIRRORS = _checker().DEFAULT_DIRS


@pytest.mark.skipif(not all(path.is_dir() for path in MIRRORS), reason="ingress2gateway/gateway-api mirrors absent")
def test_mapping_matches_ingress2gateway_and_gateway_api_sources(raw: dict[str, Any]) -> None:
    assert _checker().check(raw, *MIRRORS) == []


@pytest.mark.skipif(not all(path.is_dir() for path in MIRRORS), reason="ingress2gateway/gateway-api mirrors absent")
def test_the_checker_catches_a_wrong_source(raw: dict[str, Any]) -> None:
    import copy

    broken = copy.deepcopy(raw)
    broken["annotations"][0]["source"] = broken["annotations"][0]["source"].replace("canaryFeature", "noSuchFunction")
    broken["constructs"]["retry"]["channel"] = "standard"
    app_root = next(e for e in broken["annotations"] if e.get("key") == "nginx.ingress.kubernetes.io/app-root")
    app_root["since"] = "v1.0.0"  # appRootFeature is new in v1.1.0
    problems = _checker().check(broken, *MIRRORS)
    assert any("app-root: since v1.0.0" in problem and "v1.1.0" in problem for problem in problems)
    assert any("noSuchFunction" in problem for problem in problems)
    assert any("construct retry" in problem for problem in problems)
