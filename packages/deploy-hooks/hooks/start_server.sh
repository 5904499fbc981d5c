#!/usr/bin/env bash
# Summary: ApplicationStart — starts the app with PM2 as the app user, saves the process list
#          and registers PM2 with systemd so the app comes back after a reboot.
# Usage: start_server.sh   (reads the instance identity)
set -euo pipefail
HOOK_NAME=start_server
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

main() {
  load_identity
  require_commands pm2
  local ecosystem="${APP_DIR}/ecosystem.config.cjs"
  [[ -f "${ecosystem}" ]] || fail "PM2 ecosystem file not found at ${ecosystem}: the revision is incomplete"
  mkdir -p "${LOG_DIR}"

  # The ecosystem file reads APP_NAME, PORT and LOG_DIR from this environment (load_identity exports them).
  # shellcheck disable=SC2153 # APP_NAME is an identity key, set by load_identity.
  log_info "starting ${APP_NAME} on port ${PORT} with PM2"
  mark_deployment_start
  if ! pm2_as_app startOrReload "${ecosystem}" --update-env </dev/null >/dev/null; then
    print_recent_app_output
    fail "pm2 could not start ${APP_NAME} (see ${LOG_DIR}/error.log)"
  fi
  pm2_as_app save --force >/dev/null

  if switches_user; then
    # As root. The unit takes the app user's PM2_HOME from --hp; pm2 itself would make its own
    # home first (root's ~/.pm2 by default), so it gets a throwaway one, removed after.
    local scratch
    scratch=$(mktemp -d)
    if ! PM2_HOME="${scratch}" pm2 startup systemd -u "${APP_USER}" --hp "${APP_HOME}" >"${scratch}.log" 2>&1; then
      tail -n 5 "${scratch}.log" >&2
      rm -rf "${scratch}" "${scratch}.log"
      fail "pm2 startup could not register PM2 with systemd for ${APP_USER} (see the lines above)"
    fi
    rm -rf "${scratch}" "${scratch}.log"
    log_info "pm2 registered with systemd for ${APP_USER}"
  else
    log_info "skipping pm2 startup on boot (rehearsal or not root)"
  fi
}

main "$@"
