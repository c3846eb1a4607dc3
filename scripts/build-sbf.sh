#!/usr/bin/env bash
# Builds programs/fee_router and programs/example_exchange to SBF (SBPF v3) and writes
# target/deploy/fee_router.so and target/deploy/example_exchange.so.
#
# The route: the pinned nightly builds std for a custom `os = "solana"` BPF target
# (sbf/bpfel-solana.json) with -Zbuild-std, from a copy of rust-src's library/ with
# sbf/std-solana.patch applied (upstream std has no arm for os = "solana"); sbpf-linker
# links the bitcode into an SBPF v3 shared object.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"
"$ROOT/scripts/install-toolchain.sh"

SYSROOT="$(rustc "+$SBF_NIGHTLY" --print sysroot)"
PATCH_ID="$(cat "$STD_PATCH" "$SBF_TARGET_SPEC" | sha256sum | cut -c1-12)"
# The patched std lives at one fixed path on every machine, outside the checkout: cargo hashes
# std's source path into every crate's metadata, so a copy under the checkout gave each clone
# its own symbol hashes, its own code layout and compute-unit figures a few tens apart.
STD_SRC="$SBF_STD_CACHE/$SBF_NIGHTLY-$PATCH_ID"
SBF_TARGET_DIR="$TARGET_DIR/sbf/$PATCH_ID"

# Cargo does not notice edits to std's sources, so each patch gets its own copy and target dir.
# The copy is made aside and moved into place, so two checkouts building at once never see half.
if [ ! -f "$STD_SRC/.patched" ]; then
  mkdir -p "$SBF_STD_CACHE"
  STAGING="$(mktemp -d "$SBF_STD_CACHE/.staging.XXXXXX")"
  cp -r "$SYSROOT/lib/rustlib/src/rust/library" "$STAGING/"
  (cd "$STAGING" && patch -s -p1 < "$STD_PATCH")
  touch "$STAGING/.patched"
  rm -rf "$STD_SRC"
  mv "$STAGING" "$STD_SRC" 2>/dev/null || rm -rf "$STAGING"
fi

export LD_LIBRARY_PATH="$SYSROOT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1
export __CARGO_TESTS_ONLY_SRC_ROOT="$STD_SRC/library"
export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Crelocation-model=static \
-Clink-arg=--llvm-args=-bpf-stack-size=4096 -Clink-arg=--arch=v3 -Clink-arg=--export=__multi3 \
-Cpasses=lower-atomic -Ctarget-feature=+allows-misaligned-mem-access"

cd "$ROOT"
# One cargo call per program: built together, cargo would unify the example's `cpi` feature
# of fee_router into the router's own build and leave it without an entrypoint. The linker
# also drops each cdylib it links, dependencies included, into target/deploy, so the copies
# from the root packages' outputs come last.
mkdir -p "$DEPLOY_DIR"
PROGRAMS=(example_exchange fee_router)
for program in "${PROGRAMS[@]}"; do
  cargo "+$SBF_NIGHTLY" build --release -p "$program" \
    --target "$SBF_TARGET_SPEC" -Zbuild-std=std,panic_abort -Zjson-target-spec \
    --target-dir "$SBF_TARGET_DIR"
done
for program in "${PROGRAMS[@]}"; do
  cp "$SBF_TARGET_DIR/bpfel-solana/release/lib$program.so" "$DEPLOY_DIR/$program.so"
  echo "built $DEPLOY_DIR/$program.so ($(stat -c %s "$DEPLOY_DIR/$program.so") bytes)"
done
