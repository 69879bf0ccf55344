#!/usr/bin/env bash
# Trains a model unless models/ already holds one for the current data and config
# (Rasa's fingerprint check makes an unchanged retrain a no-op).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PROJECT_ROOT"
exec rasa train --config config.yml --domain domain.yml --data data --out models "$@"
