#!/usr/bin/env bats
load helpers

setup() {
  make_root
  printf 'NAME="Debian GNU/Linux"\nID=debian\n' >"${BATS_TEST_TMPDIR}/os-release"
  export OS_RELEASE_FILE="${BATS_TEST_TMPDIR}/os-release"
}

@test "outside Amazon Linux, fails when the runtime is not present" {
  run --separate-stderr "${HOOKS}/install_dependencies.sh"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "[install_dependencies] not Amazon Linux 2023: skipping system installs (dnf, npm -g)" ]
  [ "$stderr" = "[install_dependencies] ERROR: missing required command(s): pm2" ]
}

@test "outside Amazon Linux, skips installs with a clear line when the runtime is present" {
  mkdir -p "${BATS_TEST_TMPDIR}/pm2pkg/bin"
  printf '{"version":"7.0.4"}' >"${BATS_TEST_TMPDIR}/pm2pkg/package.json"
  printf '#!/bin/sh\n' >"${BATS_TEST_TMPDIR}/pm2pkg/bin/pm2" && chmod +x "${BATS_TEST_TMPDIR}/pm2pkg/bin/pm2"
  ln -s "${BATS_TEST_TMPDIR}/pm2pkg/bin/pm2" "${BATS_TEST_TMPDIR}/bin/pm2"
  run "${HOOKS}/install_dependencies.sh"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "[install_dependencies] not Amazon Linux 2023: skipping system installs (dnf, npm -g)" ]
  [[ "${lines[1]}" == "[install_dependencies] runtime present: node v"* ]]
  [ "${lines[2]}" = "[install_dependencies] runtime present: pm2 7.0.4" ]
  [ -d "${COMPTASTAR_ROOT}/var/log/comptastar/api" ]
}

@test "on Amazon Linux 2023, installs Node.js 22, pnpm and PM2 that are missing or at another version" {
  printf 'NAME="Amazon Linux"\nID="amzn"\nVERSION_ID="2023"\n' >"${OS_RELEASE_FILE}"
  for cmd in dnf alternatives npm; do fake "${cmd}" "echo ${cmd} \"\$*\" >>\"\${BATS_TEST_TMPDIR}/calls\""; done
  fake node 'if [ "$1" = -p ]; then echo 20; else echo v20.0.0; fi'
  run "${HOOKS}/install_dependencies.sh"
  [ "$status" -eq 0 ]
  [ "$(cat "${BATS_TEST_TMPDIR}/calls")" = "dnf install -y nodejs22 nodejs22-npm
alternatives --set node /usr/bin/node-22
npm install -g --no-fund --no-audit pnpm@10.33.0
npm install -g --no-fund --no-audit pm2@7.0.4" ]
}
