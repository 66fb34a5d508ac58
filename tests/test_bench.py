"""The benchmark runner and its corpora work (never their timings: bench/ measures those)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import corpus


def table_rows(output: str) -> list[list[str]]:
    lines = [line for line in output.splitlines() if line.startswith("| ")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    header, rule, *body = rows
    assert header[0] == "row" and all(set(cell) <= set("-:") for cell in rule)
    assert all(len(row) == len(header) for row in body)
    return body


def test_the_runner_prints_a_table_of_figures_goals_and_a_true_peak_rss(tmp_path: Path) -> None:
    command = [sys.executable, "bench/run.py", "--only", "sanity,three", "--rounds", "1"]
    command += ["--peers", str(tmp_path / "no-peers"), "--corpus-dir", str(tmp_path)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.startswith("command: ") and "--only sanity,three" in done.stdout.splitlines()[0]
    rows = {(row[0], row[1], row[4]): row for row in table_rows(done.stdout)}
    eager = rows[("three", "ingresslint", "eager import")]
    assert eager[8] == "<= 0.6x" and eager[9] in {"met", "NOT met"}
    assert eager[7].endswith("x")
    assert "- note: yamllint: not installed" in done.stdout  # a missing peer is said, not measured
    allocating = rows[("sanity", "python: allocate 200 MiB", "")]
    empty = rows[("sanity", "python -c pass", "")]
    mib = [float(row[3].removesuffix(" MiB")) for row in (allocating, empty)]
    assert mib[0] - mib[1] > 150  # each child's own peak, not the largest seen so far


def test_rows_are_chosen_by_id() -> None:
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--only", "nothing"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "unknown rows ['nothing']" in done.stderr


def test_a_subset_of_corpora_has_the_same_bytes_as_all_of_them(tmp_path: Path) -> None:
    corpus.write(tmp_path / "some", 9, ["three", "thousand"])
    corpus.write(tmp_path / "all", 9, ["thousand", "three", "mixed"])
    for name in ("three.yaml", "thousand.yaml"):
        assert (tmp_path / "some" / name).read_bytes() == (tmp_path / "all" / name).read_bytes()
    assert (tmp_path / "all" / "thousand.yaml").read_text().count("\n---\n") == 999


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_hook_repository_tracks_manifests_and_ignores_the_rest(tmp_path: Path) -> None:
    changed = corpus.hook_repo(tmp_path, 9, manifests=60, ignored=30)
    listed = subprocess.run(["git", "ls-files"], cwd=tmp_path, capture_output=True, text=True, check=True)
    tracked = listed.stdout.split()
    assert len([name for name in tracked if name.endswith(".yaml")]) == 60
    assert len(list(tmp_path.rglob("*.yaml"))) == 90  # the 30 others are ignored
    status = subprocess.run(["git", "status", "--short"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert status.stdout == f"M  {changed.as_posix()}\n"  # one change, staged as pre-commit sees it
    assert "kind: Ingress" in (tmp_path / changed).read_text()


def test_the_big_row_measures_what_big_files_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import run

    def big_files(out: Path, seed: int) -> dict[str, Path]:  # the generator's interface, with a small file
        out.mkdir(parents=True, exist_ok=True)
        (out / "many-paths.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n")
        return {"one Ingress, 200,000 paths": out / "many-paths.yaml"}

    monkeypatch.setattr(corpus, "big_files", big_files)
    run.main(["--only", "big", "--rounds", "1", "--corpus-dir", str(tmp_path)])
    rows = table_rows(capsys.readouterr().out)
    assert [(row[0], row[1], row[4]) for row in rows] == [
        ("big", "ingresslint: one Ingress, 200,000 paths", "PyYAML compose: one Ingress, 200,000 paths")
    ]
