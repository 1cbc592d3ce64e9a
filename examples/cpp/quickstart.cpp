// The C++ API in a few dozen lines: an engine, a symbol, a resting sell, an
// IOC buy that trades with it, the fill, the book, an amend, a cancel and
// the statistics. Links the static library (sigmax_exec::sigmax_exec_static):
// the shared one exports only the C ABI.
#include <cstdio>

#include "sigmax/engine.hpp"

int main() {
    using namespace sigmax;
    Engine engine;
    if (engine.configure_symbol(7, /*tick*/ 0.01, /*lot*/ 0.001) != Status::Ok) return 1;

    ExecutionReport sell;
    (void)engine.execute({7, Side::Sell, OrderType::Limit, TimeInForce::GTC, 101.25, 2.0}, sell);
    std::printf("sell: order %llu rests %.3f\n", static_cast<unsigned long long>(sell.order_id),
                sell.remaining_quantity);

    ExecutionReport buy;
    if (engine.execute({7, Side::Buy, OrderType::Limit, TimeInForce::IOC, 101.50, 0.5}, buy) != Status::Ok) return 1;
    std::printf("buy: filled %.3f at %.2f (limit 101.50), status %d\n", buy.executed_quantity, buy.executed_price,
                static_cast<int>(buy.status));

    {
        // One claim for several calls; Engine's own calls get Busy meanwhile.
        Engine::Session session(engine);
        session.take_fills([](const Fill& f) {
            std::printf("fill: maker %llu taker %llu, %.3f at %.2f\n",
                        static_cast<unsigned long long>(f.maker_order_id),
                        static_cast<unsigned long long>(f.taker_order_id), f.quantity, f.price);
        });
        (void)session.amend(sell.order_id, 1.0);  // a decrease keeps time priority
    }

    TopOfBook top;
    (void)engine.top_of_book(7, top);
    std::printf("book: ask %.2f x %.3f\n", top.ask_price, top.ask_quantity);
    std::printf("cancel: %s\n", engine.cancel(sell.order_id) == Status::Ok ? "ok" : "not resting");

    const StatsSnapshot stats = engine.stats_snapshot();  // safe from any thread
    std::printf("stats: %llu orders, %llu fills, %llu amends, %llu cancels\n",
                static_cast<unsigned long long>(stats.orders_processed), static_cast<unsigned long long>(stats.fills),
                static_cast<unsigned long long>(stats.amends), static_cast<unsigned long long>(stats.cancels));
}
