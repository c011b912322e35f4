"""claws.topics on planted truth (claws.synth), hand-worked metrics, and the real API sample."""
import itertools
import json
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from claws import data, embed, synth, topics

SCALE, SEED = 0.05, 0


@pytest.fixture(scope="module")
def synthetic():
    "The default synthetic corpus, its planted post truth (aligned to topic order) and fitted topics."
    corpus = data.load("synthetic", scale=SCALE, seed=SEED)
    truth = pd.read_csv(synth.synthetic_truth(SCALE, SEED) / "posts.csv").set_index("post_id")
    tm = topics.embedding_topics(corpus.posts, seed=SEED, progress=False)
    return corpus, truth.loc[tm.post_ids], tm


def best_merged_ari(y) -> float:
    "Highest ARI to `y` of any partition that merges two of its classes into one."
    y = np.asarray(y)
    return max(adjusted_rand_score(y, np.where(y == b, a, y)) for a, b in itertools.combinations(sorted(set(y)), 2))


def test_planted_topics_recovered(synthetic):
    _, truth, tm = synthetic
    y = truth["topic"].values
    # Threshold from the planted truth itself: the recovered topics must agree with the planted
    # ones better than ANY partition that is perfect except for merging two planted topics,
    # i.e. every planted topic must be found as (at least) its own cluster.
    a = adjusted_rand_score(y, tm.labels)
    assert a > best_merged_ari(y), (a, best_merged_ari(y))
    assert normalized_mutual_info_score(y, tm.labels) > 0.9
    # k chosen by silhouette lies within one of the planted number of topics
    assert abs(tm.n_topics - len(set(y))) <= 1


def test_topic_table_consistent(synthetic):
    corpus, _, tm = synthetic
    t = tm.table
    assert t.n_posts.sum() == len(corpus.posts) and np.isclose(t.share.sum(), 1)
    assert (t.n_posts.diff().dropna() <= 0).all()          # topic 0 is the largest
    assert t.keywords.str.len().gt(0).all() and t.npmi.between(-1, 1).all()
    by_day = topics.topic_share_by_day(corpus.posts, tm)
    assert np.allclose(by_day.groupby("day").share.sum(), 1)
    assert by_day.n_posts.sum() == len(corpus.posts)


def test_mint_topic_keywords(synthetic):
    "The planted token-minting topic is the cluster whose keywords carry the mint payload words."
    _, truth, tm = synthetic
    mint_topic = pd.Series(tm.labels[truth["topic"].values == "token_minting"]).mode()[0]
    assert "mint" in tm.words[mint_topic][:5]


def test_planted_templates_found(synthetic):
    _, truth, tm = synthetic
    groups = topics.template_groups(tm.texts, seed=SEED)
    planted = truth["template_group"].fillna("").values
    family = np.array([g.split("-")[0] if g else "" for g in planted])
    found = groups >= 0
    # copied payloads and promotions differ only by small edits, so most must be found; the bar
    # is 0.75, not ~1, because a mint post is only ~10 word 5-shingles and its planted variations
    # (title form, prefix, suffix) can change half of them, below the Jaccard threshold of 0.6
    for fam in ("mint", "promo"):
        assert found[family == fam].mean() >= 0.75, (fam, found[family == fam].mean())
    # independently composed posts are rarely flagged
    assert found[family == ""].mean() <= 0.03
    # detected groups do not mix planted template families
    for g in set(groups[found]):
        fams = set(family[groups == g]) - {""}
        assert len(fams) <= 1, fams
    assert topics.template_share(groups) == pytest.approx(found.mean())


def test_mint_share_matches_planted(synthetic):
    _, truth, tm = synthetic
    planted = truth["template_group"].fillna("").str.startswith("mint-").values
    assert topics.mint_payload_share(tm.texts) == pytest.approx(planted.mean())


def test_deterministic(synthetic):
    corpus, _, tm = synthetic
    again = topics.embedding_topics(corpus.posts, seed=SEED, k=tm.n_topics, progress=False)
    assert np.array_equal(again.labels, tm.labels)
    pd.testing.assert_frame_equal(again.table, tm.table)


def test_hdbscan_alternative(synthetic):
    corpus, truth, _ = synthetic
    h = topics.embedding_topics(corpus.posts, method="hdbscan", seed=SEED, progress=False)
    keep = h.labels >= 0
    assert keep.mean() > 0.5
    assert normalized_mutual_info_score(truth["topic"].values[keep], h.labels[keep]) > 0.7


def test_quality_table_and_intrusion(synthetic):
    _, _, tm = synthetic
    base = topics.baseline_topics(tm.vectorizer, tm.counts, tm.n_topics, seed=SEED)
    q = topics.quality_table(tm, base)
    assert list(q.model[1:]) == ["lda", "nmf"] and (q.n_topics == tm.n_topics).all()
    assert q.npmi_mean.between(-1, 1).all() and q.diversity.between(0, 1).all()
    wi = topics.word_intrusion_tasks({"embedding": tm.words, **base}, seed=SEED)
    words = wi[[f"word_{i}" for i in range(1, 7)]]
    assert all(r.intruder in set(words.loc[i]) for i, r in wi.iterrows())
    for _, r in wi.iterrows():
        own = {"embedding": tm.words, **base}[r.model][r.topic]
        assert r.intruder not in own[:50]


def test_npmi_hand_worked():
    cv, C = topics.topic_vocabulary(["aaa bbb", "aaa bbb", "ccc", "aaa ccc", "bbb ddd"], min_df=1, max_df=1.0)
    # p(aaa)=3/5, p(bbb)=3/5, p(aaa,bbb)=2/5 -> log((2/5)/(9/25)) / -log(2/5)
    expect = np.log((2 / 5) / (9 / 25)) / -np.log(2 / 5)
    got = topics.npmi_topics([["aaa", "bbb"], ["ccc", "ddd"]], cv, C)
    assert got[0] == pytest.approx(expect) and got[1] == -1
    assert topics.topic_diversity([["a", "b", "c"], ["a", "d", "e"]], top_k=3) == pytest.approx(5 / 6)


def test_ctfidf_hand_worked():
    cv, C = topics.topic_vocabulary(["aaa aaa bbb", "ccc"], min_df=1, max_df=1.0)
    w = topics.ctfidf(C, [0, 1])
    # tf: topic0 aaa=2 bbb=1, topic1 ccc=1; A = 4/2 = 2; idf = log(1 + 2/f)
    v = list(cv.get_feature_names_out())
    assert w[0, v.index("aaa")] == pytest.approx(2 / 3 * np.log(1 + 2 / 2))
    assert w[0, v.index("bbb")] == pytest.approx(1 / 3 * np.log(1 + 2 / 1))
    assert w[1, v.index("aaa")] == 0


def _independent_mint(text: str) -> bool:
    "Mint payload by parsing every brace object as JSON (the library uses a regex)."
    for s in re.findall(r"\{[^{}]*\}", text):
        try: obj = json.loads(s)
        except ValueError: continue
        if isinstance(obj, dict) and str(obj.get("op", "")).lower() == "mint": return True
    return False


def test_real_api_sample(api_sample):
    corpus = data.load(api_sample, comments="all")
    texts = list(embed.comment_texts(corpus.comments))
    flags = [topics.is_mint_payload(t) for t in texts]
    assert sum(flags) > 0
    assert flags == [_independent_mint(t) for t in texts]
    tm = topics.embedding_topics(corpus.posts, seed=SEED, progress=False)
    assert tm.n_topics >= 2 and tm.table.n_posts.sum() == len(corpus.posts)
    g = topics.template_groups(tm.texts)
    assert 0 <= topics.template_share(g) < 0.5
