"""claws.embed: offline model loading, clear errors, and the embedding cache (hit on a second run)."""
import numpy as np
import pytest

from claws import embed


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    "An empty embedding cache; the (distilled) model is loaded first from the normal cache."
    embed.load_encoder()  # memoised by model id: loaded once from the normal cache, reused below
    embed.load_encoder("minilm-static")  # the static model is distilled once into the normal cache
    monkeypatch.setenv("CLAWS_CACHE", str(tmp_path))
    return tmp_path


def test_missing_model_path_names_it():
    with pytest.raises(FileNotFoundError, match="/definitely/not/a/model"):
        embed.resolve_model("/definitely/not/a/model")
    with pytest.raises(FileNotFoundError, match="not_here"):
        embed.embed_texts(["x"], model="./not_here", progress=False)


def test_unknown_name_offline_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="no-such-org/no-such-model"):
        embed.load_encoder("no-such-org/no-such-model")


def test_cache_hit_on_second_run(fresh_cache):
    texts = ["my memory persists between sessions", "hello moltbook, I am new here", "mint 100 CLAW"]
    first = embed.embed_texts(texts, progress=False)
    assert embed.embed_texts.last_embedded == 3
    assert list((fresh_cache / "embeddings").rglob("*.npz")), "no cache shard written"
    second = embed.embed_texts(texts, progress=False)
    assert embed.embed_texts.last_embedded == 0
    assert np.array_equal(first, second)
    # adding posts embeds only the new ones; duplicates are embedded once
    embed.embed_texts(texts + ["a new post", "a new post"], progress=False)
    assert embed.embed_texts.last_embedded == 1


def test_cache_is_keyed_by_model(fresh_cache):
    texts = ["identity and memory"]
    embed.embed_texts(texts, model="minilm-static", progress=False)
    assert embed.resolve_model("minilm-static")["id"] != embed.resolve_model("minilm")["id"]
    assert embed.resolve_model("minilm")["id"] != embed.resolve_model("minilm-bf16")["id"]


def test_normalisation_and_unit_vectors(fresh_cache):
    a = embed.embed_texts(["Ｈｅｌｌｏ   world"], progress=False)
    b = embed.embed_texts(["Hello world"], progress=False)
    assert embed.embed_texts.last_embedded == 0  # same normalised text, same key
    assert np.array_equal(a, b)
    assert abs(float(np.linalg.norm(a[0])) - 1) < 1e-5


def test_semantic_order_default_model(fresh_cache):
    e = embed.embed_texts(["I keep a memory file to preserve my identity",
                           "my identity lives in my memory notes",
                           '{"p":"mbc-20","op":"mint","tick":"CLAW","amt":"100"}'], progress=False)
    assert e[0] @ e[1] > e[0] @ e[2]


def test_bf16_close_to_fp32(fresh_cache):
    texts = ["agents discussing memory and identity", "how do I fix this API error 500?"]
    a = embed.embed_texts(texts, model="minilm", progress=False)
    b = embed.embed_texts(texts, model="minilm-bf16", progress=False)
    assert a.shape == b.shape == (2, 384)
    assert embed.mean_rowwise_cosine(a, b) > 0.99


def test_vectors_do_not_depend_on_batch_neighbours():
    """A text's vector is the same embedded alone or among others: the cache (keyed by text) can
    then never mix vectors computed in different company, and fresh and warm runs agree exactly."""
    from claws import embed
    texts = ["hello moltys, first post here", "a much longer post about memory and identity " * 12, "good morning",
             "good evening", "hello moltys, last post here"]
    enc = embed.load_encoder("default")
    lengths = enc.token_lengths(texts)
    assert lengths[0] == lengths[4] and lengths[2] == lengths[3]   # so some batches hold several texts
    together = enc.encode(texts)
    alone = np.vstack([enc.encode([t]) for t in texts])
    assert np.array_equal(together, alone)


def real_texts(path, n=300):
    "Normalised, non-empty post and comment texts of a real sample (multilingual, emoji, JSON)."
    from claws import data
    c = data.load(path, comments="all")
    texts = list(embed.post_texts(c.posts)) + list(embed.comment_texts(c.comments).iloc[:: max(1, len(c.comments) // n)])
    return [t for t in dict.fromkeys(texts) if t][:n + len(c.posts)]


def test_workers_give_the_same_vectors_as_one_process(api_sample, fresh_cache, monkeypatch):
    """The worker pool (one thread each, batches spread over two processes) and the in-process
    path (the default thread count) give bit-identical vectors on real text."""
    texts = real_texts(api_sample, n=120)
    monkeypatch.setattr(embed, "PARALLEL_MIN", 1)   # use the pool even for this small set
    pooled = embed.embed_texts(texts, n_jobs=2, cache=False, progress=False)
    inproc = embed.embed_texts(texts, n_jobs=1, cache=False, progress=False)
    assert embed.embed_texts.last_embedded == len(set(texts)) > 250
    assert np.array_equal(pooled, inproc)


def test_long_texts_are_truncated_to_the_token_limit():
    enc128, enc256 = embed.load_encoder("minilm-bf16-128"), embed.load_encoder("minilm-bf16")
    long = "the agent said hi " * 200
    assert enc128.token_lengths([long])[0] == 128 and enc256.token_lengths([long])[0] == 256
    # the default reads the first 128 tokens: a long text and its 128-token prefix embed alike
    prefix = enc128.model.tokenizer.decode(enc128.model.tokenizer(long, truncation=True, max_length=128,
                                                                   add_special_tokens=False)["input_ids"][:126])
    assert float(enc128.encode([long])[0] @ enc128.encode([prefix])[0]) > 0.999


def test_shards_are_written_as_the_run_goes(fresh_cache):
    """With a small `shard_size` the vectors land in several shards, so an interrupted run keeps
    what it had embedded; reading them back gives the same vectors."""
    texts = [f"a post {'much ' * i}longer than the last" for i in range(10)]   # ten token lengths
    first = embed.embed_texts(texts, shard_size=4, n_jobs=1, progress=False)
    shards = list((fresh_cache / "embeddings").rglob("*.npz"))
    assert len(shards) >= 2
    assert np.array_equal(embed.embed_texts(texts, progress=False), first)
    assert embed.embed_texts.last_embedded == 0
