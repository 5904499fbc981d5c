#!/usr/bin/env bash
# Summary: write an app's .env from SSM Parameter Store (/{environment}/{app}/*), atomically, mode 0600.
# Usage:   env-manager.sh <environment> <app> [output-file (default .env)]
#
# Retrieval is `param-tool pull --format dotenv` (one implementation of paging, decryption and
# quoting). param-tool is found as: $PARAM_TOOL (a command, e.g. "node /opt/tools/param-tool.cjs"),
# else param-tool.cjs next to this script (dist/bundle/), else `param-tool` on PATH.
# AWS settings come from the environment: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL.
set -euo pipefail

readonly PROG="env-manager"

log() { echo "${PROG}: $*" >&2; }
fail() {
  log "error: $*"
  exit 1
}

# Fills the global array PARAM_TOOL_CMD with the command that runs param-tool.
find_param_tool() {
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  if [[ -n "${PARAM_TOOL:-}" ]]; then
    read -r -a PARAM_TOOL_CMD <<<"${PARAM_TOOL}"
  elif [[ -f "${here}/param-tool.cjs" ]]; then
    PARAM_TOOL_CMD=(node "${here}/param-tool.cjs")
  elif command -v param-tool >/dev/null 2>&1; then
    PARAM_TOOL_CMD=(param-tool)
  else
    fail "param-tool not found: set PARAM_TOOL, put param-tool.cjs next to ${here}/$(basename "$0"), or install param-tool on PATH"
  fi
}

main() {
  if [[ $# -lt 2 || $# -gt 3 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    echo "Usage: $(basename "$0") <environment> <app> [output-file (default .env)]" >&2
    exit 2
  fi
  local environment="$1" app="$2" output="${3:-.env}"
  local dir tmp
  dir="$(dirname "${output}")"
  [[ -d "${dir}" ]] || fail "directory ${dir} does not exist"

  find_param_tool
  # mktemp creates the file with mode 0600, in the target's folder so that mv is an atomic rename.
  tmp="$(mktemp "${dir}/.$(basename "${output}").XXXXXX")"
  trap 'rm -f "${tmp}"' EXIT

  if ! "${PARAM_TOOL_CMD[@]}" pull --env "${environment}" --app "${app}" --format dotenv >"${tmp}"; then
    fail "could not read /${environment}/${app}/ from SSM (see the message above); ${output} left unchanged"
  fi
  [[ -s "${tmp}" ]] || fail "no parameters under /${environment}/${app}/; ${output} left unchanged"

  chmod 600 "${tmp}"
  mv -f "${tmp}" "${output}"
  trap - EXIT
  log "wrote ${output} from /${environment}/${app}/ (mode 0600)"
}

main "$@"
