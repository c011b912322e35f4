"""Benchmark of the synthetic generator: wall time and peak memory of writing one dump.

Usage: .venv/bin/python scripts/bench_synth.py [--scale 1.0] [--seed 0]
Target (issue 3): scale 1.0 (the paper's size) written in under 60 s on the 2-core dev machine.
"""
import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from claws.synth import write_synthetic


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = write_synthetic(Path(tmp), scale=a.scale, seed=a.seed, progress=True)
        wall = time.perf_counter() - t0
        size = (paths["dump"] / "posts.jsonl").stat().st_size
        n = sum(1 for _ in open(paths["dump"] / "posts.jsonl", encoding="utf-8"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024     # Linux: KiB
    print(f"scale={a.scale} seed={a.seed}: {n} posts, dump {size / 1e6:.1f} MB, "
          f"wall {wall:.1f} s, peak RSS {peak_mb:.0f} MB ({'OK' if wall < 60 else 'SLOW'}: target < 60 s)")
    return 0 if wall < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
