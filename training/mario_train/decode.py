"""Greedy step-by-step decoding in Super_MARIO's SFT format, for inspecting a trained model from Python.

This is a development aid for the recipe (mario's C# engine and sandbox are the real inference path). The
loop is Super_MARIO's: generate until a stop string; a code step is closed with "\\n</code>", its code run
(earlier cells replayed) in a separate, resource-limited /usr/bin/python3 child, and the observation appended;
a step with "Final Answer:" ends the solution.
"""

import json
import re
import resource
import subprocess
import sys
from typing import Callable, List, Optional, Tuple

import torch

from .bpe import ENDOFTEXT, BpeTokenizer
from .model import Qwen2WithValueHead
from .stepfmt import FINAL_ANSWER, STEP_DELIM, STOP_STRINGS, observation_wrap, question_prompt

_CELL_RUNNER = r"""
import contextlib, io, json, sys
cells = json.load(sys.stdin)
ns = {"__name__": "__main__"}
for k, cell in enumerate(cells):
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            exec(compile(cell, "<cell>", "exec"), ns)
        out = buf.getvalue()
    except Exception as e:
        out = f"{type(e).__name__}: {e}"
print(json.dumps(out.strip()))
"""


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (5, 5))
    resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))


def run_cells(cells: List[str], timeout_s: float = 10.0) -> str:
    """Output of the last cell (earlier cells replayed first), or the error text; model code is hostile input."""
    try:
        p = subprocess.run([sys.executable, "-I", "-c", _CELL_RUNNER], input=json.dumps(cells), capture_output=True,
                           text=True, timeout=timeout_s, preexec_fn=_limits)
    except subprocess.TimeoutExpired:
        return "TimeoutError: execution timed out"
    if p.returncode != 0 or not p.stdout.strip():
        return f"Error: interpreter exited with code {p.returncode}"
    out = json.loads(p.stdout.strip().splitlines()[-1])
    return out if len(out) <= 500 else out[:250] + "..." + out[-250:]


@torch.no_grad()
def generate_step(model: Qwen2WithValueHead, tok: BpeTokenizer, prefix: str, max_new_tokens: int) -> Tuple[str, str]:
    """Greedy continuation of `prefix` up to a stop string (excluded), EOS or the token limit.

    Returns (text, reason) with reason one of "stop", "eos", "length"."""
    ids = tok.encode(prefix)
    eos = tok.special_ids[ENDOFTEXT]
    out: List[int] = []
    limit = model.config.max_position_embeddings
    cache = model.new_cache()
    feed = ids
    for _ in range(max_new_tokens):
        if len(ids) + len(out) >= limit:
            return tok.decode(out), "length"
        logits, _ = model(torch.tensor([feed]), cache)
        nxt = int(logits[0, -1].argmax())
        feed = [nxt]
        if nxt == eos:
            return tok.decode(out), "eos"
        out.append(nxt)
        text = tok.decode(out)
        for s in STOP_STRINGS:
            k = text.find(s)
            if k >= 0:
                return text[:k], "stop"
    return tok.decode(out), "length"


def solve(model: Qwen2WithValueHead, tok: BpeTokenizer, question: str, max_steps: int = 8,
          max_step_tokens: int = 200) -> Tuple[str, Optional[str]]:
    """The full greedy trajectory text (prompt included) and the extracted final answer, or None."""
    return run_loop(lambda prefix: generate_step(model, tok, prefix, max_step_tokens), question, max_steps)


def run_loop(generate: Callable[[str], Tuple[str, str]], question: str, max_steps: int = 8) -> Tuple[str, Optional[str]]:
    """Super_MARIO's step loop around any step generator (prefix -> (text before the stop string, reason))."""
    prefix = question_prompt(question)
    cells: List[str] = []
    for _ in range(max_steps):
        text, reason = generate(prefix)
        if FINAL_ANSWER in text:
            prefix += text.strip() + "\n</step>" + STEP_DELIM
            m = re.search(r"Final Answer:\s*(.*?)\s*(</p>|$)", text, re.S)
            ans = m.group(1).strip() if m else ""
            if len(ans) >= 2 and ans[0] == "$" and ans[-1] == "$":
                ans = ans[1:-1]
            return prefix, ans
        m = re.search(r"<code>\s*(.*\s```)", text, re.S)
        if m is None or reason != "stop":
            prefix += text
            return prefix, None
        code = m.group(1).strip()
        code = re.sub(r"^```(python)?\s*", "", code)
        code = re.sub(r"\s*```$", "", code)
        cells.append(code)
        obs = run_cells(cells)
        prefix += text.strip() + "\n</code>" + STEP_DELIM + observation_wrap(obs) + STEP_DELIM
    return prefix, None
