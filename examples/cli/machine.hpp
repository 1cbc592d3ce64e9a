// What a bench ran on, printed next to its figures.
//
// A virtual machine can keep its name ("AMD EPYC", 2 vCPUs) while the host
// under it changes, and with it every figure: figures are only comparable
// with the CPU family, model and caches beside them.
#pragma once

#include <string>

namespace sigmax::cli {

struct MachineInfo {
    std::string cpu;        // /proc/cpuinfo's model name; empty when unknown
    int family = -1;        // x86 family and model; -1 when unknown
    int model = -1;
    unsigned cpus = 0;      // online CPUs; 0 when unknown
    unsigned mhz = 0;       // as the kernel reports it (in a VM, usually the TSC rate); 0 when unknown
    unsigned l2_kib = 0;    // per core; 0 when unknown
    unsigned l3_kib = 0;    // as the CPU reports it, not what a VM's share is
};

// Reads Linux's /proc/cpuinfo and /sys; elsewhere the fields stay unknown.
MachineInfo read_machine_info();

// "AMD EPYC (family 26 model 2), 2 CPUs at 2596 MHz, L2 1024 KiB/core, L3 32768 KiB"
std::string describe(const MachineInfo& m);

// {"cpu": "AMD EPYC", "family": 26, "model": 2, "cpus": 2, "mhz": 2596, "l2_kib": 1024, "l3_kib": 32768}
std::string to_json(const MachineInfo& m);

}  // namespace sigmax::cli
