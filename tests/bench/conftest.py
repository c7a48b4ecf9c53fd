"""Benchmarks run only on request (`make bench`, i.e. LOYALTY_BENCH=1); figures go to results/."""

import json
import os
from pathlib import Path

import pytest

RESULTS = Path(__file__).parent / "results"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("LOYALTY_BENCH") == "1":
        return
    skip = pytest.mark.skip(reason="benchmark: run with `make bench` (LOYALTY_BENCH=1)")
    for item in items:
        if "tests/bench/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


def write_results(name: str, figures: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return path
