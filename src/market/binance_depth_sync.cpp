#include "binance_depth_sync.hpp"

namespace sigmax::md::detail {

DepthSync::DepthSync(std::size_t ring_capacity) : capacity_(ring_capacity == 0 ? 1 : ring_capacity) {}

DepthUpdate& DepthSync::next_slot(std::uint64_t& evicted_unapplied) {
    evicted_unapplied = 0;
    if (count_ == capacity_) {
        if (!ring_[head_].applied) evicted_unapplied = 1;
        head_ = (head_ + 1) % capacity_;
        --count_;
    }
    // The ring grows to its capacity as diffs arrive (head_ stays 0 until full).
    const std::size_t index = (head_ + count_) % capacity_;
    if (index == ring_.size()) ring_.emplace_back();
    DepthUpdate& slot = ring_[index];
    ++count_;
    slot.levels.clear();
    slot.applied = false;
    slot.has_previous_id = false;
    slot.time_flags = 0;
    return slot;
}

DepthVerdict DepthSync::on_update(DepthUpdate& d) {
    const bool futures = d.has_previous_id;
    switch (phase_) {
    case Phase::NoSnapshot:
        return DepthVerdict::Hold;
    case Phase::AwaitingFirst: {
        const std::uint64_t snapshot_id = chain_id_;
        if (futures ? d.last_id < snapshot_id : d.last_id <= snapshot_id) return DepthVerdict::Drop;
        const bool covers = futures ? d.first_id <= snapshot_id : d.first_id <= snapshot_id + 1;
        phase_ = Phase::Synced;
        chain_id_ = d.last_id;
        d.applied = true;
        return covers ? DepthVerdict::Apply : DepthVerdict::ApplyAfterGap;
    }
    case Phase::Synced: {
        if (d.last_id <= chain_id_) return DepthVerdict::Drop;
        const bool continues = futures ? d.previous_id == chain_id_ : d.first_id <= chain_id_ + 1;
        chain_id_ = d.last_id;
        d.applied = true;
        return continues ? DepthVerdict::Apply : DepthVerdict::ApplyAfterGap;
    }
    }
    return DepthVerdict::Drop;
}

void DepthSync::on_snapshot(std::uint64_t id) {
    phase_ = Phase::AwaitingFirst;
    chain_id_ = id;
}

std::uint64_t DepthSync::unapplied_in_ring() const {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < count_; ++i)
        if (!ring_[(head_ + i) % capacity_].applied) ++n;
    return n;
}

}  // namespace sigmax::md::detail
