#!/usr/bin/env bash
# CoopDispatch local infrastructure: PostgreSQL 15 + PostGIS, Apache Kafka 4.1.2 (KRaft), JWT keys.
#
#   deploy/local/infra.sh [start|stop|status]      (default: start)
#
# Everything lives under <project>/.local (git-ignored); servers listen on 127.0.0.1 only.
# After `start`, `source .local/infra.env` exports the connection settings for the services.
#
# Environment overrides: COOP_PG_PORT (15432), COOP_KAFKA_PORT (9092), COOP_KAFKA_CONTROLLER_PORT (9093),
#                        COOP_INFRA_READY_TIMEOUT (60, seconds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
LOCAL="$ROOT/.local"
LOGS="$LOCAL/logs"

PG_PORT="${COOP_PG_PORT:-15432}"
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR="$LOCAL/pg"
PG_DATA="$PG_DIR/data"
PG_RUN="$PG_DIR/run"
PG_LOG="$LOGS/postgres.log"
PG_PASSWORDS="$PG_DIR/passwords.env"
PG_DATABASES=(merchant dispatch rider)

KAFKA_PORT="${COOP_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${COOP_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_POM="$ROOT/deploy/local/kafka/pom.xml"
KAFKA_DIR="$LOCAL/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_CONF="$KAFKA_DIR/server.properties"
KAFKA_ADMIN_CONF="$KAFKA_DIR/admin-client.properties"
KAFKA_LOG4J_BROKER="$KAFKA_DIR/log4j2-broker.xml"
KAFKA_LOG4J_TOOLS="$KAFKA_DIR/log4j2-tools.xml"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$LOGS/kafka.log"
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
KAFKA_TOPICS=(delivery-requests dispatch-offers offer-responses delivery-status rider-status)
# rider-status is not compacted: it carries RiderOnline and RiderLocation under the same key, and compaction
# would keep only the latest location of a rider, losing their shift and vehicle.
KAFKA_COMPACTED_TOPICS=(coop-policies)
KAFKA_PARTITIONS=3

KEYS="$LOCAL/keys"
JWT_PRIVATE="$KEYS/jwt-private.pem"
JWT_PUBLIC="$KEYS/jwt-public.pem"
INFRA_ENV="$LOCAL/infra.env"

READY_TIMEOUT="${COOP_INFRA_READY_TIMEOUT:-60}"
PACKAGES=(postgresql-15 postgresql-15-postgis-3 openssl)

# ---------------------------------------------------------------------------------------------- helpers

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

as_root() { if is_root; then "$@"; else sudo "$@"; fi; }

# Run a command as the OS user `postgres` (from / so an unreadable cwd does not bother it).
as_pg() {
  if [[ "$(id -un)" == postgres ]]; then (cd / && "$@")
  elif is_root; then (cd / && runuser -u postgres -- "$@")
  else (cd / && sudo -u postgres -- "$@"); fi
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"
  else command -v java || die "java not found (Java 17+ needed for Kafka)"; fi
}

# Is something listening on 127.0.0.1:<port> (or a wildcard address covering it)?
port_listening() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# Describe the process that listens on <port>, for error messages.
port_owner() {
  local port="$1" out=""
  if command -v ss >/dev/null 2>&1; then
    out="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(.*)' | head -1 || true)"
  fi
  echo "${out:-unknown process}"
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------- packages

pkg_installed() { dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'; }

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get"
  log "installing missing packages: ${missing[*]} (output: $LOGS/apt.log)"
  mkdir -p "$LOGS"
  local apt_log="$LOGS/apt.log"
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    as_root apt-get update >>"$apt_log" 2>&1 || { tail -20 "$apt_log" >&2; die "apt-get update failed"; }
  fi
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
    log "install failed, refreshing package lists and retrying"
    as_root apt-get update >>"$apt_log" 2>&1 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1 \
      || { tail -20 "$apt_log" >&2; die "could not install ${missing[*]} (see $apt_log)"; }
  fi
}

# ---------------------------------------------------------------------------------------------- postgres

pg_running() {
  [[ -d "$PG_DATA" ]] && as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_pid() { as_pg head -1 "$PG_DATA/postmaster.pid" 2>/dev/null || true; }

pg_psql() { as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$PG_PORT" -U postgres "$@"; }

pg_write_config() {
  # Regenerated on every start (the port may change); included from postgresql.conf.
  local conf
  conf="$(cat <<EOF
# Managed by deploy/local/infra.sh -- regenerated on every start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
password_encryption = 'scram-sha-256'
logging_collector = off
log_timezone = 'UTC'
timezone = 'UTC'
max_connections = 200
shared_buffers = 128MB
fsync = on
EOF
)"
  printf '%s\n' "$conf" | as_pg tee "$PG_DATA/coopdispatch.conf" >/dev/null
  if ! as_pg grep -q "^include_if_exists = 'coopdispatch.conf'" "$PG_DATA/postgresql.conf"; then
    printf "\ninclude_if_exists = 'coopdispatch.conf'\n" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
  fi
  as_pg tee "$PG_DATA/pg_hba.conf" >/dev/null <<'EOF'
# Managed by deploy/local/infra.sh.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer
local   all       all                      scram-sha-256
host    all       all       127.0.0.1/32   scram-sha-256
EOF
}

# The server runs as `postgres`; a checkout under a private home (drwx------) would hide .local from it.
# Grant only the right to pass through (o+x, no listing) on the folders above .local that lack it.
pg_allow_traverse() {
  local dir="$LOCAL"
  while [[ "$dir" != "/" ]]; do
    if ! as_pg test -x "$dir"; then
      log "postgres: allowing traversal (o+x) of $dir so the server can reach $PG_DATA"
      as_root chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
  done
}

pg_init() {
  mkdir -p "$PG_DIR" "$LOGS"
  chmod 755 "$LOCAL" "$PG_DIR" "$LOGS"
  mkdir -p "$PG_DATA" "$PG_RUN"
  touch "$PG_LOG"
  if is_root || [[ "$(id -un)" == postgres ]]; then
    chown postgres:postgres "$PG_DATA" "$PG_RUN" "$PG_LOG"
  else
    sudo chown postgres:postgres "$PG_DATA" "$PG_RUN" "$PG_LOG"
  fi
  chmod 700 "$PG_DATA"
  chmod 775 "$PG_RUN"
  pg_allow_traverse
  if ! as_pg test -f "$PG_DATA/PG_VERSION"; then
    log "postgres: initdb $PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 \
      || { tail -20 "$LOGS/initdb.log" >&2; die "postgres: initdb failed (see $LOGS/initdb.log)"; }
  fi
}

pg_passwords() {
  # Generated once, kept across runs so infra.env and the roles stay in sync.
  local db var changed=0
  (umask 077; touch "$PG_PASSWORDS")
  for db in "${PG_DATABASES[@]}"; do
    var="${db^^}_DB_PASSWORD"
    if ! grep -q "^$var=" "$PG_PASSWORDS"; then
      printf '%s=%s\n' "$var" "$(openssl rand -hex 24)" >>"$PG_PASSWORDS"
      changed=1
    fi
  done
  chmod 600 "$PG_PASSWORDS"
  ((changed)) && log "postgres: generated passwords in $PG_PASSWORDS"
  # shellcheck disable=SC1090
  source "$PG_PASSWORDS"
}

pg_start() {
  pg_init
  if pg_running; then
    local running_port
    running_port="$(as_pg sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
    [[ -z "$running_port" || "$running_port" == "$PG_PORT" ]] \
      || die "postgres: already running on port $running_port, not $PG_PORT; run '$0 stop' first"
    log "postgres: already running (pid $(pg_pid), port $PG_PORT)"
  else
    if port_listening "$PG_PORT"; then
      die "postgres: port $PG_PORT is taken by another process ($(port_owner "$PG_PORT")); stop it or set COOP_PG_PORT"
    fi
    pg_write_config
    log "postgres: starting on 127.0.0.1:$PG_PORT"
    # 9>&-: the server must not inherit the lock fd (it would hold the lock for its lifetime).
    as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t "$READY_TIMEOUT" -s 9>&- \
      || { tail -20 "$PG_LOG" >&2; die "postgres: failed to start (see $PG_LOG)"; }
  fi
  pg_passwords
  local db pw
  for db in "${PG_DATABASES[@]}"; do
    pw="$(grep "^${db^^}_DB_PASSWORD=" "$PG_PASSWORDS" | cut -d= -f2-)"
    # Password passed through stdin (not argv). Role name = database name = owner.
    pg_psql -d postgres <<EOF
\\set role '$db'
\\set pw '$pw'
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \\gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'role' || '_test', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role' || '_test') \\gexec
EOF
    # <service>_test: the twin that the service's own tests and the end-to-end tests empty and fill at will.
    local target
    for target in "$db" "${db}_test"; do
      pg_psql -d "$target" -c 'SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis'
      pg_psql -d "$target" -tAc "SELECT 1 FROM pg_extension WHERE extname = 'postgis'" | grep -q 1 \
        || die "postgres: postgis extension missing in database $target"
    done
  done
  log "postgres: ready (databases: ${PG_DATABASES[*]}, each with a _test twin)"
}

pg_stop() {
  if pg_running; then
    log "postgres: stopping (pid $(pg_pid))"
    as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 -s
  else
    log "postgres: not running"
  fi
}

pg_status() {
  if pg_running; then
    printf '[infra] postgres  up    127.0.0.1:%s  pid %s\n' "$PG_PORT" "$(pg_pid)"
  else
    printf '[infra] postgres  down  127.0.0.1:%s  -\n' "$PG_PORT"
  fi
}

# ---------------------------------------------------------------------------------------------- kafka

kafka_pid() {
  local pid
  [[ -f "$KAFKA_PID" ]] || return 1
  pid="$(cat "$KAFKA_PID")"
  pid_alive "$pid" || return 1
  # Guard against pid reuse: it must be our broker.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $KAFKA_CONF" || return 1
  echo "$pid"
}

# Kafka command-line tool (JVM), logging to stderr only; `timeout` guards against hangs.
kafka_tool() {
  timeout "${COOP_KAFKA_TOOL_TIMEOUT:-30}" "$(java_bin)" -Xms32m -Xmx256m -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_TOOLS" -cp "$KAFKA_LIBS/*" "$@"
}

kafka_topics() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --command-config "$KAFKA_ADMIN_CONF" "$@"
}

kafka_libs_stamp() { echo "$(sha256sum "$KAFKA_POM" | cut -d' ' -f1) $(find "$KAFKA_LIBS" -maxdepth 1 -name '*.jar' 2>/dev/null | wc -l)"; }

kafka_fetch_libs() {
  # The marker holds the pom hash and jar count of the last complete copy.
  if [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$(kafka_libs_stamp)" ]]; then
    return 0
  fi
  log "kafka: fetching broker jars with Maven (deploy/local/kafka/pom.xml)"
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$KAFKA_DIR"
  (cd "$ROOT" && ./mvnw -q -B -f deploy/local/kafka/pom.xml dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_LIBS") \
    || die "kafka: Maven could not fetch the broker jars"
  compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null && compgen -G "$KAFKA_LIBS/kafka-tools-*.jar" >/dev/null \
    && compgen -G "$KAFKA_LIBS/log4j-core-*.jar" >/dev/null \
    || die "kafka: jars incomplete in $KAFKA_LIBS"
  kafka_libs_stamp >"$KAFKA_LIBS/.complete"
}

kafka_write_config() {
  mkdir -p "$KAFKA_DATA" "$LOGS"
  cat >"$KAFKA_CONF" <<EOF
# Managed by deploy/local/infra.sh -- regenerated on every start.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=$KAFKA_PARTITIONS
default.replication.factor=1
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=67108864
EOF
  cat >"$KAFKA_ADMIN_CONF" <<'EOF'
request.timeout.ms=5000
default.api.timeout.ms=10000
EOF
  cat >"$KAFKA_LOG4J_TOOLS" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Managed by deploy/local/infra.sh: Kafka command-line tools log to stderr only. -->
<Configuration status="WARN">
  <Appenders>
    <Console name="STDERR" target="SYSTEM_ERR">
      <PatternLayout pattern="[%d{HH:mm:ss}] %p %m (%c{1})%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="WARN"><AppenderRef ref="STDERR"/></Root>
  </Loggers>
</Configuration>
EOF
  cat >"$KAFKA_LOG4J_BROKER" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Managed by deploy/local/infra.sh: broker logs to stdout, redirected to .local/logs/kafka.log. -->
<Configuration status="WARN">
  <Appenders>
    <Console name="STDOUT" target="SYSTEM_OUT">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="STDOUT"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.clients" level="WARN"/>
    <Logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
    <Logger name="kafka.log.LogCleaner" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <!-- config dumps and per-partition chatter at startup -->
    <Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
    <Logger name="org.apache.kafka.storage.internals.log" level="WARN"/>
    <Logger name="kafka.cluster.Partition" level="WARN"/>
    <Logger name="kafka.log.LogManager" level="WARN"/>
    <Logger name="org.apache.kafka.controller.ReplicationControlManager" level="WARN"/>
    <Logger name="org.apache.kafka.controller.PartitionChangeBuilder" level="WARN"/>
    <Logger name="org.apache.kafka.coordinator.common.runtime.CoordinatorRuntime" level="WARN"/>
  </Loggers>
</Configuration>
EOF
}

kafka_format() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  local id
  id="$(kafka_tool kafka.tools.StorageTool random-uuid | tail -1 | tr -d '[:space:]')"
  [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: could not generate a cluster id (got '$id')"
  log "kafka: formatting storage (cluster id $id)"
  kafka_tool kafka.tools.StorageTool format --standalone -t "$id" -c "$KAFKA_CONF" >"$LOGS/kafka-format.log" 2>&1 \
    || { tail -20 "$LOGS/kafka-format.log" >&2; die "kafka: storage format failed"; }
}

kafka_fail() {
  log "kafka: $1; last lines of $KAFKA_LOG:"
  tail -25 "$KAFKA_LOG" >&2 || true
  die "kafka: $1"
}

kafka_wait_ready() {
  local pid="$1" deadline=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    pid_alive "$pid" || kafka_fail "broker process exited during startup"
    if port_listening "$KAFKA_PORT" \
       && kafka_topics --list >/dev/null 2>>"$LOGS/kafka-tools.log"; then
      return 0
    fi
    sleep 1
  done
  kafka_fail "broker not ready after ${READY_TIMEOUT}s"
}

kafka_create_topics() {
  local existing t missing=()
  existing="$(kafka_topics --list 2>>"$LOGS/kafka-tools.log")" || kafka_fail "cannot list topics"
  for t in "${KAFKA_TOPICS[@]}" "${KAFKA_COMPACTED_TOPICS[@]}"; do
    grep -qx -- "$t" <<<"$existing" || missing+=("$t")
  done
  for t in "${missing[@]}"; do
    local extra=()
    [[ " ${KAFKA_COMPACTED_TOPICS[*]} " == *" $t "* ]] && extra=(--config cleanup.policy=compact)
    kafka_topics --create --if-not-exists --topic "$t" --partitions "$KAFKA_PARTITIONS" \
      --replication-factor 1 "${extra[@]}" >/dev/null 2>>"$LOGS/kafka-tools.log" \
      || kafka_fail "cannot create topic $t (see $LOGS/kafka-tools.log)"
  done
  ((${#missing[@]})) && log "kafka: created topics: ${missing[*]}"
  return 0
}

kafka_start() {
  local pid
  if pid="$(kafka_pid)"; then
    grep -qx "listeners=PLAINTEXT://$KAFKA_BOOTSTRAP,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT" "$KAFKA_CONF" \
      || die "kafka: already running with other ports (see $KAFKA_CONF); run '$0 stop' first"
    log "kafka: already running (pid $pid, $KAFKA_BOOTSTRAP)"
  else
    rm -f "$KAFKA_PID"
    local port
    for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
      if port_listening "$port"; then
        die "kafka: port $port is taken by another process ($(port_owner "$port")); stop it or set COOP_KAFKA_PORT / COOP_KAFKA_CONTROLLER_PORT"
      fi
    done
    kafka_fetch_libs
    kafka_write_config
    kafka_format
    log "kafka: starting on $KAFKA_BOOTSTRAP (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
    : >"$KAFKA_LOG"
    # setsid: own session, so the broker survives the calling shell / terminal.
    (cd "$KAFKA_DIR" && exec nohup setsid "$(java_bin)" -Xms128m -Xmx512m -XX:+UseG1GC \
        -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$KAFKA_LOG4J_BROKER" \
        -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF" >>"$KAFKA_LOG" 2>&1 </dev/null 9>&-) &
    pid=$!
    echo "$pid" >"$KAFKA_PID"
    kafka_wait_ready "$pid"
  fi
  kafka_create_topics
  log "kafka: ready ($KAFKA_BOOTSTRAP)"
}

kafka_stop() {
  local pid i
  if ! pid="$(kafka_pid)"; then
    rm -f "$KAFKA_PID"
    log "kafka: not running"
    return 0
  fi
  log "kafka: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    pid_alive "$pid" || break
    sleep 1
  done
  if pid_alive "$pid"; then
    log "kafka: still running after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$KAFKA_PID"
}

kafka_status() {
  local pid
  if pid="$(kafka_pid)"; then
    printf '[infra] kafka     up    %s  pid %s\n' "$KAFKA_BOOTSTRAP" "$pid"
  else
    printf '[infra] kafka     down  %s  -\n' "$KAFKA_BOOTSTRAP"
  fi
}

# ---------------------------------------------------------------------------------------------- keys + env

ensure_jwt_keys() {
  mkdir -p "$KEYS"
  chmod 700 "$KEYS"
  if [[ ! -s "$JWT_PRIVATE" ]]; then
    log "keys: generating RSA 2048 JWT key pair in $KEYS"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$JWT_PRIVATE.tmp" 2>/dev/null)
    mv "$JWT_PRIVATE.tmp" "$JWT_PRIVATE"
    rm -f "$JWT_PUBLIC"
  fi
  chmod 600 "$JWT_PRIVATE"
  if [[ ! -s "$JWT_PUBLIC" ]]; then
    openssl pkey -in "$JWT_PRIVATE" -pubout -out "$JWT_PUBLIC.tmp" 2>/dev/null
    mv "$JWT_PUBLIC.tmp" "$JWT_PUBLIC"
    chmod 644 "$JWT_PUBLIC"
  fi
}

write_env() {
  local tmp="$INFRA_ENV.tmp" db up
  (
    umask 077
    {
      echo "# Generated by deploy/local/infra.sh on every start -- do not edit. Use: source .local/infra.env"
      printf 'export COOP_PG_PORT=%q\n' "$PG_PORT"
      for db in "${PG_DATABASES[@]}"; do
        up="${db^^}"
        printf 'export %s_DB_URL=%q\n' "$up" "jdbc:postgresql://127.0.0.1:$PG_PORT/$db"
        printf 'export %s_DB_USER=%q\n' "$up" "$db"
        printf 'export %s_DB_PASSWORD=%q\n' "$up" "$(grep "^${up}_DB_PASSWORD=" "$PG_PASSWORDS" | cut -d= -f2-)"
      done
      printf 'export KAFKA_BOOTSTRAP_SERVERS=%q\n' "$KAFKA_BOOTSTRAP"
      printf 'export COOP_JWT_PRIVATE_KEY=%q\n' "$JWT_PRIVATE"
      printf 'export COOP_JWT_PUBLIC_KEY=%q\n' "$JWT_PUBLIC"
    } >"$tmp"
  )
  mv "$tmp" "$INFRA_ENV"
}

# ---------------------------------------------------------------------------------------------- commands

# Serialise concurrent start/stop runs (several people share this machine).
lock() {
  mkdir -p "$LOCAL"
  exec 9>"$LOCAL/.infra.lock"
  flock -w 300 9 || die "another infra.sh run holds $LOCAL/.infra.lock"
}

cmd_start() {
  local t0=$SECONDS
  lock
  ensure_packages
  mkdir -p "$LOGS"
  ensure_jwt_keys
  pg_start
  kafka_start
  write_env
  log "up in $((SECONDS - t0))s; settings: source $INFRA_ENV"
}

cmd_stop() {
  lock
  kafka_stop
  pg_stop
}

cmd_status() {
  pg_status
  kafka_status
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "usage: $(basename "$0") [start|stop|status]" ;;
esac
