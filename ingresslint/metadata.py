"""Rule documentation and default severity, read from ``rules/<id>.yaml``."""

from __future__ import annotations

from functools import cache
from typing import Any

from ingresslint.model import Severity
from ingresslint.records import Record, init
from ingresslint.resources import data_dir

FIELDS = ("id", "severity", "summary", "rationale", "bad", "good", "reference")


class MetadataError(Exception):
    """A rules/<id>.yaml file that is missing or malformed (a packaging bug)."""


class RuleDoc(Record):
    __match_args__ = (
        "id",
        "severity",
        "summary",
        "rationale",
        "bad",
        "good",
        "reference",
        "since",
        "server_message",
        "example_now",
        "example_cluster",
        "example_path",
        "example_files",
    )
    __slots__ = __match_args__
    id: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    reference: str
    since: str | None
    server_message: str | None  # the API server's own message, for server-parity rules
    example_now: str | None  # ISO time the examples are checked at (time-dependent rules)
    # rules that need --cluster: the cluster the examples are checked against (the tests' fake
    # API server): {"objects": YAML text of what it holds, "forbidden": ["RESOURCE/NAMESPACE"]}
    example_cluster: dict[str, Any] | None
    # rules about paths (a file inside a Helm chart): the bad example is the file at
    # example_path in a directory that also holds example_files ({path: text}), linted by
    # walking that directory; the good example is linted as a plain file
    example_path: str | None
    example_files: dict[str, str] | None

    def __init__(
        self,
        id: str,
        severity: Severity,
        summary: str,
        rationale: str,
        bad: str,
        good: str,
        reference: str,
        since: str | None = None,
        server_message: str | None = None,
        example_now: str | None = None,
        example_cluster: dict[str, Any] | None = None,
        example_path: str | None = None,
        example_files: dict[str, str] | None = None,
    ) -> None:
        init(self, "id", id)
        init(self, "severity", severity)
        init(self, "summary", summary)
        init(self, "rationale", rationale)
        init(self, "bad", bad)
        init(self, "good", good)
        init(self, "reference", reference)
        init(self, "since", since)
        init(self, "server_message", server_message)
        init(self, "example_now", example_now)
        init(self, "example_cluster", example_cluster)
        init(self, "example_path", example_path)
        init(self, "example_files", example_files)

    @property
    def name(self) -> str:
        """PascalCase name, as SARIF and ruff use: ``path-type-missing`` -> ``PathTypeMissing``."""
        return "".join(part.capitalize() for part in self.id.split("-"))


@cache
def rule_doc(rule_id: str) -> RuleDoc:
    path = data_dir("rules") / f"{rule_id}.yaml"
    try:
        raw = _load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MetadataError(f"rule {rule_id}: cannot read {path}: {error}") from error
    return _parse(rule_id, raw)


def _parse(rule_id: str, raw: Any) -> RuleDoc:
    if not isinstance(raw, dict):
        raise MetadataError(f"rules/{rule_id}.yaml: not a mapping")
    missing = [name for name in FIELDS if not isinstance(raw.get(name), str)]
    if missing:
        raise MetadataError(f"rules/{rule_id}.yaml: missing or non-string {', '.join(missing)}")
    if raw["id"] != rule_id:
        raise MetadataError(f"rules/{rule_id}.yaml: id is {raw['id']!r}")
    return RuleDoc(
        id=rule_id,
        severity=Severity.parse(raw["severity"]),
        summary=raw["summary"].strip(),
        rationale=raw["rationale"].strip(),
        bad=raw["bad"],
        good=raw["good"],
        reference=raw["reference"].strip(),
        since=str(raw["since"]) if raw.get("since") is not None else None,
        server_message=raw.get("server_message"),
        example_now=raw.get("example_now"),
        example_cluster=raw.get("example_cluster") if isinstance(raw.get("example_cluster"), dict) else None,
        example_path=raw.get("example_path") if isinstance(raw.get("example_path"), str) else None,
        example_files=raw.get("example_files") if isinstance(raw.get("example_files"), dict) else None,
    )


def _load_yaml(text: str) -> Any:
    """PyYAML (already loaded by the lint run); tests/test_rule_docs.py checks that it reads
    every rule file as ruamel.yaml's safe loader does."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
