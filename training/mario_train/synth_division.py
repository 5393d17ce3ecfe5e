"""The "true division" rendering of a generated solution: `//` written as `/` and `Fraction(a, b)` as
`Fraction(a) / Fraction(b)`, outputs recomputed.

Why: the generator only divides where the division is exact, so on a right chain every `/` still yields a whole
number (printed `72.0` once a division has happened), while a number miscopied upstream of a division often
makes it fractional (`75.6`). The hope was that a small value head would see the bad output without comparing
the step with the question. Measured in session 6 (docs/model-card.md): the policy's real mistakes rarely pass
through such a division, so it did not help search; the rendering stays available as a data-mix knob. The
questions and answers are unchanged; only the code, and the outputs it prints, differ from the floor rendering
that the eval suite's reference solutions use.
"""
import contextlib
import io
import re
from fractions import Fraction
from typing import Dict, List

from .stepfmt import CodeStep, FinalStep, parse_solution, solution_text

DIVISIONS = ("floor", "true")
_FRACTION_CALL = re.compile(r"Fraction\((\w+), (\w+)\)")


def _fraction_calls(code: str) -> str:
    return _FRACTION_CALL.sub(r"Fraction(\1) / Fraction(\2)", code)


def run_cells(codes: List[str]) -> List[str]:
    """Each cell's stdout (stripped), cells sharing one namespace; raises what the code raises. Only for the
    generator's own (trusted) code."""
    ns: Dict = {}
    outs = []
    for code in codes:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(code, "<cell>", "exec"), ns)  # noqa: S102 - the generator's own code
        outs.append(buf.getvalue().strip())
    return outs


def _same_value(a: str, b: str) -> bool:
    try:
        return Fraction(a) == Fraction(b)
    except (ValueError, ZeroDivisionError):
        return a == b


def with_true_division(problem: Dict) -> Dict:
    """`problem` (a gen_synth record) with its solution in the true-division rendering. Raises ValueError naming the
    problem if a recomputed output differs in value from the floor rendering's (a generator bug)."""
    steps = parse_solution(problem["solution"])
    floor = [s.code for s in steps if isinstance(s, CodeStep)]
    want = run_cells(floor)
    codes = [_fraction_calls(c) for c in floor]
    # One `//` at a time, kept as `/` only where every output keeps its value: an exact division becomes `/`, a
    # real floor ("how many can he buy") stays `//`.
    for i in range(len(codes)):
        for m in reversed([m.start() for m in re.finditer(" // ", codes[i])]):
            trial = codes[:i] + [codes[i][:m] + " / " + codes[i][m + 4:]] + codes[i + 1:]
            if all(_same_value(a, b) for a, b in zip(run_cells(trial), want)):
                codes = trial
    cells = iter(zip(codes, run_cells(codes)))
    new = []
    for s in steps:
        if isinstance(s, CodeStep):
            code, out = next(cells)
            if not _same_value(out, s.output):
                raise ValueError(f"{problem.get('id')}: true division printed {out!r} where floor division printed "
                                 f"{s.output!r}")
            new.append(CodeStep(s.thought, code, out))
        else:
            new.append(s)
    assert isinstance(new[-1], FinalStep)
    return {**problem, "solution": solution_text(new), "division": "true"}
