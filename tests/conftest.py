"""Shared fixtures: the real Moltbook samples in ../shared/data and a small synthetic corpus."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def shared_sample(name: str) -> Path:
    "Path of a real sample in ../shared/data; missing fails under CI=true and skips elsewhere."
    p = SHARED / name
    if not p.exists():
        msg = f"real sample {p} is missing"
        if os.environ.get("CI", "").lower() == "true": pytest.fail(msg)
        pytest.skip(msg)
    return p


@pytest.fixture(scope="session")
def api_sample() -> Path:
    "The real API sample: a folder of GET /api/v1/posts/{id} responses."
    return shared_sample("moltbook-api-sample")


@pytest.fixture(scope="session")
def observatory_sample() -> Path:
    "The real Observatory flat export (CSV)."
    return shared_sample("observatory-sample")
