#!/usr/bin/env python3
"""Regenerates eval-suites/<id>.json from the suites' SOURCES.md (run by hand when SOURCES.md changes).

Usage: scripts/gen-manifests.py ../shared/suites/SOURCES.md eval-suites
Grading defaults (compare mode, step format, few-shot set, pull normalizer) are the tables below; everything
else (rows, checksums, URLs, licence, mapping, notes) is copied from SOURCES.md.
"""
import json, re, sys, pathlib

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
text = src.read_text(encoding="utf-8")

licences = {}
for line in text.splitlines():
    m = re.match(r"^\| (\S+\.jsonl) \| (\d+) \| [^|]* \| [^|]* \| [^|]* \| (.*) \|$", line)
    if m:
        licences[m.group(1)] = m.group(3).strip()

NUMERIC = {"gsm8k-test", "gsm8k-train", "gsm8k-test-mini", "svamp", "asdiv", "mawps", "aime24", "amc23", "cmath"}
CHOICE = {"sat-math", "mmlu-stem", "aqua", "gaokao-math-qa"}
FEWSHOT = {"gsm8k-test", "gsm8k-train", "gsm8k-test-mini", "math-test", "math500", "math500-mini"}
# Rows that carry a difficulty level or a subject: `dotnet mario compare` breaks accuracy down by them.
FACETS = {
    "math500": {"level": "level", "subject": "subject"},
    "math500-mini": {"level": "level", "subject": "subject"},
    "math-test": {"level": "level", "subject": "type"},
    "mmlu-stem": {"subject": "type"},
}
PULL = {
    "gsm8k-test": {"normalizer": "gsm8k", "idWidth": 4},
    "gsm8k-train": {"normalizer": "gsm8k", "idWidth": 4},
    "gsm8k-test-mini": {"normalizer": "gsm8k", "take": 50, "idWidth": 4, "idPrefix": "gsm8k-test"},
    "math500": {"normalizer": "math500", "idWidth": 3},
    "math500-mini": {"normalizer": "math500", "take": 50, "idWidth": 3, "idPrefix": "math500"},
}
TITLES = {"gsm8k-test": "GSM8K test", "gsm8k-train": "GSM8K train", "gsm8k-test-mini": "GSM8K test, first 50",
          "math-test": "MATH test (5000)", "math500": "MATH500", "math500-mini": "MATH500, first 50",
          "super-mario-fewshots": "Super_MARIO ReAct few-shot exemplars"}

sections = re.split(r"^### ", text, flags=re.M)[1:]
count = 0
for sec in sections:
    head, _, body = sec.partition("\n")
    name = head.strip()
    if not name.endswith(".jsonl"):
        continue
    sid = name[: -len(".jsonl")]
    def field(label):
        m = re.search(r"^- " + re.escape(label) + r": (.*)$", body, flags=re.M)
        return m.group(1).strip() if m else None
    repo = field("source repository").strip("`")
    commit = field("commit").strip("`")
    path = field("path").strip("`")
    url = field("raw download URL")
    sf = field("source file")
    sbytes = int(re.match(r"(\d+) bytes", sf).group(1))
    ssha = re.search(r"sha256 `([0-9a-f]{64})`", sf).group(1)
    rows = int(re.match(r"(\d+)", field("rows")).group(1))
    dsha = field("sha256 (normalized file)").strip("`")
    dbytes = int(re.match(r"(\d+) bytes", field("size")).group(1))
    manifest = {
        "id": sid,
        "version": 1,
        "title": TITLES.get(sid, sid),
        "role": "train" if sid == "gsm8k-train" else "few-shot" if sid == "super-mario-fewshots" else "eval",
        "license": licences[name],
        "rows": rows,
        "data": {"file": name, "sha256": dsha, "bytes": dbytes},
        "source": {"repo": repo, "commit": commit, "path": path, "url": url, "sha256": ssha, "bytes": sbytes},
        "pull": PULL.get(sid, {"normalizer": "none"}),
        "mapping": field("field mapping"),
        "fields": {"id": "id", "question": "question", "answer": "answer", "solution": "solution", **FACETS.get(sid, {})},
        "goldExtraction": "verbatim",
        "compare": "numeric" if sid in NUMERIC else "choice" if sid in CHOICE else "math",
        "stepFormat": "react" if sid in FEWSHOT or sid == "super-mario-fewshots" else "cot",
    }
    if sid in FEWSHOT:
        manifest["fewShot"] = {"suite": "super-mario-fewshots", "count": 2}
    notes = field("notes")
    if notes:
        manifest["notes"] = notes
    (out / f"{sid}.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    count += 1
print(f"wrote {count} manifests to {out}")
