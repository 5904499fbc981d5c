#!/usr/bin/env bash
# Summary: functions shared by every lifecycle hook script.
# Usage: source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# No instance path is written here. `deploy-hooks bundle` writes lib/layout.env into the revision
# (where the instance identity file is, the keys it must have, and the values the revision was
# built for); the launch template's user data writes the identity file; load_identity reads both.
# Every absolute path is prefixed by DEPLOY_HOOKS_ROOT, which is empty on an instance and the
# instance root folder during `deploy-hooks rehearse`.

DEPLOY_HOOKS_ROOT=${DEPLOY_HOOKS_ROOT:-}
LAYOUT_FILE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/layout.env"

# Prints an informational line, prefixed with the hook's name.
log_info() {
  printf '[%s] %s\n' "${HOOK_NAME:-deploy-hooks}" "$*"
}

# Prints an error line to stderr.
log_error() {
  printf '[%s] ERROR: %s\n' "${HOOK_NAME:-deploy-hooks}" "$*" >&2
}

# Prints what failed and why, then exits non-zero (default 1).
fail() {
  local message=$1
  local code=${2:-1}
  log_error "${message}"
  exit "${code}"
}

# Fails unless every named command is on PATH.
require_commands() {
  local missing=()
  local cmd
  for cmd in "$@"; do
    command -v "${cmd}" >/dev/null 2>&1 || missing+=("${cmd}")
  done
  if ((${#missing[@]} > 0)); then
    fail "missing required command(s): ${missing[*]}"
  fi
}

# Reads the named keys of a KEY=value file into variables NAME_PREFIX<key>, without executing
# it (comments and blank lines skipped, one pair of double quotes around a value dropped).
# Usage: read_key_values <file> <name prefix> <key...>
read_key_values() {
  local file=$1 prefix=$2
  shift 2
  local line key value
  while IFS= read -r line || [[ -n "${line}" ]]; do
    [[ "${line}" =~ ^[[:space:]]*(#|$) ]] && continue
    key=${line%%=*}
    value=${line#*=}
    value=${value%\"}
    value=${value#\"}
    if [[ " $* " == *" ${key} "* ]]; then
      printf -v "${prefix}${key}" '%s' "${value}"
    fi
  done <"${file}"
}

# Reads the instance identity into its keys' variables (exported) and fails naming every key
# that is missing or empty, or whose value differs from what the revision was built for. Then
# sets the paths the hooks use, under DEPLOY_HOOKS_ROOT: IDENTITY_FILE, APP_HOME, APP_DIR,
# LOG_DIR, RUNTIME_DIR, PM2_HOME (the app user's `~/.pm2`), and puts RUNTIME_DIR/bin first on PATH.
load_identity() {
  [[ -r "${LAYOUT_FILE}" ]] || fail "${LAYOUT_FILE} is missing: build the revision with \`deploy-hooks bundle\`"
  local LAYOUT_IDENTITY_FILE='' LAYOUT_IDENTITY_KEYS=''
  read_key_values "${LAYOUT_FILE}" LAYOUT_ IDENTITY_FILE IDENTITY_KEYS
  [[ -n "${LAYOUT_IDENTITY_FILE}" && -n "${LAYOUT_IDENTITY_KEYS}" ]] \
    || fail "${LAYOUT_FILE} lacks IDENTITY_FILE or IDENTITY_KEYS: build the revision with \`deploy-hooks bundle\`"
  local -a keys
  read -r -a keys <<<"${LAYOUT_IDENTITY_KEYS}"
  IDENTITY_FILE="${DEPLOY_HOOKS_ROOT}${LAYOUT_IDENTITY_FILE}"
  [[ -r "${IDENTITY_FILE}" ]] || fail "instance identity ${IDENTITY_FILE} is missing or unreadable"

  local key built
  for key in "${keys[@]}"; do
    printf -v "${key}" '%s' ''
    local "BUILT_${key}="
  done
  read_key_values "${IDENTITY_FILE}" '' "${keys[@]}"
  read_key_values "${LAYOUT_FILE}" BUILT_ "${keys[@]}"
  local missing=() differ=()
  for key in "${keys[@]}"; do
    export "${key?}"
    built="BUILT_${key}"
    if [[ -z "${!key}" ]]; then
      missing+=("${key}")
    elif [[ -n "${!built}" && "${!built}" != "${!key}" ]]; then
      differ+=("${key}=${!key} (the revision's: ${!built})")
    fi
  done
  if ((${#missing[@]} > 0)); then
    fail "instance identity ${IDENTITY_FILE} lacks: ${missing[*]}"
  fi
  if ((${#differ[@]} > 0)); then
    fail "instance identity ${IDENTITY_FILE} is not the one this revision was built for: ${differ[*]}"
  fi
  APP_HOME="${DEPLOY_HOOKS_ROOT}${APP_HOME}"
  APP_DIR="${DEPLOY_HOOKS_ROOT}${APP_DIR}"
  LOG_DIR="${DEPLOY_HOOKS_ROOT}${LOG_DIR}"
  RUNTIME_DIR="${DEPLOY_HOOKS_ROOT}${RUNTIME_DIR}"
  export PM2_HOME="${APP_HOME}/.pm2"
  # PM2 comes with the revision: BeforeInstall unpacks it under RUNTIME_DIR (one folder per
  # version), bin/pm2 is the current one. No hook needs the npm registry.
  export PATH="${RUNTIME_DIR}/bin:${PATH}"
}

# True when the hooks must switch to the app user: running as root on a real instance, or in a
# rehearsal as root that asks for it (`deploy-hooks rehearse --as-root` sets DEPLOY_HOOKS_SWITCH_USER=1).
switches_user() {
  [[ ${EUID} -eq 0 && (-z "${DEPLOY_HOOKS_ROOT}" || "${DEPLOY_HOOKS_SWITCH_USER:-}" == 1) ]]
}

# Runs a command as the app user (PM2_HOME and PATH kept); as is when not switching (see above).
as_app_user() {
  if switches_user; then
    runuser -u "${APP_USER}" -- env "PM2_HOME=${PM2_HOME}" "PATH=${PATH}" "$@"
  else
    "$@"
  fi
}

# Runs pm2 as the app user, against the app user's PM2_HOME.
pm2_as_app() {
  as_app_user pm2 "$@"
}

# What a person sees of a failed hook is the last ~2 KB of its output, each line prefixed by the
# agent with "[stdout]" or "[stderr]" (aws-codedeploy-agent, hook_executor.rb `ScriptLog`: the
# console, `get-deployment-instance`, the lifecycle event's diagnostics). A failing hook prints the
# app's own lines of this deployment within APP_OUTPUT_BUDGET bytes, then the cause, last.
APP_OUTPUT_BUDGET=${APP_OUTPUT_BUDGET:-1300}
# A longer line is cut: the agent keeps nothing at all when one line exceeds its window.
APP_OUTPUT_LINE_MAX=200
# Where the app's logs ended when this deployment started the app (see mark_deployment_start).
deployment_start_file() {
  printf '%s/.deployment-start' "${LOG_DIR}"
}

# Records the size of the app's logs before ApplicationStart: output of earlier deployments
# (they accumulate in the same files) never crowds a failure report.
mark_deployment_start() {
  local name size
  {
    printf 'deployment=%s\n' "${DEPLOYMENT_ID:-}"
    for name in out.log error.log; do
      size=0
      [[ -f "${LOG_DIR}/${name}" ]] && size=$(stat -c %s "${LOG_DIR}/${name}")
      printf '%s=%s\n' "${name}" "${size}"
    done
  } >"$(deployment_start_file)"
}

# Prints the lines a log file got since mark_deployment_start (all of it without a mark, or when
# the file is now shorter), colour codes and stack frames (`    at ...`, after PM2's time prefix)
# removed, each line cut to APP_OUTPUT_LINE_MAX bytes: the error's own message is what counts.
lines_since_deployment_start() {
  local file=$1 offset=0 mark
  mark=$(deployment_start_file)
  [[ -f "${file}" ]] || return 0
  if [[ -f "${mark}" ]]; then
    offset=$(sed -n "s/^$(basename "${file}")=\([0-9]*\)$/\1/p" "${mark}")
    ((${offset:-0} <= $(stat -c %s "${file}"))) || offset=0
  fi
  tail -c "+$((${offset:-0} + 1))" "${file}" | sed -E $'s/\x1b\\[[0-9;?]*[A-Za-z]//g; s/\r$//' \
    | grep -Ev '^([0-9T:.+-]+: )?[[:space:]]+at ' | cut -b "1-${APP_OUTPUT_LINE_MAX}"
}

# Prints to stderr the last lines of a log file since this deployment started that fit in a byte
# budget (counting the agent's 8-byte prefix of each line), under a header naming the file.
# Usage: print_recent_log <file> <budget>
print_recent_log() {
  local file=$1 budget=$2 line used=0
  local -a lines=() kept=()
  mapfile -t lines < <(lines_since_deployment_start "${file}")
  if ((${#lines[@]} == 0)); then
    log_error "nothing in ${file} since this deployment started the app"
    return 0
  fi
  local i
  for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
    line=${lines[i]}
    ((used + ${#line} + 9 <= budget)) || break
    used=$((used + ${#line} + 9))
    kept=("${line}" "${kept[@]}")
  done
  log_error "last ${#kept[@]} of ${#lines[@]} lines of ${file} since this deployment started the app:"
  ((${#kept[@]} == 0)) || printf '%s\n' "${kept[@]}" >&2
}

# Prints the app's output of this deployment within APP_OUTPUT_BUDGET: a third for the standard
# output, the rest for the error log, which comes last (nearest the cause).
print_recent_app_output() {
  print_recent_log "${LOG_DIR}/out.log" $((APP_OUTPUT_BUDGET / 3))
  print_recent_log "${LOG_DIR}/error.log" $((APP_OUTPUT_BUDGET - APP_OUTPUT_BUDGET / 3))
}
