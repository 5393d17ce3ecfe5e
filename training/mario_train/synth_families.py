"""Operations of the travel (distance, speed, time, fuel) and recipe (fractions, cups) families."""

from fractions import Fraction
from typing import Callable, List

from .synth_ops import Ctx, Op, Reject, _exact_div, _int, check_divisor


# ---------------------------------------------------------------- travel: value is kilometres

def tr_leg_minutes(c: Ctx) -> Op:
    m = c.pick([10, 15, 20, 30, 40, 45, 50, 90])
    v2 = c.rng.randint(max(1, c.speeds[0] // 6), c.speeds[1] // 6) * 6
    leg = _exact_div(v2 * m, 60)
    l, v = c.fresh("leg_km"), c.fresh("total_km")
    return Op(c.pick([f"Then {c.she} {c.verb} at {v2} km per hour for {m} minutes.",
                      f"After that, {c.she} {c.verb} for {m} minutes at {v2} km per hour."]),
              f"{m} minutes is {m}/60 of an hour, so this part is {v2} * {m} / 60 km. Add it to the distance.",
              [f"{l} = {v2} * {m} // 60", f"{v} = {c.var} + {l}"], v, c.value + leg, "km", "", "")


def tr_detour(c: Ctx) -> Op:
    k = c.rng.randint(2, 25)
    v = c.fresh("total_km")
    return Op(f"A detour adds {k} km to the trip.", f"Add the {k} km of the detour.",
              [f"{v} = {c.var} + {k}"], v, c.value + k, "km", "", "")


def tr_round_trip(c: Ctx) -> Op:
    if c.value > 300:
        raise Reject()
    v = c.fresh("round_trip_km")
    return Op(f"{c.cap(c.she)} comes back home along the same route.",
              "Coming back along the same route doubles the distance.",
              [f"{v} = {c.var} * 2"], v, c.value * 2, "km", "", "")


def tr_days(c: Ctx) -> Op:
    d = c.rng.randint(2, 6)
    if c.value > 200:
        raise Reject()
    v = c.fresh("week_km")
    return Op(f"{c.cap(c.she)} makes this same trip on {d} days.",
              f"The trip is repeated on {d} days, so multiply by {d}.",
              [f"{v} = {c.var} * {d}"], v, c.value * d, "km", "", "")


def tr_fuel(c: Ctx) -> Op:
    cur = _int(c.value)
    k = c.pick([4, 5, 6, 8, 10, 12, 15, 20])
    _exact_div(cur, k)
    v = c.fresh("liters")
    return Op(f"The {c.vehicle} uses 1 liter of fuel for every {k} km.",
              f"Fuel used is the distance divided by {k} km per liter.",
              [f"{v} = {c.var} // {k}"], v, Fraction(cur // k), "liters", "", "", check=k)


def tr_fuel_cost(c: Ctx) -> Op:
    p = c.rng.randint(2, 9)
    v = c.fresh("fuel_cost")
    return Op(f"Fuel costs ${p} per liter.", f"Multiply the liters by ${p} per liter.",
              [f"{v} = {c.var} * {p}"], v, c.value * p, "money", "", "")


def tr_term_meters(c: Ctx) -> Op:
    v = c.fresh("meters")
    return Op("", "One kilometer is 1000 meters, so multiply by 1000.",
              [f"{v} = {c.var} * 1000"], v, c.value * 1000, "m",
              f"How many meters does {c.name} travel in total?", "{name} travels {v} meters.")


def tr_term_time_back(c: Ctx) -> Op:
    cur = _int(c.value)
    w = c.pick([10, 12, 15, 20, 24, 30, 40, 45, 60, 80, 90])
    minutes = _exact_div(cur * 60, w)
    v = c.fresh("minutes")
    return Op(f"Afterwards {c.she} covers the whole distance again at {w} km per hour.",
              f"Time in hours is distance / {w}; multiply by 60 to get minutes.",
              [f"{v} = {c.var} * 60 // {w}"], v, Fraction(minutes), "min",
              "How many minutes does that take?", "It takes {v} minutes.", check=check_divisor(60, w))


def tr_term_compare(c: Ctx) -> Op:
    cur = _int(c.value)
    if cur < 4:
        raise Reject()
    m = c.rng.randint(1, cur - 1)
    f, v = c.fresh(f"{c.friend.lower()}_km"), c.fresh("difference")
    return Op(f"{c.friend} travels {m} km in total.", f"Subtract {c.friend}'s {m} km.",
              [f"{f} = {m}", f"{v} = {c.var} - {f}"], v, Fraction(cur - m), "km",
              f"How many more kilometers does {c.name} travel than {c.friend}?",
              "{name} travels {v} km more than " + c.friend + ".")


def tr_term_split_cost(c: Ctx) -> Op:
    cur = _int(c.value)
    k = c.pick([2, 3, 4, 5])
    _exact_div(cur, k)
    v = c.fresh("each_pays")
    return Op(f"{c.cap(c.she)} splits the fuel cost equally with {k - 1} friends.",
              f"{k} people share the cost, so divide by {k}.",
              [f"{v} = {c.var} // {k}"], v, Fraction(cur // k), "money",
              "How many dollars does each person pay?", "Each person pays ${v}.", check=k)


TRAVEL_OPS: List[Callable[[Ctx], Op]] = [tr_leg_minutes, tr_detour, tr_round_trip, tr_days]
TRAVEL_TERMINALS = [tr_term_meters, tr_term_time_back, tr_term_compare]


# ---------------------------------------------------------------- recipe: value is cups (exact fractions)

def rc_extra(c: Ctx) -> Op:
    q = c.pick([Fraction(1, 2), Fraction(1, 3), Fraction(1, 4), Fraction(2), Fraction(3), Fraction(3, 4)])
    v = c.fresh("total_cups")
    lit = f"Fraction({q.numerator}, {q.denominator})" if q.denominator != 1 else str(q.numerator)
    return Op(f"{c.cap(c.she)} also uses {q} cups of {c.many} for a sauce.", f"Add the {q} cups used for the sauce.",
              [f"{v} = {c.var} + {lit}"], v, c.value + q, "cups", "", "")


def rc_double(c: Ctx) -> Op:
    v = c.fresh("total_cups")
    return Op("Then the whole amount is doubled for a party.", "Doubling means multiplying by 2.",
              [f"{v} = {c.var} * 2"], v, c.value * 2, "cups", "", "")


def rc_friend(c: Ctx) -> Op:
    m = c.rng.randint(2, 6)
    f, v = c.fresh("friend_cups"), c.fresh("total_cups")
    return Op(f"{c.friend} makes {m} batches of the same recipe.",
              f"{c.friend} needs {m} times the cups for one batch; add that to the total.",
              [f"{f} = per_batch * {m}", f"{v} = {c.var} + {f}"], v, c.value + c.per_batch * m, "cups", "", "")


def rc_term_tablespoons(c: Ctx) -> Op:
    v = c.fresh("tablespoons")
    return Op("One cup is 16 tablespoons.", "Multiply the cups by 16 to get tablespoons.",
              [f"{v} = {c.var} * 16"], v, c.value * 16, "tbsp",
              f"How many tablespoons of {c.many} are used in total?", "In total {v} tablespoons are used.")


def rc_term_left(c: Ctx) -> Op:
    k = int(c.value) + c.rng.randint(1, 6)
    v = c.fresh("cups_left")
    return Op(f"{c.cap(c.she)} started with a bag of {k} cups of {c.many}.",
              f"Subtract the cups used from the {k} cups in the bag.",
              [f"{v} = {k} - {c.var}"], v, k - c.value, "cups",
              "How many cups are left in the bag?", "{v} cups are left.")


def rc_term_jars(c: Ctx) -> Op:
    k = c.pick([2, 3, 4, 5])
    v = c.fresh("cups_per_jar")
    return Op(f"The {c.many} is shared equally among {k} jars.", f"Divide the total cups by {k} as an exact fraction.",
              [f"{v} = {c.var} / {k}"], v, c.value / k, "cups",
              "How many cups go into each jar?", "Each jar gets {v} cups.")


RECIPE_OPS: List[Callable[[Ctx], Op]] = [rc_extra, rc_double, rc_friend]
RECIPE_TERMINALS = [rc_term_tablespoons, rc_term_left, rc_term_jars]
