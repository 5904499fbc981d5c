# Shared set-up for the hook scripts' bats tests: a revision (the hooks with the lib/layout.env
# that `deploy-hooks bundle` writes, here for ComptaStar's api), a temporary instance root with
# its identity file, and a bin folder of fakes placed first on a PATH that hides the machine's pm2.
bats_require_minimum_version 1.5.0

make_root() {
  REV="${BATS_TEST_TMPDIR}/rev"
  HOOKS="${REV}/hooks"
  mkdir -p "${REV}/tools"
  cp -R "${BATS_TEST_DIRNAME}/../../hooks" "${HOOKS}"
  cat >"${HOOKS}/lib/layout.env" <<'LAYOUT'
# as deploy-hooks bundle writes it
IDENTITY_FILE=/etc/comptastar/identity.env
IDENTITY_KEYS=APP_NAME PORT HEALTH_CHECK_PATH AWS_REGION SSM_PATH APP_USER APP_HOME APP_DIR LOG_DIR RUNTIME_DIR
APP_NAME=api
APP_USER=comptastar
APP_HOME=/home/comptastar
APP_DIR=/opt/comptastar/api
LOG_DIR=/var/log/comptastar/api
RUNTIME_DIR=/opt/comptastar/.runtime
LAYOUT
  export DEPLOY_HOOKS_ROOT="${BATS_TEST_TMPDIR}/root"
  IDENTITY="${DEPLOY_HOOKS_ROOT}/etc/comptastar/identity.env"
  APP="${DEPLOY_HOOKS_ROOT}/opt/comptastar/api"
  LOGS="${DEPLOY_HOOKS_ROOT}/var/log/comptastar/api"
  mkdir -p "$(dirname "${IDENTITY}")" "${APP}/tools" "${LOGS}" "${BATS_TEST_TMPDIR}/bin"
  cat >"${IDENTITY}" <<IDENTITY
APP_NAME=api
PORT=${PORT_UNDER_TEST:-1}
HEALTH_CHECK_PATH=/api/v1/health
AWS_REGION=eu-west-3
SSM_PATH=/dev/api/
APP_USER=comptastar
APP_HOME=/home/comptastar
APP_DIR=/opt/comptastar/api
LOG_DIR=/var/log/comptastar/api
RUNTIME_DIR=/opt/comptastar/.runtime
IDENTITY
  ln -s "$(command -v node)" "${BATS_TEST_TMPDIR}/bin/node"
  export PATH="${BATS_TEST_TMPDIR}/bin:/usr/bin:/bin"
}

# Writes an executable fake command into the test's bin folder.
fake() {
  local name=$1 body=$2
  rm -f "${BATS_TEST_TMPDIR}/bin/${name}" # never write through a link to the real command
  printf '#!/usr/bin/env bash\n%s\n' "${body}" >"${BATS_TEST_TMPDIR}/bin/${name}"
  chmod +x "${BATS_TEST_TMPDIR}/bin/${name}"
}
