#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian's python3 with sympy and numpy (the sandbox's interpreter).
# Idempotent and quiet when everything is present.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import sympy, numpy' >/dev/null 2>&1 || need+=(python3-sympy python3-numpy)
if ((${#need[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing ${need[*]} (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
cd "$(dirname "$0")/.."
dotnet restore Mario.sln --verbosity quiet
