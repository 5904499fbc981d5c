# Shared set-up for the hook scripts' bats tests: a temporary instance root with an identity
bats_require_minimum_version 1.5.0
# file, and a bin folder of fakes placed first on a PATH that hides the machine's pm2.
HOOKS="${BATS_TEST_DIRNAME}/../../hooks"

make_root() {
  export COMPTASTAR_ROOT="${BATS_TEST_TMPDIR}/root"
  mkdir -p "${COMPTASTAR_ROOT}/etc/comptastar" "${COMPTASTAR_ROOT}/opt/comptastar/api/tools" \
    "${COMPTASTAR_ROOT}/var/log/comptastar/api" "${BATS_TEST_TMPDIR}/bin"
  cat >"${COMPTASTAR_ROOT}/etc/comptastar/identity.env" <<IDENTITY
ENVIRONMENT=dev
APP_NAME=api
PORT=${PORT_UNDER_TEST:-1}
HEALTH_CHECK_PATH=/api/v1/health
AWS_REGION=eu-west-3
SSM_PATH=/dev/api/
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
