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
tool() { "$LOCALNET_BIN" "$1" --url "$URL" --keypair "$KEY" "${@:2}"; }

# A dollar mint (0 decimals: a base unit is a dollar, so the figures read as the seed's) and
# the protocol token (9 decimals: one protocol token staked per router).
PROTOCOL="$(tool mint --decimals 9)"
tool fund --mint "$PROTOCOL" --owner "$PUB" --amount 3000000000 >/dev/null
for stage in early growth mature; do
  USD="$(tool mint --decimals 0)"
  tool fund --mint "$USD" --owner "$PUB" --amount 10000000 >/dev/null
  ROUTER="$(fr init --fee-mint "$USD" --protocol-mint "$PROTOCOL" | sed -n 's/^Router: //p')"
  fr set-stage --router "$ROUTER" "$stage" >/dev/null
  fr stake --router "$ROUTER" --amount 1 >/dev/null
  fr deposit --router "$ROUTER" --amount 10000000 >/dev/null
  fr distribute --router "$ROUTER" >/dev/null
  echo
  echo "== $stage: \$10,000,000 of fees routed on chain (fee-router show) =="
  fr show --router "$ROUTER"
  if [ "$stage" = early ]; then
    echo
    echo "== early: what the discount vault pays traders (fee-router tiers) =="
    fr tiers --router "$ROUTER"
    echo
    echo "== early: what the insurance fund may pay the exchange (fee-router insurance) =="
    fr insurance --router "$ROUTER"
  fi
done
echo
echo "== the same month projected offline (fee-router simulate --monthly-fees 10000000) =="
"$FEE_ROUTER_BIN" simulate --monthly-fees 10000000
echo
echo "== the next 24 months from \$10,000,000 growing 5% a month, the stage moving by gates of"
echo "   \$12M (Growth) and \$18M (Mature), over 200 fee paths (fee-router simulate --months 24) =="
"$FEE_ROUTER_BIN" simulate --months 24 --start "$(date -u +%Y-%m-01)" \
  --monthly-fees 10000000 --growth-bps-per-month 500 \
  --gate-growth 12000000 --gate-mature 18000000 \
  --runs 200 --volatility 0.2 --seed 7 --svg "$ROOT/target/projection.svg"
