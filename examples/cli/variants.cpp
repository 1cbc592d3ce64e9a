#include "variants.hpp"

#include "baseline_book.hpp"
#include "sigmax_exec.h"

namespace sigmax::cli {

namespace {

constexpr std::size_t kOrderCapacity = 1u << 17;
constexpr std::size_t kFillCapacity = 1u << 20;

class CppVariant final : public Variant {
public:
    CppVariant(std::string name, const Workload& w, bool timestamps)
        : Variant(std::move(name)), w_(w), fills_(1u << 16) {
        config_.order_capacity = kOrderCapacity;
        config_.fill_capacity = kFillCapacity;
        config_.timestamps = timestamps;
    }
    void reset() override {
        engine_ = std::make_unique<Engine>(config_);
        for (std::uint32_t s = 0; s < w_.params.symbols; ++s) engine_->configure_symbol(s, w_.tick_size, w_.lot_size);
    }
    void replay(std::size_t first, std::size_t n, Recorder* rec) override {
        ExecutionReport r;
        Engine& e = *engine_;
        for (std::size_t i = first; i < first + n; ++i) {
            const Event& ev = w_.events[i];
            const std::uint64_t t0 = rec ? rec->clock.now() : 0;
            if (ev.kind == Event::Kind::New) (void)e.execute(ev.order, r);
            else (void)e.cancel(ev.cancel_id);
            if (rec) rec->record(t0, rec->clock.now());
        }
    }
    void drain(FillTally& tally) override {
        std::size_t n = 0;
        do {
            (void)engine_->drain_fills(fills_, n);
            for (std::size_t i = 0; i < n; ++i)
                tally.add(fills_[i].maker_order_id, fills_[i].taker_order_id, fills_[i].price_ticks, fills_[i].quantity_lots);
        } while (n == fills_.size());
    }

private:
    const Workload& w_;
    Engine::Config config_;
    std::unique_ptr<Engine> engine_;
    std::vector<Fill> fills_;
};

class CVariant final : public Variant {
public:
    CVariant(std::string name, const Workload& w, bool batch)
        : Variant(std::move(name)), w_(w), batch_(batch), fills_(1u << 16), reports_(4096) {
        sgx_engine_config_init(&config_);
        config_.order_capacity = kOrderCapacity;
        config_.fill_capacity = kFillCapacity;
        orders_.reserve(w.events.size());
        for (const Event& e : w.events) orders_.push_back(to_c_order(e.order));
    }
    ~CVariant() override { sgx_engine_destroy(engine_); }
    void reset() override {
        sgx_engine_destroy(engine_);
        engine_ = nullptr;
        sgx_engine_create(&engine_, &config_);
        for (std::uint32_t s = 0; s < w_.params.symbols; ++s) sgx_engine_configure_symbol(engine_, s, w_.tick_size, w_.lot_size);
    }
    void replay(std::size_t first, std::size_t n, Recorder* rec) override {
        if (batch_) return replay_batch(first, n, rec);
        sgx_report r;
        for (std::size_t i = first; i < first + n; ++i) {
            const std::uint64_t t0 = rec ? rec->clock.now() : 0;
            if (w_.events[i].kind == Event::Kind::New) (void)sgx_engine_execute(&r, engine_, &orders_[i]);
            else (void)sgx_engine_cancel(engine_, w_.events[i].cancel_id);
            if (rec) rec->record(t0, rec->clock.now());
        }
    }
    void drain(FillTally& tally) override {
        std::size_t n = 0;
        do {
            sgx_engine_drain_fills(fills_.data(), &n, engine_, fills_.size());
            for (std::size_t i = 0; i < n; ++i)
                tally.add(fills_[i].maker_order_id, fills_[i].taker_order_id, fills_[i].price_ticks, fills_[i].quantity_lots);
        } while (n == fills_.size());
    }

private:
    // Runs of consecutive orders go in one call; each order of a run is
    // charged an equal share of the call's time.
    void replay_batch(std::size_t first, std::size_t n, Recorder* rec) {
        std::size_t i = first;
        const std::size_t end = first + n;
        while (i < end) {
            if (w_.events[i].kind == Event::Kind::Cancel) {
                const std::uint64_t t0 = rec ? rec->clock.now() : 0;
                (void)sgx_engine_cancel(engine_, w_.events[i].cancel_id);
                if (rec) rec->record(t0, rec->clock.now());
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < end && j - i < reports_.size() && w_.events[j].kind == Event::Kind::New) ++j;
            std::size_t done = 0;
            const std::uint64_t t0 = rec ? rec->clock.now() : 0;
            (void)sgx_engine_execute_batch(reports_.data(), &done, engine_, &orders_[i], j - i);
            if (rec) {
                const std::uint64_t share = rec->clock.to_ns(rec->clock.now() - t0) / (j - i);
                for (std::size_t k = i; k < j; ++k) rec->record_ns(share);
            }
            i = j;
        }
    }

    const Workload& w_;
    sgx_engine_config config_;
    bool batch_;
    sgx_engine* engine_ = nullptr;
    std::vector<sgx_order> orders_;
    std::vector<sgx_fill> fills_;
    std::vector<sgx_report> reports_;
};

class BaselineVariant final : public Variant {
public:
    explicit BaselineVariant(const Workload& w) : Variant("baseline-stdmap"), w_(w) {}
    void reset() override { engine_ = std::make_unique<BaselineEngine>(w_.tick_size, w_.lot_size); }
    void replay(std::size_t first, std::size_t n, Recorder* rec) override {
        BaselineEngine& e = *engine_;
        for (std::size_t i = first; i < first + n; ++i) {
            const Event& ev = w_.events[i];
            const std::uint64_t t0 = rec ? rec->clock.now() : 0;
            if (ev.kind == Event::Kind::New) e.execute(ev.order);
            else (void)e.cancel(ev.cancel_id);
            if (rec) rec->record(t0, rec->clock.now());
        }
    }
    void drain(FillTally& tally) override {
        for (const BaselineFill& f : engine_->fills()) tally.add(f.maker, f.taker, f.price, f.lots);
        engine_->fills().clear();
    }

private:
    const Workload& w_;
    std::unique_ptr<BaselineEngine> engine_;
};

}  // namespace

std::unique_ptr<Variant> make_cpp_variant(std::string name, const Workload& w, bool timestamps) {
    return std::make_unique<CppVariant>(std::move(name), w, timestamps);
}
std::unique_ptr<Variant> make_c_variant(std::string name, const Workload& w, bool batch) {
    return std::make_unique<CVariant>(std::move(name), w, batch);
}
std::unique_ptr<Variant> make_baseline_variant(const Workload& w) { return std::make_unique<BaselineVariant>(w); }

}  // namespace sigmax::cli
