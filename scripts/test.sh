#!/usr/bin/env bash
# Runs every test project and prints a final "N passed, N failed" line from the TRX results (skipped tests are
# reported on the line before it, with their reasons). Installs what a fresh machine lacks first (scripts/deps.sh).
# Tests that need the full GSM8K / MATH suites (../shared/suites or $MARIO_SUITES_DIR) skip with a reason where a
# clone has none; MARIO_REQUIRE_SUITE_DATA=1 (CI) makes them run, and fail, instead.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh || { echo "0 passed, 1 failed"; exit 1; }
results=TestResults
rm -rf "$results"
dotnet build Mario.sln -c Release --verbosity quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Mario.sln -c Release --no-build --logger "trx" --results-directory "$results" --verbosity quiet -nologo
status=$?
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  # Each skipped test's reason, once per distinct reason, so a skip is never silent.
  grep -ho '<Message>[^<]*</Message>' $(grep -l 'outcome="NotExecuted"' "$results"/*.trx 2>/dev/null) 2>/dev/null \
    | sed 's/<[^>]*>//g' | sort | uniq -c | sed 's/^ */skipped: /' | head -20
fi
echo "$skipped skipped"
echo "$passed passed, $failed failed"
exit "$status"
