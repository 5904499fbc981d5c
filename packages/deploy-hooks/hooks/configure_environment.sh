#!/usr/bin/env bash
# Summary: AfterInstall — writes the app's .env from SSM (the identity's SSM_PATH) and checks
#          every .env.example key has a value, before anything starts.
# Usage: configure_environment.sh   (reads the instance identity)
set -euo pipefail
HOOK_NAME=configure_environment
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Prints the keys an env file assigns, one a line (comments, blanks and `export ` ignored).
env_keys() {
  sed -nE 's/^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_.-]*)[[:space:]]*=.*/\2/p' "$1"
}

# Prints the keys an env file assigns a non-empty value to.
env_keys_with_value() {
  sed -nE "s/^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_.-]*)[[:space:]]*=[[:space:]]*([^[:space:]\"'#]|\"[^\"]|'[^']).*/\2/p" "$1"
}

main() {
  load_identity
  # env-manager.sh (param-tool) addresses an app's parameters as /<environment>/<app>/.
  [[ "${SSM_PATH}" =~ ^/([a-z][a-z0-9-]*)/([a-z][a-z0-9-]*)/$ ]] \
    || fail "SSM_PATH ${SSM_PATH} in ${IDENTITY_FILE} is not /<environment>/<app>/, the only path param-tool reads"
  local ssm_environment=${BASH_REMATCH[1]} ssm_app=${BASH_REMATCH[2]}
  local env_manager="${APP_DIR}/tools/env-manager.sh"
  local example="${APP_DIR}/.env.example"
  local target="${APP_DIR}/.env"
  [[ -f "${env_manager}" ]] || fail "env-manager.sh not found at ${env_manager}: the revision is incomplete"
  [[ -f "${example}" ]] || fail ".env.example not found at ${example}: the revision is incomplete"

  log_info "writing ${target} from SSM ${SSM_PATH}"
  if ! AWS_REGION="${AWS_REGION}" bash "${env_manager}" "${ssm_environment}" "${ssm_app}" "${target}"; then
    fail "could not read the parameters under ${SSM_PATH} (see the lines above)"
  fi
  [[ -f "${target}" ]] || fail "env-manager.sh did not write ${target}"

  local missing=() key
  local -A present=()
  while IFS= read -r key; do present["${key}"]=1; done < <(env_keys_with_value "${target}")
  while IFS= read -r key; do
    [[ -n "${present[${key}]:-}" ]] || missing+=("${key}")
  done < <(env_keys "${example}")
  if ((${#missing[@]} > 0)); then
    rm -f "${target}"
    fail "no value in SSM ${SSM_PATH} for: ${missing[*]} (create them with param-tool)"
  fi

  chmod 0600 "${target}"
  if switches_user; then
    chown "${APP_USER}:${APP_USER}" "${target}"
    # The agent's Install applies the appspec's owner only beneath the object (install_instruction.rb
    # `matches_pattern?`): the app folder it creates stays root's. This hook gives it to the app user.
    chown "${APP_USER}:${APP_USER}" "${APP_DIR}"
  fi
  log_info "${target} has a value for every key of .env.example"
}

main "$@"
