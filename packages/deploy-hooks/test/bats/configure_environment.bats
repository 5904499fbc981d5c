#!/usr/bin/env bats
load helpers

setup() {
  make_root
  APP="${COMPTASTAR_ROOT}/opt/comptastar/api"
  printf 'PORT=3001\n# a comment\nJWT_SECRET=change-me\nexport DATABASE_URL=postgres://x\nEMPTY_OK=\n' >"${APP}/.env.example"
}

# env-manager.sh stand-in: writes its third argument with the given content (or fails).
env_manager() {
  printf '#!/usr/bin/env bash\n%s\n' "$1" >"${APP}/tools/env-manager.sh"
}

@test "fails naming the identity file when it is missing" {
  rm "${COMPTASTAR_ROOT}/etc/comptastar/identity.env"
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: instance identity ${COMPTASTAR_ROOT}/etc/comptastar/identity.env is missing or unreadable" ]
}

@test "fails naming every identity key it needs and lacks" {
  printf 'APP_NAME=api\n' >"${COMPTASTAR_ROOT}/etc/comptastar/identity.env"
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: instance identity ${COMPTASTAR_ROOT}/etc/comptastar/identity.env lacks: ENVIRONMENT AWS_REGION" ]
}

@test "fails when the revision has no env-manager.sh" {
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: env-manager.sh not found at ${APP}/tools/env-manager.sh: the revision is incomplete" ]
}

@test "fails naming the SSM path when env-manager.sh fails" {
  env_manager 'echo "AccessDeniedException on /dev/api/" >&2; exit 3'
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"AccessDeniedException on /dev/api/"* ]]
  [[ "$stderr" == *"[configure_environment] ERROR: could not read the parameters under /dev/api/ (see the lines above)" ]]
}

@test "passes environment, app and target to env-manager.sh with the identity's region" {
  env_manager 'printf "PORT=3001\nJWT_SECRET=\x27s3cr3t\x27\nDATABASE_URL=\"postgres://y\"\nEMPTY_OK=x\nARGS=%s_%s_%s\nREGION=%s\n" "$1" "$2" "$(basename "$3")" "$AWS_REGION" >"$3"'
  run "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 0 ]
  grep -qx 'ARGS=dev_api_.env' "${APP}/.env"
  grep -qx 'REGION=eu-west-3' "${APP}/.env"
  [ "$(stat -c %a "${APP}/.env")" = 600 ]
  [ "${lines[1]}" = "[configure_environment] ${APP}/.env has a value for every key of .env.example" ]
}

@test "fails naming every .env.example key without a value, and removes the .env" {
  env_manager 'printf "PORT=3001\nJWT_SECRET=\"\"\nOTHER=1\n" >"$3"'
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: no value in SSM /dev/api/ for: JWT_SECRET DATABASE_URL EMPTY_OK (create them with param-tool)" ]
  [ ! -e "${APP}/.env" ]
}
