#!/usr/bin/env bash
# Round 1 of mario's recipe, end to end, starting from round 0's export ($OUT/round0/hf):
#   1. generate training problems for the search (split "mcts", disjoint from the eval suite),
#   2. mario itself runs MCTS on them in data-generation mode (answers rewarded +-1 against the gold),
#   3. mario exports the trees as AlphaMath Q-value paths,
#   4. contrast paths for the value head: fresh problems' gold solutions and copies with one corrupted step, with a
#      value target on every token (make_value_contrast.py --dense),
#   5. policy + value head are trained with Super_MARIO's multi-task loss on both, replaying round-0 solutions,
#      in four passes of 1,600 steps, each with fresh contrast paths.
#     bash training/round1.sh                                   # round 1 of the shipped model (about 1.5 h on 2 shared cores)
#     PATHS=my-paths.jsonl bash training/round1.sh              # skip 1-3: train on an existing export
# Steps 1-3 resume where they stopped (the mario run folder is continued with --resume).
# Knobs: INIT, COUNT, ITERATIONS, SAMPLES, TEMPERATURE, CONCURRENCY, STEPS (per pass), LR, WARMUP, ALPHA, ALPHA_LATER,
# PASSES, CONTRAST_COUNT (problems per pass), BATCH_TOKENS, THREADS,
# REPLAY (round 0's training JSONL), REPLAY_COUNT, OUT, RUN, MARIO (how to call the tool; default `dotnet mario`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-training/out}
read -r -a MARIO <<< "${MARIO:-dotnet mario}"
: "${INIT:=$OUT/round0/hf}" "${STEPS:=1600}" "${LR:=3e-4}" "${WARMUP:=40}" "${ALPHA:=1.0}" "${BATCH_TOKENS:=4096}"
: "${THREADS:=2}" "${SEED:=0}" "${RUN:=round1}" "${BF16:=1}" "${REPLAY:=$OUT/data/train2.jsonl}" "${REPLAY_COUNT:=3000}"
: "${COUNT:=1500}" "${ITERATIONS:=40}" "${SAMPLES:=3}" "${TEMPERATURE:=1.0}" "${CONCURRENCY:=8}"
: "${PASSES:=4}" "${CONTRAST_COUNT:=12000}" "${ALPHA_LATER:=2.0}"

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

# 4-5. Four training passes, each from the previous one's export: fresh problems (splits contrast5 to contrast8:
# the names of the experiments that produced the shipped model), their gold solutions and copies with
# one corrupted step as dense value targets (make_value_contrast.py --dense), trained together with the MCTS paths
# and the replayed round-0 solutions. Value weight ALPHA in the first pass, ALPHA_LATER after it.
mkdir -p "$OUT/$RUN"
from=$INIT
for pass in $(seq 1 "$PASSES"); do
  split=contrast$((pass + 4))
  problems=$OUT/data/$split.jsonl
  contrast=$OUT/$RUN/$split.jsonl
  [[ -f "$problems" ]] || $PY training/gen_synth.py --split "$split" --count "$CONTRAST_COUNT" \
    --exclude eval-suites/data/synth-arith.jsonl --out "$problems"
  [[ -f "$contrast" ]] || $PY training/make_value_contrast.py --problems "$problems" --count "$CONTRAST_COUNT" \
    --seed $((pass + 2)) --dense --out "$contrast"
  alpha=$ALPHA
  [[ $pass -gt 1 ]] && alpha=$ALPHA_LATER
  $PY training/train_round1.py --paths "$PATHS" --paths "$contrast" --init "$from" --tokenizer "$INIT/tokenizer.json" \
    --out "$OUT/$RUN/pass$pass" --steps "$STEPS" --lr "$LR" --warmup "$WARMUP" --alpha "$alpha" \
    --batch-tokens "$BATCH_TOKENS" --threads "$THREADS" --seed $((SEED + pass - 1)) $([[ "$BF16" == 1 ]] && echo --bf16) \
    ${REPLAY:+--replay "$REPLAY" --replay-count "$REPLAY_COUNT"}
  from=$OUT/$RUN/pass$pass/hf
done
rm -rf "$OUT/$RUN/hf"
cp -r "$from" "$OUT/$RUN/hf"
echo "exported: $OUT/$RUN/hf"
