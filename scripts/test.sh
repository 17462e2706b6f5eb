#!/usr/bin/env bash
# Install fasteval with its test extras into .venv and run the whole test suite
# (unit, property, doctest, examples, and the benchmarks once each as checks).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" test
python -m pytest "$@"
