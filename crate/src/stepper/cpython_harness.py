"""Runs a ThreadLab stepper program under CPython with the stepper's
*sequential* schedule, then dumps the final simple-typed globals.

Usage: python3 cpython_harness.py program.py

The stepper's `runSequential` runs the current thread until it blocks or ends,
then the next thread (cyclically, by id in start order) that can proceed. Here
the same rule is enforced on real threads with a baton: only the thread whose
turn it is runs; the program's threading / queue / multiprocessing / time names
are cooperative stand-ins whose blocking calls pass the baton on and retry when
it comes back. multiprocessing.Process runs the target against a copy of the
module globals, as a fork would (threading objects copied, multiprocessing's shared). asyncio is the real
one, with `asyncio.sleep` made a no-op so a task runs until it blocks or ends.

Output: the program's stdout, then "\\x1eGLOBALS\\n", then `name=repr` lines
for the globals made only of ints, bools, strings, None, lists, dicts, tuples.
A deadlock prints "\\x1eDEADLOCK\\n" instead of the globals.
"""

import asyncio as _asyncio
import builtins
import collections
import copy
import os
import queue as _real_queue
import sys
import threading as _rt
import types

_cond = _rt.Condition(_rt.Lock())
_tls = _rt.local()


class _S:
    threads = []  # per id: {"done": bool}
    turn = 0
    stuck = set()


def _me():
    return getattr(_tls, "id", 0)


def _live():
    return [i for i, t in enumerate(_S.threads) if not t["done"]]


def _next_after(me):
    live = _live()
    later = [i for i in live if i > me]
    if later:
        return later[0]
    return live[0] if live else None


def _wait_turn(me):
    with _cond:
        while _S.turn != me:
            _cond.wait()


def _pass_to(nxt):
    with _cond:
        _S.turn = nxt
        _cond.notify_all()


def _block():
    """The current thread cannot proceed: give the baton to the next live thread."""
    me = _me()
    _S.stuck.add(me)
    if set(_live()) <= _S.stuck:
        sys.stdout.flush()
        sys.stdout.write("\x1eDEADLOCK\n")
        sys.stdout.flush()
        os._exit(0)
    nxt = _next_after(me)
    _pass_to(nxt)
    _wait_turn(me)


def _wait_until(pred):
    blocked = False
    while not pred():
        _block()
        blocked = True
    if blocked:
        _S.stuck.clear()


def _finish(me):
    _S.threads[me]["done"] = True
    _S.stuck.clear()
    nxt = _next_after(me)
    _pass_to(nxt)


class _Shared:
    """multiprocessing's objects are shared by all processes (never copied);
    threading's are copied into a child process, as a fork would."""

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


class Lock:
    def __init__(self):
        self._held = False

    def acquire(self, blocking=True, timeout=-1):
        if self._held and not blocking:
            return False
        _wait_until(lambda: not self._held)
        self._held = True
        return True

    def release(self):
        if not self._held:
            raise RuntimeError("release unlocked lock")
        self._held = False

    def locked(self):
        return self._held

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *a):
        self.release()


class RLock:
    def __init__(self):
        self._owner = None
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        me = _me()
        free = lambda: self._owner is None or self._owner == me  # noqa: E731
        if not free() and not blocking:
            return False
        _wait_until(free)
        self._owner = me
        self._count += 1
        return True

    def release(self):
        if self._owner != _me():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if self._count == 0:
            self._owner = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *a):
        self.release()


class Semaphore:
    def __init__(self, value=1):
        self._value = value

    def acquire(self, blocking=True, timeout=None):
        if self._value <= 0 and not blocking:
            return False
        _wait_until(lambda: self._value > 0)
        self._value -= 1
        return True

    def release(self):
        self._value += 1

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *a):
        self.release()


class Condition:
    def __init__(self, lock=None):
        self._lock = lock if lock is not None else RLock()
        self._waiters = []

    def acquire(self, blocking=True):
        return self._lock.acquire(blocking)

    def release(self):
        self._lock.release()

    def __enter__(self):
        return self._lock.acquire()

    def __exit__(self, *a):
        self._lock.release()

    def _owned(self):
        lk = self._lock
        return lk._owner == _me() if isinstance(lk, RLock) else lk._held

    def wait(self, timeout=None):
        if not self._owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        lk = self._lock
        count = 1
        if isinstance(lk, RLock):
            count = lk._count
            lk._owner, lk._count = None, 0
        else:
            lk._held = False
        token = [False]
        self._waiters.append(token)
        # Notified and the lock free: one condition, as in the stepper.
        if isinstance(lk, RLock):
            _wait_until(lambda: token[0] and lk._owner is None)
            lk._owner, lk._count = _me(), count
        else:
            _wait_until(lambda: token[0] and not lk._held)
            lk._held = True
        return True

    def notify(self, n=1):
        if not self._owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        for t in self._waiters[:n]:
            t[0] = True
        del self._waiters[:n]

    def notify_all(self):
        self.notify(len(self._waiters))


class Event:
    def __init__(self):
        self._flag = False

    def set(self):
        self._flag = True

    def clear(self):
        self._flag = False

    def is_set(self):
        return self._flag

    def wait(self, timeout=None):
        _wait_until(lambda: self._flag)
        return True


class Queue:
    def __init__(self, maxsize=0):
        self._items = collections.deque()
        self._max = maxsize

    def _full(self):
        return self._max > 0 and len(self._items) >= self._max

    def put(self, item, block=True, timeout=None):
        if self._full() and not block:
            raise _real_queue.Full
        _wait_until(lambda: not self._full())
        self._items.append(item)

    def get(self, block=True, timeout=None):
        if not self._items and not block:
            raise _real_queue.Empty
        _wait_until(lambda: len(self._items) > 0)
        return self._items.popleft()

    def qsize(self):
        return len(self._items)

    def empty(self):
        return not self._items

    def full(self):
        return self._full()


class MpLock(_Shared, Lock):
    pass


class MpQueue(_Shared, Queue):
    pass


class Value(_Shared):
    def __init__(self, typecode, value):
        self.value = value
        self._lock = RLock()

    def get_lock(self):
        return self._lock


G = {}


def _copy_globals():
    """A fork: a copy of the module globals; functions rebound to the copy."""
    new = {}
    memo = {}
    for k, v in G.items():
        if isinstance(v, types.FunctionType) and v.__globals__ is G:
            new[k] = types.FunctionType(v.__code__, new, v.__name__, v.__defaults__, v.__closure__)
        elif isinstance(v, (types.ModuleType, type)) or callable(v) and not isinstance(v, _Shared):
            new[k] = v
        else:
            try:
                new[k] = copy.deepcopy(v, memo)
            except Exception:
                new[k] = v
    return new, memo


class Thread:
    _count = 0
    _kind = "Thread"

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        self._target, self._args = target, tuple(args)
        self._id = None
        self._process = False
        if name is None:
            # CPython's default names (classes and exceptions: subclasses read self.name).
            cls = Process if self._kind == "Process" else Thread
            cls._count += 1
            name = f"{self._kind}-{cls._count}"
            if target is not None and self._kind == "Thread":
                name += f" ({target.__name__})"
        self.name = name
        self.daemon = bool(daemon)

    def run(self):
        if self._target is not None:
            self._target(*self._args)

    def start(self):
        if self._id is not None:
            raise RuntimeError("threads can only be started once")
        run, me = type(self).run, self
        if self._process:
            new, memo = _copy_globals()
            if isinstance(run, types.FunctionType) and run.__globals__ is G:
                run = types.FunctionType(run.__code__, new, run.__name__, run.__defaults__, run.__closure__)
            target = self._target
            if isinstance(target, types.FunctionType) and target.__globals__ is G:
                target = new[target.__name__]
            me = copy.copy(self)
            me.__dict__.update(copy.deepcopy({k: v for k, v in self.__dict__.items() if k != "_target"}, memo))
            me._target = target
        self._id = len(_S.threads)
        _S.threads.append({"done": False})
        tid = self._id

        def body():
            _tls.id = tid
            _wait_turn(tid)
            _S.stuck.clear()
            try:
                run(me)
            except BaseException:
                # As threading.excepthook prints it, on stderr; only this thread ends.
                import traceback

                sys.stdout.flush()
                head = "Process" if self._process else "Exception in thread"
                sys.stderr.write(f"{head} {self.name}:\n")
                traceback.print_exc()
                sys.stderr.flush()
            _finish(tid)

        _rt.Thread(target=body, daemon=True).start()

    def join(self, timeout=None):
        if self._id is None:
            raise RuntimeError("cannot join thread before it is started")
        _wait_until(lambda: _S.threads[self._id]["done"])

    def is_alive(self):
        return self._id is not None and not _S.threads[self._id]["done"]


class Process(Thread):
    _count = 0
    _kind = "Process"

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        super().__init__(group, target, name, args, kwargs, daemon=daemon)
        self._process = True


async def _sleep(delay, result=None):
    return result


def _module(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(m, k, v)
    return m


def _is_simple(v, depth=0):
    if depth > 20:
        return False
    if v is None or isinstance(v, (bool, int, str)):
        return True
    if isinstance(v, (list, tuple)):
        return all(_is_simple(x, depth + 1) for x in v)
    if isinstance(v, dict):
        return all(_is_simple(k, depth + 1) and _is_simple(x, depth + 1) for k, x in v.items())
    return False


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        src = f.read()
    fakes = {
        "threading": _module(
            "threading", Thread=Thread, Lock=Lock, RLock=RLock, Semaphore=Semaphore,
            BoundedSemaphore=Semaphore, Condition=Condition, Event=Event,
        ),
        "queue": _module("queue", Queue=Queue, Empty=_real_queue.Empty, Full=_real_queue.Full),
        "multiprocessing": _module("multiprocessing", Process=Process, Value=Value, Queue=MpQueue, Lock=MpLock),
        "time": _module("time", sleep=lambda s: None),
        "asyncio": _module(
            "asyncio", run=_asyncio.run, gather=_asyncio.gather, sleep=_sleep, Lock=_asyncio.Lock,
            Queue=_asyncio.Queue, create_task=_asyncio.create_task,
        ),
    }
    real_import = builtins.__import__

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name in fakes:
            return fakes[name]
        return real_import(name, globals, locals, fromlist, level)

    bi = dict(vars(builtins))
    bi["__import__"] = fake_import
    G.update({"__name__": "__main__", "__builtins__": bi})
    _S.threads.append({"done": False})
    _tls.id = 0
    exec(compile(src, path, "exec"), G)
    _finish(0)
    with _cond:
        while _live():
            _cond.wait()
    sys.stdout.flush()
    sys.stdout.write("\x1eGLOBALS\n")
    for k in sorted(G):
        v = G[k]
        if not k.startswith("__") and _is_simple(v):
            sys.stdout.write(f"{k}={v!r}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
