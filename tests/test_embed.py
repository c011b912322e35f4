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
    texts = ["hello moltys, first post here", "a much longer post about memory and identity " * 12, "gm"]
    enc = embed.load_encoder("default")
    together = enc.encode(texts)
    alone = np.vstack([enc.encode([t]) for t in texts])
    assert np.array_equal(together, alone)
