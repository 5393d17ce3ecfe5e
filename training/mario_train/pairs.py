"""Preference pairs (make_pairs.py's output) as training examples, their batches, and the pairwise loss.

Loss (Bradley-Terry, as rStar-Math's process preference model): -log sigmoid(beta * (v_chosen - v_rejected)), v the
head's value in (-1, 1) at the last token of each side's last step, the token the engine reads.
"""
import random
import sys
from dataclasses import dataclass
from typing import Dict, List

import torch
import torch.nn.functional as F

from .bpe import BpeTokenizer
from .data import alphamath_example
from .synth_check import read_jsonl_lines


@dataclass
class PairExample:
    kind: str
    chosen: List[int]       # token ids of prompt + chosen steps
    chosen_at: int          # index of the token whose value is compared
    rejected: List[int]
    rejected_at: int


def _side(tok: BpeTokenizer, rec: Dict, side: str, where: str):
    steps = rec.get(side)
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) and s.strip() for s in steps):
        raise ValueError(f"{where}: '{side}' must be a non-empty list of non-empty step texts")
    # Q values are placeholders: only the index of the last step's last token is used.
    ex = alphamath_example(tok, {"question": rec.get("question"),
                                 "response": [{"step": s, "Q": 1.0} for s in steps]}, where)
    return ex.ids, ex.q_targets[-1][0]


def pair_example(tok: BpeTokenizer, rec: Dict, where: str) -> PairExample:
    """One pair; raises ValueError naming `where` (file:line) and the field at fault."""
    kind = rec.get("kind", "")
    if not isinstance(kind, str):
        raise ValueError(f"{where}: 'kind' must be a string")
    c, ci = _side(tok, rec, "chosen", where)
    r, ri = _side(tok, rec, "rejected", where)
    return PairExample(kind, c, ci, r, ri)


def read_pairs(tok: BpeTokenizer, path: str) -> List[PairExample]:
    return [pair_example(tok, rec, where) for where, rec in read_jsonl_lines(path)]


def pair_batches(pairs: List[PairExample], pairs_per_batch: int, max_len: int, pad_id: int, seed: int):
    """Yields (ids [2B, T], at [2B]) forever: rows 0..B-1 the chosen sides, B..2B-1 the rejected ones."""
    if pairs_per_batch < 1:
        raise ValueError(f"pairs per batch must be >= 1, found {pairs_per_batch}")
    kept = [p for p in pairs if max(len(p.chosen), len(p.rejected)) <= max_len]
    if not kept:
        raise ValueError(f"no pair fits in max_len {max_len}")
    if len(kept) < len(pairs):
        print(f"note: {len(pairs) - len(kept)} of {len(pairs)} pairs are longer than {max_len} tokens and are not "
              f"trained on", file=sys.stderr)
    rng = random.Random(seed)
    order = list(range(len(kept)))
    while True:
        rng.shuffle(order)
        for s in range(0, len(order) - pairs_per_batch + 1, pairs_per_batch):
            group = [kept[i] for i in order[s:s + pairs_per_batch]]
            rows = [(p.chosen, p.chosen_at) for p in group] + [(p.rejected, p.rejected_at) for p in group]
            T = max(len(ids) for ids, _ in rows)
            ids = torch.full((len(rows), T), pad_id, dtype=torch.long)
            for k, (row, _) in enumerate(rows):
                ids[k, :len(row)] = torch.tensor(row)
            yield ids, torch.tensor([at for _, at in rows])


def pair_loss(values: torch.Tensor, at: torch.Tensor, beta: float):
    """(loss, share of pairs ordered right) for values [2B, T] of a pair batch."""
    v = values.float()[torch.arange(values.shape[0]), at]
    b = v.shape[0] // 2
    margin = v[:b] - v[b:]
    return F.softplus(-beta * margin).mean(), (margin > 0).float().mean().detach()
