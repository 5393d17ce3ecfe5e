import json
import os
import tempfile
import unicodedata
import unittest

from mario_train.bpe import ENDOFTEXT, BpeTokenizer, train_bpe
from mario_train.pretok import bytes_to_unicode, pretokenize
from mario_train.synth_check import read_jsonl

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def pieces(text):
    return [text[a:b] for a, b in pretokenize(text)]


class PreTokenizerTests(unittest.TestCase):
    CASES = [
        ("Hello, world!", ["Hello", ",", " world", "!"]),
        ("12345", ["1", "2", "3", "4", "5"]),
        ("don't WE'LL", ["don", "'t", " WE", "'LL"]),
        ("a  b", ["a", " ", " b"]),
        ("x\n\n  y", ["x", "\n\n", " ", " y"]),
        ("</p>\n<code>", ["</", "p", ">\n", "<code", ">"]),
        ("end   ", ["end", "   "]),
        ("$x$ = 3", ["$x", "$", " =", " ", "3"]),
        ("café", ["café"]),
    ]

    def test_Pretokenize_MatchesTheQwen2Pattern(self):
        for text, expected in self.CASES:
            self.assertEqual(pieces(text), expected, repr(text))

    def test_Pretokenize_PiecesCoverTheText(self):
        text = "a\t\tb \n c\r\n\r\n  'sx 日本 😀 ١٢"
        self.assertEqual("".join(pieces(text)), text)

    def test_ByteMap_IsABijectionOver256Bytes(self):
        m = bytes_to_unicode()
        self.assertEqual(len(set(m.values())), 256)
        self.assertEqual(m[ord(" ")], "Ġ")
        self.assertEqual(m[ord("\n")], "Ċ")


class TokenizerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tok = BpeTokenizer.load(os.path.join(DATA, "tiny-tokenizer.json"))
        cls.golden = read_jsonl(os.path.join(DATA, "tiny-tokenizer.golden.jsonl"))

    def test_Encode_MatchesTheHuggingFaceReferenceIds(self):
        # ids computed by @huggingface/tokenizers (JavaScript) from the same tokenizer.json: see golden_ids.mjs
        for row in self.golden:
            self.assertEqual(self.tok.encode(row["text"]), row["ids"], repr(row["text"][:60]))

    def test_Decode_RoundTripsNfcText(self):
        for row in self.golden:
            self.assertEqual(self.tok.decode(self.tok.encode(row["text"])), unicodedata.normalize("NFC", row["text"]))

    def test_Offsets_CoverEachTokensCharacters(self):
        text = "Ava has 12 apples.\n<step>"
        ids, spans = self.tok.encode_with_offsets(text)
        self.assertEqual(len(ids), len(spans))
        self.assertEqual("".join(text[a:b] for a, b in spans), text)

    def test_SpecialToken_IsOneIdAfterTheBaseVocabulary(self):
        eos = self.tok.special_ids[ENDOFTEXT]
        self.assertEqual(eos, len(self.tok.vocab))
        self.assertEqual(self.tok.encode("a<|endoftext|>")[-1], eos)

    def test_Train_IsDeterministicAndReproducesTheFixture(self):
        # the fixture was trained on the golden texts with vocab_size 320
        tok = train_bpe([row["text"] for row in self.golden], 320)
        with open(os.path.join(DATA, "tiny-tokenizer.json"), encoding="utf-8") as f:
            self.assertEqual(tok.to_json(), json.load(f))

    def test_SavedJson_HasTheQwen2Layout(self):
        j = self.tok.to_json()
        self.assertEqual(j["model"]["type"], "BPE")
        self.assertTrue(all(isinstance(m, str) and len(m.split(" ")) == 2 for m in j["model"]["merges"]))
        pre = j["pre_tokenizer"]["pretokenizers"]
        self.assertEqual([p["type"] for p in pre], ["Split", "ByteLevel"])
        self.assertEqual(j["added_tokens"][0]["content"], ENDOFTEXT)
        self.assertTrue(j["added_tokens"][0]["special"])

    def test_Load_MergesAsPairs_AreAccepted(self):
        j = self.tok.to_json()
        j["model"]["merges"] = [m.split(" ") for m in j["model"]["merges"]]
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "t.json")
            with open(p, "w", encoding="utf-8") as f:
                json.dump(j, f)
            self.assertEqual(BpeTokenizer.load(p).encode("Ava has 12 apples."), self.tok.encode("Ava has 12 apples."))

    def test_Train_VocabTooSmall_IsRejected(self):
        with self.assertRaises(ValueError):
            train_bpe(["abc"], 100)


if __name__ == "__main__":
    unittest.main()
