"""Typed errors for everything that can go wrong talking to Xero, so that callers can
tell what to retry (transient, rate limit), what to show (validation) and what needs
an administrator (authentication)."""


class XeroText:
    """Words for a user, kept apart from the values put into them, so that the Odoo
    layer can show them in the reader's language (``text.translated(env._)``) while
    this layer stays plain Python. ``str()`` gives the English, for logs."""

    __slots__ = ("args", "template")

    def __init__(self, template, *args, **kwargs):
        assert not (args and kwargs), "positional or named values, not both"
        self.template = template
        self.args = args or kwargs

    def __str__(self):
        return self.template % self.args if self.args else self.template

    def translated(self, translate):
        def shown(value):
            return value.translated(translate) if isinstance(value, XeroText) else value

        if isinstance(self.args, dict):
            return translate(self.template, **{key: shown(value) for key, value in self.args.items()})
        return translate(self.template, *map(shown, self.args))


def _lt(template, *args, **kwargs):
    """Marks ``template`` for translation: named as Odoo's lazy marker so that the
    ``.pot`` export (which collects the first argument of ``_`` and ``_lt``) finds it."""
    return XeroText(template, *args, **kwargs)


class XeroError(Exception):
    """Base class; ``message`` is safe to show to a user (it never holds a secret).
    ``message`` is English, for logs; ``user_message(env._)`` is what a user reads."""

    def __init__(self, message, status=None):
        self.text = message if isinstance(message, XeroText) else None
        self.message = str(message)
        super().__init__(self.message)
        self.status = status

    def user_message(self, translate):
        """The message in the reader's language; Xero's own words (validation
        messages) stay as Xero wrote them."""
        return self.text.translated(translate) if self.text is not None else self.message


class XeroAuthError(XeroError):
    """The token was refused (401/403): the connection needs a refresh or a reconnect."""


class XeroScopeError(XeroError):
    """A 401 ``AuthorizationUnsuccessful``: the token is good but lacks the scope of this
    endpoint. Only the entity behind the call is stopped; refreshing does not help."""


class XeroGrantRevoked(XeroAuthError):
    """``invalid_grant``: the refresh token is gone; only reconnecting helps."""


class XeroRateLimited(XeroError):
    """429: one of Xero's limits is reached; ``retry_after`` is Xero's Retry-After in
    seconds, ``problem`` which limit (its X-Rate-Limit-Problem)."""

    def __init__(self, message, retry_after=None, problem=None):
        super().__init__(message, 429)
        self.retry_after = retry_after
        self.problem = problem


class XeroValidationError(XeroError):
    """A 400: ``element_errors`` holds each failed element's messages, in order."""

    def __init__(self, message, element_errors=None):
        super().__init__(message, 400)
        self.element_errors = element_errors or []


class XeroNotFound(XeroError):
    def __init__(self, message):
        super().__init__(message, 404)


class XeroTransient(XeroError):
    """5xx, time-outs and dropped connections: worth retrying later."""
