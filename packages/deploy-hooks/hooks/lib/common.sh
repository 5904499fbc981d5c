#!/usr/bin/env bash
# Summary: functions shared by every lifecycle hook script.
# Usage: source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

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
