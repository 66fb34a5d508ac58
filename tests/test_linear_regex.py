"""Every catalog value pattern and API-server name format runs in linear time (issue 10 item 1).

The bound is generous (a second for a 100,000-character value on a loaded machine); a
backtracking engine on these inputs needs hours (exponential) or tens of minutes (quadratic),
so passing it proves the engine, not the machine.
"""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingresslint import linear_regex
from ingresslint.catalog import catalog
from ingresslint.checks import annotations as annotation_checks
from ingresslint.checks import k8s_names
from ingresslint.linear_regex import LinearRegex, Unchecked
from tests.conftest import rule_findings

N = 100_000
BOUND_SECONDS = 1.0
ISSUE_ORIGIN = "a." * 40 + "!"  # took 7 s with Python re, tripling with every "a."
ISSUE_METHODS = "A" * 60 + "!"  # doubled with every letter


def catalog_patterns() -> list[tuple[str, str | None]]:
    cat = catalog()
    entries = [entry for group in cat.entries.values() for entry in group] + list(cat.prefix_entries)
    return sorted({(entry.pattern, entry.pattern_python) for entry in entries if entry.pattern})


def adversarial(pattern: str) -> list[str]:
    """Long near-misses: the known killers, plus each pattern's own literal characters repeated
    (what nested quantifiers backtrack over) with a character no pattern accepts at the end."""
    units = {"a.", "A", "a", "1", "0.", "a,", "a-", " ", ",", "a ", "A, ", "a:1,", "*.a", "a=b;", "/a", "%"}
    units |= {char for char in pattern if char.isprintable() and char not in "()[]?+*{}|^$\\"}
    values = [unit * (N // len(unit)) + end for unit in sorted(units) for end in ("!", "\x00", "")]
    return [*values, "x" * N, "é" * N + "!"]


def assert_linear(regex: LinearRegex, value: str) -> None:
    for run in (regex.search, regex.fullmatch):
        start = time.perf_counter()
        run(value)
        took = time.perf_counter() - start
        assert took < BOUND_SECONDS, f"{regex.pattern!r} took {took:.2f} s on {value[:20]!r}... ({len(value)} chars)"


@pytest.mark.skipif(not linear_regex.re2_available(), reason="google-re2 is not installed here")
@pytest.mark.parametrize(("pattern", "python"), catalog_patterns())
def test_every_catalog_pattern_is_linear(pattern: str, python: str | None) -> None:
    regex = LinearRegex(pattern, python)
    assert linear_regex._re2_compile(pattern) is not None, "the catalog pattern is not RE2 syntax"
    for value in adversarial(pattern):
        assert_linear(regex, value)


@pytest.mark.parametrize("engine", ["re2", "python"])
@pytest.mark.parametrize("regex", k8s_names.NAME_FORMATS, ids=lambda regex: regex.pattern)
def test_every_name_format_is_linear_with_both_engines(
    regex: LinearRegex, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name formats are marked python_is_linear: their fallback has no budget, so it must
    be linear under Python re too."""
    if engine == "python":
        without_re2(monkeypatch)
    elif not linear_regex.re2_available():
        pytest.skip("google-re2 is not installed here")
    for value in adversarial(regex.pattern):
        assert_linear(regex, value)


@settings(max_examples=120, deadline=None)
@given(data=st.data())
@pytest.mark.parametrize("regex", k8s_names.NAME_FORMATS, ids=lambda regex: regex.pattern)
def test_name_formats_answer_with_python_re_as_re2_does(regex: LinearRegex, data: st.DataObject) -> None:
    """The name formats run with Python re (no re2 import on a plain run): the same answer
    as RE2 on the UTF-8 bytes, for matching, near-matching and arbitrary text."""
    re2 = pytest.importorskip("re2")

    text = data.draw(
        st.from_regex(regex.pattern, fullmatch=True)
        | st.text(alphabet="aZ09-._*/%~é\n:", max_size=12)
        | st.text(max_size=8)
    )
    compiled = re2.compile(regex.pattern.encode())
    data_bytes = text.encode("utf-8", "surrogatepass")
    assert regex.fullmatch(text) == (compiled.fullmatch(data_bytes) is not None)
    assert regex.search(text) == (compiled.search(data_bytes) is not None)


def test_go_int_and_duration_are_linear() -> None:
    for regex in (annotation_checks.GO_INT, annotation_checks.GO_DURATION):
        for value in adversarial(regex.pattern):
            try:
                assert_linear(regex, value)
            except Unchecked:
                assert not linear_regex.re2_available()  # the fallback's budget cut it off


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("nginx.ingress.kubernetes.io/cors-allow-origin", ISSUE_ORIGIN),
        ("nginx.ingress.kubernetes.io/cors-allow-methods", ISSUE_METHODS),
    ],
)
def test_issue_values_are_rejected_at_once(key: str, value: str) -> None:
    start = time.perf_counter()
    findings = rule_findings(nginx_ingress(key, value), "annotation-value-invalid")
    assert time.perf_counter() - start < 5 * BOUND_SECONDS
    assert [finding.line for finding in findings] == [6]
    assert "which ingress-nginx rejects" in findings[0].message


def test_go_semantics_are_kept() -> None:
    assert not LinearRegex(r"^\d+$").search("٣")  # Go's \d is ASCII
    assert not LinearRegex(r"^a$").search("a\n")  # Go's $ is the end of the text
    assert LinearRegex(r"^(?i)\d+[bkmg]?$").search("12K")  # (?i) mid-pattern is RE2 syntax
    assert LinearRegex("^a.b$").search("a\udcffb")  # a lone surrogate is one character, not a crash


def without_re2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linear_regex, "_re2_module", lambda: None)
    linear_regex._re2_compile.cache_clear()
    monkeypatch.setattr(linear_regex, "_re2_compile", lambda pattern: None)


CATASTROPHIC = LinearRegex(r"^(a|a?)+$")


def test_fallback_cuts_a_catastrophic_match_off(monkeypatch: pytest.MonkeyPatch) -> None:
    without_re2(monkeypatch)
    start = time.perf_counter()
    with pytest.raises(Unchecked, match="install google-re2"):
        CATASTROPHIC.search("a" * 40 + "!")
    assert time.perf_counter() - start < 10 * linear_regex.BUDGET_SECONDS
    assert CATASTROPHIC.search("aaa")  # a plain value still matches within the budget


def test_fallback_without_a_timer_does_not_check(monkeypatch: pytest.MonkeyPatch) -> None:
    without_re2(monkeypatch)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            CATASTROPHIC.search("a" * 40 + "!")
        except Unchecked as error:
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert [str(error) for error in errors] == [
        f"no time limit can be set here and RE2 is not installed; {linear_regex.INSTALL_HINT}"
    ]


def test_fallback_reports_an_unchecked_value_as_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    without_re2(monkeypatch)
    annotation_checks._regex.cache_clear()
    findings = rule_findings(
        nginx_ingress("nginx.ingress.kubernetes.io/cors-allow-origin", ISSUE_ORIGIN), "annotation-value-invalid"
    )
    annotation_checks._regex.cache_clear()
    assert [finding.line for finding in findings] == [6]
    assert "was not checked against ingress-nginx's pattern" in findings[0].message
    assert "install google-re2" in findings[0].message


def nginx_ingress(key: str, value: str) -> str:
    return f"""\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    {key}: "{value}"
spec:
  ingressClassName: nginx
  defaultBackend:
    service: {{name: web, port: {{number: 80}}}}
"""
