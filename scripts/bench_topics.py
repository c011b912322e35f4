"""Benchmark of embedding + topics at paper scale (synthetic scale 1.0, ~20k posts), cold and warm.

Cold: a fresh, empty CLAWS_CACHE (so the static model is distilled and every post embedded);
warm: the same cache again (nothing embedded). Each run is a fresh process; prints wall time of
the topic steps and peak memory (max RSS). Targets (issue 6): cold < 3 min, warm < 20 s.

    .venv/bin/python scripts/bench_topics.py [--scale 1.0] [--model default] [--full]

`--full` also times templates, the LDA/NMF baselines and the quality table (what the paper
notebook does besides the encoder-agreement check). The corpus itself is generated and loaded
before timing starts (it is the data layer's cost, cached separately).

    .venv/bin/python scripts/bench_topics.py --agreement [--k 0 8 16]

measures instead, on the real samples (../shared/data: all posts of both samples plus a
fixed-seed sample of 4,000 comments, the texts the encoder choice was made on), the encoding
speed of each encoder (texts/s, in the normal cache: a second call is a cache hit and is not
re-timed) and how far the topics of the static, bf16 and bf16-128 encoders agree with fp32 MiniLM topics
(ARI, NMI) at each k (0 = silhouette choice of the fp32 fit), with each model's NPMI.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

CHILD = r"""
import json, os, resource, sys, time
scale, model, full = float(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
from claws import data, topics, embed
corpus = data.load("synthetic", scale=scale, seed=0)           # data layer: not timed
t0 = time.perf_counter()
tm = topics.embedding_topics(corpus.posts, model=model, seed=0, progress=False)
t1 = time.perf_counter()
res = dict(posts=len(corpus.posts), n_topics=tm.n_topics, embedded=embed.embed_texts.last_embedded,
           topics_s=round(t1 - t0, 2))
if full:
    g = topics.template_groups(tm.texts)
    t2 = time.perf_counter()
    q = topics.quality_table(tm, topics.baseline_topics(tm.vectorizer, tm.counts, tm.n_topics, seed=0))
    t3 = time.perf_counter()
    res.update(templates_s=round(t2 - t1, 2), quality_s=round(t3 - t2, 2), full_s=round(t3 - t0, 2),
               template_share=round(topics.template_share(g), 4), topic_npmi=round(float(q.npmi_mean[0]), 4))
res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(res))
"""


def run(cache: str, scale: float, model: str, full: bool) -> dict:
    "One measured run in a fresh process with CLAWS_CACHE=`cache`."
    env = dict(os.environ, CLAWS_CACHE=cache)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(scale), model, "1" if full else "0"],
                         env=env, capture_output=True, text=True, check=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["process_s"] = round(time.perf_counter() - t, 2)
    return res


def real_texts(n_comments: int = 4000, seed: int = 0):
    "Texts of the real samples: every post (title + content) and a fixed-seed sample of comments."
    import pandas as pd
    from pathlib import Path
    from claws import data, embed
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    cs = [data.load(shared / n, comments="all") for n in ("moltbook-api-sample", "observatory-sample")]
    posts = pd.concat([embed.post_texts(c.posts) for c in cs])
    com = pd.concat([embed.comment_texts(c.comments) for c in cs]).sample(n=n_comments, random_state=seed)
    return [t for t in list(posts) + list(com) if t]


def agreement(ks):
    "Encoder speed and topic agreement with fp32 MiniLM on the real samples' texts."
    import numpy as np
    import pandas as pd
    from claws import embed, topics
    texts = real_texts()
    print(f"{len(texts)} real texts, median {np.median([len(t.split()) for t in texts]):.0f} words")
    cheap = ("minilm-static", "minilm-bf16", "minilm-bf16-128")
    for m in (*cheap, "minilm"):
        t = time.perf_counter(); embed.embed_texts(texts, model=m, progress=True); dt = time.perf_counter() - t
        n = embed.embed_texts.last_embedded
        print(f"{m}: embedded {n} texts in {dt:.1f}s" + (f" = {n / dt:.0f} texts/s" if n else " (cache hit)"))
    a = embed.embed_texts(texts, model="minilm", progress=False)
    for m in cheap[1:]:
        b = embed.embed_texts(texts, model=m, progress=False)
        print(f"mean cosine {m} vs fp32 minilm: {embed.mean_rowwise_cosine(a, b):.5f}, min {float(((a * b).sum(1)).min()):.5f}")
    posts = pd.DataFrame(dict(post_id=[f"t{i:05d}" for i in range(len(texts))], title="", content=texts))
    rows = []
    for k in ks:
        if not k:
            k = topics.embedding_topics(posts, model="minilm", seed=0, progress=False).n_topics
        tab = topics.encoder_agreement(posts, models=cheap, reference="minilm", k=k,
                                       seed=0, max_posts=len(posts), progress=False)
        rows.append(tab)
    print(pd.concat(rows).to_string(index=False))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--model", default="default")
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--agreement", action="store_true")
    ap.add_argument("--k", type=int, nargs="*", default=[0, 8, 16])
    a = ap.parse_args()
    if a.agreement:
        return agreement(a.k)
    from claws import data
    data.load("synthetic", scale=a.scale, seed=0)   # generate + cache the corpus in the normal cache first
    from claws import core
    with tempfile.TemporaryDirectory() as tmp:
        # cold: empty embeddings and models caches; the synthetic dump and the corpus cache are
        # linked from the normal cache (data layer, not part of this benchmark)
        for sub in ("synth", "corpus"):
            os.symlink(core.cache_dir(sub), os.path.join(tmp, sub))
        cold = run(tmp, a.scale, a.model, a.full)
        warm = run(tmp, a.scale, a.model, a.full)
    print(f"scale {a.scale} model {a.model}: {cold['posts']} posts")
    print("cold:", json.dumps(cold))
    print("warm:", json.dumps(warm))


if __name__ == "__main__":
    main()
