#!/bin/sh
# Backs up the portal: the database (pg_dump, custom format) and the media folder (tar.gz), into
# BACKUP_DIR as db-<UTC time>.dump and media-<UTC time>.tar.gz; deletes those older than
# BACKUP_KEEP_DAYS. The database comes from libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD and
# PGDATABASE. `backup.sh once` backs up once; without an argument it backs up at start and then
# every BACKUP_INTERVAL_HOURS (the `backup` service of docker-compose.yml). Restore: restore.sh.
set -eu

BACKUP_DIR="${BACKUP_DIR:-/backups}"
MEDIA_DIR="${MEDIA_DIR:-/data/media}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
BACKUP_INTERVAL_HOURS="${BACKUP_INTERVAL_HOURS:-24}"

backup_once() {
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$BACKUP_DIR"
    # Written under a temporary name first: a backup cut short never looks complete.
    pg_dump --format=custom --no-owner --no-privileges --file="$BACKUP_DIR/db-$stamp.dump.part"
    mv "$BACKUP_DIR/db-$stamp.dump.part" "$BACKUP_DIR/db-$stamp.dump"
    if [ -d "$MEDIA_DIR" ]; then
        tar -C "$MEDIA_DIR" -czf "$BACKUP_DIR/media-$stamp.tar.gz.part" .
        mv "$BACKUP_DIR/media-$stamp.tar.gz.part" "$BACKUP_DIR/media-$stamp.tar.gz"
    fi
    find "$BACKUP_DIR" -type f \( -name 'db-*.dump' -o -name 'media-*.tar.gz' \) \
        -mtime "+$BACKUP_KEEP_DAYS" -delete
    echo "backup $stamp written to $BACKUP_DIR"
}

if [ "${1:-}" = "once" ]; then
    backup_once
    exit 0
fi
while true; do
    backup_once || echo "backup failed; trying again at the next interval" >&2
    sleep "$((BACKUP_INTERVAL_HOURS * 3600))"
done
