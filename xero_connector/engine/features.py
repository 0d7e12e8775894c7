"""Where a feature joins the engine, from its own file: a step of every run
(``register_step``) and a look at what a push just sent (``register_after_push``). Each
says when the connection uses it (``when(connection)``): a feature switched off costs a
run nothing, not even a call to find out it is off."""

import dataclasses
import typing

# {name: FeatureStep}
_STEPS = {}
# {entity name: [(function, when)]}
_AFTER_PUSH = {}


@dataclasses.dataclass(frozen=True)
class FeatureStep:
    name: str
    place: int
    function: typing.Callable  # (run)
    after_clicks: bool
    when: typing.Callable = None  # (connection) -> whether the connection uses the feature


def register_step(name, place, function, after_clicks=False, when=None):
    """A feature joins every run: ``function(run)`` is called at ``place`` among the
    run's steps (``SyncRun.CORE_STEPS`` names the places of the engine's own), while
    ``when(connection)`` holds (always, without it); with ``after_clicks``, also after
    the push a button or a save makes at once. Like the engine's steps, it may raise
    Xero's errors: a rate limit or a lost authorisation stops the rest of the run."""
    _STEPS[name] = FeatureStep(name, place, function, after_clicks, when)


def register_after_push(entity_name, function, when=None):
    """``function(run, records, links)`` is called in the push's own transaction with the
    Odoo records of ``entity_name`` Xero has just taken, while ``when(connection)``
    holds: what the feature must not lose if the process stops right after the push."""
    _AFTER_PUSH.setdefault(entity_name, []).append((function, when))


def feature_steps(connection, after_clicks=False):
    """The registered steps ``connection`` takes, as ``FeatureStep``s (only those that
    follow a click's push, with ``after_clicks``)."""
    return [
        step
        for step in _STEPS.values()
        if (step.after_clicks or not after_clicks) and (step.when is None or step.when(connection))
    ]


def after_push_hooks(entity_name, connection):
    """The functions registered for ``entity_name`` that ``connection`` uses."""
    return [function for function, when in _AFTER_PUSH.get(entity_name, ()) if when is None or when(connection)]
