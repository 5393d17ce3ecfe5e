import contextlib
import io
import json
import os
import tempfile
import unittest

import torch

import make_pairs
import pair_probe
import train_round1
from mario_train.bpe import BpeTokenizer
from mario_train.data import alphamath_example
from mario_train.pairs import pair_batches, pair_example, pair_loss

from .test_model import TOKENIZER
from . import test_round1
from .test_round1 import BAD_FINAL, CODE_STEP, GOOD_FINAL, QUESTION, export_tiny_with_paths, paths_jsonl


def write_run(d, rows):
    run_dir = os.path.join(d, "run")
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, "samples.jsonl"), "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return run_dir


def pair_records(n):
    """n copies of one pair: the right final step against the wrong one, after the same code step."""
    return [{"id": f"p{i}", "question": QUESTION, "answer": "12", "kind": "sibling",
             "chosen": [CODE_STEP, GOOD_FINAL], "rejected": [CODE_STEP, BAD_FINAL]} for i in range(n)]


class MakePairsTests(unittest.TestCase):
    """make_pairs.py: preference pairs within one search tree."""

    def test_Pairs_AreSiblingsSplitByARightAnswerBelow_AndRightAgainstWrongFinishes(self):
        got = sorted((kind, cs[-1]["id"], rs[-1]["id"])
                     for kind, cs, rs in make_pairs.tree_pairs(test_round1.TreeLabelTests.tree(), "t:1"))
        self.assertEqual(got, [
            ("sibling", "0.0", "0.1"),      # root's children: right below 0.0, only wrong ends below 0.1;
                                            # 0.3 was never followed to an end, 0.2 is empty: neither is rejected
            ("sibling", "0.0.0", "0.0.1"),  # a right and a wrong answer under the same step
            ("terminal", "0.0.0", "0.1.0"), # right against wrong answers of other parents; 0.1.1 has no answer
        ])

    def test_Chains_RunFromTheRootsChildDownToTheNode(self):
        pairs = list(make_pairs.tree_pairs(test_round1.TreeLabelTests.tree(), "t:1"))
        _, chosen, rejected = next(p for p in pairs if p[0] == "terminal")
        self.assertEqual([c["id"] for c in chosen], ["0.0", "0.0.0"])
        self.assertEqual([c["id"] for c in rejected], ["0.1", "0.1.0"])

    def test_Script_SkipsCountsAndCaps_AndNamesALineWithoutATree(self):
        with tempfile.TemporaryDirectory() as d:
            tree = test_round1.TreeLabelTests.tree()
            run_dir = write_run(d, [{"id": f"p{i}", "tree": tree} for i in range(3)])
            out = os.path.join(d, "pairs.jsonl")
            with contextlib.redirect_stdout(io.StringIO()):
                make_pairs.main(["--run", run_dir, "--out", out, "--skip", "1", "--count", "1",
                                 "--max-per-problem", "1"])
            with open(out) as f:
                rows = [json.loads(line) for line in f]
            write_run(d, [{"id": "p", "tree": tree}, {"id": "q"}])
            with self.assertRaises(SystemExit) as e:
                with contextlib.redirect_stdout(io.StringIO()):
                    make_pairs.main(["--run", run_dir, "--out", out])
        self.assertEqual(sorted(r["kind"] for r in rows), ["sibling", "terminal"])   # one of each kind, one problem
        self.assertEqual({r["id"] for r in rows}, {"p1"})
        self.assertTrue(all(r["chosen"][-1] == GOOD_FINAL and r["question"] == QUESTION for r in rows))
        self.assertIn("samples.jsonl:2", str(e.exception))
        self.assertIn("tree", str(e.exception))


class PairLossTests(unittest.TestCase):
    def test_Example_ReadsTheValueWhereTheEngineReadsIt_TheLastStepsLastToken(self):
        tok = BpeTokenizer.load(TOKENIZER)
        p = pair_example(tok, pair_records(1)[0], "t:1")
        path = alphamath_example(tok, paths_jsonl()[1], "t:1")
        self.assertEqual((p.rejected, p.rejected_at), (path.ids, path.q_targets[-1][0]))
        self.assertEqual(p.kind, "sibling")

    def test_BadRecords_AreRejectedNamingLineAndField(self):
        tok = BpeTokenizer.load(TOKENIZER)
        table = [({"question": QUESTION, "chosen": [], "rejected": [BAD_FINAL]}, "'chosen'"),
                 ({"question": QUESTION, "chosen": [GOOD_FINAL], "rejected": ["  "]}, "'rejected'"),
                 ({"question": "", "chosen": [GOOD_FINAL], "rejected": [BAD_FINAL]}, "'question'"),
                 ({"question": QUESTION, "kind": 3, "chosen": [GOOD_FINAL], "rejected": [BAD_FINAL]}, "'kind'")]
        for rec, field in table:
            with self.assertRaises(ValueError) as e:
                pair_example(tok, rec, "f.jsonl:7")
            self.assertIn("f.jsonl:7", str(e.exception))
            self.assertIn(field, str(e.exception))

    def test_Loss_IsSmallWhenChosenRanksAbove_LargeWhenBelow(self):
        values = torch.tensor([[0.0, 0.9], [0.0, -0.9]])   # row 0 chosen, row 1 rejected; read at index 1
        at = torch.tensor([1, 1])
        good, acc_good = pair_loss(values, at, beta=5.0)
        bad, acc_bad = pair_loss(values.flip(0), at, beta=5.0)
        self.assertLess(float(good), 0.001)
        self.assertGreater(float(bad), 8.0)
        self.assertEqual((float(acc_good), float(acc_bad)), (1.0, 0.0))

    def test_Batches_PutChosenRowsFirst_AndPointAtEachSidesToken(self):
        tok = BpeTokenizer.load(TOKENIZER)
        pairs = [pair_example(tok, r, "t:1") for r in pair_records(3)]
        ids, at = next(pair_batches(pairs, 2, 1024, 0, seed=1))
        self.assertEqual(tuple(ids.shape)[0], 4)
        self.assertEqual(at.tolist(), [pairs[0].chosen_at] * 2 + [pairs[0].rejected_at] * 2)
        self.assertEqual(ids[0, :len(pairs[0].chosen)].tolist(), pairs[0].chosen)
        self.assertEqual(ids[2, :len(pairs[0].rejected)].tolist(), pairs[0].rejected)


class Round1PairsTests(unittest.TestCase):
    def test_Round1_Pairs_TeachTheHeadToRankTheChosenSideAbove(self):
        with tempfile.TemporaryDirectory() as d:
            init, paths = export_tiny_with_paths(d, paths_jsonl())
            pairs = os.path.join(d, "pairs.jsonl")
            with open(pairs, "w") as f:
                f.write("".join(json.dumps(r) + "\n" for r in pair_records(4)))
            out = os.path.join(d, "r1")
            with contextlib.redirect_stdout(io.StringIO()):
                rc = train_round1.main(["--paths", paths, "--pairs", pairs, "--pairs-per-batch", "2", "--alpha", "0",
                                        "--ce-weight", "0", "--init", init, "--tokenizer", TOKENIZER, "--out", out,
                                        "--steps", "40", "--lr", "3e-3", "--warmup", "5"])
            probe = io.StringIO()
            with contextlib.redirect_stdout(probe):
                pair_probe.main(["--model", os.path.join(out, "hf"), "--pairs", pairs])
            with open(os.path.join(out, "curve.csv")) as f:
                rows = f.read().strip().splitlines()
            with open(os.path.join(out, "summary.json")) as f:
                summary = json.load(f)
            with open(pairs, "a") as f:
                f.write('{"question": "q", "chosen": "not a list"}\n')
            with self.assertRaises(SystemExit) as bad:
                with contextlib.redirect_stdout(io.StringIO()):
                    train_round1.main(["--paths", paths, "--pairs", pairs, "--init", init, "--tokenizer", TOKENIZER,
                                       "--out", out, "--steps", "1"])
        self.assertEqual(rc, 0)
        result = json.loads(probe.getvalue())
        self.assertEqual((result["pairs"], result["chosen_higher"]), (4, 1.0))
        header = rows[0].split(",")
        first, last = (float(rows[i].split(",")[header.index("pair_loss")]) for i in (1, -1))
        self.assertLess(last, 0.5 * first)   # value and next-token losses are off: only the pairs train
        self.assertEqual(summary["pairs"], 4)
        self.assertIn("pairs.jsonl:5", str(bad.exception))
        self.assertIn("'chosen'", str(bad.exception))
