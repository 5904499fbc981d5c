#!/usr/bin/env bats
load helpers

setup() {
  make_root
}

@test "succeeds when pm2 is not installed (first deployment)" {
  run "${HOOKS}/stop_server.sh"
  [ "$status" -eq 0 ]
  [ "$output" = "[stop_server] pm2 is not installed: nothing to stop" ]
}

@test "succeeds when the app is not running under PM2 (a broken previous revision)" {
  fake pm2 '[ "$1" = describe ] && exit 1; echo "unexpected pm2 $*" >&2; exit 9'
  run "${HOOKS}/stop_server.sh"
  [ "$status" -eq 0 ]
  [ "$output" = "[stop_server] api is not running under PM2: nothing to stop" ]
}

@test "stops, deletes and saves with the app user's PM2_HOME, and still succeeds if stop fails" {
  fake pm2 'echo "$PM2_HOME $*" >>"${BATS_TEST_TMPDIR}/calls"; [ "$1" != stop ]'
  run --separate-stderr "${HOOKS}/stop_server.sh"
  [ "$status" -eq 0 ]
  [ "$stderr" = "[stop_server] ERROR: pm2 stop api failed; deleting it anyway" ]
  home="${DEPLOY_HOOKS_ROOT}/home/comptastar/.pm2"
  [ "$(cat "${BATS_TEST_TMPDIR}/calls")" = "$(printf '%s describe api\n%s stop api\n%s delete api\n%s save --force' "$home" "$home" "$home" "$home")" ]
}
