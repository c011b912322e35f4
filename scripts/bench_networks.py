"""Benchmark: every network analysis of nbs/paper/02_networks.ipynb on the synthetic corpus at
scale 1.0 (paper size). Prints wall time per step, the total, and peak memory (RSS).
Target (issue 4): total < 2 minutes and < 4 GB on 2 CPU cores.

    .venv/bin/python scripts/bench_networks.py [--scale 1.0] [--seed 0] [--n-null 20] [--n-jobs -1]
"""
import argparse
import os
import resource
import time

import claws.data
from claws import graphs, networks


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-null", type=int, default=20)
    ap.add_argument("--n-jobs", type=int, default=-1, help="processes for null models and seed spreads (-1: all cores)")
    a = ap.parse_args()
    corpus = claws.data.load("synthetic", comments="top-level", scale=a.scale, seed=a.seed)
    corpus_all = claws.data.load("synthetic", comments="all", scale=a.scale, seed=a.seed)
    times, t_all = {}, time.perf_counter()

    def step(name, f):
        t = time.perf_counter(); r = f(); times[name] = time.perf_counter() - t
        print(f"{name:<28} {times[name]:7.1f} s", flush=True)
        return r

    step("reciprocity_table", lambda: networks.reciprocity_table(corpus_all.posts, corpus_all.comments, n_null=a.n_null, seed=a.seed, n_jobs=a.n_jobs))
    edges = step("comment_edges", lambda: graphs.comment_edges(graphs.comment_ties(corpus.posts, corpus.comments)))
    hits = step("hits_table", lambda: networks.hits_table(edges))
    step("hits_summary+tails", lambda: (networks.hits_summary(hits), networks.degree_tail_table(hits)))
    g = step("coparticipation_graph", lambda: graphs.coparticipation_graph(corpus.posts, corpus.comments))
    m = step("louvain", lambda: networks.louvain(g, a.seed))
    step("community_metrics+nmi", lambda: (networks.community_metrics(g, m), networks.community_table(g, m),
                                           networks.community_submolt_nmi(g, m, networks.main_submolt(corpus.posts, corpus.comments))))
    step("louvain_spread (10 seeds)", lambda: networks.louvain_spread(g, range(a.seed, a.seed + 10)))
    step("modularity_null", lambda: networks.modularity_null(graphs.participation(corpus.posts, corpus.comments),
                                                              n=a.n_null, seed=a.seed, louvain_seed=a.seed, n_jobs=a.n_jobs))
    total = time.perf_counter() - t_all
    main_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"scale={a.scale} accounts={g.vcount()} coparticipation_edges={g.ecount()} comment_edges={len(edges)} n_jobs={a.n_jobs}")
    print(f"TOTAL {total:.1f} s (target < 120 s)")
    if a.n_jobs == 1:
        print(f"peak RSS {main_gb:.2f} GB (one process; target < 4 GB)")
    else:  # joblib's loky workers are not reaped by the time we measure: their RSS is not in RUSAGE_CHILDREN
        print(f"peak RSS of the main process {main_gb:.2f} GB; worker memory is not measured here, "
              f"run with --n-jobs 1 for the exact single-process peak (target < 4 GB)")


if __name__ == "__main__":
    main()
