#!/usr/bin/env bash
# Waits until every service answers its health check, prints the URLs, then stays up
# (honcho stops the whole stack when any of its processes exits).
set -uo pipefail
source "$(dirname "$0")/env.sh"
wait_for() {  # name url [timeout_s]
  local deadline=$(( $(date +%s) + ${3:-300} ))
  until curl -fs -o /dev/null "$2"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "$1 did not become healthy at $2"; return 1; fi
    sleep 1
  done
  echo "$1 is up"
}
wait_for "action server" "http://localhost:${ACTION_PORT}/health" || exit 1
wait_for "handoff service" "http://localhost:${HANDOFF_PORT}/health" || exit 1
wait_for "rasa" "http://localhost:${RASA_PORT}/status?token=${RASA_API_TOKEN}" || exit 1
cat <<MSG

  Support bot is running.
    Buyer demo page  http://localhost:${HANDOFF_PORT}/demo/
    Agent console    http://localhost:${HANDOFF_PORT}/agent/
                     demo agents (id password), from ${HANDOFF_AGENTS_FILE%.yml}-passwords.txt:
$(sed 's/^/                       /' "${HANDOFF_AGENTS_FILE%.yml}-passwords.txt" 2>/dev/null || echo "                       (your own agents file)")
    Rasa API         http://localhost:${RASA_PORT}/  (token: \$RASA_API_TOKEN)
    REST webhook     http://localhost:${RASA_PORT}/webhooks/rest/webhook
    Action server    http://localhost:${ACTION_PORT}/health
  Ctrl-C stops everything.

MSG
exec sleep infinity
