#!/usr/bin/env bash
# Round 2 of mario's recipe, the find mix: four training passes from round 1's export, each from the one before,
# that produced the shipped models/tiny (docs/model-card.md, "The shipped model"). No search in the loop: each
# pass trains policy and value head (Super_MARIO's loss) on contrast paths of fresh find-mix problems (gold
# solutions and copies with one corrupted step, dense value targets) and replays that pass's training problems.
#   pass 2  guess as an offset, groups of 6 to 12 (no 10)                 600 steps, LR 2e-4, seed 42
#   pass 3  groups of 4, 6 to 9; contrast kind hack; --train-continuation   500 steps, LR 2e-4, seed 43
#   pass 4  --give-up (a failed check ends the path, the policy stops)    400 steps, LR 2e-4, seed 44
#   pass 5  find share 0.8 (the committed suite's)                        400 steps, LR 1e-4, seed 45
# (Pass 1 of session 11 wrote the guess as the number itself, a generator variant that was replaced; nothing
# shipped descends from it, so it is not part of the recipe.)
#     bash training/round2.sh                     # about 80 minutes of float32 training on 2 cores
#     DATA_ONLY=1 bash training/round2.sh         # write the data of every pass, train nothing
# Knobs: INIT (round 1's export, default $OUT/round1/hf), OUT, THREADS, COUNT
# (problems per file), BF16 (1: --bf16; leave it 0 on a CPU without AVX512-BF16, where it is 14x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-training/out}
: "${INIT:=$OUT/round1/hf}" "${THREADS:=2}" "${COUNT:=8000}" "${BF16:=0}" "${DATA_ONLY:=0}"
SUITE=eval-suites/data/synth-find.jsonl
D=$OUT/data/round2
mkdir -p "$D"
KINDS=guess,guess,guess,typo,typo,typo,typo,number,code,operator,repeat,answer
KINDS_HACK=guess,guess,guess,hack,typo,typo,typo,typo,number,code,operator,repeat,answer

# problems NAME SPLIT SHARE MODULI: gen_synth.py training problems of the find mix, disjoint from the committed suite
problems() {
  local file=$D/$1.jsonl
  [[ -f "$file" ]] || $PY training/gen_synth.py --split "$2" --count "$COUNT" --find "$3" --find-moduli "$4" \
    --exclude "$SUITE" --out "$file" >&2
  echo "$file"
}

# contrast SPLIT SHARE MODULI SEED KINDS [make_value_contrast flags]: corrupted copies with dense value targets
contrast() {
  local split=$1 share=$2 moduli=$3 seed=$4 kinds=$5
  shift 5
  local src file=$D/$split-paths.jsonl
  src=$(problems "$split" "$split" "$share" "$moduli")
  [[ -f "$file" ]] || $PY training/make_value_contrast.py --problems "$src" --count "$COUNT" --seed "$seed" \
    --dense --continue --kinds "$kinds" "$@" --out "$file" >&2
  echo "$file"
}

# train PASS FROM PATHS REPLAY STEPS LR WARMUP SEED
train() {
  [[ "$DATA_ONLY" == 1 ]] && return 0
  $PY training/train_round1.py --paths "$3" --replay "$4" --replay-count "$COUNT" --init "$2" \
    --tokenizer "$INIT/tokenizer.json" --out "$OUT/round2/pass$1" --steps "$5" --lr "$6" --warmup "$7" \
    --alpha 2 --threads "$THREADS" --seed "$8" $([[ "$BF16" == 1 ]] && echo --bf16)
}

train 2 "$INIT" "$(contrast find-contrast 0.5 6,7,8,9,11,12 31 "$KINDS")" \
  "$(problems find-train-p2 find-train 0.5 6,7,8,9,11,12)" 600 2e-4 30 42
train 3 "$OUT/round2/pass2/hf" "$(contrast find-contrast2 0.5 4,6,7,8,9 32 "$KINDS_HACK" --train-continuation)" \
  "$(problems find-train find-train 0.5 4,6,7,8,9)" 500 2e-4 20 43
train 4 "$OUT/round2/pass3/hf" "$(contrast find-contrast3 0.5 4,6,7,8,9 33 "$KINDS_HACK" --train-continuation --give-up)" \
  "$(problems find-train find-train 0.5 4,6,7,8,9)" 400 2e-4 20 44
train 5 "$OUT/round2/pass4/hf" "$(contrast find-contrast4 0.8 4,6,7,8,9 34 "$KINDS_HACK" --train-continuation --give-up)" \
  "$(problems find-train8 find-train8 0.8 4,6,7,8,9)" 400 1e-4 20 45
[[ "$DATA_ONLY" == 1 ]] && { echo "data: $D"; exit 0; }
rm -rf "$OUT/round2/hf"
cp -r "$OUT/round2/pass5/hf" "$OUT/round2/hf"
echo "exported: $OUT/round2/hf"
