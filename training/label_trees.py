#!/usr/bin/python3
"""Dense value targets from mario's own search trees, labelled by hard estimation: every root-to-terminal path of
a gold-reward MCTS run (`dotnet mario eval --strategy mcts -O gold-reward=true`) becomes one path in the AlphaMath
layout that train_round1.py reads (--paths), a step labelled +1 when some answer below it in the tree is right
and -1 when none is (Math-Shepherd's "hard estimation", with the tree's own rollouts as the completions).

Why not the exported Q values (`dotnet mario export --format alphamath`): they mix the head's own estimates into
the backup (a right step far from the leaves has Q near 0.25), and each path carries one target per step, so in a
batch beside dense contrast paths (a target per token) the policy's real mistakes weigh about 2% of the value loss.
Here a path is dense too: every token from the first step with no right answer below it gets -1, every token
before it +1 ("wrong_step", "wrong_from": 0), so the head learns the policy's own mistakes at full weight.

The labels are monotone along a path (a step with a right answer below it has one below its parent too), and the
last one is the terminal reward: +1 for a right answer, -1 for a wrong one, an unparsable step, too many failing
code steps or the depth limit.

Example:
  /usr/bin/python3 training/label_trees.py --run training/out/round1/mcts --max-per-problem 16 \\
      --out training/out/round1/tree-labels.jsonl
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mario_train.entry import run  # noqa: E402
from mario_train.trees import chain, has_text, index_nodes, read_run_trees, right_below  # noqa: E402


def label_tree(tree: dict, where: str):
    """Yields (steps, labels) for every terminal of one tree; raises ValueError naming `where` and the field."""
    by_id = index_nodes(tree, where)
    good = right_below(by_id)
    for n in by_id.values():
        if "terminal" not in n:
            continue
        steps = chain(by_id, n["id"], where)
        if not has_text(steps):
            continue  # an empty step (the model stopped at once) has no tokens to put a target on
        yield [c["text"] for c in steps], [1.0 if c["id"] in good else -1.0 for c in steps]


def record(pid: str, question: str, gold: str, steps, labels) -> dict:
    rec = {"id": pid, "question": question, "answer": gold,
           "response": [{"step": s, "Q": q} for s, q in zip(steps, labels)], "dense": True}
    if labels[-1] < 0:
        rec["wrong_step"] = labels.index(-1.0)
        rec["wrong_from"] = 0
    return rec


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="a mario run folder (its samples.jsonl) of a gold-reward MCTS run")
    ap.add_argument("--out", required=True, help="output JSONL (AlphaMath layout with dense targets)")
    ap.add_argument("--max-per-problem", type=int, default=16, help="paths kept per problem, sampled (0: all)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the per-problem sampling")
    a = ap.parse_args(argv)
    if a.max_per_problem < 0:
        raise SystemExit(f"--max-per-problem must be >= 0, found {a.max_per_problem}")
    rng = random.Random(a.seed)
    problems = paths = right = mixed = 0
    first_wrong = {}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    try:
        rows = read_run_trees(a.run)
    except ValueError as e:
        raise SystemExit(str(e))
    with open(a.out, "w", encoding="utf-8") as out:
        for where, row, tree in rows:
            try:
                labelled = list(label_tree(tree, where))
            except ValueError as e:
                raise SystemExit(str(e))
            if a.max_per_problem and len(labelled) > a.max_per_problem:
                labelled = rng.sample(labelled, a.max_per_problem)
            problems += 1
            ends = {lab[-1] for _, lab in labelled}
            mixed += len(ends) == 2
            for steps, labels in labelled:
                rec = record(row.get("id", tree.get("problemId", "")), tree["question"], tree["gold"], steps, labels)
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                paths += 1
                if labels[-1] > 0:
                    right += 1
                else:
                    first_wrong[rec["wrong_step"]] = first_wrong.get(rec["wrong_step"], 0) + 1
    print(f"{problems} problems ({mixed} with right and wrong ends), {paths} paths ({right} ending right); "
          f"first wrong step of the others: {dict(sorted(first_wrong.items()))} -> {a.out}")
    return 0


if __name__ == "__main__":
    run(main)
