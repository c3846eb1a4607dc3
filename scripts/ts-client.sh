#!/usr/bin/env bash
# The TypeScript client (clients/ts): installs its pinned packages (`npm ci`), checks that the
# code generated from idl/fee_router.json is current and type-checks, then runs its tests
# (node's test runner) against a local node: the client driving a router, the CLI's
# `cancel-unstake`, and `--unsigned --format squads|realms` read by @sqds/multisig and
# @solana/spl-governance. Needs Node.js >= 20.18 with npm, and what scripts/e2e.sh builds
# (the program, the `fee-router` binary, `fee-router-localnet`); each path may be named in
# FEE_ROUTER_PROGRAM, FEE_ROUTER_BIN, FEE_ROUTER_LOCALNET_BIN.
set -euo pipefail
named_bin="${FEE_ROUTER_BIN:-}"
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
source "$ROOT/scripts/localnet-env.sh"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is required for the TypeScript client (Node.js >= 20.18 with npm)" >&2
    exit 1
  fi
done
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 18) ? 0 : 1)'; then
  echo "Node.js >= 20.18 is required for the TypeScript client; this is $(node --version)" >&2
  exit 1
fi

export FEE_ROUTER_PROGRAM="${FEE_ROUTER_PROGRAM:-$DEPLOY_DIR/fee_router.so}"
export FEE_ROUTER_BIN="${named_bin:-$FEE_ROUTER_BIN}"
export FEE_ROUTER_LOCALNET_BIN="${FEE_ROUTER_LOCALNET_BIN:-$LOCALNET_BIN}"

cd "$ROOT/clients/ts"
# Exactly the lockfile's versions; no audit or funding notices in the log.
npm ci --no-audit --no-fund
npm run --silent check
npm run --silent typecheck
npm test
