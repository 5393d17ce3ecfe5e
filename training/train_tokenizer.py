#!/usr/bin/python3
"""Trains mario's small byte-level BPE on generated problems (prompt + solution text) and writes tokenizer.json.

Example:
  /usr/bin/python3 training/train_tokenizer.py --data training/out/data/train.jsonl --vocab-size 1024 \
      --sample 4000 --out training/out/tokenizer.json
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mario_train.bpe import train_bpe  # noqa: E402
from mario_train.stepfmt import question_prompt  # noqa: E402
from mario_train.synth_check import read_jsonl  # noqa: E402
from mario_train.entry import run  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="training JSONL (question, solution)")
    ap.add_argument("--vocab-size", type=int, default=1024, help="base vocabulary + merges + specials (>= 257)")
    ap.add_argument("--sample", type=int, default=4000, help="number of problems (the first N) to learn merges from")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    problems = read_jsonl(a.data)[: a.sample]
    if not problems:
        ap.error(f"{a.data} holds no problems")
    t = time.time()
    tok = train_bpe((question_prompt(p["question"]) + p["solution"] for p in problems), a.vocab_size)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tok.save(a.out)
    sample = question_prompt(problems[0]["question"]) + problems[0]["solution"]
    n = len(tok.encode(sample))
    print(f"vocab {tok.vocab_size} ({len(tok.merges)} merges) from {len(problems)} problems in {time.time() - t:.1f}s; "
          f"first problem: {len(sample)} chars -> {n} tokens; wrote {a.out}")
    return 0


if __name__ == "__main__":
    run(main)
