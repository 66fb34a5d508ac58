"""service-not-found: which linted files describe an Ingress's namespace (ingresslint/described.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingresslint.context import Context
from ingresslint.engine import lint
from ingresslint.sources import Source

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
spec:
  ingressClassName: web
  rules:
  - http:
      paths:
{paths}"""
PATH = """\
      - path: /{backend}
        pathType: Prefix
        backend:
          service:
            name: {backend}
            port:
              number: 80
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  ports:
  - port: 80
"""


def ingress(*backends: str, name: str = "web") -> str:
    return INGRESS.format(name=name, paths="".join(PATH.format(backend=backend) for backend in backends))


def service(name: str) -> str:
    return SERVICE.format(name=name)


def missing(root: Path, files: dict[str, str], ctx: Context | None = None) -> list[str]:
    """The service-not-found findings (file relative to root: message) of linting ``files``."""
    sources = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sources.append(Source(str(path), text.encode(), len(text)))
    report = lint(sources, ctx or Context())
    return [f"{Path(f.file).relative_to(root)}: {f.message}" for f in report.findings if f.rule == "service-not-found"]


def test_unrelated_examples_side_by_side_do_not_describe_each_other(tmp_path: Path) -> None:
    files = {
        "examples/a.yaml": ingress("api", name="a"),
        "examples/b.yaml": ingress("web", name="b") + "---\n" + service("web"),
        "examples/c.yaml": ingress("shop", name="c"),
    }
    assert missing(tmp_path, files) == []
    # --require-refs keeps the whole-run contract
    found = missing(tmp_path, files, Context(require_refs=True))
    assert [item.split(":")[0] for item in found] == ["examples/a.yaml", "examples/c.yaml"]
    assert "(--require-refs takes the linted files as complete)" in found[0]


def test_the_in_file_true_positive_stays(tmp_path: Path) -> None:
    files = {"a.yaml": ingress("wbe") + "---\n" + service("web"), "b.yaml": ingress("shop", name="b")}
    (found,) = missing(tmp_path, files)
    assert found.startswith("a.yaml: backend Service default/wbe is not among")
    assert "(its file holds Services of default)" in found and "did you mean web?" in found


def test_an_application_directory_with_one_ingress_file(tmp_path: Path) -> None:
    files = {"app/ingress.yaml": ingress("wbe"), "app/service.yaml": service("web")}
    (found,) = missing(tmp_path, files)
    assert "its directory" in found and "with no other Ingress file" in found and "did you mean web?" in found


def test_a_directory_of_several_ingress_files_needs_a_backend_of_this_ingress(tmp_path: Path) -> None:
    files = {
        "apps/one.yaml": ingress("web", "wbe", name="one"),
        "apps/two.yaml": ingress("api", name="two"),
        "apps/services.yaml": service("web"),
    }
    (found,) = missing(tmp_path, files)
    assert found.startswith("apps/one.yaml: backend Service default/wbe")
    assert "holds other backends of this Ingress" in found


@pytest.mark.parametrize("unit", ["kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml"])
def test_a_kustomization_or_chart_describes_everything_under_it(tmp_path: Path, unit: str) -> None:
    files = {
        "app/ingress/ingress.yaml": ingress("wbe"),
        "app/ingress/other.yaml": ingress("web", name="other"),
        "app/services/web.yaml": service("web"),
    }
    assert missing(tmp_path, files) == []  # different directories, no unit
    (tmp_path / "app" / unit).write_text("resources: []\n", encoding="utf-8")
    (found,) = missing(tmp_path, files)
    kind = "Helm chart" if unit == "Chart.yaml" else "kustomization"
    assert found.startswith("app/ingress/ingress.yaml:") and f"its {kind} " in found


def test_the_search_for_a_kustomization_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: []\n", encoding="utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    files = {"repo/a/ingress.yaml": ingress("wbe"), "repo/b/service.yaml": service("web")}
    assert missing(tmp_path, files) == []


def test_standard_input_is_its_own_file() -> None:
    text = ingress("wbe") + "---\n" + service("web")
    report = lint([Source("-", text.encode(), len(text))], Context())
    assert [f.rule for f in report.findings if f.rule == "service-not-found"] == ["service-not-found"]


def test_refs_from_files_describe_the_directory_of_a_changed_ingress(tmp_path: Path) -> None:
    """The pre-commit hook lints the changed ingress.yaml with --refs-from . (engine context sources)."""
    texts = {"app/ingress.yaml": ingress("wbe"), "app/service.yaml": service("web"), "other/x.yaml": ingress("x")}
    sources = {}
    for name, text in texts.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
        sources[name] = Source(str(tmp_path / name), text.encode(), len(text))
    refs = list(sources.values())
    changed = lint([sources["app/ingress.yaml"]], Context(), refs)
    assert [f.rule for f in changed.findings if f.rule == "service-not-found"] == ["service-not-found"]
    unrelated = lint([sources["other/x.yaml"]], Context(), refs)
    assert [f.rule for f in unrelated.findings if f.rule == "service-not-found"] == []
