#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on their local ports and the nats-server binary is installed:
# starts them when installed but stopped, installs them from Debian's packages when missing (as root),
# or says exactly what to run. Used by `npm run up` and `npm test`. NATS itself is never shared: tests
# and `npm run up` each start their own nats-server with the product's authorization.
set -euo pipefail

PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local name=$1 port=$2
  for _ in $(seq 1 50); do listening "$port" && return 0; sleep 0.2; done
  echo "ensure-services: $name did not start on 127.0.0.1:$port" >&2
  return 1
}

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-services: installing ${missing[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "ensure-services: missing ${missing[*]}. Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! listening "$PG_PORT"; then
  echo "ensure-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  wait_port PostgreSQL "$PG_PORT"
fi

if ! listening "$REDIS_PORT"; then
  echo "ensure-services: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port Redis "$REDIS_PORT"
fi

# A fresh Debian PostgreSQL only lets the postgres OS user in over the socket; the product connects
# over TCP, so say how to allow it instead of failing later with a cryptic error.
if command -v psql >/dev/null 2>&1 && ! psql "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" -Atqc 'select 1' >/dev/null 2>&1; then
  echo "ensure-services: cannot connect as postgres@127.0.0.1:$PG_PORT. Set DATABASE_URL (and TEST_ADMIN_DATABASE_URL) to a role that may create databases, or allow local trust auth in pg_hba.conf." >&2
  [ -n "${DATABASE_URL:-}" ] || exit 1
fi
echo "ensure-services: PostgreSQL :$PG_PORT and Redis :$REDIS_PORT are up, nats-server is installed"
