#!/usr/bin/env bash
# Trains a model unless models/ already holds one for the current config, domain, data and
# NLU code. The check is a hash of those files (instant); Rasa's own `--dry-run` check takes
# ~35 s here. When training does run, Rasa's cache retrains only the changed components
# (a new cache when our component code changed).
# FORCE_TRAIN=1 trains anyway.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PROJECT_ROOT"
inputs=$(find config.yml domain.yml data bot requirements -type f \( -name '*.yml' -o -name '*.py' -o -name '*.txt' -o -name '*.tsv' \) | LC_ALL=C sort)
fingerprint=$( { echo "$inputs"; cat $inputs; } | sha256sum | cut -c1-32)
if [ "${FORCE_TRAIN:-0}" != 1 ] && compgen -G "models/*.tar.gz" >/dev/null \
   && [ "$(cat models/.fingerprint 2>/dev/null)" = "$fingerprint" ]; then
  echo "train: the model in models/ is up to date"
  exit 0
fi
# Rasa's cache knows a component by its config and inputs, not by its code or the glossaries
# it reads: keep one cache per version of them, or a change could be served from the cache.
code=$(find bot \( -name '*.py' -o -name '*.tsv' \) | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
export RASA_CACHE_DIRECTORY="$PROJECT_ROOT/.rasa/cache-$code"
find "$PROJECT_ROOT/.rasa" -maxdepth 1 -name 'cache-*' ! -name "cache-$code" -exec rm -rf {} + 2>/dev/null || true
rasa train --config config.yml --domain domain.yml --data data --out models "$@"
echo "$fingerprint" > models/.fingerprint
