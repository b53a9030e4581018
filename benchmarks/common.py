"""Shared benchmark plumbing: isolated dirs, an in-memory keyring, Qt, medians, results."""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


def isolate() -> None:
    """Throwaway XDG dirs and keychain, offscreen Qt: benchmarks never touch real data."""
    home = tempfile.mkdtemp(prefix="mct-bench-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("MCT_BENCH_REAL_KEYRING"):
        return  # a throwaway Secret Service (bootstrap.sh bench): the CLI benchmark needs it
    import keyring

    from tests.support import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


@dataclass
class Result:
    name: str
    unit: str
    value: float  # median of the measured thing
    baseline: float | None  # median of the baseline in the same run
    target: str
    passed: bool
    samples: int
    detail: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def median_ms(fn: Callable[[], None], runs: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def machine() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": str(os.cpu_count()),
    }


def write(results: list[Result], path: Path) -> None:
    data = {"machine": machine(), "results": [asdict(r) | {"ratio": r.ratio} for r in results]}
    path.write_text(json.dumps(data, indent=2) + "\n")


def table(results: list[Result]) -> str:
    lines = [f"{'benchmark':44} {'median':>10} {'baseline':>10} {'ratio':>6}  target  ok"]
    for r in results:
        base = f"{r.baseline:.1f}" if r.baseline is not None else "-"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
        lines.append(
            f"{r.name:44} {r.value:>8.1f}{r.unit:>2} {base:>10} {ratio:>6}  "
            f"{r.target}  {'yes' if r.passed else 'NO'}"
        )
    return "\n".join(lines)
