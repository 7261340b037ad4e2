#!/usr/bin/env bash
# Coverage of the official endpoint list (data/official-endpoints.tsv) by the spec, per
# category: how many listed endpoints the spec has. Reads the spec's `http:` lines.
#
#   bash scripts/coverage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
grep -rhoE 'http: \{ method: (GET|POST), path: [^ }]+' spec/endpoints \
  | sed -E 's/http: \{ method: (GET|POST), path: /\1\t/' | sort -u > /tmp/wxapi-spec-routes.$$
trap 'rm -f /tmp/wxapi-spec-routes.$$' EXIT
awk -F'\t' -v routes=/tmp/wxapi-spec-routes.$$ '
  BEGIN { while ((getline line < routes) > 0) have[line] = 1 }
  /^#/ || NF < 4 { next }
  {
    if (!($4 in listed)) order[++n] = $4
    listed[$4]++
    if (($2 "\t" $3) in have) covered[$4]++
  }
  END {
    printf "| category | in the spec | listed |\n|---|---|---|\n"
    for (i = 1; i <= n; i++) {
      c = order[i]; total_l += listed[c]; total_c += covered[c]
      printf "| %s | %d | %d |\n", c, covered[c], listed[c]
    }
    printf "| **all** | **%d** | **%d** |\n", total_c, total_l
  }' data/official-endpoints.tsv
