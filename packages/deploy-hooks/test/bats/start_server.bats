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

@test "fails pointing at the error log when pm2 cannot start the app" {
  fake pm2 'exit 1'
  touch "${COMPTASTAR_ROOT}/opt/comptastar/api/ecosystem.config.cjs"
  run --separate-stderr "${HOOKS}/start_server.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[start_server] ERROR: pm2 could not start api (see ${COMPTASTAR_ROOT}/var/log/comptastar/api/error.log)" ]
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
