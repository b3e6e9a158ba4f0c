"""The CI check of issue 6: a short benchmark run, failing far past the targets.

`pytest -m bench` runs bench/run.py's measurements with fewer rounds and samples (about a
minute) and fails when a median is far past its target (LIMITS), so a regression that
matters cannot land unnoticed while ordinary noise on a shared machine does not fail CI.
It is left out of the default run (see addopts in pyproject.toml); .ci/run runs it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bench import run

pytestmark = [
    pytest.mark.bench,
    pytest.mark.skipif(os.name != "posix", reason="bench/run.py uses pseudo-terminals"),
]

LIMITS = {key: target * (2.0 if key in run.RATIOS else 3.0) for key, target in run.TARGETS.items()}
"""A median fails past twice its target for ratios (start-up measured on a pty, memory and
the palette against bench/widgets_app.py), three times for times of a few milliseconds.

This check guards against a regression, not the targets (docs/performance.md judges those):
some sit on their targets (start-up on a pty 1.2-1.3x the bare app with the bundled guide;
`n` on a pty 16-19 ms), three rounds of a short run vary by a third, and an in-app time
doubles when the machine is busy."""


def test_a_short_benchmark_stays_within_its_limits(tmp_path: Path):
    results = run.measure(tmp_path, rounds=3, memory_rounds=1, samples=10)
    lines, judged = run.summarise(results)
    assert set(judged) == set(LIMITS), "a measure went missing"
    over = [
        f"{key}: {judged[key]:.3f} is over {limit:.3f}"
        for key, limit in LIMITS.items()
        if judged[key] > limit
    ]
    assert not over, "\n".join([*lines, "", *over])
