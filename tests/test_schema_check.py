"""The compiled schema check (ingresslint/_schema_check.py) never passes what jsonschema rejects.

The lint run reports an object as valid when the compiled check passes it, and asks
jsonschema (the validator of record) otherwise. So the check must agree with jsonschema on
every valid object and may only be stricter: it rejects integral floats (``80.0``), which
jsonschema accepts as integers and then reports nothing for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingresslint._schema_check import CHECKS
from ingresslint.loader import load_sources
from ingresslint.resources import data_dir
from ingresslint.sources import iter_sources
from tests.conftest import FIXTURES, REPO, SHARED, source
from tests.test_fuzz import REAL, ingress_like

SCHEMA_FILES = sorted(CHECKS)

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def _schema(file_name: str) -> dict[str, Any]:
    return json.loads((data_dir("schemas") / file_name).read_text(encoding="utf-8"))


@cache
def _validator(file_name: str) -> Any:
    from jsonschema.validators import validator_for

    schema = _schema(file_name)
    return validator_for(schema)(schema)


def _file_for(kind: str) -> str:
    return {"Ingress": "ingress-networking-v1.json", "IngressClass": "ingressclass-networking-v1.json"}[kind]


def _has_integral_float(value: Any) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(_has_integral_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_integral_float(item) for item in value)
    return False


def assert_agrees(file_name: str, data: Any) -> None:
    compiled = CHECKS[file_name](data)
    valid = not any(True for _ in _validator(file_name).iter_errors(data))
    if compiled:
        assert valid, f"the compiled check passed an object jsonschema rejects: {data!r}"
    else:
        assert not valid or _has_integral_float(data), f"the compiled check rejected a valid object: {data!r}"


def test_the_generated_module_is_fresh() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "gen_fast_path.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _fixture_objects() -> list[tuple[str, dict[str, Any]]]:
    roots = [FIXTURES, REPO / "examples", REPO / "rules", SHARED / "realworld", SHARED / "seeds"]
    paths = [str(root) for root in roots if root.is_dir()]
    documents = load_sources(iter_sources(paths)).documents
    return [
        (doc.source, doc.data)
        for doc in documents
        if doc.kind in ("Ingress", "IngressClass") and doc.api_version == "networking.k8s.io/v1"
    ]


def test_fixtures_get_the_same_answer_from_both() -> None:
    objects = _fixture_objects()
    assert len(objects) > 100
    for _, data in objects:
        file_name = _file_for(data["kind"])
        assert CHECKS[file_name](data) == (not any(True for _ in _validator(file_name).iter_errors(data)))


# --- random objects shaped by the schemas: mostly right, often wrong in one place ----------

wrong = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**65), 2**65),
    st.floats(allow_nan=False),
    st.sampled_from([80.0, -1.0, 0.5]),
    st.text(max_size=4),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


@st.composite
def shaped(draw: st.DrawFn, schema: dict[str, Any], root: dict[str, Any], depth: int = 0) -> Any:
    """A value for ``schema``: right most of the time, wrong (any type) at times at any depth."""
    schema = _resolve(schema, root)
    if depth > 8 or (depth and draw(st.integers(0, 30)) == 0):
        return draw(wrong)
    kind = schema.get("type")
    if isinstance(kind, list):  # [T, "null"]: null decodes to the zero value
        if "null" in kind and draw(st.integers(0, 10)) == 0:
            return None
        kind = next(name for name in kind if name != "null")
    if kind == "string":
        return draw(st.sampled_from(["", "a", "Prefix", "web", "80"]))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "integer":
        low, high = schema.get("minimum", -(2**70)), schema.get("maximum", 2**70)
        return draw(st.one_of(st.integers(low, high), st.sampled_from([low, high, low - 1, high + 1, 0, 80])))
    if kind == "array":
        return [draw(shaped(schema.get("items", {}), root, depth + 1)) for _ in range(draw(st.integers(0, 2)))]
    if kind == "object" and "properties" in schema:
        return draw(_object(schema, root, depth))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        keys = draw(st.lists(st.text(max_size=4), max_size=2, unique=True))
        return {key: draw(shaped(schema["additionalProperties"], root, depth + 1)) for key in keys}
    return draw(st.dictionaries(st.text(max_size=3), wrong, max_size=2))


@st.composite
def _object(draw: st.DrawFn, schema: dict[str, Any], root: dict[str, Any], depth: int) -> dict[str, Any]:
    data = {}
    for name, child in schema["properties"].items():
        if draw(st.booleans()):
            data[name] = draw(shaped(child, root, depth + 1))
    if draw(st.integers(0, 5)) == 0:
        data[draw(st.sampled_from(["extra", "serviceName"]))] = draw(wrong)
    return data


@pytest.mark.parametrize("file_name", SCHEMA_FILES)
def test_random_objects_get_the_same_answer_from_both(file_name: str) -> None:
    root = _schema(file_name)

    @FUZZ
    @given(shaped(root, root))
    def agrees(data: Any) -> None:
        assert_agrees(file_name, data)

    agrees()


@FUZZ
@given(ingress_like())
def test_the_fuzz_corpus_gets_the_same_answer_from_both(data: dict[str, Any]) -> None:
    if data["kind"] in ("Ingress", "IngressClass"):
        assert_agrees(_file_for(data["kind"]), data)


@FUZZ
@given(st.sampled_from(REAL), st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=3)), min_size=1, max_size=5))
def test_mutated_real_files_get_the_same_answer_from_both(path: Path, edits: list[tuple[float, bytes]]) -> None:
    content = bytearray(path.read_bytes())
    for where, insert in edits:
        at = int(where * len(content))
        content[at : at + len(insert)] = insert
    for doc in load_sources(iter([source(bytes(content), name=path.name)])).documents:
        if doc.kind in ("Ingress", "IngressClass"):
            assert_agrees(_file_for(doc.kind), doc.data)


def test_a_stricter_answer_only_for_integral_floats() -> None:
    data = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"generation": 3.0}}
    assert not CHECKS["ingress-networking-v1.json"](data)
    assert not any(True for _ in _validator("ingress-networking-v1.json").iter_errors(data))


def test_null_passes_both_wherever_it_stands() -> None:
    data = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": None, "labels": {"a": None}, "finalizers": [None], "generation": None},
        "spec": {"rules": [None, {"http": {"paths": [None]}}], "tls": [{"hosts": [None]}]},
        "status": None,
    }
    assert CHECKS["ingress-networking-v1.json"](data)
    assert not any(True for _ in _validator("ingress-networking-v1.json").iter_errors(data))
    data["spec"]["rules"][1]["http"]["paths"] = [{"path": 1}]
    assert not CHECKS["ingress-networking-v1.json"](data)


def test_an_unknown_schema_keyword_stops_the_generator(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import gen_fast_path
    finally:
        sys.path.remove(str(REPO / "tools"))
    generator = gen_fast_path.Generator("t", {})
    with pytest.raises(SystemExit, match="unsupported keywords"):
        generator.tests({"type": "string", "pattern": "^a"}, "x")


# --- the lint run's validator: the schema with its $refs inlined (ingresslint.schema._inlined) --


def _errors_of(validator: Any, data: Any) -> list[Any]:
    from ingresslint.schema import _sort_key, _translate

    found: dict[Any, Any] = {}
    for error in validator.iter_errors(data):
        for item in _translate(error, validator.schema):
            found.setdefault((item.path, item.field), item)
    return sorted(found.values(), key=_sort_key)


def assert_same_errors(file_name: str, data: Any) -> None:
    from ingresslint.schema import _validator as inlined_validator

    assert _errors_of(inlined_validator(file_name), data) == _errors_of(_validator(file_name), data)


def test_inlining_leaves_no_reference() -> None:
    from ingresslint.schema import _validator as inlined_validator

    for file_name in SCHEMA_FILES:
        schema = dict(inlined_validator(file_name).schema)
        assert schema.pop("$defs") == _schema(file_name)["$defs"]
        assert "$ref" not in json.dumps(schema)


@pytest.mark.parametrize("file_name", SCHEMA_FILES)
def test_random_objects_get_the_same_errors_from_the_inlined_schema(file_name: str) -> None:
    root = _schema(file_name)

    @FUZZ
    @given(shaped(root, root))
    def same(data: Any) -> None:
        assert_same_errors(file_name, data)

    same()


def test_fixtures_get_the_same_errors_from_the_inlined_schema() -> None:
    for _, data in _fixture_objects():
        assert_same_errors(_file_for(data["kind"]), data)
