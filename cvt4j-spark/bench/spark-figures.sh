#!/usr/bin/env bash
# The figures of docs/spark.md: CvT-13 images/s per executor core on Spark against `cvt eval` on the same
# images and engine, the time to first result (the model load of each executor), and peak executor memory.
#
#   cvt4j-spark/bench/spark-figures.sh [IMAGES] [EXECUTORS]      (defaults: 1000 images, 2 executors of 1 core)
#
# The model is CvT-13 at 224 unless MODEL, WEIGHTS and CLASSES say otherwise (a quick check of the script:
# MODEL=../shared/fixtures/cvt-tiny/spec.yaml WEIGHTS=../shared/fixtures/cvt-tiny/official.pth CLASSES=10).
#
# Needs the built jars (mvn -B -ntp -DskipTests -pl cvt4j-spark -am package) and ../shared/fixtures (CvT-13's
# random but complete weights: throughput does not depend on their values). Runs on this machine alone: a
# standalone master and EXECUTORS workers (local-cluster), one executor JVM of 1 core each, all on 127.0.0.1.
# Compare like with like: EXECUTORS cores for Spark, `cvt eval` with as many PyTorch threads.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
images="${1:-1000}"
executors="${2:-2}"
work="${CVT_SPARK_FIGURES:-${TMPDIR:-/tmp}/cvt4j-spark-figures}"
jar="$root/cvt4j-spark/target/cvt4j-spark.jar"
home="$root/cvt4j-spark/spark-home/target/spark-home"
model="${MODEL:-cvt-13}"
weights="${WEIGHTS:-$root/../shared/fixtures/cvt-13/official.pth}"
classes="${CLASSES:-1000}"
if [ ! -f "$jar" ] || [ ! -d "$home/jars" ]; then
  echo "spark-figures: build first: mvn -B -ntp -DskipTests -pl cvt4j-spark -am package" >&2
  exit 1
fi
rm -rf "$work" && mkdir -p "$work/events"

# A CLASSES-class ImageFolder tree: procedural 256x256 PNGs, image i in class folder i mod CLASSES.
"$root/cvt" data shapes --output "$work/shapes" --classes 10 --train 1 --val $(( (images + 9) / 10 )) --image-size 256 >/dev/null
i=0
while IFS= read -r file; do
  [ "$i" -lt "$images" ] || break
  class="$(printf 'n%04d' $(( i % classes )))"
  mkdir -p "$work/val/$class" && mv "$file" "$work/val/$class/img_$i.png"
  i=$(( i + 1 ))
done < <(find "$work/shapes/val" -name '*.png' | sort)
for c in $(seq 0 $(( classes - 1 ))); do   # a class without images is an error for cvt eval and CvtSpark.imageFolder alike
  d="$work/val/$(printf 'n%04d' "$c")"
  [ -d "$d" ] || { mkdir -p "$d" && cp "$work/val/n0000/img_0.png" "$d/img_0.png"; }
done
total="$(find "$work/val" -name '*.png' | wc -l)"

echo "== cvt eval: $total images, $executors PyTorch threads, batch 8"
OMP_WAIT_POLICY=PASSIVE CVT_JAVA_OPTS="-Dai.djl.pytorch.num_threads=$executors -Dai.djl.pytorch.num_interop_threads=1" \
  "$root/cvt" eval --model "$model" --weights "$weights" --data "$work/val" --batch-size 8 --workers "$executors" --quiet \
  --output "$work/cvt-eval.json" | tail -1

echo "== Spark: $executors executors of 1 core and 1 PyTorch thread each, batch 8"
opens=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)
rm -rf "$home/work"
start=$(date +%s.%N)
SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 java -Xmx1g "${opens[@]}" -cp "$home/jars/*" \
  org.apache.spark.deploy.SparkSubmit --master "local-cluster[$executors,1,2048]" --conf spark.executor.memory=1g \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
  --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.dir="file://$work/events" --conf spark.executor.processTreeMetrics.enabled=true --conf spark.eventLog.logStageExecutorMetrics=true \
  --conf spark.executor.metrics.pollingInterval=100ms --class dev.cvt4j.spark.CvtSparkJob "$jar" \
  eval --model "$model" --weights "$weights" --data "$work/val" --batch-size 8 --output "$work/spark-eval.json" \
  2>"$work/spark-submit.log" | tail -1
end=$(date +%s.%N)

python3 - "$work" "$executors" "$start" "$end" "$home/work" <<'PY'
import glob, json, os, re, sys
work, executors, start, end, spark_work = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
cvt = json.load(open(os.path.join(work, "cvt-eval.json")))
spark = json.load(open(os.path.join(work, "spark-eval.json")))
print(f"cvt eval: {cvt['images_per_second']:.2f} images/s on {executors} threads = "
      f"{cvt['images_per_second'] / executors:.2f} per core; top-1 {cvt['top1']:.3f}%")
per_core = spark["images_per_second"] / executors
print(f"Spark:    {spark['images_per_second']:.2f} images/s on {executors} executor cores = {per_core:.2f} per core "
      f"({per_core / (cvt['images_per_second'] / executors):.2f}x cvt eval per core); top-1 {spark['top1']:.3f}%; "
      f"spark-submit to exit {end - start:.1f} s")
for stderr in sorted(glob.glob(os.path.join(spark_work, "app-*", "*", "stderr"))):
    for line in open(stderr):
        m = re.search(r"cvt4j: loaded .* in (\d+) ms", line)
        if m:
            print(f"executor {stderr.split(os.sep)[-2]}: model loaded in {m.group(1)} ms (time to first result)")
peaks = {}
for log in glob.glob(os.path.join(work, "events", "*")):
    for line in open(log):
        event = json.loads(line)
        metrics = event.get("Executor Metrics")
        if event.get("Event") == "SparkListenerStageExecutorMetrics" and metrics and event["Executor ID"] != "driver":
            peak = peaks.setdefault(event["Executor ID"], {"rss": 0, "heap": 0})
            peak["rss"] = max(peak["rss"], metrics.get("ProcessTreeJVMRSSMemory", 0))
            peak["heap"] = max(peak["heap"], metrics.get("JVMHeapMemory", 0))
for executor, peak in sorted(peaks.items()):
    print(f"executor {executor}: peak RSS {peak['rss'] / 2**20:.0f} MiB, peak JVM heap {peak['heap'] / 2**20:.0f} MiB")
PY
