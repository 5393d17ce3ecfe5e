#!/usr/bin/python3
"""How often a value head puts the chosen side of a preference pair (make_pairs.py) above the rejected one, by kind,
on pairs it was not trained on (0.5 = chance). Printed as JSON.

Example:
  /usr/bin/python3 training/make_pairs.py --run runs/mcts --skip 1350 --out heldout-pairs.jsonl
  /usr/bin/python3 training/pair_probe.py --model training/out/round1/hf --pairs heldout-pairs.jsonl --bf16
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mario_train.cli_common import load_for_scoring  # noqa: E402
from mario_train.entry import run  # noqa: E402
from mario_train.pairs import read_pairs  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="exported folder with value_head.safetensors")
    ap.add_argument("--pairs", required=True, help="pairs JSONL from make_pairs.py")
    ap.add_argument("--limit", type=int, default=0, help="pairs to score, from the top (0: all)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bf16", action="store_true", help="score under bfloat16 autocast (faster; values differ "
                    "from float32 in the third decimal)")
    a = ap.parse_args(argv)
    if a.limit < 0:
        raise SystemExit(f"--limit must be >= 0, found {a.limit}")
    model, tok = load_for_scoring(a.model, a.threads)
    try:
        pairs = read_pairs(tok, a.pairs)
    except ValueError as e:
        raise SystemExit(str(e))
    if a.limit:
        pairs = pairs[:a.limit]
    cache = {}

    def value(ids, at):
        key = tuple(ids)
        if key not in cache:
            with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.bf16):
                _, v = model(torch.tensor([ids]))
            cache[key] = v[0].float()
        return float(cache[key][at])

    by_kind = {}
    for p in pairs:
        win = value(p.chosen, p.chosen_at) > value(p.rejected, p.rejected_at)
        n, w = by_kind.get(p.kind, (0, 0))
        by_kind[p.kind] = (n + 1, w + win)
    total = sum(n for n, _ in by_kind.values())
    wins = sum(w for _, w in by_kind.values())
    print(json.dumps({"model": a.model, "pairs": total, "chosen_higher": round(wins / max(1, total), 4),
                      "by_kind": {k: {"pairs": n, "chosen_higher": round(w / n, 4)} for k, (n, w) in
                                  sorted(by_kind.items())}}, indent=2))
    return 0


if __name__ == "__main__":
    run(main)
