#!/usr/bin/env bash
# Summary: ApplicationStart — starts the app with PM2 as the app user, saves the process list
#          and registers PM2 with systemd so the app comes back after a reboot.
# Usage: start_server.sh   (reads the instance identity)
set -euo pipefail
HOOK_NAME=start_server
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

main() {
  load_identity APP_NAME PORT
  require_commands pm2
  local ecosystem="${APP_DIR}/ecosystem.config.cjs"
  [[ -f "${ecosystem}" ]] || fail "PM2 ecosystem file not found at ${ecosystem}: the revision is incomplete"
  mkdir -p "${LOG_DIR}"

  # The ecosystem file reads APP_NAME, PORT and COMPTASTAR_ROOT from this environment.
  export APP_NAME PORT COMPTASTAR_ROOT
  log_info "starting ${APP_NAME} on port ${PORT} with PM2"
  pm2_as_app startOrReload "${ecosystem}" --update-env </dev/null >/dev/null \
    || fail "pm2 could not start ${APP_NAME} (see ${LOG_DIR}/error.log)"
  pm2_as_app save --force >/dev/null

  if switches_user; then
    # As root, with root's own PM2_HOME: the unit it writes uses the app user's home.
    env -u PM2_HOME pm2 startup systemd -u "${APP_USER}" --hp "${APP_HOME}" >/dev/null
    log_info "pm2 registered with systemd for ${APP_USER}"
  else
    log_info "skipping pm2 startup on boot (rehearsal or not root)"
  fi
}

main "$@"
