"""Exports the two anchor models cvt4j is measured against (see ../../docs/performance.md).

    /usr/bin/python3 export_anchors.py SHARED_DIR OUT_DIR

Loads SHARED_DIR/fixtures/cvt-13/official.pth into the compact PyTorch CvT of
SHARED_DIR/perf/torch_cvt.py (which reproduces the official logits exactly) and writes
OUT_DIR/cvt13.onnx (opset 14, dynamic batch axis, input "input", output "logits"),
OUT_DIR/cvt13_traced.pt (a frozen TorchScript trace of the same model in evaluation mode).
Needs Debian's python3-torch (PyTorch 1.13): run with /usr/bin/python3.
"""
import os
import sys

import torch


def main():
    shared, out = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.join(shared, "perf"))
    from torch_cvt import CVT13, CvT

    os.makedirs(out, exist_ok=True)
    model = CvT(**CVT13, num_classes=1000)
    state = torch.load(os.path.join(shared, "fixtures", "cvt-13", "official.pth"), map_location="cpu")
    model.load_state_dict(state)
    model.eval()
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        torch.onnx.export(model, x, os.path.join(out, "cvt13.onnx"), opset_version=14,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        traced = torch.jit.freeze(torch.jit.trace(model, x))
        traced.save(os.path.join(out, "cvt13_traced.pt"))
    print("wrote", os.path.join(out, "cvt13.onnx"), "and", os.path.join(out, "cvt13_traced.pt"))


if __name__ == "__main__":
    main()
