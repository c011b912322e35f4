"""claws.temporal: lifespans, peak hours, burstiness and gaps on hand-worked timestamps and
planted processes; the real API sample against a walk of the raw JSON; the Observatory without
crashing; the planted diurnal peak and comment gap of the synthetic data recovered."""
import json
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from claws import temporal as tm

T0 = pd.Timestamp("2026-01-28", tz="UTC")
T1 = pd.Timestamp("2026-02-09", tz="UTC")


def corpus_of(post_events, comment_events, start=T0, end=T1):
    "A corpus from (author, minutes after T0) pairs; author None = unknown."
    def frame(ev):
        return pd.DataFrame({"author": pd.array([a for a, _ in ev], dtype="string"),
                             "created_at": (T0 + pd.to_timedelta(np.array([m for _, m in ev], dtype=float), unit="min")).astype("datetime64[us, UTC]")})
    return SimpleNamespace(posts=frame(post_events), comments=frame(comment_events), start=start, end=end)


def test_lifespans_hand_worked():
    c = corpus_of([("a", 0), ("b", 10), ("c", 100)], [("a", 2.5), ("a", 1), ("b", 10), (None, 500), ("d", 7)])
    s = tm.lifespans(c).set_index("author")
    assert s.lifespan_min.to_dict() == {"a": 2.5, "b": 0.0, "c": 0.0, "d": 0.0}
    assert s.n_actions.to_dict() == {"a": 3, "b": 2, "c": 1, "d": 1}
    summ = tm.lifespan_summary(s.reset_index())
    assert summ["median_lifespan_min"] == 0.0                  # lifespans 0, 0, 0, 2.5
    assert summ["median_lifespan_min_multi"] == 1.25           # a (2.5) and b (0)
    assert summ["single_action_share"] == 0.5


def test_peak_hours_planted():
    rng = np.random.default_rng(1)
    weights = np.ones(24); peak = [2, 3, 9, 10, 11, 20]; weights[peak] = 6
    hours = rng.choice(24, size=5000, p=weights / weights.sum())
    minutes = rng.integers(0, 12, 5000) * 1440 + hours * 60 + rng.uniform(0, 60, 5000)
    c = corpus_of([("x", m) for m in minutes], [])
    h = tm.peak_headlines(tm.peak_hours_table(c))
    assert h["peak6_hours"] == "2,3,9,10,11,20"
    assert abs(h["peak6_post_share"] - 36 / 54) < 0.03       # planted share: 6*6 / (18 + 36)
    assert h["peak6_contiguous_start_hour"] in (6, 7, 8, 9)   # the window holding 9, 10, 11
    counts = np.bincount(hours, minlength=24)
    assert h["peak6_post_share"] == counts[peak].sum() / 5000


def test_burstiness_known_processes():
    regular = T0 + pd.to_timedelta(np.arange(100) * 60, unit="s")
    assert tm.burstiness(regular) == -1.0
    rng = np.random.default_rng(2)
    poisson = T0 + pd.to_timedelta(np.cumsum(rng.exponential(30, 50000)), unit="s")
    assert abs(tm.burstiness(poisson)) < 0.01
    gaps = np.concatenate([np.full(90, 1.0), np.full(10, 1000.0)])  # bursts of 1 s, rare 1000 s pauses
    bursty = T0 + pd.to_timedelta(np.cumsum(np.r_[0, gaps]), unit="s")
    B = (gaps.std() - gaps.mean()) / (gaps.std() + gaps.mean())
    assert math.isclose(tm.burstiness(bursty), B) and B > 0.4


def test_gaps_planted():
    rng = np.random.default_rng(3)
    m = np.sort(rng.uniform(0, 12 * 1440, 20000))
    lo, hi = 3.5 * 1440, 5.25 * 1440                       # 42 h without comments
    m = m[(m < lo) | (m >= hi)]
    c = corpus_of([("p", 0), ("p", 12 * 1440 - 1)], [("x", v) for v in m])
    g = tm.collection_gaps(c, min_gap_hours=6)
    gc = g[(g.stream == "comments") & (g.position == "interior")]
    assert len(gc) == 1
    start, end = pd.Timestamp(gc.start.iloc[0]), pd.Timestamp(gc.end.iloc[0])
    assert T0 + pd.Timedelta(minutes=lo - 10) < start <= T0 + pd.Timedelta(minutes=lo)
    assert T0 + pd.Timedelta(minutes=hi) <= end < T0 + pd.Timedelta(minutes=hi + 10)
    h = tm.gap_headlines(g)
    assert h["n_comment_gaps"] == 1 and 42 <= h["comment_gap_hours_total"] < 42.4
    assert h["n_post_gaps"] == 1 and h["post_gap_hours_total"] > 280   # two posts, 12 days apart


def walk_api_events(folder):
    "Independent walk of the API sample: post times, and per known author all times of posts and top-level comments."
    post_times, by_author = [], {}
    for f in sorted(folder.rglob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        post_times.append(pd.Timestamp(d["post"]["created_at"]))
        for it in [d["post"]] + d["comments"]:
            if it["author"] is not None:
                by_author.setdefault(it["author"]["name"], []).append(pd.Timestamp(it["created_at"]))
    return post_times, by_author


def test_api_sample_against_raw_json(api_sample):
    from claws import data as cd
    c = cd.load(str(api_sample))
    post_times, by_author = walk_api_events(api_sample)
    counts = np.bincount([t.hour for t in post_times], minlength=24)
    top6 = sorted(sorted(range(24), key=lambda h: (-counts[h], h))[:6])
    h = tm.peak_headlines(tm.peak_hours_table(c))
    assert h["peak6_hours"] == ",".join(map(str, top6)) and h["peak6_post_share"] == counts[top6].sum() / len(post_times)
    spans = {a: (max(ts) - min(ts)).total_seconds() / 60 for a, ts in by_author.items()}
    s = tm.lifespan_summary(tm.lifespans(c))
    assert math.isclose(s["median_lifespan_min"], float(np.median(list(spans.values()))), rel_tol=1e-9)
    assert s["single_action_share"] == np.mean([len(ts) == 1 for ts in by_author.values()])


def test_observatory_runs(observatory_sample):
    from claws import data as cd
    c = cd.load(str(observatory_sample))
    assert tm.peak_headlines(tm.peak_hours_table(c))["peak6_post_share"] > 0.25
    assert tm.lifespan_summary(tm.lifespans(c))["n_lifespan_accounts"] > 0
    assert set(tm.collection_gaps(c).stream) <= {"posts", "comments"}
    assert np.isfinite(tm.burstiness_headlines(tm.burstiness_table(c))["burstiness_posts"])


@pytest.fixture(scope="module")
def synthetic():
    synth = pytest.importorskip("claws.synth")
    from claws import data as cd
    truth = synth.synthetic_truth(0.05, 0)
    return cd.load("synthetic", scale=0.05, seed=0), json.loads((truth / "params.json").read_text())


def _find(params, *names):
    "The first value in the (possibly nested) params dict under any of `names`."
    stack = [params]
    while stack:
        d = stack.pop()
        for k, v in d.items():
            if k in names: return v
            if isinstance(v, dict): stack.append(v)
    raise KeyError(names)


def test_synthetic_planted_diurnal_peak(synthetic):
    c, params = synthetic
    h = tm.peak_headlines(tm.peak_hours_table(c))
    peak = _find(params, "peak_hour_utc")
    start = h["peak6_contiguous_start_hour"]
    window = [(start + j) % 24 for j in range(6)]
    assert int(peak) % 24 in window                          # the busiest contiguous 6 h hold the planted peak
    assert 0.4 < h["peak6_post_share"] < 0.7                 # planted design: roughly 50-60%


def test_synthetic_planted_comment_gap(synthetic):
    c, params = synthetic
    lo, hi = (pd.Timestamp(_find(params, k)) for k in ("gap_start", "gap_end"))
    g = tm.collection_gaps(c, min_gap_hours=6)
    gc = g[(g.stream == "comments") & (g.position == "interior")]
    found = [(pd.Timestamp(r.start), pd.Timestamp(r.end)) for r in gc.itertuples()]
    assert any(s <= lo and hi <= e and (e - s) - (hi - lo) < pd.Timedelta(hours=2) for s, e in found), found
