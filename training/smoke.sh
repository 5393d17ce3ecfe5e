#!/usr/bin/env bash
# The recipe's smoke test, end to end on CPU in minutes: round 0 with a tiny model (PRESET=smoke), the export
# reloaded by the plain-PyTorch reader with its logits compared (printed in summary.json), then one eval problem
# greedy-decoded with its code steps run, to show the step format emerging.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=smoke bash training/round0.sh
/usr/bin/python3 training/decode_demo.py --model "${OUT:-training/out}/smoke/round0/hf" \
  --suite eval-suites/data/synth-arith.jsonl --start "${PROBLEM:-0}" --count 1
