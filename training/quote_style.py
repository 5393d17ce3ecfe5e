#!/usr/bin/python3
"""Rewrites a share of a gen_synth.py JSONL file in the quoting solution style (mario_train/synth_style.py): each
code step's thought opens with the question's sentence it takes its number from. The other problems are copied
unchanged, so the output is a mix of the two styles.

Example (session 6's experiment, docs/model-card.md):
  /usr/bin/python3 training/gen_synth.py --split contrast11 --count 12000 \\
      --exclude eval-suites/data/synth-arith.jsonl --out training/out/data/contrast11.jsonl
  /usr/bin/python3 training/quote_style.py --problems training/out/data/contrast11.jsonl --share 0.5 --seed 5 \\
      --out training/out/data/contrast11-quoted.jsonl
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mario_train.entry import run  # noqa: E402
from mario_train.synth_check import read_jsonl_lines  # noqa: E402
from mario_train.synth_style import with_quoted_clauses  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--problems", required=True, help="gen_synth.py JSONL with solutions")
    ap.add_argument("--share", type=float, default=0.5, help="chance that a problem is rewritten, in [0, 1]")
    ap.add_argument("--seed", type=int, default=0, help="draws which problems are rewritten, in file order")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if not 0.0 <= a.share <= 1.0:
        ap.error(f"--share must be in [0, 1], found {a.share}, e.g. --share 0.5")
    rng = random.Random(a.seed)
    quoted = total = 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as out:
        for where, p in read_jsonl_lines(a.problems):
            if not isinstance(p.get("solution"), str) or not isinstance(p.get("question"), str):
                raise SystemExit(f"{where}: expected a gen_synth.py problem with 'question' and 'solution'")
            if rng.random() < a.share:
                try:
                    p = with_quoted_clauses(p)
                except ValueError as e:
                    raise SystemExit(f"{where}: {e}")
                quoted += 1
            out.write(json.dumps(p) + "\n")
            total += 1
    print(json.dumps({"problems": total, "quoted": quoted}))
    return 0


if __name__ == "__main__":
    run(main)
