#!/usr/bin/env bash
# Summary: BeforeInstall — installs Node.js 22 on Amazon Linux 2023 when absent, and unpacks the
#          PM2 the revision ships (tools/pm2-<version>.tgz): nothing comes from the npm registry.
# Usage: install_dependencies.sh   (elsewhere, a rehearsal, Node.js must already be present)
set -euo pipefail
HOOK_NAME=install_dependencies
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

NODE_MAJOR=22
OS_RELEASE=${OS_RELEASE_FILE:-/etc/os-release}
# The revision's tools/ folder: BeforeInstall runs from the unpacked revision, before Install.
REVISION_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tools"

is_amazon_linux_2023() {
  [[ -r "${OS_RELEASE}" ]] && grep -qx 'ID="amzn"' "${OS_RELEASE}" && grep -qx 'VERSION_ID="2023"' "${OS_RELEASE}"
}

node_major() {
  command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null
}

# Node.js from Amazon Linux's own repository (nodejs22: binary node-22, `node` an alternatives link).
install_node_on_amazon_linux() {
  if [[ "$(node_major || true)" == "${NODE_MAJOR}" ]]; then
    log_info "node $(node --version) already installed"
  else
    log_info "installing nodejs${NODE_MAJOR} with dnf"
    dnf install -y "nodejs${NODE_MAJOR}"
    alternatives --set node "/usr/bin/node-${NODE_MAJOR}"
  fi
}

# Outside Amazon Linux (a rehearsal), nothing is installed: Node.js must already be there.
check_present_node() {
  log_info "not Amazon Linux 2023: skipping the Node.js install (dnf)"
  require_commands node
  local version major
  version=$(node --version)
  major=${version#v}
  major=${major%%.*}
  if [[ "${major}" != "${NODE_MAJOR}" ]]; then
    log_info "runtime present: node ${version} (production runs Node.js ${NODE_MAJOR})"
  else
    log_info "runtime present: node ${version}"
  fi
}

# Unpacks the revision's PM2 once per version under RUNTIME_DIR and points bin/pm2 at it.
install_pm2() {
  local tarball version target staging
  tarball=$(find "${REVISION_TOOLS}" -maxdepth 1 -name 'pm2-*.tgz' 2>/dev/null | head -n 1)
  [[ -n "${tarball}" ]] || fail "no tools/pm2-<version>.tgz in the revision (${REVISION_TOOLS}): bundle it with this kit's deploy-hooks"
  version=$(basename "${tarball}" .tgz)
  version=${version#pm2-}
  target="${RUNTIME_DIR}/pm2-${version}"
  if [[ -f "${target}/node_modules/pm2/package.json" ]]; then
    log_info "pm2 ${version} already unpacked in ${target}"
  else
    mkdir -p "${RUNTIME_DIR}"
    chmod 0755 "${RUNTIME_DIR}"
    staging=$(mktemp -d "${RUNTIME_DIR}/.unpack-XXXXXX")
    if ! tar -xzf "${tarball}" -C "${staging}" --no-same-owner; then
      rm -rf "${staging}"
      fail "could not unpack ${tarball} into ${RUNTIME_DIR} (disk full?)"
    fi
    chmod 0755 "${staging}"
    rm -rf "${target}"
    mv "${staging}" "${target}"
    log_info "pm2 ${version} unpacked from the revision into ${target}"
  fi
  mkdir -p "${RUNTIME_DIR}/bin"
  ln -sfn "../pm2-${version}/node_modules/pm2/bin/pm2" "${RUNTIME_DIR}/bin/pm2"
}

ensure_log_dir() {
  mkdir -p "${LOG_DIR}"
  if switches_user; then
    chown "${APP_USER}:${APP_USER}" "${LOG_DIR}"
  fi
}

main() {
  load_identity
  if is_amazon_linux_2023; then
    install_node_on_amazon_linux
  else
    check_present_node
  fi
  install_pm2
  ensure_log_dir
}

main "$@"
