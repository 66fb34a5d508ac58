"""Linting on several cores (``-j/--jobs N``).

The work of each input (load, schema, the checks that read one document) runs in worker
processes, the inputs handed out in order, a large multi-document input in pieces cut at
document boundaries (_pieces). This process joins the results; the cross-object rules then
run in processes forked from it with every object (the linted and the ``--refs-from`` ones),
one rule per task, their findings gathered in registry order; the filter, relocation and
sorting follow exactly as with ``--jobs 1`` (engine.assemble), so the report is the same
byte for byte. Workers are forked where the platform can, so they inherit the loaded rules,
the context and the objects; they ignore Ctrl-C, which this process turns into exit 130
after stopping them. An exception in a worker is raised here as it would have been in one
process.

The work is split only when it is big enough to gain: at least two tasks (inputs or pieces)
and ``MIN_BYTES`` of them; below that, starting processes costs more than it saves. Nothing
here imports multiprocessing until the work is split.
"""

from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any

from ingresslint import compact, engine
from ingresslint.engine import (
    Report,
    SourcePart,
    SourceResult,
    assemble,
    context_fresh,
    context_source,
    join_parts,
    lint_part,
    lint_source,
    one_rule_findings,
    set_rule_findings,
    set_rule_ids,
)
from ingresslint.loader import TEMPLATE_MARKER, no_cycle_collection, text_encoding
from ingresslint.model import Document, Finding, Severity
from ingresslint.resolver import resolver_for
from ingresslint.sources import Source

if TYPE_CHECKING:
    from ingresslint.context import Context, ManifestSet

MIN_BYTES = 256 * 1024  # less than this is linted in one process (about a tenth of a second of work)
MIN_INPUTS = 2
CHUNKS_PER_WORKER = 16  # inputs go out in this many batches per worker: few messages, balanced ends
PIECES_PER_WORKER = 4  # a large input is cut into this many pieces per worker (each is joined again)

# the cross-object rules that take longest on big runs (close-match suggestions for every
# missing Service, every path compared): handed out first so that the processes end together
LONGEST = ("service-not-found", "duplicate-host-path")

SET_WORKER_DECODED = 50_000  # documents a cross-object worker may keep decoded (compact keeps 4,096 elsewhere)

_CTX: Context | None = None  # the context of the run, inherited by forked workers
_SET: ManifestSet | None = None  # every object of the run, inherited by the cross-object workers


def machine_jobs() -> int:
    """The CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def worth_splitting(sources: list[Source], jobs: int) -> bool:
    """``sources``: the tasks, a large input counting once per piece (see _tasks)."""
    return jobs > 1 and len(sources) >= MIN_INPUTS and sum(len(source.content) for source in sources) >= MIN_BYTES


def lint_parallel(
    sources: Iterable[Source],
    ctx: Context,
    context_sources: Iterable[Source],
    levels: Mapping[str, Severity | None] | None,
    jobs: int,
) -> Report:
    """engine.lint with the per-input work on ``jobs`` processes when it is worth it."""
    sources = list(sources)
    fresh = context_fresh(context_sources, {source.name for source in sources})
    size = sum(len(source.content) for source in sources)
    if size < MIN_BYTES:
        return _lint_few(sources, ctx, fresh, levels, jobs)
    context = _enough(fresh, MIN_BYTES - size)
    tasks = _tasks(sources, jobs)
    if not worth_splitting([task for _, task, _ in tasks] + context, jobs):
        results = (lint_source(source, ctx) for source in sources)
        return assemble(results, ctx, lambda _: _documents_of(chain(context, fresh)), levels)
    context.extend(fresh)
    with _Workers(ctx, min(jobs, len(tasks) + len(context))) as workers:
        done = workers.map(_lint_task, tasks)
        queued = workers.map(_context_one, context)  # queued behind the linted inputs
        linted = list(_joined(sources, tasks, done, ctx))
        others = _remembered(context, queued)
    # the pool is gone: the cross-object rules run in processes forked from here, with every object
    return assemble(iter(linted), ctx, lambda _: others, levels, lambda manifests, _: _set_phase(manifests, ctx, jobs))


def _lint_few(
    sources: list[Source],
    ctx: Context,
    fresh: Iterator[Source],
    levels: Mapping[str, Severity | None] | None,
    jobs: int,
) -> Report:
    """Inputs too small to split (a pre-commit run): linted here first, while git lists the
    ``--refs-from`` files (sources.iter_reference_sources started it); the references are
    then read in worker processes when there are enough of them."""
    linted = [lint_source(source, ctx) for source in sources]
    context = _enough(fresh, MIN_BYTES)
    if not worth_splitting(context, jobs):
        return assemble(iter(linted), ctx, lambda _: _documents_of(chain(context, fresh)), levels)
    context.extend(fresh)
    with _Workers(ctx, min(jobs, len(context))) as workers:
        others = _remembered(context, workers.map(_context_one, context))
    return assemble(iter(linted), ctx, lambda _: others, levels, lambda manifests, _: _set_phase(manifests, ctx, jobs))


Task = tuple[int, Source, int]  # (number of the input, the input or one piece of it, documents above it)


def _tasks(sources: list[Source], jobs: int) -> list[Task]:
    """The inputs in order, a large multi-document input as its pieces (a piece: -1 - number)."""
    tasks: list[Task] = []
    for number, source in enumerate(sources):
        pieces = _pieces(source, jobs) if jobs > 1 else None
        tasks.extend([(-1 - number, piece, above) for piece, above in pieces] if pieces else [(number, source, 0)])
    return tasks


def _lint_task(task: Task) -> SourceResult | SourcePart:
    assert _CTX is not None, "the worker was not given the run's context"
    number, source, above = task
    if number >= 0:
        return lint_source(source, _CTX)
    part = lint_part(source, _CTX)
    for doc in part.documents:  # numbered from the piece's first document: from the input's
        object.__setattr__(doc, "index", doc.index + above)
    return part


def _joined(sources: list[Source], tasks: list[Task], done: Iterator[Any], ctx: Context) -> Iterator[SourceResult]:
    """The result of every input, in order, its pieces joined (a piece with a syntax error: the
    input is linted again whole, here, so the error and what it hides are as in one process)."""
    parts: list[SourcePart] = []
    for at, ((number, _, _), result) in enumerate(zip(tasks, done, strict=True)):
        if number >= 0:
            yield result
            continue
        parts.append(result)
        if at + 1 < len(tasks) and tasks[at + 1][0] == number:
            continue  # more pieces of this input to come
        source = sources[-1 - number]
        broken = any(finding.rule == "yaml-syntax" for part in parts for finding in part.loaded)
        yield lint_source(source, ctx) if broken else join_parts(source, parts)
        parts = []


# -- one large input in pieces ---------------------------------------------------------------

SPLIT_BYTES = 256 * 1024  # an input this large is linted in pieces, cut at document boundaries
PIECE_BYTES = 64 * 1024  # the least a piece holds
# Where prescan.split_documents cuts a stream: a line of --- and a blank or nothing starts a
# document (what makes it refuse to is prescan.line_scannable). Found here with one scan in C,
# not its line loop.
_MARKER = re.compile(r"\n---(?=[ \t\n]|\Z)")  # after its \n: a literal prefix, searched fast


def _pieces(source: Source, jobs: int) -> list[tuple[Source, int]] | None:
    """``source`` as pieces of whole documents, each with the number of documents above it
    (its documents' indexes are shifted by that in _lint_task), padded with blank lines so
    that its documents stand on the lines they have in the input (blank lines cost libyaml
    next to nothing; an empty ``---`` per document above cost more than the piece's own
    documents). None when the input is small, or not plain UTF-8 text that the pre-scan
    would cut, or a Helm template (its hints read the whole text). A piece with a syntax
    error is not trusted (_joined)."""
    text = _plain_text(source)
    if text is None:
        return None
    starts = [0, *(match.start() + 1 for match in _MARKER.finditer(text))]  # 0: marker or not
    count = min(jobs * PIECES_PER_WORKER, len(text) // PIECE_BYTES, len(starts))
    if count < 2:
        return None
    from ingresslint.prescan import CONTENT

    first_document = 1 if len(starts) < 2 or CONTENT.search(text, 0, starts[1]) else 0
    cuts = _cuts(starts, len(text), count)
    pieces = []
    for at, (first, after) in enumerate(zip(cuts, [*cuts[1:], len(starts)], strict=True)):
        above = first - 1 + first_document if first else 0  # documents above the piece
        end = starts[after] if after < len(starts) else len(text)
        piece = ("\n" * text.count("\n", 0, starts[first]) + text[starts[first] : end]).encode()
        findings = source.findings if at == 0 else ()  # the notes of reading the input, once
        pieces.append((Source(source.name, piece, len(piece), findings=findings), above))
    return pieces


def _plain_text(source: Source) -> str | None:
    """The text of a large input that can be cut: UTF-8 without BOM, NUL, CR or odd breaks, no
    directive or document end, no Helm template."""
    content = source.content
    if len(content) < SPLIT_BYTES or source.unreadable is not None or source.too_large:
        return None
    if content.startswith(codecs.BOM_UTF8) or text_encoding(content) != "utf-8-sig":
        return None
    if b"\x00" in content or b"\r" in content or TEMPLATE_MARKER.encode() in content:
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    from ingresslint.prescan import line_scannable

    return text if line_scannable(text) else None


def _cuts(starts: list[int], size: int, count: int) -> list[int]:
    """The numbers of the documents that begin each of ``count`` pieces of about equal size."""
    cuts = [0]
    for piece in range(1, count):
        number = bisect_left(starts, size * piece // count)
        if number > cuts[-1] and number < len(starts):
            cuts.append(number)
    return cuts


def _set_phase(manifests: ManifestSet, ctx: Context, jobs: int) -> list[Finding]:
    """The cross-object rules over the whole manifest set: the longest here, meanwhile the
    others each in one of ``jobs - 1`` processes forked with the set (nothing is sent but the
    rule ids and their findings), gathered in registry order. The longest runs unforked: a
    forked process pays for every page of the set it touches, and the longest touches most.
    Where processes cannot be forked, or a live cluster answers (one connection, whose
    answers are cached for every rule), they all run here one after the other."""
    import multiprocessing

    if ctx.resolver is not None or "fork" not in multiprocessing.get_all_start_methods():
        return list(set_rule_findings(manifests, ctx))
    global _SET
    resolver_for(manifests, ctx)  # read by most of them: built once, before the fork
    ids = set_rule_ids()
    here = next((rule_id for rule_id in LONGEST if rule_id in ids), ids[0])
    forked = sorted((rule_id for rule_id in ids if rule_id != here), key=lambda rule_id: rule_id not in LONGEST)
    _SET = manifests
    try:
        with _Workers(ctx, max(1, jobs - 1)) as workers:
            futures = {rule_id: workers.pool.submit(_rule_findings, rule_id) for rule_id in forked}
            mine, error = _findings_here(here, manifests, ctx)
            found: list[Finding] = []
            for rule_id in ids:  # the first failing rule in registry order raises, as in one process
                if rule_id != here:
                    found += futures[rule_id].result()
                elif error is not None:
                    raise error
                else:
                    found += mine
            return found
    finally:
        _SET = None


def _findings_here(rule_id: str, manifests: ManifestSet, ctx: Context) -> tuple[list[Finding], Exception | None]:
    """The findings of ``rule_id`` in this process, or the exception it raised (raised later,
    in registry order among the rules' errors)."""
    try:
        with no_cycle_collection():
            return list(one_rule_findings(rule_id, manifests, ctx)), None
    except Exception as error:
        return [], error


def _rule_findings(rule_id: str) -> list[Finding]:
    assert _SET is not None and _CTX is not None, "the worker was not forked with the manifest set"
    # this process lives for the phase: every document swept twice may stay decoded (up to a bound)
    compact.RECENT_DATA = max(compact.RECENT_DATA, min(len(_SET.documents), SET_WORKER_DECODED) + compact.DATA_WINDOW)
    with no_cycle_collection():
        return list(one_rule_findings(rule_id, _SET, _CTX))


def _enough(sources: Iterator[Source], size: int) -> list[Source]:
    """The first sources of ``sources`` until they hold ``size`` bytes (the rest is read later,
    one at a time, when the run stays in one process)."""
    taken: list[Source] = []
    while size > 0:
        source = next(sources, None)
        if source is None:
            break
        taken.append(source)
        size -= len(source.content)
    return taken


def _documents_of(sources: list[Source]) -> Iterator[Document]:
    for source in sources:
        yield from context_source(source)


def _remembered(sources: list[Source], results: Iterable[list[Document]]) -> list[Document]:
    """The objects the workers read from ``sources``, recorded in the run's reference cache
    (a worker's own copy of the cache is lost with it)."""
    cache = engine.REFERENCE_CACHE
    found: list[Document] = []
    for source, documents in zip(sources, results, strict=True):
        if cache is not None:
            cache.store(source, documents)
        found.extend(documents)
    return found


def _context_one(source: Source) -> list[Document]:
    return context_source(source)


def _ignore_interrupts(ctx: Context) -> None:
    """Worker start: Ctrl-C reaches the whole process group; the parent alone handles it."""
    import signal

    global _CTX
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CTX = ctx


class _Workers:
    """A process pool that is torn down whatever happens: on an exception or Ctrl-C its
    processes are stopped, so none outlives the run."""

    def __init__(self, ctx: Context, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _CTX
        _CTX = ctx  # forked workers have it already; a spawned one gets it from the initializer
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_interrupts, initargs=(ctx,))

    def map(self, function: Any, items: list[Any]) -> Iterator[Any]:
        chunk = max(1, len(items) // (self.jobs * CHUNKS_PER_WORKER))
        return self.pool.map(function, items, chunksize=chunk)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        global _CTX
        _CTX = None
        if kind is None:
            self.pool.shutdown(wait=True)
            return
        self.pool.shutdown(wait=False, cancel_futures=True)
        processes = getattr(self.pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.terminate()
        for process in list(processes.values()):
            process.join(timeout=5)
