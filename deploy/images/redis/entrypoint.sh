#!/bin/sh
set -eu
chown -R redis:redis /data
if [ "${1:-}" = redis-server ]; then
    shift
    set -- redis-server --protected-mode no --dir /data "$@"
fi
exec setpriv --reuid=redis --regid=redis --init-groups "$@"
