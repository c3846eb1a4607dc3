# Pinned versions and paths of the SBF build route; sourced by the other scripts.
# Why this route exists: Solana's platform-tools (what `anchor build` downloads) cannot be
# fetched on the machines this project is built on. A team with Solana's toolchain uses
# `anchor build` instead; both produce target/deploy/fee_router.so.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SBF_NIGHTLY="nightly-2026-08-21"        # rustc 1.100.0 with LLVM 23, which sbpf-linker 0.2.x needs
HOST_TOOLCHAIN="1.99.0"                 # solana-program-test 4.4 needs rustc >= 1.98.1
SBPF_LINKER_VERSION="0.2.6"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DEPLOY_DIR="$ROOT/target/deploy"
SBF_TARGET_SPEC="$ROOT/sbf/bpfel-solana.json"
STD_PATCH="$ROOT/sbf/std-solana.patch"
# Where build-sbf.sh keeps its patched copy of std: a fixed absolute path (see build-sbf.sh).
SBF_STD_CACHE="/var/tmp/fee-router-sbf-std"
export PATH="$HOME/.cargo/bin:$PATH"
