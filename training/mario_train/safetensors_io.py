"""A small safetensors writer and reader (the format, since the `safetensors` package is not available here).

File layout: 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each tensor name to
{"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the end of the header) plus an optional
"__metadata__" map of strings; then the raw little-endian tensor bytes, row-major. The header is padded with
spaces so the data starts on an 8-byte boundary, as the reference writer does.
"""

import json
import struct
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64", torch.int32: "I32"}
_SIZES = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4}
_NP = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}
_TORCH = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
MAX_HEADER = 100 * 1024 * 1024


def _raw(t: torch.Tensor) -> bytes:
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(_NP[_DTYPES[t.dtype]]).tobytes()


def save_file(tensors: Dict[str, torch.Tensor], path: str, metadata: Optional[Dict[str, str]] = None) -> None:
    header: Dict[str, object] = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        if t.dtype not in _DTYPES:
            raise ValueError(f"tensor {name}: unsupported dtype {t.dtype}")
        raw = _raw(t)
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    _write(path, header, blobs)


def save_ordered(path: str, tensors: List[Tuple[str, torch.Tensor, str]], metadata: Optional[Dict[str, str]] = None) -> None:
    """Writes (name, tensor, dtype in {"F32", "F16", "BF16"}) in the given order, each cast to its dtype, with the
    metadata (default {"format": "pt"}) last in the header: the layout of the engine fixtures under
    tests/Mario.Inference.Tests/Data (tools/fixtures), kept so regenerating them gives the same bytes."""
    header: Dict[str, object] = {}
    blobs = []
    offset = 0
    for name, t, dtype in tensors:
        if dtype not in _TORCH:
            raise ValueError(f"tensor {name}: unsupported dtype {dtype}")
        raw = _raw(t.to(_TORCH[dtype]))
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = metadata or {"format": "pt"}
    _write(path, header, blobs)


def _write(path: str, header: Dict[str, object], blobs: List[bytes]) -> None:
    hj = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hj += b" " * ((8 - (8 + len(hj)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for b in blobs:
            f.write(b)


def load_file(path: str) -> Dict[str, torch.Tensor]:
    """Reads every tensor; rejects a header that is too long, not JSON, or whose ranges overlap or leave the file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", data[:8])
    if n > MAX_HEADER or 8 + n > len(data):
        raise ValueError(f"{path}: header length {n} exceeds the file ({len(data)} bytes) or the {MAX_HEADER} limit")
    try:
        header = json.loads(data[8:8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{path}: header is not UTF-8 JSON: {e}") from None
    body = memoryview(data)[8 + n:]
    out: Dict[str, torch.Tensor] = {}
    spans = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dt, shape, (a, b) = info["dtype"], info["shape"], info["data_offsets"]
        if dt not in _SIZES:
            raise ValueError(f"{path}: tensor {name}: unsupported dtype {dt}")
        count = int(np.prod(shape)) if shape else 1
        if not 0 <= a <= b <= len(body) or b - a != count * _SIZES[dt]:
            raise ValueError(f"{path}: tensor {name}: data_offsets [{a}, {b}] do not fit shape {shape} {dt} "
                             f"in {len(body)} data bytes")
        spans.append((a, b, name))
        raw = bytes(body[a:b])
        if dt == "BF16":
            t = torch.from_numpy(np.frombuffer(raw, dtype="<i2").copy()).view(torch.bfloat16)
        else:
            t = torch.from_numpy(np.frombuffer(raw, dtype=_NP[dt]).copy())
        out[name] = t.reshape(shape)
    spans.sort()
    for (a1, b1, n1), (a2, b2, n2) in zip(spans, spans[1:]):
        if a2 < b1:
            raise ValueError(f"{path}: tensors {n1} and {n2} overlap")
    return out


def load_float32(path: str) -> Dict[str, torch.Tensor]:
    """Every tensor widened to float32 (exact for F16 and BF16), as the reference forward (`reference.Model`) reads them."""
    return {name: t.float() for name, t in load_file(path).items()}
