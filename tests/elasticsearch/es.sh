#!/usr/bin/env bash
# Start/stop a throwaway Elasticsearch 8 node (or a small loopback cluster) for the test suite.
#
#   es.sh start     start ES_NODES nodes and wait for yellow; with some nodes already up, starts the missing ones
#   es.sh stop      stop all nodes (idempotent)
#   es.sh status    exit 0 = all up, 3 = none running, 1 = some down / no HTTP answer
#   es.sh kill N    SIGKILL node N, to simulate a crash in fault tests
#
# Environment (all optional):
#   ES_PORT=9201            HTTP port of node 0; node N listens on ES_PORT+N
#   ES_TRANSPORT_PORT       transport port of node 0 (default ES_PORT+100); node N on +N
#   ES_NODES=1              number of nodes, one JVM each
#   ES_BASE_DIR=/tmp/cascading-es   pid files, logs (node-N.log) and data
#   ES_CLUSTER_NAME=cascading-test
#   ES_HEAP=1g, ES_HEAP_MIN=512m    -Xmx / -Xms of each node
#   ES_JAVA_OPTS            extra JVM options
#   JAVA_HOME               the JDK to use (17+); default: java on PATH if 17+, else one under /usr/lib/jvm
#   ES_MAVEN_REPO=~/.m2/repository   Maven's local repository: jars are downloaded once, then reused
#   ES_START_TIMEOUT=180    seconds to wait for yellow health
#   ES_KEEP_DATA=0          1 = keep indices from the previous run (default: start empty)
#   ES_START_ATTEMPTS=3     times a node that dies during start-up is started again
#
# Needs Java 17+ and curl, and once, to build target/es-home, a JDK and Maven. `start` installs
# what is missing from Debian's packages when run as root, and otherwise says what to install.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ES_HOME="$HERE/target/es-home"
ES_PORT=${ES_PORT:-9201}
ES_TRANSPORT_PORT=${ES_TRANSPORT_PORT:-$((ES_PORT + 100))}
ES_NODES=${ES_NODES:-1}
ES_BASE_DIR=${ES_BASE_DIR:-/tmp/cascading-es}
ES_CLUSTER_NAME=${ES_CLUSTER_NAME:-cascading-test}
ES_HEAP=${ES_HEAP:-1g}
ES_HEAP_MIN=${ES_HEAP_MIN:-512m}
ES_START_TIMEOUT=${ES_START_TIMEOUT:-180}
ES_KEEP_DATA=${ES_KEEP_DATA:-0}
ES_START_ATTEMPTS=${ES_START_ATTEMPTS:-3}
ES_MAVEN_REPO=${ES_MAVEN_REPO:-~/.m2/repository}
JAVA="" # the java to run: set by find_java
MAIN_CLASS=cascading.es.TestNode
URL="http://127.0.0.1:$ES_PORT"

log() { echo "es.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# Pid of node $1 if that process is alive and is one of ours (guards against pid reuse).
node_pid() {
    local pid
    pid=$(cat "$ES_BASE_DIR/node-$1.pid" 2>/dev/null) && [[ -n $pid ]] || return 1
    grep -qa "$MAIN_CLASS" "/proc/$pid/cmdline" 2>/dev/null || return 1
    echo "$pid"
}

any_running() {
    local i
    for i in $(node_ids); do node_pid "$i" >/dev/null && return 0; done
    return 1
}

node_ids() { # ids of all nodes that have a pid file, whatever ES_NODES says now
    local f
    for f in "$ES_BASE_DIR"/node-*.pid; do
        [[ -e $f ]] || continue
        f=${f##*/node-}; echo "${f%.pid}"
    done
}

# Whether target/es-home is missing or older than pom.xml / src.
needs_build() {
    [[ ! -f $ES_HOME/.built ]] || [[ -n $(find "$HERE/pom.xml" "$HERE/src" -newer "$ES_HOME/.built" -print -quit) ]]
}

# (Re)builds target/es-home when needed, with jars from (and into) the local Maven repository.
build() {
    needs_build || return 0
    local began=$SECONDS
    log "building $ES_HOME (mvn package; jars from $ES_MAVEN_REPO, downloaded the first time) ..."
    rm -rf "$ES_HOME"
    if ! JAVA_HOME=$(jdk_home) mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$ES_MAVEN_REPO" \
        -f "$HERE/pom.xml" package > "$ES_BASE_DIR/build.log" 2>&1; then
        tail -n 40 "$ES_BASE_DIR/build.log" >&2
        die "mvn package failed (full log: $ES_BASE_DIR/build.log)"
    fi
    touch "$ES_HOME/.built"
    log "built $ES_HOME in $((SECONDS - began))s"
}

# Major version of the java at $1 (17), or nothing when it does not run.
java_major() {
    local v
    v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p') || true
    [[ -n $v ]] && echo "${v%%.*}"
}

# Sets JAVA to a Java 17+, or to nothing: JAVA_HOME's when it is set (that one only); else java on
# PATH; else the oldest 17+ under /usr/lib/jvm (where Debian's packages put them): 17 if there.
find_java() {
    local candidate major
    JAVA=""
    if [[ -n ${JAVA_HOME:-} ]]; then
        major=$(java_major "$JAVA_HOME/bin/java") || true
        if (( ${major:-0} >= 17 )); then JAVA="$JAVA_HOME/bin/java"; fi
        return 0
    fi
    for candidate in "$(command -v java || true)" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V); do
        [[ -n $candidate ]] || continue
        major=$(java_major "$candidate") || true
        if (( ${major:-0} >= 17 )); then
            JAVA=$candidate
            return 0
        fi
    done
}

# The JDK (or JRE) folder JAVA belongs to, through Debian's alternatives links; Maven builds with it.
jdk_home() {
    local real
    real=$(readlink -f "$JAVA")
    echo "${real%/bin/java}"
}

# The Debian JDK package to install: 17 where the release has it, else the nearest newer one.
jdk_package() {
    local package
    for package in openjdk-17-jdk-headless openjdk-21-jdk-headless openjdk-25-jdk-headless; do
        if apt-cache policy "$package" 2>/dev/null | grep -Eq '^ *Candidate: [0-9]'; then
            echo "$package"
            return 0
        fi
    done
    return 1
}

# Java 17+, curl, and to build target/es-home a JDK (javac) and Maven: installs what is missing from
# Debian's packages when run as root (as tests/postgres/pg.sh does), or says what to install.
ensure_tools() {
    local missing=() packages=() jdk_needed=0 building=0 package
    needs_build && building=1
    find_java
    if [[ -z $JAVA ]]; then
        jdk_needed=1; missing+=("Java 17+")
    elif (( building )) && [[ ! -x $(jdk_home)/bin/javac ]]; then
        jdk_needed=1; missing+=("a Java 17+ JDK (javac)")
    fi
    if (( building )) && ! command -v mvn >/dev/null; then missing+=("Maven (mvn)"); packages+=(maven); fi
    if ! command -v curl >/dev/null; then missing+=("curl"); packages+=(curl); fi
    (( ${#missing[@]} > 0 )) || return 0

    local what
    what=$(printf '%s, ' "${missing[@]}"); what=${what%, }
    if (( jdk_needed )) && [[ -n ${JAVA_HOME:-} ]]; then
        die "JAVA_HOME=$JAVA_HOME is not a Java 17+ JDK: point it at one, or unset it to use (or install) the system's"
    fi
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
        die "missing: $what (to build and run the test node). Install them, on Debian or Ubuntu with" \
            "'sudo apt-get install openjdk-17-jdk-headless maven curl', or run es.sh as root to have it install them"
    fi
    log "missing: $what; installing from Debian's packages ..."
    apt-get update -qq
    if (( jdk_needed )); then
        package=$(jdk_package) || die "no OpenJDK 17 or newer package in this system's package lists"
        packages+=("$package")
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    log "installed ${packages[*]}"
    find_java
    [[ -n $JAVA ]] || die "still no Java 17+ after installing ${packages[*]}"
}

start_node() {
    local i=$1 keep=$2 dir="$ES_BASE_DIR/node-$1" seeds="" masters="" j
    if [[ $keep != 1 ]]; then rm -rf "$dir"; fi
    mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
    local settings=(
        "path.home=$ES_HOME" "path.data=$dir/data" "path.logs=$dir/logs"
        "node.name=node-$i" "cluster.name=$ES_CLUSTER_NAME"
        "http.port=$((ES_PORT + i))" "transport.port=$((ES_TRANSPORT_PORT + i))"
    )
    if (( ES_NODES > 1 )); then
        for ((j = 0; j < ES_NODES; j++)); do
            seeds+="${seeds:+,}127.0.0.1:$((ES_TRANSPORT_PORT + j))"
            masters+="${masters:+,}node-$j"
        done
        settings+=("discovery.type=multi-node" "discovery.seed_hosts=$seeds" "cluster.initial_master_nodes=$masters")
    fi
    # JVM flags: the subset of Elasticsearch's own system/jvm.options that matters here.
    # shellcheck disable=SC2086 # ES_JAVA_OPTS is a list of words
    setsid "$JAVA" -Xms"$ES_HEAP_MIN" -Xmx"$ES_HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -XX:-OmitStackTraceInFastThrow -Djava.io.tmpdir="$dir/tmp" -Dfile.encoding=UTF-8 -Djava.awt.headless=true \
        -Djna.nosys=true -Djava.locale.providers=SPI,COMPAT --add-opens=java.base/java.io=ALL-UNNAMED \
        -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
        -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true \
        ${ES_JAVA_OPTS:-} \
        --module-path "$ES_HOME/lib" --add-modules ALL-MODULE-PATH -cp "$ES_HOME/launcher/*" \
        "$MAIN_CLASS" "${settings[@]}" \
        > "$ES_BASE_DIR/node-$i.log" 2>&1 < /dev/null &
    echo $! > "$ES_BASE_DIR/node-$i.pid"
}

cmd_start() {
    local i missing=() keep=$ES_KEEP_DATA
    for ((i = 0; i < ES_NODES; i++)); do node_pid "$i" >/dev/null || missing+=("$i"); done
    if (( ${#missing[@]} == 0 )); then
        log "already running"; cmd_status; return
    fi
    mkdir -p "$ES_BASE_DIR"
    ensure_tools
    if (( ${#missing[@]} < ES_NODES )); then
        # Others are up: restart the missing (e.g. killed) nodes on their own data, as after a crash.
        [[ $(node_ids | wc -l) == "$ES_NODES" ]] || die "running with a different ES_NODES; run 'es.sh stop' first"
        keep=1
    else
        rm -f "$ES_BASE_DIR"/node-*.pid
    fi
    build
    # The pids started here are our children: liveness is `kill -0` on them (a fresh pid's
    # cmdline is es.sh's own until setsid has exec'd java), and `wait` tells how one ended.
    declare -A started attempts
    for i in "${missing[@]}"; do
        start_node "$i" "$keep"; started[$i]=$!; attempts[$i]=1
    done

    local deadline=$((SECONDS + ES_START_TIMEOUT)) health version pid status
    while :; do
        for i in "${!started[@]}"; do
            pid=${started[$i]}
            kill -0 "$pid" 2>/dev/null && continue
            status=0; wait "$pid" || status=$?
            log "node-$i (pid $pid) exited during startup with status $status$( ((status > 128)) && echo " (signal $((status - 128)))"); last lines of $ES_BASE_DIR/node-$i.log:"
            tail -n 40 "$ES_BASE_DIR/node-$i.log" >&2
            if (( attempts[$i] >= ES_START_ATTEMPTS )); then
                cmd_stop; exit 1
            fi
            attempts[$i]=$((attempts[$i] + 1))
            log "starting node-$i again (attempt ${attempts[$i]} of $ES_START_ATTEMPTS)"
            sleep 5
            cp "$ES_BASE_DIR/node-$i.log" "$ES_BASE_DIR/node-$i.log.failed-$((attempts[$i] - 1))" 2>/dev/null || true
            start_node "$i" "$keep"; started[$i]=$!
        done
        health=$(curl -s -m 10 "$URL/_cluster/health?wait_for_status=yellow&wait_for_nodes=$ES_NODES&timeout=5s" || true)
        # The pid check makes sure $URL is our node-0 and not some other server already on that port.
        if [[ $health == *'"timed_out":false'* ]] &&
            curl -s -m 5 "$URL/_nodes/_local/process?filter_path=nodes.*.process.id" | grep -q "\"id\":$(node_pid 0)}"; then
            break
        fi
        if (( SECONDS >= deadline )); then
            log "not healthy after ${ES_START_TIMEOUT}s (last health: ${health:-no answer}); logs in $ES_BASE_DIR"
            cmd_stop; exit 1
        fi
        sleep 0.5
    done
    version=$(curl -s -m 10 "$URL/" | sed -n 's/.*"number":"\([^"]*\)".*/\1/p')
    echo "Elasticsearch $version: $ES_NODES node(s), cluster $ES_CLUSTER_NAME, $URL (${SECONDS}s)"
}

# SIGTERM (clean shutdown), then SIGKILL after 30 s. Signals the process group: setsid made the JVM its leader.
cmd_stop() {
    local i pid waited
    for i in $(node_ids); do
        if pid=$(node_pid "$i"); then
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
            for ((waited = 0; waited < 60; waited++)); do
                node_pid "$i" >/dev/null || break
                sleep 0.5
            done
            if node_pid "$i" >/dev/null; then
                log "node-$i ignored SIGTERM for 30s, killing"
                kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
            fi
            log "stopped node-$i (pid $pid)"
        fi
        rm -f "$ES_BASE_DIR/node-$i.pid"
    done
}

# Exit status: 0 all nodes running and HTTP answers, 3 nothing running, 1 otherwise.
cmd_status() {
    local i pid running=0 total=0
    for i in $(node_ids); do
        total=$((total + 1))
        if pid=$(node_pid "$i"); then
            running=$((running + 1)); echo "node-$i: running, pid $pid, http 127.0.0.1:$((ES_PORT + i))"
        else
            echo "node-$i: not running (see $ES_BASE_DIR/node-$i.log)"
        fi
    done
    (( running > 0 )) || { echo "not running"; return 3; }
    curl -s -m 5 "$URL/_cluster/health" && echo || { echo "no HTTP answer on $URL"; return 1; }
    (( running == total ))
}

# Simulates a crash of one node (for fault tests): SIGKILL, no clean shutdown.
cmd_kill() {
    local pid
    pid=$(node_pid "$1") || die "node-$1 is not running"
    kill -KILL "$pid"
    log "killed node-$1 (pid $pid)"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    kill) [[ ${2:-} =~ ^[0-9]+$ ]] || die "usage: es.sh kill NODE_NUMBER"; cmd_kill "$2" ;;
    *) echo "usage: $0 start|stop|status|kill N" >&2; exit 2 ;;
esac
