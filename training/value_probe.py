#!/usr/bin/python3
"""How well a value head separates right from wrong partial solutions, on AlphaMath paths it was not trained on.

Two figures, printed as JSON:
  pairs: for every problem with at least one correct and one wrong path, every (correct, wrong) pair is compared at
         the first step where the two paths differ; the share of pairs where the correct branch has the higher value
         (0.5 = no better than chance; what a step-level search needs is well above it); q_target_higher is the
         same share for the paths' own Q targets, the most a head trained on them could reach; on a
         make_value_contrast.py file the pairs are also split by corruption kind;
  auc:   per step depth (0, 1, 2, 3+; the final step excluded), the area under the ROC curve of the value against
         the path's final outcome, over all paths (mixes easy and hard problems, so it flatters the head).

Example:
  dotnet mario export --format alphamath runs/mcts-heldout --output heldout.jsonl
  /usr/bin/python3 training/value_probe.py --model training/out/round1/hf --paths heldout.jsonl
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mario_train.cli_common import load_for_scoring  # noqa: E402
from mario_train.data import alphamath_example  # noqa: E402
from mario_train.entry import run  # noqa: E402
from mario_train.synth_check import read_jsonl_lines  # noqa: E402


DENSE_FIELDS = ("dense", "wrong_from", "wrong_step")


def step_values(model, tok, rec, where):
    """The head's value at each step's last token (the one the engine reads), also for a dense path."""
    ex = alphamath_example(tok, {k: v for k, v in rec.items() if k not in DENSE_FIELDS}, where)
    _, v = model(torch.tensor([ex.ids]))
    return [float(v[0, i]) for i, _ in ex.q_targets]


def auc(scored):
    pos = [s for s, y in scored if y]
    neg = [s for s, y in scored if not y]
    if not pos or not neg:
        return None
    return sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="exported folder with value_head.safetensors")
    ap.add_argument("--paths", required=True, help="AlphaMath JSONL (dotnet mario export --format alphamath)")
    ap.add_argument("--problems", type=int, default=60, help="problems with both kinds of path to use (>= 1)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bf16", action="store_true", help="score under bfloat16 autocast (several times faster where "
                    "torch's float32 BLAS is the reference one; values differ from float32 in the third decimal)")
    a = ap.parse_args(argv)
    if a.problems < 1:
        raise SystemExit(f"--problems must be >= 1, found {a.problems}")
    model, tok = load_for_scoring(a.model, a.threads)
    by_problem = {}
    for where, rec in read_jsonl_lines(a.paths):
        by_problem.setdefault(rec.get("id", where), []).append((where, rec))
    mixed = [recs for recs in by_problem.values()
             if any(r["response"][-1]["Q"] > 0 for _, r in recs) and any(r["response"][-1]["Q"] < 0 for _, r in recs)]
    mixed = mixed[:a.problems]
    wins = total = q_wins = 0
    kinds = {}
    depth_scores = {}
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.bf16):
        for recs in mixed:
            values = []
            for where, rec in recs:
                values.append(step_values(model, tok, rec, where))
                final = rec["response"][-1]["Q"] > 0
                for d, value in enumerate(values[-1][:-1]):
                    depth_scores.setdefault(min(d, 3), []).append((value, final))
            for i, (_, c) in enumerate(recs):
                for j, (_, w) in enumerate(recs):
                    if not (c["response"][-1]["Q"] > 0 > w["response"][-1]["Q"]):
                        continue
                    steps_c, steps_w = c["response"], w["response"]
                    d = 0
                    while d < min(len(steps_c), len(steps_w)) and steps_c[d]["step"] == steps_w[d]["step"]:
                        d += 1
                    if d < min(len(steps_c), len(steps_w)):
                        total += 1
                        wins += values[i][d] > values[j][d]
                        q_wins += steps_c[d]["Q"] > steps_w[d]["Q"]
                        if "kind" in w:
                            k = kinds.setdefault(w["kind"], [0, 0])
                            k[0] += values[i][d] > values[j][d]
                            k[1] += 1
    print(json.dumps({
        "problems": len(mixed),
        "pairs": total,
        "correct_branch_higher": round(wins / total, 3) if total else None,
        "q_target_higher": round(q_wins / total, 3) if total else None,
        "correct_branch_higher_by_kind": {k: round(v[0] / v[1], 3) for k, v in sorted(kinds.items())},
        "auc_by_depth": {str(d): {"n": len(s), "auc": None if auc(s) is None else round(auc(s), 3)}
                         for d, s in sorted(depth_scores.items())},
    }))
    return 0


if __name__ == "__main__":
    run(main)
