#!/usr/bin/env bash
# The outage-recovery demo: the two ways `mistral` changes the env of a
# workflow execution and carries on, run against the bundled server.
#
#   1. Start mistral-env-server and the example service, both on 127.0.0.1
#      on free ports, with the database and the logs in a temporary directory.
#      The service then moves to a new port, as after an outage.
#   2. Upload workflow.yaml: fetch from env().endpoint with env().token, then
#      process the result in a second task.
#   3. Start it with env.yaml, whose endpoint is the old port: fetch fails,
#      the execution goes to ERROR.
#   4. Rerun fetch with new-endpoint.yaml: the execution ends in SUCCESS and
#      the failed attempt stays in the task's history.
#   5. Maintenance: start an execution that pauses before fetch, rotate the
#      service's token, resume with the new token read from standard input.
#   6. Stop both servers and remove the temporary directory, on every exit.
#
# Every command is printed before it runs. The script exits 1 with a message
# naming the step when any step does not end as expected.
#
# Usage: examples/outage-recovery/run.sh   (with `mistral` and
# `mistral-env-server` on PATH; `make demo` sets that up)

set -euo pipefail

# Seconds to wait for a server to start, and for an execution to reach a state.
START_TIMEOUT=20
STATE_TIMEOUT=30
POLL_INTERVAL=0.2

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Paths in the printed commands are relative to the current directory when they can be.
examples=${here#"$PWD"/}

umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/outage-recovery.XXXXXX")
server_pid=""
service_pid=""
step="start"
failure_reported=""

# `mistral` must talk to the demo server only: no Keystone, no proxy.
unset OS_AUTH_URL OS_AUTH_TOKEN OS_TOKEN OS_USERNAME OS_PASSWORD OS_MISTRAL_URL
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"

# -- output ------------------------------------------------------------------

quote() {
    if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
        printf '%s' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}

# command_text ARGS...: the command as an operator would type it, quoted where needed.
command_text() {
    local text="" argument
    for argument in "$@"; do
        text+="${text:+ }$(quote "$argument")"
    done
    printf '%s' "$text"
}

# Print "+ COMMAND ARGS...".
show() {
    printf '+ %s\n' "$(command_text "$@")"
}

# Print a command, then run it.
run() {
    show "$@"
    "$@"
}

# capture NAME COMMAND...: print and run COMMAND, print its output and store it in NAME.
capture() {
    local name=$1 output
    shift
    show "$@"
    output=$("$@")
    printf '%s\n' "$output"
    printf -v "$name" '%s' "$output"
}

heading() {
    step=$1
    printf '\n# %s\n' "$1"
}

note() {
    printf '#   %s\n' "$@"
}

fail() {
    printf '\nFAILED in step "%s": %s\n' "$step" "$1" >&2
    failure_reported=yes
    exit 1
}

# -- processes -----------------------------------------------------------------

# stop_process PID NAME: send SIGTERM, then SIGKILL if it is still running after 10 s.
stop_process() {
    local pid=$1 deadline=$((SECONDS + 10))
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            printf '%s did not stop within 10 s after SIGTERM, so it gets SIGKILL\n' "$2" >&2
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.05
    done
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM

    if ((status == 0)); then
        heading "6. Stop both servers and remove the temporary directory."
    else
        if [[ -z $failure_reported ]]; then
            printf '\nFAILED in step "%s": the last command exited with status %d.\n' "$step" "$status" >&2
        fi
        for log in "$work/server.log" "$work/service.log"; do
            if [[ -s $log ]]; then
                printf '\nLast lines of %s:\n' "${log##*/}" >&2
                tail -n 20 "$log" >&2
            fi
        done
    fi

    if [[ -n $server_pid ]]; then
        show kill "$server_pid"
        stop_process "$server_pid" mistral-env-server
    fi
    if [[ -n $service_pid ]]; then
        show kill "$service_pid"
        stop_process "$service_pid" "the example service"
    fi
    show rm -rf "$work"
    rm -rf "$work"

    if ((status == 0)); then
        printf '\nDemo finished: both executions ended in SUCCESS.\n'
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for_port LOG PID NAME: wait for the line "listening on http://127.0.0.1:PORT"
# in LOG and set port to PORT. Fails when the process exits or time runs out.
wait_for_port() {
    local log=$1 pid=$2 name=$3 deadline=$((SECONDS + START_TIMEOUT))
    port=""
    while :; do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$log" | head -n 1)
        [[ -z $port ]] || return 0
        kill -0 "$pid" 2>/dev/null || fail "$name exited while starting."
        ((SECONDS < deadline)) || fail "$name did not start within $START_TIMEOUT s."
        sleep 0.05
    done
}

start_service() {
    printf '+ %s 2>>%s &\n' "$(command_text python3 "$examples/service.py" --port 0 \
        --token-file "$work/service-token")" "$work/service.log"
    # The background child opens the log some time after the fork, so create it for wait_for_port.
    : >>"$work/service.log"
    python3 "$here/service.py" --port 0 --token-file "$work/service-token" 2>>"$work/service.log" &
    service_pid=$!
    wait_for_port "$work/service.log" "$service_pid" "the example service"
}

move_service() {
    show kill "$service_pid"
    stop_process "$service_pid" "the example service"
    service_pid=""
    : >"$work/service.log"
    start_service
}

# The token file contains the one token the service accepts. It is replaced
# whole with mv, so the service never reads half a token.
write_token() {
    printf '%s\n' "$1" >"$work/service-token.new"
    mv "$work/service-token.new" "$work/service-token"
}

new_token() {
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# render TEMPLATE OUTPUT PORT: copy an env file without its comments, with
# SERVICE_PORT and SERVICE_TOKEN filled in. Bash does the replacing, so the
# token is never a command argument.
render() {
    local line
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line == \#* ]] && continue
        line=${line//SERVICE_PORT/$3}
        printf '%s\n' "${line//SERVICE_TOKEN/$token}"
    done <"$1" >"$2"
}

# wait_for_state ID STATE: poll the execution until it is in STATE. Fails when it
# ends in another state, or after STATE_TIMEOUT seconds.
wait_for_state() {
    local id=$1 expected=$2 state deadline=$((SECONDS + STATE_TIMEOUT))
    show wait_for_state "$id" "$expected"
    while :; do
        state=$(mistral execution-get "$id" -f value -c State)
        if [[ $state == "$expected" ]]; then
            printf 'execution %s is %s\n' "$id" "$state"
            return 0
        fi
        case $state in
            SUCCESS | ERROR | CANCELLED)
                fail "execution $id ended in $state, but $expected was expected." ;;
        esac
        ((SECONDS < deadline)) || fail "execution $id is still $state after $STATE_TIMEOUT s; $expected was expected."
        sleep "$POLL_INTERVAL"
    done
}

# expect_equal ACTUAL EXPECTED WHAT
expect_equal() {
    [[ $1 == "$2" ]] || fail "$3: expected '$2', got '$1'."
}

# ------------------------------------------------------------------------------

heading "1. Start mistral-env-server and the example service on 127.0.0.1."
note "Database, logs and the service's token file go to $work."

run mistral-env-server --version
printf '+ %s 2>>%s &\n' "$(command_text mistral-env-server --host 127.0.0.1 --port 0 \
    --db "sqlite:///$work/server.db")" "$work/server.log"
: >"$work/server.log"
mistral-env-server --host 127.0.0.1 --port 0 --db "sqlite:///$work/server.db" 2>>"$work/server.log" &
server_pid=$!
wait_for_port "$work/server.log" "$server_pid" mistral-env-server
run export OS_MISTRAL_URL="http://127.0.0.1:$port/v2"

token=$(new_token)
write_token "$token"
start_service
old_port=$port
note "The service listens on port $old_port. It stops and starts on a new port, as after an outage:"
move_service
# A free port picked by the kernel can repeat, so move again until the old one stays closed.
while [[ $port == "$old_port" ]]; do
    move_service
done
service_port=$port
note "The service now listens on port $service_port; nothing listens on port $old_port."

heading "2. Upload the workflow."
run mistral workflow-create "$examples/workflow.yaml" -c ID -c Name

heading "3. Start it with env.yaml: the endpoint is the old address, so fetch fails."
render "$here/env.yaml" "$work/env.yaml" "$old_port"
note "$work/env.yaml is $examples/env.yaml with port $old_port and the service's token."
capture outage_id mistral execution-create outage_recovery --env "$work/env.yaml" -f value -c ID
wait_for_state "$outage_id" ERROR
run mistral task-list "$outage_id" -c ID -c Name -c State -c 'State info'
run mistral execution-get "$outage_id" -c State -c 'State info'
capture fetch_id mistral task-list "$outage_id" --filter name=fetch -f value -c ID
run mistral task-get "$fetch_id" -c 'State info'

heading "4. Rerun the failed task with the new endpoint."
render "$here/new-endpoint.yaml" "$work/new-endpoint.yaml" "$service_port"
run cat "$work/new-endpoint.yaml"
run mistral task-rerun "$fetch_id" --env "$work/new-endpoint.yaml" -c ID -c Name -c State
wait_for_state "$outage_id" SUCCESS
run mistral task-list "$outage_id" -c ID -c Name -c State
note "The same task execution ran twice: its failed attempt is kept, not accepted."
run mistral action-execution-list "$fetch_id" -c ID -c 'Task name' -c State -c Accepted
note "The env after the merge: the endpoint replaced, the token kept (hidden here)."
printf '+ %s | %s\n' "$(command_text mistral execution-get-env "$outage_id")" \
    "$(command_text sed -E 's/("token": )"[^"]*"/\1"(hidden)"/')"
mistral execution-get-env "$outage_id" | sed -E 's/("token": )"[^"]*"/\1"(hidden)"/'
run mistral execution-get-output "$outage_id"

attempts=$(mistral action-execution-list "$fetch_id" -f value -c State -c Accepted | sort)
expect_equal "$attempts" $'ERROR False\nSUCCESS True' "attempts of task fetch"
expect_equal "$(mistral task-list "$outage_id" --filter name=fetch -f value -c ID)" "$fetch_id" \
    "task execution id of fetch after the rerun"
endpoint=$(mistral execution-get-env "$outage_id" -f yaml | sed -n 's/^endpoint: //p')
expect_equal "$endpoint" "http://127.0.0.1:$service_port/data" "endpoint in the env after the rerun"

heading "5. Maintenance: pause before fetch, rotate the token, resume with the new one."
render "$here/env.yaml" "$work/maintenance-env.yaml" "$service_port"
note "$work/maintenance-env.yaml has the service's current port and token."
capture maintenance_id mistral execution-create outage_recovery '{"pause_before_fetch": true}' \
    --env "$work/maintenance-env.yaml" -f value -c ID
wait_for_state "$maintenance_id" PAUSED
run mistral execution-get "$maintenance_id" -c State -c 'State info'
note "The service's token is rotated while the execution waits: the token in" \
    "its env is rejected from now on."
token=$(new_token)
write_token "$token"
printf '+ %s <<EOF\n%s\nEOF\n' "$(command_text mistral execution-update "$maintenance_id" -s RUNNING \
    --env - -c State)" 'token: "(the new token; the here-document feeds it to standard input)"'
mistral execution-update "$maintenance_id" -s RUNNING --env - -c State <<EOF
token: "$token"
EOF
wait_for_state "$maintenance_id" SUCCESS
run mistral task-list "$maintenance_id" -c ID -c Name -c State
run mistral execution-get-output "$maintenance_id"

note "The service's log: one accepted request per execution, none rejected."
run cat "$work/service.log"
expect_equal "$(grep -c ' 200 ' "$work/service.log")" 2 "requests the service accepted"
expect_equal "$(grep -c ' 401 ' "$work/service.log" || true)" 0 "requests the service rejected"
