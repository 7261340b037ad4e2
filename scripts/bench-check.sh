#!/usr/bin/env bash
# How long `cargo check` of a generated crate takes, and its peak memory: the generated code's
# own cost, with the dependencies built beforehand and incremental compilation off. Two times:
# the whole `cargo check` (cargo_s: what a user waits for, including about 0.2 s of cargo's
# own start-up and dependency checks) and the compiler's run on the crate alone (rustc_s).
# Median of three runs. Not part of the tests: a measurement; run it on a quiet machine.
#
#   bash scripts/bench-check.sh            the checked-in crate (generated/, crate wxapi)
#   bash scripts/bench-check.sh groups [G...]  the checked-in crate: all groups, then each
#                                              group alone (or only the groups G)
#   bash scripts/bench-check.sh N [N...]   the synthetic API of N endpoints (synth_spec)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# check_crate DIR PACKAGE [CARGO ARGS...] -> prints "cargo_s rustc_s peak_MiB": the whole
# `cargo check`, and the compiler's run on PACKAGE alone (through rustc-timed.sh), median of
# three by the compiler's time.
check_crate() {
  local dir=$1 package=$2 target="$work/target"
  shift 2
  local crate=${package//-/_}
  export RUSTC_WRAPPER="$repo/scripts/rustc-timed.sh" TIME_CRATE="$crate" TIME_OUT="$work/rustc.txt"
  # Dependencies first, with the measured run's settings, or they would be rebuilt.
  ( cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo check -q -p "$package" "$@" >/dev/null 2>&1 ) || true
  for run in 1 2 3; do
    ( cd "$dir" && CARGO_TARGET_DIR="$target" cargo clean -q -p "$package" )
    rm -f "$work/rustc.txt"
    ( cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" \
        /usr/bin/time -f '%e' -o "$work/time.txt" cargo check -q -p "$package" "$@" >/dev/null 2>"$work/err.txt" ) \
      || { cat "$work/err.txt" >&2; return 1; }
    echo "$(cat "$work/rustc.txt") $(cat "$work/time.txt")"
  done | sort -n | sed -n 2p | awk '{ printf "%s %s %d\n", $3, $1, $2 / 1024 }'
}

row() { printf '%-22s %8s %8s %10s %10s\n' "$@"; }
row crate cargo_s rustc_s peak_MiB lines/ep
if [ $# -eq 0 ]; then
  read -r wall rustc mib < <(check_crate "$repo" wxapi)
  eps=$(find generated/src/api/endpoints -name '*.rs' ! -name mod.rs | wc -l)
  lines=$(find generated/src/api/endpoints -name '*.rs' ! -name mod.rs -exec cat {} + | wc -l)
  row "generated/ ($eps eps)" "$wall" "$rustc" "$mib" "$((lines / eps))"
  exit 0
fi

if [ "$1" = groups ]; then
  read -r all_wall all_rustc all_mib < <(check_crate "$repo" wxapi)
  row "all groups" "$all_wall" "$all_rustc" "$all_mib"
  largest=0 largest_rustc=0
  shift
  groups=("$@")
  if [ ${#groups[@]} -eq 0 ]; then
    mapfile -t groups < <(awk '/^# Endpoint groups, one feature each/ { on = 1; next }
                               /^# End of the endpoint groups/ { on = 0 }
                               on && /^[a-z0-9_]+ = \[\]$/ { print $1 }' generated/Cargo.toml)
  fi
  for group in "${groups[@]}"; do
    read -r wall rustc mib < <(check_crate "$repo" wxapi --no-default-features --features "$group")
    row "$group" "$wall" "$rustc" "$mib"
    largest=$(awk -v a="$largest" -v b="$wall" 'BEGIN { print (b > a ? b : a) }')
    largest_rustc=$(awk -v a="$largest_rustc" -v b="$rustc" 'BEGIN { print (b > a ? b : a) }')
  done
  awk -v l="$largest" -v a="$all_wall" -v lr="$largest_rustc" -v ar="$all_rustc" \
    'BEGIN { printf "largest group / all groups: cargo %.2f, rustc %.2f\n", l / a, lr / ar }'
  exit 0
fi

cargo build -q --release -p wxapi-codegen --bin wxapi-codegen --example synth_spec
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"
for n in "$@"; do
  dir="$work/synth-$n"
  "$bin/examples/synth_spec" "$n" "$dir" 2>/dev/null
  ( cd "$dir" && "$bin/wxapi-codegen" generate --out out >/dev/null 2>&1 )
  # The generated modules under a hand-written lib.rs, as in generated/.
  printf '[package]\nname = "synth-wxapi"\nversion = "0.1.0"\nedition = "2021"\n[dependencies]\nwxapi-runtime = { path = "%s/runtime" }\n[workspace]\n' "$repo" > "$dir/out/Cargo.toml"
  cp "$repo/Cargo.lock" "$dir/out/Cargo.lock"
  printf '#[rustfmt::skip]\nmod api;\npub use api::*;\n' > "$dir/out/src/lib.rs"
  read -r wall rustc mib < <(check_crate "$dir/out" synth-wxapi)
  lines=$(cat "$dir"/out/src/api/endpoints/*.rs | wc -l)
  row "synthetic $n" "$wall" "$rustc" "$mib" "$((lines / n))"
done
