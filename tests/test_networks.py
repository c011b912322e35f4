"""Tests of claws.graphs and claws.networks: hand-worked graphs with exact answers, agreement of
igraph-based code with networkx, planted truth of the synthetic corpus, and the real API sample."""
import math

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

import claws.data
from claws import graphs, networks


def _thread():
    "Post p1 by bob: ann comments, bob replies to ann, cat replies to bob, bob comments on his own post, one unknown."
    posts = pd.DataFrame({"post_id": ["p1", "p2"], "author": pd.array(["bob", "ann"], dtype="string"),
                          "submolt": ["x", "y"]})
    comments = pd.DataFrame({
        "comment_id": ["c1", "c2", "c3", "c4", "c5", "c6"], "post_id": ["p1"] * 5 + ["p2"],
        "parent_id": pd.array([None, "c1", "c2", None, None, None], dtype="string"),
        "depth": [0, 1, 2, 0, 0, 0],
        "author": pd.array(["ann", "bob", "cat", "bob", None, "bob"], dtype="string")})
    return posts, comments


# --- hand-worked -------------------------------------------------------------------------------

def test_tie_fates_and_counts_by_hand():
    posts, comments = _thread()
    pa = graphs.comment_ties(posts, comments, "parent_author")
    assert pa["target"].tolist() == ["bob", "ann", "bob", "bob", "bob", "ann"]
    assert graphs.tie_counts(pa) == dict(n_comments=6, n_kept=4, n_unknown_source=1, n_unknown_target=0,
                                         n_self_tie=1, n_edges=3)
    po = graphs.tie_counts(graphs.comment_ties(posts, comments, "post_author"))
    assert (po["n_kept"], po["n_self_tie"], po["n_unknown_source"]) == (3, 2, 1)
    with pytest.raises(ValueError):
        graphs.comment_ties(posts, comments, "friend")


def test_reciprocity_by_hand_and_against_networkx_igraph():
    # a<->b, a->c, c->d, d->e: 2 of 5 edges reciprocated; 1 of 4 linked pairs mutual
    e = pd.DataFrame({"source": list("abacd"), "target": list("bacde")})
    r = networks.reciprocity(e)
    assert (r["reciprocity_edge"], r["reciprocity_dyad"]) == (0.4, 0.25)
    rng = np.random.default_rng(7)
    rand = pd.DataFrame({"source": rng.integers(0, 40, 300).astype(str), "target": rng.integers(0, 40, 300).astype(str)})
    rand = rand[rand.source != rand.target].drop_duplicates()
    r = networks.reciprocity(rand)
    assert math.isclose(r["reciprocity_edge"], nx.reciprocity(nx.DiGraph(list(zip(rand.source, rand.target)))))
    g = graphs.comment_igraph(rand)
    assert math.isclose(r["reciprocity_dyad"], g.reciprocity(mode="ratio"))


def test_reciprocity_table_scopes_by_hand():
    posts, comments = _thread()
    t = networks.reciprocity_table(posts, comments, n_null=3).set_index(["tie", "scope"])
    # top-level: ann->bob and bob->ann, reciprocated; both ties identical there
    assert t.loc[("post_author", "top-level"), "reciprocity_edge"] == 1.0
    assert t.loc[("parent_author", "top-level"), "n_edges"] == t.loc[("post_author", "top-level"), "n_edges"] == 2
    # all, post_author: ann->bob, cat->bob, bob->ann
    assert math.isclose(t.loc[("post_author", "all"), "reciprocity_edge"], 2 / 3)
    assert t.loc[("post_author", "all"), "reciprocity_dyad"] == 0.5


def test_community_metrics_two_triangles_by_hand():
    g = ig.Graph(n=6, edges=[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    g.es["weight"] = [2.0] * 6 + [1.0]
    m = networks.louvain(g, seed=0)
    assert m.tolist() == [0, 0, 0, 1, 1, 1]
    cm = networks.community_metrics(g, m)
    # volume of each side 2*(3*2) + 1 = 13, cut 1
    assert cm["n_communities"] == 2 and cm["between_community_edges"] == 1
    assert math.isclose(cm["cut_ratio"], 1 / 7) and math.isclose(cm["mean_conductance"], 1 / 13)
    # Q = sum_c [w_in/W - (vol_c/2W)^2], W = 13: 2 * (6/13 - (13/26)^2)
    assert math.isclose(cm["modularity"], 2 * (6 / 13 - 0.25))


def test_coparticipation_weights_by_hand():
    posts, comments = _thread()
    g = graphs.coparticipation_graph(posts, comments)
    w = {tuple(sorted((g.vs[e.source]["name"], g.vs[e.target]["name"]))): e["weight"] for e in g.es}
    assert w == {("ann", "bob"): 2, ("ann", "cat"): 1, ("bob", "cat"): 1}


def test_tail_exponent_recovers_planted_alpha():
    z = np.random.default_rng(1).zipf(2.2, 50_000)
    te = networks.tail_exponent(z, kmin=10)
    assert abs(te["alpha"] - 2.2) < 3 * te["alpha_se"] + 0.02


# --- igraph agrees with networkx ---------------------------------------------------------------

def test_louvain_igraph_agrees_with_networkx():
    G = nx.ring_of_cliques(6, 7)
    g = ig.Graph(n=G.number_of_nodes(), edges=list(G.edges()))
    g.es["weight"] = [1.0] * g.ecount()
    ours = networks.louvain(g, seed=0)
    theirs = nx.community.louvain_communities(G, weight="weight", seed=0)
    assert sorted(map(sorted, theirs)) == sorted(sorted(np.flatnonzero(ours == c).tolist()) for c in range(ours.max() + 1))
    assert math.isclose(g.modularity(ours.tolist()), nx.community.modularity(G, theirs), rel_tol=1e-9)
    # on a graph without a clear answer (weighted karate club) single runs land on different local
    # optima (0.418-0.445), so compare the best and the median of 10 seeds: same best (the known
    # optimum 0.4449), medians within 2%
    K = nx.karate_club_graph()
    gk = ig.Graph(n=34, edges=list(K.edges())); gk.es["weight"] = [K[u][v]["weight"] for u, v in K.edges()]
    qi = [gk.modularity(networks.louvain(gk, seed=s).tolist(), weights="weight") for s in range(10)]
    qn = [nx.community.modularity(K, nx.community.louvain_communities(K, weight="weight", seed=s), weight="weight")
          for s in range(10)]
    assert math.isclose(max(qi), max(qn), rel_tol=1e-9)
    assert abs(np.median(qi) - np.median(qn)) < 0.02 * np.median(qn)


def test_hits_and_conductance_agree_with_networkx():
    rng = np.random.default_rng(3)
    t = pd.DataFrame({"source": rng.integers(0, 30, 200).astype(str), "target": rng.integers(0, 30, 200).astype(str)})
    t["fate"] = np.where(t.source == t.target, "self_tie", "kept")
    e = graphs.comment_edges(t)
    h = networks.hits_table(e).set_index("account")
    hub, auth = nx.hits(graphs.comment_digraph(e), max_iter=10_000, tol=1e-12)
    assert np.allclose(h["hub"], pd.Series(hub)[h.index], atol=1e-8)
    assert np.allclose(h["authority"], pd.Series(auth)[h.index], atol=1e-8)
    g = graphs.coparticipation_graph(
        pd.DataFrame({"post_id": [f"p{i}" for i in range(20)], "author": [f"a{i % 7}" for i in range(20)]}),
        pd.DataFrame({"post_id": [f"p{i}" for i in rng.integers(0, 20, 80)], "author": [f"a{i}" for i in rng.integers(0, 25, 80)]}))
    m = networks.louvain(g)
    G = nx.Graph(); G.add_weighted_edges_from((e.source, e.target, e["weight"]) for e in g.es)
    tab = networks.community_table(g, m)
    for c in tab["community"]:
        S = set(np.flatnonzero(m == c).tolist())
        assert math.isclose(tab.loc[c, "conductance"], nx.algorithms.cuts.conductance(G, S, weight="weight"))


def test_vectorised_swaps_match_igraph_rewire_null():
    rng = np.random.default_rng(11)
    e = pd.DataFrame({"source": (rng.zipf(2.0, 4000) % 400).astype(str), "target": rng.integers(0, 400, 4000).astype(str)})
    e = e[e.source != e.target].drop_duplicates()
    ours = networks.reciprocity_null(e, n=20, seed=0)["reciprocity_edge"]
    g, theirs = graphs.comment_igraph(e), []
    with networks.igraph_seed(0):
        for _ in range(20):
            h = g.copy(); h.rewire(n=10 * h.ecount()); theirs.append(h.reciprocity())
    se = math.sqrt(ours.var() / 20 + np.var(theirs, ddof=1) / 20)
    assert abs(ours.mean() - np.mean(theirs)) < 3 * se + 1e-4


# --- planted truth of the synthetic corpus -------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic():
    from claws.synth import synthetic_truth
    corpus = claws.data.load("synthetic", scale=0.05, seed=0)
    truth = pd.read_csv(synthetic_truth(0.05, 0) / "accounts.csv").set_index("name")
    return corpus, truth


def test_planted_communities_recovered(synthetic):
    """Louvain on the co-participation graph recovers the 12 planted communities: NMI >= 0.5.
    Justification: 90% of comments are planted inside the commenter's community, but 30% of
    posts sit in the shared 'general' submolt and 40% of hubs comment once, so perfect recovery
    is not expected; a random labelling of the same sizes gives NMI ~0.03, and the observed value
    is ~0.68 at seed 0 (~0.62 at seed 1): 0.5 leaves margin and is >15x chance."""
    corpus, truth = synthetic
    g = graphs.coparticipation_graph(corpus.posts, corpus.comments)
    m = networks.louvain(g, seed=0)
    planted = truth["community"].reindex(g.vs["name"])
    assert planted.notna().all()
    nmi = normalized_mutual_info_score(planted, m)
    chance = normalized_mutual_info_score(np.random.default_rng(0).permutation(planted.to_numpy()), m)
    assert nmi >= 0.5 and chance < 0.1, (nmi, chance)
    # and the null model says so too
    part = graphs.participation(corpus.posts, corpus.comments)
    null = networks.modularity_null(part, n=20, seed=0)
    s = networks.null_summary(networks.community_metrics(g, m)["modularity"], null["modularity"])
    assert s["z"] > 3


def test_planted_roles_recovered(synthetic):
    """Planted 'hub' accounts only comment, so they have no authority: >= 95% must be
    hub-dominant (misses can only be accounts HITS's principal eigenvector does not reach;
    observed 99.6%). Planted 'authority' accounts post and only answer: >= 90% must be
    authority-dominant (observed 100%). The top-1% hubs and authorities must not overlap much."""
    corpus, truth = synthetic
    hits = networks.hits_table(graphs.comment_edges(graphs.comment_ties(corpus.posts, corpus.comments)))
    role = truth["role"].reindex(hits["account"]).to_numpy()
    assert (hits["role"][role == "hub"] == "hub").mean() >= 0.95
    assert (hits["role"][role == "authority"] == "authority").mean() >= 0.9
    s = networks.hits_summary(hits)
    assert s["hits_top1pct_jaccard"] <= 0.2 and s["hits_spearman"] < 0


def test_planted_return_visits_lift_reciprocity_above_chance(synthetic):
    """The generator plants return visits (an author comments back on a commenter's post), so
    observed post_author reciprocity must exceed its degree-preserving null (z > 3)."""
    corpus, _ = synthetic
    e = graphs.comment_edges(graphs.comment_ties(corpus.posts, corpus.comments))
    s = networks.null_summary(networks.reciprocity(e)["reciprocity_edge"], networks.reciprocity_null(e, n=20)["reciprocity_edge"])
    assert s["z"] > 3


def test_reciprocity_table_is_deterministic(synthetic):
    corpus, _ = synthetic
    a = networks.reciprocity_table(corpus.posts, corpus.comments, n_null=5, seed=1)
    b = networks.reciprocity_table(corpus.posts, corpus.comments, n_null=5, seed=1)
    pd.testing.assert_frame_equal(a, b)


# --- real API sample ---------------------------------------------------------------------------

def test_api_sample_ties_account_for_every_comment(api_sample):
    corpus = claws.data.load(str(api_sample), comments="all")
    for tie in graphs.TIES:
        c = graphs.tie_counts(graphs.comment_ties(corpus.posts, corpus.comments, tie))
        assert c["n_kept"] + c["n_unknown_source"] + c["n_unknown_target"] + c["n_self_tie"] == c["n_comments"] == len(corpus.comments)
        assert c["n_unknown_source"] == int(corpus.comments["author"].isna().sum())
        assert c["n_unknown_source"] >= 11_000   # the 11 posts at the 1,000-comment cap
