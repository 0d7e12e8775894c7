"""The emulator's command line: serves a seeded organisation and keeps its state in a file."""

import signal
import socket
import subprocess
import sys

import requests
from conftest import ROOT


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(port, *args):
    process = subprocess.Popen(
        [sys.executable, "-m", "xero_emulator", "--port", str(port), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in process.stdout:  # log lines first, then the address it serves on
        if "listening on" in line:
            assert "http://127.0.0.1:%d" % port in line
            return process
    raise AssertionError("the emulator exited: %s" % process.wait())


def stop(process):
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def test_cli_seeds_serves_and_persists_state(tmp_path):
    port, state = free_port(), tmp_path / "state.pickle"
    process = start(port, "--seed", "demo", "--state", str(state))
    try:
        tenants = requests.get("http://127.0.0.1:%d/_emulator/tenants" % port, timeout=10).json()["tenants"]
    finally:
        stop(process)
    assert [t["name"] for t in tenants] == ["Demo Company (NZ)"] and tenants[0]["counts"]["Invoices"] == 14
    assert state.exists()
    process = start(port, "--state", str(state))
    try:
        again = requests.get("http://127.0.0.1:%d/_emulator/tenants" % port, timeout=10).json()["tenants"]
    finally:
        stop(process)
    assert [t["tenant_id"] for t in again] == [tenants[0]["tenant_id"]]
