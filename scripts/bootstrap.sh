#!/usr/bin/env bash
# Sets up a fresh clone: what scripts/deps.sh installs (Debian's python3 with sympy and numpy for the sandbox, the
# NuGet packages, the reference tokenizers), then the `dotnet mario` local tool (packed from this checkout into ./nupkg
# and restored from the tool manifest).
# Idempotent; re-running it after code changes reinstalls the freshly packed tool.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/deps.sh

# Pack the tool, then install it as the local tool named in dotnet-tools.json. NuGet caches a package by id and
# version, so a re-pack with the same version would silently reinstall the old bits: drop that cache entry first.
version=$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' dotnet-tools.json | head -n 1)
dotnet pack src/Mario.Tool -c Release --no-restore --verbosity quiet -nologo -p:Version="$version" >/dev/null
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
rm -rf "${packages%/}/mario/$version"
dotnet tool restore --add-source ./nupkg >/dev/null
echo "bootstrap done: 'dotnet mario --help' works from this folder" >&2
