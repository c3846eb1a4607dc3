#!/usr/bin/env bash
# The main job: sets up and builds everything, starts a local Solana node with fee-router
# deployed, creates mints and a router for each life-cycle stage, routes the seed's $10M month
# of fees through each, and prints `fee-router show` for each router (with the discount tiers
# and the insurance fund of the Early one), then
# `fee-router simulate`'s projection: the same numbers, from the chain and from the math; then
# 24 months projected with bands, and the chart it writes (target/projection.svg).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
source "$ROOT/scripts/localnet-env.sh"
"$ROOT/scripts/build-sbf.sh" >/dev/null
cd "$ROOT"
echo "building the fee-router CLI and the local node (the node's first build takes a while)..." >&2
cargo build --quiet -p fee-router-cli
build_localnet

WORK="$(mktemp -d)"
PORT="${FEE_ROUTER_DEMO_PORT:-18899}"
KEY="$WORK/id.json"
PUB="$("$LOCALNET_BIN" keygen --outfile "$KEY")"
"$LOCALNET_BIN" --rpc-port "$PORT" --ws-port "$((PORT + 1))" --slot-time-ms 100 \
  --airdrop "$PUB" >"$WORK/node.log" 2>&1 &
NODE=$!
cleanup() {
  kill -TERM "$NODE" 2>/dev/null || true
  wait "$NODE" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 900); do
  grep -q '^ready ' "$WORK/node.log" 2>/dev/null && break
  kill -0 "$NODE" 2>/dev/null || { cat "$WORK/node.log" >&2; exit 1; }
  sleep 0.1
done
grep -q '^ready ' "$WORK/node.log" || { echo "the local node did not start" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"
echo "local node at $URL with fee-router deployed" >&2

fr() { "$FEE_ROUTER_BIN" --url "$URL" --keypair "$KEY" --commitment confirmed "$@"; }

echo
echo "== the loop on the local node: traders trade on two markets of the example exchange, the"
echo "   keeper's crank sweeps, distributes and buys the auction's lot (burned), stakers claim and"
echo "   vote; one line a week, read from the chain (fee-router-localnet exchange-loop) =="
"$LOCALNET_BIN" exchange-loop --url "$URL" --keypair "$KEY" --fee-router "$FEE_ROUTER_BIN" \
  --weeks 6 --svg "$ROOT/target/projection.svg"
echo
echo "== the seed's table: \$10,000,000 of fees in a month in each stage (fee-router simulate --monthly-fees 10000000) =="
"$FEE_ROUTER_BIN" simulate --monthly-fees 10000000
