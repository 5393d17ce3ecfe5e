"""Exports the model as a Hugging Face folder and reads such a folder back into the plain-PyTorch model.

Folder: config.json (Qwen2ForCausalLM fields, plus "value_model": true as Super_MARIO marks it),
model.safetensors (the LM, Hugging Face Qwen2 tensor names), value_head.safetensors (`v_head.summary.weight`
[1, hidden], `v_head.summary.bias` [1]: Super_MARIO's value_head.pth keys, in safetensors rather than pickle),
tokenizer.json, generation_config.json.
"""

import json
import os
import shutil
from typing import Dict

import torch

from .model import Qwen2Config, Qwen2WithValueHead
from .safetensors_io import load_file, save_file

_DT = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def hf_config(c: Qwen2Config, dtype: str) -> Dict:
    return {
        "architectures": ["Qwen2ForCausalLM"],
        "model_type": "qwen2",
        "hidden_act": "silu",
        "hidden_size": c.hidden_size,
        "intermediate_size": c.intermediate_size,
        "num_hidden_layers": c.num_hidden_layers,
        "num_attention_heads": c.num_attention_heads,
        "num_key_value_heads": c.num_key_value_heads,
        "max_position_embeddings": c.max_position_embeddings,
        "rms_norm_eps": c.rms_norm_eps,
        "rope_theta": c.rope_theta,
        "vocab_size": c.vocab_size,
        "tie_word_embeddings": c.tie_word_embeddings,
        "initializer_range": c.initializer_range,
        "bos_token_id": c.bos_token_id,
        "eos_token_id": c.eos_token_id,
        "torch_dtype": dtype,
        "attention_dropout": 0.0,
        "use_cache": True,
        "use_sliding_window": False,
        "sliding_window": c.max_position_embeddings,
        "max_window_layers": c.num_hidden_layers,
        "value_model": True,
        "summary_dropout_prob": c.summary_dropout_prob,
    }


def export(model: Qwen2WithValueHead, tokenizer_json: str, out_dir: str, dtype: str = "float32") -> None:
    if dtype not in _DT:
        raise ValueError(f"dtype must be one of {sorted(_DT)}, got {dtype!r}")
    c = model.config
    os.makedirs(out_dir, exist_ok=True)
    sd = model.state_dict()
    lm = {k: v.to(_DT[dtype]) for k, v in sd.items() if not k.startswith("v_head.")}
    if c.tie_word_embeddings:
        lm.pop("lm_head.weight", None)
    vh = {k: v.to(_DT[dtype]) for k, v in sd.items() if k.startswith("v_head.")}
    save_file(lm, os.path.join(out_dir, "model.safetensors"), {"format": "pt"})
    save_file(vh, os.path.join(out_dir, "value_head.safetensors"), {"format": "pt"})
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(hf_config(c, dtype), f, indent=2)
    with open(os.path.join(out_dir, "generation_config.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"bos_token_id": c.bos_token_id, "eos_token_id": c.eos_token_id, "do_sample": False,
                   "max_new_tokens": 512}, f, indent=2)
    shutil.copyfile(tokenizer_json, os.path.join(out_dir, "tokenizer.json"))


def load(folder: str) -> Qwen2WithValueHead:
    """Builds the model from a folder written by `export` (or any Qwen2 folder with these tensor names)."""
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        j = json.load(f)
    fields = {k: j[k] for k in Qwen2Config.__dataclass_fields__ if k in j}
    c = Qwen2Config(**fields)
    m = Qwen2WithValueHead(c)
    sd = load_file(os.path.join(folder, "model.safetensors"))
    vh_path = os.path.join(folder, "value_head.safetensors")
    if os.path.exists(vh_path):
        sd.update(load_file(vh_path))
    expected = m.state_dict()
    if c.tie_word_embeddings:
        sd.setdefault("lm_head.weight", sd.get("model.embed_tokens.weight"))
    missing = sorted(set(expected) - set(sd))
    unexpected = sorted(set(sd) - set(expected))
    if missing or unexpected:
        raise ValueError(f"{folder}: missing tensors {missing[:5]}, unexpected tensors {unexpected[:5]}")
    for k, v in sd.items():
        if tuple(v.shape) != tuple(expected[k].shape):
            raise ValueError(f"{folder}: tensor {k} has shape {list(v.shape)}, config implies {list(expected[k].shape)}")
    m.load_state_dict({k: v.float() for k, v in sd.items()})
    return m
