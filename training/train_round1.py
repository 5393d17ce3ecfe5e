#!/usr/bin/python3
"""Round 1: policy + value training on AlphaMath Q-value paths (the output of mario's MCTS in data-generation
mode), starting from the round-0 export, with Super_MARIO's multi-task loss
    L = CE(next token; paths whose final Q is +1) + alpha * sum((tanh v - Q)^2) / (#Q + 1e-3).
The JSONL schema is documented in mario_train/data.py and training/README.md.

Example:
  dotnet mario export --format alphamath ... > training/out/round1/paths.jsonl      (see training/README.md)
  /usr/bin/python3 training/train_round1.py --paths training/out/round1/paths.jsonl \
      --init training/out/round0/hf --tokenizer training/out/tokenizer.json --out training/out/round1 --steps 300
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mario_train.bpe import ENDOFTEXT  # noqa: E402
from mario_train.cli_common import add_train_args, finish, setup  # noqa: E402
from mario_train.data import batches, read_alphamath  # noqa: E402
from mario_train.hf_export import load  # noqa: E402
from mario_train.trainer import train  # noqa: E402
from mario_train.entry import run  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paths", required=True, action="append", help="AlphaMath JSONL (repeatable)")
    ap.add_argument("--init", required=True, help="exported folder to start from (round 0's OUT/hf)")
    ap.add_argument("--alpha", type=float, default=1.0, help="weight of the value loss")
    add_train_args(ap)
    a = ap.parse_args(argv)
    tok = setup(a)
    examples = []
    for path in a.paths:
        examples += read_alphamath(tok, path, a.train_on_outputs)
    if not examples:
        raise SystemExit(f"no paths in {', '.join(a.paths)}")
    model = load(a.init)
    if model.config.vocab_size != tok.vocab_size:
        raise SystemExit(f"--tokenizer has {tok.vocab_size} ids but {a.init} was trained with {model.config.vocab_size}")
    pos = sum(1 for e in examples if any(e.lm_mask))
    print(f"{len(examples)} paths ({pos} ending correct), {sum(len(e.q_targets) for e in examples)} Q targets; "
          f"model {model.num_parameters():,} parameters from {a.init}")
    data = batches(examples, a.batch_tokens, min(a.max_len, model.config.max_position_embeddings),
                   tok.special_ids[ENDOFTEXT], a.seed)
    summary = train(model, data, a.steps, a.lr, a.warmup, alpha=a.alpha,
                    curve_path=os.path.join(a.out, "curve.csv"), bf16=a.bf16)
    summary.update({"round": 1, "paths": len(examples), "positive_paths": pos})
    finish(a, model, summary, examples[0].ids)
    return 0


if __name__ == "__main__":
    run(main)
