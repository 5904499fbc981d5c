#!/usr/bin/env bash
# Summary: TEST DOUBLE of packages/param-tool's env-manager.sh (same contract).
# Usage: env-manager.sh <environment> <app> [output-file]
set -euo pipefail
tool=${PARAM_TOOL:-"$(dirname "${BASH_SOURCE[0]}")/param-tool.cjs"}
node "${tool}" pull -e "$1" -a "$2" -o "${3:-.env}"
