"""`python -m sigmax_exec bench --replay FILE`: every backend replays the file
and gets a row with its events per second."""
import json

import sigmax_exec as sx
import sigmax_exec.market as md
from sigmax_exec.__main__ import main

from md_streams import random_l2, symbols


def test_bench_replay_prints_one_row_per_backend_with_every_event_replayed(tmp_path, capsys):
    path = tmp_path / "l2.sgxmd"
    events = random_l2(seed=3, n=2000, bad=False)
    with md.EventFileWriter(path) as w:
        for s in symbols(2):
            w.add_symbol(s)
        w.write(events)
    assert main(["bench", "--replay", str(path), "--repeat", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["backend"] for r in out["results"]] == sx.available_backends()
    for row in out["results"]:
        assert row["events"] == len(events)
        assert row["events_per_sec"] > 0
