"""The first seconds of the shared Binance recording as an event file: the
short slice the example strategies' expected summaries are computed on.

The slice is the recording's lines whose local receive time (the line's
first field) is at most `seconds` after the first line's, converted with the
contract's tick: `sigmax_exec.market.convert([lines], out, "binance",
tick_size=0.1)`. For 60 s that is the first 15,738 lines, so the same file
comes from the shell too:
    zcat btcusdt_20240808.gz | head -n 15738 > slice.txt
    sigmax-exec convert --format binance --tick 0.1 slice.txt slice.sgxmd
(the events equal the first events of the whole file's conversion.)

usage: PYTHONPATH=bindings/python /usr/bin/python3 bindings/python/tests/shared_slice.py OUT.sgxmd [--seconds 60]
"""
from __future__ import annotations

import argparse
import gzip
import os
import tempfile
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[3]
# The shared data sits next to the checkout (/work/main -> /work/shared) or
# next to the worktrees' directory (/work/wt/<branch> -> /work/shared).
_CANDIDATES = [ROOT / ".." / "shared", ROOT / ".." / ".." / "shared"]
SHARED_NAME = Path("data") / "binance-usdm" / "btcusdt_20240808.gz"
SLICE_SECONDS = 60


def shared_recording() -> Optional[Path]:
    """The shared Binance recording, or None when it is absent ($SIGMAX_SHARED_BINANCE overrides)."""
    env = os.environ.get("SIGMAX_SHARED_BINANCE")
    if env:
        return Path(env) if Path(env).exists() else None
    for base in _CANDIDATES:
        if (base / SHARED_NAME).exists():
            return (base / SHARED_NAME).resolve()
    return None


def write_slice(out: "os.PathLike[str] | str", seconds: float = SLICE_SECONDS,
                source: Optional[Path] = None) -> int:
    """Writes the slice's event file to `out`; returns the number of recording lines it holds."""
    import sigmax_exec.market as md
    source = source or shared_recording()
    if source is None:
        raise FileNotFoundError("the shared Binance recording is absent")
    lines = 0
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "slice.txt"
        with gzip.open(source, "rb") as src, open(part, "wb") as dst:
            first = None
            for line in src:
                stamp = int(line.split(b" ", 1)[0])
                first = stamp if first is None else first
                if stamp - first > seconds * 1e9:
                    break
                dst.write(line)
                lines += 1
        md.convert([str(part)], str(out), "binance", tick_size=0.1)
    return lines


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--seconds", type=float, default=SLICE_SECONDS)
    args = ap.parse_args()
    print(f"{write_slice(args.out, args.seconds)} lines -> {args.out}")
