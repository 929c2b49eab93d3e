#!/bin/sh
# Restores a backup written by backup.sh: `restore.sh DB_DUMP [MEDIA_TAR_GZ]`.
# The database named by PGDATABASE (libpq's PG* variables) must exist and be empty — a fresh
# `createdb`, or the compose database after `dropdb` and `createdb`; the media archive is
# unpacked into MEDIA_DIR. Stop web, worker and beat first (README, Backups).
set -eu

dump="${1:?usage: restore.sh DB_DUMP [MEDIA_TAR_GZ]}"
media="${2:-}"
MEDIA_DIR="${MEDIA_DIR:-/data/media}"

pg_restore --exit-on-error --single-transaction --no-owner --no-privileges \
    --dbname="$PGDATABASE" "$dump"
if [ -n "$media" ]; then
    mkdir -p "$MEDIA_DIR"
    tar -C "$MEDIA_DIR" -xzf "$media"
fi
echo "restored $dump${media:+ and $media}"
