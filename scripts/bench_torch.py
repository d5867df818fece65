"""The PyTorch side of `npm run bench`: trains the same workloads as scripts/bench-tfjs.ts on the CPU.

Reads a job (JSON) on standard input and prints one JSON line with the timings; scripts/bench.ts
writes both. Exits 3, printing {"error": ...}, when torch or numpy cannot be imported.
"""
import json
import platform
import sys
import time


def build_model(torch, name):
    """The workload's network, laid out as its tf.layers twin in scripts/bench-tfjs.ts."""
    nn = torch.nn
    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    if name == "lenet5":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.AvgPool2d(2),  # [n, 6, 14, 14]
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.AvgPool2d(2),  # [n, 16, 5, 5]
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
        )
    raise ValueError(f"unknown workload {name!r}")


def run_workload(torch, np, job, workload):
    """Trains `workload` for its epochs and returns every epoch's timings and the last loss."""
    n, batch = workload["samples"], workload["batchSize"]
    pixels = np.fromfile(job["xsFile"], dtype="<f4", count=n * 784)
    labels = np.fromfile(job["ysFile"], dtype="<i4", count=n)
    xs = torch.from_numpy(pixels.reshape(n, 784) if workload["name"] == "mlp" else pixels.reshape(n, 1, 28, 28))
    ys = torch.from_numpy(labels.astype("int64"))
    model = build_model(torch, workload["name"])
    optimizer = torch.optim.Adam(model.parameters(), lr=workload["learningRate"])
    loss_fn = torch.nn.CrossEntropyLoss()
    walls, cpus = [], []
    for _ in range(workload["epochs"]):
        wall, cpu = time.perf_counter(), time.process_time()
        for start in range(0, n, batch):
            optimizer.zero_grad()
            loss = loss_fn(model(xs[start:start + batch]), ys[start:start + batch])
            loss.backward()
            optimizer.step()
        last_loss = loss.item()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"name": workload["name"], "samples": n, "epochSeconds": walls, "cpuSeconds": cpus, "loss": last_loss}


def main():
    """Runs the job read from standard input and prints the result as one JSON line."""
    job = json.load(sys.stdin)
    try:
        import numpy as np
        import torch
    except ImportError as e:
        print(json.dumps({"error": f"{sys.executable} cannot import {e.name} (Debian: apt-get install python3-torch)"}))
        return 3
    torch.manual_seed(job["seed"])
    torch.set_num_threads(job["threads"])
    results = [run_workload(torch, np, job, w) for w in job["workloads"]]
    versions = {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()}
    print(json.dumps({"threads": torch.get_num_threads(), "versions": versions, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
