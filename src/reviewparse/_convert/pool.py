"""Ordered, bounded parallel map over workers that die with their parent.

``ordered_map(fn, items, jobs)`` gives what ``map(fn, items)`` gives, in the same
order, computed by ``jobs`` worker processes. At most ``IN_FLIGHT_PER_JOB`` items
per worker are submitted ahead of the result being waited for, so memory does not
grow with the input; ``jobs == 1`` runs in this process. Workers leave Ctrl-C to
the main process, and exit once it is gone.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

IN_FLIGHT_PER_JOB = 3

A = TypeVar("A")
T = TypeVar("T")


def _nothing() -> None:
    return None


def ordered_map(
    fn: Callable[[A], T],
    items: Iterable[A],
    jobs: int,
    *,
    warm_up: Callable[[], object] = _nothing,
) -> Generator[T, None, None]:
    """``fn`` over ``items``, results in order, with a bounded number in flight.

    ``warm_up`` runs here before the workers start, so that forked workers inherit
    what it built, and once in each worker that starts afresh.
    """
    if jobs <= 1:
        for item in items:
            yield fn(item)
        return
    warm_up()
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(os.getpid(), warm_up)
    ) as pool:
        pending: deque[Future[T]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                while len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _start_worker(parent: int, warm_up: Callable[[], object]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    warm_up()


def _exit_with(parent: int) -> None:
    """End this worker once the main process is gone (SIGKILL, OOM killer).

    A worker waits on its task pipe, whose write end it inherited, so it never
    sees end-of-file: without this, a killed run would leave its workers behind.
    """
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
