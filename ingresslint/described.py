"""Which linted files describe the Services of an Ingress's namespace.

A missing backend Service is a finding only when the files that describe the Ingress's
application hold Services of its namespace. A run over a folder of unrelated examples that all
use ``default`` must not take every Service of ``default`` as one application's. The files
that describe an Ingress, in order:

1. its own file;
2. its kustomization or Helm chart: every linted file under the nearest ancestor directory
   holding ``kustomization.yaml``, ``kustomization.yml``, ``Kustomization`` or ``Chart.yaml``
   (the search stops at the repository root, a directory holding ``.git``);
3. its directory, when the directory is one application's: no other file there holds an
   Ingress, or a Service there already is one of this Ingress's backends.

``--require-refs`` takes the whole run as complete, and with ``--cluster`` the cluster's
Services of the namespace are known whatever the files say.
"""

from __future__ import annotations

import os
from collections.abc import Collection

from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document
from ingresslint.records import MutableRecord, init

UNIT_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml")
NO_FILE = ("-", "<stdin>", "")


class _Index(MutableRecord):
    """Where the Services and Ingresses of one run are, by namespace and directory."""

    __match_args__ = ("files", "dirs", "ancestors", "ingress_files", "units", "paths", "existing")
    __slots__ = __match_args__
    files: dict[str, set[str]]  # namespace -> files with Services
    dirs: dict[str, dict[str, set[str]]]  # namespace -> dir -> names
    ancestors: dict[str, set[str]]  # namespace -> dirs above Services
    ingress_files: dict[str, set[str]]  # dir -> files with Ingresses
    units: dict[str, str | None]  # dir -> its kustomization/chart root
    # asked once per source, not once per Ingress (thousands of Ingresses share a file)
    paths: dict[str, str]  # source name -> absolute path
    existing: dict[str, bool]  # absolute path -> is a file

    def __init__(self) -> None:
        for name in self.__match_args__:
            init(self, name, {})

    def absolute(self, source: str) -> str:
        found = self.paths.get(source)
        if found is None:
            found = self.paths[source] = _file(source)
        return found

    def is_file(self, file: str) -> bool:
        found = self.existing.get(file)
        if found is None:
            found = self.existing[file] = os.path.isfile(file)
        return found


def describes(
    doc: Document, namespace: str, backends: Collection[str], manifests: ManifestSet, ctx: Context
) -> str | None:
    """Why the linted files describe the Services of ``namespace`` for the Ingress ``doc``
    (whose backend Service names are ``backends``), or None when they do not."""
    if ctx.require_refs:
        return "--require-refs takes the linted files as complete"
    if ctx.resolver is not None and ctx.resolver.services(namespace) is not None:
        return f"the cluster lists the Services of {namespace}"
    index = _index(manifests, ctx)
    file = index.absolute(doc.source)
    if file in index.files.get(namespace, ()):
        return f"its file holds Services of {namespace}"
    unit = _unit_root(os.path.dirname(file), index.units) if index.is_file(file) else None
    if unit is not None and unit in index.ancestors.get(namespace, ()):
        return f"its {_unit_kind(unit)} {_shown(unit)} holds Services of {namespace}"
    return _directory_reason(file, namespace, backends, index)


def _directory_reason(file: str, namespace: str, backends: Collection[str], index: _Index) -> str | None:
    directory = os.path.dirname(file)
    names = index.dirs.get(namespace, {}).get(directory)
    if not names:
        return None
    if index.ingress_files.get(directory, set()) <= {file}:
        return f"its directory {_shown(directory)}, with no other Ingress file, holds Services of {namespace}"
    if names & set(backends):
        return f"its directory {_shown(directory)} holds other backends of this Ingress"
    return None


def _index(manifests: ManifestSet, ctx: Context) -> _Index:
    key = ("described-index", ctx)
    if key not in manifests.derived:
        index = _Index()
        for service in manifests.of_kind("Service"):
            namespace, file = service.namespace or ctx.namespace, index.absolute(service.source)
            files = index.files.setdefault(namespace, set())
            if file not in files:  # a file's ancestors once, not once per Service in it
                files.add(file)
                index.ancestors.setdefault(namespace, set()).update(_parents(file))
            by_dir = index.dirs.setdefault(namespace, {})
            by_dir.setdefault(os.path.dirname(file), set()).add(service.name or "")
        for ingress in manifests.of_kind("Ingress"):
            file = index.absolute(ingress.source)
            index.ingress_files.setdefault(os.path.dirname(file), set()).add(file)
        manifests.derived[key] = index
    return manifests.derived[key]


def _file(source: str) -> str:
    """A source name as an absolute path; standard input keeps its name (it has no directory)."""
    return source if source in NO_FILE else os.path.abspath(source)


def _parents(file: str) -> list[str]:
    found, directory = [], os.path.dirname(file)
    while directory and directory not in found:
        found.append(directory)
        directory = os.path.dirname(directory)
    return found


def _unit_root(directory: str, known: dict[str, str | None]) -> str | None:
    """The nearest directory from ``directory`` up that holds a kustomization or a Chart.yaml
    (``known`` caches the answer per directory for the run)."""
    if directory not in known:
        parent = os.path.dirname(directory)
        if any(os.path.isfile(os.path.join(directory, name)) for name in UNIT_FILES):
            known[directory] = directory
        elif parent == directory or os.path.exists(os.path.join(directory, ".git")):
            known[directory] = None
        else:
            known[directory] = _unit_root(parent, known)
    return known[directory]


def _unit_kind(directory: str) -> str:
    return "Helm chart" if os.path.isfile(os.path.join(directory, "Chart.yaml")) else "kustomization"


def _shown(directory: str) -> str:
    relative = os.path.relpath(directory)
    return directory if relative.startswith("..") else relative
