#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the SBF program, then runs the workspace's
# tests (pure math and property tests, the CLI's, and the in-process tests of the SBF build).
# Compute-unit figures are printed by the tests; `--nocapture` shows them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
"$ROOT/scripts/build-sbf.sh"
cd "$ROOT"
# The runtime logs every failed instruction at debug level; the tests check those failures.
export RUST_LOG="${RUST_LOG:-error}"
cargo test --workspace "$@"
