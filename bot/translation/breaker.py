"""A minimal circuit breaker: after N consecutive failures, skip the guarded call for M seconds."""
import threading
import time
from typing import Callable


class CircuitBreaker:
    def __init__(self, failure_threshold: int = 3, reset_after_s: float = 30.0,
                 clock: Callable[[], float] = time.monotonic):
        self.failure_threshold = max(1, failure_threshold)
        self.reset_after_s = reset_after_s
        self._clock = clock
        self._failures = 0
        self._opened_at = None
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """True when the call may be tried: closed, or open long enough to try again."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._clock() - self._opened_at >= self.reset_after_s:
                # Half-open: let calls through; the next failure re-opens at once because
                # the failure count is still at the threshold.
                self._opened_at = None
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures >= self.failure_threshold:
                self._opened_at = self._clock()

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened_at is not None and self._clock() - self._opened_at < self.reset_after_s
