#!/usr/bin/python3
"""Greedy-decodes problems of a suite with an exported model folder, running its code steps, and prints the
trajectories and the accuracy against the gold answers (exact string match of the final answer).

Example:
  /usr/bin/python3 training/decode_demo.py --model training/out/smoke/round0/hf \
      --suite eval-suites/data/synth-arith.jsonl --count 1
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from mario_train.bpe import BpeTokenizer  # noqa: E402
from mario_train.decode import solve  # noqa: E402
from mario_train.hf_export import load  # noqa: E402
from mario_train.synth_check import read_jsonl  # noqa: E402
from mario_train.entry import run  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="folder written by the export (config.json, model.safetensors)")
    ap.add_argument("--suite", required=True, help="JSONL with id, question, answer")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--quiet", action="store_true", help="print only one line per problem")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    model = load(a.model).eval()
    tok = BpeTokenizer.load(os.path.join(a.model, "tokenizer.json"))
    problems = read_jsonl(a.suite)[a.start:a.start + a.count]
    correct = 0
    for p in problems:
        t = time.time()
        text, ans = solve(model, tok, p["question"])
        ok = ans == p["answer"]
        correct += ok
        if not a.quiet:
            print(f"===== {p['id']} (gold {p['answer']})\n{text}")
        print(f"{p['id']}: answer {ans!r}, gold {p['answer']!r}, {'correct' if ok else 'wrong'}, {time.time() - t:.1f}s")
    print(f"accuracy {correct}/{len(problems)}")
    return 0


if __name__ == "__main__":
    run(main)
