#!/usr/bin/env bash
# Matching: start, stop and test the services on one machine.
#   ./matching.sh up      RabbitMQ + Identity and the three services on SQLite + the Portal + Duisburg demo data and sign-ins
#   ./matching.sh down    stop what `up` started
#   ./matching.sh test    RabbitMQ + PostgreSQL, then every test; ends with "N passed, N failed"
#   ./matching.sh token ROLE [ORGANISATION]   print an access token of a demo client, e.g. `token provider vhs-duisburg`
#   ./matching.sh replay-errors   move the messages of every service's error queues back (once their cause is fixed)
set -euo pipefail
cd "$(dirname "$0")"

run=.run                 # pid files and logs of what `up` started
services=(identity:Identity/Identity.Api:5100 courses:Courses/Courses.Api:5101 employers:Employers/Employers.Api:5102 matching:Matching/Matching.Api:5103 portal:Portal/Portal.Web:5080)
identity=http://localhost:5100

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

apt_install() {
  [ "$(id -u)" = 0 ] || die "$* is missing: install it (sudo apt-get install -y $*) and run again"
  command -v apt-get >/dev/null || die "$* is missing and this is not a Debian/Ubuntu machine: install it and run again"
  say "installing $* with apt"
  if [ ! -f "$run/apt-updated" ]; then apt-get update -qq; mkdir -p "$run"; touch "$run/apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_tools() {
  command -v curl >/dev/null || apt_install curl
  command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: see https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

rabbitmq_running() { rabbitmq-diagnostics -q ping >/dev/null 2>&1 || (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }

ensure_rabbitmq() {
  rabbitmq_running && return 0
  if docker info >/dev/null 2>&1; then
    say "starting RabbitMQ with docker compose"
    docker compose up -d rabbitmq
  else
    command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
    say "starting RabbitMQ"
    rabbitmq-plugins enable --offline rabbitmq_management >/dev/null 2>&1 || true
    rabbitmq-server -detached >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 60); do rabbitmq_running && break; sleep 1; done
  rabbitmq_running || die "RabbitMQ did not start on localhost:5672"
  command -v rabbitmqctl >/dev/null && rabbitmqctl -q await_startup >/dev/null 2>&1 || true
}

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then apt_install postgresql; fi
  if ! pg_isready -q -h 127.0.0.1; then
    local version; version=$(ls /etc/postgresql | sort -n | tail -1)
    say "starting PostgreSQL $version"
    pg_ctlcluster "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  fi
  runuser -u postgres -- psql -qtAc "select 1 from pg_roles where rolname = 'matching'" | grep -q 1 ||
    runuser -u postgres -- psql -qc "create role matching login superuser password 'matching'"
}

running() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

wait_ready() { # name port
  for _ in $(seq 1 60); do
    curl -sf "http://localhost:$2/health/ready" >/dev/null && return 0
    running "$1" || die "$1 stopped while starting; see $run/$1.log"
    sleep 1
  done
  die "$1 is not ready after 60 s; see $run/$1.log"
}

# An access token of a demo machine client (demo/identity.json): <role>-cli, or <role>-<organisation> for
# providers and employers, with the secret demo-<client id>.
token() { # role [organisation]
  local role=${1:-} organisation=${2:-} client
  case "$role" in
    provider|employer) [ -n "$organisation" ] || die "usage: $0 token $role ORGANISATION (e.g. vhs-duisburg, rhein-logistik)"
                       client="$role-$organisation" ;;
    caseworker|coordinator|admin) client="$role-cli" ;;
    *) die "usage: $0 token provider|employer|caseworker|coordinator|admin [ORGANISATION]" ;;
  esac
  local answer
  answer=$(curl -s -u "$client:demo-$client" -d grant_type=client_credentials "$identity/connect/token") ||
    die "the identity service does not answer on $identity: is it running (./matching.sh up)?"
  printf '%s' "$answer" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' | grep . ||
    die "no token for $client: $answer"
}

# The organisation a demo line belongs to, so each is posted with its own organisation's token.
organisation_of() { sed -n 's/.*"\(providerId\|employerId\)" *: *"\([^"]*\)".*/\2/p' <<<"$1"; }

load_demo() { # posts each line of demo/*.ndjson once, each as its organisation (agreements as the city)
  [ -f data/demo-loaded ] && return 0
  say "loading the Duisburg demo data"
  local file port path role line bearer
  for file in courses:5101:courses:provider openings:5102:openings:employer agreements:5102:agreements:coordinator; do
    IFS=: read -r file port path role <<<"$file"
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      if [ "$role" = coordinator ]; then bearer=$(token coordinator); else bearer=$(token "$role" "$(organisation_of "$line")"); fi
      curl -sf -o /dev/null -X POST "http://localhost:$port/$path" -H 'content-type: application/json' \
        -H "authorization: Bearer $bearer" -d "$line" || die "demo data rejected by $path: $line"
    done <"demo/$file.ndjson"
  done
  touch data/demo-loaded
}

up() {
  ensure_tools
  ensure_rabbitmq
  mkdir -p "$run" data
  local entry name project port
  for entry in "${services[@]}"; do
    IFS=: read -r name project port <<<"$entry"
    running "$name" && continue
    say "building $name"
    dotnet build "services/$project" -c Release -v quiet -nologo >"$run/$name.build.log" 2>&1 || { cat "$run/$name.build.log"; die "build of $name failed"; }
    say "starting $name on http://localhost:$port"
    local out="services/$project/bin/Release/net10.0"
    local extra=()
    [ "$name" = identity ] && extra=(--Identity:SeedFile="$PWD/demo/identity.json" --Identity:Issuer="$identity/")
    # The portal asks the public course finder for each visitor, from this machine: Matching counts each visitor on their own.
    [ "$name" = matching ] && extra=(--RateLimits:TrustedProxies:0=127.0.0.1 --RateLimits:TrustedProxies:1=::1)
    nohup dotnet "$out/$(basename "$project").dll" --contentRoot "$PWD/$out" --urls "http://localhost:$port" "${extra[@]}" >"$run/$name.log" 2>&1 &
    echo $! >"$run/$name.pid"
  done
  for entry in "${services[@]}"; do IFS=: read -r name project port <<<"$entry"; wait_ready "$name" "$port"; done
  load_demo
  cat <<MSG

Matching is running:
  Identity   $identity   (OpenID Connect; demo sign-ins in demo/identity.json)
  Courses    http://localhost:5101   (OpenAPI: /openapi/v1.json)
  Employers  http://localhost:5102
  Matching   http://localhost:5103
  Portal     http://localhost:5080   <- open this in a browser: the public course finder, and "Anmelden" for each role
  RabbitMQ   http://localhost:15672  (guest/guest)
Logs in $run/, data in data/. Stop with ./matching.sh down.

Demo sign-ins at http://localhost:5080 ("Anmelden"), user name / password:
  caseworker / demo-caseworker      coordinator / demo-coordinator
  provider / demo-provider (vhs-duisburg)      employer / demo-employer (rhein-logistik)

Try:
  curl -s -X POST http://localhost:5103/matches -H 'content-type: application/json' \\
    -H "authorization: Bearer \$(./matching.sh token caseworker)" \\
    -d '{"reference":"case-4711","level":"A2","location":{"place":"Meiderich"},"maxDistanceKm":15,"availableFrom":"2027-01-04","occupations":["93"]}'
MSG
}

down() {
  local entry name
  for entry in "${services[@]}"; do
    name=${entry%%:*}
    if running "$name"; then
      say "stopping $name"
      kill "$(cat "$run/$name.pid")"
      for _ in $(seq 1 20); do running "$name" || break; sleep 0.5; done
      running "$name" && kill -9 "$(cat "$run/$name.pid")"
    fi
    rm -f "$run/$name.pid"
  done
}

test_all() {
  ensure_tools
  ensure_rabbitmq
  ensure_postgres
  # The portal's tests drive Debian's Chromium (Playwright downloads no browser).
  [ -x /usr/bin/chromium ] || apt_install chromium
  # The API documents are linted (Redocly) and requests checked against them (Prism): pinned in tools/package-lock.json.
  command -v npm >/dev/null || apt_install nodejs npm
  npm ci --prefix tools --no-audit --no-fund >/dev/null || die "npm ci --prefix tools failed"
  # The observability test runs Debian's Prometheus itself, on a port of its own (the packaged service is never started).
  command -v prometheus >/dev/null || apt_install prometheus
  mkdir -p "$run"
  local log="$run/test.log" status=0
  dotnet test Matching.sln -c Release -nologo 2>&1 | tee "$log" || status=$?
  # The fault tests restart the broker and kill services, so they run alone, after everything else, and are
  # not in Matching.sln (whose test projects run in parallel). Their measurements: add --logger "console;verbosity=detailed".
  dotnet test tests/Matching.FaultTests -c Release -nologo 2>&1 | tee -a "$log" || status=$?
  # The crash test again on a three-node RabbitMQ cluster of its own (ports 5681-5683), killing one node after another.
  dotnet test tests/Matching.ClusterTests -c Release -nologo 2>&1 | tee -a "$log" || status=$?
  # one summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
  local passed failed
  passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  [ "$status" = 0 ] || [ "$failed" != 0 ] || failed=1   # a build failure counts as a failure
  echo "$passed passed, $failed failed"
  return "$status"
}

replay_errors() { # each service moves its own <queue>_error messages back to <queue>
  local entry name project port answer
  for entry in "${services[@]}"; do
    IFS=: read -r name project port <<<"$entry"
    [ "$name" = identity ] || [ "$name" = portal ] && continue
    answer=$(curl -sf -X POST -H "authorization: Bearer $(token admin)" "http://localhost:$port/admin/errors/replay") || die "$name does not answer on port $port: is it running (./matching.sh up)?"
    say "$name: $answer"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  test) test_all ;;
  token) shift; token "$@" ;;
  replay-errors) replay_errors ;;
  *) echo "usage: $0 up|down|test|token ROLE [ORGANISATION]|replay-errors" >&2; exit 2 ;;
esac
