"""Super_MARIO's SFT ("react_sft") step format: prompt wrapping, step rendering, observation wrapping.

The strings follow Super_MARIO's constants exactly, because the C# engine's TaggedStepFormat builds the same
prompts at inference time; a mismatch of one newline would put the model off-distribution.

    prompt     = "<question> {question} </question>\\n" + join(step texts, "\\n") + "\\n"   (partial empty at root)
    code step  = "<step>\\n<p>\\n{thought}\\n</p>\\n<code>\\n```python\\n{code}\\n```\\n</code>\\n"
                 "<output>\\n{obs}\\n</output>\\n</step>"
    final step = "<step>\\n<p>\\n{thought}\\n</p>\\n<p>\\nFinal Answer: ${answer}$\\n</p>\\n</step>"
    stop       = ["\\n</code>", "</code>", "</step>"]
"""

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

STEP_DELIM = "\n"
# A whole number in code: not part of a name (`money_2`) or of a decimal.
NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")


def prose_number(number: str) -> "re.Pattern[str]":
    """`number` mentioned in prose, where the sentence's period may follow it ("costs $28.")."""
    return re.compile(rf"(?<![\w.]){re.escape(number)}(?!\w|\.\d)")

STOP_STRINGS = ["\n</code>", "</code>", "</step>"]
FINAL_ANSWER = "Final Answer:"


def question_prompt(question: str) -> str:
    """The root prompt: Super_MARIO's `prompt_wrap(question, "")`."""
    return f"<question> {question} </question>\n"


def observation_wrap(obs: str) -> str:
    """What the engine appends after a code step's `</code>`: Super_MARIO's observation wrap."""
    return "<output>\n" + obs + "\n</output>\n</step>"


@dataclass(frozen=True)
class CodeStep:
    thought: str
    code: str
    output: str

    def generated_part(self) -> str:
        """The text the policy writes (up to and including the `</code>` that the engine restores)."""
        return f"<step>\n<p>\n{self.thought}\n</p>\n<code>\n```python\n{self.code}\n```\n</code>"

    def text(self) -> str:
        return self.generated_part() + STEP_DELIM + observation_wrap(self.output)


@dataclass(frozen=True)
class FinalStep:
    thought: str
    answer: str

    def text(self) -> str:
        return f"<step>\n<p>\n{self.thought}\n</p>\n<p>\n{FINAL_ANSWER} ${self.answer}$\n</p>\n</step>"


def solution_text(steps) -> str:
    """The partial solution as it follows the prompt: each step then the step delimiter."""
    return "".join(s.text() + STEP_DELIM for s in steps)


def full_text(question: str, steps) -> str:
    return question_prompt(question) + solution_text(steps)


def loss_spans(question: str, steps, train_on_outputs: bool = False) -> Tuple[str, List[Tuple[int, int]]]:
    """The full text and the [start, end) character spans the policy is trained to produce.

    The prompt is never trained. Observations (`<output>...</output>\\n</step>`) are written by the sandbox,
    not the model, so by default they are left out of the loss; the next step's `<step>` is trained.
    """
    text = question_prompt(question)
    spans: List[Tuple[int, int]] = []
    for s in steps:
        start = len(text)
        if isinstance(s, CodeStep) and not train_on_outputs:
            gen = s.generated_part()
            spans.append((start, start + len(gen)))
            text += s.text() + STEP_DELIM
        else:
            text += s.text() + STEP_DELIM
            spans.append((start, len(text)))
    return text, spans


def parse_solution(solution: str) -> List[object]:
    """Parses a solution written by `solution_text` back into steps; raises ValueError naming the problem."""
    steps: List[object] = []
    rest = solution
    while rest:
        if not rest.startswith("<step>\n<p>\n"):
            raise ValueError(f"expected '<step>\\n<p>\\n' at offset {len(solution) - len(rest)}, found {rest[:30]!r}")
        end = rest.find("\n</step>\n")
        if end < 0:
            raise ValueError("unterminated <step> (no '\\n</step>\\n')")
        block = rest[: end + len("\n</step>")]
        rest = rest[end + len("\n</step>\n"):]
        body = block[len("<step>\n<p>\n"):]
        thought, sep, after = body.partition("\n</p>\n")
        if not sep:
            raise ValueError("step without '</p>'")
        if after.startswith("<code>\n```python\n"):
            code, sep, tail = after[len("<code>\n```python\n"):].partition("\n```\n</code>\n<output>\n")
            if not sep or not tail.endswith("\n</output>\n</step>"):
                raise ValueError("malformed code step")
            steps.append(CodeStep(thought, code, tail[: -len("\n</output>\n</step>")]))
        elif after.startswith(f"<p>\n{FINAL_ANSWER} $") and after.endswith("$\n</p>\n</step>"):
            steps.append(FinalStep(thought, after[len(f"<p>\n{FINAL_ANSWER} $"): -len("$\n</p>\n</step>")]))
        else:
            raise ValueError(f"step is neither a code step nor a final step: {after[:40]!r}")
    return steps


def final_answer(solution: str) -> Optional[str]:
    """Super_MARIO's answer extraction: text after the last 'Final Answer:' up to '</p>', one $...$ pair removed."""
    idx = solution.rfind(FINAL_ANSWER)
    if idx < 0:
        return None
    tail = solution[idx + len(FINAL_ANSWER):]
    end = tail.rfind("</p>")
    ans = (tail[:end] if end >= 0 else tail).strip()
    if len(ans) >= 2 and ans.startswith("$") and ans.endswith("$"):
        ans = ans[1:-1]
    return ans
