"""What machine a peer script ran on, for the line printed beside its
figures. Shared by the scripts in this folder (each runs with scripts/ on
sys.path, as `python scripts/NAME.py` puts it there)."""

import platform


def cpu_name():
    """The CPU's model name from /proc/cpuinfo, else what `platform` says."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
