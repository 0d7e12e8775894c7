"""The end-of-run scan that no secret the emulator saw reached the Odoo log."""

import pathlib
import subprocess
import sys

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "check_log_secrets.py"


def scan(tmp_path, log, secrets):
    (tmp_path / "odoo.log").write_text(log)
    (tmp_path / "secrets.txt").write_text(secrets)
    return subprocess.run(
        [sys.executable, SCRIPT, tmp_path / "odoo.log", tmp_path / "secrets.txt"], capture_output=True, text=True
    )


def test_a_leaked_token_fails_the_run_and_is_not_printed(tmp_path):
    result = scan(tmp_path, "INFO refreshed\nDEBUG body access_token=abcdef123456789 ok\n", "abcdef123456789\n")
    assert result.returncode == 1
    assert "odoo.log:2: DEBUG body access_token=<SECRET> ok" in result.stdout
    assert "abcdef123456789" not in result.stdout


def test_a_clean_log_passes(tmp_path):
    result = scan(tmp_path, "INFO access token refreshed\n", "abcdef123456789\n")
    assert result.returncode == 0
    assert "none found" in result.stdout


def test_no_recorded_secret_is_a_failure_not_a_pass(tmp_path):
    assert scan(tmp_path, "INFO x\n", "\n").returncode == 1
