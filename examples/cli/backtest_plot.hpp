// `sigmax-exec backtest --plot`: the plot is the Python package's
// (`python3 -m sigmax_exec plot-backtest RECORDING.csv OUT.png --title T`).
#pragma once

#include <string>

namespace sigmax::cli {

// The interpreter: $SIGMAX_EXEC_PYTHON, else /usr/bin/python3 when it
// exists, else python3 from PATH.
std::string plot_python();

// Runs the plot command on a recording CSV, PYTHONPATH prefixed with the
// source tree's bindings/python known at build time (when it exists; an
// installed package is found by the interpreter itself). False with `error`
// (the command and how it failed) when it cannot run or exits non-zero.
bool run_plot_backtest(const std::string& recording_csv, const std::string& png, const std::string& title,
                       std::string& error);

}  // namespace sigmax::cli
