"""Sources: Helm charts in a walk, --stdin-filename, exclude and .gitignore, unreadable paths."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint import sources
from ingresslint.cli import main
from ingresslint.context import Context
from ingresslint.engine import lint
from ingresslint.loader import KINDS_KEPT
from ingresslint.sources import REFERENCE_KIND_WORDS, SourceError, iter_reference_sources, iter_sources
from tests.conftest import BROKEN_INGRESS, source

CHART = "apiVersion: v2\nname: web\nversion: 0.1.0\n"
TEMPLATE = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {{ include "web.fullname" . }}\n'
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def findings(*args: str, stdin: str | None = None) -> tuple[int, list[tuple[str, str, int]]]:
    code, out, err = run("lint", "--format", "json", *args, stdin=stdin)
    assert code in (0, 1), err
    return code, [(f["rule"], f["file"], f["line"]) for f in json.loads(out)["findings"]]


def names(paths: list[str], *args: object) -> list[str]:
    return [source.name for source in iter_sources(paths, *args)]  # type: ignore[arg-type]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Helm charts in a directory walk


def test_a_walk_skips_chart_templates_with_one_note_per_chart(here: Path) -> None:
    write(
        here,
        {
            "charts/web/Chart.yaml": CHART,
            "charts/web/values.yaml": "replicas: 1\n",
            "charts/web/templates/ingress.yaml": TEMPLATE,
            "charts/web/templates/deep/service.yaml": TEMPLATE,
            "charts/web/crds/broken.yaml": BROKEN_INGRESS,
            "charts/web/charts/db/Chart.yaml": CHART.replace("web", "db"),
            "charts/web/charts/db/templates/x.yaml": TEMPLATE,
        },
    )
    code, found = findings(".")
    assert code == 1  # crds/ are plain YAML and still linted
    assert found == [
        ("helm-chart-not-rendered", "charts/web/Chart.yaml", 1),
        ("helm-chart-not-rendered", "charts/web/charts/db/Chart.yaml", 1),
        ("path-type-missing", "charts/web/crds/broken.yaml", 10),
    ]
    assert "yaml-syntax" not in {rule for rule, _, _ in found}
    _, out, _ = run("lint", "charts")
    assert "lint the rendered chart instead: helm template charts/web | ingresslint lint -" in out


def test_named_templates_are_skipped_too_with_one_note(here: Path) -> None:
    """pre-commit names the changed templates one by one."""
    write(here, {"web/Chart.yaml": CHART, "web/templates/a.yaml": TEMPLATE, "web/templates/b.yaml": TEMPLATE})
    code, found = findings("web/templates/a.yaml", "web/templates/b.yaml")
    assert code == 0 and found == [("helm-chart-not-rendered", "web/Chart.yaml", 1)]
    assert findings("web/templates")[1] == [("helm-chart-not-rendered", "web/Chart.yaml", 1)]
    code, out, _ = run("lint", "web/Chart.yaml", "web/templates/a.yaml")  # as pre-commit --all-files does
    assert code == 0 and out.count("[helm-chart-not-rendered]") == 1 and "in 1 file, 0 objects" in out
    assert " 1 | apiVersion: v2" in out or "1 | apiVersion: v2" in out  # the frame shows the Chart.yaml
    os.chdir(here / "web" / "templates")
    assert findings("a.yaml")[1] == [("helm-chart-not-rendered", "../Chart.yaml", 1)]


def test_a_templates_directory_without_a_chart_is_linted(here: Path) -> None:
    write(here, {"templates/broken.yaml": BROKEN_INGRESS})
    assert findings(".")[1] == [("path-type-missing", "templates/broken.yaml", 10)]


def test_the_note_is_a_rule_that_configuration_turns_off(here: Path) -> None:
    write(here, {"web/Chart.yaml": CHART, "web/templates/a.yaml": TEMPLATE})
    (here / ".ingresslint.yaml").write_text("rules:\n  helm-chart-not-rendered: off\n", encoding="utf-8")
    assert findings(".") == (0, [])


# Rendered input: Helm's # Source: comments name the documents

RENDERED = (
    "---\n# Source: web/templates/service.yaml\n"
    + SERVICE
    + "---\n# Source: web/templates/ingress.yaml\n"
    + BROKEN_INGRESS.replace("number: 80", "number: 81")
)


def test_findings_in_rendered_documents_name_the_template_and_its_line() -> None:
    code, found = findings("-", stdin=RENDERED)
    assert code == 1
    assert found == [
        ("path-type-missing", "web/templates/ingress.yaml", 10),
        ("service-port-not-found", "web/templates/ingress.yaml", 15),
    ]


def test_rendered_documents_keep_their_code_frame_and_junit_suite() -> None:
    _, out, _ = run("lint", "-", stdin=RENDERED)
    assert "web/templates/ingress.yaml:10:9: error [path-type-missing]" in out
    assert "10 |       - path: /\n" in out
    _, out, _ = run("lint", "--format", "junit", "-", stdin=RENDERED)
    assert 'name="web/templates/ingress.yaml"' in out and 'name="web/templates/service.yaml"' in out
    assert 'name="-"' not in out


def test_a_template_rendered_twice_names_both_without_a_frame() -> None:
    twice = RENDERED + "---\n# Source: web/templates/ingress.yaml\n" + BROKEN_INGRESS
    _, found = findings("-", stdin=twice)
    assert [f for f in found if f[0] == "path-type-missing"] == [
        ("path-type-missing", "web/templates/ingress.yaml", 10),
        ("path-type-missing", "web/templates/ingress.yaml", 10),
    ]
    _, out, _ = run("lint", "-", stdin=twice)
    assert "web/templates/ingress.yaml:10:9: error [path-type-missing]" in out
    assert " | " not in out  # two rendered texts for one name: no frame rather than a wrong one


def test_documents_without_a_source_comment_keep_the_input_name(tmp_path: Path) -> None:
    mixed = "# Source: a/templates/x.yaml is only a comment here\n" + BROKEN_INGRESS
    mixed += "---\n# a comment first\n# Source: web/templates/late.yaml\n" + BROKEN_INGRESS
    mixed += "---\n# Source: web/templates/ok.yaml\n" + BROKEN_INGRESS
    file = tmp_path / "rendered.yaml"
    file.write_text(mixed, encoding="utf-8")
    _, found = findings(str(file))
    assert found == [
        ("path-type-missing", str(file), 1 + 10),  # prose after "# Source:" is a comment
        ("path-type-missing", str(file), 16 + 3 + 10),  # the comment must be the document's first line
        ("path-type-missing", "web/templates/ok.yaml", 10),
    ]


def test_suppressions_and_refs_from_work_on_the_rendered_stream(here: Path) -> None:
    suppressed = RENDERED.replace("      - path: /\n", "      - path: /  # ingresslint: disable=path-type-missing\n")
    assert [f[0] for f in findings("-", stdin=suppressed)[1]] == ["service-port-not-found"]
    write(here, {"deploy/ingress.yaml": BROKEN_INGRESS})
    code, found = findings("--refs-from", "deploy", "-", stdin="---\n# Source: web/templates/service.yaml\n" + SERVICE)
    assert code == 0 and found == []  # nothing of deploy/ is reported


def test_rendered_documents_are_renamed_with_their_positions() -> None:
    report = lint([source(RENDERED, "-")], Context())
    assert [(doc.source, doc.position(("kind",))) for doc in report.documents] == [
        ("web/templates/service.yaml", (2, 1)),
        ("web/templates/ingress.yaml", (2, 1)),
    ]


# --stdin-filename


@pytest.mark.parametrize(
    ("output_format", "expected"),
    [
        ("text", "deploy/web.yaml:10:9: error [path-type-missing]"),
        ("json", '"file": "deploy/web.yaml"'),
        ("sarif", '"uri": "deploy/web.yaml"'),
        ("github", "::error file=deploy/web.yaml,line=10,col=9,"),
        ("junit", 'testsuite name="deploy/web.yaml"'),
    ],
)
def test_stdin_filename_names_stdin_in_every_format(output_format: str, expected: str) -> None:
    code, out, _ = run(
        "lint", "--format", output_format, "--stdin-filename", "deploy/web.yaml", "-", stdin=BROKEN_INGRESS
    )
    assert code == 1 and expected in out
    assert "stdin" not in out.replace("--stdin", "") and "file=-" not in out


def test_stdin_filename_replaces_the_file_in_refs_from(here: Path) -> None:
    """An editor lints its buffer: the file on disk does not count a second time."""
    class_a = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: a\n  annotations:\n    ingressclass.kubernetes.io/is-default-class: 'true'\nspec:\n  controller: x.io/c\n"
    write(here, {"a.yaml": class_a})
    assert findings("--refs-from", ".", "--stdin-filename", "a.yaml", "-", stdin=class_a) == (0, [])


# exclude: gitignore patterns relative to the configuration file


@pytest.fixture
def project(here: Path) -> Path:
    write(
        here,
        {
            ".ingresslint.yaml": "exclude: ['deploy/legacy/*', '!deploy/legacy/kept.yaml', 'scratch/']\n",
            "deploy/legacy/old.yaml": BROKEN_INGRESS,
            "deploy/legacy/kept.yaml": BROKEN_INGRESS,
            "deploy/scratch/x.yaml": BROKEN_INGRESS,
            "deploy/web.yaml": BROKEN_INGRESS,
        },
    )
    return here


EXPECTED = ["deploy/legacy/kept.yaml", "deploy/web.yaml"]


def linted(*args: str) -> list[str]:
    code, out, err = run("lint", "--format", "json", *args)
    assert code in (0, 1), err
    return sorted({os.path.relpath(f["file"]) for f in json.loads(out)["findings"]})


def test_exclude_is_relative_to_the_configuration_file(project: Path) -> None:
    assert linted(".") == EXPECTED
    assert linted("deploy") == EXPECTED
    assert linted(str(project / "deploy")) == EXPECTED  # lint $PWD/deploy
    assert linted("deploy/legacy/old.yaml", "deploy/web.yaml") == ["deploy/web.yaml"]  # named files too


def test_exclude_holds_in_a_run_from_a_subdirectory(project: Path) -> None:
    os.chdir(project / "deploy")
    assert linted(".") == ["legacy/kept.yaml", "web.yaml"]
    assert linted("legacy/old.yaml") == []
    os.chdir(project / "deploy" / "legacy")
    assert linted(".") == ["kept.yaml"]


def test_exclude_of_an_explicit_config_file_is_relative_to_its_directory(project: Path) -> None:
    (project / ".ingresslint.yaml").unlink()
    (project / "ci").mkdir()
    (project / "ci" / "lint.yaml").write_text("exclude: ['/web.yaml']\n", encoding="utf-8")
    assert linted("--config", "ci/lint.yaml", ".") == sorted(
        ["deploy/legacy/kept.yaml", "deploy/legacy/old.yaml", "deploy/scratch/x.yaml", "deploy/web.yaml"]
    )
    (project / "ci" / "lint.yaml").write_text("exclude: ['/../deploy/legacy/']\n", encoding="utf-8")
    (project / "deploy" / "lint.yaml").write_text("exclude: ['/legacy/']\n", encoding="utf-8")
    assert linted("--config", "deploy/lint.yaml", ".") == ["deploy/scratch/x.yaml", "deploy/web.yaml"]


def test_exclude_on_the_command_line_is_relative_to_the_working_directory(project: Path) -> None:
    assert linted("--exclude", "/deploy/web.yaml", ".") == sorted(
        ["deploy/legacy/kept.yaml", "deploy/legacy/old.yaml", "deploy/scratch/x.yaml"]
    )
    os.chdir(project / "deploy")
    assert linted("--exclude", "legacy", str(project)) == ["scratch/x.yaml", "web.yaml"]


def test_exclude_patterns_outside_their_directory_do_not_apply(tmp_path: Path) -> None:
    from ingresslint.ignores import Exclude

    exclude = Exclude(["*.yaml"], tmp_path / "a")
    assert exclude.matches(tmp_path / "a" / "b" / "x.yaml")
    assert not exclude.matches(tmp_path / "c" / "x.yaml")
    assert not Exclude([], tmp_path).matches(tmp_path / "x.yaml")


# .gitignore in directory walks


def test_a_walk_honours_gitignore_files(here: Path) -> None:
    write(
        here,
        {
            ".gitignore": "build/\n*.generated.yaml\n",
            "build/x.yaml": BROKEN_INGRESS,
            "deploy/a.generated.yaml": BROKEN_INGRESS,
            "deploy/.gitignore": "!keep.generated.yaml\nlocal/\n",
            "deploy/keep.generated.yaml": BROKEN_INGRESS,
            "deploy/local/x.yaml": BROKEN_INGRESS,
            "deploy/web.yaml": BROKEN_INGRESS,
        },
    )
    assert linted(".") == ["deploy/keep.generated.yaml", "deploy/web.yaml"]  # no git repository needed
    assert linted("deploy") == ["deploy/keep.generated.yaml", "deploy/web.yaml"]  # the working directory's counts
    os.chdir(here / "deploy")
    assert linted(".") == ["a.generated.yaml", "keep.generated.yaml", "web.yaml"]  # not a parent's, outside git
    os.chdir(here)
    subprocess.run(["git", "init", "-q"], cwd=here, check=True)
    assert linted("deploy") == ["deploy/keep.generated.yaml", "deploy/web.yaml"]
    assert linted("build") == ["build/x.yaml"]  # an ignored directory named on purpose is walked
    assert linted("build/x.yaml", "deploy/local/x.yaml") == ["build/x.yaml", "deploy/local/x.yaml"]
    everything = [
        "build/x.yaml",
        *(f"deploy/{n}" for n in ("a.generated.yaml", "keep.generated.yaml", "local/x.yaml", "web.yaml")),
    ]
    assert linted("--no-respect-gitignore", ".") == everything
    (here / ".ingresslint.yaml").write_text("respect-gitignore: false\n", encoding="utf-8")
    assert linted(".") == everything
    assert linted("--respect-gitignore", ".") == ["deploy/keep.generated.yaml", "deploy/web.yaml"]


def test_a_parents_gitignore_applies_up_to_the_repository_top(here: Path) -> None:
    write(
        here,
        {
            "repo/.gitignore": "*.local.yaml\n",
            "repo/deploy/a.local.yaml": BROKEN_INGRESS,
            "repo/deploy/b.yaml": BROKEN_INGRESS,
        },
    )
    write(here, {"repo/.git/info/exclude": "b.yaml\n"})
    os.chdir(here / "repo" / "deploy")
    assert linted(".") == []  # both ignored, one by info/exclude
    (here / "repo" / ".gitignore").write_text("*.local.yaml\n!b.yaml\n", encoding="utf-8")
    assert linted(".") == ["b.yaml"]  # .gitignore overrides info/exclude


# --refs-from: git-tracked files, a pre-filter on the bytes


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_refs_from_reads_only_tracked_files_in_git(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        here,
        {
            ".gitignore": "ignored/\n",
            "ingress.yaml": BROKEN_INGRESS.replace("      - path: /\n", "      - path: /\n        pathType: Prefix\n"),
            "tracked/other.yaml": SERVICE.replace("name: web", "name: other"),
            "untracked/service.yaml": SERVICE,
            "ignored/service.yaml": SERVICE,
        },
    )
    git(here, "init", "-q")
    git(here, "add", ".gitignore", "ingress.yaml", "tracked/other.yaml")
    calls: list[str] = []
    real_popen = subprocess.Popen

    def counting_popen(command: list[str | bytes], **kwargs: object) -> subprocess.Popen[bytes]:
        calls.extend({"grep", "ls-files"} & {os.fsdecode(word) for word in command})
        return real_popen(command, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    found = iter_reference_sources(["."])
    assert sorted(calls) == ["grep", "ls-files"]  # started at once: the run lints its own files while git reads
    assert [s.name for s in found] == ["ingress.yaml", "tracked/other.yaml"]
    assert sorted(calls) == ["grep", "ls-files"]  # one call each, whatever the number of files
    code, found = findings("--require-refs", "--refs-from", ".", "ingress.yaml")
    assert code == 1 and [f[0] for f in found] == ["service-not-found"]  # the untracked Service does not count
    git(here, "add", "untracked/service.yaml")
    assert findings("--require-refs", "--refs-from", ".", "ingress.yaml") == (0, [])
    (here / "untracked" / "service.yaml").unlink()  # deleted in the work tree, still in the index
    assert [s.name for s in iter_reference_sources(["."])] == ["ingress.yaml", "tracked/other.yaml"]
    everything = sorted(s.name for s in iter_reference_sources(["."], sources.Walk(sources.Exclude(), False)))
    assert everything == ["ignored/service.yaml", "ingress.yaml", "tracked/other.yaml"]


def test_refs_from_in_git_skips_charts_hidden_and_excluded_files(here: Path) -> None:
    write(
        here,
        {
            "web/Chart.yaml": CHART,
            "web/templates/service.yaml": TEMPLATE.replace("Ingress", "Service"),
            ".hidden/service.yaml": SERVICE,
            "legacy/service.yaml": SERVICE,
            "service.yaml": SERVICE,
        },
    )
    git(here, "init", "-q")
    git(here, "add", "-A")
    walk = sources.Walk(sources.Exclude(["legacy/"], here))
    assert [s.name for s in iter_reference_sources(["."], walk)] == ["service.yaml"]
    os.chdir(here / "web")
    assert [s.name for s in iter_reference_sources([".."], walk)] == ["../service.yaml"]


def test_refs_from_outside_git_honours_gitignore(here: Path) -> None:
    write(here, {"refs/.gitignore": "local/\n", "refs/local/service.yaml": SERVICE, "refs/service.yaml": SERVICE})
    assert [s.name for s in iter_reference_sources(["refs"])] == ["refs/service.yaml"]


def test_refs_from_skips_files_that_name_no_reference_kind(here: Path) -> None:
    deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
    commented = "# the Service lives elsewhere\n" + deployment
    utf16 = SERVICE.encode("utf-16")
    write(here, {"refs/deployment.yaml": deployment, "refs/commented.yaml": commented})
    (here / "refs" / "wide.yaml").write_bytes(utf16)
    assert [s.name for s in iter_reference_sources(["refs"])] == ["refs/commented.yaml", "refs/wide.yaml"]
    write(here, {"ingress.yaml": BROKEN_INGRESS})
    code, found = findings("--refs-from", "refs", "ingress.yaml")  # the commented file is read, and harmless
    assert code == 1 and [f[0] for f in found] == ["path-type-missing"]


def test_refs_from_in_git_reads_only_the_tracked_files_that_hold_a_word(here: Path) -> None:
    deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
    write(here, {"deployment.yaml": deployment, "later.yaml": deployment, "shared/service.yaml": SERVICE})
    (here / "wide.yaml").write_bytes(SERVICE.encode("utf-16"))
    (here / "wide-be.yaml").write_bytes(SERVICE.encode("utf-32-be").join([b"\0\0\xfe\xff", b""]))
    (here / "link.yaml").symlink_to("shared/service.yaml")  # git grep reads the link's text
    git(here, "init", "-q")
    git(here, "add", "-A")
    (here / "later.yaml").write_text("# now a Service\n" + SERVICE, encoding="utf-8")  # not staged: read as is
    named = [s.name for s in iter_reference_sources(["."])]
    assert named == ["later.yaml", "link.yaml", "shared/service.yaml", "wide-be.yaml", "wide.yaml"]


def test_refs_from_in_git_names_files_under_the_directory_as_given(here: Path) -> None:
    write(here, {"deploy/service.yaml": SERVICE, "deploy/Chart.yaml": CHART, "deploy/templates/s.yaml": SERVICE})
    git(here, "init", "-q")
    git(here, "add", "-A")
    for given in ("deploy", "deploy/", "./deploy", str(here / "deploy")):
        expected = str(Path(given) / "service.yaml")
        assert [s.name for s in iter_reference_sources([given])] == [expected], given


def test_every_kind_the_loader_keeps_contains_a_reference_word() -> None:
    assert all(any(word.decode() in kind for word in REFERENCE_KIND_WORDS) for kind in KINDS_KEPT)
    assert any(word == b"List" for word in REFERENCE_KIND_WORDS)  # ServiceList, List, ...


# Paths that cannot be read


def test_an_unreadable_file_in_a_walk_is_a_finding_and_its_siblings_are_linted(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(here, {"a.yaml": BROKEN_INGRESS, "b.yaml": "x: 1\n", "c.yaml": BROKEN_INGRESS})
    real_open = open

    def refusing_open(name: str, *args: object, **kwargs: object) -> object:
        if os.path.basename(name) == "b.yaml":
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(sources, "open", refusing_open, raising=False)
    code, found = findings(".")
    assert code == 1
    assert found == [
        ("path-type-missing", "a.yaml", 10),
        ("yaml-syntax", "b.yaml", 1),
        ("path-type-missing", "c.yaml", 10),
    ]
    _, out, _ = run("lint", ".")
    assert "b.yaml:1:1: error [yaml-syntax] cannot read this file (Permission denied); it was not checked" in out
    code, _, err = run("lint", "b.yaml")  # named on the command line: a usage error
    assert code == 2 and err == "ingresslint: b.yaml: Permission denied\n"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_read_permission_in_a_walk(here: Path) -> None:
    write(here, {"a.yaml": BROKEN_INGRESS, "b.yaml": BROKEN_INGRESS})
    (here / "b.yaml").chmod(0)
    try:
        assert findings(".")[1] == [("path-type-missing", "a.yaml", 10), ("yaml-syntax", "b.yaml", 1)]
    finally:
        (here / "b.yaml").chmod(0o644)


def test_an_unreadable_directory_in_a_walk_is_a_finding(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(here, {"a.yaml": BROKEN_INGRESS, "locked/b.yaml": BROKEN_INGRESS})
    real_scandir = os.scandir

    def refusing_scandir(path: str) -> object:
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    code, found = findings(".")
    assert code == 1 and found == [("path-type-missing", "a.yaml", 10), ("yaml-syntax", "locked", 1)]
    code, _, err = run("lint", "locked")
    assert code == 2 and err == "ingresslint: locked: Permission denied\n"


def test_symlink_loops_and_broken_links(here: Path) -> None:
    write(here, {"a.yaml": BROKEN_INGRESS})
    os.symlink("loop2.yaml", here / "loop1.yaml")
    os.symlink("loop1.yaml", here / "loop2.yaml")
    os.symlink("gone.yaml", here / "broken.yaml")
    code, _, err = run("lint", "loop1.yaml")
    assert code == 2 and err == "ingresslint: loop1.yaml: a symbolic link loop (the link leads back to itself)\n"
    code, _, err = run("lint", "broken.yaml")
    assert code == 2 and err == "ingresslint: broken.yaml: a symbolic link to gone.yaml, which does not exist\n"
    code, _, err = run("lint", "missing.yaml")
    assert code == 2 and err == "ingresslint: missing.yaml: no such file or directory\n"
    code, found = findings(".")
    assert code == 1 and found == [
        ("path-type-missing", "a.yaml", 10),
        ("yaml-syntax", "broken.yaml", 1),
        ("yaml-syntax", "loop1.yaml", 1),
        ("yaml-syntax", "loop2.yaml", 1),
    ]
    with pytest.raises(SourceError, match="symbolic link loop"):
        list(iter_sources(["loop2.yaml"]))


# --cluster without the [cluster] extra


def test_cluster_without_the_kubernetes_client_says_what_to_install(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    write(here, {"a.yaml": BROKEN_INGRESS})
    monkeypatch.setitem(sys.modules, "kubernetes", None)  # import kubernetes now raises ImportError
    code, out, err = run("lint", "--cluster", "a.yaml")
    assert code == 2 and out == ""
    assert err == "ingresslint: --cluster needs the kubernetes client: pip install 'ingresslint[cluster]'\n"
