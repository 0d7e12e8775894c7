"""``python -m xero_emulator --port PORT [--seed demo|empty|SIZE] [--state FILE] [--tier starter]``"""

import argparse
import logging
import os
import signal
import sys

from . import seed as seeding
from .server import EmulatorServer
from .state import DAILY_LIMIT_BY_TIER, EmulatorState


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m xero_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", help="'demo', 'empty' or a number of contacts to generate")
    parser.add_argument("--state", help="file to load the state from at start and save it to at exit")
    parser.add_argument("--no-limits", action="store_true", help="switch Xero's rate limits off")
    parser.add_argument(
        "--tier",
        choices=sorted(DAILY_LIMIT_BY_TIER),
        default="standard",
        help="the organisation's API tier: starter allows 1,000 calls a day, others 5,000",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s xero-emulator %(message)s")

    state = EmulatorState()
    if args.state and os.path.exists(args.state):
        state.load(args.state)
    elif args.seed:
        tenant = seeding.seed(state, args.seed)
        logging.info("seeded %s (tenant %s)", tenant.name, tenant.tenant_id)
    state.limits.per_day = DAILY_LIMIT_BY_TIER[args.tier]
    if args.no_limits:
        state.limits.per_minute = state.limits.per_day = state.limits.concurrent = 0
    server = EmulatorServer(args.host, args.port, state)

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # the line scripts wait for before they talk to the emulator
    sys.stdout.write("Xero emulator listening on %s\n" % server.url)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logging.info("stopped")
    finally:
        if args.state:
            state.save(args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
