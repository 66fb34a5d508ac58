"""After the action's one ingresslint run: annotations within GitHub's cap, step outputs, job
summary and the upload decision. Standard library only; run by action/lint.sh.

GitHub shows at most 10 error and 10 warning annotations per step (docs.github.com, REST
"Update a check run": "GitHub Actions are limited to 10 warning annotations and 10 error
annotations per step"); notices are capped here the same way. The rest are counted in one
notice that points at the job summary and the SARIF report.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

CAP = 10  # annotations of one kind per step
SUMMARY_ROWS = 50  # findings listed in the job summary


def main(argv: list[str]) -> int:
    code, sarif, report_path, annotations_path = int(argv[1]), argv[2], Path(argv[3]), Path(argv[4])
    if code == 2 or not report_path.is_file():
        print(f"::error title=ingresslint::ingresslint could not run (exit code {code}); see the log above")
        write_outputs({"exit-code": str(code), "sarif-file": "", "upload": "false"})
        return 0
    report = json.loads(report_path.read_text(encoding="utf-8"))
    print_annotations(annotations_path.read_text(encoding="utf-8").splitlines())
    upload, reason = upload_decision(os.environ)
    if reason:
        print(f"::notice title=ingresslint::SARIF upload skipped: {reason}")
    summary = report["summary"]
    write_outputs(
        {
            "exit-code": str(code),
            "sarif-file": sarif,
            "upload": "true" if upload else "false",
            "findings": str(len(report["findings"])),
            "errors": str(summary["errors"]),
            "warnings": str(summary["warnings"]),
            "infos": str(summary["infos"]),
        }
    )
    write_summary(report, code)
    return 0


def print_annotations(lines: list[str]) -> None:
    shown: Counter[str] = Counter()
    dropped = 0
    for line in lines:
        kind = line[2:].split(" ", 1)[0].split("::", 1)[0] if line.startswith("::") else ""
        if not kind:
            continue  # the summary line
        if shown[kind] < CAP - (kind == "notice"):  # keep one notice for the count below
            shown[kind] += 1
            print(line)
        else:
            dropped += 1
    if dropped:
        limit = f"GitHub shows at most {CAP} errors and {CAP} warnings per step"
        print(f"::notice title=ingresslint::{dropped} more findings not annotated ({limit}): see the job summary")


def upload_decision(env: os._Environ[str] | dict[str, str]) -> tuple[bool, str]:
    """(upload, why not): "auto" skips where the upload cannot work, "true" always tries."""
    wanted = env.get("INPUT_UPLOAD", "auto").strip().lower()
    if wanted in ("false", "no", "off", "0"):
        return False, ""
    if wanted == "true":
        return True, ""
    if env.get("GITHUB_EVENT_NAME") in ("pull_request", "pull_request_review", "pull_request_review_comment"):
        head = _event(env).get("pull_request", {}).get("head", {}).get("repo") or {}
        if head.get("fork") or (head.get("full_name") and head.get("full_name") != env.get("GITHUB_REPOSITORY")):
            return (
                False,
                "a pull request from a fork gets a read-only token (no security-events: write); the annotations above list the findings",
            )
    if env.get("GITHUB_ACTOR") == "dependabot[bot]":
        return False, "Dependabot runs get a read-only token; the annotations above list the findings"
    return True, ""


def _event(env: os._Environ[str] | dict[str, str]) -> dict:
    try:
        return json.loads(Path(env.get("GITHUB_EVENT_PATH", "")).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_outputs(values: dict[str, str]) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.writelines(f"{key}={value}\n" for key, value in values.items())


def write_summary(report: dict, code: int) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    summary, findings = report["summary"], report["findings"]
    lines = [
        "## ingresslint",
        "",
        f"{_count(summary['errors'], 'error')}, {_count(summary['warnings'], 'warning')}, "
        f"{_count(summary['infos'], 'info')} in {_count(summary['files'], 'file')}, "
        f"{_count(summary['objects'], 'object')} (exit code {code}).",
        "",
    ]
    if findings:
        lines += ["| file | line | severity | rule | message |", "| --- | --- | --- | --- | --- |"]
        for finding in findings[:SUMMARY_ROWS]:
            message = finding["message"].replace("|", "\\|").replace("\n", " ")
            rule = f"[{finding['rule']}]({finding['url']})" if finding.get("url") else finding["rule"]
            lines.append(f"| `{finding['file']}` | {finding['line']} | {finding['severity']} | {rule} | {message} |")
        if len(findings) > SUMMARY_ROWS:
            lines += ["", f"… and {len(findings) - SUMMARY_ROWS} more (all of them are in the SARIF report)."]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
