"""The sync engine: one run of one connection, as plain classes over Odoo's ORM.

- ``run.py``: ``SyncRun``, a run's steps in order (pulls, webhook fetches, pushes,
  contact groups, overdue follow-ups, the import's end), deferral, scope refusals and
  the quota Xero reports;
- ``schedule.py``: the budget and schedule rules: the daily reserve, the daily limit
  learnt, quiet-read back-off, webhook health, the clock they read;
- ``budget.py``: Xero's per-minute and concurrent limits, shared by every worker;
- ``pull.py``: reading what changed in Xero, page by page from a cursor, or by id;
- ``merge.py``: matching, creating and merging Xero's records into Odoo;
- ``push.py``: sending pending Odoo records to Xero in batches;
- ``contact_groups.py``: Xero's contact groups as partner tags, both ways;
- ``log.py``: a run's figures, written to the sync log.

``xero.connection`` keeps the connection's fields and thin entry points that start a
``SyncRun``; the synced models give the engine their hooks (``xero.synced.mixin``).
"""

from . import schedule
from .log import RunStats, auto_commit, plain
from .run import SyncRun
