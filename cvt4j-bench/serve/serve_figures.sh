#!/usr/bin/env bash
# The cvt serve figures of docs/serving.md, on the quiet machine: CvT-13 at 224, 2 intra-op threads.
# From the repository root, after `mvn -B -ntp -DskipTests package` (builds cvt.jar and benchmarks.jar):
#   bash cvt4j-bench/serve/serve_figures.sh [all|latency|capacity|ratio|memory] 2>&1 | tee serve-figures.txt
# latency (about 13 minutes): cvt bench (1 min), 6 closed-loop runs (8 min), the capacity run with the
# decode/model split read from /metrics, 2 open-loop runs (3 min), plus server starts.
# capacity (about 4 minutes): CAPACITY_RUNS (default 3) more 16-client capacity runs, a fresh server each.
# ratio (about 5 minutes): RATIO_ROUNDS (default 3) rounds of cvt bench at batch 8 then a capacity run, so that
# served/bench is read from neighbouring measurements when the machine's own speed drifts.
# memory (about 14 minutes at ~27 images/s): resident memory over 20,000 requests, with the heap fixed
# (MEMORY_JAVA_OPTS, default -Xms1g -Xmx1g -XX:+AlwaysPreTouch; empty for the JVM's default heap).
# Only latency needs a quiet machine: memory may run beside other work.
set -euo pipefail
cd "$(dirname "$0")/../.."
# MODEL, WEIGHTS, RUN_SECONDS, WARM_SECONDS and MEMORY_ROUND override the defaults (e.g. for a quick trial on a small model).
model=${MODEL:-cvt-13}
weights=${WEIGHTS:-../shared/fixtures/cvt-13/official.pth}
run_seconds=${RUN_SECONDS:-60}
warm_seconds=${WARM_SECONDS:-10}
memory_round=${MEMORY_ROUND:-2000}
memory_java_opts=${MEMORY_JAVA_OPTS--Xms1g -Xmx1g -XX:+AlwaysPreTouch}
section=${1:-all}
images=(../shared/fixtures/preprocess/landscape.jpg ../shared/fixtures/preprocess/portrait.png
        ../shared/fixtures/preprocess/gray.png ../shared/fixtures/preprocess/rgba.png)
port=${PORT:-18080}
url="http://127.0.0.1:$port/v1/classify"
load() { java -cp cvt4j-bench/target/benchmarks.jar dev.cvt4j.bench.ServeLoad --url "$url" "$@" "${images[@]}"; }
log=$(mktemp)
pid=

start() {  # start ARGS...: cvt serve on $port, waits for "ready", prints the time to ready
  : >"$log"   # emptied here, not in the child, so that the wait below never reads the previous server's log
  ./cvt serve --model "$model" --weights "$weights" --threads 2 --port "$port" "$@" >>"$log" 2>&1 &
  pid=$!
  until grep -q "ready in" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
  done
  echo "## cvt serve $*: $(grep -o 'ready in [0-9.]* s' "$log")"
}
stop() { kill -TERM "$pid"; wait "$pid" || true; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -f "$log" "$log.capacity"' EXIT

metric() {  # metric NAME: the value of an unlabelled sample in the server's /metrics
  curl -s "http://127.0.0.1:$port/metrics" | awk -v n="$1" '$1 == n {print $2}'
}
with_split() {  # with_split COMMAND...: runs a load and prints where the served images' time went, from /metrics
  local names=(cvt_batch_size_count cvt_batch_size_sum cvt_inference_duration_seconds_sum
               cvt_preprocess_duration_seconds_sum) before=() after=() i t0 t1
  for i in "${names[@]}"; do before+=("$(metric "$i")"); done
  t0=$(date +%s.%N)
  "$@"
  t1=$(date +%s.%N)
  for i in "${names[@]}"; do after+=("$(metric "$i")"); done
  awk -v b="${before[*]}" -v a="${after[*]}" -v wall="$(awk -v s="$t0" -v e="$t1" 'BEGIN {print e - s}')" 'BEGIN {
    split(b, x, " "); split(a, y, " ");
    batches = y[1] - x[1]; images = y[2] - x[2]; model = y[3] - x[3]; pre = y[4] - x[4];
    printf "split: %d images in %d batches (mean %.2f); model %.1f ms per batch, %.2f ms per image, busy %.0f%% of %.1f s;", images, batches, images / batches, 1000 * model / batches, 1000 * model / images, 100 * model / wall, wall;
    printf " decode+transform %.2f ms per image (%.1f%% of the model time per image)\n", 1000 * pre / images, 100 * pre / model }'
}

measure_capacity() {  # a fresh --max-batch-size 8 server, warmed up; 16 clients with the split; sets $capacity
  start --max-batch-size 8
  load --clients 16 --requests 1000000 --seconds "$warm_seconds" >/dev/null
  capacity_run() { load --clients 16 --requests 1000000 --seconds "$run_seconds" >"$log.capacity"; }
  with_split capacity_run
  line=$(cat "$log.capacity")
  echo "$line"
  capacity=$(sed -E 's/.* ([0-9.]+) images\/s.*/\1/' <<<"$line")
}

capacity() {  # CAPACITY_RUNS (default 3) more capacity runs, each on a fresh server, to read their spread
  for run in $(seq 1 "${CAPACITY_RUNS:-3}"); do
    measure_capacity
    stop
  done
}

ratio() {  # RATIO_ROUNDS (default 3) rounds of cvt bench at batch 8, then a capacity run: served / bench per round
  for round in $(seq 1 "${RATIO_ROUNDS:-3}"); do
    bench=$(./cvt bench --model "$model" --threads 2 --batch-size 8 --seconds 20 | awk '$1 == "infer" {print $3}')
    measure_capacity
    stop
    awk -v r="$round" -v b="$bench" -v c="$capacity" \
      'BEGIN {printf "## round %d: cvt bench batch 8 %.2f images/s, served %.1f images/s, ratio %.1f%%\n", r, b, c, 100 * c / b}'
  done
}

latency() {
echo "## cvt bench, the offline reference"
./cvt bench --model "$model" --threads 2 --batch-size 1,8 --seconds "$((run_seconds / 3 + 1))"

for max_batch in 1 8; do
  start --max-batch-size "$max_batch"
  load --clients 16 --requests 1000000 --seconds "$warm_seconds" >/dev/null   # warm the JIT and the allocator
  for clients in 1 4 16; do
    load --clients "$clients" --requests 1000000 --seconds "$run_seconds"
  done
  stop
done

measure_capacity
for share in 0.5 1.2; do
  rate=$(awk -v c="$capacity" -v s="$share" 'BEGIN {printf "%.2f", c * s}')
  echo "## open loop at $share x capacity ($capacity images/s): $rate requests/s, queue 64"
  load --rate "$rate" --requests 1000000 --seconds "$run_seconds"
done
stop
}

memory() {
CVT_JAVA_OPTS="$memory_java_opts" start --max-batch-size 8
echo "## resident memory over $((10 * memory_round)) requests (16 clients, 10 rounds of $memory_round, CVT_JAVA_OPTS='$memory_java_opts')"
load --clients 16 --requests "$memory_round" --seconds 600 >/dev/null   # the heap and the allocator grow first
echo "after a first $memory_round requests: $(rss_mb) MB"
for round in $(seq 1 10); do
  load --clients 16 --requests "$memory_round" --seconds 600 >/dev/null
  echo "after $((round * memory_round)) requests: $(rss_mb) MB"
done
stop
}

case "$section" in
  all) latency; memory ;;
  latency) latency ;;
  capacity) capacity ;;
  ratio) ratio ;;
  memory) memory ;;
  *) echo "usage: serve_figures.sh [all|latency|capacity|ratio|memory]" >&2; exit 2 ;;
esac
