"""No input may make the linter raise: random values in every field, mutated real files.

Checks read documents whose fields can hold anything YAML allows (a string where a list is
expected, a list where a mapping is expected, null...). These property tests feed such
documents, and byte-level mutations of real manifests, through the whole run, and check
that every output format still parses (tests/fuzz/harness.py). ``FUZZ_EXAMPLES`` sets the
number of examples (300 in CI); tests/fuzz/atheris_lint.py fuzzes for longer, locally.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingresslint.catalog import catalog
from ingresslint.context import Context
from tests.conftest import FIXTURES
from tests.fuzz.harness import run_one

SEEDS = Path(__file__).resolve().parent / "fuzz" / "seeds"

SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["", "/", "*.a.b", "http", "true", "Prefix", "Exact", "80", "-", "a/b"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)

FIELDS = ["rules", "tls", "defaultBackend", "ingressClassName", "controller", "parameters"]
RULE_FIELDS = ["host", "http", "paths"]
PATH_FIELDS = ["path", "pathType", "backend"]
BACKEND_FIELDS = ["service", "resource"]
ANNOTATION_KEYS = [
    "kubernetes.io/ingress.class",
    "ingressclass.kubernetes.io/is-default-class",
    "nginx.ingress.kubernetes.io/ssl-redirect",
    "nginx.ingress.kubernetes.io/canary",
    "nginx.ingress.kubernetes.io/configuration-snippet",
    "nginx.ingress.kubernetes.io/rewite-target",
    "alb.ingress.kubernetes.io/group.name",
    "cert-manager.io/cluster-issuer",
    "ingresslint.io/disable",
]


def fields(names: list[str]) -> st.SearchStrategy[dict]:
    return st.dictionaries(st.sampled_from(names), values, max_size=len(names))


@st.composite
def ingress_like(draw: st.DrawFn) -> dict:
    path = draw(fields(PATH_FIELDS))
    if draw(st.booleans()):
        path["backend"] = draw(fields(BACKEND_FIELDS))
    rule = draw(fields(RULE_FIELDS))
    if draw(st.booleans()):
        rule["http"] = {"paths": [path]}
    spec = draw(fields(FIELDS))
    if draw(st.booleans()):
        spec["rules"] = [rule]
    metadata = draw(
        st.one_of(
            values,
            st.fixed_dictionaries(
                {
                    "name": values,
                    "namespace": values,
                    "annotations": st.one_of(values, st.dictionaries(st.sampled_from(ANNOTATION_KEYS), values)),
                    "labels": values,
                }
            ),
        )
    )
    return {
        "apiVersion": draw(
            st.sampled_from(["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1", "v1"])
        ),
        "kind": draw(st.sampled_from(["Ingress", "IngressClass", "Service", "Secret"])),
        "metadata": metadata,
        "spec": draw(st.one_of(st.just(spec), values)),
        "data": draw(values),
        "type": draw(values),
    }


@SETTINGS
@given(st.lists(ingress_like(), min_size=1, max_size=3))
def test_any_field_values_never_raise(documents: list[dict]) -> None:
    text = "\n---\n".join(json.dumps(doc, default=str) for doc in documents)
    run_one(text.encode(), ctx=Context(require_refs=True))


REAL = sorted(p for p in (FIXTURES / "realworld").rglob("*.y*ml"))


@SETTINGS
@given(st.sampled_from(REAL), st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=3)), min_size=1, max_size=5))
def test_mutated_real_files_never_raise(path: Path, edits: list[tuple[float, bytes]]) -> None:
    content = bytearray(path.read_bytes())
    for where, insert in edits:
        at = int(where * len(content))
        content[at : at + len(insert)] = insert
    run_one(bytes(content), name=path.name)


CONTROL = st.characters(min_codepoint=0, max_codepoint=0x9F) | st.sampled_from(["\u202e", "\u2066", "\ud800", "\udcff"])

# what os.listdir can return: any character but NUL, undecodable bytes as U+DC80..U+DCFF
NAME_CHARACTERS = (
    st.characters(min_codepoint=1, max_codepoint=0x9F)
    | st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)
    | st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
)


@SETTINGS
@given(
    st.text(CONTROL | st.characters(), max_size=40),
    st.text(NAME_CHARACTERS, min_size=1, max_size=12),
)
def test_control_characters_and_odd_file_names_keep_outputs_valid(value: str, name: str) -> None:
    """Any character in a value; any file name the file system can give."""
    text = json.dumps(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": {"name": value, "annotations": {value: value}},
            "spec": {"rules": [{"host": value}]},
        }
    )
    run_one(text.encode("utf-8", "surrogatepass"), name=name)


def _catalog_keys() -> list[str]:
    cat = catalog()
    return sorted(key for key, entries in cat.entries.items() if any(entry.pattern for entry in entries))


@SETTINGS
@given(
    st.sampled_from(_catalog_keys()),
    st.text(st.sampled_from("aA1.,:; -*/=_!\t"), min_size=1, max_size=4),
    st.integers(1, 2000),
    st.sampled_from(["", "!", "\x00", "é"]),
)
def test_adversarial_annotation_values_finish(key: str, unit: str, times: int, end: str) -> None:
    """Repeated near-misses, the shape that made Python re backtrack for hours (item 1)."""
    value = unit * times + end
    document = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "web", "annotations": {key: value}},
        "spec": {"ingressClassName": "nginx", "defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}},
    }
    run_one(json.dumps(document).encode())


def test_the_adversarial_seeds_keep_outputs_valid() -> None:
    seeds = sorted(path for path in SEEDS.iterdir() if path.suffix in (".yaml", ".json"))
    assert len(seeds) >= 8
    for path in seeds:
        run_one(path.read_bytes(), name=path.name)


@pytest.mark.parametrize(
    "text",
    [
        "apiVersion: v1\nkind: Foo\n{a: b}: c\n",  # atheris: a mapping as a top-level key of an unkept kind
        "apiVersion: v1\nkind: Foo\n[a]: c\n",
    ],
)
def test_inputs_the_fuzzers_found(text: str) -> None:
    report = run_one(text.encode())
    assert report.objects == 1
