#!/usr/bin/env bats

bats_require_minimum_version 1.5.0

setup() {
  LIB="${BATS_TEST_DIRNAME}/../../hooks/lib/common.sh"
}

@test "fail prints the hook name and reason to stderr and exits with the given code" {
  run --separate-stderr bash -c "HOOK_NAME=start_server; source '${LIB}'; fail 'port 3001 is busy' 3"
  [ "$status" -eq 3 ]
  [ "$stderr" = "[start_server] ERROR: port 3001 is busy" ]
  [ -z "$output" ]
}

@test "require_commands names every missing command" {
  run --separate-stderr bash -c "source '${LIB}'; require_commands bash no-such-cmd-1 no-such-cmd-2"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[deploy-hooks] ERROR: missing required command(s): no-such-cmd-1 no-such-cmd-2" ]
}

@test "require_commands succeeds when every command exists" {
  run bash -c "source '${LIB}'; require_commands bash cat"
  [ "$status" -eq 0 ]
}
