"""Deterministic, seeded generator of GSM8K-style multi-step arithmetic word problems.

Each problem is a chain of 2 to 6 operations on one quantity (a count, an amount of money, a distance or a
volume). Every operation is one sentence of the question and one code step of the solution, so the number of
code steps is the difficulty. The families cover rates (price each, km per hour, items per hour, dollars per
week), percentages, fractions, unit conversions (dozens, minutes/hours, km/m, cups/tablespoons), remainders and
comparisons.

Answer policy: every answer is exact, an integer or a fraction in lowest terms written "a/b" (what Python's
fractions.Fraction prints), never a decimal. Each code cell ends with exactly one print of the step's result,
so the observation equals the printed value under Super_MARIO's interpreter semantics and under a plain
replaying sandbox alike.

The find mix (`generate_mixed(find=...)`, gen_synth.py --find): a share of the problems open with a count that is
not stated but has to be found, the one number of a range of m consecutive numbers that leaves a given remainder in
groups of m ("between 71 and 79 ... in groups of 9, 7 are left over"). The solution's first step guesses it as an
offset from the bottom of the range and its code prints the check of the guess (`True`), not the number. A small
policy cannot do the modular arithmetic in its head, so its guesses vary, while the check a step later tells a right
guess from a wrong one in one token: generation hard, verification easy, the regime in which value-guided search
pays off (the interpreter's output is what the value model reads).

Determinism: problem `index` of split `split` is drawn from `random.Random(f"mario-synth/{split}/{index}")`
alone (a str seed is hashed with SHA-512, stable across CPython 3 versions and runs), so a problem never
depends on how many others were generated. The eval split and training splits use different split names,
so their seed spaces are disjoint by construction; `check_synth.py` also proves no question text is shared.
"""

import random
from fractions import Fraction
from typing import Dict, List, Optional, Tuple

from . import synth_words as W
from .stepfmt import CodeStep, FinalStep, solution_text
from .synth_division import with_true_division
from .synth_families import RECIPE_OPS, RECIPE_TERMINALS, TRAVEL_OPS, TRAVEL_TERMINALS, tr_fuel, tr_fuel_cost, \
    tr_term_split_cost
from .synth_ops import (COUNT_OPS, COUNT_TERMINALS, MAX_STEPS, MIN_STEPS, MONEY_OPS, MONEY_TERMINALS,
                        TO_MONEY_OPS, Ctx, Op, Reject, divides)

FAMILIES = ["inventory", "factory", "savings", "travel", "recipe"]
FIND_MODULI = [4, 6, 7, 8, 9]   # not 5 or 10: a last digit would give the remainder away
DIFFICULTY = {2: "easy", 3: "medium", 4: "medium", 5: "hard", 6: "hard"}
_MAX_ATTEMPTS = 2000
_MAX_ATTEMPTS_LEVEL2 = 200_000   # level 2 keeps about 1 draw in 1,000 to 3,000 for 5 and 6 steps (30 us a draw)
_MAX_OP_TRIES = 30


def _person(rng: random.Random) -> Ctx:
    name, she, her, him = rng.choice(W.PEOPLE)
    friend = rng.choice([p[0] for p in W.PEOPLE if p[0] != name])
    one, many = rng.choice(W.ITEMS)
    return Ctx(rng=rng, name=name, she=she, her=her, him=him, one=one, many=many, friend=friend)


def _is_check(c: Ctx, op: Op) -> bool:
    return c.min_check > 0 and op.check >= c.min_check


def _try_op(c: Ctx, choices, must_check: bool = False) -> Op:
    only_dividing = c.prefer_division > 0 and c.rng.random() < c.prefer_division
    for k in range(_MAX_OP_TRIES):
        op = c.rng.choice(choices)(c)
        if op.value < 0 or (op.kind != "cups" and op.value.denominator != 1 and op.question == ""):
            continue
        if must_check and not _is_check(c, op):
            continue
        if only_dividing and k < _MAX_OP_TRIES - 1 and not (_is_check(c, op) if c.min_check else divides(op)):
            continue
        return op
    raise Reject()


def _apply(c: Ctx, op: Op) -> None:
    c.value, c.var, c.kind = op.value, op.var, op.kind


def _default_question(c: Ctx, family: str) -> Tuple[str, str]:
    if c.kind == "money":
        return (f"How many dollars does {c.name} have now?", "{name} has ${v} now.") if family != "travel" else \
            ("How many dollars does the fuel cost?", "The fuel costs ${v}.")
    if c.kind == "km":
        return f"How many kilometers does {c.name} travel in total?", "{name} travels {v} km in total."
    if c.kind == "liters":
        return "How many liters of fuel are used?", "{v} liters of fuel are used."
    if c.kind == "cups":
        return f"How many cups of {c.many} are used in total?", "In total {v} cups are used."
    if c.rng.random() < 0.5:
        return f"How many {c.many} does {c.name} have at the end?", "{name} has {v} {many} at the end."
    return f"How many {c.many} does {c.name} have now?", "{name} has {v} {many} now."


def _intro(c: Ctx, family: str) -> Tuple[List[str], Optional[Op]]:
    """Opening sentences and, for families whose opening is itself a computation, that first step."""
    rng = c.rng
    if family == "inventory":
        start = rng.randint(12, 150)
        c.var = c.start_var = c.fresh(c.many.replace(" ", "_"))
        c.value = c.start_value = Fraction(start)
        if c.find:
            return _find_opening(c, start)
        c.init = [f"{c.var} = {start}"]
        return [f"{c.name} has {start} {c.many}."], None
    if family == "factory":
        subj, one, many = rng.choice(W.FACTORIES)
        r, h = rng.randint(3, 40), rng.randint(2, 9)
        c.one, c.many, c.name, c.she, c.her = one, many, "the" + subj[subj.index(" "):], "it", "its"
        v = c.start_var = c.fresh("made")
        c.start_value = Fraction(r * h)
        return [f"{subj} makes {r} {many} every hour and works for {h} hours."], Op(
            "", f"The number made is {r} {many} per hour times {h} hours.", [f"{v} = {r} * {h}"], v,
            Fraction(r * h), "count", "", "")
    if family == "savings":
        w, n = rng.randint(5, 60), rng.randint(2, 12)
        job = rng.choice(W.JOBS)
        v = c.start_var = c.fresh("money")
        c.start_value = Fraction(w * n)
        return [f"{c.name} earns ${w} per week from {job} and saves it for {n} weeks."], Op(
            "", f"{c.cap(c.she)} saves ${w} each week for {n} weeks, so multiply.", [f"{v} = {w} * {n}"], v,
            Fraction(w * n), "money", "", "")
    if family == "travel":
        c.verb, c.vehicle, lo, hi = rng.choice(W.VEHICLES)
        c.speeds = (lo, hi)
        speed, hours = rng.randint(lo // 4, hi // 4) * 4, rng.randint(1, 5)
        v = c.start_var = c.fresh("distance_km")
        c.start_value = Fraction(speed * hours)
        span = "1 hour" if hours == 1 else f"{hours} hours"
        return [f"{c.name} {c.verb} at {speed} km per hour for {span}."], Op(
            "", f"Distance is speed times time: {speed} * {hours} km.", [f"{v} = {speed} * {hours}"], v,
            Fraction(speed * hours), "km", "", "")
    if family == "recipe":
        food, ingredient = rng.choice(W.FOODS)
        b = rng.choice([2, 3, 4, 8])
        a = rng.choice([k for k in range(1, 2 * b) if Fraction(k, b).denominator == b])
        n = rng.randint(2, 9)
        c.many = ingredient
        c.per_batch = Fraction(a, b)
        v = c.start_var = c.fresh("cups")
        c.start_value = c.per_batch * n
        return [f"One batch of {food} needs {a}/{b} cups of {ingredient}. {c.name} makes {n} batches."], Op(
            "", f"Multiply the {a}/{b} cups for one batch by {n} batches, exactly with fractions.",
            ["from fractions import Fraction", f"per_batch = Fraction({a}, {b})", f"{v} = per_batch * {n}"], v,
            c.start_value, "cups", "", "")
    raise ValueError(f"unknown family {family!r}")


def _find_opening(c: Ctx, start: int) -> Tuple[List[str], Op]:
    """The find opening: the count is the one number of a range of m that leaves r in groups of m. Its step guesses
    the number and prints the check of the guess (`True`), not the number: proposing the number is hard for a small
    policy and checking it is one line of code, the regime where a value model reading the output can steer search."""
    m = c.pick(c.find_moduli or FIND_MODULI)
    r = start % m
    if r == 0:   # "0 are left over" reads oddly; the draw is retried
        raise Reject()
    lo = start - c.rng.randrange(m)
    hi = lo + m - 1
    v, k = c.var, start - lo
    c.find_print = f"print({lo} <= {v} <= {hi} and {v} % {m} == {r})"
    left = "1 is" if r == 1 else f"{r} are"
    sentence = f"{c.name} has between {lo} and {hi} {c.many}. When {c.she} puts them in groups of {m}, {left} left over."
    # the guess is an offset from the bottom of the range (0 to m - 1), the one choice the policy has to make
    thought = (f"Find the number of {c.many}: it is {lo} plus 0 to {m - 1} and leaves {r} in groups of {m}. "
               f"Try {lo} + {k} and check it.")
    return [sentence], Op("", thought, [f"{v} = {lo} + {k}"], v, Fraction(start), "count", "", "")


def _ops_for(c: Ctx, family: str, last: bool, terminal: bool, to_money_here: bool):
    if family == "travel":
        if c.kind == "km":
            if last and terminal:
                return TRAVEL_TERMINALS
            return [tr_fuel] if to_money_here else TRAVEL_OPS
        if c.kind == "liters":
            return [tr_fuel_cost]
        if last and terminal:
            return [tr_term_split_cost]
        raise Reject()
    if family == "recipe":
        return RECIPE_TERMINALS if last and terminal else RECIPE_OPS
    if c.kind == "money":
        return MONEY_TERMINALS if last and terminal else MONEY_OPS
    if last and terminal:
        return COUNT_TERMINALS
    return TO_MONEY_OPS if to_money_here else COUNT_OPS


def _draw(rng: random.Random, steps: int, family: str, prefer_division: float = 0.0, min_check: int = 0,
          merge: bool = False, find: bool = False, find_moduli: Tuple[int, ...] = ()) -> Dict:
    c = _person(rng)
    c.prefer_division, c.min_check, c.find, c.find_moduli = prefer_division, min_check, find, find_moduli
    intro, first = _intro(c, family)
    ops: List[Op] = []
    if first is not None:
        ops.append(first)
        _apply(c, first)
    terminal = rng.random() < 0.6
    remaining = steps - len(ops)
    switch = -1
    if family in ("inventory", "factory") and rng.random() < 0.45:
        switch = rng.randrange(remaining)
    elif family == "travel" and c.vehicle in ("car", "scooter") and rng.random() < 0.45:
        # fuel then its cost (then an equal split when the question ends with one): a fixed tail
        switch = remaining - (3 if terminal else 2)
    for i in range(remaining):
        last = i == remaining - 1
        op = _try_op(c, _ops_for(c, family, last, terminal, i == switch), must_check=last and min_check > 0)
        ops.append(op)
        _apply(c, op)
    if c.kind == "liters":
        raise Reject()
    if c.value.denominator != 1 and family != "recipe" and not ops[-1].question:
        raise Reject()
    question, final = (ops[-1].question, ops[-1].final_thought) if ops[-1].question else _default_question(c, family)
    sentences = intro + [o.sentence for o in ops if o.sentence] + [question]
    code_steps = []
    k = 0
    while k < len(ops):
        o, lines, thought = ops[k], (c.init if k == 0 else []) + ops[k].code, ops[k].thought
        if k == 0 and c.find_print:
            # the find step stands alone: its output is the check of the guess, which a search can read
            code_steps.append(CodeStep(thought, "\n".join(lines + [c.find_print]), "True"))
            k += 1
            continue
        if merge and not _is_check(c, o) and k + 1 < len(ops) and _is_check(c, ops[k + 1]):
            # level 3: the check joins the step before it, so a wrong number there shows in that step's own output
            o = ops[k + 1]
            lines, thought = lines + o.code, f"{thought} {o.thought}"
            k += 1
        code_steps.append(CodeStep(thought, "\n".join(lines + [f"print({o.var})"]), str(o.value)))
        k += 1
    answer = str(c.value)
    if not final.startswith("{"):
        final = final[0].lower() + final[1:]
    final_text = final.format(v=answer, name=c.name, many=c.many)
    code_steps.append(FinalStep(f"From the result, {final_text}", answer))
    text = " ".join(sentences)
    return {"question": text, "answer": answer, "steps_list": code_steps, "family": family, "steps": steps,
            "checks": sum(1 for o in ops if _is_check(c, o))}


def exact_divisions(problem: Dict) -> int:
    """How many divisions of the solution are exact (the ones the true-division rendering writes as `/`)."""
    return with_true_division(problem)["solution"].count(" / ")


def generate(split: str, index: int, steps: Optional[int] = None, family: Optional[str] = None,
             checks: int = 0, min_check: int = 0, merge: bool = False, find: bool = False,
             find_moduli: Tuple[int, ...] = ()) -> Dict:
    """Problem `index` of `split`; `steps` (2..6) and `family` are drawn from the seed when not given.

    `checks` > 0 draws the checkable mix: dividing operations are preferred and a problem is kept only when at least
    `checks` of its divisions are exact, so that in the true-division rendering a number gone wrong upstream tends
    to print a fractional result a step or two later, which a value model can see without rereading the question.
    """
    rng = random.Random(f"mario-synth/{split}/{index}")
    n = steps if steps is not None else rng.randint(MIN_STEPS, MAX_STEPS)
    if not MIN_STEPS <= n <= MAX_STEPS:
        raise ValueError(f"steps must be in [{MIN_STEPS}, {MAX_STEPS}], got {n}")
    fam = family if family is not None else rng.choice(FAMILIES)
    attempts = _MAX_ATTEMPTS_LEVEL2 if min_check else _MAX_ATTEMPTS
    prefer = 0.0 if checks == 0 else 0.9 if min_check else 0.7
    for _ in range(attempts):
        try:
            p = _draw(rng, n, fam, prefer_division=prefer, min_check=min_check, merge=merge, find=find,
                      find_moduli=find_moduli)
        except Reject:
            continue
        steps_list = p.pop("steps_list")
        op_checks = p.pop("checks")
        out = {
            "id": f"synth-{split}-{index:05d}",
            "question": p["question"],
            "answer": p["answer"],
            "solution": solution_text(steps_list),
            "steps": len(steps_list) - 1 if merge else n,   # code steps (level 3 joins some); difficulty stays by op count
            "difficulty": DIFFICULTY[n],
            "family": fam,
            "seed": f"mario-synth/{split}/{index}",
        }
        if find:
            out["find"] = True
        if checks > 0 and (op_checks if min_check else exact_divisions(out)) < checks:
            continue
        return out
    raise RuntimeError(f"no valid problem for {split}/{index} after {attempts} draws ({fam}, {n} steps)")


def checks_for(steps: int) -> int:
    """The checkable mix's rule: at least half of the code steps (rounded up) divide exactly."""
    return (steps + 1) // 2


CHECK_LEVELS = (0, 1, 2, 3)
LEVEL2_MIN_CHECK = 4   # a division by 4 or more shows a wrong upstream value as a fraction at least 3 times in 4


def generate_mixed(split: str, index: int, min_steps: int, max_steps: int, families: List[str],
                   balanced_slot: Optional[int] = None, checkable: int = 0, find: float = 0.0,
                   find_moduli: Tuple[int, ...] = ()) -> Dict:
    """Problem `index` of `split` drawn from a data mix; with the full mix (2..6 steps, all families) this is exactly
    `generate(split, index)` (or, with `balanced_slot`, the graded suite's cycling step count). With `find` in (0, 1]
    that share of the problems (drawn from the seed) are inventory problems whose opening count must be found
    (`_find_opening`), with group sizes from `find_moduli` (default FIND_MODULI)."""
    find_here = find > 0 and random.Random(f"mario-synth/{split}/{index}/find").random() < find
    if balanced_slot is not None:
        steps = min_steps + balanced_slot % (max_steps - min_steps + 1)
    elif (min_steps, max_steps) == (MIN_STEPS, MAX_STEPS):
        steps = None
    else:
        steps = random.Random(f"mario-synth/{split}/{index}/steps").randint(min_steps, max_steps)
    family = None
    if sorted(families) != sorted(FAMILIES):
        family = random.Random(f"mario-synth/{split}/{index}/family").choice(sorted(families))
    if find_here:
        family = "inventory"
    if not checkable and not find_here:
        return generate(split, index, steps=steps, family=family)
    if steps is None:
        steps = random.Random(f"mario-synth/{split}/{index}/steps").randint(min_steps, max_steps)
    return generate(split, index, steps=steps, family=family, checks=checks_for(steps) if checkable else 0,
                    min_check=LEVEL2_MIN_CHECK if checkable >= 2 else 0, merge=checkable >= 3,
                    find=find_here, find_moduli=tuple(find_moduli))


def generate_split(split: str, count: int, balanced_steps: bool = False) -> List[Dict]:
    """`count` problems of `split`; with `balanced_steps` the step counts cycle 2..6 for a graded suite."""
    out = []
    for i in range(count):
        n = MIN_STEPS + i % (MAX_STEPS - MIN_STEPS + 1) if balanced_steps else None
        out.append(generate(split, i, steps=n))
    return out
