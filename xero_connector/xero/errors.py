"""Typed errors for everything that can go wrong talking to Xero, so that callers can
tell what to retry (transient, rate limit), what to show (validation) and what needs
an administrator (authentication)."""


class XeroError(Exception):
    """Base class; ``message`` is safe to show to a user (it never holds a secret)."""

    retryable = False

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        self.status = status


class XeroAuthError(XeroError):
    """The token was refused (401/403): the connection needs a refresh or a reconnect."""


class XeroScopeError(XeroError):
    """A 401 ``AuthorizationUnsuccessful``: the token is good but lacks the scope of this
    endpoint. Only the entity behind the call is stopped; refreshing does not help."""


class XeroGrantRevoked(XeroAuthError):
    """``invalid_grant``: the refresh token is gone; only reconnecting helps."""


class XeroRateLimited(XeroError):
    retryable = True

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

    retryable = True
