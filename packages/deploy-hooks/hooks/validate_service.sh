#!/usr/bin/env bash
# Summary: ValidateService — polls the health endpoint on localhost until HTTP 200 or a timeout;
#          on failure prints the app's log lines of this deployment, then the cause, within the
#          ~2 KB that CodeDeploy keeps, and exits non-zero (CodeDeploy rolls back).
# Usage: validate_service.sh   (VALIDATE_TIMEOUT_SECONDS, default 90; VALIDATE_POLL_SECONDS, default 0.1)
set -euo pipefail
HOOK_NAME=validate_service
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

TIMEOUT_SECONDS=${VALIDATE_TIMEOUT_SECONDS:-90}
# A refused connection on localhost costs a few milliseconds: poll often, so the deployment goes
# on as soon as the app answers rather than up to half a second later.
POLL_SECONDS=${VALIDATE_POLL_SECONDS:-0.1}

main() {
  load_identity
  require_commands curl
  local url="http://127.0.0.1:${PORT}${HEALTH_CHECK_PATH}"
  local deadline=$((SECONDS + TIMEOUT_SECONDS))
  local status=000
  while ((SECONDS < deadline)); do
    status=$(curl --noproxy '*' -s -o /dev/null -m 2 -w '%{http_code}' "${url}" || true)
    if [[ "${status}" == 200 ]]; then
      log_info "${url} answered 200"
      return 0
    fi
    sleep "${POLL_SECONDS}"
  done
  print_recent_app_output
  fail "${url} did not answer 200 within ${TIMEOUT_SECONDS} s (last status: ${status})"
}

main "$@"
