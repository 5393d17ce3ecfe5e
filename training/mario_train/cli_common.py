"""Options and steps shared by the round-0 and round-1 scripts."""

import argparse
import json
import os
import random

import torch

from .bpe import ENDOFTEXT, BpeTokenizer
from .hf_export import export, load
from .model import Qwen2Config, Qwen2WithValueHead


def add_train_args(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--tokenizer", required=True, help="tokenizer.json from train_tokenizer.py")
    ap.add_argument("--out", required=True, help="output folder: checkpoint.pt, curve.csv, summary.json, hf/")
    ap.add_argument("--steps", type=int, default=300, help="optimizer steps (>= 1)")
    ap.add_argument("--lr", type=float, default=2e-3, help="peak learning rate")
    ap.add_argument("--warmup", type=int, default=30, help="linear warmup steps")
    ap.add_argument("--batch-tokens", type=int, default=4096, help="padded tokens per batch")
    ap.add_argument("--max-len", type=int, default=1024, help="longest example kept, in tokens")
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads (the machine is shared)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"], help="exported weight dtype")
    ap.add_argument("--bf16", action="store_true",
                    help="run the forward pass under CPU autocast to bfloat16 (much faster where the CPU has "
                         "AVX512-BF16 and torch's float32 BLAS is the reference one); weights stay float32")
    ap.add_argument("--train-on-outputs", action="store_true",
                    help="also train on sandbox observations (<output> blocks); off by default")


def add_size_args(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--intermediate", type=int, default=704)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--heads", type=int, default=8)
    ap.add_argument("--kv-heads", type=int, default=2)
    ap.add_argument("--tie", action="store_true", help="tie lm_head to the embeddings")


def setup(a) -> BpeTokenizer:
    if a.steps < 1:
        raise SystemExit("--steps must be at least 1, e.g. --steps 300")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    return BpeTokenizer.load(a.tokenizer)


def new_model(a, tok: BpeTokenizer) -> Qwen2WithValueHead:
    eos = tok.special_ids[ENDOFTEXT]
    c = Qwen2Config(vocab_size=tok.vocab_size, hidden_size=a.hidden, intermediate_size=a.intermediate,
                    num_hidden_layers=a.layers, num_attention_heads=a.heads, num_key_value_heads=a.kv_heads,
                    max_position_embeddings=a.max_len, tie_word_embeddings=a.tie, bos_token_id=eos, eos_token_id=eos)
    return Qwen2WithValueHead(c)


def load_init(folder: str, tok: BpeTokenizer) -> Qwen2WithValueHead:
    """The exported model to continue from (--init), checked to share the tokenizer's vocabulary."""
    model = load(folder)
    if model.config.vocab_size != tok.vocab_size:
        raise SystemExit(f"--tokenizer has {tok.vocab_size} ids but {folder} was trained with {model.config.vocab_size}")
    return model


def load_for_scoring(folder: str, threads: int):
    """An exported folder's model (in eval mode) and its tokenizer, for the probes; torch limited to `threads`."""
    torch.set_num_threads(threads)
    return load(folder).eval(), BpeTokenizer.load(os.path.join(folder, "tokenizer.json"))


def finish(a, model: Qwen2WithValueHead, summary: dict, sample_ids) -> None:
    """Saves the checkpoint, exports the HF folder, reloads it and checks the logits and values match."""
    torch.save({"config": model.config.to_dict(), "state_dict": model.state_dict()}, os.path.join(a.out, "checkpoint.pt"))
    hf = os.path.join(a.out, "hf")
    export(model, a.tokenizer, hf, a.dtype)
    summary.update(verify_export(model, hf, sample_ids))
    summary["parameters"] = model.num_parameters()
    summary["config"] = model.config.to_dict()
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps({k: v for k, v in summary.items() if k != "config"}, indent=2))


def verify_export(model: Qwen2WithValueHead, folder: str, sample_ids) -> dict:
    model.eval()
    back = load(folder).eval()
    ids = torch.tensor([sample_ids])
    with torch.no_grad():
        l1, v1 = model(ids)
        l2, v2 = back(ids)
    return {"export_max_abs_logit_diff": float((l1 - l2).abs().max()),
            "export_max_abs_value_diff": float((v1 - v2).abs().max()),
            "export_argmax_agree": bool((l1.argmax(-1) == l2.argmax(-1)).all())}
