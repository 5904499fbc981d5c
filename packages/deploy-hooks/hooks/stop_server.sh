#!/usr/bin/env bash
# Summary: ApplicationStop — stops the app gracefully through PM2 (SIGINT, drain, kill_timeout).
# Usage: stop_server.sh   (reads the instance identity; succeeds when nothing runs)
set -euo pipefail
HOOK_NAME=stop_server
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

main() {
  load_identity
  if ! command -v pm2 >/dev/null 2>&1; then
    log_info "pm2 is not installed: nothing to stop"
    return 0
  fi
  # shellcheck disable=SC2153 # APP_NAME is an identity key, set by load_identity.
  if ! pm2_as_app describe "${APP_NAME}" >/dev/null 2>&1; then
    log_info "${APP_NAME} is not running under PM2: nothing to stop"
    return 0
  fi
  local started=${SECONDS}
  # `pm2 stop` sends SIGINT and waits up to the app's kill_timeout before SIGKILL.
  pm2_as_app stop "${APP_NAME}" >/dev/null || log_error "pm2 stop ${APP_NAME} failed; deleting it anyway"
  pm2_as_app delete "${APP_NAME}" >/dev/null || true
  pm2_as_app save --force >/dev/null || true
  log_info "stopped ${APP_NAME} in $((SECONDS - started)) s"
}

main "$@"
