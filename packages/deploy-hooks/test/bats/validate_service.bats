#!/usr/bin/env bats
load helpers

setup() {
  # A port nothing listens on: one the kernel just handed out and took back.
  PORT_UNDER_TEST=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  make_root
}

@test "fails after the timeout with the status and the last lines of both logs" {
  fake curl 'printf 000; exit 7' # connection refused
  seq 1 100 | sed 's/^/boom /' >"${COMPTASTAR_ROOT}/var/log/comptastar/api/error.log"
  VALIDATE_TIMEOUT_SECONDS=1 VALIDATE_LOG_LINES=3 run --separate-stderr "${HOOKS}/validate_service.sh"
  [ "$status" -eq 1 ]
  expected="[validate_service] ERROR: http://127.0.0.1:${PORT_UNDER_TEST}/api/v1/health did not answer 200 within 1 s (last status: 000)
[validate_service] ERROR: last 3 lines of ${COMPTASTAR_ROOT}/var/log/comptastar/api/error.log:
boom 98
boom 99
boom 100
[validate_service] ERROR: no log file ${COMPTASTAR_ROOT}/var/log/comptastar/api/out.log"
  [ "$stderr" = "$expected" ]
}

@test "fails naming the health settings missing from the identity" {
  printf 'APP_NAME=api\n' >"${COMPTASTAR_ROOT}/etc/comptastar/identity.env"
  run --separate-stderr "${HOOKS}/validate_service.sh"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"lacks: PORT HEALTH_CHECK_PATH" ]]
}

@test "succeeds once the endpoint answers 200" {
  fake curl 'n=$(cat "${BATS_TEST_TMPDIR}/n" 2>/dev/null || echo 0); echo $((n + 1)) >"${BATS_TEST_TMPDIR}/n"; [ "$n" -ge 2 ] && printf 200 || printf 503'
  VALIDATE_TIMEOUT_SECONDS=10 run "${HOOKS}/validate_service.sh"
  [ "$status" -eq 0 ]
  [ "$output" = "[validate_service] http://127.0.0.1:${PORT_UNDER_TEST}/api/v1/health answered 200" ]
  [ "$(cat "${BATS_TEST_TMPDIR}/n")" = 3 ]
}
