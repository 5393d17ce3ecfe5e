"""Qwen2's pre-tokenizer, written out by hand (Python's `re` has no \\p{L}), and GPT-2's byte-to-unicode map.

The pattern it implements, exactly as tokenizer.json states it (alternatives tried in order at each position):

    (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+

Digits are split one by one (\\p{N} alone), which suits arithmetic.
"""

import unicodedata
from functools import lru_cache
from typing import Dict, List, Tuple

QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
                 r"\s*[\r\n]+|\s+(?!\S)|\s+")

_CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


@lru_cache(maxsize=None)
def _cat(ch: str) -> str:
    return unicodedata.category(ch)


def _is_letter(ch: str) -> bool:
    return _cat(ch)[0] == "L"


def _is_number(ch: str) -> bool:
    return _cat(ch)[0] == "N"


def _is_space(ch: str) -> bool:
    # Python's isspace also accepts the information separators U+001C..U+001F, which \s does not.
    return ch.isspace() and ch not in "\x1c\x1d\x1e\x1f"


def _is_other(ch: str) -> bool:
    return not _is_space(ch) and not _is_letter(ch) and not _is_number(ch)


def _match(text: str, i: int) -> int:
    n = len(text)
    c = text[i]
    if c == "'":
        low = text[i:i + 3].lower()
        for con in _CONTRACTIONS:
            if low.startswith(con):
                return i + len(con)
    if c not in "\r\n" and not _is_letter(c) and not _is_number(c) and i + 1 < n and _is_letter(text[i + 1]):
        j = i + 2
        while j < n and _is_letter(text[j]):
            j += 1
        return j
    if _is_letter(c):
        j = i + 1
        while j < n and _is_letter(text[j]):
            j += 1
        return j
    if _is_number(c):
        return i + 1
    start = i + 1 if c == " " and i + 1 < n and _is_other(text[i + 1]) else i
    if _is_other(text[start]):
        j = start + 1
        while j < n and _is_other(text[j]):
            j += 1
        while j < n and text[j] in "\r\n":
            j += 1
        return j
    # c is whitespace here
    e = i
    while e < n and _is_space(text[e]):
        e += 1
    last_nl = max(text.rfind("\r", i, e), text.rfind("\n", i, e))
    if last_nl >= 0:
        return last_nl + 1
    if e == n:
        return n
    if e - i >= 2:
        return e - 1
    return e


def pretokenize(text: str) -> List[Tuple[int, int]]:
    """[start, end) character spans of the pieces the pattern splits `text` into (after NFC by the caller)."""
    spans = []
    i = 0
    while i < len(text):
        j = _match(text, i)
        spans.append((i, j))
        i = j
    return spans


@lru_cache(maxsize=1)
def bytes_to_unicode() -> Dict[int, str]:
    """GPT-2's reversible map from the 256 byte values to printable characters (what ByteLevel uses)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


@lru_cache(maxsize=1)
def unicode_to_bytes() -> Dict[str, int]:
    return {c: b for b, c in bytes_to_unicode().items()}
