#!/usr/bin/env bash
# Builds the portalwatch image with podman on a machine without a container
# registry, brings up the compose stack of that image, crawls the portal
# simulator through it and checks that a signing reaches a webhook.
#
#   deploy/check-images.sh          # as root, from anywhere; about 10 minutes the first time
#
# Needs the Debian packages podman, runc, debootstrap and podman-compose, and the
# project's .venv (make run makes it). Not part of CI: it is slow and needs root.
#   - podman runs with runc and without default ulimits (a containers.conf of
#     its own, in $WORK; nothing under /etc is changed);
#   - the base image is made offline from the Debian mirror apt uses:
#     debootstrap --variant=minbase bookworm, with python3 and pip, then
#     `podman import`; `podman build --from` uses it in place of the
#     Dockerfile's FROM python:3.11-slim (pip installs from the host's indexes:
#     /etc/pip.conf, /opt and the CA bundle mounted read-only during the build);
#   - the stack is two schedulers and two workers of the image on podman's
#     bridge (deploy/check_stack.py, through podman-compose); PostgreSQL and
#     Redis are the host's, relayed onto the bridge (a throwaway database, a
#     Redis key prefix of its own), and an SMTP catcher stands in for mailpit,
#     since no image can be pulled. A signing published on the simulator must
#     reach the webhook receiver and the SMTP catcher.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
WORK=${WORK:-/tmp/portalwatch-check-images}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE=localhost/portalwatch-base:bookworm
IMAGE=localhost/portalwatch:check
mkdir -p "$WORK"
cat >"$WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$WORK/containers.conf"
say() { echo "== $*"; }
started=$(date +%s)

if ! podman image exists "$BASE"; then
    say "base image $BASE: debootstrap --variant=minbase bookworm from $MIRROR"
    if [ ! -x "$WORK/rootfs/usr/bin/python3" ]; then
        rm -rf "$WORK/rootfs"
        debootstrap --variant=minbase --include=python3,python3-pip,python3-venv,ca-certificates \
            bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log"
    fi
    tar -C "$WORK/rootfs" -c . | podman import --change 'ENV PIP_BREAK_SYSTEM_PACKAGES=1' \
        --change 'CMD ["/bin/bash"]' - "$BASE" >/dev/null
fi
say "base image: $(podman image inspect "$BASE" --format '{{.Id}} {{.Size}}' | cut -c1-12,65-) bytes"

say "image $IMAGE: podman build --from $BASE"
# The host's CA bundle too: pip must trust what the host trusts (a proxy's own CA, say).
podman build --quiet --from "$BASE" --network host -v /opt:/opt:ro -v /etc/pip.conf:/etc/pip.conf:ro \
    -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro -t "$IMAGE" . >"$WORK/build.log"
podman run --rm "$IMAGE" --help | head -1  # on the bridge: brings its gateway up for the stack
say "the image runs as $(podman run --rm --entrypoint id "$IMAGE" -un)"

"$PY" deploy/check_stack.py --image "$IMAGE" --workdir "$WORK"
say "passed in $(( $(date +%s) - started )) s on $(date -u +%Y-%m-%dT%H:%MZ)"
