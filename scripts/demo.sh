#!/usr/bin/env bash
# Install fasteval into .venv and run the demo of the main job: write a Parquet file of
# a few million predictions, stream it through the metrics (overall and per language),
# and print the tables and the time. Extra arguments go to `fasteval demo`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "${FASTEVAL_DEMO_EXTRAS:-}"
fasteval demo "$@"
