#!/usr/bin/env bash
# Builds the project's image with podman from a Debian base made offline, brings up
# docker-compose.yml (PostgreSQL, Redis, two schedulers, two workers, a mail catcher in
# mailpit's place), points its sites at the portal simulator, publishes a signing there and
# waits for it at a webhook receiver. Prints PASS or FAIL; tears everything down.
# Run as root on Debian bookworm: deploy/check-images.sh   (deploy/README.md says more)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPLOY=$REPO/deploy
CACHE=${PORTALWATCH_CHECK_CACHE:-/var/tmp/portalwatch-images}
PROJECT=pwcheck
NETWORK=${PROJECT}_default
BASE=localhost/portalwatch-base:bookworm
SITES=(thanhtri caugiay)
TIMEOUT=${PORTALWATCH_CHECK_TIMEOUT:-900}
COMPOSE_VERSION=1.6.0
COMPOSE=$CACHE/podman-compose/bin/podman-compose
export CONTAINERS_CONF=$DEPLOY/containers.conf
STARTED=$SECONDS

log() { printf '[%s +%3ds] %s\n' "$(date -u +%H:%M:%S)" $((SECONDS - STARTED)) "$*"; }
fail() { echo "check-images.sh: $*" >&2; exit 2; }

[ $# -eq 0 ] || fail "it takes no arguments (settings: PORTALWATCH_CHECK_CACHE, PORTALWATCH_CHECK_TIMEOUT)."
[ "$(id -u)" = 0 ] || fail "run it as root: it installs Debian packages and runs rootful podman."
command -v apt-get >/dev/null || fail "it needs a Debian system (apt-get, debootstrap)."

install_tools() {
    local wanted=(podman runc debootstrap golang-github-containernetworking-plugin-dnsname
                  containernetworking-plugins make python3-venv) missing=() package
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
    # Debian's podman-compose 1.0.3 pops "CMD" off a service's healthcheck list in place, so a
    # second replica fails ("unknown healthcheck test type [python]"); PyPI's 1.6.0 copies it.
    if [ ! -x "$COMPOSE" ]; then
        log "installing podman-compose $COMPOSE_VERSION into $CACHE/podman-compose"
        python3 -m venv "$CACHE/podman-compose"
        "$CACHE/podman-compose/bin/pip" install -q "podman-compose==$COMPOSE_VERSION" >"$CACHE/podman-compose.log" 2>&1
    fi
}

# python:3.11-slim cannot be pulled here; the same Debian release with its Python 3.11,
# pip usable system-wide as in that image, stands in for it (podman build --from).
base_image() {
    podman image exists "$BASE" && return
    if [ ! -d "$CACHE/rootfs" ]; then
        log "debootstrap bookworm into $CACHE/rootfs (a few minutes, once)"
        mkdir -p "$CACHE"
        rm -rf "$CACHE/rootfs.tmp"
        debootstrap --variant=minbase --include=python3,python3-pip,python3-venv,python-is-python3,ca-certificates \
            bookworm "$CACHE/rootfs.tmp" http://deb.debian.org/debian >"$CACHE/debootstrap.log" 2>&1
        rm -f "$CACHE/rootfs.tmp/usr/lib/python3.11/EXTERNALLY-MANAGED" "$CACHE/rootfs.tmp/etc/hostname"
        rm -rf "$CACHE"/rootfs.tmp/var/cache/apt/archives/*.deb "$CACHE"/rootfs.tmp/var/lib/apt/lists/*
        mv "$CACHE/rootfs.tmp" "$CACHE/rootfs"
    fi
    log "importing the base image $BASE"
    tar -C "$CACHE/rootfs" -c . | podman import --quiet - "$BASE" >/dev/null
}

# The host's CA bundle is mounted for the build only: this machine reaches PyPI through a
# TLS-inspecting proxy whose root the host trusts. Nothing of it stays in the image.
build_images() {
    local name
    log "building portalwatch:latest from the Dockerfile (FROM replaced by $BASE)"
    podman build --network host --from "$BASE" -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro \
        -t localhost/portalwatch:latest "$REPO" >"$RUN/build.log" 2>&1 || { tail -20 "$RUN/build.log"; return 1; }
    for name in postgres redis smtp-catcher; do
        log "building portalwatch-check-$name"
        podman build --network host --from "$BASE" -t "localhost/portalwatch-check-$name:latest" \
            "$DEPLOY/images/$name" >>"$RUN/build.log" 2>&1 || { tail -20 "$RUN/build.log"; return 1; }
    done
}

compose() {
    "$COMPOSE" --in-pod false -p "$PROJECT" -f "$RUN/docker-compose.yml" -f "$RUN/compose.check.yml" "$@" >>"$RUN/compose.log" 2>&1
}

set_env() {  # KEY VALUE: in $RUN/.env, made from .env.example
    if grep -q "^$1=" "$RUN/.env"; then sed -i "s|^$1=.*|$1=$2|" "$RUN/.env"; else echo "$1=$2" >>"$RUN/.env"; fi
}

wait_for() {  # SECONDS WHAT COMMAND...
    local limit=$1 what=$2
    shift 2
    for _ in $(seq "$limit"); do "$@" >/dev/null 2>&1 && return; sleep 1; done
    echo "FAIL: $what not ready within $limit s"
    return 1
}

teardown() {
    set +e
    mkdir -p "$RUN/logs"
    for name in $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}'); do
        podman logs "$name" >"$RUN/logs/$name.log" 2>&1
    done
    [ -n "${SIMULATOR_PID:-}" ] && kill "$SIMULATOR_PID" 2>/dev/null
    [ -n "${WEBHOOK_PID:-}" ] && kill "$WEBHOOK_PID" 2>/dev/null
    if [ -f "$RUN/docker-compose.yml" ]; then
        compose down -v -t 20
        podman network rm -f "$NETWORK" >/dev/null 2>&1
    fi
    log "torn down; logs kept in $RUN"
}

health_of() {
    if [ -z "$(podman inspect -f '{{if .Config.Healthcheck}}set{{end}}' "$1")" ]; then echo none
    elif podman healthcheck run "$1" >/dev/null 2>&1; then echo healthy
    else echo unhealthy; fi
}

# podman 4.3 runs healthchecks from systemd timers and this machine has no systemd, so each
# container's compose healthcheck is run once here instead.
show_containers() {
    local name health
    for name in $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}'); do
        health=$(health_of "$name")
        printf '%-20s %-48s %-32s healthcheck: %s\n' "$name" "$(podman inspect -f '{{.ImageName}}' "$name")" \
            "$(podman ps -a --filter "name=^$name\$" --format '{{.Status}}')" "$health"
    done
    podman logs "${PROJECT}_scheduler_1" 2>&1 | grep -h -m1 -o 'leadership gained\|standing by' | sed 's/^/scheduler_1: /' || true
    podman logs "${PROJECT}_scheduler_2" 2>&1 | grep -h -m1 -o 'leadership gained\|standing by' | sed 's/^/scheduler_2: /' || true
}

# Two checks at once would share the project's container names and the catcher's port.
mkdir -p "$CACHE"
exec 9>"$CACHE/check.lock"
flock -n 9 || fail "another check-images.sh is running (lock $CACHE/check.lock)."
leftovers=$(podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null || true)
if [ -n "$leftovers" ]; then
    log "removing the containers, volumes and network a killed check left"
    podman rm -f -t 0 $leftovers >/dev/null 2>&1
    podman volume rm -f "${PROJECT}_pgdata" "${PROJECT}_redisdata" >/dev/null 2>&1 || true
    podman network rm -f "$NETWORK" >/dev/null 2>&1 || true
fi

RUN=$(mktemp -d /tmp/portalwatch-check.XXXXXX)
trap teardown EXIT
trap 'exit 130' INT TERM
install_tools
base_image
build_images
# The host's .venv (the Makefile's) runs the simulator and deploy/check_stack.py.
make -C "$REPO" --no-print-directory install >"$RUN/venv.log" 2>&1 || { tail -20 "$RUN/venv.log"; exit 1; }

cp "$REPO/docker-compose.yml" "$DEPLOY/compose.check.yml" "$RUN/"
cp "$REPO/.env.example" "$RUN/.env"
set_env POSTGRES_PASSWORD "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
set_env PORTALWATCH_SITES /config/sites.yaml
WEBHOOK_SECRET=check-$RANDOM$RANDOM
set_env PORTALWATCH_WEBHOOK_SECRET "$WEBHOOK_SECRET"
export PORTALWATCH_CHECK_SITES=$RUN/sites.yaml
touch "$PORTALWATCH_CHECK_SITES"

log "starting db and redis on network $NETWORK"
podman network exists "$NETWORK" || podman network create --label "io.podman.compose.project=$PROJECT" "$NETWORK" >/dev/null
compose up -d db redis
wait_for 120 PostgreSQL podman exec "${PROJECT}_db_1" pg_isready -U portalwatch -d portalwatch
wait_for 60 Redis podman exec "${PROJECT}_redis_1" redis-cli ping
# The bridge's address exists once a container is on it: the simulator and the webhook
# receiver listen there, reachable from the containers but not from other machines.
GATEWAY=$(podman network inspect "$NETWORK" --format '{{range .Subnets}}{{.Gateway}}{{end}}')
HOOK_PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('$GATEWAY', 0)); print(s.getsockname()[1])")
set_env PORTALWATCH_WEBHOOK_URL "http://$GATEWAY:$HOOK_PORT/portalwatch"

log "simulator and webhook receiver on $GATEWAY"
"$REPO/.venv/bin/portalwatch" simulate --host "$GATEWAY" --scale 0.3 --registry "$RUN/simulator-sites.yaml" \
    >"$RUN/simulator.log" 2>&1 &
SIMULATOR_PID=$!
"$REPO/.venv/bin/python" "$DEPLOY/check_stack.py" webhook "$GATEWAY" "$HOOK_PORT" "$RUN/webhook.jsonl" \
    "$WEBHOOK_SECRET" >"$RUN/webhook.log" 2>&1 &
WEBHOOK_PID=$!
wait_for 60 "the simulator" grep -q Serving "$RUN/simulator.log"
site_args=()
for site in "${SITES[@]}"; do site_args+=(--site "$site"); done
"$REPO/.venv/bin/python" "$DEPLOY/check_stack.py" registry "$RUN/simulator-sites.yaml" "$PORTALWATCH_CHECK_SITES" \
    "${site_args[@]}" --interval 30
SIMULATOR_URL=$(awk '$1 == "'"${SITES[0]}"'" {print $3}' "$RUN/simulator.log")

log "starting mailpit (the catcher), two schedulers and two workers"
compose up -d
log "sites: ${SITES[*]} (control API at $SIMULATOR_URL); webhook http://$GATEWAY:$HOOK_PORT/portalwatch"
status=0
"$REPO/.venv/bin/python" "$DEPLOY/check_stack.py" wait --scheduler "${PROJECT}_scheduler_1" \
    --simulator "${SIMULATOR_URL%/}" --webhook-log "$RUN/webhook.jsonl" --mail http://127.0.0.1:8025/messages \
    --article "$DEPLOY/signing-article.json" --timeout "$TIMEOUT" || status=1
show_containers
if [ "$status" = 0 ]; then
    log "PASS: image built, stack up, a signing published on the simulator reached the webhook and the mail catcher"
else
    for name in scheduler_1 scheduler_2 worker_1 worker_2; do
        echo "--- ${PROJECT}_$name (last lines)"; podman logs --tail 15 "${PROJECT}_$name" 2>&1
    done
    log "FAIL (logs in $RUN)"
fi
exit "$status"
