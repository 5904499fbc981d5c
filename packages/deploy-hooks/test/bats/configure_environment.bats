#!/usr/bin/env bats
load helpers

setup() {
  make_root
  printf 'PORT=3001\n# a comment\nJWT_SECRET=change-me\nexport DATABASE_URL=postgres://x\nEMPTY_OK=\n' >"${APP}/.env.example"
}

# env-manager.sh stand-in: writes its third argument with the given content (or fails).
env_manager() {
  printf '#!/usr/bin/env bash\n%s\n' "$1" >"${APP}/tools/env-manager.sh"
}

@test "fails naming the identity file when it is missing" {
  rm "${IDENTITY}"
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: instance identity ${IDENTITY} is missing or unreadable" ]
}

@test "fails naming every identity key it lacks" {
  printf 'APP_NAME=api\nPORT=3001\nHEALTH_CHECK_PATH=/h\nSSM_PATH=/dev/api/\nAPP_USER=comptastar\nAPP_HOME=/home/comptastar\nAPP_DIR=/opt/comptastar/api\nLOG_DIR=/var/log/comptastar/api\n' >"${IDENTITY}"
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: instance identity ${IDENTITY} lacks: AWS_REGION RUNTIME_DIR" ]
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

@test "reads the identity's SSM_PATH as given, with the identity's region, into the app's .env" {
  sed -i 's|^SSM_PATH=.*|SSM_PATH=/prod/billing-api/|' "${IDENTITY}"
  env_manager 'printf "PORT=3001\nJWT_SECRET=\x27s3cr3t\x27\nDATABASE_URL=\"postgres://y\"\nEMPTY_OK=x\nARGS=%s_%s_%s\nREGION=%s\n" "$1" "$2" "$(basename "$3")" "$AWS_REGION" >"$3"'
  run "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "[configure_environment] writing ${APP}/.env from SSM /prod/billing-api/" ]
  grep -qx 'ARGS=prod_billing-api_.env' "${APP}/.env"
  grep -qx 'REGION=eu-west-3' "${APP}/.env"
  [ "$(stat -c %a "${APP}/.env")" = 600 ]
  [ "${lines[1]}" = "[configure_environment] ${APP}/.env has a value for every key of .env.example" ]
}

@test "fails when SSM_PATH is not the /<environment>/<app>/ that param-tool reads" {
  sed -i 's|^SSM_PATH=.*|SSM_PATH=/acme/prod/api/|' "${IDENTITY}"
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: SSM_PATH /acme/prod/api/ in ${IDENTITY} is not /<environment>/<app>/, the only path param-tool reads" ]
}

@test "fails naming every .env.example key without a value, and removes the .env" {
  env_manager 'printf "PORT=3001\nJWT_SECRET=\"\"\nOTHER=1\n" >"$3"'
  run --separate-stderr "${HOOKS}/configure_environment.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[configure_environment] ERROR: no value in SSM /dev/api/ for: JWT_SECRET DATABASE_URL EMPTY_OK (create them with param-tool)" ]
  [ ! -e "${APP}/.env" ]
}
