#!/usr/bin/env bash
# The end-to-end tests: the fee-router binary against a real local JSON-RPC node (surfpool,
# offline, on LiteSVM) serving the built program. Builds the program, the CLI and the node
# (the node's first build is long: see the README), then runs e2e/'s tests, the CLI's bad-input
# run on the node, and the TypeScript client's tests (scripts/ts-client.sh: needs node and npm).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
source "$ROOT/scripts/localnet-env.sh"
"$ROOT/scripts/build-sbf.sh"
cd "$ROOT"
cargo build --quiet -p fee-router-cli
export FEE_ROUTER_BIN
cargo test --manifest-path "$E2E_DIR/Cargo.toml" --target-dir "$E2E_TARGET_DIR" "$@"
# The CLI's bad-input run against the node: every `--router` given what is not a router.
FEE_ROUTER_LOCALNET_BIN="$LOCALNET_BIN" cargo test --quiet -p fee-router-cli --test bad_input \
  -- every_subcommand_refuses_a_wrong_router_on_a_real_node
# The TypeScript client against the node: generated code current, its tests (scripts/ts-client.sh).
FEE_ROUTER_LOCALNET_BIN="$LOCALNET_BIN" "$ROOT/scripts/ts-client.sh"
