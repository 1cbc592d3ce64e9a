// Binance's rules for keeping a local book from a REST snapshot plus the
// diff depth stream, applied to a recording, for one symbol.
//
// USD(S)-M and COIN-M futures (diffs carry `pu`): drop diffs with u < L (the
// snapshot's lastUpdateId); the first applied diff must have U <= L <= u;
// then each diff's pu must equal the previous diff's u.
// Spot (no `pu`): drop diffs with u <= L; the first applied diff must have
// U <= L+1 <= u; then each diff's U must be the previous u + 1 (an overlap,
// U <= previous u + 1 < u, loses nothing: quantities are absolute).
//
// A recorder fetches the snapshot while the stream runs, so diffs that follow
// the snapshot in update-id order can sit *before* the snapshot line in the
// file. A ring of the most recent diffs (bounded: constant memory) is kept;
// at a snapshot, the ring's diffs the snapshot does not cover are applied
// after it, as a live client applies its buffered events.
//
// A broken chain is never bridged silently: the diff after the break is
// applied (its quantities are absolute, so the levels it names are right) and
// flagged as a gap; levels changed by the lost diffs stay stale until the
// next snapshot.
#pragma once

#include <cstdint>
#include <vector>

namespace sigmax::md::detail {

struct DepthLevel {
    std::int64_t price = 0;     // ticks
    std::int64_t quantity = 0;  // lots
    std::uint8_t side = 0;      // SGX_SIDE_BUY / SGX_SIDE_SELL
};

// One depthUpdate on the symbol's grid.
struct DepthUpdate {
    std::uint64_t first_id = 0;     // U
    std::uint64_t last_id = 0;      // u
    std::uint64_t previous_id = 0;  // pu (futures)
    bool has_previous_id = false;
    std::int64_t exch_ts = 0, local_ts = 0;
    std::uint16_t time_flags = 0;   // SGX_MD_F_NO_EXCH_TS if the message had no time
    std::vector<DepthLevel> levels; // bids then asks, in message order
    bool applied = false;           // applied at least once
};

enum class DepthVerdict {
    Hold,           // no snapshot yet: kept for replay at the snapshot
    Drop,           // covered by the snapshot or already applied
    Apply,          // continues the chain
    ApplyAfterGap,  // applied, but diffs were lost just before it
};

class DepthSync {
public:
    explicit DepthSync(std::size_t ring_capacity = 2048);

    // The slot for the next diff (reused memory). `evicted_unapplied` is set
    // to 1 if making room evicted a diff that was never applied.
    DepthUpdate& next_slot(std::uint64_t& evicted_unapplied);
    // Decides about the diff just written to next_slot() (and advances the chain).
    DepthVerdict on_update(DepthUpdate& update);

    // A snapshot with lastUpdateId `id` replaced the book: the chain restarts.
    void on_snapshot(std::uint64_t id);
    // The diffs held in the ring, oldest first (to replay after a snapshot).
    std::size_t size() const { return count_; }
    DepthUpdate& at(std::size_t i) { return ring_[(head_ + i) % capacity_]; }

    bool has_snapshot() const { return phase_ != Phase::NoSnapshot; }
    // Diffs held in the ring that were never applied (counted at the end).
    std::uint64_t unapplied_in_ring() const;

private:
    enum class Phase { NoSnapshot, AwaitingFirst, Synced };
    Phase phase_ = Phase::NoSnapshot;
    std::uint64_t chain_id_ = 0;  // the snapshot's id (AwaitingFirst) or the last applied u (Synced)
    std::size_t capacity_;
    std::vector<DepthUpdate> ring_;
    std::size_t head_ = 0, count_ = 0;
};

}  // namespace sigmax::md::detail
