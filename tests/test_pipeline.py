"""claws.pipeline: papermill runs with parameters, incremental skipping, manifest, failures that
name the notebook and cell, output comparison, and the sweep table."""
import json
from pathlib import Path

import nbformat
import pytest

from claws import pipeline as pl
from claws.core import logged_outputs


def test_reproduce_incremental_and_manifest(api_sample, tmp_path):
    out = tmp_path / "out"
    status = pl.reproduce(data=str(api_sample), out=out, notebooks=["01_data"], log=lambda *a: None)
    assert status == {"01_data": "ran"}
    res = json.loads((out / "results.json").read_text())
    assert (res["n_posts"], res["records_read"], res["unknown_author_comments"]) == (213, 24380, 11000)
    man = json.loads((out / "manifest.json").read_text())
    t1 = man["outputs"]["data_table1.csv"]
    assert t1["notebook"] == "01_data" and t1["sha256"] == pl.file_sha(out / "data_table1.csv")
    assert t1["parameters"]["comments"] == "top-level" and man["data"]["fingerprint"] == pl.fingerprint(api_sample)
    assert man["versions"]["pandas"] and man["results_keys"]["n_posts"] == "01_data"
    # unchanged: skipped; an output edited by hand: re-run; --force: re-run
    assert pl.reproduce(data=str(api_sample), out=out, notebooks=["01_data"], log=lambda *a: None) == {"01_data": "skipped"}
    (out / "data_table1.csv").write_text("tampered\n")
    assert pl.reproduce(data=str(api_sample), out=out, notebooks=["01_data"], log=lambda *a: None) == {"01_data": "ran"}
    assert (out / "data_table1.csv").read_text().startswith("metric,value")
    assert pl.reproduce(data=str(api_sample), out=out, notebooks=["01_data"], force=True, log=lambda *a: None) == {"01_data": "ran"}
    # other parameters: a new key, so it runs again
    assert pl.reproduce(data=str(api_sample), out=out, notebooks=["01_data"], comments="all", log=lambda *a: None) == {"01_data": "ran"}
    assert json.loads((out / "results.json").read_text())["n_comments"] == 24167


def test_cli_set_passes_an_analysis_choice(api_sample, tmp_path):
    """`claws reproduce --set KEY=VALUE` reaches the notebooks as a typed parameter and is recorded
    in the manifest; an unknown key fails before anything runs."""
    from typer.testing import CliRunner
    from claws.cli import app
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["reproduce", "--data", str(api_sample), "--out", str(out), "--only", "01_data",
                                 "--set", "k=5", "--set", "tie=parent_author"])
    assert r.exit_code == 0, r.output
    params = json.loads((out / "manifest.json").read_text())["outputs"]["data_table1.csv"]["parameters"]
    assert params["k"] == 5 and params["tie"] == "parent_author"
    r = CliRunner().invoke(app, ["reproduce", "--data", str(api_sample), "--out", str(tmp_path / "x"), "--set", "k=five"])
    assert r.exit_code == 2 and "k must be of type int" in r.output and not (tmp_path / "x").exists()


def test_failing_notebook_names_notebook_and_cell(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "py"}})
    p = nbformat.v4.new_code_cell("x = 1"); p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell("y = 2"), nbformat.v4.new_code_cell("raise ValueError('boom ' + str(x))")]
    path = tmp_path / "07_broken.ipynb"; nbformat.write(nb, path)
    with pytest.raises(pl.NotebookFailed, match=r"07_broken.ipynb failed in cell \d+ .*ValueError: boom 5"):
        pl.run_notebook(path, {"x": 5}, tmp_path / "out", tmp_path / "build", kernel="python3")
    assert (tmp_path / "build" / "07_broken.ipynb").exists()


def test_parameters_cells_use_the_command_line_names():
    names = {"data", "out", "start", "end", "comments", "seed", "scale"}
    for path in pl.paper_notebooks():
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, f"{path.name}: needs exactly one cell tagged parameters"
        assigned = {line.split("=")[0].strip() for line in cells[0].source.splitlines() if "=" in line and not line.startswith("#")}
        assert names <= assigned, f"{path.name}: parameters cell lacks {names - assigned}"


def test_sweep_table(api_sample, tmp_path):
    grid = {"baseline": {}, "comments=all": {"comments": "all"}}
    t = pl.sweep(data=str(api_sample), out=tmp_path, grid=grid, notebooks=["01_data"], log=lambda *a: None)
    row = t.set_index("metric")
    assert row.loc["n_comments", "baseline"] == 23496 and row.loc["n_comments", "comments=all"] == 24167
    assert row.loc["n_posts"].tolist() == [213, 213]
    assert (tmp_path / "robustness.csv").exists()
