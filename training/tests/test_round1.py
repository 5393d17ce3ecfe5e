import contextlib
import io
import json
import os
import tempfile
import unittest

import torch

import train_round0
import train_round1
import value_probe
from mario_train import synth
from mario_train.bpe import BpeTokenizer
from mario_train.data import IGNORE, alphamath_example, batches, read_alphamath, sft_example
from mario_train.hf_export import export, load
from mario_train.stepfmt import question_prompt
from mario_train.trainer import multitask_loss

from .test_model import TOKENIZER, tiny

CODE_STEP = ("<step>\n<p>\nMultiply the price by the count.\n</p>\n<code>\n```python\ncost = 4 * 3\nprint(cost)\n```\n"
             "</code>\n<output>\n12\n</output>\n</step>")
GOOD_FINAL = "<step>\n<p>\nSo it costs $12.\n</p>\n<p>\nFinal Answer: $12$\n</p>\n</step>"
BAD_FINAL = "<step>\n<p>\nSo it costs $7.\n</p>\n<p>\nFinal Answer: $7$\n</p>\n</step>"
QUESTION = "Ava buys 4 pens at $3 each. How many dollars does she spend?"


def paths_jsonl():
    return [
        {"id": "p1", "question": QUESTION, "answer": "12",
         "response": [{"step": CODE_STEP, "Q": 0.5}, {"step": GOOD_FINAL, "Q": 1.0}]},
        {"id": "p2", "question": QUESTION, "answer": "12",
         "response": [{"step": CODE_STEP, "Q": -0.25, "P": 0.4}, {"step": BAD_FINAL, "Q": -1}]},
    ]


def export_tiny_with_paths(d, records, name="init"):
    """A tiny model exported to d/name and the records written to d/paths.jsonl; returns both paths."""
    m = tiny()
    m.config.max_position_embeddings = 512
    folder = os.path.join(d, name)
    export(m, TOKENIZER, folder)
    paths = os.path.join(d, "paths.jsonl")
    with open(paths, "w") as f:
        for rec in records:
            f.write(json.dumps(rec) + "\n")
    return folder, paths


def write_problems(d, name, split, count):
    """`count` generated two-step problems of `split`, written to d/name as round 0's JSONL; returns the path."""
    path = os.path.join(d, name)
    with open(path, "w") as f:
        for i in range(count):
            f.write(json.dumps(synth.generate(split, i, steps=2)) + "\n")
    return path


def run_contrast(module, problems, count, *flags):
    """make_value_contrast.main on `problems` generated training problems; returns its exit code and the rows."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "train.jsonl")
        with open(path, "w") as f:
            for i in range(problems):
                f.write(json.dumps(synth.generate("train", i)) + "\n")
        out = os.path.join(d, "contrast.jsonl")
        with contextlib.redirect_stdout(io.StringIO()):
            rc = module.main(["--problems", path, "--count", str(count), *flags, "--out", out])
        with open(out) as f:
            return rc, [json.loads(line) for line in f]


class AlphaMathExampleTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tok = BpeTokenizer.load(TOKENIZER)

    def test_QTargets_SitOnTheLastTokenOfEachStep(self):
        rec = paths_jsonl()[0]
        e = alphamath_example(self.tok, rec, "mem:1")
        text = question_prompt(QUESTION) + CODE_STEP + "\n" + GOOD_FINAL + "\n"
        self.assertEqual(self.tok.decode(e.ids), text)
        (i1, q1), (i2, q2) = e.q_targets
        self.assertEqual((q1, q2), (0.5, 1.0))
        self.assertEqual(self.tok.decode(e.ids[: i1 + 1]), question_prompt(QUESTION) + CODE_STEP + "\n")
        self.assertEqual(i2, len(e.ids) - 1)

    def test_PositivePath_TrainsStepsButNotPromptOrObservation(self):
        e = alphamath_example(self.tok, paths_jsonl()[0], "mem:1")
        trained = self.tok.decode([t for t, m in zip(e.ids, e.lm_mask) if m])
        self.assertNotIn("Ava buys", trained)
        self.assertNotIn("<output>", trained)
        self.assertIn("cost = 4 * 3", trained)
        self.assertIn("Final Answer: $12$", trained)

    def test_NegativePath_TrainsOnlyTheValue(self):
        e = alphamath_example(self.tok, paths_jsonl()[1], "mem:2")
        self.assertFalse(any(e.lm_mask))
        self.assertEqual([q for _, q in e.q_targets], [-0.25, -1.0])

    def test_BadRecords_AreRejectedNamingLineAndField(self):
        cases = [
            ({"question": QUESTION, "response": [{"step": GOOD_FINAL, "Q": 0.3}]}, "exactly 1 or -1"),
            ({"question": QUESTION, "response": [{"step": GOOD_FINAL, "Q": 1.5}]}, "response[0].Q"),
            ({"question": QUESTION, "response": [{"step": GOOD_FINAL, "Q": "1"}]}, "response[0].Q"),
            ({"question": QUESTION, "response": []}, "'response'"),
            ({"question": "", "response": [{"step": GOOD_FINAL, "Q": 1}]}, "'question'"),
            ({"question": QUESTION, "response": [{"step": " ", "Q": 1}]}, "response[0].step"),
        ]
        for rec, needle in cases:
            with tempfile.TemporaryDirectory() as d:
                p = os.path.join(d, "paths.jsonl")
                with open(p, "w") as f:
                    f.write(json.dumps(paths_jsonl()[0]) + "\n" + json.dumps(rec) + "\n")
                with self.assertRaises(ValueError) as cm:
                    read_alphamath(self.tok, p)
            self.assertIn("paths.jsonl:2", str(cm.exception))
            self.assertIn(needle, str(cm.exception))

    def test_Dense_TargetsEveryResponseToken_PlusBeforeTheCut_MinusFromIt(self):
        bad = {"question": QUESTION, "dense": True, "wrong_from": BAD_FINAL.index("7"),
               "response": [{"step": CODE_STEP, "Q": 1.0}, {"step": BAD_FINAL, "Q": -1.0}]}
        e = alphamath_example(self.tok, bad, "mem:1")
        prompt = len(self.tok.encode(question_prompt(QUESTION)))
        self.assertEqual([i for i, _ in e.q_targets], list(range(prompt, len(e.ids))))
        plus = self.tok.decode([e.ids[i] for i, q in e.q_targets if q > 0])
        minus = self.tok.decode([e.ids[i] for i, q in e.q_targets if q < 0])
        self.assertEqual(plus, CODE_STEP + "\n" + BAD_FINAL[:BAD_FINAL.index("7")])
        self.assertEqual(minus, BAD_FINAL[BAD_FINAL.index("7"):] + "\n")
        self.assertFalse(any(e.lm_mask))
        gold = {"question": QUESTION, "dense": True, "response": paths_jsonl()[0]["response"][:1] +
                [{"step": GOOD_FINAL, "Q": 1.0}]}
        self.assertEqual({q for _, q in alphamath_example(self.tok, gold, "mem:2").q_targets}, {1.0})

    def test_Dense_BadCuts_AreRejectedNamingTheField(self):
        resp = [{"step": CODE_STEP, "Q": 1.0}, {"step": BAD_FINAL, "Q": -1.0}]
        cases = [
            ({"dense": True, "wrong_from": len(BAD_FINAL) + 1, "response": resp}, "'wrong_from'"),
            ({"dense": True, "wrong_from": "3", "response": resp}, "'wrong_from'"),
            ({"dense": True, "wrong_from": 3, "response": paths_jsonl()[0]["response"]}, "must have Q -1 from its wrong step on"),
            ({"dense": True, "response": resp}, "gold path"),
        ]
        for rec, needle in cases:
            with self.assertRaises(ValueError) as cm:
                alphamath_example(self.tok, {"question": QUESTION, **rec}, "paths.jsonl:4")
            self.assertIn("paths.jsonl:4", str(cm.exception))
            self.assertIn(needle, str(cm.exception))

    def test_Dense_WrongStep_CutsInsideThatStep_AndEverythingAfterIsMinus(self):
        cut = CODE_STEP.index("4 * 3")
        bad_code = CODE_STEP.replace("4 * 3", "7 * 3").replace("\n12\n", "\n21\n")
        rec = {"question": QUESTION, "dense": True, "wrong_step": 0, "wrong_from": cut,
               "response": [{"step": bad_code, "Q": -1.0}, {"step": BAD_FINAL, "Q": -1.0}]}
        e = alphamath_example(self.tok, rec, "mem:1")
        plus = self.tok.decode([e.ids[i] for i, q in e.q_targets if q > 0])
        minus = self.tok.decode([e.ids[i] for i, q in e.q_targets if q < 0])
        self.assertEqual(plus, bad_code[:cut])
        self.assertEqual(minus, bad_code[cut:] + "\n" + BAD_FINAL + "\n")

    def test_PolicyFrom_TrainsThePolicyOnTheContinuedSteps_NotOnTheWrongOne(self):
        cut = CODE_STEP.index("4 * 3")
        bad_code = CODE_STEP.replace("4 * 3", "7 * 3").replace("\n12\n", "\n21\n")
        rec = {"question": QUESTION, "dense": True, "wrong_step": 0, "wrong_from": cut, "policy_from": 1,
               "response": [{"step": bad_code, "Q": -1.0}, {"step": BAD_FINAL, "Q": -1.0}]}
        e = alphamath_example(self.tok, rec, "mem:1")
        trained = self.tok.decode([t for t, m in zip(e.ids, e.lm_mask) if m])
        self.assertEqual(trained, BAD_FINAL + "\n")
        without = alphamath_example(self.tok, {k: v for k, v in rec.items() if k != "policy_from"}, "mem:1")
        self.assertFalse(any(without.lm_mask))
        self.assertEqual(e.q_targets, without.q_targets)

    def test_Stop_TrainsOnlyTheEndOfTextAfterTheLastStep_AndBadStopsAreRejected(self):
        from mario_train.bpe import ENDOFTEXT
        cut = CODE_STEP.index("4 * 3")
        bad_code = CODE_STEP.replace("4 * 3", "7 * 3").replace("\n12\n", "\n21\n")
        rec = {"question": QUESTION, "dense": True, "wrong_from": cut, "stop": True,
               "response": [{"step": bad_code, "Q": -1.0}]}
        e = alphamath_example(self.tok, rec, "mem:1")
        self.assertEqual(e.ids[-1], self.tok.special_ids[ENDOFTEXT])
        self.assertEqual([i for i, m in enumerate(e.lm_mask) if m], [len(e.ids) - 1])
        without = alphamath_example(self.tok, {k: v for k, v in rec.items() if k != "stop"}, "mem:1")
        self.assertEqual(e.ids[:-1], without.ids)
        self.assertEqual(e.q_targets, without.q_targets)
        for bad, needle in [({**rec, "stop": 1}, "'stop' must be true"),
                            ({**rec, "response": [{"step": CODE_STEP, "Q": 1.0}], "wrong_from": None}, "'stop'")]:
            bad = {k: v for k, v in bad.items() if v is not None}
            with self.assertRaises(ValueError) as cm:
                alphamath_example(self.tok, bad, "p.jsonl:4")
            self.assertIn("p.jsonl:4", str(cm.exception))
            self.assertIn(needle, str(cm.exception))

    def test_PolicyFrom_Bad_IsRejectedNamingTheField(self):
        bad_code = CODE_STEP.replace("4 * 3", "7 * 3").replace("\n12\n", "\n21\n")
        resp = [{"step": bad_code, "Q": -1.0}, {"step": BAD_FINAL, "Q": -1.0}]
        base = {"question": QUESTION, "dense": True, "wrong_step": 0, "wrong_from": CODE_STEP.index("4 * 3")}
        cases = [
            ({**base, "policy_from": 0}, "after 'wrong_step'"),
            ({**base, "policy_from": 3}, "after 'wrong_step'"),
            ({**base, "policy_from": "1"}, "after 'wrong_step'"),
            ({"question": QUESTION, "policy_from": 1}, "continued wrong path"),
        ]
        for rec, needle in cases:
            with self.assertRaises(ValueError) as cm:
                alphamath_example(self.tok, {**rec, "response": resp}, "p.jsonl:9")
            self.assertIn("p.jsonl:9", str(cm.exception))
            self.assertIn(needle, str(cm.exception))

    def test_Dense_BadWrongStep_IsRejectedNamingTheField(self):
        resp = [{"step": CODE_STEP, "Q": 1.0}, {"step": BAD_FINAL, "Q": -1.0}]
        cases = [
            ({"wrong_step": 2, "wrong_from": 3}, "'wrong_step'"),
            ({"wrong_step": True, "wrong_from": 3}, "'wrong_step'"),
            ({"wrong_step": 0, "wrong_from": 3}, "must have Q -1 from its wrong step on"),
            ({"wrong_step": 1}, "'wrong_step' needs 'wrong_from'"),
            ({"wrong_step": 0, "wrong_from": len(CODE_STEP) + 5}, "into step 0"),
        ]
        for extra, needle in cases:
            with self.assertRaises(ValueError) as cm:
                alphamath_example(self.tok, {"question": QUESTION, "dense": True, **extra, "response": resp}, "p.jsonl:7")
            self.assertIn("p.jsonl:7", str(cm.exception))
            self.assertIn(needle, str(cm.exception))

    def test_Batches_PadAndShiftLabels(self):
        e = alphamath_example(self.tok, paths_jsonl()[0], "mem:1")
        ids, lm, qv = next(batches([e], 10_000, 1024, pad_id=319, seed=0))
        self.assertEqual(ids[0].tolist(), e.ids)
        for t in range(len(e.ids) - 1):
            self.assertEqual(int(lm[0, t]), e.ids[t + 1] if e.lm_mask[t + 1] else IGNORE)
        self.assertEqual(int((~torch.isnan(qv)).sum()), 2)


class RoundScriptsTests(unittest.TestCase):
    def test_Round1_LearnsTheValuesOfAHandMadePathFile(self):
        tok = BpeTokenizer.load(TOKENIZER)
        with tempfile.TemporaryDirectory() as d:
            init, paths = export_tiny_with_paths(d, paths_jsonl())
            examples = read_alphamath(tok, paths)
            batch = next(batches(examples, 10_000, 512, 319, 0))
            with torch.no_grad():
                _, _, before = multitask_loss(load(init).eval(), *batch, alpha=1.0)
            out = os.path.join(d, "r1")
            with contextlib.redirect_stdout(io.StringIO()):
                rc = train_round1.main(["--paths", paths, "--init", init, "--tokenizer", TOKENIZER, "--out", out,
                                        "--steps", "60", "--lr", "3e-3", "--warmup", "5", "--alpha", "1.0"])
            self.assertEqual(rc, 0)
            trained = load(os.path.join(out, "hf")).eval()
            with torch.no_grad():
                _, _, after = multitask_loss(trained, *batch, alpha=1.0)
            with open(os.path.join(out, "summary.json")) as f:
                summary = json.load(f)
            with open(os.path.join(out, "curve.csv")) as f:
                rows = f.read().strip().splitlines()
        self.assertLess(float(after), 0.5 * float(before))
        self.assertEqual(summary["export_max_abs_logit_diff"], 0.0)
        self.assertEqual(summary["round"], 1)
        self.assertEqual(len(rows), 61)

    def test_Round1_Replay_AddsRound0SolutionsWithoutValueTargets(self):
        problem = {"id": "s1", "question": QUESTION, "answer": "12", "solution": CODE_STEP + "\n" + GOOD_FINAL + "\n"}
        with tempfile.TemporaryDirectory() as d:
            init, paths = export_tiny_with_paths(d, paths_jsonl())
            replay = os.path.join(d, "train.jsonl")
            with open(replay, "w") as f:
                for _ in range(3):
                    f.write(json.dumps(problem) + "\n")
            out = os.path.join(d, "r1")
            with contextlib.redirect_stdout(io.StringIO()):
                rc = train_round1.main(["--paths", paths, "--init", init, "--tokenizer", TOKENIZER, "--out", out,
                                        "--steps", "2", "--replay", replay, "--replay-count", "2"])
            with open(os.path.join(out, "summary.json")) as f:
                summary = json.load(f)
            with open(replay, "a") as f:
                f.write('{"id": "broken"}\n')
            with self.assertRaises(SystemExit) as bad:
                with contextlib.redirect_stdout(io.StringIO()):
                    train_round1.main(["--paths", paths, "--init", init, "--tokenizer", TOKENIZER, "--out", out,
                                       "--steps", "1", "--replay", replay])
        self.assertEqual(rc, 0)
        self.assertEqual((summary["paths"], summary["positive_paths"], summary["replayed_sft"]), (2, 1, 2))
        self.assertIn("train.jsonl:4", str(bad.exception))

    def test_Round1_ValuePaths_TrainTheHeadButNoNextToken(self):
        with tempfile.TemporaryDirectory() as d:
            init, paths = export_tiny_with_paths(d, paths_jsonl())
            ce = {}
            for flag in ("--paths", "--value-paths"):
                out = os.path.join(d, flag.strip("-"))
                with contextlib.redirect_stdout(io.StringIO()):
                    train_round1.main([flag, paths, "--init", init, "--tokenizer", TOKENIZER, "--out", out,
                                       "--steps", "1", "--batch-tokens", "4096"])
                with open(os.path.join(out, "curve.csv")) as f:
                    ce[flag] = float(f.read().splitlines()[1].split(",")[2])
                with open(os.path.join(out, "summary.json")) as f:
                    summary = json.load(f)
                self.assertEqual(summary["positive_paths"], 1, flag)
            self.assertEqual(summary["value_only_paths"], 2)
        self.assertGreater(ce["--paths"], 0.0)
        self.assertEqual(ce["--value-paths"], 0.0)

    def test_Round1_HeadOnly_KeepsThePolicyByteForByte_AndTrainsTheHead(self):
        with tempfile.TemporaryDirectory() as d:
            init, paths = export_tiny_with_paths(d, paths_jsonl())
            out = os.path.join(d, "head")
            with contextlib.redirect_stdout(io.StringIO()):
                rc = train_round1.main(["--head-only", "--paths", paths, "--init", init, "--tokenizer", TOKENIZER,
                                        "--out", out, "--steps", "20", "--lr", "3e-3", "--warmup", "2"])
            def read(folder, name):
                with open(os.path.join(folder, name), "rb") as f:
                    return f.read()
            policy_same = read(init, "model.safetensors") == read(os.path.join(out, "hf"), "model.safetensors")
            head_same = read(init, "value_head.safetensors") == read(os.path.join(out, "hf"), "value_head.safetensors")
            with self.assertRaises(SystemExit) as both:
                train_round1.main(["--head-only", "--paths", paths, "--replay", paths, "--init", init,
                                   "--tokenizer", TOKENIZER, "--out", out, "--steps", "1"])
            with self.assertRaises(SystemExit) as nothing:
                train_round1.main(["--head-only", "--alpha", "0", "--paths", paths, "--init", init,
                                   "--tokenizer", TOKENIZER, "--out", out, "--steps", "1"])
        self.assertEqual(rc, 0)
        self.assertTrue(policy_same)
        self.assertFalse(head_same)
        self.assertIn("--head-only", str(both.exception))
        self.assertIn("--alpha", str(nothing.exception))

    def test_ValueProbe_ComparesTheCorrectAndWrongBranchWhereTheyDiffer(self):
        records = [dict(rec, id="same-problem", **({"kind": "answer"} if rec["id"] == "p2" else {}))
                   for rec in paths_jsonl()]
        with tempfile.TemporaryDirectory() as d:
            folder, paths = export_tiny_with_paths(d, records, name="m")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = value_probe.main(["--model", folder, "--paths", paths])
        report = json.loads(out.getvalue())
        self.assertEqual(rc, 0)
        # The two paths of one problem share the code step and part at the final step: one pair, compared there.
        self.assertEqual((report["problems"], report["pairs"]), (1, 1))
        self.assertIn(report["correct_branch_higher"], (0.0, 1.0))
        self.assertEqual(report["q_target_higher"], 1.0)
        self.assertEqual(report["correct_branch_higher_by_kind"], {"answer": report["correct_branch_higher"]})
        with contextlib.redirect_stdout(io.StringIO()) as fast:
            with tempfile.TemporaryDirectory() as d:
                folder, paths = export_tiny_with_paths(d, records, name="m")
                value_probe.main(["--model", folder, "--paths", paths, "--bf16"])
        self.assertEqual(json.loads(fast.getvalue())["pairs"], 1)
        # A dense path (a target on every token) is read at its steps' last tokens too, as the engine reads it.
        right, wrong = records
        dense = dict(wrong, dense=True, wrong_step=1, wrong_from=0,
                     response=[dict(wrong["response"][0], Q=1.0), dict(wrong["response"][1], Q=-1.0)])
        tok = BpeTokenizer.load(TOKENIZER)
        m = tiny()
        m.config.max_position_embeddings = 512
        with torch.no_grad():
            self.assertEqual(value_probe.step_values(m, tok, dense, "t:1"),
                             value_probe.step_values(m, tok, wrong, "t:2"))
        self.assertEqual(value_probe.auc([(0.9, True), (0.1, False), (0.5, False)]), 1.0)
        self.assertEqual(value_probe.auc([(0.1, True), (0.9, False)]), 0.0)

    def test_Round0_TrainsExportsAndVerifies(self):
        with tempfile.TemporaryDirectory() as d:
            data = write_problems(d, "train.jsonl", "unit-r0", 6)
            out = os.path.join(d, "r0")
            with contextlib.redirect_stdout(io.StringIO()):
                rc = train_round0.main(["--data", data, "--tokenizer", TOKENIZER, "--out", out, "--steps", "3",
                                        "--hidden", "32", "--intermediate", "48", "--layers", "1", "--heads", "2",
                                        "--kv-heads", "1", "--batch-tokens", "2048", "--bf16"])
            self.assertEqual(rc, 0)
            with open(os.path.join(out, "summary.json")) as f:
                summary = json.load(f)
            self.assertEqual(summary["export_max_abs_logit_diff"], 0.0)
            self.assertTrue(summary["export_argmax_agree"])
            self.assertTrue(os.path.exists(os.path.join(out, "hf", "model.safetensors")))

    def test_Round0_Init_ContinuesFromTheExportNotFromScratch(self):
        with tempfile.TemporaryDirectory() as d:
            data = write_problems(d, "train2.jsonl", "unit-r0b", 6)
            start, _ = export_tiny_with_paths(d, [], name="pass1")
            out = os.path.join(d, "pass2")
            with contextlib.redirect_stdout(io.StringIO()):
                # The size options are ignored with --init: the model keeps the exported shape.
                rc = train_round0.main(["--data", data, "--tokenizer", TOKENIZER, "--out", out, "--steps", "1",
                                        "--lr", "1e-9", "--warmup", "1", "--hidden", "32", "--layers", "1",
                                        "--init", start])
            self.assertEqual(rc, 0)
            before, after = load(start).state_dict(), load(os.path.join(out, "hf")).state_dict()
            self.assertEqual(load(os.path.join(out, "hf")).config.to_dict(), load(start).config.to_dict())
            # One step at a vanishing learning rate: every weight is the exported one, up to that step.
            for name, w in before.items():
                self.assertLess(float((w - after[name]).abs().max()), 1e-6, name)

    def test_Round0_Init_WithAnotherVocabulary_IsRejected(self):
        with tempfile.TemporaryDirectory() as d:
            m = tiny()
            m.lm_head = torch.nn.Linear(32, 321, bias=False)
            m.model.embed_tokens = torch.nn.Embedding(321, 32)
            m.config.vocab_size = 321
            start = os.path.join(d, "pass1")
            export(m, TOKENIZER, start)
            data = write_problems(d, "train2.jsonl", "unit-r0b", 1)
            with self.assertRaises(SystemExit) as bad, contextlib.redirect_stdout(io.StringIO()):
                train_round0.main(["--data", data, "--tokenizer", TOKENIZER, "--out", os.path.join(d, "o"),
                                   "--steps", "1", "--init", start])
            self.assertIn("was trained with 321", str(bad.exception))

    def test_SftExample_TrainsSolutionButNotPromptOrObservations(self):
        tok = BpeTokenizer.load(TOKENIZER)
        p = synth.generate("unit-sft", 1, steps=3)
        e = sft_example(tok, p)
        trained = tok.decode([t for t, m in zip(e.ids, e.lm_mask) if m])
        self.assertFalse(e.lm_mask[0])
        self.assertNotIn("<question>", trained)
        self.assertNotIn("<output>", trained)
        self.assertEqual(trained.count("<step>"), 4)
        self.assertTrue(trained.endswith("</step>\n<|endoftext|>"))


class StepLoopTests(unittest.TestCase):
    def test_Loop_ReplayingGoldSteps_RebuildsTheTrainingTextAndAnswer(self):
        from mario_train.decode import run_loop
        from mario_train.stepfmt import CodeStep, STOP_STRINGS, parse_solution, solution_text

        for i in range(5):
            p = synth.generate("unit-loop", i, steps=2 + i)
            steps = parse_solution(p["solution"])

            def generate(prefix, _steps=steps):
                # what a perfect policy emits for the next step, cut at the first stop string
                k = len(parse_solution(prefix[len(question_prompt(p["question"])):]))
                s = _steps[k]
                full = (s.generated_part() if isinstance(s, CodeStep) else s.text())
                cut = min(full.find(x) for x in STOP_STRINGS if full.find(x) >= 0)
                return full[:cut], "stop"

            text, answer = run_loop(generate, p["question"])
            self.assertEqual(text, question_prompt(p["question"]) + solution_text(steps), p["id"])
            self.assertEqual(answer, p["answer"])


if __name__ == "__main__":
    unittest.main()


class ValueContrastTests(unittest.TestCase):
    def test_CeWeightZero_LeavesOnlyTheValueLoss(self):
        torch.manual_seed(0)
        m = tiny().eval()
        ids = torch.randint(0, 200, (2, 9))
        lm = ids.roll(-1, 1)
        q = torch.full((2, 9), float("nan"))
        q[0, 4], q[1, 8] = 1.0, -1.0
        total, ce, vl = multitask_loss(m, ids, lm, q, alpha=1.0, ce_weight=0.0)
        both, _, _ = multitask_loss(m, ids, lm, q, alpha=1.0)
        self.assertGreater(float(ce), 0.0)
        self.assertAlmostEqual(float(total), float(vl), places=6)
        self.assertAlmostEqual(float(both), float(ce + vl), places=5)

    def test_Contrast_Typo_IsOneSlipOfTheCopiedNumber_NotAnotherNumberOfTheQuestion(self):
        import random
        import make_value_contrast
        rng = random.Random(0)
        question = ["64", "46", "3", "338"]
        for value in ["64", "338", "3", "1200"]:
            for _ in range(50):
                w = make_value_contrast.typo(rng, value, question)
                if w is None:
                    continue
                self.assertNotIn(w, question, value)
                self.assertFalse(len(w) > 1 and w[0] == "0", w)
                one_slip = (
                    (len(w) == len(value) and sum(a != b for a, b in zip(w, value)) == 1)
                    or (len(w) == len(value) and sorted(w) == sorted(value)
                        and sum(a != b for a, b in zip(w, value)) == 2)
                    or any(w[:i] + w[i + 1:] == value for i in range(len(w)))
                    or any(value[:i] + value[i + 1:] == w for i in range(len(value))))
                self.assertTrue(one_slip, (value, w))

    def test_Contrast_Dense_CutsAtTheFirstCharThatDiffersFromGold(self):
        import make_value_contrast
        _, rows = run_contrast(make_value_contrast, 30, 30, "--dense")
        gold = {r["id"]: r for r in rows if "kind" not in r}
        self.assertTrue(all(r["dense"] is True and "wrong_from" not in r for r in gold.values()))
        bad = [r for r in rows if "kind" in r]
        self.assertIn("typo", {r["kind"] for r in bad})
        for r in bad:
            k = len(r["response"]) - 1
            g, b = gold[r["id"]]["response"][k]["step"].strip() + "\n", r["response"][k]["step"].strip() + "\n"
            cut = r["wrong_from"]
            self.assertEqual(b[:cut], g[:cut], r["kind"])
            self.assertNotEqual(b[cut], g[cut] if cut < len(g) else None, r["kind"])
            alphamath_example(BpeTokenizer.load(TOKENIZER), r, r["id"])

    def test_Contrast_CutsEachCorruptedPathAtItsOnlyWrongStep_WithRecomputedOutput(self):
        import make_value_contrast
        from mario_train.stepfmt import CodeStep, parse_solution
        rc, rows = run_contrast(make_value_contrast, 40, 30)
        self.assertEqual(rc, 0)
        gold = {r["id"]: r for r in rows if "kind" not in r}
        bad = [r for r in rows if "kind" in r]
        self.assertEqual(len(gold), 30)
        self.assertGreaterEqual(len(bad), 25)
        self.assertGreaterEqual(len({r["kind"] for r in bad}), 4)
        for r in bad:
            g = gold[r["id"]]["response"]
            k = len(r["response"]) - 1
            self.assertEqual([s["step"] for s in r["response"][:k]], [s["step"] for s in g[:k]], r["kind"])
            self.assertEqual([s["Q"] for s in r["response"]], [1.0] * k + [-1.0])
            self.assertNotEqual(r["response"][k]["step"], g[k]["step"], r["kind"])
            steps = parse_solution("".join(s["step"] + "\n" for s in r["response"]))
            if isinstance(steps[-1], CodeStep):
                codes = [s.code for s in steps if isinstance(s, CodeStep)]
                self.assertEqual(make_value_contrast.execute(codes), steps[-1].output, r["kind"])

    def test_Contrast_Continue_RerunsTheGoldStepsOnTheWrongValues_UpToTheFinalAnswer(self):
        import make_value_contrast
        from mario_train.stepfmt import CodeStep, FinalStep, parse_solution
        rc, rows = run_contrast(make_value_contrast, 40, 40, "--dense", "--continue")
        self.assertEqual(rc, 0)
        gold = {r["id"]: r for r in rows if "kind" not in r}
        continued = [r for r in rows if "wrong_step" in r]
        self.assertGreaterEqual(len(continued), 15)
        tok = BpeTokenizer.load(TOKENIZER)
        for r in continued:
            k, resp = r["wrong_step"], r["response"]
            g = parse_solution("".join(s["step"] + "\n" for s in gold[r["id"]]["response"]))
            steps = parse_solution("".join(s["step"] + "\n" for s in resp))
            self.assertEqual([s["Q"] for s in resp], [1.0] * k + [-1.0] * (len(resp) - k))
            self.assertEqual(steps[:k], g[:k])
            self.assertNotEqual(steps[k], g[k])
            self.assertGreater(len(steps), k + 1, r["kind"])
            codes = [s.code for s in steps if isinstance(s, CodeStep)]
            for i, st in enumerate(steps[k + 1:], k + 1):
                if isinstance(st, CodeStep):
                    self.assertEqual(st.code, g[i].code)
                    self.assertEqual(make_value_contrast.execute(codes[:codes.index(st.code) + 1]), st.output)
            if isinstance(steps[-1], FinalStep):
                last = [s for s in steps if isinstance(s, CodeStep)][-1].output
                self.assertEqual(steps[-1].answer, last[:-2] if last.endswith(".0") else last)
            alphamath_example(tok, r, r["id"])
        rc, rows = run_contrast(make_value_contrast, 10, 10, "--dense")
        self.assertFalse(any("wrong_step" in r for r in rows))
        with self.assertRaises(SystemExit) as cm:
            run_contrast(make_value_contrast, 2, 2, "--continue")
        self.assertIn("--continue needs --dense", str(cm.exception))

    def test_Contrast_Guess_IsAnotherNumberInTheFindStep_WhoseCheckPrintsFalse(self):
        import make_value_contrast
        from mario_train.stepfmt import parse_solution
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "train.jsonl")
            with open(path, "w") as f:
                for i in range(20):
                    f.write(json.dumps(synth.generate_mixed("train", i, 2, 6, synth.FAMILIES, find=1.0)) + "\n")
            out = os.path.join(d, "contrast.jsonl")
            with contextlib.redirect_stdout(io.StringIO()):
                make_value_contrast.main(["--problems", path, "--count", "20", "--kinds", "guess", "--dense",
                                          "--continue", "--out", out])
            with open(out) as f:
                rows = [json.loads(line) for line in f]
        bad = [r for r in rows if "kind" in r]
        self.assertEqual(len(bad), 20)
        for r in bad:
            self.assertEqual(r["kind"], "guess")
            self.assertEqual(r["wrong_step"], 0)
            self.assertTrue(all(s["Q"] == -1.0 for s in r["response"]))
            step = parse_solution(r["response"][0]["step"] + "\n")[0]
            self.assertEqual(step.output, "False")
            guess = step.code.split("\n")[0].split(" = ")[1]
            self.assertRegex(guess, r"^\d+ \+ \d+$")
            self.assertIn(f"Try {guess} ", step.thought)
        rc, rows = run_contrast(make_value_contrast, 5, 5, "--kinds", "guess")   # no find step: only gold paths
        self.assertEqual(rc, 0)
        self.assertFalse(any("kind" in r for r in rows))

    def test_Contrast_Hack_IsAWrongGuessWithTheCheckMiscopiedToPass_AndContinuationsTrainThePolicy(self):
        import make_value_contrast
        from mario_train.stepfmt import parse_solution
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "train.jsonl")
            problems = [synth.generate_mixed("train", i, 2, 6, synth.FAMILIES, find=1.0) for i in range(20)]
            with open(path, "w") as f:
                f.writelines(json.dumps(p) + "\n" for p in problems)
            out = os.path.join(d, "contrast.jsonl")
            with contextlib.redirect_stdout(io.StringIO()):
                make_value_contrast.main(["--problems", path, "--count", "20", "--kinds", "hack", "--dense",
                                          "--continue", "--train-continuation", "--out", out])
            with open(out) as f:
                rows = [json.loads(line) for line in f]
        bad = [r for r in rows if "kind" in r]
        self.assertGreaterEqual(len(bad), 15)
        gold = {p["id"]: parse_solution(p["solution"])[0] for p in problems}
        for r in bad:
            step = parse_solution(r["response"][0]["step"] + "\n")[0]
            self.assertEqual(step.output, "True")
            self.assertNotEqual(step.code.split("\n")[0], gold[r["id"]].code.split("\n")[0])   # another guess
            self.assertNotEqual(step.code.split("\n")[1], gold[r["id"]].code.split("\n")[1])   # a check that lies
            self.assertEqual((r["wrong_step"], r["policy_from"]), (0, 1))
            self.assertTrue(all(s["Q"] == -1.0 for s in r["response"]))
        with tempfile.TemporaryDirectory() as d:   # --give-up: a failed check ends the path, marked to stop there
            path = os.path.join(d, "train.jsonl")
            with open(path, "w") as f:
                f.writelines(json.dumps(p) + "\n" for p in problems)
            out = os.path.join(d, "contrast.jsonl")
            with contextlib.redirect_stdout(io.StringIO()):
                make_value_contrast.main(["--problems", path, "--count", "20", "--kinds", "guess,hack", "--dense",
                                          "--continue", "--train-continuation", "--give-up", "--out", out])
            with open(out) as f:
                rows = [json.loads(line) for line in f if '"kind"' in line]
        kinds = {r["kind"] for r in rows}
        self.assertEqual(kinds, {"guess", "hack"})
        for r in rows:
            stops = r["kind"] == "guess"
            self.assertEqual(r.get("stop", False), stops, r["kind"])
            self.assertEqual(len(r["response"]) == 1, stops, r["kind"])
            self.assertEqual("policy_from" in r, not stops, r["kind"])
            alphamath_example(BpeTokenizer.load(TOKENIZER), r, r["id"])
        with self.assertRaises(SystemExit) as cm:
            run_contrast(make_value_contrast, 2, 2, "--dense", "--train-continuation")
        self.assertIn("--train-continuation needs --continue", str(cm.exception))

    def test_Contrast_Kinds_DrawsOnlyTheNamedKinds_AndRejectsAnUnknownOne(self):
        import make_value_contrast
        _, rows = run_contrast(make_value_contrast, 30, 30, "--kinds", "typo,operator")
        self.assertEqual({r["kind"] for r in rows if "kind" in r}, {"typo", "operator"})
        with self.assertRaises(SystemExit) as cm:
            run_contrast(make_value_contrast, 2, 2, "--kinds", "typo,tpyo")
        self.assertIn("unknown kind tpyo", str(cm.exception))


class DivergenceProbeTests(unittest.TestCase):
    def test_EngineSpans_CoverEachObservationUpToItsStepEnd(self):
        import divergence_probe
        sol = CODE_STEP + "\n" + GOOD_FINAL
        spans = divergence_probe.engine_spans(sol)
        self.assertEqual([sol[a:b] for a, b in spans], ["\n<output>\n12\n</output>\n</step>"])
        self.assertEqual(divergence_probe.engine_spans(GOOD_FINAL), [])

    def test_Probe_ReportsTheGoldTokensProbability_AndNamesAnUnknownProblem(self):
        import divergence_probe
        with tempfile.TemporaryDirectory() as d:
            folder, _ = export_tiny_with_paths(d, paths_jsonl())
            suite = os.path.join(d, "suite.jsonl")
            with open(suite, "w") as f:
                f.write(json.dumps({"id": "p1", "question": QUESTION, "solution": CODE_STEP + "\n" + GOOD_FINAL}) + "\n")
            samples = os.path.join(d, "samples.jsonl")
            with open(samples, "w") as f:
                f.write(json.dumps({"id": "p1", "correct": False}) + "\n" + json.dumps({"id": "p1", "correct": True}) + "\n")
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                self.assertEqual(divergence_probe.main(["--model", folder, "--suite", suite, "--samples", samples]), 0)
            out = json.loads(buf.getvalue())
            self.assertEqual(out["wrong"], 1)
            row = out["problems"][0]
            self.assertLessEqual(row["p_gold"], row["p_chosen"])
            self.assertNotEqual(row["gold"], row["chosen"])
            with open(samples, "a") as f:
                f.write(json.dumps({"id": "nope", "correct": False}) + "\n")
            with self.assertRaises(SystemExit) as cm, contextlib.redirect_stdout(io.StringIO()):
                divergence_probe.main(["--model", folder, "--suite", suite, "--samples", samples])
            self.assertIn("samples.jsonl:3", str(cm.exception.code))


class TreeLabelTests(unittest.TestCase):
    """label_trees.py: hard estimation of every step of a gold-reward search tree."""

    @staticmethod
    def tree():
        def code(i):
            return {"id": i, "kind": "code", "text": CODE_STEP.replace("4 * 3", f"4 * {len(i)}")}
        return {"question": QUESTION, "gold": "12", "problemId": "p", "nodes": [
            {"id": "0", "kind": "root", "text": ""},
            code("0.0"),                                                                    # right below it
            {"id": "0.0.0", "kind": "answer", "text": GOOD_FINAL, "terminal": "answered", "correct": True},
            {"id": "0.0.1", "kind": "answer", "text": BAD_FINAL, "terminal": "answered", "correct": False},
            code("0.1"),                                                                    # nothing right below
            {"id": "0.1.0", "kind": "answer", "text": BAD_FINAL, "terminal": "answered", "correct": False},
            {"id": "0.1.1", "kind": "invalid", "text": "<step>\n???", "terminal": "unparsable"},
            {"id": "0.2", "kind": "invalid", "text": "", "terminal": "unparsable"},            # empty: skipped
            code("0.3"),                                                                    # not a terminal
        ]}

    def test_Labels_ArePlusWhereARightAnswerLiesBelow_MinusWhereNone(self):
        import label_trees
        got = sorted((s[-1], lab) for s, lab in label_trees.label_tree(self.tree(), "t:1"))
        expected = sorted([  # (the terminal's text, labels from the first step to it)
            (GOOD_FINAL, [1.0, 1.0]),        # the right answer and the step above it
            (BAD_FINAL, [1.0, -1.0]),        # a wrong answer under a step with a right one below it
            (BAD_FINAL, [-1.0, -1.0]),       # a wrong answer under a step with none
            ("<step>\n???", [-1.0, -1.0]),   # an unparsable end; the empty one and the open branch give no path
        ])
        self.assertEqual(got, expected)

    def test_Records_AreDensePaths_WrongFromTheFirstMinusStep_ThatRound1Reads(self):
        import label_trees
        tok = BpeTokenizer.load(TOKENIZER)
        for steps, labels in label_trees.label_tree(self.tree(), "t:1"):
            rec = label_trees.record("p", QUESTION, "12", steps, labels)
            ex = alphamath_example(tok, rec, "t:1")
            values = [q for _, q in ex.q_targets]
            if labels[-1] > 0:
                self.assertNotIn("wrong_step", rec)
                self.assertEqual(set(values), {1.0})
            else:
                self.assertEqual(rec["wrong_step"], labels.index(-1.0))
                self.assertEqual(values[-1], -1.0)
                self.assertEqual(values, sorted(values, reverse=True))   # +1 then -1, never back

    def test_Script_CapsPathsPerProblem_AndNamesALineWithoutATree(self):
        import label_trees
        with tempfile.TemporaryDirectory() as d:
            run_dir = os.path.join(d, "run")
            os.makedirs(run_dir)
            with open(os.path.join(run_dir, "samples.jsonl"), "w") as f:
                f.write(json.dumps({"id": "p", "tree": self.tree()}) + "\n")
            out = os.path.join(d, "labels.jsonl")
            with contextlib.redirect_stdout(io.StringIO()):
                label_trees.main(["--run", run_dir, "--out", out, "--max-per-problem", "2"])
            with open(out) as f:
                self.assertEqual(len(f.read().splitlines()), 2)
            with open(os.path.join(run_dir, "samples.jsonl"), "a") as f:
                f.write(json.dumps({"id": "q"}) + "\n")
            with self.assertRaises(SystemExit) as e:
                with contextlib.redirect_stdout(io.StringIO()):
                    label_trees.main(["--run", run_dir, "--out", out])
            self.assertIn("samples.jsonl:2", str(e.exception))
            self.assertIn("tree", str(e.exception))
