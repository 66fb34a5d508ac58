"""Messages that list names stay short however many names a run holds."""

from __future__ import annotations

from ingresslint.wording import listed
from tests.conftest import lint_text


def test_short_lists_are_written_whole_and_long_ones_end_with_a_count() -> None:
    assert listed(["a", "b"]) == "a, b"
    assert listed([]) == ""
    assert listed([f"c{i}" for i in range(8)]) == "c0, c1, c2, c3, c4 and 3 more"
    assert listed(["x", "y", "z"], " or ", limit=2) == "x or y and 1 more"


def test_a_missing_class_among_many_lists_five_of_them() -> None:
    classes = "".join(
        f"---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: edge-{i}\nspec:\n  controller: k8s.io/ingress-nginx\n"
        for i in range(40)
    )
    ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  ingressClassName: public\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
    (finding,) = [f for f in lint_text(ingress + classes).findings if f.rule == "ingress-class-not-found"]
    assert "(known: edge-0, edge-1, edge-10, edge-11, edge-12 and 35 more)" in finding.message
