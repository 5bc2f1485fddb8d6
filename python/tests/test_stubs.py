"""The type stubs agree with the extension (mypy's stubtest). (Type-checking
sparsejit.torch too, `mypy -p sparsejit`, passes but takes half a minute
of CI analysing torch, so it is left to a manual run.)"""

import subprocess
import sys


def run(args, cwd):
    # From a folder without python/sparsejit in it, so the installed
    # package (with its compiled extension) is the one checked.
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True)


def test_stubs_match_the_extension(tmp_path):
    out = run(["mypy.stubtest", "sparsejit._sparsejit"], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr

