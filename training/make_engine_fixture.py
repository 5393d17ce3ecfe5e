#!/usr/bin/python3
"""Writes a tiny seeded model folder plus golden outputs computed by the PyTorch reference, for testing another
implementation (mario's C# engine) against it: the same folder must give the same ids, logits, values and greedy
tokens. The weights are random (seeded), with non-trivial norms and biases so that a wrong tensor name, layout,
RoPE convention or GQA mapping shows up.

Example:
  /usr/bin/python3 training/make_engine_fixture.py --out tests/Mario.Inference.Tests/Data/tiny-qwen2

golden.json: {"text", "ids", "logits" [position][vocab], "values" [position], "greedy" (16 argmax ids appended
one at a time to ids), "greedy_values" (value at the last position after each appended id)}; floats are float32
values printed with 9 significant digits.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from mario_train.bpe import ENDOFTEXT, BpeTokenizer  # noqa: E402
from mario_train.hf_export import export, load  # noqa: E402
from mario_train.model import Qwen2Config, Qwen2WithValueHead  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOKENIZER = os.path.join(HERE, "tests", "data", "tiny-tokenizer.json")
TEXT = "<question> Ava has 12 apples. She gets 3 more. </question>\n<step>\n<p>\n"


def build(seed: int) -> Qwen2WithValueHead:
    tok = BpeTokenizer.load(TOKENIZER)
    eos = tok.special_ids[ENDOFTEXT]
    torch.manual_seed(seed)
    c = Qwen2Config(vocab_size=tok.vocab_size, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128, bos_token_id=eos,
                    eos_token_id=eos)
    m = Qwen2WithValueHead(c).eval()
    with torch.no_grad():
        for n, p in m.named_parameters():
            if n.endswith("norm.weight") or n.endswith(".bias"):
                p.add_(torch.randn_like(p) * 0.3)
            elif n in ("model.embed_tokens.weight", "lm_head.weight"):
                p.mul_(50.0)  # std 1: top logits at least 0.1 apart, greedy tokens varied
            else:
                p.mul_(5.0)  # std 0.1
    return m


def _f(x) -> float:
    return float(f"{float(x):.9g}")


@torch.no_grad()
def golden(m: Qwen2WithValueHead, tok: BpeTokenizer) -> dict:
    ids = tok.encode(TEXT)
    logits, values = m(torch.tensor([ids]))
    seq = list(ids)
    greedy, greedy_values = [], []
    for _ in range(16):
        lg, vs = m(torch.tensor([seq]))
        nxt = int(lg[0, -1].argmax())
        seq.append(nxt)
        greedy.append(nxt)
        greedy_values.append(_f(m(torch.tensor([seq]))[1][0, -1]))
    return {"text": TEXT, "ids": ids, "logits": [[_f(v) for v in row] for row in logits[0]],
            "values": [_f(v) for v in values[0]], "greedy": greedy, "greedy_values": greedy_values}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    m = build(a.seed)
    export(m, TOKENIZER, a.out, a.dtype)
    back = load(a.out).eval()  # golden values come from the folder as written (bf16 rounding included)
    g = golden(back, BpeTokenizer.load(TOKENIZER))
    with open(os.path.join(a.out, "golden.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(g, f)
    print(f"wrote {a.out}: {back.num_parameters():,} parameters, {len(g['ids'])} prompt ids, greedy {g['greedy']}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
