#!/usr/bin/env bash
# Start/stop a throwaway OpenSearch 2 node (or a small loopback cluster) for the test suite.
# The twin of tests/elasticsearch/es.sh: same commands, same behaviour, OS_ instead of ES_.
#
#   os.sh start     start OS_NODES nodes and wait for yellow; with some nodes already up, starts the missing ones
#   os.sh stop      stop all nodes (idempotent)
#   os.sh status    exit 0 = all up, 3 = none running, 1 = some down / no HTTP answer
#   os.sh kill N    SIGKILL node N, to simulate a crash in fault tests
#
# Environment (all optional):
#   OS_PORT=9401            HTTP port of node 0; node N listens on OS_PORT+N (Elasticsearch's
#                           nodes use 92xx, and 93xx for transport)
#   OS_TRANSPORT_PORT       transport port of node 0 (default OS_PORT+100); node N on +N
#   OS_NODES=1              number of nodes, one JVM each
#   OS_BASE_DIR=/tmp/cascading-os   pid files, logs (node-N.log) and data
#   OS_CLUSTER_NAME=cascading-test
#   OS_HEAP=1g, OS_HEAP_MIN=512m    -Xmx / -Xms of each node
#   OS_JAVA_OPTS            extra JVM options;  JAVA_HOME  JDK to use (17+, default: java on PATH)
#   OS_START_TIMEOUT=180    seconds to wait for yellow health
#   OS_KEEP_DATA=0          1 = keep indices from the previous run (default: start empty)
#   OS_START_ATTEMPTS=3     times a node that dies during start-up is started again
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OS_HOME="$HERE/target/os-home"
OS_PORT=${OS_PORT:-9401}
OS_TRANSPORT_PORT=${OS_TRANSPORT_PORT:-$((OS_PORT + 100))}
OS_NODES=${OS_NODES:-1}
OS_BASE_DIR=${OS_BASE_DIR:-/tmp/cascading-os}
OS_CLUSTER_NAME=${OS_CLUSTER_NAME:-cascading-test}
OS_HEAP=${OS_HEAP:-1g}
OS_HEAP_MIN=${OS_HEAP_MIN:-512m}
OS_START_TIMEOUT=${OS_START_TIMEOUT:-180}
OS_KEEP_DATA=${OS_KEEP_DATA:-0}
OS_START_ATTEMPTS=${OS_START_ATTEMPTS:-3}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MAIN_CLASS=cascading.opensearch.TestNode
URL="http://127.0.0.1:$OS_PORT"

log() { echo "os.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# Pid of node $1 if that process is alive and is one of ours (guards against pid reuse).
node_pid() {
    local pid
    pid=$(cat "$OS_BASE_DIR/node-$1.pid" 2>/dev/null) && [[ -n $pid ]] || return 1
    grep -qa "$MAIN_CLASS" "/proc/$pid/cmdline" 2>/dev/null || return 1
    echo "$pid"
}

any_running() {
    local i
    for i in $(node_ids); do node_pid "$i" >/dev/null && return 0; done
    return 1
}

node_ids() { # ids of all nodes that have a pid file, whatever OS_NODES says now
    local f
    for f in "$OS_BASE_DIR"/node-*.pid; do
        [[ -e $f ]] || continue
        f=${f##*/node-}; echo "${f%.pid}"
    done
}

# (Re)build target/os-home when it is missing or older than pom.xml / src.
build() {
    local stamp="$OS_HOME/.built"
    if [[ -f $stamp ]] && [[ -z $(find "$HERE/pom.xml" "$HERE/src" -newer "$stamp" -print -quit) ]]; then
        return
    fi
    command -v mvn >/dev/null || die "mvn not found (needed once to build $OS_HOME)"
    log "building $OS_HOME (mvn package) ..."
    rm -rf "$OS_HOME"
    if ! mvn -B -q -Dstyle.color=never -f "$HERE/pom.xml" package > "$OS_BASE_DIR/build.log" 2>&1; then
        tail -n 40 "$OS_BASE_DIR/build.log" >&2
        die "mvn package failed (full log: $OS_BASE_DIR/build.log)"
    fi
    touch "$stamp"
}

check_java() {
    local v
    v=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [[ -n $v ]] || die "cannot run $JAVA"
    (( ${v%%.*} >= 17 )) || die "Java 17+ needed, $JAVA is $v"
}

start_node() {
    local i=$1 keep=$2 dir="$OS_BASE_DIR/node-$1" seeds="" managers="" j
    if [[ $keep != 1 ]]; then rm -rf "$dir"; fi
    mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
    local settings=(
        "path.home=$OS_HOME" "path.data=$dir/data" "path.logs=$dir/logs"
        "node.name=node-$i" "cluster.name=$OS_CLUSTER_NAME"
        "http.port=$((OS_PORT + i))" "transport.port=$((OS_TRANSPORT_PORT + i))"
    )
    if (( OS_NODES > 1 )); then
        for ((j = 0; j < OS_NODES; j++)); do
            seeds+="${seeds:+,}127.0.0.1:$((OS_TRANSPORT_PORT + j))"
            managers+="${managers:+,}node-$j"
        done
        # "zen" is OpenSearch's name for multi-node discovery (TestNode's default is single-node).
        settings+=("discovery.type=zen" "discovery.seed_hosts=$seeds" "cluster.initial_cluster_manager_nodes=$managers")
    fi
    # JVM flags: the subset of OpenSearch's own system/jvm.options that matters here.
    # shellcheck disable=SC2086 # OS_JAVA_OPTS is a list of words
    setsid "$JAVA" -Xms"$OS_HEAP_MIN" -Xmx"$OS_HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -XX:-OmitStackTraceInFastThrow -Djava.io.tmpdir="$dir/tmp" -Dfile.encoding=UTF-8 -Djava.awt.headless=true \
        -Djna.nosys=true -Djava.locale.providers=SPI,COMPAT \
        -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
        -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true \
        ${OS_JAVA_OPTS:-} \
        -cp "$OS_HOME/lib/*:$OS_HOME/launcher/*" \
        "$MAIN_CLASS" "${settings[@]}" \
        > "$OS_BASE_DIR/node-$i.log" 2>&1 < /dev/null &
    echo $! > "$OS_BASE_DIR/node-$i.pid"
}

cmd_start() {
    local i missing=() keep=$OS_KEEP_DATA
    for ((i = 0; i < OS_NODES; i++)); do node_pid "$i" >/dev/null || missing+=("$i"); done
    if (( ${#missing[@]} == 0 )); then
        log "already running"; cmd_status; return
    fi
    command -v curl >/dev/null || die "curl not found"
    mkdir -p "$OS_BASE_DIR"
    if (( ${#missing[@]} < OS_NODES )); then
        # Others are up: restart the missing (e.g. killed) nodes on their own data, as after a crash.
        [[ $(node_ids | wc -l) == "$OS_NODES" ]] || die "running with a different OS_NODES; run 'os.sh stop' first"
        keep=1
    else
        rm -f "$OS_BASE_DIR"/node-*.pid
    fi
    build
    check_java
    # The pids started here are our children: liveness is `kill -0` on them (a fresh pid's
    # cmdline is os.sh's own until setsid has exec'd java), and `wait` tells how one ended.
    declare -A started attempts
    for i in "${missing[@]}"; do
        start_node "$i" "$keep"; started[$i]=$!; attempts[$i]=1
    done

    local deadline=$((SECONDS + OS_START_TIMEOUT)) health version pid status
    while :; do
        for i in "${!started[@]}"; do
            pid=${started[$i]}
            kill -0 "$pid" 2>/dev/null && continue
            status=0; wait "$pid" || status=$?
            log "node-$i (pid $pid) exited during startup with status $status$( ((status > 128)) && echo " (signal $((status - 128)))"); last lines of $OS_BASE_DIR/node-$i.log:"
            tail -n 40 "$OS_BASE_DIR/node-$i.log" >&2
            if (( attempts[$i] >= OS_START_ATTEMPTS )); then
                cmd_stop; exit 1
            fi
            attempts[$i]=$((attempts[$i] + 1))
            log "starting node-$i again (attempt ${attempts[$i]} of $OS_START_ATTEMPTS)"
            sleep 5
            cp "$OS_BASE_DIR/node-$i.log" "$OS_BASE_DIR/node-$i.log.failed-$((attempts[$i] - 1))" 2>/dev/null || true
            start_node "$i" "$keep"; started[$i]=$!
        done
        health=$(curl -s -m 10 "$URL/_cluster/health?wait_for_status=yellow&wait_for_nodes=$OS_NODES&timeout=5s" || true)
        # The pid check makes sure $URL is our node-0 and not some other server already on that port.
        if [[ $health == *'"timed_out":false'* ]] &&
            curl -s -m 5 "$URL/_nodes/_local/process?filter_path=nodes.*.process.id" | grep -q "\"id\":$(node_pid 0)}"; then
            break
        fi
        if (( SECONDS >= deadline )); then
            log "not healthy after ${OS_START_TIMEOUT}s (last health: ${health:-no answer}); logs in $OS_BASE_DIR"
            cmd_stop; exit 1
        fi
        sleep 0.5
    done
    # OpenSearch pretty-prints GET / ("number" : "2.19.6", on a line of its own).
    version=$(curl -s -m 10 "$URL/" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p')
    echo "OpenSearch $version: $OS_NODES node(s), cluster $OS_CLUSTER_NAME, $URL (${SECONDS}s)"
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
        rm -f "$OS_BASE_DIR/node-$i.pid"
    done
}

# Exit status: 0 all nodes running and HTTP answers, 3 nothing running, 1 otherwise.
cmd_status() {
    local i pid running=0 total=0
    for i in $(node_ids); do
        total=$((total + 1))
        if pid=$(node_pid "$i"); then
            running=$((running + 1)); echo "node-$i: running, pid $pid, http 127.0.0.1:$((OS_PORT + i))"
        else
            echo "node-$i: not running (see $OS_BASE_DIR/node-$i.log)"
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
    kill) [[ ${2:-} =~ ^[0-9]+$ ]] || die "usage: os.sh kill NODE_NUMBER"; cmd_kill "$2" ;;
    *) echo "usage: $0 start|stop|status|kill N" >&2; exit 2 ;;
esac
