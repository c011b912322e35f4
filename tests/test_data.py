"""claws.data: readers on the real samples (counts verified independently), each quarantine
reason on hand-made bad files, the record accounting, formats and the ingest command."""
import csv
import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from claws import data as cd
from claws.cli import app


def walk_api_sample(folder: Path):
    "Independent count of the API sample: posts, comments by depth, null authors, distinct names."
    n_posts, depths, null_c, names = 0, {}, 0, set()
    for f in sorted(folder.rglob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        n_posts += 1
        if d["post"]["author"]: names.add(d["post"]["author"]["name"])
        stack = [(c, 0) for c in d["comments"]]
        while stack:
            c, depth = stack.pop()
            depths[depth] = depths.get(depth, 0) + 1
            if c["author"] is None: null_c += 1
            else: names.add(c["author"]["name"])
            stack += [(r, depth + 1) for r in c["replies"]]
    return n_posts, depths, null_c, names


def test_api_sample_counts(api_sample):
    n_posts, depths, null_c, names = walk_api_sample(api_sample)
    c = cd.read_corpus(api_sample, cache=False, progress=False)
    assert len(c.posts) == n_posts == 213
    assert len(c.comments) == sum(depths.values()) == 24167
    assert c.comments.depth.value_counts().sort_index().to_dict() == depths
    assert c.report["unknown_author_comments"] == null_c == 11000
    assert set(c.accounts.author) == names
    assert c.report["records_read"] == c.report["records_kept"] == 213 + 24167
    s = cd.scope(c)  # all sample posts lie in the paper window
    assert len(s.posts) == 213 and len(s.comments) == depths[0]
    assert s.submolts.n_posts.sum() == 213 and len(s.submolts) == 34


def test_observatory_sample_counts(observatory_sample):
    def rows(name):
        with open(observatory_sample / name, encoding="utf-8", newline="") as fh: return list(csv.DictReader(fh))
    posts, comments, agents, subs = (rows(n) for n in ("moltbook_posts.csv", "moltbook_comments.csv",
                                                        "moltbook_agents.csv", "submolts_sample.csv"))
    c = cd.read_corpus(observatory_sample, cache=False, progress=False)
    assert (len(c.posts), len(c.comments)) == (len(posts), len(comments)) == (1710, 97)
    assert c.report["records_read"] == len(posts) + len(comments) + len(agents) + len(subs)
    assert c.report["records_quarantined"] == 0
    assert c.posts.upvotes.isna().all() and c.posts.score.sum() == sum(int(p["score"]) for p in posts)
    s = cd.scope(c)
    assert len(s.submolts) == len({p["submolt"] for p in posts}) == 209
    karma = {a["name"]: int(a["karma"]) for a in agents}
    acc = c.accounts.set_index("author")
    assert all(acc.loc[n, "karma"] == k for n, k in list(karma.items())[:50])


def response(pid, created="2026-01-30T10:00:00+00:00", comments=(), **post):
    return {"success": True, "post": {"id": pid, "title": "t", "content": "c", "upvotes": 1, "downvotes": 0,
                                      "created_at": created, "submolt": {"name": "general"},
                                      "author": {"id": "a1", "name": "alice"}, **post},
            "comments": list(comments)}


def comment(cid, created="2026-01-30T10:05:00+00:00", replies=(), **kw):
    return {"id": cid, "content": "hi", "parent_id": None, "upvotes": 0, "downvotes": 0, "created_at": created,
            "author": {"id": "b1", "name": "bob"}, "replies": list(replies), **kw}


@pytest.fixture
def bad_dump(tmp_path):
    "A folder with one bad record per quarantine reason, plus good, duplicate and odd records."
    d = tmp_path / "dump"; d.mkdir()
    w = lambda name, obj: (d / name).write_text(json.dumps(obj), encoding="utf-8")
    w("a_good.json", response("p1", comments=[comment("c1", replies=[comment("c2")]), comment("c3", author=None)]))
    w("b_dup.json", response("p1", comments=[comment("c1", replies=[comment("c2")]), comment("c3", author=None)]))
    w("c_conflict.json", response("p1", title="another title"))
    w("noid.json", response(None))
    w("badtime.json", response("p2", created="not a time"))
    w("notime.json", response("p3", created=None))
    w("negative.json", response("p4", upvotes=-3))
    w("badcomment.json", response("p5", comments=[comment("c9", created="31/01/2026"), comment("c10", downvotes=-1)]))
    (d / "empty.json").write_text("")
    (d / "broken.json").write_text('{"post": {"id": ')
    # invalid UTF-8 and a very large text must not stop the reader
    big = response("p6", content="x" * 2_000_000)
    (d / "weird.json").write_bytes(json.dumps(big).encode().replace(b'"t"', b'"\xff\xfe title"'))
    lines = [json.dumps(response("p7", comments=[comment("c20")])), "this is not json", json.dumps({"no": "post"})]
    (d / "more.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(d / "z.json.gz", "wt") as fh: json.dump(response("p8"), fh)
    return d


def test_quarantine_reasons(bad_dump):
    c = cd.read_corpus(bad_dump, cache=False, progress=False)
    q = c.quarantine
    got = {(r.source, r.record_type, None if pd.isna(r.field) else r.field, r.reason.split(":")[0]) for r in q.itertuples()}
    assert got == {
        ("c_conflict.json", "post", "post_id", "conflict"),
        ("noid.json", "post", "post_id", "missing post_id"),
        ("badtime.json", "post", "created_at", "unparseable timestamp"),
        ("notime.json", "post", "created_at", "missing timestamp"),
        ("negative.json", "post", "upvotes", "negative upvotes"),
        ("badcomment.json", "comment", "created_at", "unparseable timestamp"),
        ("badcomment.json", "comment", "downvotes", "negative downvotes"),
        ("empty.json", "file", None, "empty file"),
        ("broken.json", "file", None, "unparseable"),
        ("more.jsonl:2", "line", None, "unparseable"),
        ("more.jsonl:3", "line", None, "not a Moltbook API post response (no 'post' object)"),
    }
    # the conflicting post's record is set aside, the first one kept; the exact duplicate file is counted
    r = c.report
    assert r["records_duplicate"] == 4  # b_dup.json: post + 3 comments
    assert r["records_read"] == r["records_kept"] + r["records_quarantined"] + r["records_duplicate"]
    assert set(c.posts.post_id) == {"p1", "p5", "p6", "p7", "p8"}
    assert set(c.comments.comment_id) == {"c1", "c2", "c3", "c20"}
    assert r["unknown_author_comments"] == 1
    weird = c.posts.set_index("post_id").loc["p6"]
    assert len(weird.content) == 2_000_000 and "\ufffd" in weird.title


def test_comment_of_unknown_post_is_quarantined(tmp_path):
    d = tmp_path / "flat"; d.mkdir()
    pd.DataFrame({"id": ["p1"], "agent_name": ["a"], "submolt": ["s"], "title": ["t"], "content": ["x"],
                  "score": [1], "created_at": ["2026-01-30T00:00:00Z"]}).to_csv(d / "posts.csv", index=False)
    pd.DataFrame({"id": ["c1", "c2"], "post_id": ["p1", "p404"], "agent_name": ["b", "b"], "parent_id": [None, None],
                  "content": ["y", "z"], "score": [0, 0], "created_at": ["2026-01-30T01:00:00Z"] * 2}).to_csv(d / "comments.csv", index=False)
    c = cd.read_corpus(d, cache=False, progress=False)
    assert list(c.comments.comment_id) == ["c1"]
    assert c.quarantine[["source", "record_id", "reason"]].values.tolist() == [
        ["comments.csv:3", "c2", "unknown post (not among kept posts)"]]


def test_unknown_format_is_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match=r"unknown data format at .*expected Moltbook API"):
        cd.detect_format(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        cd.load(tmp_path / "missing")


def test_ingest_command_writes_tables(bad_dump, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["ingest", str(bad_dump), "--out", str(out)])
    assert r.exit_code == 0, r.output
    rep = json.loads((out / "ingest_report.json").read_text())
    assert all(isinstance(rep[k], int) for k in ("records_read", "records_kept", "records_quarantined", "records_duplicate"))
    assert rep["records_read"] == rep["records_kept"] + rep["records_quarantined"] + rep["records_duplicate"]
    assert len(pd.read_csv(out / "quarantine.csv")) == rep["records_quarantined"] == 11
    assert len(pd.read_parquet(out / "posts.parquet")) == 5
    assert {"posts.parquet", "comments.parquet", "accounts.parquet", "submolts.parquet"} <= {p.name for p in out.iterdir()}


def test_cache_is_keyed_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAWS_CACHE", str(tmp_path / "cache"))
    d = tmp_path / "d"; d.mkdir()
    (d / "a.json").write_text(json.dumps(response("p1")))
    assert len(cd.read_corpus(d, progress=False).posts) == 1
    (d / "b.json").write_text(json.dumps(response("p2")))
    assert len(cd.read_corpus(d, progress=False).posts) == 2   # new content, new key
    assert len(list((tmp_path / "cache" / "corpus").iterdir())) == 2
