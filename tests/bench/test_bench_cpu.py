"""The benchmark's CPU figures: what each request cost the server and the database.

They are read from /proc, so they are only as right as the fields read there; this
process's own CPU time, as Python counts it, is the check.
"""

import os
import subprocess
import sys
import time

import pytest

from tests.bench.server import cpu_ms_per_request, cpu_seconds

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def burn(seconds):
    """Use about this much CPU time (a loop, not a wait)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        sum(range(1000))


def test_reads_the_cpu_time_a_process_has_used():
    me = {"app": os.getpid(), "db": None}
    before = cpu_seconds(me)
    burn(0.2)
    after = cpu_seconds(me)

    # One clock tick is 10 ms: the figure is the process's own to within a few ticks.
    assert after["app"] - before["app"] == pytest.approx(0.2, abs=0.05)
    assert cpu_ms_per_request(before, after, requests=100)["app_cpu_ms"] == pytest.approx(
        2.0, abs=0.5
    )
    # No process on a side is no figure, not zero.
    assert after["db"] is None
    assert cpu_ms_per_request(before, after, requests=100)["db_cpu_ms"] is None


def test_a_child_that_has_ended_still_counts():
    """As a database connection's process that ended during the measurement."""
    me = {"app": os.getpid()}
    before = cpu_seconds(me)
    loop = "import time\nwhile time.process_time() < 0.3: pass"
    subprocess.run([sys.executable, "-c", loop], check=True)  # waited for: reaped

    assert cpu_seconds(me)["app"] - before["app"] >= 0.25


def test_a_process_that_has_gone_is_no_figure():
    assert cpu_seconds({"app": 999_999_999}) == {"app": None}
