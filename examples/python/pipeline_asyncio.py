"""Orders from asyncio through the pipeline: one matching thread, every
submission awaited. Crossing buys and sells of one lot at one price pair up.

Run from a checkout: PYTHONPATH=bindings/python python3 examples/python/pipeline_asyncio.py
"""
import asyncio

import sigmax_exec as sx


async def main() -> None:
    with sx.Pipeline(queue_capacity=10000) as pipe:
        reports = await asyncio.gather(*(pipe.execute(1, i % 2, sx.OrderType.LIMIT, 100.0, 1.0) for i in range(1000)))
        filled = sum(r.status == sx.OrderStatus.FILLED for r in reports)
        print(f"backend {sx.BACKEND}: {len(reports)} orders, {filled} filled, "
              f"{len(reports) - filled} rested then filled by a later order")


asyncio.run(main())
