"""The machine a benchmark ran on, described as the CLI describes it
(examples/cli/machine.cpp): "AMD EPYC 9B45 (family 26 model 2), 2 CPUs at
2096 MHz, L2 1024 KiB/core, L3 32768 KiB". Linux: /proc/cpuinfo (the first
processor's block) and cpu0's caches in sysfs; what cannot be read is left
out, as the CLI leaves it out."""
from __future__ import annotations

import os
from typing import Dict, Optional, Union

Machine = Dict[str, Union[str, int]]


def _first_cpuinfo_block(path: str = "/proc/cpuinfo") -> Dict[str, str]:
    fields: Dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.strip():
                    break  # end of processor 0's block
                name, colon, value = line.partition(":")
                if colon:
                    fields.setdefault(name.rstrip(" \t"), value.strip())
    except OSError:
        pass
    return fields


def _to_int(text: Optional[str]) -> int:
    """The integer part of a number ("2596.122" -> 2596), -1 if there is none."""
    try:
        return int(float(text)) if text else -1
    except ValueError:
        return -1


def _cache_kib(level: int) -> int:
    """Size in KiB of cpu0's unified cache at `level` (sysfs "1024K"), 0 if unknown."""
    for index in range(8):
        d = f"/sys/devices/system/cpu/cpu0/cache/index{index}/"
        try:
            with open(d + "level") as lf, open(d + "type") as tf, open(d + "size") as sf:
                lvl, kind, size = int(lf.read()), tf.read().strip(), sf.read().strip()
        except (OSError, ValueError):
            break
        if lvl == level and kind == "Unified":
            return max(0, _to_int(size.rstrip("K")))
    return 0


def machine_info() -> Machine:
    """cpu, family, model, cpus, mhz, l2_kib, l3_kib (as the CLI's JSON), and description."""
    info = _first_cpuinfo_block()
    mhz = _to_int(info.get("cpu MHz"))
    m: Machine = {"cpu": info.get("model name", ""), "family": _to_int(info.get("cpu family")),
                  "model": _to_int(info.get("model")), "cpus": os.cpu_count() or 0, "mhz": max(mhz, 0),
                  "l2_kib": _cache_kib(2), "l3_kib": _cache_kib(3)}
    m["description"] = describe(m)
    return m


def describe(m: Machine) -> str:
    """The CLI's one-line description of a machine."""
    s = str(m["cpu"]) or "unknown CPU"
    if int(m["family"]) >= 0:
        s += f" (family {m['family']} model {m['model']})"
    s += f", {m['cpus']} CPUs" if m["cpus"] else ", CPUs unknown"
    if m["mhz"]:
        s += f" at {m['mhz']} MHz"
    if m["l2_kib"]:
        s += f", L2 {m['l2_kib']} KiB/core"
    if m["l3_kib"]:
        s += f", L3 {m['l3_kib']} KiB"
    return s
