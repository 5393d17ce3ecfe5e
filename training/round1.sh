#!/usr/bin/env bash
# Round 1 of mario's recipe: policy + value training on AlphaMath Q-value paths, starting from round 0's export.
#   PATHS=training/out/round1/paths.jsonl bash training/round1.sh
# PATHS comes from mario's own MCTS on training problems (see README.md, "Round 1"); its schema is in
# training/mario_train/data.py. Knobs: INIT, STEPS, LR, ALPHA, BATCH_TOKENS, THREADS, OUT, RUN, REPLAY (round 0's
# training JSONL, replayed as next-token examples so the shared trunk keeps the policy), REPLAY_COUNT.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-training/out}
: "${PATHS:?set PATHS to the AlphaMath JSONL exported by mario (dotnet mario export --format alphamath)}"
: "${INIT:=$OUT/round0/hf}" "${STEPS:=800}" "${LR:=1e-3}" "${WARMUP:=50}" "${ALPHA:=1.0}" "${BATCH_TOKENS:=4096}"
: "${THREADS:=1}" "${SEED:=0}" "${RUN:=round1}" "${BF16:=1}" "${REPLAY:=}" "${REPLAY_COUNT:=0}"
$PY training/train_round1.py --paths "$PATHS" --init "$INIT" --tokenizer "$INIT/tokenizer.json" --out "$OUT/$RUN" \
  --steps "$STEPS" --lr "$LR" --warmup "$WARMUP" --alpha "$ALPHA" --batch-tokens "$BATCH_TOKENS" \
  --threads "$THREADS" --seed "$SEED" $([[ "$BF16" == 1 ]] && echo --bf16) \
  ${REPLAY:+--replay "$REPLAY" --replay-count "$REPLAY_COUNT"}
echo "exported: $OUT/$RUN/hf"
