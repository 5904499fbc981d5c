#!/usr/bin/env bash
# Summary: BeforeInstall — installs Node.js 22, pnpm and PM2 on Amazon Linux 2023 when absent.
# Usage: install_dependencies.sh   (skips system installs elsewhere if the runtime is present)
set -euo pipefail
HOOK_NAME=install_dependencies
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

NODE_MAJOR=22
PNPM_VERSION=10.33.0
PM2_VERSION=7.0.4
OS_RELEASE=${OS_RELEASE_FILE:-/etc/os-release}

is_amazon_linux_2023() {
  [[ -r "${OS_RELEASE}" ]] && grep -qx 'ID="amzn"' "${OS_RELEASE}" && grep -qx 'VERSION_ID="2023"' "${OS_RELEASE}"
}

node_major() {
  command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null
}

# Prints the version of a global npm tool from its package.json, empty when it is not installed.
# (Running `pm2 --version` would start a PM2 daemon as root.)
tool_version() {
  local bin
  bin=$(command -v "$1" 2>/dev/null) || return 0
  node -p "require('$(dirname "$(readlink -f "${bin}")")/../package.json').version" 2>/dev/null || true
}

install_on_amazon_linux() {
  if [[ "$(node_major || true)" == "${NODE_MAJOR}" ]]; then
    log_info "node $(node --version) already installed"
  else
    log_info "installing nodejs${NODE_MAJOR} with dnf"
    dnf install -y "nodejs${NODE_MAJOR}" "nodejs${NODE_MAJOR}-npm"
    alternatives --set node "/usr/bin/node-${NODE_MAJOR}"
  fi
  local tool version wanted
  for tool in pnpm pm2; do
    wanted=$([[ ${tool} == pnpm ]] && echo "${PNPM_VERSION}" || echo "${PM2_VERSION}")
    version=$(tool_version "${tool}" || true)
    if [[ "${version}" == "${wanted}" ]]; then
      log_info "${tool} ${version} already installed"
    else
      log_info "installing ${tool}@${wanted} with npm (found: ${version:-none})"
      npm install -g --no-fund --no-audit "${tool}@${wanted}"
    fi
  done
}

# Outside Amazon Linux (a rehearsal), nothing is installed: the runtime must already be there.
check_present_runtime() {
  log_info "not Amazon Linux 2023: skipping system installs (dnf, npm -g)"
  require_commands node pm2
  local version major
  version=$(node --version)
  major=${version#v}
  major=${major%%.*}
  if [[ "${major}" != "${NODE_MAJOR}" ]]; then
    log_info "runtime present: node ${version} (production runs Node.js ${NODE_MAJOR})"
  else
    log_info "runtime present: node ${version}"
  fi
  log_info "runtime present: pm2 $(tool_version pm2)"
}

ensure_log_dir() {
  mkdir -p "${LOG_DIR}"
  if switches_user; then
    chown "${APP_USER}:${APP_USER}" "${LOG_DIR}"
  fi
}

main() {
  load_identity APP_NAME
  if is_amazon_linux_2023; then
    install_on_amazon_linux
  else
    check_present_runtime
  fi
  ensure_log_dir
}

main "$@"
