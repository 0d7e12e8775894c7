"""A connection's budget and schedule, in one place: the share of Xero's daily limit kept
for people clicking, the daily limit learnt from Xero's headers, how seldom an entity
nothing changes in is read, when webhooks are trusted to report changes, and the clock
all of it reads. The run (``run.py``) applies these rules; the connection only stores
what they need."""

import datetime as dt
import logging

from odoo import fields

from ..xero.errors import XeroRateLimited

_logger = logging.getLogger(__name__)

# Xero's daily limits by tier since March 2026 (Starter, the others); the larger one is
# assumed until Xero's headers show otherwise
DAY_LIMIT_TIERS = (1000, 5000)
DEFAULT_DAY_LIMIT = DAY_LIMIT_TIERS[-1]
# when the daily reserve is reached, look again in an hour (Xero does not say when its
# daily window resets)
BUDGET_RETRY_SECONDS = 3600
# an entity nothing changes in is read at most this seldom; one whose changes healthy
# webhooks report, only this often, as a safety net: an idle organisation costs well
# under 100 calls a day
MAX_QUIET_WAIT = dt.timedelta(hours=2)
WEBHOOK_SAFETY_NET = dt.timedelta(hours=6)
# webhooks count as working while Xero delivered (or checked them) this recently
WEBHOOK_HEALTHY_DAYS = 7
# a change Xero made longer ago than this and no webhook announced was not delivered
WEBHOOK_DELIVERY_GRACE = dt.timedelta(minutes=15)
# Xero retries a failed delivery for up to 24 hours, then gives up: an event older than
# that (and an hour for the clocks) is someone posting a captured delivery again
WEBHOOK_EVENT_MAX_AGE = dt.timedelta(hours=25)


def now(connection):
    """Now, for scheduling; the benchmark and the tests simulate time with ``xero_now``
    in the context."""
    return connection.env.context.get("xero_now") or fields.Datetime.now()


# -- the daily budget ---------------------------------------------------------------------------
def day_reserve(connection):
    """The reserve set on the connection, else a tenth of the daily limit Xero's
    headers showed (1,000 calls on the Starter tier, 5,000 on the others)."""
    return connection.daily_api_reserve or (connection.api_day_limit or DEFAULT_DAY_LIMIT) // 10


def day_limit_shown(day_left, known_limit):
    """The daily limit ``day_left`` calls left reveal (the smallest tier above them),
    when it is more than the limit known so far; else None. Xero states no limit."""
    limit = next((tier for tier in DAY_LIMIT_TIERS if day_left < tier), day_left + 1)
    return limit if limit > (known_limit or 0) else None


def check_budget(connection, day_left):
    """Routine syncs leave the last calls of the day to people clicking buttons: at the
    reserve, the rest of the run waits (``XeroRateLimited``)."""
    if day_left is not None and day_left <= day_reserve(connection):
        raise XeroRateLimited(
            connection.env._(
                "Only %(left)s API calls are left today, the reserve kept for interactive use.", left=day_left
            ),
            retry_after=BUDGET_RETRY_SECONDS,
            problem="reserve",
        )


def history_notes_affordable(connection, day_left):
    """History notes cost a call per updated record: not while the day's calls are down
    to the reserve."""
    return day_left is None or day_left > day_reserve(connection)


# -- when each entity is read ---------------------------------------------------------------------
def read_due(connection, cursor_name, scheduled):
    """A routine (``scheduled``) run reads what the cursor follows once its quiet period
    is over (an import clears it); any other run reads everything."""
    if not scheduled:
        return True
    cursor = connection._xero_cursor(cursor_name)
    return not cursor.next_pull_date or cursor.next_pull_date <= now(connection)


def schedule_next_read(connection, cursor_name, changed, webhooks_report=False):
    """When the cursor is read next: at the next run while Xero changes what it follows,
    after a period that doubles with each quiet read otherwise, and only as a safety net
    where healthy webhooks report its changes."""
    cursor = connection._xero_cursor(cursor_name)
    if changed:
        cursor.write({"idle_pulls": 0, "next_pull_date": False})
        return
    idle = cursor.idle_pulls + 1
    if webhooks_report and webhooks_healthy(connection):
        wait = WEBHOOK_SAFETY_NET
    else:
        base = dt.timedelta(minutes=max(connection.sync_interval_minutes or 5, 1))
        wait = min(base * 2 ** min(idle, 10), MAX_QUIET_WAIT)
    cursor.write({"idle_pulls": idle, "next_pull_date": now(connection) + wait})


# -- webhook health -------------------------------------------------------------------------------
def webhooks_healthy(connection):
    """Webhooks are set up, Xero delivered to them (or checked them) lately, and no read
    found a change they left out since."""
    recent = now(connection) - dt.timedelta(days=WEBHOOK_HEALTHY_DAYS)
    delivered = connection.webhook_last_date
    return bool(connection.webhook_key_set and delivered and delivered >= recent and not webhooks_silent(connection))


def webhook_event_recent(connection, event):
    """Xero could still be delivering ``event``: its ``eventDateUtc`` (naive UTC, to the
    millisecond) is within the day Xero retries for. An event without a readable date is
    not: Xero always dates them."""
    try:
        date = dt.datetime.strptime(str(event.get("eventDateUtc"))[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return False
    return date >= now(connection) - WEBHOOK_EVENT_MAX_AGE


def webhooks_silent(connection):
    """A read found changes no delivery announced, and nothing was delivered since."""
    lost, delivered = connection.webhook_lost_date, connection.webhook_last_date
    return bool(lost and (not delivered or lost >= delivered))


def check_delivery(connection, entity, oldest_unannounced):
    """A read that finds ``entity`` changes webhooks should have announced long ago shows
    they no longer arrive (Xero disables a webhook after a day of failed deliveries):
    the connection stops counting on them, its quiet schedules restart, and it says so,
    until Xero delivers again. ``oldest_unannounced``: when the oldest change the read
    found was made, or None."""
    if not oldest_unannounced or oldest_unannounced >= now(connection) - WEBHOOK_DELIVERY_GRACE:
        return
    _logger.warning(
        "Xero connection %s: %s changed in Xero without a webhook delivery; reading Xero on the "
        "normal schedule until webhooks arrive again",
        connection.id,
        entity.collection,
    )
    connection._xero_record_status({"webhook_lost_date": fields.Datetime.now()})
    connection.env["xero.sync.cursor"].sudo().search([("connection_id", "=", connection.id)]).write(
        {"next_pull_date": False, "idle_pulls": 0}
    )
