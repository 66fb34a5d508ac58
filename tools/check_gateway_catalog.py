"""Check rules/catalog/gateway-api.yaml against the ingress2gateway and gateway-api sources.

    python tools/check_gateway_catalog.py [I2GW_GIT_DIR GWAPI_GIT_DIR]

The two arguments are git directories of kubernetes-sigs/ingress2gateway and
kubernetes-sigs/gateway-api (a bare clone is enough; default: the mirrors under
/work/.mirror). Nothing is copied from them: the script reads the tags named in the
catalog with ``git show`` and checks

* the commits recorded for the tags;
* every ``repo@commit:path (Identifier)`` source: the file exists at that commit and
  defines the identifier (a Go func, method, type, field, var or const);
* the ingress-nginx keys marked ``parsed: true`` are exactly the provider's
  ``parsedAnnotations`` (pkg/i2gw/providers/ingressnginx/annotations.go), and every
  other provider's key marked ``parsed: true`` is named in that provider's sources;
* each annotation's ``since``: the first ingress2gateway release whose provider names the
  key and defines the cited function;
* each construct's channel: a ``crd_field`` of a standard construct is in the standard
  CRD of the tag (and absent from the standard CRD of the release before ``since``); an
  experimental one is only in the experimental CRD.

Exit status 0 when everything holds, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "rules" / "catalog" / "gateway-api.yaml"
MIRRORS = Path("/work/.mirror")
DEFAULT_DIRS = (
    MIRRORS / "kubernetes-sigs+ingress2gateway" / "repo",
    MIRRORS / "kubernetes-sigs+gateway-api" / "repo",
)
SOURCE = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{40}):(?P<path>\S+) \((?P<ident>[^)]+)\)$")
PARSED_FILE = "pkg/i2gw/providers/ingressnginx/annotations.go"
PROVIDER_DIRS = {
    "ingress-nginx": "ingressnginx",
    "nginx": "nginx",
    "gce": "gce",
    "kong": "kong",
    "traefik": "traefik",
    "apisix": "apisix",
    "cilium": "cilium",
}


class Git:
    """Reads a git directory: one ``git cat-file --batch`` process for every blob, cached."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self._batch: subprocess.Popen[bytes] | None = None
        self._cache: dict[str, str | None] = {}

    def run(self, *args: str) -> str | None:
        done = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), *args], capture_output=True, text=True, check=False
        )
        return done.stdout if done.returncode == 0 else None

    def show(self, rev: str, path: str) -> str | None:
        spec = f"{rev}:{path}"
        if spec not in self._cache:
            self._cache[spec] = self._read(spec)
        return self._cache[spec]

    def _read(self, spec: str) -> str | None:
        if self._batch is None:
            self._batch = subprocess.Popen(
                ["git", "--git-dir", str(self.git_dir), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        assert self._batch.stdin is not None and self._batch.stdout is not None
        self._batch.stdin.write(spec.encode() + b"\n")
        self._batch.stdin.flush()
        header = self._batch.stdout.readline().split()
        if len(header) != 3:  # "<spec> missing"
            return None
        body = self._batch.stdout.read(int(header[2]) + 1)[:-1]
        return body.decode("utf-8", "replace") if header[1] == b"blob" else None

    def close(self) -> None:
        if self._batch is not None and self._batch.stdin is not None:
            self._batch.stdin.close()
            self._batch.wait()

    def commit_of(self, tag: str) -> str | None:
        out = self.run("rev-parse", f"{tag}^{{commit}}")
        return out.strip() if out else None

    def files(self, rev: str, under: str) -> list[str]:
        key = f"ls {rev}:{under}"
        if key not in self._cache:
            self._cache[key] = self.run("ls-tree", "-r", "--name-only", rev, under)
        out = self._cache[key]
        return out.split() if out else []


def load_catalog(path: Path = CATALOG) -> dict[str, Any]:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def defines(text: str, ident: str) -> bool:
    """True when Go source ``text`` defines every dotted part of ``ident``."""
    for part in ident.split("."):
        name = re.escape(part)
        pattern = rf"^func (\([^)]*\) )?{name}\(|^type {name}\b|^\s+{name}\s*(=|\*|\[|[A-Za-z])|^(var|const) {name}\b"
        if not re.search(pattern, text, re.MULTILINE):
            return False
    return True


def sources_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, source) for every source string in the catalog."""
    found: list[tuple[str, str]] = []
    for cid, construct in data["constructs"].items():
        found.append((f"construct {cid}", construct["source"]))
    for provider in data["providers"]:
        found.append((f"provider {provider['name']}", provider["source"]))
    for entry in data["annotations"]:
        found.append((entry.get("key") or entry["key_prefix"], entry["source"]))
    for name, feature in data["features"].items():
        found.append((f"feature {name}", feature["source"]))
    return found


def check_sources(data: dict[str, Any], repos: dict[str, Git]) -> list[str]:
    problems = []
    for where, source in sources_of(data):
        if source.startswith("https://"):
            continue
        match = SOURCE.match(source)
        if not match:
            problems.append(f"{where}: source {source!r} is not repo@commit:path (Identifier)")
            continue
        git = repos.get(match["repo"])
        expected = data["sources"].get(match["repo"].split("/")[1], {}).get("commit")
        if git is None or match["commit"] != expected:
            problems.append(f"{where}: source {source!r} is not at the catalog's commit of a known repository")
            continue
        text = git.show(match["commit"], match["path"])
        if text is None:
            problems.append(f"{where}: {match['path']} does not exist at {match['commit'][:12]}")
        elif not defines(text, match["ident"]):
            problems.append(f"{where}: {match['path']} does not define {match['ident']}")
    return problems


def parsed_annotations(i2gw: Git, rev: str) -> set[str]:
    """The keys of the ingress-nginx provider's parsedAnnotations map, constants resolved."""
    text = i2gw.show(rev, PARSED_FILE) or ""
    constants = dict(re.findall(r'^\s+(\w+)\s*=\s*"([^"]+)"', text, re.MULTILINE))
    body = text.split("var parsedAnnotations", 1)[-1]
    return {constants[name] for name in re.findall(r"^\s+(\w+):\s*\{\}", body, re.MULTILINE) if name in constants}


def check_parsed(data: dict[str, Any], i2gw: Git) -> list[str]:
    rev = data["sources"]["ingress2gateway"]["commit"]
    problems = []
    ours = {e["key"] for e in data["annotations"] if e.get("provider") == "ingress-nginx" and e.get("parsed")}
    theirs = parsed_annotations(i2gw, rev)
    for key in sorted(theirs - ours):
        problems.append(f"{key}: in parsedAnnotations of ingress2gateway but not marked parsed")
    for key in sorted(ours - theirs):
        problems.append(f"{key}: marked parsed but not in parsedAnnotations of ingress2gateway")
    for entry in data["annotations"]:
        provider = entry.get("provider")
        if provider in (None, "ingress-nginx") or not entry.get("parsed"):
            continue
        under = f"pkg/i2gw/providers/{PROVIDER_DIRS[provider]}"
        texts = [i2gw.show(rev, path) or "" for path in i2gw.files(rev, under) if path.endswith(".go")]
        key = entry.get("key") or entry["key_prefix"]
        if not any(_names(text, key) for text in texts):
            problems.append(f"{key}: marked parsed but not named in {under}")
    return problems


def _names(text: str, key: str) -> bool:
    """The key, or its suffix after the provider's prefix (built with fmt.Sprintf), is quoted."""
    suffix = key.split("/", 1)[-1].rstrip(".")
    return f'"{key}"' in text or f'"{suffix}"' in text or f'+ "{suffix}"' in text


def check_constructs(data: dict[str, Any], gwapi: Git) -> list[str]:
    tag = data["sources"]["gateway-api"]["tag"]
    problems = []
    for cid, construct in data["constructs"].items():
        crd = construct.get("crd")
        if not crd:
            continue
        standard = gwapi.show(tag, f"config/crd/standard/gateway.networking.k8s.io_{crd}.yaml")
        experimental = gwapi.show(tag, f"config/crd/experimental/gateway.networking.k8s.io_{crd}.yaml") or ""
        needle = construct.get("crd_field")
        in_standard = standard is not None and (needle is None or needle in standard)
        if construct["channel"] == "standard" and not in_standard:
            problems.append(f"construct {cid}: not in the standard channel of gateway-api {tag}")
        if construct["channel"] == "experimental" and (in_standard or (needle or "") not in experimental):
            problems.append(f"construct {cid}: not experimental-only in gateway-api {tag}")
        since = construct.get("since")
        if construct["channel"] == "standard" and since:
            problems += _check_since(gwapi, cid, crd, needle, since)
    return problems


def _check_since(gwapi: Git, cid: str, crd: str, needle: str | None, since: str) -> list[str]:
    major, minor, _ = since.lstrip("v").split(".")
    path = f"config/crd/standard/gateway.networking.k8s.io_{crd}.yaml"
    now = gwapi.show(since, path)
    before = gwapi.show(f"v{major}.{int(minor) - 1}.0", path) if int(minor) > 0 else None

    def has(text: str | None) -> bool:
        return text is not None and (needle is None or needle in text)

    if not has(now):
        return [f"construct {cid}: not in the standard channel of gateway-api {since}"]
    if has(before):
        return [f"construct {cid}: already standard before {since}"]
    return []


CONVERTER_RELEASES = ("v0.1.0", "v0.2.0", "v0.3.0", "v0.4.0", "v0.5.0", "v1.0.0", "v1.1.0")


def check_converter_since(data: dict[str, Any], i2gw: Git) -> list[str]:
    """An annotation's ``since`` is the first ingress2gateway release whose provider names the key
    and defines the cited function (a key declared as a constant before its conversion was
    written does not count)."""
    problems = []
    for entry in data["annotations"]:
        since, provider = entry.get("since"), entry.get("provider")
        if not since or provider not in PROVIDER_DIRS:
            continue
        key = entry.get("key") or entry["key_prefix"]
        first = first_release(i2gw, provider, key)
        match = SOURCE.match(entry["source"])
        defined = first_definition(i2gw, match["path"], match["ident"]) if match else None
        if first and defined:
            first = max(first, defined, key=CONVERTER_RELEASES.index)
        if first != since:
            problems.append(f"{key}: since {since}, but the {provider} provider first converts it in {first}")
    return problems


def first_definition(i2gw: Git, path: str, ident: str) -> str | None:
    for release in CONVERTER_RELEASES:
        text = i2gw.show(release, path)
        if text is not None and defines(text, ident):
            return release
    return None


def first_release(i2gw: Git, provider: str, key: str) -> str | None:
    """The first release whose provider sources name ``key`` (see ``_names``)."""
    under = f"pkg/i2gw/providers/{PROVIDER_DIRS[provider]}"
    for release in CONVERTER_RELEASES:
        paths = [path for path in i2gw.files(release, under) if path.endswith(".go") and not path.endswith("_test.go")]
        if any(_names(i2gw.show(release, path) or "", key) for path in paths):
            return release
    return None


def check(data: dict[str, Any], i2gw_dir: Path, gwapi_dir: Path) -> list[str]:
    i2gw, gwapi = Git(i2gw_dir), Git(gwapi_dir)
    repos = {data["sources"]["ingress2gateway"]["repo"]: i2gw, data["sources"]["gateway-api"]["repo"]: gwapi}
    problems = []
    for name, git in (("ingress2gateway", i2gw), ("gateway-api", gwapi)):
        recorded = data["sources"][name]
        if git.commit_of(recorded["tag"]) != recorded["commit"]:
            problems.append(f"{name}: tag {recorded['tag']} is not commit {recorded['commit']}")
    try:
        problems += check_sources(data, repos) + check_parsed(data, i2gw) + check_constructs(data, gwapi)
        return problems + check_converter_since(data, i2gw)
    finally:
        i2gw.close()
        gwapi.close()


def main(argv: list[str]) -> int:
    dirs = (Path(argv[0]), Path(argv[1])) if len(argv) == 2 else DEFAULT_DIRS
    problems = check(load_catalog(), *dirs)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems" if problems else "gateway-api.yaml matches the sources")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
