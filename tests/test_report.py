"""Tests of claws.report: the literature reference table, the comparison with claws' results,
and the standalone HTML report over a small hand-made output folder."""
import base64
import json
import re
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from claws import core, report

ROOT = Path(__file__).resolve().parents[1]
SHARED_LITERATURE = ROOT.parent / "shared" / "reference" / "literature.csv"

RESULTS = {
    "n_posts": 1234, "n_comments": 5678, "n_accounts": 910, "n_submolts": 12,
    "reciprocity_edge": 0.0123, "reciprocity_null_mean": 0.0042, "reciprocity_null_std": 0.0011, "reciprocity_z": 7.25,
    "reciprocity_edge_parent_author": 0.1875, "reciprocity_parent_author_z": 3.5,
    "modularity": 0.4567, "modularity_null_mean": 0.1234, "modularity_z": 31.5,
    "upvote_gini": 0.9712, "upvote_gini_ci_low": 0.9655, "upvote_gini_ci_high": 0.9781,
    "peak6_post_share": 0.3125, "peak6_hours": "13,14,15,16,17,18",
    "mystery_metric": 42.5, "lorenz_area": 0.125, "lorenz_area_p": 0.0375,
}


@pytest.fixture()
def outdir(tmp_path):
    "A tiny output folder as the analysis notebooks leave it: a figure, tables, results.json."
    out = tmp_path / "figures"
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 0, 1])
    core.save_figure(fig, out, "fig_networks_hits")
    plt.close(fig)
    core.save_table(pd.DataFrame({"tie": ["post_author", "parent_author"],
                                  "reciprocity_edge": [0.0123, 0.1875]}), out, "networks_reciprocity")
    core.save_table(pd.DataFrame({"hour": range(50), "posts": [1000 + 7 * i for i in range(50)]}),
                    out, "temporal_hourly")
    core.save_table(pd.DataFrame({"note": ["<b>bold?</b> & <script>alert(1)</script>"]}), out, "misc_text")
    core.record_results(out, **RESULTS)
    return out


def test_literature_matches_shared_reference():
    "The constant is a faithful copy of the team's reference file (when that file is available)."
    if not SHARED_LITERATURE.exists(): pytest.skip("shared reference missing")
    shared = pd.read_csv(SHARED_LITERATURE, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(report.literature(), shared)


def test_literature_holds_price_et_al_abstract_numbers():
    "The numbers of the abstract of Price et al. (arXiv 2602.20044)."
    lit = report.literature()
    assert list(lit.columns) == ["paper", "arxiv", "metric", "value", "unit", "definition", "data"]
    assert len(lit) == 29 and lit.arxiv.nunique() == 8
    price = lit[lit.arxiv == "2602.20044"].set_index("metric")
    expected = {"posts": 20040, "comments": 192410, "accounts": 15083, "submolts": 759,
                "reciprocity": 0.01, "upvote_gini": 0.992, "posting_gini": 0.601,
                "median_lifespan_min": 2.48, "peak6_post_share": 0.548}
    for metric, value in expected.items():
        assert float(price.loc[metric, "value"]) == value, metric
    holtz = lit[(lit.arxiv == "2602.10131") & (lit.metric == "reciprocity")]
    assert float(holtz.value.iloc[0]) == 0.197


def test_every_published_metric_is_mapped_to_a_documented_key():
    lit, l2c, keys = report.literature(), report.literature_to_claws(), report.claws_keys()
    assert set(zip(lit.arxiv, lit.metric)) == set(zip(l2c.arxiv, l2c.metric))
    assert set(l2c.claws_key) - {""} <= set(keys.key)
    assert (l2c.difference != "").all()


def test_comparison_table_values_and_missing_keys():
    ct = report.comparison_table(RESULTS)
    assert len(ct) == len(report.literature_to_claws())
    row = ct[(ct.arxiv == "2602.20044") & (ct.claws_key == "reciprocity_edge")].iloc[0]
    assert row.paper_value == "0.01" and row.claws_value == 0.0123
    g = ct[(ct.arxiv == "2602.20044") & (ct.metric == "upvote_gini")].iloc[0]
    assert (g.paper_value, g.claws_value, g.claws_ci_low, g.claws_ci_high) == ("0.992", 0.9712, 0.9655, 0.9781)
    # keys not in results (posting_gini, median_lifespan_min, ...) are NA, never invented
    holtz = ct[(ct.arxiv == "2602.10131") & (ct.metric == "reciprocity")].iloc[0]
    assert (holtz.paper_value, holtz.claws_key, holtz.claws_value) == ("0.197", "reciprocity_edge_parent_author", 0.1875)
    for key in ["posting_gini", "median_lifespan_min", "activity_gini"]:
        assert ct.loc[ct.claws_key == key, "claws_value"].isna().all(), key
    assert ct.loc[ct.claws_key == "", "claws_value"].isna().all()
    # a null in results.json (e.g. upvotes unavailable on the Observatory sample) is NA as well
    obs = report.comparison_table({"upvote_gini": None, "posting_gini": 0.5})
    assert obs.loc[obs.claws_key == "upvote_gini", "claws_value"].isna().all()
    assert (obs.loc[obs.claws_key == "posting_gini", "claws_value"] == 0.5).all()
    assert report.comparison_table({}).claws_value.isna().all()


def test_headline_table_folds_context_keys():
    ht = report.headline_table(RESULTS).set_index("key")
    context = {"reciprocity_null_mean", "reciprocity_null_std", "reciprocity_z", "reciprocity_parent_author_z", "modularity_null_mean", "modularity_z",
               "upvote_gini_ci_low", "upvote_gini_ci_high", "lorenz_area_p"}
    assert set(ht.index) == set(RESULTS) - context
    assert (ht.loc["reciprocity_edge", "null_mean"], ht.loc["reciprocity_edge", "z"]) == (0.0042, 7.25)
    assert (ht.loc["modularity", "null_mean"], ht.loc["modularity", "z"]) == (0.1234, 31.5)
    assert ht.loc["reciprocity_edge", "null_std"] == 0.0011 and ht.loc["reciprocity_edge_parent_author", "z"] == 3.5
    assert (ht.loc["upvote_gini", "ci_low"], ht.loc["upvote_gini", "ci_high"]) == (0.9655, 0.9781)
    assert ht.loc["lorenz_area", "p"] == 0.0375
    assert ht.loc["mystery_metric", "section"] == "other" and ht.loc["n_posts", "section"] == "data"
    # the notebook that wrote a key (from the manifest) decides its section
    placed = report.headline_table(RESULTS, {"mystery_metric": "05_topics"}).set_index("key")
    assert placed.loc["mystery_metric", "section"] == "topics"
    # sections in reading order
    order = list(report.SECTIONS)
    assert list(ht.section.map(order.index)) == sorted(ht.section.map(order.index))


def test_report_is_standalone_and_complete(outdir):
    path = report.write_report(outdir, title="test report", params={"data": "synthetic", "seed": 0}, max_rows=10)
    assert path == outdir / "report.html"
    page = path.read_text(encoding="utf-8")
    # the figure is embedded as a data URI, byte for byte
    b64 = base64.b64encode((outdir / "fig_networks_hits.png").read_bytes()).decode()
    assert f'src="data:image/png;base64,{b64}"' in page
    # no external reference of any kind
    assert not re.search(r'(src|href)\s*=\s*"(?!data:|#)', page)
    assert "<link" not in page and "<script" not in page and "@import" not in page and "url(" not in page
    # every headline number is shown, with its interval and null-model context
    for key in ["n_posts", "n_comments", "n_accounts", "n_submolts", "mystery_metric", "peak6_hours"]:
        assert f"<td>{key}</td>" in page and f"<td>{report.format_number(RESULTS[key])}</td>" in page, key
    assert "[0.9655, 0.9781]" in page and "mean 0.0042 (sd 0.0011); z = 7.25" in page and "mean 0.1234; z = 31.5" in page
    assert re.search(r"<td>lorenz_area</td>\s*<td>0.125</td>(\s*<td></td>){2}\s*<td>0.0375</td>", page)
    # claws beside the published values: reciprocity ~1%, Ginis, lifespan, peak share
    assert "0.01 (1%)" in page and "0.0123 (1.23%)" in page
    assert "<td>0.992</td>" in page and "<td>0.601</td>" in page and "<td>2.48</td>" in page
    assert "0.548 (54.8%)" in page and "0.3125 (31.2%)" in page
    # tables: escaped, large ones cut with a note, in their sections in reading order
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Showing the first 10 of 50 rows." in page
    assert "<td>1063</td>" in page and "<td>1070</td>" not in page  # row 10 shown, row 11 not
    names = ["summary", "literature", "data", "networks", "inequality", "temporal", "topics", "other"]
    pos = [page.index(f'id="{s}"') for s in names]
    assert pos == sorted(pos)
    pos = dict(zip(names, pos))
    assert pos["networks"] < page.index("fig_networks_hits.png") < page.index("networks_reciprocity.csv") < pos["inequality"]
    assert pos["temporal"] < page.index("temporal_hourly.csv") < pos["other"] < page.index("misc_text.csv")
    assert 'id="robustness"' not in page and 'id="provenance"' not in page


def test_report_is_deterministic(outdir):
    first = report.write_report(outdir, params={"data": "synthetic"}).read_bytes()
    second = report.write_report(outdir, params={"data": "synthetic"}).read_bytes()
    assert first == second
    assert b"report.html" not in first  # the report does not list itself


def test_report_shows_robustness_and_manifest_when_present(outdir):
    # the layout `claws sweep` writes: metrics x settings, a first row with each setting's changes
    from claws.pipeline import robustness_table
    grid = {"baseline": {}, "tie=parent_author": {"tie": "parent_author"}}
    sweep = robustness_table({"baseline": {"reciprocity_edge": 0.0123, "n_posts": 1234},
                              "tie=parent_author": {"reciprocity_edge": 0.1875}}, grid)
    core.save_table(sweep, outdir, "robustness")
    manifest = {"claws_version": "9.9.9", "data": {"parameter": "synthetic", "fingerprint": "abc123" * 10},
                "notebooks": {"02_networks": {"sha256": "d" * 64, "key": "k1"}},
                "outputs": {"misc_text.csv": {"notebook": "04_temporal", "sha256": "e" * 64}},
                "results_keys": {"mystery_metric": "02_networks"}, "versions": {"pandas": "3.1.1"}}
    (outdir / "manifest.json").write_text(json.dumps(manifest))
    page = report.write_report(outdir).read_text(encoding="utf-8")
    rob = page[page.index('id="robustness"'):page.index('id="provenance"')]
    assert "<td>tie=parent_author</td>" in rob and '{"tie": "parent_author"}' in rob
    assert re.search(r"<td>reciprocity_edge</td>\s*<td>0.0123</td>\s*<td>0.1875</td>", rob)
    assert re.search(r"<td>n_posts</td>\s*<td>1234</td>\s*<td>NA</td>", rob)
    assert 'id="provenance"' in page and "<td>9.9.9</td>" in page and "<td>" + "abc123" * 10 + "</td>" in page
    # placed by the notebook that made them, with their provenance
    assert page.index('id="temporal"') < page.index("misc_text.csv") < page.index('id="topics"')
    assert "made by <code>04_temporal</code>; sha256 <code>eeeeeeeeeeee</code>" in page
    assert page.index('id="networks"') < page.index("<td>mystery_metric</td>") < page.index('id="inequality"')
    assert page.index('id="topics"') < page.index('id="robustness"') < page.index('id="provenance"')


def test_report_on_empty_folder(tmp_path):
    "A folder without outputs still gives a readable report that shows the published values and NA."
    page = report.write_report(tmp_path).read_text(encoding="utf-8")
    assert "0.548 (54.8%)" in page and "No headline numbers recorded." in page
    assert re.search(r"<td>n_posts</td>\s*<td>NA</td>", page)
    assert 'id="other"' not in page


def test_synthetic_runs_are_labelled(outdir):
    "A report on the synthetic default says so; one on other data does not."
    synthetic = report.write_report(outdir, params={"data": "synthetic"}).read_text(encoding="utf-8")
    real = report.write_report(outdir, params={"data": "/data/moltbook-api-sample"}).read_text(encoding="utf-8")
    assert "synthetic data generated by <code>claws.synth</code>" in synthetic
    assert "synthetic data generated by" not in real


def test_report_is_logged_for_the_manifest(outdir, monkeypatch):
    "Run by the pipeline (CLAWS_NOTEBOOK set), the report is attributed to its notebook."
    monkeypatch.setenv("CLAWS_NOTEBOOK", "99_report")
    report.write_report(outdir)
    assert "report.html" in core.logged_outputs(outdir, "99_report")
