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
import dataclasses
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mario_train.bpe import ENDOFTEXT  # noqa: E402
from mario_train.cli_common import add_train_args, finish, load_init, setup  # noqa: E402
from mario_train.data import batches, read_alphamath, sft_example  # noqa: E402
from mario_train.pairs import pair_batches, read_pairs  # noqa: E402
from mario_train.trainer import train  # noqa: E402
from mario_train.entry import run  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paths", action="append", default=[], help="AlphaMath JSONL (repeatable; this or --value-paths "
                    "at least once)")
    ap.add_argument("--init", required=True, help="exported folder to start from (round 0's OUT/hf)")
    ap.add_argument("--value-paths", action="append", default=[], help="AlphaMath JSONL trained for the value only "
                    "(repeatable): no next-token labels even on paths ending right, e.g. label_trees.py's paths of a "
                    "search sampled at temperature 1.0, whose right paths greedy decoding should not imitate")
    ap.add_argument("--alpha", type=float, default=1.0, help="weight of the value loss")
    ap.add_argument("--ce-weight", type=float, default=1.0, help="weight of the next-token loss (0: train a value "
                    "model only, whose trunk is its own)")
    ap.add_argument("--replay", help="round-0 SFT JSONL (gen_synth.py output) replayed as next-token examples without "
                    "value targets, so the shared trunk keeps the policy while the value head learns (mario's "
                    "deviation from Super_MARIO, whose round 2 trains on MCTS paths only)")
    ap.add_argument("--replay-count", type=int, default=0, help="how many --replay problems to use, from the top "
                    "(0: all)")
    ap.add_argument("--pairs", action="append", default=[], help="preference pairs JSONL from make_pairs.py "
                    "(repeatable): every step also trains the head to rank each pair's chosen side above its rejected "
                    "one (rStar-Math's pairwise loss), the within-problem ranking a step beam search uses")
    ap.add_argument("--pair-weight", type=float, default=1.0, help="weight of the pairwise loss")
    ap.add_argument("--pair-beta", type=float, default=5.0, help="margin scale: loss -log sigmoid(beta * (v_chosen - "
                    "v_rejected)), values in (-1, 1)")
    ap.add_argument("--pairs-per-batch", type=int, default=8, help="pairs per step (each is two sequences)")
    ap.add_argument("--head-only", action="store_true", help="train the value head alone on a frozen trunk: the "
                    "policy stays exactly --init's (same greedy decoding), only its head's ranking changes")
    add_train_args(ap)
    a = ap.parse_args(argv)
    if a.head_only and a.replay:
        raise SystemExit("--head-only freezes the policy that --replay would train; drop one of them")
    if a.head_only and a.alpha == 0 and not a.pairs:
        raise SystemExit("--head-only trains the head on the value loss, which --alpha 0 turns off (and no --pairs "
                         "given); e.g. --head-only --alpha 1")
    if a.pairs_per_batch < 1:
        raise SystemExit(f"--pairs-per-batch must be >= 1, found {a.pairs_per_batch}")
    tok = setup(a)
    pairs = []
    for path in a.pairs:
        try:
            pairs += read_pairs(tok, path)
        except ValueError as e:
            raise SystemExit(str(e))
    examples = []
    for path in a.paths:
        examples += read_alphamath(tok, path, a.train_on_outputs)
    value_only = 0
    for path in a.value_paths:
        before = len(examples)
        examples += [dataclasses.replace(e, lm_mask=[False] * len(e.ids))
                     for e in read_alphamath(tok, path, a.train_on_outputs)]
        value_only += len(examples) - before
    if not examples:
        raise SystemExit(f"no paths in {', '.join(a.paths + a.value_paths) or '(none given: --paths or --value-paths)'}")
    if a.pairs and not pairs:
        raise SystemExit(f"no pairs in {', '.join(a.pairs)}")
    n_paths = len(examples)
    pos = sum(1 for e in examples if e.q_targets[-1][1] > 0)
    replayed = 0
    if a.replay:
        if a.replay_count < 0:
            raise SystemExit(f"--replay-count must be >= 0, found {a.replay_count}")
        with open(a.replay, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if a.replay_count and replayed >= a.replay_count:
                    break
                if not line.strip():
                    continue
                try:
                    examples.append(sft_example(tok, json.loads(line), a.train_on_outputs))
                except (ValueError, KeyError) as e:
                    raise SystemExit(f"{a.replay}:{n}: not a round-0 problem with a solution ({e})")
                replayed += 1
    model = load_init(a.init, tok)
    if a.head_only:
        for name, p in model.named_parameters():
            p.requires_grad_(name.startswith("v_head."))
    print(f"{n_paths} paths ({pos} ending correct, {value_only} for the value only) + {replayed} replayed round-0 "
          f"solutions, {sum(len(e.q_targets) for e in examples)} Q targets, {len(pairs)} pairs; "
          f"model {model.num_parameters():,} parameters from {a.init}")
    data = batches(examples, a.batch_tokens, min(a.max_len, model.config.max_position_embeddings),
                   tok.special_ids[ENDOFTEXT], a.seed)
    max_len = min(a.max_len, model.config.max_position_embeddings)
    pair_data = pair_batches(pairs, a.pairs_per_batch, max_len, tok.special_ids[ENDOFTEXT], a.seed) if pairs else None
    summary = train(model, data, a.steps, a.lr, a.warmup, alpha=a.alpha,
                    curve_path=os.path.join(a.out, "curve.csv"), bf16=a.bf16,
                    ce_weight=a.ce_weight, pair_data=pair_data, pair_weight=a.pair_weight, pair_beta=a.pair_beta)
    summary.update({"round": 1, "paths": n_paths, "positive_paths": pos, "value_only_paths": value_only,
                    "replayed_sft": replayed, "pairs": len(pairs)})
    finish(a, model, summary, examples[0].ids)
    return 0


if __name__ == "__main__":
    run(main)
