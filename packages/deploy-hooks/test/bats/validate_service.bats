#!/usr/bin/env bats
load helpers

setup() {
  # A port nothing listens on: one the kernel just handed out and took back.
  PORT_UNDER_TEST=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  make_root
}

@test "fails after the timeout with this deployment's app lines, colour codes and stack frames removed, then the cause" {
  local logs="${LOGS}"
  fake curl 'printf 000; exit 7' # connection refused
  seq 1 100 | sed 's/^/earlier deployment /' >"${logs}/error.log"
  bash -c "source '${HOOKS}/lib/common.sh'; load_identity; mark_deployment_start"
  printf '\e[31mError: boom\e[39m\n    at main (/opt/comptastar/api/app/dist/main.js:1:1)\n' >>"${logs}/error.log"
  VALIDATE_TIMEOUT_SECONDS=1 run --separate-stderr "${HOOKS}/validate_service.sh"
  [ "$status" -eq 1 ]
  expected="[validate_service] ERROR: nothing in ${logs}/out.log since this deployment started the app
[validate_service] ERROR: last 1 of 1 lines of ${logs}/error.log since this deployment started the app:
Error: boom
[validate_service] ERROR: http://127.0.0.1:${PORT_UNDER_TEST}/api/v1/health did not answer 200 within 1 s (last status: 000)"
  [ "$stderr" = "$expected" ]
}

@test "keeps only the last lines that fit in the budget" {
  local logs="${LOGS}"
  fake curl 'printf 503'
  seq 1 100 | sed 's/^/line /' >"${logs}/error.log"
  APP_OUTPUT_BUDGET=150 VALIDATE_TIMEOUT_SECONDS=1 run --separate-stderr "${HOOKS}/validate_service.sh"
  [ "$status" -eq 1 ]
  # 100 bytes for error.log (two thirds of 150), each line counted with the agent's prefix (+9):
  # "line 100" 17, "line 99" to "line 95" 16 each: 97 bytes, six lines.
  [ "${stderr_lines[1]}" = "[validate_service] ERROR: last 6 of 100 lines of ${logs}/error.log since this deployment started the app:" ]
  [ "${stderr_lines[2]}" = "line 95" ]
  [ "${stderr_lines[7]}" = "line 100" ]
  [ "${stderr_lines[8]}" = "[validate_service] ERROR: http://127.0.0.1:${PORT_UNDER_TEST}/api/v1/health did not answer 200 within 1 s (last status: 503)" ]
}

@test "fails naming the health settings missing from the identity" {
  sed -i '/^PORT=/d; /^HEALTH_CHECK_PATH=/d' "${IDENTITY}"
  run --separate-stderr "${HOOKS}/validate_service.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[validate_service] ERROR: instance identity ${IDENTITY} lacks: PORT HEALTH_CHECK_PATH" ]
}

@test "succeeds once the endpoint answers 200" {
  fake curl 'n=$(cat "${BATS_TEST_TMPDIR}/n" 2>/dev/null || echo 0); echo $((n + 1)) >"${BATS_TEST_TMPDIR}/n"; [ "$n" -ge 2 ] && printf 200 || printf 503'
  VALIDATE_TIMEOUT_SECONDS=10 run "${HOOKS}/validate_service.sh"
  [ "$status" -eq 0 ]
  [ "$output" = "[validate_service] http://127.0.0.1:${PORT_UNDER_TEST}/api/v1/health answered 200" ]
  [ "$(cat "${BATS_TEST_TMPDIR}/n")" = 3 ]
}
