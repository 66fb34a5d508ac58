#!/usr/bin/env bash
# The action's lint step (action.yml runs it; tests/test_action.py runs it with the GitHub
# environment variables set). One ingresslint run writes SARIF, JSON and the annotations;
# report.py then prints the annotations within GitHub's per-step cap, writes the step outputs
# and the job summary, and decides whether the SARIF upload can work.
#
# Environment: INGRESSLINT (the command), INPUT_PATHS and INPUT_ARGS (split on blanks on
# purpose), INPUT_SARIF_FILE, INPUT_UPLOAD (auto, true or false), plus GitHub's GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, RUNNER_TEMP.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${RUNNER_TEMP:-/tmp}/ingresslint-action"
mkdir -p "$work"
sarif="${INPUT_SARIF_FILE:-ingresslint.sarif}"
# shellcheck disable=SC2086  # PATHS and ARGS are lists on purpose
${INGRESSLINT:-ingresslint} lint \
  --format sarif --output "$sarif" \
  --format json --output "$work/report.json" \
  --format github --output "$work/annotations.txt" \
  ${INPUT_ARGS:-} ${INPUT_PATHS:-.}
code=$?
"${PYTHON:-python3}" "$here/report.py" "$code" "$sarif" "$work/report.json" "$work/annotations.txt"
