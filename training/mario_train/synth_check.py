"""Verifies generated problems: format, code outputs (by really running the code), answers, disjointness."""

import json
from fractions import Fraction
import subprocess
import sys
from typing import Dict, Iterable, List, Tuple

from .stepfmt import CodeStep, FinalStep, final_answer, parse_solution

# Runs in a fresh /usr/bin/python3 child. Each problem gets a fresh namespace; its cells run in order in it,
# which is what the sandbox's replay of earlier cells amounts to for deterministic code. Only the last
# statement of a cell prints, so capturing each cell's stdout gives exactly the observation.
_RUNNER = r"""
import contextlib, io, json, sys
out = []
for cells in json.load(sys.stdin):
    ns = {"__name__": "__main__"}
    res = []
    for cell in cells:
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf):
                exec(compile(cell, "<cell>", "exec"), ns)
            res.append(buf.getvalue().strip())
        except Exception as e:
            res.append(f"{type(e).__name__}: {e}")
    out.append(res)
json.dump(out, sys.stdout)
"""


def run_cells(problems_cells: List[List[str]], python: str = sys.executable) -> List[List[str]]:
    """Runs every problem's cells in a child interpreter; returns each cell's stripped stdout (or its error)."""
    proc = subprocess.run([python, "-I", "-c", _RUNNER], input=json.dumps(problems_cells), capture_output=True,
                          text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"code runner failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def check_problems(problems: List[Dict], source: str, python: str = sys.executable) -> List[str]:
    """Returns one message per defect, each naming the source file, line and problem id; empty when all is well."""
    errors: List[str] = []
    parsed = []
    for line_no, p in enumerate(problems, 1):
        where = f"{source}:{line_no} ({p.get('id', '?')})"
        missing = [k for k in ("id", "question", "answer", "solution", "steps", "difficulty") if k not in p]
        if missing:
            errors.append(f"{where}: missing field(s) {', '.join(missing)}")
            parsed.append([])
            continue
        try:
            steps = parse_solution(p["solution"])
        except ValueError as e:
            errors.append(f"{where}: solution does not parse: {e}")
            parsed.append([])
            continue
        codes = [s for s in steps if isinstance(s, CodeStep)]
        if not steps or not isinstance(steps[-1], FinalStep) or any(isinstance(s, FinalStep) for s in steps[:-1]):
            errors.append(f"{where}: expected code steps then exactly one final step")
        if len(codes) != p["steps"]:
            errors.append(f"{where}: 'steps' is {p['steps']} but the solution has {len(codes)} code steps")
        elif not 1 <= p["steps"] <= 6:   # 1: the checkable mix's level 3 joins a 2-operation problem into one step
            errors.append(f"{where}: 'steps' is {p['steps']}, expected 1 to 6 code steps")
        if final_answer(p["solution"]) != p["answer"]:
            errors.append(f"{where}: Final Answer {final_answer(p['solution'])!r} != gold {p['answer']!r}")
        if codes and not _same_number(codes[-1].output, p["answer"]):
            errors.append(f"{where}: last printed output {codes[-1].output!r} != gold {p['answer']!r}")
        parsed.append(codes)
    outputs = run_cells([[c.code for c in codes] for codes in parsed], python)
    for line_no, (p, codes, got) in enumerate(zip(problems, parsed, outputs), 1):
        for k, (c, g) in enumerate(zip(codes, got), 1):
            if c.output != g:
                errors.append(f"{source}:{line_no} ({p['id']}): code step {k} prints {g!r}, solution claims {c.output!r}")
    return errors


def normalize_question(q: str) -> str:
    return " ".join(q.lower().split())


def overlap(eval_problems: Iterable[Dict], train_problems: Iterable[Dict]) -> Dict[str, int]:
    """Counts shared questions and shared seeds between two problem sets (both must be 0 for disjointness)."""
    eq = {normalize_question(p["question"]) for p in eval_problems}
    es = {p.get("seed") for p in eval_problems}
    tq = [normalize_question(p["question"]) for p in train_problems]
    ts = [p.get("seed") for p in train_problems]
    return {"shared_questions": sum(q in eq for q in tq), "shared_seeds": sum(s in es for s in ts if s is not None)}


def _same_number(printed: str, gold: str) -> bool:
    """The true-division rendering prints `30.0` for a gold `30`; the value must match, and the text otherwise."""
    if printed == gold:
        return True
    try:
        return Fraction(printed) == Fraction(gold)
    except (ValueError, ZeroDivisionError):
        return False


def read_jsonl_lines(path: str) -> List[Tuple[str, Dict]]:
    """Every non-blank line of a JSONL file as ("path:line", object); ValueError naming the line otherwise."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not valid JSON: {e.msg}") from None
            if not isinstance(rec, dict):
                raise ValueError(f"{path}:{n}: expected a JSON object")
            out.append((f"{path}:{n}", rec))
    return out


def read_jsonl(path: str) -> List[Dict]:
    return [rec for _, rec in read_jsonl_lines(path)]
