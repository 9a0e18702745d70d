# Shared set-up for scripts/serve and scripts/test: a locked Python environment in .venv.
# Sourced, not run. Installs uv (pinned) when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
UV_VERSION="0.13.9"
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | awk '{print $2}')" != "$UV_VERSION" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >&2 \
    || python3 -m pip install --quiet --user "uv==$UV_VERSION" >&2
  export PATH="$HOME/.local/bin:$PATH"
fi
export UV_PYTHON="${UV_PYTHON:-python3}"
# Byte-compiled up front: with PYTHONDONTWRITEBYTECODE set (as on CI machines) Python would
# otherwise compile every module from source on every start (2.4 s to ready instead of 1.2).
uv sync --locked --quiet --compile-bytecode
.venv/bin/python -m compileall -q src >/dev/null
