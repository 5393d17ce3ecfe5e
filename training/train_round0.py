#!/usr/bin/python3
"""Round 0: supervised next-token training on generated solutions (loss on the solution, not the prompt),
then export of a Hugging Face folder (OUT/hf) that is reloaded and checked against the in-memory model.

Example (a smoke run of a few minutes on one core):
  /usr/bin/python3 training/train_round0.py --data training/out/data/train.jsonl \
      --tokenizer training/out/tokenizer.json --out training/out/round0 --limit 2000 --steps 300 \
      --hidden 128 --intermediate 352 --layers 4 --heads 4 --kv-heads 2
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mario_train.bpe import ENDOFTEXT  # noqa: E402
from mario_train.cli_common import add_size_args, add_train_args, finish, load_init, new_model, setup  # noqa: E402
from mario_train.data import batches, sft_example  # noqa: E402
from mario_train.synth_check import read_jsonl  # noqa: E402
from mario_train.trainer import train  # noqa: E402
from mario_train.entry import run  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="generated training problems (JSONL with question, solution)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N problems (0: all)")
    ap.add_argument("--init", help="exported folder to continue from (a longer round 0 on fresh problems); the size "
                    "options are then ignored")
    add_train_args(ap)
    add_size_args(ap)
    a = ap.parse_args(argv)
    tok = setup(a)
    problems = read_jsonl(a.data)
    if a.limit:
        problems = problems[: a.limit]
    t = time.time()
    examples = [sft_example(tok, p, a.train_on_outputs) for p in problems]
    lens = sorted(len(e.ids) for e in examples)
    print(f"{len(examples)} examples tokenized in {time.time() - t:.0f}s; tokens per example: median "
          f"{lens[len(lens) // 2]}, max {lens[-1]}; trained tokens {sum(sum(e.lm_mask) for e in examples)}")
    model = load_init(a.init, tok) if a.init else new_model(a, tok)
    print(f"model: {model.num_parameters():,} parameters, config {model.config.to_dict()}")
    data = batches(examples, a.batch_tokens, a.max_len, tok.special_ids[ENDOFTEXT], a.seed)
    summary = train(model, data, a.steps, a.lr, a.warmup, alpha=0.0,
                    curve_path=os.path.join(a.out, "curve.csv"), bf16=a.bf16)
    summary.update({"round": 0, "examples": len(examples), "data": os.path.basename(a.data)})
    finish(a, model, summary, examples[0].ids)
    return 0


if __name__ == "__main__":
    run(main)
