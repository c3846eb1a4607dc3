#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the SBF program, then runs the workspace's
# tests (pure math and property tests, the CLI's, and the in-process tests of the SBF build),
# then the end-to-end tests of the CLI against a local node (scripts/e2e.sh; set
# FEE_ROUTER_SKIP_E2E=1 to leave them out while iterating).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
"$ROOT/scripts/build-sbf.sh"
cd "$ROOT"
# The runtime logs every failed instruction at debug level; the tests check those failures.
export RUST_LOG="${RUST_LOG:-error}"
cargo test --workspace "$@"
if [ "${FEE_ROUTER_SKIP_E2E:-0}" != 1 ]; then
  "$ROOT/scripts/e2e.sh"
fi
