#include "backtest_plot.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#ifndef SIGMAX_PYTHON_PATH
#define SIGMAX_PYTHON_PATH ""
#endif

namespace sigmax::cli {

namespace {

bool is_dir(const char* path) {
    struct stat st {};
    return path[0] != '\0' && ::stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::string plot_python() {
    const char* env = std::getenv("SIGMAX_EXEC_PYTHON");
    if (env != nullptr && env[0] != '\0') return env;
    if (::access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
    return "python3";
}

bool run_plot_backtest(const std::string& recording_csv, const std::string& png, const std::string& title,
                       std::string& error) {
    const std::string python = plot_python();
    std::vector<std::string> args = {python, "-m", "sigmax_exec", "plot-backtest", recording_csv, png};
    if (!title.empty()) {
        args.emplace_back("--title");
        args.push_back(title);
    }
    std::string command;
    for (const std::string& a : args) command += (command.empty() ? "" : " ") + a;

    std::string pythonpath;
    if (is_dir(SIGMAX_PYTHON_PATH)) {
        pythonpath = SIGMAX_PYTHON_PATH;
        const char* old = std::getenv("PYTHONPATH");
        if (old != nullptr && old[0] != '\0') pythonpath += std::string(":") + old;
    }
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) {
        error = "cannot run `" + command + "`: " + std::strerror(errno);
        return false;
    }
    if (pid == 0) {
        if (!pythonpath.empty()) ::setenv("PYTHONPATH", pythonpath.c_str(), 1);
        ::execvp(argv[0], argv.data());
        std::_Exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            error = "`" + command + "`: " + std::strerror(errno);
            return false;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        error = "`" + command + "` could not start (set SIGMAX_EXEC_PYTHON to a Python with sigmax_exec and matplotlib)";
    else if (WIFEXITED(status))
        error = "`" + command + "` exited with status " + std::to_string(WEXITSTATUS(status));
    else
        error = "`" + command + "` was killed by signal " + std::to_string(WTERMSIG(status));
    return false;
}

}  // namespace sigmax::cli
