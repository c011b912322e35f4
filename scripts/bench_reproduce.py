"""Benchmark `claws reproduce` on the default data: a first (forced) run, then a no-change re-run.

Target (issue 7): the no-change second run takes only seconds (every notebook skipped).
Usage: .venv/bin/python scripts/bench_reproduce.py [--scale 0.05] [--seed 0]"""
import argparse
import tempfile
import time
from pathlib import Path

from claws.pipeline import reproduce


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "out"
        t = time.perf_counter(); first = reproduce(out=out, scale=a.scale, seed=a.seed, force=True, log=lambda *x: None)
        t1 = time.perf_counter() - t
        t = time.perf_counter(); second = reproduce(out=out, scale=a.scale, seed=a.seed, log=lambda *x: None)
        t2 = time.perf_counter() - t
    print(f"scale {a.scale}: first run {t1:.1f} s ({sum(v == 'ran' for v in first.values())} notebooks ran); "
          f"no-change re-run {t2:.1f} s ({sum(v == 'skipped' for v in second.values())} of {len(second)} skipped)")


if __name__ == "__main__":
    main()
