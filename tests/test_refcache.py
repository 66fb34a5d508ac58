"""The objects of --refs-from files are remembered between runs, only for the very same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint import engine, refcache
from ingresslint.cli import main

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
"""
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  ports:\n  - port: {port}\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "svc.yaml").write_text(SERVICE.format(name="web", port=80))
    (tmp_path / "in.yaml").write_text(INGRESS)
    monkeypatch.setenv(refcache.ENV, str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the reference files parsed (not taken from the cache)."""
    names: list[str] = []
    load = engine.load_sources

    def counted(sources, *rest):  # type: ignore[no-untyped-def]
        sources = list(sources)
        names.extend(source.name for source in sources if source.name != "in.yaml")
        return load(iter(sources), *rest)

    monkeypatch.setattr(engine, "load_sources", counted)
    return names


def lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", "--require-refs", "-j", "1", "--format", "json", *args])
    return result.exit_code, result.stdout


def test_a_second_run_reuses_the_objects_and_reports_the_same(tree: Path, parsed: list[str]) -> None:
    first = lint("--refs-from", "refs", "in.yaml")
    assert first[0] == 0 and parsed == [os.path.join("refs", "svc.yaml")]
    assert list((tree / "cache").iterdir())
    parsed.clear()
    assert lint("--refs-from", "refs", "in.yaml") == first
    assert parsed == []  # nothing parsed: the cache answered


def test_changed_bytes_are_parsed_again(tree: Path, parsed: list[str]) -> None:
    assert lint("--refs-from", "refs", "in.yaml")[0] == 0
    (tree / "refs" / "svc.yaml").write_text(SERVICE.format(name="web", port=81))  # same size, maybe same time
    code, out = lint("--refs-from", "refs", "in.yaml")
    assert code == 1 and "service-port-not-found" in out
    assert len(parsed) == 2


def test_no_cache_reads_and_writes_none(tree: Path, parsed: list[str]) -> None:
    assert lint("--no-cache", "--refs-from", "refs", "in.yaml")[0] == 0
    assert lint("--no-cache", "--refs-from", "refs", "in.yaml")[0] == 0
    assert len(parsed) == 2 and not (tree / "cache").exists()


def test_an_empty_cache_directory_variable_turns_it_off(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(refcache.ENV, "")
    assert refcache.cache_directory() is None
    assert lint("--refs-from", "refs", "in.yaml")[0] == 0


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_broken_cache_file_counts_as_empty(tree: Path, parsed: list[str], content: bytes) -> None:
    first = lint("--refs-from", "refs", "in.yaml")
    (cached,) = (tree / "cache").iterdir()
    cached.write_bytes(content)
    parsed.clear()
    assert lint("--refs-from", "refs", "in.yaml") == first and len(parsed) == 1
    assert cached.read_bytes() != content  # written again


def test_an_unwritable_cache_leaves_the_report_as_it_is(tree: Path) -> None:
    (tree / "cache").write_text("a file, not a directory")
    first = lint("--no-cache", "--refs-from", "refs", "in.yaml")
    assert lint("--refs-from", "refs", "in.yaml") == first


def test_another_release_starts_afresh(tree: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    lint("--refs-from", "refs", "in.yaml")
    monkeypatch.setattr(refcache, "FORMAT", refcache.FORMAT + 1)
    lint("--refs-from", "refs", "in.yaml")
    assert len(parsed) == 2


def test_a_renamed_file_gives_its_new_name(tree: Path) -> None:
    lint("--refs-from", "refs", "in.yaml")
    (tree / "refs" / "svc.yaml").rename(tree / "refs" / "other.yaml")
    (tree / "in.yaml").write_text(INGRESS + "---\n" + SERVICE.format(name="web", port=80))  # a duplicate? no: one more
    code, out = lint("--refs-from", "refs", "in.yaml")
    assert code == 0 and "svc.yaml" not in out


def test_entries_of_files_gone_are_dropped(tree: Path) -> None:
    (tree / "refs" / "gone.yaml").write_text(SERVICE.format(name="gone", port=80))
    lint("--refs-from", "refs", "in.yaml")
    (tree / "refs" / "gone.yaml").unlink()
    lint("--refs-from", "refs", "in.yaml")
    cache = refcache.for_directories(["refs"])
    assert cache is not None and sorted(name for name, _ in cache.old) == [os.path.join("refs", "svc.yaml")]


def test_the_library_call_writes_no_cache_unasked(tree: Path) -> None:
    import ingresslint

    ingresslint.lint(["in.yaml"], refs_from=["refs"])
    assert not (tree / "cache").exists()
    ingresslint.lint(["in.yaml"], refs_from=["refs"], cache=True)
    assert (tree / "cache").exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_file_others_may_write_is_not_read(tree: Path, parsed: list[str]) -> None:
    lint("--refs-from", "refs", "in.yaml")
    (cached,) = (tree / "cache").iterdir()
    assert cached.stat().st_mode & 0o077 == 0  # made for this user alone
    cached.chmod(0o666)
    parsed.clear()
    lint("--refs-from", "refs", "in.yaml")
    assert len(parsed) == 1  # parsed again: the pickle was not loaded
