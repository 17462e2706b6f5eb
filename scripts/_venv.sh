# Sourced by the other scripts: make (once) and activate the project's virtualenv
# in .venv, installing the project with the extras named in $1 (e.g. "test").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip >/dev/null
extras="${1:-}"
if [ -n "$extras" ] && [ "${FASTEVAL_TORCH:-cpu}" != "skip" ] && ! python -c "import torch" 2>/dev/null; then
    # torch is an optional extra used by the tests (tensor inputs). Ask for the
    # CPU build explicitly: a bare `torch` requirement can pull a multi-GB CUDA build.
    python -m pip install --quiet "torch==2.13.0" \
        || echo "note: torch not installed; tensor-input tests will be skipped" >&2
fi
if [ -n "$extras" ]; then
    python -m pip install --quiet -e ".[$extras]"
else
    python -m pip install --quiet -e .
fi
