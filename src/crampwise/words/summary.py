"""The caveat every statistic carries, and the plain-Python (JSON) summary of an analysis.

The summary is what ``python -m crampwise analyze --json`` prints; it lives
with the words because it carries the contrast sentences
(:func:`crampwise.words.contrasts.sentence`, in metric units).
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from crampwise.words import contrasts

if TYPE_CHECKING:
    from crampwise.stats.analysis import Analysis

CAVEAT: str = (
    "These are patterns in your own log, not proof of cause. A factor can go with more episodes "
    "because something else changes with it (hot days also bring more exercise and more "
    "drinking), and when many factors are checked a few will look notable by chance. Use them "
    "as ideas to try and to discuss with a doctor, not as a diagnosis."
)


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, NaN/inf -> None, dates as ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()[:10]
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def to_json(a: Analysis) -> dict[str, Any]:
    """A plain-Python summary of ``a`` (``json.dumps`` works; NaN and infinity become None)."""
    model = None
    if a.model is not None:
        m = a.model
        model = {
            "method": m.method,
            "terms": _records(m.terms),
            "dispersion": _plain(m.dispersion),
            "dispersion_p": _plain(m.dispersion_p),
            "dispersion_test": m.dispersion_test,
            "covariance": m.covariance,
            "serial_p": _plain(m.serial_p),
            "n": m.n,
            "episodes": m.episodes,
            "alpha": _plain(m.alpha),
            "dropped": list(m.dropped),
            "contrasts": [{"factor": c.factor, "sentence": contrasts.sentence(c)} for c in a.contrasts],
        }
    return {
        "window": {
            "first": _plain(a.first),
            "last": _plain(a.last),
            "days": int(a.days),
            "day_starts": f"{a.day_starts:%H:%M}",
        },
        "episodes": int(a.episodes),
        "enough_data": bool(a.enough_data),
        "warnings": list(a.warnings),
        "factors": _records(a.factors),
        "model": model,
        "findings": _records(a.findings.frame),
        "not_findings": {
            "unsupported": [
                {
                    "factor": u.factor,
                    "lag": u.lag,
                    "direction": u.direction,
                    "rho": _plain(u.rho),
                    "q": _plain(u.q),
                    "adjusted_irr": _plain(u.adjusted_irr),
                    "adjusted_q": _plain(u.adjusted_q),
                }
                for u in a.findings.unsupported
            ],
            "driven_by_one_day": [
                {
                    "factor": d.factor,
                    "lag": d.lag,
                    "view": d.view,
                    "date": _plain(d.day),
                    "episodes": d.episodes,
                }
                for d in a.findings.one_day
            ],
            "overlaps": [
                {"factors": [o.first, o.second], "r": _plain(o.r), "hidden_finding": o.hidden_finding}
                for o in a.findings.overlaps
            ],
        },
    }


__all__ = ["CAVEAT", "to_json"]
