#!/usr/bin/env bash
# Sets everything up and runs the main job: builds the program to SBF, then projects the
# seed's $10M month through each stage's split with the program's own math.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
"$ROOT/scripts/build-sbf.sh"
cd "$ROOT"
cargo run --quiet -p fee-router-cli -- simulate --monthly-fees 10000000 "$@"
