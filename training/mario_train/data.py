"""Training examples: round 0 (supervised solutions) and round 1 (AlphaMath Q-value paths), and batching.

Round-1 input schema (one JSON object per line, what `dotnet mario export --format alphamath` is to write;
Super_MARIO's LLaMA-Factory layout, section 5 of SEARCH_REFERENCE.md):

    {"id": "synth-train-00042",                      optional, used in messages
     "question": "<question text>",                  required
     "answer": "<gold>",                             optional
     "response": [                                   required, >= 1 step, root -> leaf order
        {"step": "<step text>", "Q": 0.37},          "step": the node's text, i.e. the generated step plus, for a
        ...                                          code step, its observation ("<step>...</code>\\n<output>\\n..
        {"step": "<final step text>", "Q": 1.0}]}    \\n</output>\\n</step>"); "Q" in [-1, 1]: W/N from the
                                                     search, the last one the terminal reward, exactly +1 or -1
                                                     ("P", a prior, may be present and is ignored)

Two optional fields make a path's value targets dense (make_value_contrast.py writes them; the engine still reads
the value at a step's last token, which stays one of the targets):

     "dense": true,                                  a Q target on every token of the response, not only on
                                                     each step's last: +1 up to the point below, -1 from it on
     "wrong_from": 17                                char offset into the LAST step where it stops being
                                                     completable (the first char that differs from the gold
                                                     step); absent: the whole path is +1 (a gold path)
     "wrong_step": 2                                 optional: the step "wrong_from" points into, when the path
                                                     goes on after it (make_value_contrast.py --continue); every
                                                     step from it on must have Q -1
     "policy_from": 3                                optional, on such a path: the steps from this index on (the
                                                     gold procedure carried on from the wrong values) also train
                                                     the policy (make_value_contrast.py --train-continuation)
     "stop": true                                    optional, on a wrong path: the policy is trained to end
                                                     (end-of-text) right after the last step, and on nothing else
                                                     (make_value_contrast.py --give-up)

Why: a miscopied number is one or two tokens; a target on every token after it (and +1 on the identical prefix)
gives the head a hundred supervised positions per path instead of five, all consistent with what the value means.

The training text is `question_prompt(question) + concat(step.strip() + "\\n")`, which is exactly the prefix the
engine scores at search time; the Q target sits on the last token of each step (the one holding its final
"\\n"); next-token labels cover the steps only when the final Q is +1 (negative paths train the value only).
"""

import math
import random
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import torch

from .bpe import ENDOFTEXT, BpeTokenizer
from .stepfmt import loss_spans, parse_solution, question_prompt
from .synth_check import read_jsonl_lines

IGNORE = -100


@dataclass
class Example:
    ids: List[int]
    lm_mask: List[bool]           # lm_mask[i]: token i is a training target (predicted from i-1)
    q_targets: List[Tuple[int, float]]  # (token index, Q) for value regression


def _mask_from_spans(offsets: Sequence[Tuple[int, int]], spans: Sequence[Tuple[int, int]]) -> List[bool]:
    out = []
    for s, _ in offsets:
        out.append(any(a <= s < b for a, b in spans))
    return out


def sft_example(tok: BpeTokenizer, problem: Dict, train_on_outputs: bool = False) -> Example:
    steps = parse_solution(problem["solution"])
    text, spans = loss_spans(problem["question"], steps, train_on_outputs)
    ids, offs = tok.encode_with_offsets(text)
    mask = _mask_from_spans(offs, spans)
    eos = tok.special_ids[ENDOFTEXT]
    return Example(ids + [eos], mask + [True], [])


def _observation_span(step: str) -> Optional[Tuple[int, int]]:
    k = step.find("</code>\n<output>\n")
    return (k + len("</code>\n"), len(step)) if k >= 0 else None


def alphamath_example(tok: BpeTokenizer, rec: Dict, where: str, train_on_outputs: bool = False) -> Example:
    """One round-1 path; raises ValueError naming `where` (file:line) and the field at fault."""
    if not isinstance(rec.get("question"), str) or not rec["question"].strip():
        raise ValueError(f"{where}: 'question' must be a non-empty string")
    resp = rec.get("response")
    if not isinstance(resp, list) or not resp:
        raise ValueError(f"{where}: 'response' must be a non-empty list of {{step, Q}}")
    text = question_prompt(rec["question"])
    lm_spans: List[Tuple[int, int]] = []
    ends: List[Tuple[int, float]] = []
    starts: List[Tuple[int, str]] = []
    for k, st in enumerate(resp):
        if not isinstance(st, dict) or not isinstance(st.get("step"), str) or not st["step"].strip():
            raise ValueError(f"{where}: response[{k}].step must be a non-empty string")
        q = st.get("Q")
        if not isinstance(q, (int, float)) or isinstance(q, bool) or math.isnan(q) or not -1.0 <= q <= 1.0:
            raise ValueError(f"{where}: response[{k}].Q must be a number in [-1, 1], found {q!r}")
        s = st["step"].strip() + "\n"
        start = len(text)
        starts.append((start, s))
        obs = _observation_span(s)
        if obs is None or train_on_outputs:
            lm_spans.append((start, start + len(s)))
        else:
            lm_spans.append((start, start + obs[0]))
        text += s
        ends.append((len(text) - 1, float(q)))
    final_q = ends[-1][1]
    if final_q not in (1.0, -1.0):
        raise ValueError(f"{where}: the last step's Q is the terminal reward and must be exactly 1 or -1, found {final_q}")
    ids, offs = tok.encode_with_offsets(text)
    q_targets = []
    if rec.get("dense", False) is True:
        wrong_from = rec.get("wrong_from")
        wrong_step = rec.get("wrong_step", len(resp) - 1)
        cut = len(text) + 1
        if not isinstance(wrong_step, int) or isinstance(wrong_step, bool) or not 0 <= wrong_step < len(resp):
            raise ValueError(f"{where}: 'wrong_step' must be a step index (0..{len(resp) - 1}), found {wrong_step!r}")
        if wrong_from is not None:
            step_start, step_text = starts[wrong_step]
            which = "the last step" if "wrong_step" not in rec else f"step {wrong_step}"
            if not isinstance(wrong_from, int) or isinstance(wrong_from, bool) or not 0 <= wrong_from < len(step_text):
                raise ValueError(f"{where}: 'wrong_from' must be a char offset into {which} "
                                 f"(0..{len(step_text) - 1}), found {wrong_from!r}")
            if any(q != -1.0 for _, q in ends[wrong_step:]):
                raise ValueError(f"{where}: a path with 'wrong_from' must have Q -1 from its wrong step on, found "
                                 f"{[q for _, q in ends[wrong_step:]]}")
            cut = step_start + wrong_from
        elif "wrong_step" in rec:
            raise ValueError(f"{where}: 'wrong_step' needs 'wrong_from' (the char offset into that step)")
        elif final_q != 1.0:
            raise ValueError(f"{where}: a dense path without 'wrong_from' is a gold path and must end with Q 1")
        first = len(question_prompt(rec["question"]))
        q_targets = [(i, -1.0 if a >= cut else 1.0) for i, (a, _) in enumerate(offs) if a >= first]
    else:
        for ch, q in ends:
            idx = next(i for i, (a, b) in enumerate(offs) if a <= ch < b)
            q_targets.append((idx, q))
    stop = rec.get("stop", False)
    if stop is not False:
        if stop is not True or final_q > 0 or "policy_from" in rec:
            raise ValueError(f"{where}: 'stop' must be true, on a wrong path without 'policy_from' (the policy stops "
                             "after its last step)")
        # the policy learns to end right after this path's last step: the end-of-text token is its only target
        eos = tok.special_ids[ENDOFTEXT]
        return Example(ids + [eos], [False] * len(ids) + [True], q_targets)
    policy_from = rec.get("policy_from")
    if policy_from is not None:
        if final_q > 0 or "wrong_step" not in rec:
            raise ValueError(f"{where}: 'policy_from' belongs to a continued wrong path (one with 'wrong_step')")
        if not isinstance(policy_from, int) or isinstance(policy_from, bool) or \
                not rec["wrong_step"] < policy_from <= len(resp):
            raise ValueError(f"{where}: 'policy_from' must be a step index after 'wrong_step' "
                             f"({rec['wrong_step'] + 1}..{len(resp)}), found {policy_from!r}")
        # the steps after the wrong one are the gold procedure carried on from its values: the policy learns to go on
        # (and not to write garbage after an output it has never seen, such as a failed check's False)
        mask = _mask_from_spans(offs, lm_spans[policy_from:])
    else:
        mask = _mask_from_spans(offs, lm_spans) if final_q > 0 else [False] * len(ids)
    return Example(ids, mask, q_targets)


def read_alphamath(tok: BpeTokenizer, path: str, train_on_outputs: bool = False) -> List[Example]:
    return [alphamath_example(tok, rec, where, train_on_outputs) for where, rec in read_jsonl_lines(path)]


def batches(examples: List[Example], max_tokens: int, max_len: int, pad_id: int, seed: int):
    """Yields (ids, lm_labels, q_labels) batches forever: length-bucketed, shuffled by a seeded RNG.

    ids [B, T]; lm_labels [B, T] holds the next token or IGNORE; q_labels [B, T] holds Q or nan.
    """
    rng = random.Random(seed)
    kept = [e for e in examples if len(e.ids) <= max_len]
    if not kept:
        raise ValueError(f"no example fits in max_len {max_len}")
    if len(kept) < len(examples):
        print(f"note: {len(examples) - len(kept)} of {len(examples)} examples are longer than {max_len} tokens "
              f"and are not trained on", file=sys.stderr)
    order = sorted(range(len(kept)), key=lambda i: len(kept[i].ids))
    groups, cur, cur_max = [], [], 0
    for i in order:
        L = len(kept[i].ids)
        if cur and max(cur_max, L) * (len(cur) + 1) > max_tokens:
            groups.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, L)
    if cur:
        groups.append(cur)
    while True:
        rng.shuffle(groups)
        for g in groups:
            T = max(len(kept[i].ids) for i in g)
            ids = torch.full((len(g), T), pad_id, dtype=torch.long)
            lm = torch.full((len(g), T), IGNORE, dtype=torch.long)
            qv = torch.full((len(g), T), float("nan"))
            for r, i in enumerate(g):
                e = kept[i]
                n = len(e.ids)
                ids[r, :n] = torch.tensor(e.ids)
                tgt = torch.tensor(e.ids[1:])
                m = torch.tensor(e.lm_mask[1:], dtype=torch.bool)
                lm[r, : n - 1] = torch.where(m, tgt, torch.full_like(tgt, IGNORE))
                for idx, q in e.q_targets:
                    qv[r, idx] = q
            yield ids, lm, qv
