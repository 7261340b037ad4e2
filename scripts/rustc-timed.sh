#!/usr/bin/env bash
# A RUSTC_WRAPPER for bench-check.sh: runs rustc as cargo asks, and for the crate named
# $TIME_CRATE appends "wall_s peak_KiB" of that one compiler process to $TIME_OUT. It
# separates the generated crate's own compile time from cargo's start-up and dependency
# checks, which every build pays once, whatever the crate holds.
rustc=$1
shift
case " $* " in
  *" --crate-name $TIME_CRATE "*) exec /usr/bin/time -f '%e %M' -a -o "$TIME_OUT" "$rustc" "$@" ;;
esac
exec "$rustc" "$@"
