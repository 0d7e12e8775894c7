"""The client's per-tenant throttle keeps a process under 60 calls a minute and 5 at once."""

import threading

from xero_connector.xero.throttle import TenantThrottle


class FakeTime:
    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_sixty_first_call_in_a_minute_waits_for_the_window():
    fake = FakeTime()
    throttle = TenantThrottle(clock=fake.clock, sleep=fake.sleep)
    for _ in range(60):
        with throttle:
            fake.now += 0.5
    assert fake.slept == []
    with throttle:
        pass
    assert fake.slept == [30.0]  # the first call of the window was 30 s ago


def test_at_most_five_calls_at_once():
    throttle = TenantThrottle(concurrent=5)
    inside, peak, release = [0], [0], threading.Event()
    lock = threading.Lock()

    def call():
        with throttle:
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            release.wait(5)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert peak[0] <= 5
