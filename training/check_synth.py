#!/usr/bin/python3
"""Checks synthetic problem files: step format, that every code cell really prints what the solution claims
(the code is run by this interpreter in a child process), that the final answer equals the gold, and that
training files share no question and no seed with the eval suite. Exit 0 when clean, 1 with one line per defect.

Examples:
  /usr/bin/python3 training/check_synth.py eval-suites/data/synth-arith.jsonl
  /usr/bin/python3 training/check_synth.py eval-suites/data/synth-arith.jsonl --train training/out/data/train.jsonl
"""

import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mario_train.synth_check import check_problems, overlap, read_jsonl  # noqa: E402
from mario_train.entry import run  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval", help="the eval suite JSONL")
    ap.add_argument("--train", action="append", default=[], help="training JSONL to check and compare")
    a = ap.parse_args(argv)
    errors = []
    eval_problems = read_jsonl(a.eval)
    for path, problems in [(a.eval, eval_problems)] + [(t, read_jsonl(t)) for t in a.train]:
        errs = check_problems(problems, path)
        errors += errs
        by_steps = collections.Counter(p.get("steps") for p in problems)
        fractions = sum("/" in str(p.get("answer")) for p in problems)
        ids = collections.Counter(p.get("id") for p in problems)
        dup_ids = [i for i, n in ids.items() if n > 1]
        if dup_ids:
            errors.append(f"{path}: duplicate ids {dup_ids[:5]}")
        print(f"{path}: {len(problems)} problems, steps {dict(sorted(by_steps.items()))}, "
              f"{fractions} fraction answers, {len(errs)} defects")
        if path != a.eval:
            o = overlap(eval_problems, problems)
            print(f"  vs eval: {o['shared_questions']} shared questions, {o['shared_seeds']} shared seeds")
            if o["shared_questions"] or o["shared_seeds"]:
                errors.append(f"{path}: not disjoint from {a.eval}: {o}")
    for e in errors:
        print(e, file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} defect(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    run(main)
