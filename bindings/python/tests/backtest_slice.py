"""A short slice of the shared Binance recording as an event file, for the
backtest tests: the recording's lines whose local receive time (a line's
first field) is within `seconds` of the first line's, converted with the
contract's tick (`market.convert([...], out, "binance", tick_size=0.1)`).
Tests skip when the recording is absent ($SIGMAX_SHARED_BINANCE names it
elsewhere)."""
import gzip
import os
from pathlib import Path

import pytest

import sigmax_exec.market as md

ROOT = Path(__file__).resolve().parents[3]
# Beside the checkout (/work/main -> /work/shared) or beside a worktrees folder (/work/wt/<branch>).
SHARED = [base / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz" for base in (ROOT.parent, ROOT.parent.parent)]


def shared_recording():
    given = os.environ.get("SIGMAX_SHARED_BINANCE")
    for path in ([Path(given)] if given else SHARED):
        if path.exists():
            return path
    return None


def write_slice(out, seconds):
    """The event file of the recording's first `seconds` of local time, at `out`."""
    source = shared_recording()
    if source is None:
        pytest.skip(f"the shared Binance recording is absent ({SHARED[0]})")
    part = Path(out).with_suffix(".txt")
    with gzip.open(source, "rb") as src, open(part, "wb") as dst:
        first = None
        for line in src:
            stamp = int(line.split(b" ", 1)[0])
            first = stamp if first is None else first
            if stamp - first > seconds * 1_000_000_000:
                break
            dst.write(line)
    md.convert([str(part)], str(out), "binance", tick_size=0.1)
    part.unlink()
    return Path(out)
