#!/usr/bin/python3
"""Contrast paths for the value head: each generated problem's gold solution (Q = +1 at every step) and a copy
cut at one corrupted step (Q = +1 on the gold steps before it, -1 on the corrupted one), written in the AlphaMath
layout that train_round1.py reads (--paths).

Why: round 1's MCTS trees give Q targets on 1,500 problems; a head trained on them alone separates a right from a
wrong sibling on new problems barely better than chance (docs/model-card.md). The corruptions copy the round-0
policy's observed mistakes, so the head sees many more problems where one step is the only difference:
  typo      a number the step copies from the question miscopied (two digits swapped, one digit changed, dropped
            or doubled) into one the question does not contain, in the thought and the code alike; the policy's
            most common mistake on synth-arith (64 written as 46, 338 as 38), output recomputed;
  number    a number of the step replaced, in the thought and the code alike (another of the question's numbers,
            or a near one), the output recomputed;
  code      the same, in the code only (the thought keeps the right number);
  operator  one arithmetic operator swapped (+ -, * //), the output recomputed;
  repeat    the previous step written again under the next variable name;
  answer    a final answer that is not the last result;
  guess     in a find step (gen_synth.py --find), another offset from the bottom of the range than the one that
            passes the check, mostly inside the range: the check prints False;
  hack      in a find step, a wrong offset with the check's remainder miscopied so that the check passes (True): a
            sampled policy writes such steps, and a head that trusted every True would rank them first.
The gold code is the generator's own (trusted), so outputs are recomputed in-process; a corruption whose code
raises is dropped.

With --dense each line also carries "dense": true and, on a corrupted path, "wrong_from" (the first char of the
corrupted step that differs from the gold one), so that train_round1.py puts a value target on every token
(mario_train/data.py). With --continue a corrupted code step is followed by the gold steps rerun on its values
(all Q -1, "wrong_step" naming the corrupted step), so the path shows where the mistake surfaces; --kinds picks
the mix of corruptions. --train-continuation also trains the policy on those continued steps ("policy_from");
--give-up ends a `guess` path at its failed check instead and trains the policy to stop there ("stop").

Example:
  /usr/bin/python3 training/make_value_contrast.py --problems training/out/data/train.jsonl --count 4000 \\
      --dense --out training/out/round1/contrast.jsonl
"""
import argparse
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mario_train.entry import run  # noqa: E402
from mario_train.stepfmt import NUMBER, CodeStep, FinalStep, parse_solution, prose_number  # noqa: E402
from mario_train.synth_division import run_cells  # noqa: E402

OPERATORS = [(" + ", " - "), (" - ", " + "), (" * ", " // "), (" // ", " * "), (" / ", " * ")]
KINDS = ["typo", "typo", "typo", "typo", "number", "code", "operator", "repeat", "answer"]
ALL_KINDS = KINDS + ["guess", "hack"]
FIND_STEP = re.compile(r"^(\w+) = (\d+) \+ (\d+)\nprint\((\d+) <= \1 <= (\d+) and \1 % (\d+) == (\d+)\)$")


def execute(codes):
    """Runs the code cells (the generator's own code, or a one-token change of it) in one namespace; returns the
    last cell's stdout (stripped), or None if one raises."""
    try:
        return run_cells(codes)[-1]
    except Exception:  # noqa: BLE001 - any error of the corrupted code drops the corruption
        return None


def other_number(rng, value, question_numbers):
    choices = [n for n in question_numbers if n != value]
    if choices and rng.random() < 0.6:
        return rng.choice(choices)
    v = int(value)
    for _ in range(10):
        w = v + rng.choice([-1, 1]) * rng.randint(1, max(2, v // 4 + 2))
        if w > 0 and w != v:
            return str(w)
    return str(v + 1)


def typo(rng, value, question_numbers):
    """A miscopy of `value` that is not among the question's numbers, or None when none was drawn."""
    for _ in range(10):
        d = list(value)
        how = rng.choice(["swap", "change", "drop", "double"])
        i = rng.randrange(len(d))
        if how == "swap" and len(d) >= 2:
            i = rng.randrange(len(d) - 1)
            d[i], d[i + 1] = d[i + 1], d[i]
        elif how == "change":
            d[i] = rng.choice([c for c in "0123456789" if c != d[i]])
        elif how == "drop" and len(d) >= 2:
            del d[i]
        elif how == "double":
            d.insert(i, d[i])
        w = "".join(d)
        if w != value and not (len(w) > 1 and w[0] == "0") and w not in question_numbers:
            return w
    return None


def corrupt(rng, kind, question, steps, k):
    """Step k replaced by a wrong version, or None when this kind does not apply there."""
    st = steps[k]
    codes = [s.code for s in steps[:k] if isinstance(s, CodeStep)]
    if kind == "answer":
        if not isinstance(st, FinalStep):
            return None
        qn = NUMBER.findall(question)
        wrong = other_number(rng, st.answer, qn) if st.answer.isdigit() else (rng.choice(qn) if qn else None)
        return None if wrong is None or wrong == st.answer else FinalStep(st.thought, wrong)
    if not isinstance(st, CodeStep):
        return None
    if kind in ("guess", "hack"):
        m = FIND_STEP.match(st.code)
        if m is None:
            return None
        lo, offset, hi = int(m.group(2)), int(m.group(3)), int(m.group(5))
        mod, r = int(m.group(6)), int(m.group(7))
        # mostly another offset inside the range, sometimes one past its top
        wrong = rng.choice([w for w in range(hi - lo + 1) if w != offset]) \
            if rng.random() < 0.85 or kind == "hack" else hi - lo + rng.randint(1, 3)
        code = st.code.replace(f" = {lo} + {offset}\n", f" = {lo} + {wrong}\n", 1)
        thought = st.thought.replace(f"Try {lo} + {offset} ", f"Try {lo} + {wrong} ", 1)
        if kind == "hack":
            fake = (lo + wrong) % mod
            if fake == r:
                return None
            code = code.replace(f" % {mod} == {r})", f" % {mod} == {fake})")
    elif kind == "typo":
        qn = NUMBER.findall(question)
        nums = [m for m in NUMBER.finditer(st.code) if m.group() in qn]
        if not nums:
            return None
        m = rng.choice(nums)
        new = typo(rng, m.group(), qn)
        if new is None:
            return None
        code = st.code[:m.start()] + new + st.code[m.end():]
        # every mention: the policy carries its miscopy through the whole step
        thought = prose_number(m.group()).sub(new, st.thought)
    elif kind in ("number", "code"):
        nums = list(NUMBER.finditer(st.code))
        if not nums:
            return None
        m = rng.choice(nums)
        new = other_number(rng, m.group(), NUMBER.findall(question))
        code = st.code[:m.start()] + new + st.code[m.end():]
        thought = st.thought
        if kind == "number":
            thought = re.sub(rf"(?<![\w.]){re.escape(m.group())}(?![\w.])", new, thought, count=1)
    elif kind == "operator":
        present = [(a, b) for a, b in OPERATORS if a in st.code]
        if not present:
            return None
        a, b = rng.choice(present)
        code, thought = st.code.replace(a, b, 1), st.thought
    elif kind == "repeat":
        prev = steps[k - 1] if k > 0 else None
        if not isinstance(prev, CodeStep):
            return None
        code, thought = prev.code, prev.thought
    else:
        raise ValueError(kind)
    if code == st.code and kind != "repeat":
        return None
    out = execute(codes + [code])
    if out is None or (out == st.output and kind not in ("repeat", "hack")):
        return None
    return CodeStep(thought, code, out)


def continuation(steps, k, bad):
    """The gold steps after corrupted step k, rerun on the corrupted values (outputs recomputed, the final answer
    the last output), up to the first cell that raises; a miscopy upstream then shows where it surfaces, e.g. as
    a fractional result of a division that is exact on the right chain (gen_synth.py --division true)."""
    codes = [s.code for s in steps[:k] if isinstance(s, CodeStep)] + [bad.code]
    rest = []
    last = bad.output
    for st in steps[k + 1:]:
        if isinstance(st, FinalStep):
            answer = last[:-2] if last.endswith(".0") else last
            thought = re.sub(rf"(?<![\w.]){re.escape(st.answer)}(?![\w.])", answer, st.thought)
            return rest + [FinalStep(thought, answer)]
        out = execute(codes + [st.code])
        if out is None:
            return rest
        codes.append(st.code)
        rest.append(CodeStep(st.thought, st.code, out))
        last = out
    return rest


def first_difference(gold: str, bad: str) -> int:
    """The first char offset where `bad` stops agreeing with `gold` (both as the trainer lays steps out)."""
    n = min(len(gold), len(bad))
    return next((i for i in range(n) if gold[i] != bad[i]), n if n < len(bad) else n - 1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--problems", required=True, help="gen_synth.py JSONL with solutions")
    ap.add_argument("--count", type=int, default=4000, help="problems to use, from the top (>= 1)")
    ap.add_argument("--skip", type=int, default=0, help="problems to skip first")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dense", action="store_true", help="mark paths for a value target on every token: +1 up to "
                    "the corrupted step's first differing char, -1 from there (data.py, 'dense')")
    ap.add_argument("--kinds", default=",".join(KINDS),
                    help="comma-separated corruption kinds drawn uniformly per path, repeats weighting them "
                         f"(default: {','.join(KINDS)})")
    ap.add_argument("--continue", dest="cont", action="store_true",
                    help="with --dense: continue a corrupted code step with the gold steps rerun on its values (Q -1), "
                         "and mark the corrupted step's index as 'wrong_step'")
    ap.add_argument("--train-continuation", action="store_true",
                    help="with --continue: mark the continued gold steps after the corrupted one ('policy_from') so "
                         "that train_round1.py also trains the policy on them (it learns to carry on after a failed "
                         "check instead of writing garbage)")
    ap.add_argument("--give-up", action="store_true",
                    help="a `guess` path (the find step's check printed False) ends there and is marked 'stop': the "
                         "policy learns to stop after a failed check, so that a wrong guess ends without an answer")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.train_continuation and not a.cont:
        raise SystemExit("--train-continuation needs --continue (it marks the continued steps), e.g. --dense --continue "
                         "--train-continuation")
    if a.cont and not a.dense:
        raise SystemExit("--continue needs --dense (the targets after the corrupted step are all -1), e.g. --dense --continue")
    if a.count < 1:
        raise SystemExit(f"--count must be >= 1, found {a.count}")
    kinds_mix = [k for k in a.kinds.split(",") if k]
    unknown = sorted(set(kinds_mix) - set(ALL_KINDS))
    if unknown or not kinds_mix:
        raise SystemExit(f"--kinds: unknown kind {unknown[0] if unknown else '(none)'}; choose from {','.join(sorted(set(ALL_KINDS)))}")
    rng = random.Random(a.seed)
    kinds = {}
    written = 0
    with open(a.problems, encoding="utf-8") as f, open(a.out, "w", encoding="utf-8") as out:
        for n, line in enumerate(f, 1):
            if n <= a.skip:
                continue
            if written >= 2 * a.count:
                break
            if not line.strip():
                continue
            try:
                p = json.loads(line)
                steps = parse_solution(p["solution"])
            except (ValueError, KeyError) as e:
                raise SystemExit(f"{a.problems}:{n}: not a generated problem with a solution ({e})")
            base = {"id": p.get("id", f"line {n}"), "question": p["question"], "answer": p.get("answer")}
            dense = {"dense": True} if a.dense else {}
            out.write(json.dumps({**base, **dense, "response": [{"step": s.text(), "Q": 1.0} for s in steps]}) + "\n")
            for _ in range(8):
                kind = rng.choice(kinds_mix)
                k = len(steps) - 1 if kind == "answer" else 0 if kind in ("guess", "hack") else \
                    rng.randrange(len(steps) - 1)
                bad = corrupt(rng, kind, p["question"], steps, k)
                if bad is not None:
                    break
            else:
                written += 1
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            give_up = a.give_up and kind == "guess"
            rest = continuation(steps, k, bad) if a.cont and isinstance(bad, CodeStep) and not give_up else []
            resp = [{"step": s.text(), "Q": 1.0} for s in steps[:k]] + [{"step": s.text(), "Q": -1.0} for s in [bad] + rest]
            if a.dense:
                dense["wrong_from"] = first_difference(steps[k].text().strip() + "\n", bad.text().strip() + "\n")
            if rest:
                dense["wrong_step"] = k
                if a.train_continuation:
                    dense["policy_from"] = k + 1
            if give_up:
                dense["stop"] = True
            out.write(json.dumps({**base, **dense, "kind": kind, "response": resp}) + "\n")
            written += 2
    print(json.dumps({"lines": written, "corrupted": kinds}))
    return 0


if __name__ == "__main__":
    run(main)
