import collections
import re
import hashlib
import json
import os
import unittest
from fractions import Fraction

from mario_train import synth
from mario_train.stepfmt import CodeStep, FinalStep, final_answer, parse_solution
from mario_train.synth_check import check_problems, overlap, read_jsonl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUITE = os.path.join(ROOT, "eval-suites", "data", "synth-arith.jsonl")
MANIFEST = os.path.join(ROOT, "eval-suites", "synth-arith.json")


class SynthGeneratorTests(unittest.TestCase):
    def test_Generate_SameSplitAndIndex_GivesIdenticalProblem(self):
        for i in range(20):
            self.assertEqual(synth.generate("train", i), synth.generate("train", i))

    def test_Generate_DoesNotDependOnOtherProblems(self):
        alone = synth.generate("train", 17)
        in_batch = synth.generate_split("train", 30)[17]
        self.assertEqual(alone, in_batch)

    def test_Generate_DifferentSplits_GiveDifferentQuestions(self):
        ev = {synth.generate("eval", i)["question"] for i in range(200)}
        tr = {synth.generate("train", i)["question"] for i in range(200)}
        self.assertEqual(ev & tr, set())

    def test_Generate_RequestedStepCount_IsTheNumberOfCodeSteps(self):
        for n in range(2, 7):
            for fam in synth.FAMILIES:
                p = synth.generate("test", n * 100 + len(fam), steps=n, family=fam)
                steps = parse_solution(p["solution"])
                self.assertEqual(sum(isinstance(s, CodeStep) for s in steps), n, p["id"])
                self.assertIsInstance(steps[-1], FinalStep)
                self.assertEqual(p["steps"], n)

    def test_Generate_StepsOutOfRange_IsRejected(self):
        for bad in (0, 1, 7):
            with self.assertRaises(ValueError):
                synth.generate("train", 0, steps=bad)

    def test_Answers_AreIntegersOrReducedFractions(self):
        for p in synth.generate_split("train", 300):
            a = p["answer"]
            v = Fraction(a)
            self.assertEqual(str(v), a, p["id"])
            self.assertGreaterEqual(v, 0, p["id"])

    def test_Solutions_CodeReallyPrintsWhatTheyClaim(self):
        problems = synth.generate_split("unit", 150, balanced_steps=True)
        self.assertEqual(check_problems(problems, "generated"), [])

    def test_Mix_FullRange_IsThePlainGenerator(self):
        for i in range(30):
            self.assertEqual(synth.generate_mixed("train", i, 2, 6, list(synth.FAMILIES)), synth.generate("train", i))

    def test_Mix_Restricted_RespectsStepsAndFamilies(self):
        ps = [synth.generate_mixed("train", i, 3, 4, ["travel", "recipe"]) for i in range(60)]
        self.assertEqual({p["steps"] for p in ps}, {3, 4})
        self.assertEqual({p["family"] for p in ps}, {"travel", "recipe"})

    def test_Checkable_AtLeastHalfTheStepsDivideExactly_Deterministically(self):
        from mario_train.synth_division import with_true_division
        fams = ["inventory", "factory", "savings", "travel"]
        problems = [synth.generate_mixed("unit-ck", i, 2, 6, fams, balanced_slot=i, checkable=True) for i in range(60)]
        for i, p in enumerate(problems):
            self.assertGreaterEqual(synth.exact_divisions(p), (p["steps"] + 1) // 2, p["id"])
            self.assertEqual(p, synth.generate_mixed("unit-ck", i, 2, 6, fams, balanced_slot=i, checkable=True))
        self.assertEqual(check_problems([with_true_division(p) for p in problems], "generated"), [])
        plain = [synth.generate_mixed("unit-ck", i, 2, 6, fams, balanced_slot=i) for i in range(60)]
        self.assertGreater(sum(map(synth.exact_divisions, problems)), 2 * sum(map(synth.exact_divisions, plain)))

    def test_Checkable2_EveryProblemEndsDividing_AndAWrongStartShowsAsAFraction(self):
        from mario_train.synth_division import run_cells, with_true_division
        fams = ["inventory", "factory", "savings"]

        def codes(p):
            return [s.code for s in parse_solution(with_true_division(p)["solution"]) if isinstance(s, CodeStep)]

        def wrong_start_shows(p):
            cells = codes(p)
            var = re.search(r"print\((\w+)\)\s*$", cells[0]).group(1)
            cells[0] += f"\n{var} = {var} + 1"   # the first result off by one, as a miscopied number would be
            return Fraction(run_cells(cells)[-1]).denominator != 1

        level = {k: [synth.generate_mixed("unit-ck2", i, 2, 6, fams, balanced_slot=i, checkable=k) for i in range(80)]
                 for k in (1, 2)}
        for i, p in enumerate(level[2]):
            self.assertIn(" / ", codes(p)[-1], p["id"])
            self.assertEqual(p, synth.generate_mixed("unit-ck2", i, 2, 6, fams, balanced_slot=i, checkable=2))
        self.assertEqual(check_problems([with_true_division(p) for p in level[2]], "generated"), [])
        shown = {k: sum(map(wrong_start_shows, ps)) for k, ps in level.items()}
        self.assertGreaterEqual(shown[2], 72, shown)   # 9 in 10
        self.assertGreater(shown[2], shown[1], shown)

    def test_Checkable3_SameProblemsAsLevel2_WithEachCheckInTheStepBeforeIt(self):
        from mario_train.synth_division import with_true_division
        fams = ["inventory", "factory", "savings"]
        cells = lambda p: [s.code for s in parse_solution(p["solution"]) if isinstance(s, CodeStep)]
        code_lines = lambda p: [l for c in cells(p) for l in c.split("\n") if not l.startswith("print(")]
        merged = 0
        for i in range(60):
            two = synth.generate_mixed("unit-ck3", i, 2, 6, fams, balanced_slot=i, checkable=2)
            three = synth.generate_mixed("unit-ck3", i, 2, 6, fams, balanced_slot=i, checkable=3)
            self.assertEqual((three["question"], three["answer"]), (two["question"], two["answer"]), three["id"])
            self.assertLessEqual(len(cells(three)), len(cells(two)))
            self.assertEqual(code_lines(three), code_lines(two), three["id"])   # only intermediate prints dropped
            merged += len(cells(three)) < len(cells(two))
            self.assertEqual(check_problems([with_true_division(three)], "generated"), [])
        self.assertGreaterEqual(merged, 48, merged)   # most problems have a check after a plain step

    def test_GenSynth_Checkable2_WritesTheLevel2Mix(self):
        import contextlib
        import io
        import tempfile
        import gen_synth
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
            out = os.path.join(d, "x.jsonl")
            gen_synth.main(["--split", "x", "--count", "3", "--checkable", "2", "--families", "savings", "--out", out])
            got = read_jsonl(out)
        want = [synth.generate_mixed("x", i, 2, 6, ["savings"], checkable=2) for i in range(3)]
        self.assertEqual(got, want)

    def _gen_synth_usage_error(self, *args):
        """gen_synth.main(args + --split/--count/--out) run to a usage error: (exit code, stderr)."""
        import contextlib
        import io
        import tempfile
        import gen_synth
        with tempfile.TemporaryDirectory() as d, self.assertRaises(SystemExit) as e, \
                contextlib.redirect_stderr(io.StringIO()) as err:
            gen_synth.main(["--split", "x", "--count", "2", *args, "--out", os.path.join(d, "x.jsonl")])
        return e.exception.code, err.getvalue()

    def test_GenSynth_CheckableWithRecipe_IsAUsageError(self):
        code, err = self._gen_synth_usage_error("--checkable")
        self.assertEqual(code, 2)
        self.assertIn("recipe", err)

    def test_GenSynth_Checkable2WithTravel_IsAUsageError(self):
        code, err = self._gen_synth_usage_error("--checkable", "2", "--families", "savings,travel")
        self.assertEqual(code, 2)
        self.assertIn("travel", err)

    def test_Find_RangeHoldsOneNumberWithTheRemainder_TheGuess_AndItsCheckPrintsTrue(self):
        from mario_train.synth_division import run_cells
        pat = re.compile(r"has between (\d+) and (\d+) \w[\w ]*\. When \w+ puts them in groups of (\d+), (\d+) (?:is|are) left")
        for i in range(80):
            p = synth.generate_mixed("unit-find", i, 2, 6, synth.FAMILIES, balanced_slot=i, find=1.0)
            self.assertTrue(p["find"], p["id"])
            self.assertEqual(p["family"], "inventory")
            lo, hi, m, r = map(int, pat.search(p["question"]).groups())
            fits = [n for n in range(lo, hi + 1) if n % m == r]
            self.assertEqual(len(fits), 1, p["id"])
            steps = parse_solution(p["solution"])
            first = steps[0]
            self.assertEqual(first.output, "True")
            self.assertIn(f"Try {lo} + {fits[0] - lo} ", first.thought)
            self.assertTrue(first.code.split("\n")[0].endswith(f" = {lo} + {fits[0] - lo}"), first.code)
            self.assertEqual(sum(isinstance(s, CodeStep) for s in steps), p["steps"], p["id"])
            self.assertEqual(check_problems([p], "generated"), [])
            others = [n for n in range(lo, hi + 3) if n != fits[0]]
            for n in others:
                wrong = first.code.replace(f" = {lo} + {fits[0] - lo}\n", f" = {lo} + {n - lo}\n", 1)
                self.assertEqual(run_cells([wrong])[-1], "False", (p["id"], n))

    def test_Find_Moduli_AreTheGroupSizesDrawn(self):
        sizes = set()
        for i in range(40):
            p = synth.generate_mixed("unit-find", i, 2, 6, synth.FAMILIES, find=1.0, find_moduli=(11, 12))
            sizes.add(int(re.search(r"groups of (\d+),", p["question"]).group(1)))
        self.assertEqual(sizes, {11, 12})

    def test_Find_ShareFollowsTheFlag_AndZeroIsThePlainMix(self):
        fams = ["inventory", "factory", "savings"]
        for i in range(40):
            self.assertEqual(synth.generate_mixed("unit-find", i, 2, 6, fams, checkable=3, find=0.0),
                             synth.generate_mixed("unit-find", i, 2, 6, fams, checkable=3))
        half = [synth.generate_mixed("unit-find", i, 2, 6, synth.FAMILIES, find=0.5) for i in range(200)]
        found = sum(1 for p in half if p.get("find"))
        self.assertTrue(80 <= found <= 120, found)
        self.assertTrue(all(p.get("find") or "has between" not in p["question"] for p in half))

    def test_GenSynth_FindOutOfRangeOrWithoutInventory_IsAUsageError(self):
        code, err = self._gen_synth_usage_error("--find", "1.5")
        self.assertEqual(code, 2)
        self.assertIn("--find must be in [0, 1]", err)
        code, err = self._gen_synth_usage_error("--find", "0.5", "--find-moduli", "4,x")
        self.assertEqual(code, 2)
        self.assertIn("--find-moduli", err)
        code, err = self._gen_synth_usage_error("--find", "0.5", "--families", "savings")
        self.assertEqual(code, 2)
        self.assertIn("inventory", err)

    def test_Families_AllAppearInAMix(self):
        fams = collections.Counter(p["family"] for p in synth.generate_split("train", 400))
        self.assertEqual(set(fams), set(synth.FAMILIES))


class TrueDivisionTests(unittest.TestCase):
    def test_TrueDivision_ExactDivisionsBecomeSlash_RealFloorsStay_ValuesAndQuestionsUnchanged(self):
        from mario_train.synth_division import run_cells, with_true_division
        slashes = floors = 0
        for p in synth.generate_split("unit-div", 200):
            t = with_true_division(p)
            self.assertEqual((t["question"], t["answer"], t["division"]), (p["question"], p["answer"], "true"))
            old, new = parse_solution(p["solution"]), parse_solution(t["solution"])
            self.assertEqual([type(s) for s in old], [type(s) for s in new])
            codes = [s for s in new if isinstance(s, CodeStep)]
            self.assertEqual(run_cells([s.code for s in codes]), [s.output for s in codes], p["id"])
            for a, b in zip([s for s in old if isinstance(s, CodeStep)], codes):
                self.assertEqual(Fraction(a.output), Fraction(b.output), p["id"])
                self.assertEqual(a.thought, b.thought)
                self.assertIsNone(re.search(r"Fraction\(\w+, \w+\)", b.code), b.code)
            slashes += sum(s.code.count(" / ") for s in codes)
            floors += sum(s.code.count(" // ") for s in codes)
            self.assertEqual(new[-1], old[-1])
        self.assertGreater(slashes, 50)
        self.assertGreater(floors, 0)

    def test_TrueDivision_RealFloor_IsKept(self):
        from mario_train.synth_division import with_true_division
        p = {"id": "hand", "question": "q", "answer": "3",
             "solution": synth.solution_text([CodeStep("Share 12 by 4.", "each = 12 // 4\nprint(each)", "3"),
                                              CodeStep("Whole boxes of 2.", "boxes = each // 2 + 2\nprint(boxes)", "3"),
                                              FinalStep("So 3.", "3")])}
        codes = [s.code for s in parse_solution(with_true_division(p)["solution"]) if isinstance(s, CodeStep)]
        self.assertEqual(codes, ["each = 12 / 4\nprint(each)", "boxes = each // 2 + 2\nprint(boxes)"])


class QuoteStyleTests(unittest.TestCase):
    def test_Quote_EachStepOpensWithTheSentenceItsNumberComesFrom_InOrder(self):
        from mario_train.synth_style import with_quoted_clauses
        q = ("Liam cycles at 28 km per hour for 3 hours. A detour adds 20 km to the trip. A detour adds 16 km to the "
             "trip. He makes this same trip on 2 days. How many meters does Liam travel in total?")
        steps = [CodeStep("Distance is speed times time.", "d = 28 * 3\nprint(d)", "84"),
                 CodeStep("Add the detour.", "t = d + 20\nprint(t)", "104"),
                 CodeStep("Add the other detour.", "t2 = t + 16\nprint(t2)", "120"),
                 CodeStep("Two days.", "w = t2 * 2\nprint(w)", "240"),
                 CodeStep("Kilometers to meters.", "m = w * 1000\nprint(m)", "240000"),
                 FinalStep("So 240000 meters.", "240000")]
        p = {"id": "hand", "question": q, "answer": "240000", "solution": synth.solution_text(steps)}
        got = parse_solution(with_quoted_clauses(p)["solution"])
        self.assertEqual([s.thought for s in got[:5]], [
            '"Liam cycles at 28 km per hour for 3 hours." Distance is speed times time.',
            '"A detour adds 20 km to the trip." Add the detour.',
            '"A detour adds 16 km to the trip." Add the other detour.',
            '"He makes this same trip on 2 days." Two days.',
            "Kilometers to meters."])
        self.assertEqual([(s.code, s.output) for s in got[:5]], [(s.code, s.output) for s in steps[:5]])
        self.assertEqual(got[5], steps[5])

    def test_QuoteStyle_Script_MixesTheStyles_Deterministically_AndNamesABadLine(self):
        import contextlib
        import io
        import tempfile
        import quote_style
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "p.jsonl")
            with open(src, "w") as f:
                for p in synth.generate_split("unit-quote", 40):
                    f.write(json.dumps(p) + "\n")
            outs = []
            for name, share in (("a", "0.5"), ("b", "0.5"), ("none", "0")):
                out = os.path.join(d, name + ".jsonl")
                with contextlib.redirect_stdout(io.StringIO()):
                    self.assertEqual(quote_style.main(["--problems", src, "--share", share, "--seed", "3", "--out", out]), 0)
                with open(out) as f:
                    outs.append(f.read())
            self.assertEqual(outs[0], outs[1])
            with open(src) as f:
                self.assertEqual(outs[2], "".join(json.dumps(json.loads(line)) + "\n" for line in f))
            mixed = [json.loads(line) for line in outs[0].splitlines()]
            quoted = sum('<p>\n"' in p["solution"] for p in mixed)
            self.assertTrue(5 < quoted < 35, quoted)
            with open(src, "a") as f:
                f.write('{"question": "q"}\n')
            with self.assertRaises(SystemExit) as cm:
                quote_style.main(["--problems", src, "--share", "1", "--out", os.path.join(d, "c.jsonl")])
            self.assertIn("p.jsonl:41", str(cm.exception))


class SynthCheckTests(unittest.TestCase):
    def test_Check_WrongClaimedOutput_IsReported(self):
        p = synth.generate("unit", 3, steps=3)
        first_output = parse_solution(p["solution"])[0].output
        bad = dict(p, solution=p["solution"].replace(f"<output>\n{first_output}\n</output>",
                                                     f"<output>\n{first_output}9\n</output>", 1))
        errors = check_problems([bad], "mem.jsonl")
        self.assertTrue(any("code step 1 prints" in e and "mem.jsonl:1" in e for e in errors), errors)

    def test_Check_TrueDivisionOutput_MatchesTheGoldByValue(self):
        from mario_train.synth_division import with_true_division
        p = next(t for t in map(with_true_division, synth.generate_split("unit-div", 40))
                 if parse_solution(t["solution"])[-2].output != t["answer"])
        self.assertEqual(check_problems([p], "m"), [])
        last = parse_solution(p["solution"])[-2].output
        bad = dict(p, solution=p["solution"].replace(f"<output>\n{last}\n</output>", "<output>\n1.5\n</output>"))
        self.assertTrue(any("last printed output" in e for e in check_problems([bad], "m")))

    def test_Check_WrongGold_IsReported(self):
        p = dict(synth.generate("unit", 4, steps=2), answer="-1")
        errors = check_problems([p], "mem.jsonl")
        self.assertTrue(any("Final Answer" in e for e in errors), errors)

    def test_Check_StepCountMismatch_IsReported(self):
        p = dict(synth.generate("unit", 5, steps=4), steps=5)
        self.assertTrue(any("'steps' is 5" in e for e in check_problems([p], "m")))

    def test_Overlap_CountsSharedQuestionsIgnoringCaseAndSpaces(self):
        a = [{"question": "Ava has 3 apples.", "seed": "x/1"}]
        b = [{"question": "ava  has 3 APPLES.", "seed": "y/1"}, {"question": "Ben", "seed": "x/1"}]
        self.assertEqual(overlap(a, b), {"shared_questions": 1, "shared_seeds": 1})


class CommittedSuiteTests(unittest.TestCase):
    def test_CommittedSuite_IsWhatTheGeneratorProduces(self):
        committed = read_jsonl(SUITE)
        self.assertEqual(len(committed), 300)
        for i, p in enumerate(committed):
            n = synth.MIN_STEPS + i % 5
            self.assertEqual(p, synth.generate("eval", i, steps=n), f"line {i + 1}")

    def test_CommittedSuite_IsGradedAndClean(self):
        committed = read_jsonl(SUITE)
        self.assertEqual(collections.Counter(p["steps"] for p in committed), {2: 60, 3: 60, 4: 60, 5: 60, 6: 60})
        self.assertEqual(check_problems(committed, SUITE), [])
        for p in committed:
            self.assertEqual(final_answer(p["solution"]), p["answer"])

    def test_Manifest_PointsAtTheCommittedData(self):
        with open(MANIFEST) as f:
            m = json.load(f)
        self.assertEqual(m["id"], "synth-arith")
        data = os.path.join(os.path.dirname(MANIFEST), "data", m["data"]["file"])
        with open(data, "rb") as f:
            raw = f.read()
        self.assertEqual(m["data"]["sha256"], hashlib.sha256(raw).hexdigest())
        self.assertEqual(m["rows"], raw.count(b"\n"))
        self.assertEqual(m["stepFormat"], "sft")



FIND_SUITE = os.path.join(ROOT, "eval-suites", "data", "synth-find.jsonl")
FIND_MINI = os.path.join(ROOT, "eval-suites", "data", "synth-find-mini.jsonl")


class CommittedFindSuiteTests(unittest.TestCase):
    """The embedded model's suite (gen_synth.py --split eval-find --count 300 --balanced --find 0.8) and the first 25
    that `dotnet mario eval` runs by default."""

    def test_FindSuite_IsWhatTheGeneratorProduces(self):
        committed = read_jsonl(FIND_SUITE)
        self.assertEqual(len(committed), 300)
        for i, p in enumerate(committed):
            expected = synth.generate_mixed("eval-find", i, synth.MIN_STEPS, synth.MAX_STEPS, list(synth.FAMILIES),
                                            balanced_slot=i, find=0.8)
            self.assertEqual(p, expected, f"line {i + 1}")

    def test_FindSuite_IsGradedClean_AndMostlyFind(self):
        committed = read_jsonl(FIND_SUITE)
        self.assertEqual(collections.Counter(p["steps"] for p in committed), {2: 60, 3: 60, 4: 60, 5: 60, 6: 60})
        self.assertEqual(sum(bool(p.get("find")) for p in committed), 238)
        self.assertEqual(check_problems(committed, FIND_SUITE), [])

    def test_FindMini_IsTheFirst25LinesByteForByte(self):
        with open(FIND_SUITE, "rb") as f:
            lines = f.read().splitlines(keepends=True)
        with open(FIND_MINI, "rb") as f:
            self.assertEqual(f.read(), b"".join(lines[:25]))

    def test_FindManifests_PointAtTheCommittedData(self):
        for name in ("synth-find", "synth-find-mini"):
            with open(os.path.join(ROOT, "eval-suites", name + ".json")) as f:
                m = json.load(f)
            self.assertEqual(m["id"], name)
            with open(os.path.join(ROOT, "eval-suites", "data", m["data"]["file"]), "rb") as f:
                raw = f.read()
            self.assertEqual(m["data"]["sha256"], hashlib.sha256(raw).hexdigest())
            self.assertEqual((m["rows"], m["data"]["bytes"]), (raw.count(b"\n"), len(raw)))
            self.assertEqual(m["stepFormat"], "sft")

if __name__ == "__main__":
    unittest.main()
