// Reference side of the tokenizer benchmark (dotnet run --project bench/Mario.Benchmarks -c Release -- tokenizer): encodes the same documents with @huggingface/tokenizers
// and prints one JSON object with the load time, per-pass wall and CPU seconds, the token count and an ids checksum.
// Usage: node bench.mjs TOKENIZER_JSON CORPUS_JSON PASSES   (CORPUS_JSON: a JSON array of strings)
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Tokenizer } from "@huggingface/tokenizers";

const [tokenizerPath, corpusPath, passesText] = process.argv.slice(2);
if (!tokenizerPath || !corpusPath) {
  console.error("usage: node bench.mjs TOKENIZER_JSON CORPUS_JSON PASSES");
  process.exit(2);
}
const passes = Number.parseInt(passesText ?? "5", 10);
const docs = JSON.parse(fs.readFileSync(corpusPath, "utf8"));

const loadStart = performance.now();
const json = JSON.parse(fs.readFileSync(tokenizerPath, "utf8"));
const configPath = path.join(path.dirname(tokenizerPath), "tokenizer_config.json");
const config = fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, "utf8")) : {};
const tokenizer = new Tokenizer(json, config);
const loadSeconds = (performance.now() - loadStart) / 1000;

const seconds = [];
const cpuSeconds = [];
let tokens = 0;
let checksum = 0;
for (let p = 0; p < passes; p++) {
  let count = 0;
  let hash = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const doc of docs) {
    const ids = tokenizer.encode(doc, { add_special_tokens: false }).ids;
    count += ids.length;
    for (const id of ids) hash = (Math.imul(hash, 31) + id) >>> 0;
  }
  seconds.push((performance.now() - start) / 1000);
  const cpu = process.cpuUsage(cpuStart);
  cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  tokens = count;
  checksum = hash;
}
console.log(JSON.stringify({ engine: `tokenizers.js 0.2.0 (node ${process.version})`, loadSeconds, seconds, cpuSeconds, tokens, checksum }));
