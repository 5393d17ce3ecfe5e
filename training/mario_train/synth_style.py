"""A second solution style: each code step's thought opens with the question's sentence that the step takes its
number from, quoted verbatim ("He gets another $58 for walking dogs." Add the $58 he earns.).

Why: the policy's mistakes on synth-arith are a number taken from the wrong clause or miscopied, and its samples
repeat them, so search has little to choose from (docs/model-card.md, "Session 6"). Trained on a mix of the plain
and the quoting style, the policy's samples take either route, and a quote is a long verbatim copy that finds its
place in the question; measured in session 6, it made a right answer among twenty samples far more likely.
"""
import re
from typing import Dict, List

from .stepfmt import NUMBER, CodeStep, parse_solution, prose_number, solution_text
_SENTENCE = re.compile(r"[^.?!]+[.?!]")


def sentences(question: str) -> List[str]:
    """The question's sentences, each with its closing punctuation, stripped."""
    return [s.strip() for s in _SENTENCE.findall(question)]


def with_quoted_clauses(problem: Dict) -> Dict:
    """`problem` (a gen_synth record) in the quoting style. A step quotes the first sentence, at or after the one the
    previous quote used, that contains one of the numbers in its code; a step whose numbers are not in the question
    (a unit conversion by 1000) keeps its plain thought. Code, outputs and the final step are unchanged."""
    sents = sentences(problem["question"])
    at = 0
    steps = []
    for st in parse_solution(problem["solution"]):
        if isinstance(st, CodeStep):
            numbers = [prose_number(m.group()) for m in NUMBER.finditer(st.code)]
            hit = next((i for i in range(at, len(sents))
                        if any(n.search(sents[i]) for n in numbers)), None)
            if hit is not None:
                st = CodeStep(f'"{sents[hit]}" {st.thought}', st.code, st.output)
                at = hit
        steps.append(st)
    return {**problem, "solution": solution_text(steps)}
