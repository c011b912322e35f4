"""Benchmark of claws.inequality and claws.temporal at paper size (scale 1.0): wall time of every
analysis the paper notebooks 03_inequality and 04_temporal run (bootstrap with 1,000 resamples
included, figures excluded) and the process's peak RSS. Target: under 60 s.

    .venv/bin/python scripts/bench_inequality_temporal.py [--scale 1.0] [--seed 0] [--n-boot 1000]

Data: `claws.data.load("synthetic", scale=...)` when `claws.synth` is installed; otherwise a
stand-in of the same size (20,040 posts, 192,410 comments, 15,083 accounts, heavy-tailed
activity and upvotes) built here, so the timing of the analyses can be measured either way."""
import argparse
import resource
import sys
import time

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from claws import inequality as ineq, temporal as tm


def stand_in(scale: float = 1.0, seed: int = 0):
    "A paper-sized corpus with the `claws.data` columns this benchmark needs (not a model of the platform)."
    from types import SimpleNamespace
    rng = np.random.default_rng(seed)
    n_acc, n_p, n_c = int(15083 * scale), int(20040 * scale), int(192410 * scale)
    start, end = pd.Timestamp("2026-01-28", tz="UTC"), pd.Timestamp("2026-02-09", tz="UTC")
    names = np.array([f"agent{i:06d}" for i in range(n_acc)])
    w = rng.pareto(1.2, n_acc) + 1; w /= w.sum()
    def frame(n):
        t = start + pd.to_timedelta(rng.uniform(0, 12 * 86400, n), unit="s")
        up = np.where(rng.random(n) < 0.02, rng.pareto(0.8, n) * 10, 0).astype(np.int64)
        a = pd.array(names[rng.choice(n_acc, n, p=w)], dtype="string"); a[rng.random(n) < 0.01] = pd.NA
        return pd.DataFrame({"author": a, "created_at": t.astype("datetime64[us, UTC]"),
                             "upvotes": pd.array(up, dtype="Int64"), "score": pd.array(up, dtype="Int64")})
    return SimpleNamespace(posts=frame(n_p), comments=frame(n_c), start=start, end=end)


def load(scale, seed):
    try:
        import claws.synth  # noqa: F401
        import claws.data
        return claws.data.load("synthetic", scale=scale, seed=seed), "claws synthetic"
    except ImportError:
        return stand_in(scale, seed), "stand-in (claws.synth not installed)"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-boot", type=int, default=1000)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    corpus, source = load(a.scale, a.seed)
    t_load = time.perf_counter() - t0
    print(f"data: {source}, scale {a.scale}: {len(corpus.posts):,} posts, {len(corpus.comments):,} comments; "
          f"load {t_load:.1f} s")
    steps = {
        "gini_variants (bootstrap)": lambda: ineq.gini_variants(corpus, n_boot=a.n_boot, seed=a.seed),
        "lorenz_curves": lambda: ineq.lorenz_curves(corpus),
        "arrival (table, cohorts, regression)": lambda: (lambda t: (ineq.arrival_cohorts(t), ineq.arrival_regression(t)))(ineq.arrival_table(corpus)),
        "collection_gaps + hourly_activity": lambda: (tm.collection_gaps(corpus), tm.hourly_activity(corpus)),
        "lifespans (+ summary, ccdf)": lambda: (lambda s: (tm.lifespan_summary(s), tm.lifespan_ccdf(s)))(tm.lifespans(corpus)),
        "peak_hours_table + day_hour_counts": lambda: (tm.peak_hours_table(corpus), tm.day_hour_counts(corpus, "posts"),
                                                       tm.day_hour_counts(corpus, "comments")),
        "burstiness_table": lambda: tm.burstiness_table(corpus),
    }
    total = 0.0
    for name, f in tqdm(steps.items(), desc="analyses", file=sys.stderr):
        t = time.perf_counter(); f(); dt = time.perf_counter() - t
        total += dt
        print(f"  {name:40s} {dt:6.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"analyses total: {total:.1f} s (target < 60 s); peak RSS of the process: {peak:.0f} MiB")
    return total


if __name__ == "__main__":
    main()
