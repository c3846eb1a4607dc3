#!/usr/bin/env bash
# Installs what building and testing fee-router needs, and only what is missing:
# the host toolchain, the pinned SBF nightly with rust-src, sbpf-linker, and `patch`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-env.sh"

if ! command -v rustup >/dev/null; then
  echo "rustup is required (https://rustup.rs)" >&2
  exit 1
fi

# Output is captured before matching: `grep -q` closing a pipe early would SIGPIPE the
# producer, and pipefail would turn a match into a failure.
have_toolchain() {
  local list
  list="$(rustup toolchain list)"
  [[ $'\n'"$list" == *$'\n'"$1"* ]]
}

if ! have_toolchain "$HOST_TOOLCHAIN"; then
  rustup toolchain install "$HOST_TOOLCHAIN" --profile minimal -c rustfmt -c clippy
else
  rustup component add --toolchain "$HOST_TOOLCHAIN" rustfmt clippy >/dev/null 2>&1 || true
fi

if ! have_toolchain "$SBF_NIGHTLY" \
  || [ ! -d "$(rustc "+$SBF_NIGHTLY" --print sysroot)/lib/rustlib/src/rust/library" ]; then
  rustup toolchain install "$SBF_NIGHTLY" --profile minimal -c rust-src
fi

linker_version="$(sbpf-linker --version 2>/dev/null || true)"
if [[ "$linker_version" != *"sbpf-linker $SBPF_LINKER_VERSION"* ]]; then
  cargo "+$HOST_TOOLCHAIN" install sbpf-linker --version "$SBPF_LINKER_VERSION" --locked --force
fi

if ! command -v patch >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq patch
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq patch
  fi
fi
