"""The training loop shared by both rounds: AdamW, warmup + cosine schedule, the multi-task loss, a CSV curve."""

import csv
import math
import os
import time
from typing import Iterator, Optional

import torch
import torch.nn.functional as F

from .data import IGNORE
from .model import Qwen2WithValueHead
from .pairs import pair_loss


def multitask_loss(model: Qwen2WithValueHead, ids, lm_labels, q_labels, alpha: float, ce_weight: float = 1.0):
    """L = CE(next token, over labelled tokens) + alpha * sum((tanh v - Q)^2) / (#Q + 1e-3), as Super_MARIO.

    CE is the mean over labelled tokens, or 0 when a batch has none (all-negative round-1 batches)."""
    logits, values = model(ids)
    logits, values = logits.float(), values.float()
    n_lm = (lm_labels != IGNORE).sum()
    if n_lm > 0:
        ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), lm_labels.reshape(-1), ignore_index=IGNORE)
    else:
        ce = logits.sum() * 0.0
    has_q = ~torch.isnan(q_labels)
    nq = has_q.sum()
    if nq > 0:
        vl = ((values[has_q] - q_labels[has_q]) ** 2).sum() / (nq.float() + 1e-3)
    else:
        vl = values.sum() * 0.0
    return ce_weight * ce + alpha * vl, ce.detach(), vl.detach()


def train(model: Qwen2WithValueHead, data: Iterator, steps: int, lr: float, warmup: int, alpha: float,
          curve_path: Optional[str], log_every: int = 10, weight_decay: float = 0.1, clip: float = 1.0,
          min_lr_ratio: float = 0.1, bf16: bool = False, ce_weight: float = 1.0,
          pair_data: Optional[Iterator] = None, pair_weight: float = 1.0, pair_beta: float = 5.0) -> dict:
    """Runs `steps` optimizer steps; with `bf16` the forward pass runs under CPU autocast to bfloat16 (oneDNN),
    weights and optimizer state staying float32. With `pair_data` (pairs.pair_batches) every step also adds
    pair_weight * the pairwise loss of one pair batch (pairs.pair_loss, margin scale pair_beta)."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=weight_decay)
    model.train()
    t0 = time.time()
    writer = None
    if curve_path:
        os.makedirs(os.path.dirname(os.path.abspath(curve_path)), exist_ok=True)
        fh = open(curve_path, "w", newline="")
        writer = csv.writer(fh)
        writer.writerow(["step", "loss", "ce", "value_mse", "lr", "tokens", "seconds", "pair_loss", "pair_acc"])
    tokens = 0
    last = {}
    for step in range(1, steps + 1):
        scale = step / max(1, warmup) if step <= warmup else \
            min_lr_ratio + (1 - min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))
        for g in opt.param_groups:
            g["lr"] = lr * scale
        ids, lm, qv = next(data)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss, ce, vl = multitask_loss(model, ids, lm, qv, alpha, ce_weight)
            pl = pa = torch.tensor(float("nan"))
            if pair_data is not None:
                pids, at = next(pair_data)
                _, pv = model(pids)
                pl, pa = pair_loss(pv, at, pair_beta)
                loss = loss + pair_weight * pl
                tokens += int(pids.numel())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        tokens += int(ids.numel())
        last = {"step": step, "loss": float(loss), "ce": float(ce), "value_mse": float(vl)}
        if pair_data is not None:
            last.update({"pair_loss": float(pl), "pair_acc": float(pa)})
        if writer:
            writer.writerow([step, f"{float(loss):.5f}", f"{float(ce):.5f}", f"{float(vl):.5f}", f"{lr * scale:.3e}",
                             tokens, f"{time.time() - t0:.1f}", f"{float(pl):.5f}", f"{float(pa):.3f}"])
        if step % log_every == 0 or step == 1 or step == steps:
            print(f"step {step:5d}/{steps}  loss {float(loss):.4f}  ce {float(ce):.4f}  value {float(vl):.4f}  "
                  f"{f'pairs {float(pl):.4f} ({float(pa):.0%})  ' if pair_data is not None else ''}"
                  f"lr {lr * scale:.2e}  {time.time() - t0:.0f}s", flush=True)
    if writer:
        fh.close()
    model.eval()
    last["seconds"] = time.time() - t0
    last["tokens"] = tokens
    return last
