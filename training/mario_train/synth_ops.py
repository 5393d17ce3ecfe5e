"""The operations the synthetic generator chains: one question sentence and one code step each.

Generated code uses integer arithmetic with `//` only where the division is exact (checked here) and
Fraction where a result is not an integer, so every cell prints exactly the value the generator computed.
"""

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Dict, List, Tuple

from . import synth_words as W

MIN_STEPS = 2
MAX_STEPS = 6


class Reject(Exception):
    """A drawn chain violated a constraint (negative count, inexact division); the caller draws again."""


@dataclass
class Op:
    sentence: str
    thought: str
    code: List[str]
    var: str
    value: Fraction
    kind: str
    question: str
    final_thought: str
    check: int = 0   # k > 1 when the op divides the running value exactly by k (a wrong value upstream shows as a
                     # fraction here with chance about 1 - 1/k); 0 otherwise


@dataclass
class Ctx:
    rng: random.Random
    name: str
    she: str
    her: str
    him: str
    one: str
    many: str
    friend: str
    value: Fraction = Fraction(0)
    var: str = ""
    kind: str = "count"
    start_var: str = ""
    start_value: Fraction = Fraction(0)
    used: Dict[str, int] = field(default_factory=dict)
    verb: str = ""
    vehicle: str = ""
    per_batch: Fraction = Fraction(0)
    init: List[str] = field(default_factory=list)
    speeds: Tuple[int, int] = (8, 120)
    prefer_division: float = 0.0   # the checkable mix: chance that an op is drawn among the dividing ones only
    min_check: int = 0             # checkable level 2: an op counts as a check only when it divides by at least this
    find: bool = False             # the opening count is not stated but found (a number in a range with a remainder)
    find_print: str = ""           # the find step's print: the check of its guess, not the guessed number
    find_moduli: Tuple[int, ...] = ()   # the group sizes a find opening draws from

    def fresh(self, base: str) -> str:
        n = self.used.get(base, 0) + 1
        self.used[base] = n
        return base if n == 1 else f"{base}_{n}"

    def pick(self, seq):
        return self.rng.choice(seq)

    def cap(self, s: str) -> str:
        return s[:1].upper() + s[1:]


def divides(op: "Op") -> bool:
    """True when the op's code divides (exactly or with a floor)."""
    return any("//" in line or " / " in line or "Fraction(" in line for line in op.code)


def check_divisor(a: int, b: int) -> int:
    """The divisor that `x * a // b` applies to x: b / gcd(a, b) (25% divides by 4, 30% by 10, 60 / 45 by 3)."""
    return Fraction(a, b).denominator


def _int(v: Fraction) -> int:
    if v.denominator != 1:
        raise Reject()
    return v.numerator


def _exact_div(a: int, b: int) -> int:
    if b == 0 or a % b != 0:
        raise Reject()
    return a // b


# ---------------------------------------------------------------- count operations (items held by a person or made)

def op_buy_more(c: Ctx) -> Op:
    k = c.rng.randint(3, 40)
    v = c.fresh(f"total_{c.many.replace(' ', '_')}")
    return Op(c.pick([f"Then {c.she} gets {k} more {c.many}.", f"{c.cap(c.she)} receives {k} more {c.many}."]),
              c.pick([f"{c.cap(c.she)} gets {k} more {c.many}, so we add {k}.", f"Add the {k} new {c.many}."]),
              [f"{v} = {c.var} + {k}"], v, c.value + k, "count", "", "")


def op_buy_packs(c: Ctx) -> Op:
    p, q = c.rng.randint(2, 9), c.rng.randint(3, 12)
    b, v = c.fresh("bought"), c.fresh(f"total_{c.many.replace(' ', '_')}")
    return Op(c.pick([f"{c.cap(c.she)} buys {p} packs of {c.many} with {q} {c.many} in each pack.",
                      f"{c.cap(c.she)} adds {p} bags with {q} {c.many} in each bag."]),
              f"{c.cap(c.she)} buys {p} packs of {q}, which is {p} * {q} {c.many}; add them to the total.",
              [f"{b} = {p} * {q}", f"{v} = {c.var} + {b}"], v, c.value + p * q, "count", "", "")


def op_dozens(c: Ctx) -> Op:
    d = c.rng.randint(2, 6)
    e, v = c.fresh("extra"), c.fresh(f"total_{c.many.replace(' ', '_')}")
    return Op(c.pick([f"Later {c.she} gets {d} dozen more {c.many}.", f"{c.cap(c.she)} receives {d} dozen {c.many}."]),
              f"One dozen is 12, so {d} dozen is {d} * 12 {c.many}. Add them.",
              [f"{e} = {d} * 12", f"{v} = {c.var} + {e}"], v, c.value + d * 12, "count", "", "")


def op_give(c: Ctx) -> Op:
    cur = _int(c.value)
    if cur < 8:
        raise Reject()
    k = c.rng.randint(2, min(cur - 3, 40))
    to = c.pick([c.friend, c.pick(W.RECEIVERS)])
    v = c.fresh("left")
    return Op(c.pick([f"{c.cap(c.she)} gives {k} {c.many} to {to}.", f"{c.cap(c.she)} hands {k} {c.many} to {to}."]),
              c.pick([f"{c.cap(c.she)} gives away {k}, so we subtract {k}.", f"Subtract the {k} {c.many} given to {to}."]),
              [f"{v} = {c.var} - {k}"], v, c.value - k, "count", "", "")


def op_fraction_away(c: Ctx) -> Op:
    cur = _int(c.value)
    b = c.pick([2, 3, 4, 5, 6, 8])
    a = c.rng.randint(1, b - 1)
    if Fraction(a, b).denominator != b or cur % b != 0 or cur < 2 * b:
        raise Reject()
    g, v = c.fresh("given"), c.fresh("left")
    return Op(c.pick([f"{c.cap(c.she)} gives {a}/{b} of {c.her} {c.many} to {c.friend}.",
                      f"{c.friend} takes {a}/{b} of the {c.many}."]),
              f"{c.cap(c.she)} gives away {a}/{b} of the {c.many}. Compute that part, then subtract it.",
              [f"{g} = {c.var} * {a} // {b}", f"{v} = {c.var} - {g}"], v, c.value - c.value * a / b, "count", "", "",
              check=b)


def op_percent_sold(c: Ctx) -> Op:
    cur = _int(c.value)
    p = c.pick([10, 20, 25, 30, 40, 50, 60, 75, 80])
    if (cur * p) % 100 != 0 or cur < 4:
        raise Reject()
    s, v = c.fresh("sold"), c.fresh("left")
    return Op(c.pick([f"{c.cap(c.she)} sells {p}% of {c.her} {c.many}.", f"Then {p}% of the {c.many} are sold."]),
              f"{p}% of the {c.many} are sold, that is {c.var} * {p} / 100. Subtract them.",
              [f"{s} = {c.var} * {p} // 100", f"{v} = {c.var} - {s}"], v, c.value - c.value * p / 100, "count", "", "",
              check=check_divisor(p, 100))


def op_times(c: Ctx) -> Op:
    m, word = c.pick([(2, "doubles"), (3, "triples")])
    if c.value > 400:
        raise Reject()
    v = c.fresh(f"total_{c.many.replace(' ', '_')}")
    return Op(f"Then the number of {c.many} {c.she} has {word}.",
              f"The number {word}, so multiply by {m}.",
              [f"{v} = {c.var} * {m}"], v, c.value * m, "count", "", "")


def op_daily_use(c: Ctx) -> Op:
    cur = _int(c.value)
    d, k = c.rng.randint(2, 7), c.rng.randint(2, 9)
    if d * k >= cur:
        raise Reject()
    u, v = c.fresh("used"), c.fresh("left")
    return Op(c.pick([f"{c.cap(c.she)} uses {k} {c.many} every day for {d} days.",
                      f"For {d} days, {c.she} uses {k} {c.many} each day."]),
              f"In {d} days {c.she} uses {d} * {k} {c.many}. Subtract them.",
              [f"{u} = {d} * {k}", f"{v} = {c.var} - {u}"], v, c.value - d * k, "count", "", "")


def op_sell_each(c: Ctx) -> Op:
    p = c.rng.randint(2, 15)
    v = c.fresh("money")
    return Op(c.pick([f"{c.cap(c.she)} sells all the remaining {c.many} for ${p} each.",
                      f"All the {c.many} are then sold at ${p} per {c.one}."]),
              f"Each {c.one} sells for ${p}, so the money is the number of {c.many} times {p}.",
              [f"{v} = {c.var} * {p}"], v, c.value * p, "money", "", "")


def op_sell_bundles(c: Ctx) -> Op:
    cur = _int(c.value)
    k, p = c.pick([2, 3, 4, 5, 6, 10, 12]), c.rng.randint(3, 20)
    _exact_div(cur, k)
    b, v = c.fresh("bundles"), c.fresh("money")
    return Op(f"{c.cap(c.she)} sells them in bundles of {k} for ${p} per bundle.",
              f"First count the bundles of {k}, then multiply by ${p} per bundle.",
              [f"{b} = {c.var} // {k}", f"{v} = {b} * {p}"], v, Fraction(cur // k * p), "money", "", "", check=k)


# ---------------------------------------------------------------- money operations

def op_spend(c: Ctx) -> Op:
    cur = _int(c.value)
    if cur < 10:
        raise Reject()
    s = c.rng.randint(3, cur - 2)
    what, _ = c.pick(W.THINGS_TO_BUY)
    v = c.fresh("money_left")
    return Op(c.pick([f"{c.cap(c.she)} spends ${s} on {what}.", f"{c.cap(c.she)} buys {what} for ${s}."]),
              f"Subtract the ${s} spent on {what}.",
              [f"{v} = {c.var} - {s}"], v, c.value - s, "money", "", "")


def op_earn(c: Ctx) -> Op:
    e = c.rng.randint(5, 60)
    v = c.fresh("money")
    return Op(c.pick([f"{c.cap(c.she)} also earns ${e} from {c.pick(W.JOBS)}.",
                      f"{c.cap(c.she)} gets another ${e} for {c.pick(W.JOBS)}."]),
              f"Add the ${e} {c.she} earns.",
              [f"{v} = {c.var} + {e}"], v, c.value + e, "money", "", "")


def op_donate_percent(c: Ctx) -> Op:
    cur = _int(c.value)
    p = c.pick([10, 20, 25, 40, 50])
    if (cur * p) % 100 != 0:
        raise Reject()
    to = c.pick(W.RECEIVERS)
    s, v = c.fresh("donated"), c.fresh("money_left")
    return Op(c.pick([f"{c.cap(c.she)} donates {p}% of the money to {to}.", f"{c.cap(c.she)} gives {p}% of the money to {to}."]),
              f"{c.cap(c.she)} gives away {p}% of the money; compute that part and subtract it.",
              [f"{s} = {c.var} * {p} // 100", f"{v} = {c.var} - {s}"], v, c.value - c.value * p / 100, "money", "", "",
              check=check_divisor(p, 100))


# ---------------------------------------------------------------- terminal operations (they end the question)

def term_remainder(c: Ctx) -> Op:
    cur = _int(c.value)
    k = c.pick([3, 4, 5, 6, 7, 8, 9, 10, 12])
    if cur % k == 0 or cur < k:
        raise Reject()
    v = c.fresh("leftover")
    return Op(c.pick([f"{c.cap(c.she)} packs the {c.many} into boxes of {k}.", f"The {c.many} are put into boxes of {k}."]),
              f"The {c.many} left over after filling boxes of {k} are the remainder of the division by {k}.",
              [f"{v} = {c.var} % {k}"], v, Fraction(cur % k), "count",
              f"How many {c.many} are left over?", "{v} {many} are left over.")


def term_full_boxes(c: Ctx) -> Op:
    cur = _int(c.value)
    k = c.pick([3, 4, 5, 6, 8, 10, 12])
    if cur < k:
        raise Reject()
    v = c.fresh("boxes")
    return Op(f"{c.cap(c.she)} packs the {c.many} into boxes that hold {k} {c.many} each.",
              f"Only full boxes count, so use integer division by {k}.",
              [f"{v} = {c.var} // {k}"], v, Fraction(cur // k), "count",
              "How many boxes can be filled completely?", "{v} boxes can be filled.")


def term_compare(c: Ctx) -> Op:
    cur = _int(c.value)
    if cur < 6:
        raise Reject()
    m = c.rng.randint(1, cur - 1)
    f, v = c.fresh(f"{c.friend.lower()}_{c.many.replace(' ', '_')}"), c.fresh("difference")
    return Op(c.pick([f"{c.friend} has {m} {c.many}.", f"{c.friend} owns {m} {c.many}."]),
              f"Compare with {c.friend}: subtract {c.friend}'s {m} {c.many}.",
              [f"{f} = {m}", f"{v} = {c.var} - {f}"], v, Fraction(cur - m), "count",
              f"How many more {c.many} does {c.name} have than {c.friend}?",
              "{name} has {v} more {many} than " + c.friend + ".")


def term_ratio(c: Ctx) -> Op:
    r = c.value / c.start_value
    if r.denominator == 1 or r.numerator == 0:
        raise Reject()
    v = c.fresh("fraction_left")
    return Op("", f"Divide the final number of {c.many} by the starting {c.start_value} as an exact fraction.",
              ["from fractions import Fraction", f"{v} = Fraction({c.var}, {c.start_var})"], v, r, "count",
              f"What fraction of the {c.many} {c.she} started with does {c.she} have at the end?",
              "{name} has {v} of the starting {many}.")


def term_split_money(c: Ctx) -> Op:
    cur = _int(c.value)
    k = c.pick([2, 3, 4, 5, 6])
    _exact_div(cur, k)
    v = c.fresh("each_share")
    return Op(f"{c.cap(c.she)} shares the money equally among {k} friends.",
              f"Divide the money equally by {k}.",
              [f"{v} = {c.var} // {k}"], v, Fraction(cur // k), "money",
              "How many dollars does each friend get?", "Each friend gets ${v}.", check=k)


def term_afford(c: Ctx) -> Op:
    cur = _int(c.value)
    what, one = c.pick(W.THINGS_TO_BUY)
    p = c.rng.randint(4, 30)
    if cur < p:
        raise Reject()
    v = c.fresh("count")
    return Op(f"Each {one} costs ${p}.",
              f"Only whole items can be bought, so use integer division by {p}.",
              [f"{v} = {c.var} // {p}"], v, Fraction(cur // p), "count",
              f"How many of them can {c.she} buy with the money?", "{name} can buy {v} of them.")


COUNT_OPS: List[Callable[[Ctx], Op]] = [op_buy_more, op_buy_packs, op_dozens, op_give, op_fraction_away,
                                        op_percent_sold, op_times, op_daily_use]
TO_MONEY_OPS = [op_sell_each, op_sell_bundles]
MONEY_OPS = [op_spend, op_earn, op_donate_percent]
COUNT_TERMINALS = [term_remainder, term_full_boxes, term_compare, term_ratio]
MONEY_TERMINALS = [term_split_money, term_afford]
