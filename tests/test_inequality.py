"""claws.inequality: Gini and top shares against hand-worked values and an independent O(n^2)
formula, the vectorised bootstrap against a plain loop, per-account totals on the real API sample
against a walk of the raw JSON, the Observatory (net score only) without crashing, the
early-arrival analysis on a planted exposure effect, and planted inequality in synthetic data."""
import json
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from claws import inequality as ineq

WINDOW = (pd.Timestamp("2026-01-28", tz="UTC"), pd.Timestamp("2026-02-09", tz="UTC"))


def gini_mean_abs_diff(x) -> float:
    "Independent Gini: sum_ij |xi - xj| / (2 n^2 mean), O(n^2)."
    x = np.asarray(x, float)
    if x.sum() == 0: return 0.0
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size ** 2 * x.mean()))


def test_gini_hand_worked():
    assert ineq.gini([0, 0, 1, 1]) == 0.5
    assert math.isclose(ineq.gini([1, 2, 3, 4]), 0.25)
    assert math.isclose(ineq.gini([0] * 99 + [1]), 0.99)        # one of 100 holds all: 1 - 1/n
    assert ineq.gini([0, 0]) == 0.0 and ineq.gini([7]) == 0.0
    with pytest.raises(ValueError): ineq.gini([-1, 2])


def test_gini_matches_mean_absolute_difference():
    rng = np.random.default_rng(3)
    for x in (rng.lognormal(0, 2, 500), rng.poisson(0.3, 400), rng.pareto(1.1, 300)):
        assert math.isclose(ineq.gini(x), gini_mean_abs_diff(x), rel_tol=1e-9)
    X = rng.poisson(2, size=(5, 50))
    assert np.allclose(ineq.gini_rows(X), [gini_mean_abs_diff(r) for r in X])


def test_top_shares_hand_worked():
    x = np.arange(1, 201)                               # 1..200, total 20100
    assert math.isclose(ineq.top_share(x, 0.01), (200 + 199) / 20100)           # top 2 of 200
    assert math.isclose(ineq.top_share(x, 0.10), sum(range(181, 201)) / 20100)  # top 20
    lc = ineq.lorenz_curve([1, 1, 2])
    assert np.allclose(lc.value_share, [0, 0.25, 0.5, 1])


def test_bootstrap_vectorised_equals_loop():
    rng = np.random.default_rng(0)
    x = rng.lognormal(0, 1.5, 300)
    fast = ineq.bootstrap_concentration(x, n_boot=200, seed=7)
    one_by_one = ineq.bootstrap_concentration(x, n_boot=200, seed=7, block=1)     # block size does not matter
    assert all(math.isclose(fast[k], one_by_one[k], rel_tol=1e-12) for k in fast)
    r = np.random.default_rng(7)
    g = [gini_mean_abs_diff(x[r.integers(0, x.size, size=(1, x.size))[0]]) for _ in range(200)]
    lo, hi = np.quantile(g, [0.025, 0.975])
    assert math.isclose(fast["gini_ci_low"], lo, rel_tol=1e-9) and math.isclose(fast["gini_ci_high"], hi, rel_tol=1e-9)
    assert fast["gini_ci_low"] < ineq.gini(x) < fast["gini_ci_high"]
    assert fast != ineq.bootstrap_concentration(x, n_boot=200, seed=8)


def walk_api_totals(folder):
    "Independent per-author totals of the API sample: posts, top-level comments, raw upvotes received on both."
    posts, comments, upv = {}, {}, {}
    unknown = [0, 0]
    for f in sorted(folder.rglob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        items = [("p", d["post"])] + [("c", c) for c in d["comments"]]   # top-level comments only
        for kind, it in items:
            t = pd.Timestamp(it["created_at"])
            if not (WINDOW[0] <= t < WINDOW[1]): continue
            if it["author"] is None:
                unknown[kind == "c"] += 1; continue
            a = it["author"]["name"]
            (posts if kind == "p" else comments)[a] = (posts if kind == "p" else comments).get(a, 0) + 1
            upv[a] = upv.get(a, 0) + it["upvotes"]
    return posts, comments, upv, unknown


@pytest.fixture(scope="module")
def api_corpus(api_sample):
    from claws import data as cd
    return cd.load(str(api_sample))


def test_api_sample_totals_and_ginis(api_sample, api_corpus):
    posts, comments, upv, unknown = walk_api_totals(api_sample)
    assert ineq.unknown_author_counts(api_corpus) == {"unknown_author_posts_excluded": unknown[0],
                                                      "unknown_author_comments_excluded": unknown[1]}
    authors = sorted(set(posts) | set(comments))
    t = ineq.account_totals(api_corpus)
    assert t.author.tolist() == authors
    assert t.set_index("author").upvotes.to_dict() == {a: float(upv.get(a, 0)) for a in authors}
    v = ineq.gini_variants(api_corpus, n_boot=100, seed=0).set_index("variant")
    assert math.isclose(v.loc["upvote_gini", "gini"], gini_mean_abs_diff([upv.get(a, 0) for a in authors]), rel_tol=1e-9)
    assert math.isclose(v.loc["posting_gini", "gini"], gini_mean_abs_diff(list(posts.values())), rel_tol=1e-9)
    assert v.loc["posting_gini", "n_accounts"] == len(posts)
    for name in ("posting_gini", "upvote_gini"):
        assert v.loc[name, "gini_ci_low"] <= v.loc[name, "gini"] <= v.loc[name, "gini_ci_high"]


def test_observatory_net_score_only(observatory_sample):
    from claws import data as cd
    c = cd.load(str(observatory_sample))
    v = ineq.gini_variants(c, n_boot=50, seed=0)
    h = ineq.gini_headlines(v)
    assert h["upvote_gini"] is None and h["upvote_top1pct_share"] is None
    assert h["posting_gini"] is not None and h["score_gini"] is not None and 0 < h["score_gini"] < 1
    assert v.set_index("variant").loc["upvote_gini", "note"] == "upvotes not available in this data"
    a = ineq.arrival_table(c)
    assert np.isnan(ineq.arrival_headlines(a, ineq.arrival_regression(a))["arrival_upvotes_spearman_raw"])


def planted_exposure_corpus(n=2000, rate=0.5, seed=0):
    "Accounts arriving uniformly over the window, one post each, upvotes ~ Poisson(rate * exposure hours): no head start beyond time."
    rng = np.random.default_rng(seed)
    hours = (WINDOW[1] - WINDOW[0]).total_seconds() / 3600
    arr = np.sort(rng.uniform(0, hours - 2, n))
    up = rng.poisson(rate * (hours - arr))
    posts = pd.DataFrame({"author": pd.array([f"a{i:05d}" for i in range(n)], dtype="string"),
                          "created_at": WINDOW[0] + pd.to_timedelta(arr, unit="h"),
                          "upvotes": pd.array(up, dtype="Int64"), "score": pd.array(up, dtype="Int64")})
    comments = posts.iloc[:0].copy()
    return SimpleNamespace(posts=posts, comments=comments, start=WINDOW[0], end=WINDOW[1])


def test_early_arrival_advantage_vanishes_after_exposure():
    c = planted_exposure_corpus()
    a = ineq.arrival_table(c)
    reg = ineq.arrival_regression(a)
    h = ineq.arrival_headlines(a, reg)
    assert h["arrival_upvotes_spearman_raw"] < -0.9            # planted: earlier -> more upvotes
    assert abs(h["arrival_upvotes_spearman_exposure"]) < 0.1   # but the same rate per hour
    assert h["arrival_upvotes_coef_raw"] < 0
    per_hour = reg[(reg.model == "per-hour") & (reg.term == "arrival_hours")].iloc[0]
    assert abs(per_hour.coef) < 3 * per_hour.se_hc1 + 1e-4
    co = ineq.arrival_cohorts(a)
    assert co.n_accounts.sum() == 2000 and co.upvotes_mean.is_monotonic_decreasing


@pytest.fixture(scope="module")
def synthetic():
    synth = pytest.importorskip("claws.synth")
    from claws import data as cd
    return cd.load("synthetic", scale=0.05, seed=0), synth.synthetic_truth(0.05, 0)


def test_synthetic_planted_inequality(synthetic):
    c, truth = synthetic
    v = ineq.gini_variants(c, n_boot=200, seed=0).set_index("variant")
    up, post = v.loc["upvote_gini"], v.loc["posting_gini"]
    # planted: a few viral posts take almost all upvotes, posting heavy-tailed (~0.6)
    assert up.gini > 0.9 and up.gini_ci_low > post.gini_ci_high
    assert 0.4 < post.gini < 0.8
    assert up.top10pct_share > 0.8
