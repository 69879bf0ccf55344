#!/usr/bin/env bash
# Starts one service of the stack in the foreground: rasa | actions | handoff | seed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PROJECT_ROOT"
case "${1:?usage: serve.sh rasa|actions|handoff}" in
  rasa)
    exec rasa run --enable-api --auth-token "$RASA_API_TOKEN" --cors "*" \
      --port "$RASA_PORT" --model models --credentials credentials.yml --endpoints endpoints.yml ;;
  actions)
    exec rasa run actions --actions actions --port "$ACTION_PORT" ;;
  handoff)
    # First start: demo agents with random passwords (printed by wait_ready.sh).
    python -m handoff.agents init-demo "$HANDOFF_AGENTS_FILE" --if-missing
    exec python -m handoff ;;
  *) echo "unknown service: $1" >&2; exit 2 ;;
esac
