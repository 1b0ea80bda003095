"""Builds libAgentEconomiesC.so with SwiftPM (release) and bundles it in the package.

`pip install ./python` runs this from the repository's `python/` folder; the Swift package
is its parent. Set AGENT_ECONOMIES_LIBRARY to bundle an already built library instead.
"""

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class BuildWithSwift(build_py):
    """build_py that first builds the shared library and copies it and the header in."""

    def run(self):
        package = HERE / "agent_economies"
        prebuilt = os.environ.get("AGENT_ECONOMIES_LIBRARY")
        if prebuilt:
            library = Path(prebuilt)
        else:
            if not (ROOT / "Package.swift").exists():
                raise RuntimeError(f"no Package.swift in {ROOT}: build from the repository's python/ folder")
            subprocess.run(["swift", "build", "-c", "release", "--product", "AgentEconomiesC"], cwd=ROOT, check=True)
            binary = subprocess.run(
                ["swift", "build", "-c", "release", "--show-bin-path"],
                cwd=ROOT, check=True, capture_output=True, text=True,
            ).stdout.strip()
            library = Path(binary) / "libAgentEconomiesC.so"
        shutil.copy2(library, package / "libAgentEconomiesC.so")
        shutil.copy2(ROOT / "Sources/AgentEconomiesCHeader/include/agent_economies.h", package / "agent_economies.h")
        super().run()


class BinaryDistribution(Distribution):
    """The wheel carries a native library: tag it for this platform, not as pure Python."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithSwift}, distclass=BinaryDistribution)
