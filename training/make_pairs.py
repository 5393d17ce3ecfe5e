#!/usr/bin/python3
"""Preference pairs for the value head from mario's own search trees (rStar-Math's process preference model):
within one problem, a step with a right answer below it (chosen) against one with none (rejected).

Why pairs: a head regressed on +1/-1 targets over many problems mostly learns which problems go wrong (session 7:
mean value 0.80 on right answers, 0.58 on wrong ones, yet the right one of two finished beams of the same problem
scored higher in about half the pairs). Step beam search only ranks candidates of one problem, so the pairwise loss
(train_round1.py --pairs) trains exactly that ranking and nothing else.

Two kinds, both within one tree:
  sibling   two children of the same node, one with a right answer below it and one followed to ends that are
            all wrong (the choice a beam makes at each step; the shared prefix cancels out); a child the search
            never followed to an end is no evidence either way and is left out;
  terminal  a finished right solution against a finished wrong one (an answer that is not the gold), anywhere in
            the tree (the choice among finished beams).
Output, one JSON object per line:
  {"id", "question", "answer", "kind": "sibling"|"terminal", "chosen": [step, ...], "rejected": [step, ...]}
each list the step texts from the root down; the value is read at the last token of the last step, as the engine
reads it.

Example:
  /usr/bin/python3 training/make_pairs.py --run training/out/round1/mcts --max-per-problem 24 \\
      --out training/out/round1/pairs.jsonl
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mario_train.entry import run  # noqa: E402
from mario_train.trees import chain, has_text, index_nodes, parent_id, read_run_trees, right_below  # noqa: E402

KINDS = ("sibling", "terminal")


def tree_pairs(tree: dict, where: str):
    """Yields (kind, chosen steps, rejected steps) of one tree, in a fixed order; raises ValueError naming `where`."""
    by_id = index_nodes(tree, where)
    good = right_below(by_id)
    ended = right_below(by_id, any_end=True)
    children = {}
    for i in by_id:
        p = parent_id(i)
        if p is not None:
            children.setdefault(p, []).append(i)
    paths = {}

    def path(i):  # each node's chain once, however many pairs it is in
        if i not in paths:
            paths[i] = chain(by_id, i, where)
        return paths[i]

    for p in sorted(children):
        kids = [k for k in sorted(children[p]) if has_text(path(k))]
        for c in (k for k in kids if k in good):
            for r in (k for k in kids if k not in good and k in ended):
                yield "sibling", path(c), path(r)
    answered = [n for n in by_id.values() if n.get("terminal") == "answered"]
    right = sorted(n["id"] for n in answered if n.get("correct") is True)
    wrong = sorted(n["id"] for n in answered if n.get("correct") is False)
    for c in right:
        for r in wrong:
            if parent_id(c) != parent_id(r):  # siblings are already a sibling pair
                cs, rs = path(c), path(r)
                if has_text(cs) and has_text(rs):
                    yield "terminal", cs, rs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="a mario run folder (its samples.jsonl) of a gold-reward MCTS run")
    ap.add_argument("--out", required=True, help="output JSONL of pairs")
    ap.add_argument("--max-per-problem", type=int, default=24, help="pairs kept per problem and kind, sampled "
                    "(0: all)")
    ap.add_argument("--skip", type=int, default=0, help="problems (lines) to skip first, e.g. a held-out head")
    ap.add_argument("--count", type=int, default=0, help="problems to read after --skip (0: all)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the per-problem sampling")
    a = ap.parse_args(argv)
    for name in ("max_per_problem", "skip", "count"):
        if getattr(a, name) < 0:
            raise SystemExit(f"--{name.replace('_', '-')} must be >= 0, found {getattr(a, name)}")
    rng = random.Random(a.seed)
    try:
        rows = read_run_trees(a.run)
    except ValueError as e:
        raise SystemExit(str(e))
    rows = rows[a.skip:a.skip + a.count] if a.count else rows[a.skip:]
    problems = with_pairs = 0
    counts = {k: 0 for k in KINDS}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as out:
        for where, row, tree in rows:
            try:
                pairs = list(tree_pairs(tree, where))
            except ValueError as e:
                raise SystemExit(str(e))
            problems += 1
            with_pairs += bool(pairs)
            for kind in KINDS:
                mine = [p for p in pairs if p[0] == kind]
                if a.max_per_problem and len(mine) > a.max_per_problem:
                    mine = rng.sample(mine, a.max_per_problem)
                for _, cs, rs in mine:
                    rec = {"id": row.get("id", tree.get("problemId", "")), "question": tree["question"],
                           "answer": tree["gold"], "kind": kind,
                           "chosen": [c["text"] for c in cs], "rejected": [c["text"] for c in rs]}
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    counts[kind] += 1
    print(f"{problems} problems ({with_pairs} with a pair), {sum(counts.values())} pairs {counts} -> {a.out}")
    return 0


if __name__ == "__main__":
    run(main)
