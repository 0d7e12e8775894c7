"""Small helpers shared by the sync engine's pull, push and run code."""
import time

from odoo import models, modules, tools


def auto_commit(env):
    """Commit a page or batch so that a crash loses no finished work. Tests run in one
    transaction (Odoo's own batch jobs, e.g. account's, make the same exception)."""
    if not tools.config["test_enable"] and not modules.module.current_test:
        env.cr.commit()


def plain(values):
    """Values as JSON can store them (a record becomes its id)."""
    return {k: (v.id if isinstance(v, models.BaseModel) else v) for k, v in values.items()}


class RunStats:
    def __init__(self):
        self.created = self.updated = self.unchanged = self.failed = 0
        self.failures = []          # (res_model, res_id, xero_id, message)
        self.started = time.monotonic()
