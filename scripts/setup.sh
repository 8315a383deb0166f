#!/usr/bin/env bash
# Idempotent setup from the project's own files: a virtual environment with the pinned packages,
# and (for tests) Debian's chromium and a CJK font. Usage: scripts/setup.sh [app|dev]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-app}
req=requirements.txt
[[ $profile == dev ]] && req=requirements-dev.txt

if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv" >&2
  python3 -m venv .venv
fi
# Debian's packages (tests only) install in the background, beside the Python packages: on a
# fresh machine each takes a minute or more, and one waits on the network while the other unpacks.
debian=
if [[ $profile == dev ]]; then
  need=()
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  fc-list 2>/dev/null | grep -qiE 'noto (sans|serif) cjk|wenquanyi' || need+=(fonts-noto-cjk)
  if ((${#need[@]})); then
    echo "setup: installing Debian packages: ${need[*]} (in the background, a minute or two)" >&2
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    {
      "${sudo_cmd[@]}" apt-get update -qq
      DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
        --no-install-recommends "${need[@]}" >/dev/null
    } &
    debian=$!
  fi
fi

stamp=".venv/.stamp-$profile"
want=$(cat requirements.txt "$req" | sha256sum | cut -c1-16)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "setup: installing $req (first run only, a few minutes: a line per package)" >&2
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -r "$req" \
    | { grep --line-buffered -E '^(Collecting|Installing collected)' || true; } \
    | sed -u 's/^/setup:   /' >&2
  echo "setup: packages ready" >&2
  echo "$want" > "$stamp"
fi

if [[ -n $debian ]]; then
  wait "$debian" || { echo "setup: installing the Debian packages failed" >&2; exit 1; }
  echo "setup: Debian packages ready" >&2
fi
