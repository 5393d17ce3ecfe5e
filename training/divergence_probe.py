#!/usr/bin/python3
"""Where a policy's wrong solutions leave the gold one, and how much probability the gold token still had there.

For every wrong line of a mario run (RUN/samples.jsonl), the gold solution of the same problem (the suite JSONL) is
fed to the model token by token; the first token the model would not have chosen greedily is the divergence. Tokens
the engine supplies (a code step's observation, from "</code>" to "</step>") are skipped: the model never writes
them. Printed as JSON: per problem the gold token, the model's choice and both probabilities; overall the median
probability of the gold token and the share of divergences where it was at least 0.1 and 0.2.

Why: a step-level search can only pick a right step that the policy samples. A gold token at probability 0.2 is
drawn by one of five samples at temperature 1 two times in three; a gold token at 1e-6 never is.

Example:
  dotnet mario eval --suite synth-arith --limit 60 -m local:models/tiny --strategy greedy --output runs/g60
  /usr/bin/python3 training/divergence_probe.py --model models/tiny --suite eval-suites/data/synth-arith.jsonl \\
      --samples runs/g60/samples.jsonl
"""
import argparse
import json
import os
import statistics
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mario_train.bpe import BpeTokenizer  # noqa: E402
from mario_train.cli_common import load_for_scoring  # noqa: E402
from mario_train.entry import run  # noqa: E402
from mario_train.stepfmt import question_prompt  # noqa: E402
from mario_train.synth_check import read_jsonl_lines  # noqa: E402


def engine_spans(solution: str):
    """Char spans of the solution that the engine writes, not the model: after each "</code>" up to its "</step>"."""
    spans, at = [], 0
    while True:
        a = solution.find("</code>", at)
        if a < 0:
            return spans
        b = solution.find("</step>", a)
        b = len(solution) if b < 0 else b + len("</step>")
        spans.append((a + len("</code>"), b))
        at = b


def first_divergence(model, tok: BpeTokenizer, question: str, solution: str):
    """(gold token, chosen token, P(gold), P(chosen)) at the first model-written token where greedy leaves the gold
    solution, or None when greedy would reproduce it."""
    prompt = question_prompt(question)
    ids, offs = tok.encode_with_offsets(prompt + solution)
    skip = [(a + len(prompt), b + len(prompt)) for a, b in engine_spans(solution)]
    with torch.no_grad():
        logits, _ = model(torch.tensor([ids]))
    probs = torch.softmax(logits[0].float(), dim=-1)
    for i in range(1, len(ids)):
        start = offs[i][0]
        if start < len(prompt) or any(a <= start < b for a, b in skip):
            continue
        chosen = int(probs[i - 1].argmax())
        if chosen != ids[i]:
            return tok.decode([ids[i]]), tok.decode([chosen]), float(probs[i - 1, ids[i]]), float(probs[i - 1, chosen])
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="exported folder (config.json, model.safetensors, tokenizer.json)")
    ap.add_argument("--suite", required=True, help="suite JSONL with 'id', 'question' and a gold 'solution'")
    ap.add_argument("--samples", required=True, help="a mario run's samples.jsonl; its wrong lines are probed")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    model, tok = load_for_scoring(a.model, a.threads)
    problems = {}
    for where, p in read_jsonl_lines(a.suite):
        if not all(isinstance(p.get(k), str) for k in ("id", "question", "solution")):
            raise SystemExit(f"{where}: expected string fields 'id', 'question' and a gold 'solution'")
        problems[p["id"]] = p
    rows = []
    for where, r in read_jsonl_lines(a.samples):
        if r.get("correct"):
            continue
        if r.get("id") not in problems:
            raise SystemExit(f"{where}: problem {r.get('id')!r} is not in {a.suite}")
        p = problems[r["id"]]
        d = first_divergence(model, tok, p["question"], p["solution"])
        rows.append({"id": r["id"], "gold": d[0], "chosen": d[1], "p_gold": round(d[2], 4),
                     "p_chosen": round(d[3], 4)} if d else {"id": r["id"], "divergence": None})
    ps = [r["p_gold"] for r in rows if "p_gold" in r]
    print(json.dumps({"wrong": len(rows), "diverging": len(ps),
                      "median_p_gold": round(statistics.median(ps), 4) if ps else None,
                      "share_p_gold_ge_0.1": round(sum(p >= 0.1 for p in ps) / len(ps), 3) if ps else None,
                      "share_p_gold_ge_0.2": round(sum(p >= 0.2 for p in ps) / len(ps), 3) if ps else None,
                      "problems": rows}, indent=1))
    return 0


if __name__ == "__main__":
    run(main)
