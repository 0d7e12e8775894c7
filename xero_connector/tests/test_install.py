import os
import re

from odoo.tests import tagged
from odoo.tests.common import BaseCase


@tagged("post_install", "-at_install")
class TestInstall(BaseCase):
    def test_installing_the_addon_logs_no_warning_or_error(self):
        """make test installs the addon into a fresh database and keeps the log."""
        path = os.environ.get("XERO_INSTALL_LOG")
        self.assertTrue(path and os.path.exists(path), "run through `make test`, which sets XERO_INSTALL_LOG")
        with open(path, encoding="utf-8") as handle:
            log = handle.read()
        self.assertIn("xero_connector", log)
        problems = [line for line in log.splitlines() if re.search(r" (WARNING|ERROR|CRITICAL) ", line)]
        self.assertEqual(problems, [])
