"""The import path of the SIGMAX seed's native module, `sigmax_rust_execution`,
served by sigmax_exec: the same names, the same objects.

SIGMAX code that did `import sigmax_rust_execution` (or imported names from
it) keeps working unchanged. The seed's `core.modules.rust_execution` is the
one-line shim of docs/python.md ("The seed's import paths").
"""
from sigmax_exec import (RUST_MODULE_AVAILABLE, Execution, RustExecutionEngine, benchmark_latency,
                         execute_batch)

RustExecution = Execution  # the seed's result record: read by attribute (docs/python.md)

__all__ = ["RUST_MODULE_AVAILABLE", "RustExecution", "RustExecutionEngine", "benchmark_latency", "execute_batch"]
