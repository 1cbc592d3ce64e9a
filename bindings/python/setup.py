"""Copies the C header into the package at build time, so an installed
package carries the declarations cffi reads (one source: capi/sigmax_exec.h)."""
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "..", "..", "capi", "sigmax_exec.h")


class BuildPyWithHeader(build_py):
    def run(self):
        super().run()
        if os.path.exists(HEADER):
            dest = os.path.join(self.build_lib, "sigmax_exec", "_include")
            os.makedirs(dest, exist_ok=True)
            shutil.copyfile(HEADER, os.path.join(dest, "sigmax_exec.h"))


setup(cmdclass={"build_py": BuildPyWithHeader})
