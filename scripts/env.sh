# Local defaults for every setting; anything already in the environment wins.
# Sourced by the Makefile's scripts. Production sets these for real (README, "Production").
# Always this checkout: an inherited PROJECT_ROOT from another clone would train and test there.
export PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REDIS_HOST="${REDIS_HOST:-localhost}"
export REDIS_PORT="${REDIS_PORT:-6380}"
export REDIS_PASSWORD="${REDIS_PASSWORD:-}"
export REDIS_DB="${REDIS_DB:-0}"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export HANDOFF_PORT="${HANDOFF_PORT:-8080}"
# Documented default for local runs only; set your own secret anywhere else.
export RASA_API_TOKEN="${RASA_API_TOKEN:-local-dev-token}"
export RASA_URL="${RASA_URL:-http://localhost:${RASA_PORT}}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:${ACTION_PORT}/webhook}"
export HANDOFF_URL="${HANDOFF_URL:-http://localhost:${HANDOFF_PORT}}"
export SHOP_DATABASE_URL="${SHOP_DATABASE_URL:-sqlite:///${PROJECT_ROOT}/var/shop.sqlite}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export PYTHONPATH="${PROJECT_ROOT}${PYTHONPATH:+:$PYTHONPATH}"
export PATH="${PROJECT_ROOT}/.venv/bin:$PATH"
# Machine translation for languages without native training data and for agents
# (docs/translation.md): none | libre | google | deepl | microsoft | mymemory.
export TRANSLATION_PROVIDER="${TRANSLATION_PROVIDER:-none}"
# export TRANSLATION_URL=http://localhost:5000/   TRANSLATION_API_KEY=...
# Handoff service (docs/handoff-api.md). The bot calls it with this token; local default only.
export HANDOFF_SERVICE_TOKEN="${HANDOFF_SERVICE_TOKEN:-local-dev-service-token}"
# Agents and their password hashes; `make run` creates demo agents here on first start.
export HANDOFF_AGENTS_FILE="${HANDOFF_AGENTS_FILE:-${PROJECT_ROOT}/var/agents.yml}"
export HANDOFF_PUBLIC_URL="${HANDOFF_PUBLIC_URL:-http://localhost:${HANDOFF_PORT}}"
# Messaging channels (docs/channels.md): empty = that channel is off (its webhook answers 503).
# *_API_URL empty = the platform's real API; tests point them at local stand-ins.
# MESSENGER_HUMAN_AGENT_TAG=1: agents may answer on Messenger up to 7 days after the buyer's
# last message (HUMAN_AGENT tag; the page needs Meta's Human Agent permission). Empty = 24 h.
for _var in TELEGRAM_BOT_TOKEN TELEGRAM_WEBHOOK_SECRET TELEGRAM_WEBHOOK_URL TELEGRAM_API_URL \
    TWILIO_ACCOUNT_SID TWILIO_AUTH_TOKEN TWILIO_WHATSAPP_NUMBER TWILIO_WEBHOOK_URL TWILIO_API_URL \
    MESSENGER_PAGE_ACCESS_TOKEN MESSENGER_APP_SECRET MESSENGER_VERIFY_TOKEN MESSENGER_API_URL \
    MESSENGER_API_VERSION MESSENGER_HUMAN_AGENT_TAG; do
  export "$_var=${!_var:-}"
done
unset _var
