"""Configuration: ``.ingresslint.yaml`` or ``[tool.ingresslint]`` in pyproject.toml, found by
walking up from the working directory (``--config FILE`` instead); command-line flags win.

The YAML file is read with every scalar as a string (ruamel's base loader), so an unquoted
``off`` means off although YAML 1.1 reads it as the boolean false.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ingresslint.model import Severity
from ingresslint.records import Record, init
from ingresslint.suggest import did_you_mean

YAML_NAME = ".ingresslint.yaml"
PYPROJECT = "pyproject.toml"
DEFAULTS: dict[str, Any] = {
    "kube-version": None,  # the newest supported
    "fail-on": "error",
    "namespace": "default",
    "require-refs": False,
    "exclude": [],  # gitignore patterns, relative to the configuration file's directory
    "respect-gitignore": True,  # walks skip what .gitignore ignores; --refs-from reads git-tracked files
    "certificate-expiry-days": 21,  # tls-certificate-expiring looks this far ahead
    "ingress-classes": {},  # site-specific class name -> controller id (or controller string)
    "select": ["*"],  # rule ids or globs that run (ingresslint/selection.py)
    "ignore": [],  # rule ids or globs that do not
    "rules": {},
}
SCHEMA_NAME = "config-schema.json"  # JSON Schema of the file, shipped in the package
LEVELS = ("off", "error", "warning", "info")
FALSE = frozenset({"off", "false", "no", "n"})
TRUE = frozenset({"on", "true", "yes", "y"})


class ConfigError(Exception):
    """A configuration file that cannot be used: a usage error, exit 2."""


class Config(Record):
    __match_args__ = ("values", "origins")
    __slots__ = __match_args__
    values: dict[str, Any]
    origins: dict[str, str]  # key (or rules.ID) -> where it was set

    def __init__(self, values: dict[str, Any] | None = None, origins: dict[str, str] | None = None) -> None:
        init(self, "values", dict(DEFAULTS) if values is None else values)
        init(self, "origins", {} if origins is None else origins)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")

    def override(self, flags: dict[str, Any]) -> Config:
        """The configuration with the command-line flags that were given (not None)."""
        given = {key: value for key, value in flags.items() if value is not None and value != ()}
        values = {**self.values, **{key: list(v) if isinstance(v, tuple) else v for key, v in given.items()}}
        return Config(values, {**self.origins, **dict.fromkeys(given, "command line")})

    def levels(self) -> dict[str, Severity | None]:
        """Severity per rule id that differs from the default; None: the rule is off
        (``off`` in ``rules``, or not selected by ``select`` / ``ignore``)."""
        from ingresslint.registry import RULES
        from ingresslint.selection import deselected

        levels: dict[str, Severity | None] = {
            rule: None if level == "off" else Severity.parse(level) for rule, level in self["rules"].items()
        }
        levels.update(dict.fromkeys(deselected(RULES, self["select"], self["ignore"])))
        return levels


def find_config(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / YAML_NAME).is_file():
            return directory / YAML_NAME
        pyproject = directory / PYPROJECT
        if _names_us(pyproject) and "ingresslint" in _toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _names_us(pyproject: Path) -> bool:
    """Whether ``pyproject`` is a file whose bytes hold "ingresslint": without them it has no
    [tool.ingresslint] table, so it is not parsed (most projects' pyproject.toml is not ours:
    neither its parse time nor its TOML errors concern a lint run)."""
    try:
        with pyproject.open("rb") as handle:
            return b"ingresslint" in handle.read()
    except OSError:  # not a file (absent, a directory) or unreadable: not ours
        return False


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The configuration in ``path``, or found from ``start`` (the working directory)."""
    path = path if path is not None else find_config(start or Path.cwd())
    if path is None:
        return Config()
    if path.name == PYPROJECT:
        raw, lines = _toml(path).get("tool", {}).get("ingresslint", {}), _toml_lines(path)
    else:
        raw, lines = _yaml(path), _yaml_lines(path)
    name = str(path)
    values = parse(raw, name, lines)
    origins = dict.fromkeys(values, name)
    origins.update({f"rules.{rule}": name for rule in values.get("rules", {})})
    return Config({**DEFAULTS, **values}, origins)


def parse(raw: Any, where: str, lines: dict[str, int] | None = None) -> dict[str, Any]:
    """Check and convert the raw mapping. ``lines`` maps a key (``rules.ID`` for a rule) to
    its line in the file, so that every error names ``FILE:LINE``."""
    lines = lines or {}

    def at(key: str) -> str:
        line = lines.get(key) or lines.get(re.split(r"[.\[]", key, maxsplit=1)[0])
        return f"{where}:{line}" if line else where

    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{at('')}: the configuration must be a mapping of keys to values")
    known = schema()["properties"]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{at(str(key))}: unknown key {key!r}{did_you_mean(str(key), known)}")
        if key == "rules":
            values[key] = _rules(value, at("rules"), at)
        else:
            _check_items(key, value, at)
            values[key] = _PARSERS[key](value, f"{at(key)}: {key}")
    return values


def _check_items(key: str, value: Any, at: Callable[[str], str]) -> None:
    """Parse each item of a list or mapping alone first, so that an error names the item's line."""
    if isinstance(value, list) and len(value) > 1:
        for index, item in enumerate(value):
            _PARSERS[key]([item], f"{at(f'{key}[{index}]')}: {key}[{index}]")
    elif isinstance(value, dict) and len(value) > 1:
        for name, item in value.items():
            _PARSERS[key]({name: item}, f"{at(f'{key}.{name}')}: {key}")


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the configuration file: its keys are the keys parse() accepts
    (editors and ``ingresslint config --schema`` use it too)."""
    return json.loads((Path(__file__).parent / SCHEMA_NAME).read_text(encoding="utf-8"))


def _kube_version(value: Any, where: str) -> str:
    from ingresslint.versions import VersionError, parse_kube_version

    text = str(value)
    try:
        parse_kube_version(text)
    except VersionError as error:
        raise ConfigError(f"{where}: {error}") from error
    return text


def _fail_on(value: Any, where: str) -> str:
    if value not in ("error", "warning", "info"):
        raise ConfigError(f"{where}: {value!r} is not one of error, warning, info")
    return str(value)


def _namespace(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: expected a namespace name")
    return value


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in TRUE | FALSE:
        return value.lower() in TRUE
    raise ConfigError(f"{where}: expected true or false, not {value!r}")


def _exclude(value: Any, where: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{where}: expected a list of patterns (gitignore syntax)")
    return list(items)


def _days(value: Any, where: str) -> int:
    text = str(value).strip()
    if not text.isdigit():
        raise ConfigError(f"{where}: expected a whole number of days, not {value!r}")
    return int(text)


def _ingress_classes(value: Any, where: str) -> dict[str, str]:
    from ingresslint.controllers import controller_facts, for_controller_string

    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping of class names to controller ids")
    known = controller_facts()
    classes = {}
    for name, controller in value.items():
        if not isinstance(controller, str) or (controller not in known and for_controller_string(controller) is None):
            raise ConfigError(
                f"{where}.{name}: {controller!r} is not a controller id ({', '.join(known)}){did_you_mean(str(controller), known)}"
            )
        classes[str(name)] = controller
    return classes


def _selectors(value: Any, where: str) -> list[str]:
    from ingresslint.registry import RULES
    from ingresslint.selection import SelectorError, check_selectors, split_selectors

    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{where}: expected a list of rule ids or globs such as 'tls-*'")
    selectors = split_selectors(items)
    try:
        check_selectors(selectors, RULES)
    except SelectorError as error:
        raise ConfigError(f"{where}: {error}") from error
    return selectors


def _rules(value: Any, where: str, at: Callable[[str], str]) -> dict[str, str]:
    from ingresslint.registry import RULES

    if not isinstance(value, dict):
        raise ConfigError(f"{where}: rules: expected a mapping of rule ids to off, error, warning or info")
    rules = {}
    for rule, level in value.items():
        if rule not in RULES:
            raise ConfigError(f"{at(f'rules.{rule}')}: rules: unknown rule id {rule!r}{did_you_mean(str(rule), RULES)}")
        text = "off" if level is False or (isinstance(level, str) and level.lower() in FALSE) else level
        if text not in LEVELS:
            raise ConfigError(f"{at(f'rules.{rule}')}: rules.{rule}: {level!r} is not one of {', '.join(LEVELS)}")
        rules[rule] = text
    return rules


_PARSERS = {
    "kube-version": _kube_version,
    "fail-on": _fail_on,
    "namespace": _namespace,
    "require-refs": _bool,
    "exclude": _exclude,
    "respect-gitignore": _bool,
    "certificate-expiry-days": _days,
    "ingress-classes": _ingress_classes,
    "select": _selectors,
    "ignore": _selectors,
}


def _yaml(path: Path) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="base").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: {str(error).strip()}") from error


def _yaml_lines(path: Path) -> dict[str, int]:
    """Line of each top-level key, of each entry of a mapping value as ``KEY.NAME`` (``rules.ID``)
    and of each item of a list value as ``KEY[INDEX]`` (1-based)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    root = YAML(typ="base").compose(path.read_text(encoding="utf-8"))
    lines: dict[str, int] = {"": root.start_mark.line + 1} if root is not None else {}
    if not isinstance(root, MappingNode):
        return lines
    for key, value in root.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if isinstance(value, MappingNode):
            lines.update({f"{key.value}.{name.value}": name.start_mark.line + 1 for name, _ in value.value})
        elif isinstance(value, SequenceNode):
            lines.update({f"{key.value}[{i}]": item.start_mark.line + 1 for i, item in enumerate(value.value)})
    return lines


def _toml_lines(path: Path) -> dict[str, int]:
    """Line of each key of the [tool.ingresslint] table, and of rule ids written on their own line
    or in an inline table (``rules.ID``), and of the items of a multi-line array (``KEY[INDEX]``);
    tomllib keeps no positions, so they are searched."""
    lines: dict[str, int] = {}
    inside = False
    array: list[Any] = []  # [key, next index] while inside a multi-line array
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if array:
            array = _array_items(line, number, array, lines)
            continue
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            inside = header.group(1).strip() in ("tool.ingresslint", "tool.ingresslint.rules")
            prefix = "rules." if header.group(1).strip().endswith(".rules") else ""
            if inside and prefix:
                lines.setdefault("rules", number)
            continue
        key = re.match(r'\s*"?([\w.-]+)"?\s*=', line)
        if inside and key:
            lines.setdefault(f"{prefix}{key.group(1)}", number)
            rest = line[key.end() :]
            if rest.strip().startswith("[") and "]" not in rest.split("#", 1)[0]:
                array = _array_items(rest.strip()[1:], number, [f"{prefix}{key.group(1)}", 0], lines)
            for rule in re.findall(r'"?([a-z][\w-]*)"?\s*=', line[key.end() :]) if key.group(1) == "rules" else ():
                lines.setdefault(f"rules.{rule}", number)
    return lines


def _array_items(line: str, number: int, array: list[Any], lines: dict[str, int]) -> list[Any]:
    """Record the strings of one line of a multi-line array; the state, or [] once it closes."""
    code = line.split("#", 1)[0]
    for _ in re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', code):
        lines.setdefault(f"{array[0]}[{array[1]}]", number)
        array[1] += 1
    return [] if "]" in code else array


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from error


def show(config: Config) -> str:
    """The effective configuration as YAML, each value commented with where it came from."""
    from ingresslint.versions import NEWEST

    lines = []
    for key in DEFAULTS:
        value = config[key]
        if key == "rules":
            lines.append(f"rules:{' {}' if not value else ''}  # {config.origin(key)}")
            lines += [f"  {rule}: {level}  # {config.origin(f'rules.{rule}')}" for rule, level in value.items()]
            continue
        if key == "kube-version" and value is None:
            value = str(NEWEST)
        text = (
            str(value).lower()
            if isinstance(value, bool)
            else json.dumps(value)
            if isinstance(value, (list, dict))
            else value
        )
        lines.append(f"{key}: {text}  # {config.origin(key)}")
    return "\n".join(lines) + "\n"
