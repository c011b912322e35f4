"""The figure-reproduction check: a fresh `claws reproduce` of the default data matches the
committed figures/ (tables and results within tolerance, images within a small RMS), a second
run is byte-identical, and an unchanged re-run skips every notebook."""
import json
from pathlib import Path

import pytest

from claws import pipeline as pl

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "figures"


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory):
    "A forced reproduction of the default data into a temporary folder."
    out = tmp_path_factory.mktemp("reproduce") / "a"
    status = pl.reproduce(out=out, force=True)
    return out, status


@pytest.mark.slow
@pytest.mark.xdist_group("reproduce")
def test_committed_figures_reproduce(fresh_run):
    out, status = fresh_run
    assert set(status) == {nb.stem for nb in pl.paper_notebooks()} and set(status.values()) == {"ran"}
    assert (REFERENCE / "manifest.json").exists(), "figures/ has no manifest: run `make reproduce` and commit figures/"
    diffs = pl.compare_outputs(REFERENCE, out)
    assert not diffs, "a fresh run differs from the committed figures/:\n  " + "\n  ".join(diffs)
    ref_outputs = set(json.loads((REFERENCE / "manifest.json").read_text())["outputs"])
    assert ref_outputs == set(json.loads((out / "manifest.json").read_text())["outputs"])


@pytest.mark.slow
@pytest.mark.xdist_group("reproduce")
def test_second_run_is_byte_identical_and_incremental(fresh_run, tmp_path):
    out, _ = fresh_run
    again = tmp_path / "b"
    pl.reproduce(out=again, force=True, log=lambda *a: None)
    made = json.loads((out / "manifest.json").read_text())["outputs"]
    differ = [f for f in sorted(made) if (out / f).read_bytes() != (again / f).read_bytes()]
    assert not differ, f"not byte-identical across two runs: {differ}"
    assert set(pl.reproduce(out=again, log=lambda *a: None).values()) == {"skipped"}
