#!/usr/bin/env bats
load helpers

setup() {
  make_root
  printf 'NAME="Debian GNU/Linux"\nID=debian\n' >"${BATS_TEST_TMPDIR}/os-release"
  export OS_RELEASE_FILE="${BATS_TEST_TMPDIR}/os-release"
  # The revision's tools/ holds a (small) PM2 tarball.
  mkdir -p "${BATS_TEST_TMPDIR}/pm2/node_modules/pm2/bin"
  printf '{"name":"pm2","version":"7.0.4"}' >"${BATS_TEST_TMPDIR}/pm2/node_modules/pm2/package.json"
  printf '#!/bin/sh\necho "pm2 from the revision $*"\n' >"${BATS_TEST_TMPDIR}/pm2/node_modules/pm2/bin/pm2"
  chmod +x "${BATS_TEST_TMPDIR}/pm2/node_modules/pm2/bin/pm2"
  tar -czf "${REV}/tools/pm2-7.0.4.tgz" -C "${BATS_TEST_TMPDIR}/pm2" node_modules
  # The npm registry is never used: a fake npm that records any call.
  fake npm 'echo "npm $*" >>"${BATS_TEST_TMPDIR}/npm-calls"; exit 1'
}

@test "unpacks the revision's PM2 once per version and puts it on the hooks' PATH, without npm" {
  run "${REV}/hooks/install_dependencies.sh"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "[install_dependencies] not Amazon Linux 2023: skipping the Node.js install (dnf)" ]
  local runtime="${DEPLOY_HOOKS_ROOT}/opt/comptastar/.runtime"
  [[ "${lines[1]}" == "[install_dependencies] runtime present: node v"* ]]
  [ "${lines[2]}" = "[install_dependencies] pm2 7.0.4 unpacked from the revision into ${runtime}/pm2-7.0.4" ]
  [ "$("${runtime}/bin/pm2" --version)" = "pm2 from the revision --version" ]
  [ -d "${LOGS}" ]
  # The hooks find that pm2 first.
  [ "$(bash -c "source '${REV}/hooks/lib/common.sh'; load_identity; command -v pm2")" = "${runtime}/bin/pm2" ]
  run "${REV}/hooks/install_dependencies.sh"
  [ "${lines[2]}" = "[install_dependencies] pm2 7.0.4 already unpacked in ${runtime}/pm2-7.0.4" ]
  [ ! -e "${BATS_TEST_TMPDIR}/npm-calls" ]
}

@test "fails naming the missing tarball when the revision ships no PM2" {
  rm "${REV}/tools/pm2-7.0.4.tgz"
  run --separate-stderr "${REV}/hooks/install_dependencies.sh"
  [ "$status" -eq 1 ]
  [ "$stderr" = "[install_dependencies] ERROR: no tools/pm2-<version>.tgz in the revision (${REV}/tools): bundle it with this kit's deploy-hooks" ]
}

@test "on Amazon Linux 2023, installs Node.js 22 with dnf when missing or at another version, and never npm" {
  printf 'NAME="Amazon Linux"\nID="amzn"\nVERSION_ID="2023"\n' >"${OS_RELEASE_FILE}"
  for cmd in dnf alternatives; do fake "${cmd}" "echo ${cmd} \"\$*\" >>\"\${BATS_TEST_TMPDIR}/calls\""; done
  fake node 'if [ "$1" = -p ]; then echo 20; else echo v20.0.0; fi'
  run "${REV}/hooks/install_dependencies.sh"
  [ "$status" -eq 0 ]
  [ "$(cat "${BATS_TEST_TMPDIR}/calls")" = "dnf install -y nodejs22
alternatives --set node /usr/bin/node-22" ]
  [ ! -e "${BATS_TEST_TMPDIR}/npm-calls" ]
}
