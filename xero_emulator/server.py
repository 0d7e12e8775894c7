"""Serving the emulator: in a background thread (tests, benchmark) or in the foreground (CLI)."""

import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import EmulatorApp

WEBHOOK_INTERVAL_SECONDS = 1.0


class _QuietHandler(WSGIRequestHandler):
    """The admin API's request log replaces werkzeug's line per request."""

    def log_request(self, *args, **kwargs):
        pass


class EmulatorServer:
    """``with EmulatorServer() as emu:`` serves on a free loopback port until the block ends."""

    def __init__(self, host="127.0.0.1", port=0, state=None):
        self.app = EmulatorApp(state)
        self.state = self.app.state
        self._server = make_server(host, port, self.app, threaded=True, request_handler=_QuietHandler)
        self.port = self._server.server_port
        self.url = "http://%s:%d" % (host, self.port)
        self._thread = None

    def start(self):
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="xero-emulator", daemon=True
        )
        self._thread.start()
        self._start_webhook_sender()
        return self

    def stop(self):
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join()

    def serve_forever(self):
        self._start_webhook_sender()
        self._server.serve_forever()

    def _start_webhook_sender(self):
        """Deliver the events of tenants whose webhook sends automatically, every second
        (tests deliver explicitly through the admin API instead, to stay deterministic)."""
        self._stopping = threading.Event()

        def loop():
            while not self._stopping.wait(WEBHOOK_INTERVAL_SECONDS):
                for tenant in list(self.state.tenants.values()):
                    if tenant.webhook_auto:
                        self.app.admin.deliver_webhook(tenant)

        threading.Thread(target=loop, name="xero-emulator-webhooks", daemon=True).start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
