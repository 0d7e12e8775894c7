"""A standalone emulator of the parts of Xero's APIs that xero_connector uses.

It serves, on one base URL, the identity host (OAuth2), the Accounting API under
``/api.xro/2.0/`` and the ``/Connections`` endpoint, plus an admin API under
``/_emulator/`` used by tests, the demo and the benchmark to seed data, inject
faults, move the clock and read back the requests received.
"""

from .app import EmulatorApp
from .server import EmulatorServer
from .state import EmulatorState

__all__ = ["EmulatorApp", "EmulatorServer", "EmulatorState"]
