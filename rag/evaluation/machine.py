"""The CPU a measurement ran on, with the instruction sets int8 inference hangs on (VNNI above all)."""

from __future__ import annotations

from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


def cpu_model(cpuinfo: str) -> str:
    """The CPU as /proc/cpuinfo names it, with the instruction sets int8 inference speed hangs on."""
    first = cpuinfo.split("\n\n")[0]  # one block per logical CPU; they match
    fields = {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in first.splitlines() if ":" in line)}
    name = fields.get("model name", "unknown CPU")
    family = (
        f" (family {fields['cpu family']}, model {fields['model']})"
        if "cpu family" in fields and "model" in fields
        else ""
    )
    flags = set(fields.get("flags", "").split())
    isa = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    return f"{name}{family}; {', '.join(isa) or 'no AVX2'}"


def this_cpu() -> str | None:
    """`cpu_model` of this machine; None where the system does not say (no /proc/cpuinfo)."""
    try:
        return cpu_model(CPUINFO.read_text())
    except OSError:
        return None
