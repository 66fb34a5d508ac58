"""Public manifests (tests/fixtures/realworld, sources and licences in SOURCES.tsv).

SOURCES.tsv notes each file's known defects. A file whose notes name a defect the API
server rejects (a removed beta API version, "INVALID", a parse error, an unrendered
template) must get at least one error; every other file must get none: no false positives.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from ingresslint.model import Severity
from tests.conftest import FIXTURES, SHARED, lint_text, needs_shared

REALWORLD = FIXTURES / "realworld"
ROWS = list(csv.DictReader((REALWORLD / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t"))
REJECTED_MARKERS = ("v1beta1", "INVALID", "PARSE ERROR", "TEMPLATE")
# Defects SOURCES.tsv describes without one of the markers above, or does not list.
MORE_DEFECTS = {
    "014-kubernetes-ingress-nginx-canaryexamples.yaml": "Ingresses route to Services prod and canary, which the file does not define although it defines other Services of that namespace",
    "017-kubernetes-ingress-nginx-docker-registry-ingress-with-tls.yaml": "placeholder host 'registry.<your domain>' is not a DNS name",
    "075-traefik-traefik-TLS-support.yml": "Ingresses with an empty name; path '' with pathType Prefix is not absolute",
    # metadata-name-invalid: the server requires metadata.name (name or generateName is required)
    "031-traefik-traefik-Ingress-with-empty-pathType.yml": "Ingress with an empty name; pathType '' is not a supported value",
    "032-traefik-traefik-Ingress-with-backend-resource.yml": "Ingress with an empty name",
    "033-traefik-traefik-Ingress-with-multiple-ingressClasses_ingress.yml": "Ingresses with an empty name",
    "036-traefik-traefik-Ingress-with-default-traefik-ingressClass.yml": "Ingress with an empty name",
    "037-traefik-traefik-Ingress-with-multiple-ingressClasses.yml": "Ingresses with an empty name",
    "038-traefik-traefik-Ingress-with-conflicting-routers-on-host.yml": "Ingress with an empty name",
    "066-Azure-application-gateway-kubernetes-ingress-ing-guestbook-tls-sni.yaml": "placeholder host '<guestbook.contoso.com>' and secretName '<guestbook-secret-name>' are not DNS-1123 subdomains",
}


def known_rejected(row: dict[str, str]) -> bool:
    return row["file"] in MORE_DEFECTS or any(marker in row["notes"] for marker in REJECTED_MARKERS)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["file"])
def test_errors_exactly_on_the_known_defects(row: dict[str, str]) -> None:
    path = REALWORLD / row["file"]
    report = lint_text(path.read_bytes(), name=str(path))
    errors = [f"{f.line}: [{f.rule}] {f.message}" for f in report.findings if f.severity == Severity.ERROR]
    if known_rejected(row):
        assert errors, MORE_DEFECTS.get(row["file"], row["notes"])
    else:
        assert errors == [], row["notes"]


def test_every_copied_file_is_listed() -> None:
    files = {path.relative_to(REALWORLD).as_posix() for path in REALWORLD.rglob("*.y*ml")}
    assert files == {row["file"] for row in ROWS}


def shared_files() -> list[Path]:
    folder = SHARED / "realworld"
    return (
        sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")) if folder.is_dir() else []
    )


@needs_shared
@pytest.mark.parametrize("path", shared_files(), ids=lambda path: path.name)
def test_no_traceback_and_exit_0_or_1_on_every_shared_file(path: Path) -> None:
    for output_format in ("text", "json"):
        result = CliRunner().invoke(main, ["lint", "--format", output_format, str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1), result.stderr
