"""A small byte-level BPE: trainer, encoder/decoder, and the Hugging Face tokenizer.json it is saved as.

The saved file has the layout of Qwen2's tokenizer.json (NFC normalizer; Split(Qwen2 regex, Isolated) then
ByteLevel pre-tokenizer; ByteLevel decoder; BPE model with merges as "a b" strings; special tokens as added
tokens after the base vocabulary), so any Hugging Face-compatible reader, mario's C# one included, loads it.
"""

import collections
import json
import unicodedata
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .pretok import QWEN2_PATTERN, bytes_to_unicode, pretokenize, unicode_to_bytes

ENDOFTEXT = "<|endoftext|>"
DEFAULT_SPECIALS = [ENDOFTEXT]


def _pieces(text: str) -> List[str]:
    return [text[a:b] for a, b in pretokenize(text)]


def _to_symbols(piece: str) -> str:
    b2u = bytes_to_unicode()
    return "".join(b2u[b] for b in piece.encode("utf-8"))


def train_bpe(texts: Iterable[str], vocab_size: int, specials: Sequence[str] = DEFAULT_SPECIALS,
              min_frequency: int = 2) -> "BpeTokenizer":
    """Learns merges until the vocabulary (256 bytes + merges + specials) reaches `vocab_size`.

    Ties between equally frequent pairs go to the lexicographically smallest pair, so training is deterministic.
    """
    if vocab_size < 256 + len(specials):
        raise ValueError(f"vocab_size must be at least {256 + len(specials)}, got {vocab_size}")
    counts: collections.Counter = collections.Counter()
    for t in texts:
        counts.update(_to_symbols(p) for p in _pieces(unicodedata.normalize("NFC", t)))
    b2u = bytes_to_unicode()
    vocab = [b2u[b] for b in range(256)]
    words = [list(w) for w in counts]
    freqs = [counts[w] for w in counts]
    pair_counts: Dict[Tuple[str, str], int] = collections.defaultdict(int)
    where: Dict[Tuple[str, str], set] = collections.defaultdict(set)
    for wi, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += freqs[wi]
            where[(a, b)].add(wi)
    merges: List[Tuple[str, str]] = []
    known = set(vocab)
    target = vocab_size - len(specials)
    while len(vocab) < target and pair_counts:
        best = min(pair_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if best[1] < min_frequency:
            break
        a, b = best[0]
        merged = a + b
        merges.append((a, b))
        if merged not in known:
            known.add(merged)
            vocab.append(merged)
        for wi in list(where[(a, b)]):
            w, f = words[wi], freqs[wi]
            for p in zip(w, w[1:]):
                pair_counts[p] -= f
                if pair_counts[p] <= 0:
                    del pair_counts[p]
                where[p].discard(wi)
            out, k = [], 0
            while k < len(w):
                if k + 1 < len(w) and w[k] == a and w[k + 1] == b:
                    out.append(merged)
                    k += 2
                else:
                    out.append(w[k])
                    k += 1
            words[wi] = out
            for p in zip(out, out[1:]):
                pair_counts[p] += f
                where[p].add(wi)
        where.pop((a, b), None)
    return BpeTokenizer({s: i for i, s in enumerate(vocab)}, merges, list(specials))


class BpeTokenizer:
    """Byte-level BPE with merge ranks, Qwen2 pre-tokenization and literal special tokens."""

    def __init__(self, vocab: Dict[str, int], merges: List[Tuple[str, str]], specials: List[str],
                 special_ids: Optional[Dict[str, int]] = None):
        self.vocab = vocab
        self.merges = merges
        self.ranks = {m: r for r, m in enumerate(merges)}
        base = len(vocab)
        self.special_ids = special_ids or {s: base + i for i, s in enumerate(specials)}
        self.id_to_token = {i: t for t, i in vocab.items()}
        self.id_to_token.update({i: s for s, i in self.special_ids.items()})
        self._cache: Dict[str, List[int]] = {}

    @property
    def vocab_size(self) -> int:
        return max(self.id_to_token) + 1

    def _bpe(self, symbols: str) -> List[int]:
        hit = self._cache.get(symbols)
        if hit is not None:
            return hit
        parts = list(symbols)
        while len(parts) > 1:
            best, best_rank = -1, None
            for k in range(len(parts) - 1):
                r = self.ranks.get((parts[k], parts[k + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = k, r
            if best < 0:
                break
            parts[best:best + 2] = [parts[best] + parts[best + 1]]
        ids = [self.vocab[p] for p in parts]
        self._cache[symbols] = ids
        return ids

    def encode_with_offsets(self, text: str) -> Tuple[List[int], List[Tuple[int, int]]]:
        """Ids and the [start, end) character span of `text` each id covers (a multi-byte character is
        attributed to the token holding its first byte). Special tokens are matched literally first."""
        ids: List[int] = []
        spans: List[Tuple[int, int]] = []
        pos = 0
        while pos <= len(text):
            nxt, which = len(text), None
            for s in self.special_ids:
                k = text.find(s, pos)
                if 0 <= k < nxt:
                    nxt, which = k, s
            self._encode_plain(text, pos, nxt, ids, spans)
            if which is None:
                break
            ids.append(self.special_ids[which])
            spans.append((nxt, nxt + len(which)))
            pos = nxt + len(which)
        return ids, spans

    def _encode_plain(self, text: str, lo: int, hi: int, ids: List[int], spans: List[Tuple[int, int]]) -> None:
        if lo >= hi:
            return
        chunk = text[lo:hi]
        norm = unicodedata.normalize("NFC", chunk)
        offset_known = norm == chunk
        for a, b in pretokenize(norm):
            piece = norm[a:b]
            byte_to_char = []
            for ci, ch in enumerate(piece):
                byte_to_char += [ci] * len(ch.encode("utf-8"))
            bpos = 0
            for t in self._bpe(_to_symbols(piece)):
                n = len(self.token_bytes(t))
                s = a + byte_to_char[bpos]
                e = a + (byte_to_char[bpos + n] if bpos + n < len(byte_to_char) else len(piece))
                ids.append(t)
                spans.append((lo + s, lo + e) if offset_known else (lo, hi))
                bpos += n

    def encode(self, text: str) -> List[int]:
        return self.encode_with_offsets(text)[0]

    def token_bytes(self, i: int) -> bytes:
        tok = self.id_to_token[i]
        if tok in self.special_ids:
            return tok.encode("utf-8")
        u2b = unicode_to_bytes()
        return bytes(u2b[c] for c in tok)

    def decode(self, ids: Iterable[int]) -> str:
        return b"".join(self.token_bytes(i) for i in ids).decode("utf-8", errors="replace")

    # ------------------------------------------------------------------ tokenizer.json

    def to_json(self) -> Dict:
        byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                              "normalized": False, "special": True} for s, i in self.special_ids.items()],
            "normalizer": {"type": "NFC"},
            "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": QWEN2_PATTERN}, "behavior": "Isolated", "invert": False},
                byte_level]},
            "post_processor": dict(byte_level),
            "decoder": dict(byte_level),
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                      "vocab": self.vocab, "merges": [f"{a} {b}" for a, b in self.merges]},
        }

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(self.to_json(), f, ensure_ascii=False, indent=1)

    @staticmethod
    def load(path: str) -> "BpeTokenizer":
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        model = j.get("model", {})
        if model.get("type") != "BPE":
            raise ValueError(f"{path}: model.type must be BPE, found {model.get('type')!r}")
        merges = []
        for m in model["merges"]:
            parts = m.split(" ") if isinstance(m, str) else list(m)
            if len(parts) != 2:
                raise ValueError(f"{path}: merge {m!r} is not a pair")
            merges.append((parts[0], parts[1]))
        specials = {t["content"]: t["id"] for t in j.get("added_tokens", [])}
        return BpeTokenizer(dict(model["vocab"]), merges, list(specials), specials)
