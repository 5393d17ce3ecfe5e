// Recomputes the ids of tiny-tokenizer.golden.jsonl with the reference JavaScript implementation of Hugging Face
// tokenizers (npm package @huggingface/tokenizers@0.2.0, installed outside the repository); the output must equal
// the committed file:
//   NODE_PATH=<dir>/node_modules node training/tests/data/golden_ids.mjs \
//       training/tests/data/tiny-tokenizer.json training/tests/data/tiny-tokenizer.golden.jsonl
import { Tokenizer } from "@huggingface/tokenizers";
import fs from "fs";
const tok = new Tokenizer(JSON.parse(fs.readFileSync(process.argv[2], "utf8")), {});
for (const line of fs.readFileSync(process.argv[3], "utf8").split("\n").filter(l => l.trim())) {
  const text = JSON.parse(line).text;
  console.log(JSON.stringify({ text, ids: tok.encode(text, { add_special_tokens: false }).ids }));
}
