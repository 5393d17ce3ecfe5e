import json
import math
import os
import struct
import tempfile
import unittest

import torch

from mario_train.hf_export import export, load
from mario_train.model import Qwen2Config, Qwen2WithValueHead
from mario_train.safetensors_io import load_file, save_file

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
TOKENIZER = os.path.join(DATA, "tiny-tokenizer.json")


def tiny(tie=False, seed=0):
    torch.manual_seed(seed)
    c = Qwen2Config(vocab_size=320, hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
                    num_key_value_heads=2, max_position_embeddings=64, tie_word_embeddings=tie, bos_token_id=319,
                    eos_token_id=319)
    m = Qwen2WithValueHead(c).eval()
    with torch.no_grad():  # non-trivial norms and biases, so a wrong name or layout cannot hide
        for n, p in m.named_parameters():
            if n.endswith("norm.weight") or n.endswith("layernorm.weight") or n.endswith(".bias"):
                p.add_(torch.randn_like(p) * 0.3)
    return m


def naive_forward(m, ids):
    """Token-by-token reference: explicit RoPE pairs (i, i + d/2), GQA head mapping h -> h // group."""
    c = m.config
    sd = {k: v.double() for k, v in m.state_dict().items()}
    hd, nh, nkv = c.head_dim, c.num_attention_heads, c.num_key_value_heads
    half = hd // 2

    def rms(x, w):
        return w * x / torch.sqrt((x * x).mean() + c.rms_norm_eps)

    def rope(v, pos):
        out = v.clone()
        for i in range(half):
            ang = pos * c.rope_theta ** (-2.0 * i / hd)
            a, b = v[i], v[i + half]
            out[i], out[i + half] = a * math.cos(ang) - b * math.sin(ang), a * math.sin(ang) + b * math.cos(ang)
        return out

    xs = [sd["model.embed_tokens.weight"][t] for t in ids]
    for L in range(c.num_hidden_layers):
        p = f"model.layers.{L}."
        ks, vs, new = [], [], []
        for pos, x in enumerate(xs):
            h = rms(x, sd[p + "input_layernorm.weight"])
            q = sd[p + "self_attn.q_proj.weight"] @ h + sd[p + "self_attn.q_proj.bias"]
            k = sd[p + "self_attn.k_proj.weight"] @ h + sd[p + "self_attn.k_proj.bias"]
            v = sd[p + "self_attn.v_proj.weight"] @ h + sd[p + "self_attn.v_proj.bias"]
            ks.append([rope(k[j * hd:(j + 1) * hd], pos) for j in range(nkv)])
            vs.append([v[j * hd:(j + 1) * hd] for j in range(nkv)])
            heads = []
            for hh in range(nh):
                qh = rope(q[hh * hd:(hh + 1) * hd], pos)
                kv = hh // (nh // nkv)
                scores = torch.stack([qh @ ks[s][kv] / math.sqrt(hd) for s in range(pos + 1)])
                w = torch.softmax(scores, 0)
                heads.append(sum(w[s] * vs[s][kv] for s in range(pos + 1)))
            x = x + sd[p + "self_attn.o_proj.weight"] @ torch.cat(heads)
            h = rms(x, sd[p + "post_attention_layernorm.weight"])
            g = sd[p + "mlp.gate_proj.weight"] @ h
            u = sd[p + "mlp.up_proj.weight"] @ h
            new.append(x + sd[p + "mlp.down_proj.weight"] @ (torch.nn.functional.silu(g) * u))
        xs = new
    hs = [rms(x, sd["model.norm.weight"]) for x in xs]
    logits = torch.stack([sd["lm_head.weight"] @ h for h in hs])
    values = torch.stack([torch.tanh(sd["v_head.summary.weight"][0] @ h + sd["v_head.summary.bias"][0]) for h in hs])
    return logits, values


class ModelTests(unittest.TestCase):
    def test_Forward_MatchesTokenByTokenReference(self):
        m = tiny()
        ids = [5, 17, 300, 42, 7, 7, 99, 1]
        with torch.no_grad():
            logits, values = m(torch.tensor([ids]))
        ref_l, ref_v = naive_forward(m, ids)
        self.assertLess(float((logits[0].double() - ref_l).abs().max()), 1e-4)
        self.assertLess(float((values[0].double() - ref_v).abs().max()), 1e-5)

    def test_Forward_IsCausal(self):
        m = tiny()
        a = torch.tensor([[1, 2, 3, 4, 5, 6]])
        b = torch.tensor([[1, 2, 3, 9, 9, 9]])
        with torch.no_grad():
            la, va = m(a)
            lb, vb = m(b)
        self.assertTrue(torch.equal(la[0, :3], lb[0, :3]))
        self.assertFalse(torch.equal(la[0, 3:], lb[0, 3:]))

    def test_Forward_Incremental_MatchesOnePass(self):
        m = tiny()
        ids = [5, 17, 300, 42, 7, 7, 99, 1, 250, 3]
        with torch.no_grad():
            full_l, full_v = m(torch.tensor([ids]))
            cache = m.new_cache()
            l1, v1 = m(torch.tensor([ids[:6]]), cache)
            parts_l, parts_v = [l1[0]], [v1[0]]
            for t in ids[6:]:
                lt, vt = m(torch.tensor([[t]]), cache)
                parts_l.append(lt[0])
                parts_v.append(vt[0])
        self.assertLess(float((torch.cat(parts_l) - full_l[0]).abs().max()), 1e-5)
        self.assertLess(float((torch.cat(parts_v) - full_v[0]).abs().max()), 1e-6)

    def test_StateDict_UsesHuggingFaceQwen2Names(self):
        names = set(tiny().state_dict())
        per_layer = ["input_layernorm.weight", "post_attention_layernorm.weight", "self_attn.q_proj.weight",
                     "self_attn.q_proj.bias", "self_attn.k_proj.weight", "self_attn.k_proj.bias",
                     "self_attn.v_proj.weight", "self_attn.v_proj.bias", "self_attn.o_proj.weight",
                     "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"]
        expected = {"model.embed_tokens.weight", "model.norm.weight", "lm_head.weight", "v_head.summary.weight",
                    "v_head.summary.bias"} | {f"model.layers.{L}.{n}" for L in range(2) for n in per_layer}
        self.assertEqual(names, expected)

    def test_Config_InvalidHeads_IsRejected(self):
        with self.assertRaises(ValueError):
            Qwen2WithValueHead(Qwen2Config(hidden_size=30, num_attention_heads=4))
        with self.assertRaises(ValueError):
            Qwen2WithValueHead(Qwen2Config(hidden_size=32, num_attention_heads=4, num_key_value_heads=3))


class ExportTests(unittest.TestCase):
    def _roundtrip(self, tie, dtype):
        m = tiny(tie)
        with tempfile.TemporaryDirectory() as d:
            export(m, TOKENIZER, d, dtype)
            back = load(d).eval()
            files = sorted(os.listdir(d))
            with open(os.path.join(d, "config.json")) as f:
                cfg = json.load(f)
            lm = load_file(os.path.join(d, "model.safetensors"))
            vh = load_file(os.path.join(d, "value_head.safetensors"))
        ids = torch.tensor([[3, 1, 4, 1, 5, 9, 2, 6]])
        with torch.no_grad():
            return m(ids), back(ids), files, cfg, lm, vh

    def test_Export_Float32_ReloadsToIdenticalLogits(self):
        (l1, v1), (l2, v2), files, cfg, lm, vh = self._roundtrip(False, "float32")
        self.assertTrue(torch.equal(l1, l2))
        self.assertTrue(torch.equal(v1, v2))
        self.assertEqual(files, ["config.json", "generation_config.json", "model.safetensors", "tokenizer.json",
                                 "value_head.safetensors"])
        self.assertEqual(cfg["architectures"], ["Qwen2ForCausalLM"])
        for k in ["hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                  "num_key_value_heads", "rms_norm_eps", "rope_theta", "max_position_embeddings", "vocab_size",
                  "tie_word_embeddings", "bos_token_id", "eos_token_id", "torch_dtype"]:
            self.assertIn(k, cfg)
        self.assertIn("lm_head.weight", lm)
        self.assertEqual(sorted(vh), ["v_head.summary.bias", "v_head.summary.weight"])
        self.assertEqual(list(vh["v_head.summary.weight"].shape), [1, 32])

    def test_Export_Tied_OmitsLmHeadAndStillMatches(self):
        (l1, _), (l2, _), _, cfg, lm, _ = self._roundtrip(True, "float32")
        self.assertTrue(cfg["tie_word_embeddings"])
        self.assertNotIn("lm_head.weight", lm)
        self.assertTrue(torch.equal(l1, l2))

    def test_Export_Bfloat16_IsCloseAndHalfTheSize(self):
        (l1, _), (l2, _), _, cfg, lm, _ = self._roundtrip(False, "bfloat16")
        self.assertEqual(cfg["torch_dtype"], "bfloat16")
        self.assertEqual(lm["model.norm.weight"].dtype, torch.bfloat16)
        self.assertLess(float((l1 - l2).abs().max()), 0.05)


class SafeTensorsTests(unittest.TestCase):
    def test_Save_WritesLittleEndianHeaderAlignedData(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "t.safetensors")
            save_file({"b": torch.arange(6, dtype=torch.float32).reshape(2, 3), "a": torch.ones(1)}, p, {"format": "pt"})
            raw = open(p, "rb").read()
        (n,) = struct.unpack("<Q", raw[:8])
        self.assertEqual((8 + n) % 8, 0)
        header = json.loads(raw[8:8 + n])
        self.assertEqual(header["a"], {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]})
        self.assertEqual(header["b"], {"dtype": "F32", "shape": [2, 3], "data_offsets": [4, 28]})
        self.assertEqual(struct.unpack("<6f", raw[8 + n + 4:8 + n + 28]), (0.0, 1.0, 2.0, 3.0, 4.0, 5.0))
        self.assertEqual(header["__metadata__"], {"format": "pt"})

    def _hostile(self, header: bytes, body: bytes = b"", length=None):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "bad.safetensors")
            with open(p, "wb") as f:
                f.write(struct.pack("<Q", len(header) if length is None else length) + header + body)
            with self.assertRaises(ValueError) as cm:
                load_file(p)
            return str(cm.exception)

    def test_Load_HostileHeaders_AreRejectedWithAReason(self):
        self.assertIn("header length", self._hostile(b"{}", length=1 << 40))
        self.assertIn("not UTF-8 JSON", self._hostile(b"{nope"))
        self.assertIn("data_offsets", self._hostile(
            json.dumps({"x": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}).encode(), b"\0" * 8))
        self.assertIn("data_offsets", self._hostile(
            json.dumps({"x": {"dtype": "F32", "shape": [3], "data_offsets": [0, 16]}}).encode(), b"\0" * 16))
        self.assertIn("overlap", self._hostile(json.dumps({
            "x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
            "y": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}).encode(), b"\0" * 12))

    def test_Load_WrongShapeForConfig_NamesTheTensor(self):
        m = tiny()
        with tempfile.TemporaryDirectory() as d:
            export(m, TOKENIZER, d)
            sd = load_file(os.path.join(d, "model.safetensors"))
            sd["model.norm.weight"] = torch.ones(31)
            save_file(sd, os.path.join(d, "model.safetensors"))
            with self.assertRaises(ValueError) as cm:
                load(d)
        self.assertIn("model.norm.weight", str(cm.exception))


    def test_SaveOrdered_KeepsOrderAndDtypesWithMetadataLast(self):
        from mario_train.safetensors_io import load_float32, save_ordered

        a, b = torch.tensor([[1.5, -2.0]]), torch.tensor([0.1, 3.0, -7.25])
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.safetensors")
            save_ordered(path, [("z", a, "BF16"), ("a", b, "F16")])
            with open(path, "rb") as f:
                n = struct.unpack("<Q", f.read(8))[0]
                header = json.loads(f.read(n))
            back = load_float32(path)
        self.assertEqual(list(header), ["z", "a", "__metadata__"])
        self.assertEqual((header["z"]["dtype"], header["a"]["dtype"]), ("BF16", "F16"))
        self.assertEqual(back["z"].dtype, torch.float32)
        self.assertTrue(torch.equal(back["z"], a.to(torch.bfloat16).float()))
        self.assertTrue(torch.equal(back["a"], b.half().float()))


class ReferenceTests(unittest.TestCase):
    def test_TrainableModel_MatchesTheSharedReferenceForward(self):
        """The exported folder, read by the reference forward that makes the C# engine's golden files
        (mario_train.reference, used by tools/fixtures), gives the trainable model's logits and values."""
        from mario_train.reference import Model
        from mario_train.safetensors_io import load_float32

        ids = [5, 17, 250, 3, 99, 42, 7, 300]
        for tie in (False, True):
            with self.subTest(tie=tie):
                m = tiny(tie=tie, seed=4)
                with torch.no_grad():
                    logits, values = m(torch.tensor([ids]))
                with tempfile.TemporaryDirectory() as d:
                    export(m, TOKENIZER, d)
                    with open(os.path.join(d, "config.json")) as f:
                        cfg = json.load(f)
                    w = load_float32(os.path.join(d, "model.safetensors"))
                    vh = load_float32(os.path.join(d, "value_head.safetensors"))
                ref_logits, hn = Model(cfg, w).forward(ids)
                ref_values = torch.tanh(hn @ vh["v_head.summary.weight"][0] + vh["v_head.summary.bias"][0])
                self.assertLess(float((logits[0] - ref_logits).abs().max()), 1e-5)
                self.assertLess(float((values[0] - ref_values).abs().max()), 1e-6)



if __name__ == "__main__":
    unittest.main()
