#!/usr/bin/env bats
load helpers

setup() {
  make_root
}

@test "fails when pm2 is missing" {
  run --separate-stderr "${HOOKS}/start_server.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[start_server] ERROR: missing required command(s): pm2" ]
}

@test "fails when the revision has no ecosystem file" {
  fake pm2 'exit 0'
  run --separate-stderr "${HOOKS}/start_server.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[start_server] ERROR: PM2 ecosystem file not found at ${COMPTASTAR_ROOT}/opt/comptastar/api/ecosystem.config.cjs: the revision is incomplete" ]
}

@test "fails with the app's lines of this deployment, then the cause, when pm2 cannot start the app" {
  local logs="${COMPTASTAR_ROOT}/var/log/comptastar/api"
  echo 'an earlier deployment' >"${logs}/error.log"
  fake pm2 "echo 'Error: Cannot find module x' >>'${logs}/error.log'; exit 1"
  touch "${COMPTASTAR_ROOT}/opt/comptastar/api/ecosystem.config.cjs"
  run --separate-stderr "${HOOKS}/start_server.sh"
  [ "$status" -eq 1 ]
  expected="[start_server] ERROR: nothing in ${logs}/out.log since this deployment started the app
[start_server] ERROR: last 1 of 1 lines of ${logs}/error.log since this deployment started the app:
Error: Cannot find module x
[start_server] ERROR: pm2 could not start api (see ${logs}/error.log)"
  [ "$stderr" = "$expected" ]
}

@test "as root on an instance, registers PM2 with systemd from a throwaway PM2_HOME, never root's ~/.pm2" {
  # Never skipped: a skip would leave a non-root run green without this check (CI runs as root).
  [ "${EUID}" -eq 0 ] || { echo "needs root (switches_user): run the tests as root" >&2; false; }
  fake pm2 'echo "$* PM2_HOME=$PM2_HOME" >>"${BATS_TEST_TMPDIR}/calls"; [ "$1" != startup ] || [ -d "$PM2_HOME" ]'
  fake runuser 'shift 3; "$@"' # runuser -u comptastar -- cmd...: runs cmd as is
  touch "${COMPTASTAR_ROOT}/opt/comptastar/api/ecosystem.config.cjs"
  COMPTASTAR_SWITCH_USER=1 run "${HOOKS}/start_server.sh"
  [ "$status" -eq 0 ]
  startup=$(grep '^startup ' "${BATS_TEST_TMPDIR}/calls")
  [[ "${startup}" == "startup systemd -u comptastar --hp ${COMPTASTAR_ROOT}/home/comptastar PM2_HOME=/"* ]]
  scratch=${startup##*PM2_HOME=}
  [[ "${scratch}" != "${COMPTASTAR_ROOT}"* && "${scratch}" != "${HOME}/.pm2" ]]
  [ ! -e "${scratch}" ] # removed after
  [ "${lines[-1]}" = "[start_server] pm2 registered with systemd for comptastar" ]
}

@test "starts with the identity's port, saves, and skips boot registration when rehearsing" {
  fake pm2 'echo "$* PORT=$PORT APP_NAME=$APP_NAME" >>"${BATS_TEST_TMPDIR}/calls"'
  touch "${COMPTASTAR_ROOT}/opt/comptastar/api/ecosystem.config.cjs"
  run "${HOOKS}/start_server.sh"
  [ "$status" -eq 0 ]
  [ "$(head -n 1 "${BATS_TEST_TMPDIR}/calls")" = "startOrReload ${COMPTASTAR_ROOT}/opt/comptastar/api/ecosystem.config.cjs --update-env PORT=1 APP_NAME=api" ]
  [ "$(tail -n 1 "${BATS_TEST_TMPDIR}/calls")" = "save --force PORT=1 APP_NAME=api" ]
  [ "${lines[1]}" = "[start_server] skipping pm2 startup on boot (rehearsal or not root)" ]
}
