"""Builds the package with the native engine inside (native_build.py says how
and which environment variables choose): the built package carries
libsigmax_exec.so and _include/sigmax_exec.h, and its wheel is a platform
wheel, py3-none-<platform> (the library is loaded with cffi's ABI mode or
ctypes, so it does not depend on the Python version). With SIGMAX_EXEC_PURE=1
the wheel is py3-none-any. An sdist carries the C/C++ sources under native/."""
import os
import sys

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_build  # noqa: E402  (beside this file, in the checkout and in the sdist)

NATIVE = not native_build.pure_requested()


class BuildPyWithNative(build_py):
    def run(self):
        super().run()
        build_base = self.get_finalized_command("build").build_base
        try:
            native_build.install_native(os.path.join(self.build_lib, "sigmax_exec"), build_base)
        except native_build.NativeBuildError as exc:
            sys.exit(f"sigmax_exec: {exc}")


class SdistWithNative(sdist):
    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        native_build.copy_native_tree(base_dir)


class BinaryDistribution(Distribution):
    """Installs into platlib and makes bdist_wheel tag for the platform when the library is bundled."""
    def has_ext_modules(self):
        return NATIVE


cmdclass = {"build_py": BuildPyWithNative, "sdist": SdistWithNative}
try:
    from wheel.bdist_wheel import bdist_wheel

    class BdistWheel(bdist_wheel):
        def finalize_options(self):
            super().finalize_options()
            self.root_is_pure = not NATIVE

        def get_tag(self):
            python, abi, plat = super().get_tag()
            return ("py3", "none", plat) if NATIVE else (python, abi, plat)

    cmdclass["bdist_wheel"] = BdistWheel
except ImportError:  # no wheel package: pip cannot build wheels either
    pass

setup(cmdclass=cmdclass, distclass=BinaryDistribution)
