"""Write data/sample_daily.csv and data/sample_episodes.csv from the seeded generator.

The files are written with the canonical exporter, so they are exactly what
Crampwise itself would export; tests/io/test_sample.py regenerates them and
fails if the committed files differ. Run ``make sample`` (or
``.venv/bin/python scripts/make_sample_data.py``) after changing
``src/crampwise/io/sample.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import crampwise  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(ROOT / "src"))

from crampwise import schema  # noqa: E402
from crampwise.io.export import to_csv_bytes  # noqa: E402
from crampwise.io.sample import DEFAULT_SEED, SAMPLE_DAILY, SAMPLE_EPISODES, generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"random seed (default {DEFAULT_SEED}; the tests expect the default)",
    )
    args = parser.parse_args(argv)
    daily, episodes = generate(args.seed)
    SAMPLE_DAILY.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE_DAILY.write_bytes(to_csv_bytes(daily, schema.DAILY))
    SAMPLE_EPISODES.write_bytes(to_csv_bytes(episodes, schema.EPISODES))
    first, last = daily["date"].min(), daily["date"].max()
    print(
        f"seed {args.seed}: {len(daily)} daily rows ({first:%Y-%m-%d} to {last:%Y-%m-%d}), "
        f"{len(episodes)} episodes -> {SAMPLE_DAILY.relative_to(ROOT)}, "
        f"{SAMPLE_EPISODES.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
