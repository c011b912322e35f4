"""Benchmark `claws ingest` on paper-scale synthetic data (scale 1.0, ~212k records).

Target (issue 2): under 60 s and under 2 GB peak memory on the 2-core reference machine.
Usage: .venv/bin/python scripts/bench_ingest.py [--scale 1.0] [--seed 0] [--dump PATH]
Prints wall time, peak resident memory of the ingest (measured in a child process) and the counts."""
import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from claws.data import ingest
t = time.perf_counter()
rep = ingest(sys.argv[1], sys.argv[2], progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "report": rep}))
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dump", help="an existing dump to ingest instead of the synthetic one")
    a = ap.parse_args()
    if a.dump: dump = Path(a.dump)
    else:
        from claws.synth import synthetic_dump
        t = time.perf_counter(); dump = synthetic_dump(scale=a.scale, seed=a.seed)
        print(f"synthetic dump (scale {a.scale}, seed {a.seed}) ready in {time.perf_counter() - t:.1f} s: {dump}")
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", CHILD, str(dump), out], capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    res = json.loads(r.stdout.strip().splitlines()[-1])
    rep = res["report"]
    print(f"ingest: {res['seconds']:.1f} s inside the process, {wall:.1f} s wall with interpreter start-up; "
          f"peak RSS {peak_mb:,.0f} MB")
    print(f"records read {rep['records_read']:,} = kept {rep['records_kept']:,} + quarantined "
          f"{rep['records_quarantined']:,} + duplicate {rep['records_duplicate']:,}")
    ok = wall < 60 and peak_mb < 2048
    print("target (< 60 s, < 2 GB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
