"""A run's figures, how they reach the sync log, and the small helpers the engine's
pieces share."""

import contextlib
import dataclasses
import time

from odoo import fields, models, modules, tools
from odoo.exceptions import UserError


class XeroConnectionUnusable(UserError):
    """The connection cannot call Xero until someone acts (no tokens, or Xero revoked
    them); the connection says so already. A button shows it as any UserError; a run
    stops on it quietly."""


def committing():
    """Whether the engine commits as it goes: always, except in Odoo's tests, which
    run in one transaction (Odoo's own batch jobs, e.g. account's, make the same
    exception)."""
    return not tools.config["test_enable"] and not modules.module.current_test


def auto_commit(env):
    """Commit a page or batch so that a crash loses no finished work."""
    if committing():
        env.cr.commit()


@contextlib.contextmanager
def undone_on_error(env):
    """What the block wrote and did not commit is undone when it raises."""
    if not committing():
        with env.cr.savepoint():
            yield
        return
    try:
        yield
    except Exception:
        env.cr.rollback()
        raise


def plain(values):
    """Values as JSON can store them (a record becomes its id)."""
    return {k: (v.id if isinstance(v, models.BaseModel) else v) for k, v in values.items()}


@dataclasses.dataclass
class RunStats:
    """What one pull, fetch or push of one entity did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list = dataclasses.field(default_factory=list)  # (res_model, res_id, xero_id, message)
    started: float = dataclasses.field(default_factory=time.monotonic)
    oldest_change: object = None  # the oldest UpdatedDateUTC of the Xero changes it took

    def took_change(self, updated):
        if updated and (not self.oldest_change or updated < self.oldest_change):
            self.oldest_change = updated

    def fail(self, res_model, res_id, xero_id, message):
        self.failed += 1
        self.failures.append((res_model, res_id, xero_id, message))


class EntityWork:
    """A piece of a run that acts for one entity (a pull, a push, a page's merge): the
    run, its connection, environment and client, the entity, and the figures it adds
    to (its own unless given)."""

    def __init__(self, run, entity, stats=None):
        self.sync_run = run
        self.connection = run.connection
        self.env = run.env
        self.client = run.client
        self.entity = entity
        self.stats = RunStats() if stats is None else stats
        self.Link = run.env["xero.sync.link"].sudo()


def write_log(connection, entity_name, direction, stats, outcome=None, message=None, calls=0):
    """One line of the connection's sync log, with a line per failed record; nothing
    when nothing happened."""
    if not (stats.created or stats.updated or stats.failed or outcome or calls):
        return
    connection.env["xero.sync.log"].sudo().create(
        {
            "connection_id": connection.id,
            "entity": entity_name,
            "direction": direction,
            "created_count": stats.created,
            "updated_count": stats.updated,
            "unchanged_count": stats.unchanged,
            "failed_count": stats.failed,
            "api_calls": calls,
            "duration": time.monotonic() - stats.started,
            "message": message,
            "outcome": outcome or ("partial" if stats.failed else "done"),
            "line_ids": [
                fields.Command.create({"res_model": m, "res_id": i, "xero_id": x, "message": msg})
                for m, i, x, msg in stats.failures
            ],
        }
    )
