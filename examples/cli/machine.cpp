#include "machine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <string_view>
#include <thread>

namespace sigmax::cli {

namespace {

// The "key\t: value" lines of the first processor's block, read once.
std::map<std::string, std::string, std::less<>> first_cpuinfo_block() {
    std::map<std::string, std::string, std::less<>> fields;
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) break;  // end of processor 0's block
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string_view name(line.data(), colon);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        const auto start = line.find_first_not_of(' ', colon + 1);
        fields.emplace(name, start == std::string::npos ? std::string() : line.substr(start));
    }
    return fields;
}

int to_int(const std::string& s) {
    try {
        return s.empty() ? -1 : std::stoi(s);
    } catch (...) {  // not a number: unknown
        return -1;
    }
}

// Size in KiB of cpu0's unified cache at `level` ("1024K" in sysfs).
unsigned cache_kib(int level) {
    for (int index = 0; index < 8; ++index) {
        const std::string dir = fmt::format("/sys/devices/system/cpu/cpu0/cache/index{}/", index);
        std::ifstream level_file(dir + "level"), type_file(dir + "type"), size_file(dir + "size");
        int l = 0;
        std::string type, size;
        if (!(level_file >> l) || !(type_file >> type) || !(size_file >> size)) break;
        if (l == level && type == "Unified") return static_cast<unsigned>(std::max(0, to_int(size)));
    }
    return 0;
}

// JSON strings: the model name is the kernel's text, so keep it printable.
std::string json_safe(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) out += c;
    return out;
}

}  // namespace

MachineInfo read_machine_info() {
    const auto cpuinfo = first_cpuinfo_block();
    auto value = [&](std::string_view key) {
        const auto it = cpuinfo.find(key);
        return it == cpuinfo.end() ? std::string() : it->second;
    };
    MachineInfo m;
    m.cpu = value("model name");
    m.family = to_int(value("cpu family"));
    m.model = to_int(value("model"));
    m.cpus = std::thread::hardware_concurrency();
    const int mhz = to_int(value("cpu MHz"));  // "2596.122": stoi keeps the integer part
    m.mhz = mhz > 0 ? static_cast<unsigned>(mhz) : 0;
    m.l2_kib = cache_kib(2);
    m.l3_kib = cache_kib(3);
    return m;
}

std::string describe(const MachineInfo& m) {
    std::string s = m.cpu.empty() ? std::string("unknown CPU") : m.cpu;
    if (m.family >= 0) s += fmt::format(" (family {} model {})", m.family, m.model);
    s += m.cpus ? fmt::format(", {} CPUs", m.cpus) : std::string(", CPUs unknown");
    if (m.mhz) s += fmt::format(" at {} MHz", m.mhz);
    if (m.l2_kib) s += fmt::format(", L2 {} KiB/core", m.l2_kib);
    if (m.l3_kib) s += fmt::format(", L3 {} KiB", m.l3_kib);
    return s;
}

std::string to_json(const MachineInfo& m) {
    return fmt::format("{{\"cpu\": \"{}\", \"family\": {}, \"model\": {}, \"cpus\": {}, \"mhz\": {}, \"l2_kib\": {}, "
                       "\"l3_kib\": {}}}",
                       json_safe(m.cpu), m.family, m.model, m.cpus, m.mhz, m.l2_kib, m.l3_kib);
}

}  // namespace sigmax::cli
