"""-j/--jobs: the report of worker processes is the report of one process, byte for byte."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import ingresslint
from ingresslint import parallel
from ingresslint.cli import main
from ingresslint.compact import PackedDocument, pack
from ingresslint.loader import load_sources
from ingresslint.texts import SourceText
from tests.conftest import FIXTURES, REPO, source

FORMATS = ("text", "json", "sarif", "junit", "github", "concise")
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the test counts forked workers")


@pytest.fixture
def always_split(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Split any run with two inputs or more; the list records each decision."""
    decisions: list[bool] = []
    decide = parallel.worth_splitting

    def recorded(sources: list, jobs: int) -> bool:
        decisions.append(decide(sources, jobs))
        return decisions[-1]

    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "worth_splitting", recorded)
    return decisions


def _lint(*args: str) -> tuple[int, bytes]:
    result = CliRunner().invoke(main, ["lint", "--no-color", *args])
    return result.exit_code, result.stdout_bytes


@needs_fork
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_is_the_same_with_two_jobs(output_format: str, always_split: list[bool]) -> None:
    one = _lint("--format", output_format, "-j", "1", str(FIXTURES))
    two = _lint("--format", output_format, "-j", "2", str(FIXTURES))
    assert always_split == [True]  # the second run really went through the workers
    assert one == two
    assert one[0] == 1 and one[1]


@needs_fork
def test_refs_from_objects_are_read_by_the_workers(tmp_path: Path, always_split: list[bool]) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "svc.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  ports:\n  - port: 80\n"
    )
    linted = [str(FIXTURES / "rule-examples"), "--refs-from", str(refs)]
    one, two = _lint("--format", "json", "-j", "1", *linted), _lint("--format", "json", "-j", "2", *linted)
    assert always_split == [True] and one == two
    assert b"service-not-found" in one[1]


@needs_fork
@pytest.mark.parametrize("output_format", ["json", "text"])
def test_a_small_input_is_linted_here_and_many_references_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    ingress = (FIXTURES / "rule-examples" / "service-not-found.yaml").read_bytes()
    refs = tmp_path / "refs"
    refs.mkdir()
    for number in range(16):  # more bytes than the input
        (refs / f"svc-{number}.yaml").write_text(
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{number}\nspec:\n  ports:\n  - port: 80\n"
        )
    (tmp_path / "in.yaml").write_bytes(ingress)
    monkeypatch.setattr(parallel, "MIN_BYTES", len(ingress) + 1)  # the input alone is too small, the references are not
    decisions: list[bool] = []
    decide = parallel.worth_splitting
    monkeypatch.setattr(
        parallel, "worth_splitting", lambda found, jobs: decisions.append(decide(found, jobs)) or decisions[-1]
    )
    linted = [str(tmp_path / "in.yaml"), "--refs-from", str(refs), "--format", output_format]
    one, two = _lint("-j", "1", *linted), _lint("-j", "2", *linted)
    assert decisions == [True]  # the references went to the workers
    assert one == two and one[0] == 1


@needs_fork
def test_a_worker_exception_is_the_error_of_one_process(
    monkeypatch: pytest.MonkeyPatch, always_split: list[bool]
) -> None:
    from ingresslint import engine

    def broken(doc, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("check exploded")

    monkeypatch.setattr(engine, "schema_findings", broken)
    runner = CliRunner()
    one = runner.invoke(main, ["lint", "-j", "1", str(FIXTURES / "rule-examples")])
    two = runner.invoke(main, ["lint", "-j", "2", str(FIXTURES / "rule-examples")])
    assert always_split == [True]
    assert (one.exit_code, one.stderr) == (two.exit_code, two.stderr)
    assert two.exit_code == 2 and "internal error: RuntimeError: check exploded" in two.stderr
    assert "Traceback" not in two.stderr


@needs_fork
def test_a_cross_object_rule_exception_in_a_worker_is_the_error_of_one_process(
    monkeypatch: pytest.MonkeyPatch, always_split: list[bool]
) -> None:
    from ingresslint import registry

    def broken(manifests, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("set check exploded")

    phases: list[int] = []
    set_phase = parallel._set_phase
    monkeypatch.setattr(parallel, "_set_phase", lambda *args: phases.append(1) or set_phase(*args))
    monkeypatch.setitem(registry.RULES, "service-port-not-found", registry.Rule(set_check=broken))
    runner = CliRunner()
    one = runner.invoke(main, ["lint", "-j", "1", str(FIXTURES / "rule-examples")])
    two = runner.invoke(main, ["lint", "-j", "2", str(FIXTURES / "rule-examples")])
    assert always_split == [True] and phases == [1]  # the rules ran in the cross-object workers
    assert (one.exit_code, one.stderr) == (two.exit_code, two.stderr)
    assert two.exit_code == 2 and "internal error: RuntimeError: set check exploded" in two.stderr


def _one_stream(tmp_path: Path, middle: str = "") -> Path:
    """Every rule example and real-world manifest as one multi-document file (those the
    pre-scan can cut: no Helm template, no CR, no directive), a comment above the first
    document and a file-wide suppression at the end."""
    parts = ["# every example in one stream\n"]
    for file in sorted([*(FIXTURES / "rule-examples").glob("*.yaml"), *(FIXTURES / "realworld").glob("*.yaml")]):
        text = file.read_text(encoding="utf-8")
        if "{{" not in text and "\r" not in text and "%" not in text and "\n..." not in text:
            parts.append(f"---\n{text}" if not text.startswith("---") else text)
        if len(parts) == 20:
            parts.append(middle)
    parts.append("---\n# ingresslint: disable-file=risky-annotation\n")
    stream = tmp_path / "stream.yaml"
    stream.write_text("".join(part if part.endswith("\n") else part + "\n" for part in parts), encoding="utf-8")
    return stream


@pytest.fixture
def pieces(monkeypatch: pytest.MonkeyPatch, always_split: list[bool]) -> list[int]:
    """Cut any input into as many pieces as there are documents; the list records the counts."""
    counts: list[int] = []
    cut = parallel._pieces

    def recorded(source, jobs):  # type: ignore[no-untyped-def]
        found = cut(source, jobs)
        counts.append(len(found or ()))
        return found

    monkeypatch.setattr(parallel, "SPLIT_BYTES", 0)
    monkeypatch.setattr(parallel, "PIECE_BYTES", 1)
    monkeypatch.setattr(parallel, "PIECES_PER_WORKER", 50)
    monkeypatch.setattr(parallel, "_pieces", recorded)
    return counts


@needs_fork
@pytest.mark.parametrize("output_format", FORMATS)
def test_one_large_file_in_pieces_is_the_same_in_every_format(
    output_format: str, tmp_path: Path, pieces: list[int]
) -> None:
    stream = str(_one_stream(tmp_path))
    one = _lint("--format", output_format, "-j", "1", stream)
    two = _lint("--format", output_format, "-j", "2", stream)
    assert pieces and pieces[0] > 20  # the file really went out in pieces
    assert one == two
    assert one[0] == 1 and one[1]


@needs_fork
@pytest.mark.parametrize(
    "middle",
    [
        "---\nkind: Ingress\nmetadata: {name: [unclosed\n",  # a syntax error: nothing after it is checked
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: twice}\nmetadata: {name: again}\n",
        "---\n- apiVersion: v1\n  kind: Service\n  metadata: {name: in-array}\n",  # a top-level array
        "---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: item}}\n",
        "---\n---\n# an empty document, then a scalar one\n--- plain\n",
    ],
)
def test_pieces_with_odd_documents_are_the_same(middle: str, tmp_path: Path, pieces: list[int]) -> None:
    stream = str(_one_stream(tmp_path, middle))
    one = _lint("--format", "json", "-j", "1", stream)
    two = _lint("--format", "json", "-j", "2", stream)
    assert pieces and pieces[0] > 20
    assert one == two
    assert b"nothing after this point" in one[1] if "unclosed" in middle else b"nothing after" not in one[1]


def test_what_is_not_cut() -> None:
    stream = b"apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n" * 20000
    assert len(parallel._pieces(source(stream), 2) or ()) == 2 * parallel.PIECES_PER_WORKER
    assert parallel._tasks([source(stream)], 1) == [(0, source(stream), 0)]  # one job: nothing to cut for
    for odd in (b"{{ .Values.x }}\n", b"a: 1\r\n", b"%YAML 1.1\n", b"\xff\n"):
        assert parallel._pieces(source(odd + stream), 2) is None
    assert parallel._pieces(source(b"x: " + b"y" * parallel.SPLIT_BYTES), 2) is None  # one document


def test_the_documents_of_pieces_keep_their_index_and_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """A piece is padded with blank lines only: its documents are renumbered from the input's."""
    from ingresslint.context import Context

    head = b"# a comment, then no document before the first marker\n"
    body = b"".join(
        b"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s%d\n" % n + (b"---\n" if n % 7 == 0 else b"")
        for n in range(20000)
    )
    whole = source(head + body)
    monkeypatch.setattr(parallel, "_CTX", Context())
    tasks = parallel._tasks([whole], 2)
    assert len(tasks) > 2 and all(number == -1 for number, _, _ in tasks)
    pieces = [doc for task in tasks for doc in parallel._lint_task(task).documents]
    alone = load_sources(iter((whole,))).documents
    assert [(d.index, d.positions[()], d.name) for d in pieces] == [(d.index, d.positions[()], d.name) for d in alone]


def test_small_work_stays_in_this_process(tmp_path: Path) -> None:
    files = [source("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n", f"{n}.yaml") for n in range(3)]
    assert not parallel.worth_splitting(files, 2)  # too few bytes
    assert not parallel.worth_splitting([source("x" * parallel.MIN_BYTES)], 2)  # one input
    assert not parallel.worth_splitting(files * parallel.MIN_BYTES, 1)  # one job


@needs_fork
def test_api_jobs(always_split: list[bool]) -> None:
    one = ingresslint.lint([FIXTURES / "rule-examples"], jobs=1)
    two = ingresslint.lint([FIXTURES / "rule-examples"], jobs=2)
    assert always_split == [True]
    assert one.findings == two.findings and (one.files, one.objects) == (two.files, two.objects)
    assert [doc.ref for doc in one.documents] == [doc.ref for doc in two.documents]
    with pytest.raises(ingresslint.api.UsageError):
        ingresslint.lint([FIXTURES / "rule-examples"], jobs=-1)


def test_a_one_file_run_imports_no_multiprocessing(tmp_path: Path) -> None:
    manifest = tmp_path / "one.yaml"
    manifest.write_text((FIXTURES / "rule-examples" / "duplicate-host-path.yaml").read_text())
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: print(sorted(m for m in ('multiprocessing', 'concurrent.futures') if m in sys.modules), file=sys.stderr))\n"
        "from ingresslint.cli import main\n"
        f"sys.argv = ['ingresslint', 'lint', {str(manifest)!r}]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=False)
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "[]"


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc")
def test_ctrl_c_is_exit_130_without_traceback_or_stray_workers(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import corpus
    finally:
        sys.path.pop(0)
    import random

    rng = random.Random(1)
    for number in range(40):
        (tmp_path / f"{number:02}.yaml").write_text(corpus.thousand(rng, 100, number * 100))
    run = subprocess.Popen(
        [sys.executable, "-m", "ingresslint", "lint", "-j", "2", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and run.poll() is None:
        workers = _children(run.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    os.killpg(run.pid, signal.SIGINT)  # what a terminal sends: the whole process group
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert stderr.decode().strip() == "ingresslint: interrupted"
    for worker in workers:
        assert not Path(f"/proc/{worker}").exists() or "Z" in Path(f"/proc/{worker}/stat").read_text().split()[2]


LIST = b"""\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: a}
  spec: {ports: [{port: 80}]}
- apiVersion: v1
  kind: Secret
  metadata: {name: b}
  data: {tls.crt: eA==}
"""


def test_packed_documents_equal_what_they_were_made_from() -> None:
    documents = load_sources(iter([source(LIST)])).documents
    packed = pack(documents)
    assert all(isinstance(doc, PackedDocument) for doc in packed)
    for before, after in zip(documents, packed, strict=True):
        assert (after.data, dict(after.positions), after.root, after.ref) == (
            before.data,
            dict(before.positions),
            before.root,
            before.ref,
        )
        assert after.position(("metadata", "name")) == before.position(("metadata", "name"))
        again = pickle.loads(pickle.dumps(after))
        assert (again.data, again.positions, again.kind, again.name) == (
            after.data,
            after.positions,
            "Service" if before.kind == "Service" else "Secret",
            before.name,
        )
    assert packed[0]._packed_positions is packed[1]._packed_positions  # the items of a List share one map


@pytest.mark.parametrize(("line", "typecode"), [(3, "H"), (65_535, "H"), (65_536, "I"), (2**32 - 1, "I")])
def test_position_numbers_are_packed_as_small_as_they_fit(line: int, typecode: str) -> None:
    from ingresslint.model import Document

    positions = {(): (1, 1), ("kind",): (line, 7), ("metadata", "name"): (line, 3)}
    doc = Document("in.yaml", 0, {"kind": "Service", "metadata": {"name": "a"}}, positions)
    (packed,) = pack([doc])
    assert packed._packed_positions.typecode == typecode
    assert dict(packed.positions) == positions
    again = pickle.loads(pickle.dumps(packed))  # as a worker sends it
    assert again._packed_positions.typecode == typecode and dict(again.positions) == positions


@pytest.mark.parametrize("converted_from", [None, "extensions/v1beta1"])
def test_a_packed_document_makes_its_reference_once(converted_from: str | None) -> None:
    from ingresslint.model import Document

    data = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "a", "namespace": "n"}}
    doc = Document("in.yaml", 0, data, {(): (1, 1)}, converted_from=converted_from)
    (packed,) = pack([doc])
    assert packed.ref == doc.ref and packed.ref is packed.ref  # the findings of the document share it
    assert (packed.api_version, packed.kind, packed.namespace, packed.name) == (
        "networking.k8s.io/v1",
        "Ingress",
        "n",
        "a",
    )
    assert pickle.loads(pickle.dumps(packed)).ref == doc.ref


def test_a_code_frame_never_shows_other_bytes_than_were_linted(tmp_path: Path) -> None:
    file = tmp_path / "in.yaml"
    file.write_bytes(b"a: 1\nb: 2\n")
    text = SourceText.of(str(file), file.read_bytes(), keep=False)
    assert text.content is None and text.lines() == ["a: 1", "b: 2"]
    file.write_bytes(b"a: 3\nb: 2\n")  # same size, other bytes
    assert text.lines() == []
    file.unlink()
    assert text.lines() == []
    assert SourceText.of("-", b"x: 1\n", keep=True).lines() == ["x: 1"]
