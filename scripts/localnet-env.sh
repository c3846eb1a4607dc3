# Paths of the local node's build; sourced by the scripts that start one.
# The node (surfpool on LiteSVM) lives in its own workspace, e2e/, with its own lockfile and
# target directory: its build is long and stays out of the fast test path.
E2E_DIR="$ROOT/e2e"
E2E_TARGET_DIR="${E2E_TARGET_DIR:-$ROOT/e2e/target}"
LOCALNET_BIN="$E2E_TARGET_DIR/debug/fee-router-localnet"
FEE_ROUTER_BIN="$TARGET_DIR/debug/fee-router"

build_localnet() {
  cargo build --quiet --manifest-path "$E2E_DIR/Cargo.toml" --target-dir "$E2E_TARGET_DIR" \
    -p fee-router-localnet
}
