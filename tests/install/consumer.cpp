// The same through the installed C++ API.
#include <sigmax/engine.hpp>

#include <cstdio>

int main() {
    sigmax::Engine engine;
    sigmax::ExecutionReport r;
    engine.execute({1, sigmax::Side::Sell, sigmax::OrderType::Limit, sigmax::TimeInForce::GTC, 3000.0, 2.0}, r);
    engine.execute({1, sigmax::Side::Buy, sigmax::OrderType::Limit, sigmax::TimeInForce::IOC, 3000.0, 2.0}, r);
    if (r.status != sigmax::OrderStatus::Filled) return 1;
    std::printf("consumer_cpp: filled %.1f at %.1f\n", r.executed_quantity, r.executed_price);
    return 0;
}
