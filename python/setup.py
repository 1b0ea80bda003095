"""Builds libAgentEconomiesC.so with SwiftPM (release) and bundles it in the package.

`pip install ./python` runs this from the repository's `python/` folder; the Swift package
is its parent. Set AGENT_ECONOMIES_LIBRARY to bundle an already built library instead.
`scripts/wheel.sh` makes the manylinux wheel (OpenBLAS and LAPACKE bundled by auditwheel).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70
    from wheel.bdist_wheel import bdist_wheel

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEEDS_SWIFT = ("agent-economies: building from source needs a Swift 6 toolchain (https://www.swift.org/install) "
               "and a checkout of the repository (python/ inside it); install a wheel instead")


class BuildWithSwift(build_py):
    """build_py that first builds the shared library and copies it and the header in."""

    def run(self):
        package = HERE / "agent_economies"
        prebuilt = os.environ.get("AGENT_ECONOMIES_LIBRARY")
        if prebuilt:
            library = Path(prebuilt)
        else:
            if not (ROOT / "Package.swift").exists() or shutil.which("swift") is None:
                sys.exit(NEEDS_SWIFT)
            subprocess.run(["swift", "build", "-c", "release", "--product", "AgentEconomiesC"], cwd=ROOT, check=True)
            binary = subprocess.run(
                ["swift", "build", "-c", "release", "--show-bin-path"],
                cwd=ROOT, check=True, capture_output=True, text=True,
            ).stdout.strip()
            library = Path(binary) / "libAgentEconomiesC.so"
        shutil.copy2(library, package / "libAgentEconomiesC.so")
        header = ROOT / "Sources/AgentEconomiesCHeader/include/agent_economies.h"
        if header.exists():
            shutil.copy2(header, package / "agent_economies.h")
        super().run()


class BinaryDistribution(Distribution):
    """The wheel carries a native library: tag it for this platform, not as pure Python."""

    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    """A wheel for any Python 3 on this platform (no extension module: ctypes loads the
    library), `py3-none-linux_x86_64` until auditwheel names its manylinux policy."""

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(cmdclass={"build_py": BuildWithSwift, "bdist_wheel": PlatformWheel}, distclass=BinaryDistribution)
