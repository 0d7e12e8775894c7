"""Fixtures for the plain-Python tier: an emulator on a loopback port per test, and
the addon's plain-Python package importable without Odoo."""

import pathlib
import sys
import types

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# ``xero_connector/__init__.py`` imports Odoo models; its ``xero`` subpackage does not
# need Odoo, so expose the package without running that __init__.
if "xero_connector" not in sys.modules:
    package = types.ModuleType("xero_connector")
    package.__path__ = [str(ROOT / "xero_connector")]
    sys.modules["xero_connector"] = package

from xero_connector.xero.client import XeroClient, XeroEndpoints  # noqa: E402
from xero_emulator import EmulatorServer  # noqa: E402


class Emulator:
    """A running emulator and a few helpers around its admin API."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.state = server.state

    def admin(self, verb, route, **payload):
        response = requests.request(verb, "%s/_emulator/%s" % (self.url, route), json=payload, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def seed(self, spec="demo", name=None):
        return self.admin("POST", "seed", seed=spec, name=name)["tenant_id"]

    def requests(self):
        return self.admin("GET", "requests")["requests"]

    def endpoints(self):
        return XeroEndpoints.for_base_url(self.url)


@pytest.fixture
def emulator():
    with EmulatorServer() as server:
        yield Emulator(server)


@pytest.fixture
def tenant_id(emulator):
    return emulator.seed("demo")


@pytest.fixture
def client(emulator, tenant_id):
    """A XeroClient on a custom connection (client credentials) to the demo tenant."""
    holder = {}
    xero = XeroClient(emulator.endpoints(), "custom-app", "custom-secret", token_getter=lambda: holder["token"])
    holder["token"] = xero.client_credentials_token()
    return xero


@pytest.fixture
def api(emulator, client, tenant_id):
    """Raw HTTP to the Accounting API, for what the SDK refuses to send (overlong values)."""

    def call(method, path, headers_extra=None, **kwargs):
        token = client._current_token()["access_token"]
        headers = {"Authorization": "Bearer " + token, "xero-tenant-id": tenant_id, **(headers_extra or {})}
        return requests.request(method, emulator.url + "/api.xro/2.0/" + path, timeout=10, headers=headers, **kwargs)

    return call


def pytest_terminal_summary(terminalreporter):
    """Say loudly when the OpenAPI conformance tests could not run (a clone without the
    workspace's shared/ folder): skipped, they fail nothing, but nobody should miss it."""
    from oas import missing  # noqa: PLC0415 - tests/ is on the path only once pytest runs

    reason = missing()
    if reason:
        terminalreporter.write_sep("!", "OpenAPI CONFORMANCE NOT RUN", red=True, bold=True)
        terminalreporter.write_line(reason)
