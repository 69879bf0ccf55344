#!/usr/bin/env bash
# The local Redis of `make run`: AOF persistence in var/redis, so a restart loses nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
mkdir -p "$PROJECT_ROOT/var/redis"
args=(--port "$REDIS_PORT" --bind 127.0.0.1 --dir "$PROJECT_ROOT/var/redis"
      --appendonly yes --appendfsync everysec --save "" --daemonize no)
[ -n "$REDIS_PASSWORD" ] && args+=(--requirepass "$REDIS_PASSWORD")
exec redis-server "${args[@]}"
