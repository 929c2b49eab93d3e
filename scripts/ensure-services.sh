#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1; installs and starts them where they do not.
set -euo pipefail

sudo_cmd=()
[[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
updated=0
apt_install() {
  if [[ $updated -eq 0 ]]; then "${sudo_cmd[@]}" apt-get update -qq; updated=1; fi
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432; then
  echo "PostgreSQL does not answer on 127.0.0.1:5432: installing and starting it."
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  conf="/etc/postgresql/$version/main"
  # Local trust authentication, as on the developers' machines: CI's database holds no secrets.
  "${sudo_cmd[@]}" sed -i -E 's/^(local|host)(\s+all\s+all\s+.*)\s(peer|scram-sha-256|md5)$/\1\2 trust/' "$conf/pg_hba.conf"
  "${sudo_cmd[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do port_open 5432 && break; sleep 1; done
fi
port_open 5432 || { echo "PostgreSQL still does not answer on 127.0.0.1:5432" >&2; exit 1; }

if ! port_open 6379; then
  echo "Redis does not answer on 127.0.0.1:6379: installing and starting it."
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p /tmp/redis-ci
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/redis-ci --logfile /tmp/redis-ci/redis.log
  for _ in $(seq 1 30); do port_open 6379 && break; sleep 1; done
fi
port_open 6379 || { echo "Redis still does not answer on 127.0.0.1:6379" >&2; exit 1; }
echo "PostgreSQL and Redis answer on 127.0.0.1."
