#!/usr/bin/env bash
# What wxapi-codegen costs a crate as its build dependency, next to prost-build (the crate a
# Rust user compares it with): each consumer is a crate with a three-line build.rs, built
# from clean (its own empty target folder, dependencies from the local registry cache) with
# `cargo build`. Prints the median wall time of three clean builds and the number of crates
# compiled. Not part of the tests: a measurement; run it on a quiet machine.
# Usage: bash scripts/bench-build-dependency.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
runs="${1:-3}"
prost_version="0.14"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# consumer NAME BUILD_DEPENDENCY_LINE BUILD_RS
consumer() {
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false

[build-dependencies]
$2

[workspace]
TOML
  printf '%s\n' "$3" > "$work/$1/build.rs"
  echo '// The generated code is not compiled: only the build dependency is measured.' > "$work/$1/src/lib.rs"
}

# wxapi-codegen generates the consumer spec of tests/consumer (three endpoints, a service).
consumer with-wxapi-codegen \
  "wxapi-codegen = { path = \"$root/generator\", default-features = false }" \
  'fn main() -> Result<(), Box<dyn std::error::Error>> {
    wxapi_codegen::compile("spec")?;
    Ok(())
}'
cp -r "$root/tests/consumer/spec" "$work/with-wxapi-codegen/"

# prost-build needs `protoc` to compile a .proto; where it is missing, the build script only
# configures prost-build, which still compiles every crate it depends on.
if command -v protoc >/dev/null 2>&1; then
  prost_main='fn main() -> std::io::Result<()> {
    prost_build::compile_protos(&["msg.proto"], &["."])
}'
  prost_note="compiles one .proto"
else
  prost_main='fn main() {
    let _ = prost_build::Config::new();
}'
  prost_note="no protoc: configures only"
fi
consumer with-prost-build "prost-build = \"$prost_version\"" "$prost_main"
printf 'syntax = "proto3";\npackage demo;\nmessage Msg { string content = 1; int32 scene = 2; }\n' \
  > "$work/with-prost-build/msg.proto"

# Resolve and download first, so the timed builds only compile.
for name in with-wxapi-codegen with-prost-build; do
  cargo fetch --quiet --manifest-path "$work/$name/Cargo.toml"
done

printf '%-20s %10s %8s  %s\n' consumer wall_s crates note
for name in with-wxapi-codegen with-prost-build; do
  for run in $(seq "$runs"); do
    rm -rf "$work/target"
    start=$(date +%s%N)
    CARGO_TARGET_DIR="$work/target" cargo build --manifest-path "$work/$name/Cargo.toml" \
      --color never 2> "$work/$name.log"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done | sort -n | sed -n "$(( (runs + 1) / 2 ))p" > "$work/$name.median"
  # Every crate compiled, the consumer itself excluded.
  crates=$(grep -c '^ *Compiling ' "$work/$name.log")
  note=$([ "$name" = with-prost-build ] && echo "prost-build $prost_version, $prost_note" || echo "default-features = false")
  wall=$(awk '{ printf "%.1f", $1 / 1000 }' "$work/$name.median")
  printf '%-20s %10s %8d  %s\n' "$name" "$wall" "$((crates - 1))" "$note"
done
