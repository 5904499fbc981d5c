#!/usr/bin/env bash
# Summary: functions shared by every lifecycle hook script.
# Usage: source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# The instance layout is the revision contract (see the package README). Every absolute path
# is prefixed by COMPTASTAR_ROOT, which is empty on an instance and a temporary directory
# during `deploy-hooks rehearse`.

COMPTASTAR_ROOT=${COMPTASTAR_ROOT:-}
APP_USER=${COMPTASTAR_APP_USER:-comptastar}
APP_HOME="${COMPTASTAR_ROOT}/home/${APP_USER}"
IDENTITY_FILE="${COMPTASTAR_ROOT}/etc/comptastar/identity.env"
IDENTITY_KEYS=(ENVIRONMENT APP_NAME PORT HEALTH_CHECK_PATH AWS_REGION SSM_PATH)
export PM2_HOME="${APP_HOME}/.pm2"

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

# Reads the instance identity (KEY=value lines) into the IDENTITY_KEYS variables, without
# executing the file, and fails naming every required key that is missing or empty.
# Usage: load_identity [required key...]   (default: every identity key)
load_identity() {
  [[ -r "${IDENTITY_FILE}" ]] || fail "instance identity ${IDENTITY_FILE} is missing or unreadable"
  local line key value
  for key in "${IDENTITY_KEYS[@]}"; do printf -v "${key}" '%s' ''; done
  while IFS= read -r line || [[ -n "${line}" ]]; do
    [[ "${line}" =~ ^[[:space:]]*(#|$) ]] && continue
    key=${line%%=*}
    value=${line#*=}
    value=${value%\"}
    value=${value#\"}
    if [[ " ${IDENTITY_KEYS[*]} " == *" ${key} "* ]]; then
      printf -v "${key}" '%s' "${value}"
      export "${key?}"
    fi
  done <"${IDENTITY_FILE}"
  local required=("$@")
  ((${#required[@]} > 0)) || required=("${IDENTITY_KEYS[@]}")
  local missing=()
  for key in "${required[@]}"; do
    [[ -n "${!key:-}" ]] || missing+=("${key}")
  done
  if ((${#missing[@]} > 0)); then
    fail "instance identity ${IDENTITY_FILE} lacks: ${missing[*]}"
  fi
  # shellcheck disable=SC2153 # APP_NAME is set from the identity file above.
  export APP_DIR="${COMPTASTAR_ROOT}/opt/comptastar/${APP_NAME}"
  export LOG_DIR="${COMPTASTAR_ROOT}/var/log/comptastar/${APP_NAME}"
}

# True when the hooks must switch to the app user: running as root on a real instance.
switches_user() {
  [[ -z "${COMPTASTAR_ROOT}" && ${EUID} -eq 0 ]]
}

# Runs a command as the app user (PM2_HOME and PATH kept); as is when rehearsing or not root.
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
