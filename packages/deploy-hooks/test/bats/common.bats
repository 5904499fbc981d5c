#!/usr/bin/env bats
load helpers

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

@test "load_identity fails in hooks that no bundle wrote a layout.env for" {
  run --separate-stderr bash -c "source '${LIB}'; load_identity"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[deploy-hooks] ERROR: $(cd "$(dirname "${LIB}")" && pwd)/layout.env is missing: build the revision with \`deploy-hooks bundle\`" ]
}

@test "load_identity takes the identity file and its keys from layout.env, and the paths from the identity" {
  make_root
  # Another project's layout: nothing of it is written in the hooks.
  sed -i 's/comptastar/acme/g' "${HOOKS}/lib/layout.env"
  mkdir -p "${DEPLOY_HOOKS_ROOT}/etc/acme"
  sed 's/comptastar/acme/g' "${IDENTITY}" >"${DEPLOY_HOOKS_ROOT}/etc/acme/identity.env"
  run bash -c "source '${HOOKS}/lib/common.sh'; load_identity; printf '%s\n' \"\${IDENTITY_FILE}\" \"\${APP_DIR}\" \"\${LOG_DIR}\" \"\${PM2_HOME}\" \"\${APP_USER}\" \"\${SSM_PATH}\" \"\${PATH%%:*}\""
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "${DEPLOY_HOOKS_ROOT}/etc/acme/identity.env" ]
  [ "${lines[1]}" = "${DEPLOY_HOOKS_ROOT}/opt/acme/api" ]
  [ "${lines[2]}" = "${DEPLOY_HOOKS_ROOT}/var/log/acme/api" ]
  [ "${lines[3]}" = "${DEPLOY_HOOKS_ROOT}/home/acme/.pm2" ]
  [ "${lines[4]}" = "acme" ]
  [ "${lines[5]}" = "/dev/api/" ]
  [ "${lines[6]}" = "${DEPLOY_HOOKS_ROOT}/opt/acme/.runtime/bin" ]
}

@test "load_identity names every key the identity lacks or leaves empty" {
  make_root
  printf 'APP_NAME=api\nPORT=\nAPP_DIR=/opt/comptastar/api\n' >"${IDENTITY}"
  run --separate-stderr bash -c "source '${HOOKS}/lib/common.sh'; load_identity"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[deploy-hooks] ERROR: instance identity ${IDENTITY} lacks: PORT HEALTH_CHECK_PATH AWS_REGION SSM_PATH APP_USER APP_HOME LOG_DIR RUNTIME_DIR" ]
}

@test "load_identity refuses an instance the revision was not built for, naming each difference" {
  make_root
  # A revision of the web app, or of another project, deployed to the api's instances.
  sed -i 's/^APP_NAME=api$/APP_NAME=web/; s|^APP_DIR=.*|APP_DIR=/opt/comptastar/web|' "${HOOKS}/lib/layout.env"
  run --separate-stderr bash -c "source '${HOOKS}/lib/common.sh'; load_identity"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[deploy-hooks] ERROR: instance identity ${IDENTITY} is not the one this revision was built for: APP_NAME=api (the revision's: web) APP_DIR=/opt/comptastar/api (the revision's: /opt/comptastar/web)" ]
}
