"""Generate what the fast path reads instead of slow sources: a compiled yes/no check per
schema in schemas/ (ingresslint/_schema_check.py) and the annotation catalog, with
annotation-owners.yaml and controllers.yaml, as JSON (ingresslint/_catalog.json: json.loads
takes ~2 ms, parsing the YAML ~100 ms).

    python tools/gen_fast_path.py          # rewrite both
    python tools/gen_fast_path.py --check  # exit 1 when either is stale

The lint run asks the compiled check first and jsonschema (the validator of record for
messages and field paths) only for the objects it rejects, so jsonschema is not even
imported when every object is valid. The check may reject more than jsonschema does
(``1.0`` for an integer, which jsonschema accepts: the object then simply goes to
jsonschema), never less: every keyword of the schemas is translated, and a keyword this
generator does not know stops it instead of being ignored. tests/test_schema_check.py
proves the two agree on every fixture and on random objects.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
TARGET = REPO / "ingresslint" / "_schema_check.py"
CATALOG = REPO / "rules" / "catalog" / "annotations.yaml"
CATALOG_JSON = REPO / "ingresslint" / "_catalog.json"
OWNERS = REPO / "rules" / "catalog" / "annotation-owners.yaml"  # stored in the JSON under "owners"
CONTROLLERS = REPO / "rules" / "catalog" / "controllers.yaml"  # stored in the JSON under "controllers"

# keywords that do not constrain: jsonschema is built without a format checker, so
# "format" is an annotation (int32/int64 ranges are the separate minimum/maximum)
IGNORED = {"title", "$comment", "$schema", "$defs", "format", "description"}
KNOWN = IGNORED | {"type", "$ref", "properties", "additionalProperties", "required", "items", "minimum", "maximum"}
TYPE_TESTS = {  # narrower than jsonschema's (bool is no integer, 1.0 is): only ever stricter
    "string": "type({v}) is str",
    "boolean": "type({v}) is bool",
    "integer": "type({v}) is int",
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
}


class Generator:
    def __init__(self, slug: str, schema: dict[str, Any]) -> None:
        self.slug = slug
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.functions: list[str] = []
        self.made: set[str] = set()
        self.counter = 0
        self.constants: list[str] = []

    def function_for_def(self, name: str) -> str:
        function = f"_{self.slug}_{_identifier(name)}"
        if function not in self.made:
            self.made.add(function)
            self.functions.append(self.function(function, self.defs[name]))
        return function

    def function(self, function: str, schema: dict[str, Any]) -> str:
        body = [f"def {function}(x: Any) -> bool:"]
        schema, nullable = _without_null(schema)
        if nullable:
            body.extend(["    if x is None:", "        return True"])
        for test in self.tests(schema, "x"):
            body.append(f"    if not ({test}):")
            body.append("        return False")
        if isinstance(schema.get("properties"), dict):
            body.extend(self.property_lines(schema))
        body.append("    return True")
        return "\n".join(body)

    def tests(self, schema: dict[str, Any], var: str) -> list[str]:
        """Boolean expressions that all hold when ``var`` is valid, except properties."""
        unknown = set(schema) - KNOWN
        if unknown:
            raise SystemExit(f"gen_fast_path: unsupported keywords {sorted(unknown)}; teach this generator")
        schema, nullable = _without_null(schema)
        if nullable:
            inner = self.tests(schema, var)
            return [f"{var} is None or ({' and '.join(inner)})"] if inner else []
        tests = []
        if "$ref" in schema:
            name = schema["$ref"].removeprefix("#/$defs/")
            tests.append(f"{self.function_for_def(name)}({var})")
        kind = schema.get("type")
        if kind is not None:
            if kind not in TYPE_TESTS:
                raise SystemExit(f"gen_fast_path: unsupported type {kind!r}")
            tests.append(TYPE_TESTS[kind].format(v=var))
        if "minimum" in schema or "maximum" in schema:
            if kind != "integer":
                raise SystemExit("gen_fast_path: minimum/maximum only on integers")
            low, high = schema.get("minimum"), schema.get("maximum")
            tests.append(f"{low if low is not None else '-inf'} <= {var} <= {high if high is not None else 'inf'}")
        needs_object = any(key in schema for key in ("properties", "additionalProperties", "required"))
        if needs_object and kind != "object":
            tests.append(f"type({var}) is dict")  # jsonschema ignores these on non-objects: stricter is safe
        if "required" in schema:
            tests.extend(f"{name!r} in {var}" for name in schema["required"])
        extra = schema.get("additionalProperties", True)
        properties = schema.get("properties")
        if extra is False:
            tests.append(f"{self.key_set(properties or {})}.issuperset({var})")
        elif isinstance(extra, dict):
            if properties:
                raise SystemExit("gen_fast_path: properties with a schema for the others is not supported")
            tests.append(f"all({self.item_test(extra, 'i')} for i in {var}.values())")
        elif extra is not True:
            raise SystemExit("gen_fast_path: unsupported additionalProperties")
        if "items" in schema:
            if kind != "array":
                raise SystemExit("gen_fast_path: items only on arrays")
            tests.append(f"all({self.item_test(schema['items'], 'i')} for i in {var})")
        if isinstance(properties, dict) and var != "x":
            tests.append(f"{self.helper(schema)}({var})")  # inline object: its own function
        return tests

    def item_test(self, schema: dict[str, Any], var: str) -> str:
        tests = self.tests(schema, var)
        return " and ".join(tests) if tests else "True"

    def property_lines(self, schema: dict[str, Any]) -> list[str]:
        lines = []
        for name, child in sorted(schema["properties"].items()):
            tests = self.tests(child, "v")
            if not tests:
                continue
            lines.append(f"    v = x.get({name!r}, _ABSENT)")
            lines.append(f"    if v is not _ABSENT and not ({' and '.join(tests)}):")
            lines.append("        return False")
        return lines

    def helper(self, schema: dict[str, Any]) -> str:
        self.counter += 1
        function = f"_{self.slug}_inline_{self.counter}"
        self.functions.append(self.function(function, schema))
        return function

    def key_set(self, properties: dict[str, Any]) -> str:
        """A module constant: built once, not on every call."""
        name = f"_{self.slug}_KEYS_{len(self.constants)}"
        self.constants.append(f"{name} = frozenset({sorted(properties)!r})")
        return name


def _without_null(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """``schema`` with ``"null"`` taken out of a ``type: [T, "null"]`` list, and whether it was there."""
    kind = schema.get("type")
    if not isinstance(kind, list):
        return schema, False
    others = [name for name in kind if name != "null"]
    if len(others) != 1:
        raise SystemExit(f"gen_fast_path: unsupported type list {kind!r}")
    return {**schema, "type": others[0]}, "null" in kind


def _identifier(text: str) -> str:
    return re.sub(r"\W", "_", text)


def generate() -> str:
    index = json.loads((SCHEMAS / "index.json").read_text(encoding="utf-8"))
    files = sorted({name for names in index["kubernetesVersions"].values() for name in names})
    out = [
        '"""Compiled yes/no checks of the schemas in schemas/: generated by tools/gen_fast_path.py',
        'from those files; do not edit (tests/test_schema_check.py fails when this is stale)."""',
        "",
        "# ruff: noqa",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "_ABSENT = object()",
        "inf = float('inf')",
        "",
    ]
    checks = {}
    for file_name in files:
        schema = json.loads((SCHEMAS / file_name).read_text(encoding="utf-8"))
        slug = _identifier(file_name.removesuffix(".json"))
        generator = Generator(slug, schema)
        root = generator.function(f"_{slug}", {k: v for k, v in schema.items() if k != "$defs"})
        out.extend(["", *generator.constants, ""])
        out.extend(f"\n{function}\n" for function in [*generator.functions, root])
        checks[file_name] = f"_{slug}"
    out.append("\nCHECKS = {")
    out.extend(f"    {name!r}: {function}," for name, function in checks.items())
    out.append("}")
    return "\n".join(out) + "\n"


def catalog_json() -> str:
    """The catalog as ruamel.yaml's safe loader (YAML 1.2: ``on`` stays a string) reads it, with
    rules/catalog/annotation-owners.yaml under the key "owners" and the controllers'
    rules/catalog/controllers.yaml under "controllers"."""
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=False).load(CATALOG.read_text(encoding="utf-8"))
    raw["owners"] = YAML(typ="safe", pure=False).load(OWNERS.read_text(encoding="utf-8"))
    raw["controllers"] = YAML(typ="safe", pure=False).load(CONTROLLERS.read_text(encoding="utf-8"))["controllers"]
    return json.dumps(raw, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated file is stale")
    args = parser.parse_args()
    outputs = {TARGET: _formatted(generate()), CATALOG_JSON: catalog_json()}
    for path, text in outputs.items():
        if not args.check:
            path.write_text(text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            sys.exit(f"{path.relative_to(REPO)} is stale: run python tools/gen_fast_path.py")


def _formatted(text: str) -> str:
    """The text as ``ruff format`` writes it, so the check does not depend on formatting."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout if done.returncode == 0 else text


if __name__ == "__main__":
    main()
