"""The sync engine: one run of one connection, as plain classes over Odoo's ORM.

- ``run.py``: ``SyncRun``, the order of a run (pulls, webhook fetches, pushes), the
  rate budget, deferral, scope refusals and the quota Xero reports;
- ``pull.py``: reading what changed in Xero, page by page from a cursor, or by id;
- ``merge.py``: matching, creating and merging Xero's records into Odoo;
- ``push.py``: sending pending Odoo records to Xero in batches;
- ``contact_groups.py``: Xero's contact groups as partner tags, both ways;
- ``log.py``: a run's figures, written to the sync log.

``xero.connection`` keeps the connection's fields and thin entry points that start a
``SyncRun``; the synced models give the engine their hooks (``xero.synced.mixin``).
"""

from .log import RunStats, auto_commit, plain
from .run import SyncRun
