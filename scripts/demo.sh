#!/usr/bin/env bash
# Install fasteval into .venv and run the demo: evaluate millions of predictions.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "${FASTEVAL_DEMO_EXTRAS:-}"
python examples/demo.py "$@"
