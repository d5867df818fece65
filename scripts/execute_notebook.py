"""Executes one notebook through a Jupyter kernel with nbclient and writes the executed copy.

Used by run-notebooks.ts; prints one JSON object describing the outcome on stdout:
{"status": "ok" | "failed" | "timeout" | "dead-kernel" | "no-kernel", "cell": index or null, "error": text,
 "duration": seconds}. The executed notebook is written (atomically) even when a cell fails, holding the
outputs up to the failing cell.

With --second-output, every cell is run a second time in the same kernel after the first pass succeeds (as
"Run All" twice in JupyterLab), except the cells --second-skip names, and that pass's copy is written there; the
outcome then has "second": {"status", "cell", "error"}, or null when the first pass failed.
"""
import argparse
import copy
import json
import os
import signal
import sys
import time

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def write_atomically(path, text):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def cell_error_text(cell):
    """tslab sends no ename/evalue/traceback: its error text, type errors included, arrives on stderr."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append("\n".join(out.get("traceback") or [f"{out.get('ename')}: {out.get('evalue')}"]))
    return "".join(parts).strip()


def execute(nb, args, second=None):
    """Runs the cells of `nb`, then those of `second` (a fresh copy, but for args.second_skip) in the same kernel."""
    client = NotebookClient(
        nb,
        timeout=args.timeout or None,
        startup_timeout=args.startup_timeout,
        kernel_name=args.kernel,
        resources={"metadata": {"path": args.cwd}},
    )
    index = None

    def stop(signum, _frame):
        # Kernels run in their own session, so Ctrl-C on the runner does not reach them, and tslab does
        # not exit when its parent dies: stop it here rather than leave it running.
        process = getattr(getattr(client.km, "provisioner", None), "process", None)
        if process is not None:
            process.kill()
        sys.exit(128 + signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    results = []
    current = nb
    try:
        with client.setup_kernel():
            for current in [nb] + ([second] if second is not None else []):
                if current is not nb:  # outputs and display updates of the second pass go to its own copy
                    client.nb = current
                    client.reset_execution_trackers()
                count = 0
                for index, cell in enumerate(current.cells):
                    if current is not nb and index in args.second_skip:
                        continue
                    if cell.cell_type == "code":
                        count += 1
                    # tslab's replies carry no execution count: number the cells as nbclient's own loop does.
                    client.execute_cell(cell, index, execution_count=count)
                results.append({"status": "ok", "cell": None, "error": ""})
    except NoSuchKernel:
        return {"status": "no-kernel", "cell": None, "error": f"no Jupyter kernel named '{args.kernel}' is registered"}
    except CellTimeoutError:
        results.append({"status": "timeout", "cell": index, "error": f"the cell ran longer than {args.timeout} s (--timeout)"})
    except DeadKernelError as e:
        results.append({"status": "dead-kernel", "cell": index, "error": f"the kernel died: {e}"})
    except CellExecutionError:
        results.append({"status": "failed", "cell": index, "error": cell_error_text(current.cells[index]) or "the cell raised an error"})
    if second is None:
        return results[0]
    return {**results[0], "second": results[1] if len(results) > 1 else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("input", help="notebook to execute (already parameterised)")
    ap.add_argument("--output", required=True, help="where to write the executed notebook")
    ap.add_argument("--cwd", required=True, help="working directory of the kernel")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--timeout", type=int, default=0, help="seconds one cell may run (0: no limit)")
    ap.add_argument("--second-output", help="run all cells again in the same kernel and write that copy here")
    ap.add_argument("--second-skip", type=int, nargs="*", default=[], help="cells (0-based) the second pass leaves out")
    ap.add_argument("--startup-timeout", type=int, default=60, help="seconds the kernel may take to start")
    args = ap.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    started = time.time()
    second = copy.deepcopy(nb) if args.second_output else None
    outcome = execute(nb, args, second)
    outcome["duration"] = round(time.time() - started, 3)
    write_atomically(args.output, nbformat.writes(nb))
    if second is not None:
        write_atomically(args.second_output, nbformat.writes(second))
    json.dump(outcome, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
