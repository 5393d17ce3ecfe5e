// Random multi-script strings (all planes, marks, Hangul, CJK, math alphanumerics, emoji, tags) with reference ids,
// for a larger one-off comparison than the committed golden files: node fuzz.mjs MODELS_DIR OUT.jsonl
// (MODELS_DIR holds tokenizer.json and tokenizer_config.json). Output lines are {"text", "ids"}.
import fs from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";
const dir = process.argv[2];
const t = new Tokenizer(JSON.parse(fs.readFileSync(dir + "/tokenizer.json", "utf8")), JSON.parse(fs.readFileSync(dir + "/tokenizer_config.json", "utf8")));
let s = 12345;
const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
const ranges = [[0x20,0x7e],[0x9,0xd],[0xa0,0x24f],[0x250,0x36f],[0x370,0x52f],[0x590,0x6ff],[0x900,0xdff],[0xe00,0xfff],[0x1100,0x11ff],[0x1e00,0x1fff],[0x2000,0x206f],[0x2070,0x22ff],[0x2300,0x27bf],[0x3000,0x30ff],[0x4e00,0x9fff],[0xac00,0xd7a3],[0xf900,0xfaff],[0xfb00,0xfdff],[0xfe00,0xffef],[0x10000,0x1007f],[0x1d400,0x1d7ff],[0x1f000,0x1faff],[0x20000,0x2a6df],[0xe0000,0xe007f]];
const out = [];
for (let n = 0; n < 6000; n++) {
  let str = ""; const len = 1 + Math.floor(rnd() * 24);
  for (let i = 0; i < len; i++) {
    const r = rnd();
    if (r < 0.3) str += " ,.'\n\t0123456789abcXYZ'sS$\\{}"[Math.floor(rnd() * 29)];
    else { const [lo, hi] = ranges[Math.floor(rnd() * ranges.length)]; const cp = lo + Math.floor(rnd() * (hi - lo + 1)); if (cp >= 0xd800 && cp <= 0xdfff) continue; str += String.fromCodePoint(cp); }
  }
  out.push(JSON.stringify({ text: str, ids: t.encode(str, { add_special_tokens: false }).ids }));
}
fs.writeFileSync(process.argv[3], out.join("\n") + "\n");
