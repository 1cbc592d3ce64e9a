// libFuzzer target: the event-file reader on arbitrary bytes, then (when the
// header is valid) verify(), seek and a replay of the events into L2 and L3
// books. Nothing may crash, hang or read out of bounds, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sigmax/market/event_file.hpp"
#include "sigmax/market/replay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A mapping is page-aligned; libFuzzer's buffer is not: copy into aligned memory.
    std::vector<std::uint64_t> aligned((size + 7) / 8);
    if (size > 0) std::memcpy(aligned.data(), data, size);
    const auto* bytes = reinterpret_cast<const std::byte*>(aligned.data());

    sigmax::md::EventFile file;
    if (file.view({bytes, size}, "fuzz") != sigmax::Status::Ok) return 0;
    (void)file.seek(file.header().first_local_ts);
    (void)file.seek(file.header().last_local_ts + 1);
    const bool verified = file.view({bytes, size}, "fuzz") == sigmax::Status::Ok && file.verify() == sigmax::Status::Ok;
    // verify() closes the view on failure; the books must survive unverified events too.
    if (!verified && file.view({bytes, size}, "fuzz") != sigmax::Status::Ok) return 0;
    sigmax::md::L2Books l2;
    sigmax::md::L3Books l3;
    l2.apply(file.events());
    l3.apply(file.events());
    return 0;
}
