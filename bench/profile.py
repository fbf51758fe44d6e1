"""Where does one contender's time go? ``python -m bench.profile [KIND] [SIZE] [CONTENDER] [CALLS]``

Runs ``CALLS`` list() calls (after a warm-up) under cProfile against the bench server and prints
the top functions by own time plus a coarse split: HTTP (httpx/httpcore/h11/socket), validation
(pydantic-core), the SDK's own Python, the rest. Example::

    python -m bench.profile tl_tasks 100 ours_sync 300
    python -m bench.profile gcore 1000 official_sync 30
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections import defaultdict

import httpx

from bench.contenders import Clients
from bench.run import Timer
from bench.server import BenchServer

BUCKETS = (
    ("http", ("httpx", "httpcore", "h11", "socket", "ssl", "selectors", "anyio", "sniffio")),
    ("validation", ("pydantic_core", "validate_json", "model_validate")),
    ("sdk", ("gcore_streaming_ai", "twelvelabs_tasks", "/gcore/", "/twelvelabs/")),
)


def bucket_of(key: tuple[str, int, str]) -> str:
    where = f"{key[0]}:{key[2]}"
    for name, marks in BUCKETS:
        if any(m in where for m in marks):
            return name
    return "other"


def main(argv: list[str]) -> int:
    kind = argv[0] if argv else "tl_tasks"
    size = int(argv[1]) if len(argv) > 1 else 100
    who = argv[2] if len(argv) > 2 else "ours_sync"
    calls = int(argv[3]) if len(argv) > 3 else 200
    with BenchServer() as server:
        httpx.get(server.url + "/__set", params={"total": max(size * 2, 10)})
        clients = Clients(server.url)
        timer = Timer(clients)
        try:
            contender = next(c for c in clients.contenders(kind) if c.name == who)
            if not contender.available or contender.list_one is None:
                print(f"{who}: {contender.reason}")
                return 1
            for _ in range(10):
                timer.call(contender.list_one, contender.is_async, size)
            prof = cProfile.Profile()
            prof.enable()
            total = 0.0
            for _ in range(calls):
                dt, _ = timer.call(contender.list_one, contender.is_async, size)
                total += dt
            prof.disable()
        finally:
            timer.close()
            clients.close()
    stats = pstats.Stats(prof)
    split: dict[str, float] = defaultdict(float)
    for key, (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        split[bucket_of(key)] += tt
    profiled = sum(split.values())
    print(
        f"{who} {kind} list({size}): {total / calls * 1e3:.3f} ms/call wall under the profiler, "
        f"{calls} calls"
    )
    print(
        "own time by bucket: "
        + ", ".join(
            f"{k} {v / profiled:.0%}" for k, v in sorted(split.items(), key=lambda kv: -kv[1])
        )
    )
    stats.sort_stats("tottime").print_stats(18)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
