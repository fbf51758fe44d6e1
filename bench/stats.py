"""Medians, spreads and paired ratios."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

__all__ = ["paired_ratio", "quantile", "summarize"]


def quantile(xs: Sequence[float], q: float) -> float:
    """Linear-interpolated quantile of a non-empty sample (q in [0, 1])."""
    s = sorted(xs)
    if len(s) == 1:
        return s[0]
    pos = (len(s) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summarize(samples_s: Sequence[float], scale: float = 1e3) -> dict[str, Any]:
    """Median and spread (IQR and min/max) of timings given in seconds, reported in ms."""
    xs = [x * scale for x in samples_s]
    return {
        "median_ms": round(statistics.median(xs), 4),
        "p25_ms": round(quantile(xs, 0.25), 4),
        "p75_ms": round(quantile(xs, 0.75), 4),
        "min_ms": round(min(xs), 4),
        "max_ms": round(max(xs), 4),
        "n": len(xs),
    }


def paired_ratio(a: Sequence[float], b: Sequence[float]) -> dict[str, Any]:
    """Ratios a[i]/b[i] of samples taken in the same round, summarized (robust to drift)."""
    rs = [x / y for x, y in zip(a, b, strict=True) if y > 0]
    return {
        "median": round(statistics.median(rs), 3),
        "p25": round(quantile(rs, 0.25), 3),
        "p75": round(quantile(rs, 0.75), 3),
        "n": len(rs),
    }
