#!/usr/bin/python3
"""Generates a split of the synthetic arithmetic suite as JSONL.

Examples:
  /usr/bin/python3 training/gen_synth.py --split eval --count 300 --balanced --out eval-suites/data/synth-arith.jsonl
  /usr/bin/python3 training/gen_synth.py --split train --count 20000 \
      --exclude eval-suites/data/synth-arith.jsonl --out training/out/data/train.jsonl
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mario_train import synth  # noqa: E402
from mario_train.synth_check import normalize_question, read_jsonl  # noqa: E402


def write_manifest(path: str, data: str, suite_id: str) -> None:
    """The manifest layout of eval-suites/synth-arith.json (ARCHITECTURE.md section 5)."""
    rel = os.path.relpath(os.path.abspath(data), os.path.dirname(os.path.abspath(path))).replace(os.sep, "/")
    m = {"id": suite_id, "version": 1, "data": rel, "fields": {"id": "id", "question": "question", "answer": "answer"},
         "extract": "phrase", "compare": "math", "stepFormat": "tagged", "metrics": ["accuracy"]}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(m, f, indent=2)
        f.write("\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", required=True, help="seed namespace, e.g. eval or train (problem i uses mario-synth/SPLIT/i)")
    ap.add_argument("--count", type=int, required=True, help="number of problems to write (>= 1)")
    ap.add_argument("--balanced", action="store_true", help="cycle the step count 2..6 (graded suite)")
    ap.add_argument("--min-steps", type=int, default=synth.MIN_STEPS, help="fewest code steps (data mix; >= 2)")
    ap.add_argument("--max-steps", type=int, default=synth.MAX_STEPS, help="most code steps (data mix; <= 6)")
    ap.add_argument("--families", default=",".join(synth.FAMILIES),
                    help=f"comma-separated subset of {','.join(synth.FAMILIES)} (data mix)")
    ap.add_argument("--exclude", action="append", default=[], help="JSONL whose questions must not be repeated")
    ap.add_argument("--out", required=True)
    ap.add_argument("--manifest", help="also write a suite manifest for OUT (e.g. to run mario's MCTS on a "
                                       "training split for round 1); its data path is relative to the manifest")
    a = ap.parse_args(argv)
    if a.count < 1:
        ap.error("--count must be at least 1, e.g. --count 300")
    if not synth.MIN_STEPS <= a.min_steps <= a.max_steps <= synth.MAX_STEPS:
        ap.error(f"need {synth.MIN_STEPS} <= --min-steps <= --max-steps <= {synth.MAX_STEPS}, e.g. --min-steps 2 --max-steps 4")
    families = [f for f in a.families.split(",") if f]
    unknown = [f for f in families if f not in synth.FAMILIES]
    if unknown or not families:
        ap.error(f"unknown family {unknown[0] if unknown else '(none)'}; choose from {','.join(synth.FAMILIES)}")
    if a.split == "eval" and a.exclude:
        ap.error("the eval split is the reference; exclude it from training splits instead")
    banned = set()
    for path in a.exclude:
        banned |= {normalize_question(p["question"]) for p in read_jsonl(path)}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    written, skipped, index = 0, 0, 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        while written < a.count:
            p = synth.generate_mixed(a.split, index, a.min_steps, a.max_steps, families,
                                     balanced_slot=written if a.balanced else None)
            index += 1
            if normalize_question(p["question"]) in banned:
                skipped += 1
                continue
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
            written += 1
    if a.manifest:
        write_manifest(a.manifest, a.out, f"synth-arith-{a.split}")
    print(f"wrote {written} problems to {a.out} (indices 0..{index - 1}, {skipped} skipped as excluded)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError) as e:  # bad input: one clear line, no traceback
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
