#!/usr/bin/env bash
# Starts a local Solana JSON-RPC node with fee-router deployed, on 127.0.0.1:8899 (as
# `solana-test-validator` or `anchor localnet` would), until Ctrl-C. Extra arguments go to
# fee-router-localnet (--rpc-port, --airdrop KEY, ...). Then: `fee-router -u l ...`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
source "$ROOT/scripts/localnet-env.sh"
"$ROOT/scripts/build-sbf.sh" >&2
build_localnet
exec "$LOCALNET_BIN" "$@"
