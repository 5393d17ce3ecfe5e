#!/usr/bin/env bash
# Round 1 of mario's recipe, end to end, starting from round 0's export ($OUT/round0/hf):
#   1. generate training problems for the search (split "mcts", disjoint from the eval suite),
#   2. mario itself runs MCTS on them in data-generation mode (answers rewarded +-1 against the gold),
#   3. mario exports the trees as AlphaMath Q-value paths,
#   4. policy + value head are trained with Super_MARIO's multi-task loss, replaying round-0 solutions.
#     bash training/round1.sh                                   # the shipped run (about 1.2 h on 2 shared cores)
#     PATHS=my-paths.jsonl bash training/round1.sh              # skip 1-3: train on an existing export
# Steps 1-3 resume where they stopped (the mario run folder is continued with --resume).
# Knobs: INIT, COUNT, ITERATIONS, SAMPLES, TEMPERATURE, CONCURRENCY, STEPS, LR, WARMUP, ALPHA, BATCH_TOKENS, THREADS,
# REPLAY (round 0's training JSONL), REPLAY_COUNT, OUT, RUN, MARIO (how to call the tool; default `dotnet mario`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-training/out}
read -r -a MARIO <<< "${MARIO:-dotnet mario}"
: "${INIT:=$OUT/round0/hf}" "${STEPS:=800}" "${LR:=3e-4}" "${WARMUP:=40}" "${ALPHA:=1.0}" "${BATCH_TOKENS:=4096}"
: "${THREADS:=2}" "${SEED:=0}" "${RUN:=round1}" "${BF16:=1}" "${REPLAY:=$OUT/data/train2.jsonl}" "${REPLAY_COUNT:=3000}"
: "${COUNT:=1500}" "${ITERATIONS:=40}" "${SAMPLES:=3}" "${TEMPERATURE:=1.0}" "${CONCURRENCY:=8}"

if [[ -z "${PATHS:-}" ]]; then
  DATA=$OUT/data/mcts.jsonl
  SEARCH=$OUT/$RUN/mcts
  PATHS=$OUT/$RUN/paths.jsonl
  mkdir -p "$OUT/$RUN"
  [[ -f "$DATA" ]] || $PY training/gen_synth.py --split mcts --count "$COUNT" --exclude eval-suites/data/synth-arith.jsonl \
    --out "$DATA" --manifest "$OUT/data/mcts.json"
  if [[ -f "$SEARCH/run.json" ]]; then
    "${MARIO[@]}" eval --resume "$SEARCH"
  else
    "${MARIO[@]}" eval --suite "$OUT/data/mcts.json" --model "local:$INIT" --strategy mcts -O gold-reward=true \
      -O iterations="$ITERATIONS" -O samples="$SAMPLES" -O dedupe=true -O temperature="$TEMPERATURE" \
      --concurrency "$CONCURRENCY" --output "$SEARCH"
  fi
  "${MARIO[@]}" export --format alphamath "$SEARCH" --output "$PATHS"
fi

$PY training/train_round1.py --paths "$PATHS" --init "$INIT" --tokenizer "$INIT/tokenizer.json" --out "$OUT/$RUN" \
  --steps "$STEPS" --lr "$LR" --warmup "$WARMUP" --alpha "$ALPHA" --batch-tokens "$BATCH_TOKENS" \
  --threads "$THREADS" --seed "$SEED" $([[ "$BF16" == 1 ]] && echo --bf16) \
  ${REPLAY:+--replay "$REPLAY" --replay-count "$REPLAY_COUNT"}
echo "exported: $OUT/$RUN/hf"
