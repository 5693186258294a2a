#!/usr/bin/env bash
# Writes cvt4j-bench/target/anchors/{cvt13.onnx,cvt13_traced.pt} from ../shared (see export_anchors.py).
# Needs Debian's PyTorch: apt-get install -y python3-torch
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${CVT_SHARED:-$here/../../../shared}"
exec /usr/bin/python3 "$here/export_anchors.py" "$shared" "$here/../target/anchors"
