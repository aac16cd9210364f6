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
one, with `asyncio.sleep(0)` made a no-op so a task runs until it blocks or ends; `asyncio.run` is a
Runner on the virtual loop below (so it cancels the tasks left when main returns), `get_event_loop` /
`new_event_loop` give virtual loops, and `run_in_executor` / `to_thread` run the function from the loop
(the stepper's thread runs it once the awaiting task blocks) instead of on a worker thread.

The virtual clock (the stepper's `vm/clock.rs` rule, kept identical here): computation takes
no virtual time; `time.sleep(t)` blocks the baton until virtual time reaches its wake-up (so
does a call with a timeout, until its deadline); when every live thread is blocked or asleep the
clock jumps to the earliest wake-up or deadline, and the thread that found everyone blocked
re-checks first, then the baton goes on cyclically as usual. asyncio runs on an event loop whose
`time()` is the same virtual clock and whose selector advances it instead of waiting. `random` is
CPython's own, seeded with the stepper's default page seed (0) before the program runs.

Output: the program's stdout, then "\\x1eGLOBALS\\n", then `name=repr` lines
for the globals made only of ints, bools, strings, None, lists, dicts, tuples.
A deadlock prints "\\x1eDEADLOCK\\n" instead of the globals.
"""

import asyncio as _asyncio
import builtins
import collections
import copy
import heapq
import os
import queue as _real_queue
import random as _random
import selectors
import sys
import threading as _rt
import types

_cond = _rt.Condition(_rt.Lock())
_tls = _rt.local()


class _S:
    threads = []  # per id: {"done": bool, "daemon": bool, "proc": int}
    turn = 0
    # clock: blocked threads -> (predicate, wake-up or deadline in ns or None)
    waiting = {}
    now = 0
    over = False
    names = 0  # threading's _counter
    process_names = 0
    processes = 0
    objs = {}  # thread id -> its Thread stand-in
    proc_globals = {}  # multiprocessing: process -> its module globals


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


def _block(pred, wake=None):
    """The current thread cannot proceed: give the baton to the next live thread. When every
    live thread is blocked (each one's predicate false), the virtual clock jumps to the earliest
    wake-up, and this thread re-checks first; with no wake-up it is a deadlock."""
    me = _me()
    _S.waiting[me] = (pred, wake)
    live = _live()
    if all(t in _S.waiting for t in live) and not any(_S.waiting[t][0]() for t in live):
        wakes = [_S.waiting[t][1] for t in live if _S.waiting[t][1] is not None]
        if not wakes:
            sys.stdout.flush()
            sys.stdout.write("\x1eDEADLOCK\n")
            sys.stdout.flush()
            os._exit(0)
        _S.now = max(_S.now, min(wakes))
        return
    nxt = _next_after(me)
    _pass_to(nxt)
    _wait_turn(me)


def _wait_until(pred, wake=None):
    while not pred():
        _block(pred, wake)
    _S.waiting.pop(_me(), None)


def _finish(me):
    _S.threads[me]["done"] = True
    _S.waiting.pop(me, None)
    live = _live()
    if live and _S.threads[0]["done"] and all(_S.threads[t]["daemon"] for t in live):
        # CPython's shutdown: only daemon threads are left, the program ends without them.
        _S.over = True
        _pass_to(None)
        return
    nxt = _next_after(me)
    _pass_to(nxt)


NS = 1_000_000_000
EPOCH = 1_700_000_000  # time.time() at virtual time 0, as in vm/clock.rs
IDENT_BASE = 140_000_000_000_000
MAIN_PID = 1000
CPU_COUNT = 4


def _ns(t, what="sleep"):
    if t is None:
        return None
    if t < 0:
        raise ValueError(f"{what} length must be non-negative")
    return t * NS if isinstance(t, int) else round(t * NS)


def _deadline(timeout):
    """A call's deadline in virtual ns, or None without a timeout."""
    ns = _ns(timeout, "timeout")
    return None if ns is None else _S.now + ns


def _sleep_ns(ns):
    if ns > 0:
        wake = _S.now + ns
        _wait_until(lambda: _S.now >= wake, wake)


def _time_sleep(t):
    _sleep_ns(_ns(t))


def _timed_wait(ok, timeout):
    """Waits until ok() or the timeout passes; returns ok()."""
    d = _deadline(timeout)
    _wait_until(lambda: ok() or (d is not None and _S.now >= d), d)
    return ok()


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
        if not _timed_wait(lambda: not self._held, None if timeout == -1 else timeout):
            return False
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
        if not _timed_wait(free, None if timeout == -1 else timeout):
            return False
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
        if not _timed_wait(lambda: self._value > 0, timeout):
            return False
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
        d = _deadline(timeout)
        # Notified (or past the deadline) and the lock free: one condition, as in the stepper.
        woken = lambda: token[0] or (d is not None and _S.now >= d)  # noqa: E731
        if isinstance(lk, RLock):
            _wait_until(lambda: woken() and lk._owner is None, d)
            lk._owner, lk._count = _me(), count
        else:
            _wait_until(lambda: woken() and not lk._held, d)
            lk._held = True
        if not token[0]:
            self._waiters.remove(token)
        return token[0]

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
        return _timed_wait(lambda: self._flag, timeout)


class Queue:
    def __init__(self, maxsize=0):
        self._items = collections.deque()
        self._max = maxsize
        self._unfinished = 0

    def _full(self):
        return self._max > 0 and len(self._items) >= self._max

    def _put(self, item):
        self._items.append(item)

    def _get(self):
        return self._items.popleft()

    def put(self, item, block=True, timeout=None):
        if self._full() and not block:
            raise _real_queue.Full
        if not _timed_wait(lambda: not self._full(), timeout):
            raise _real_queue.Full
        self._put(item)
        self._unfinished += 1

    def get(self, block=True, timeout=None):
        if not self._items and not block:
            raise _real_queue.Empty
        if not _timed_wait(lambda: len(self._items) > 0, timeout):
            raise _real_queue.Empty
        return self._get()

    def put_nowait(self, item):
        return self.put(item, False)

    def get_nowait(self):
        return self.get(False)

    def task_done(self):
        if self._unfinished <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished -= 1

    def join(self):
        _wait_until(lambda: self._unfinished == 0)

    def qsize(self):
        return len(self._items)

    def empty(self):
        return not self._items

    def full(self):
        return self._full()


class LifoQueue(Queue):
    def _get(self):
        return self._items.pop()


class PriorityQueue(Queue):
    def _put(self, item):
        heapq.heappush(self._items, item)

    def _get(self):
        return heapq.heappop(self._items)

    def __init__(self, maxsize=0):
        super().__init__(maxsize)
        self._items = []


class SimpleQueue(Queue):
    def __init__(self):
        super().__init__()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        super().__init__(value)
        self._bound = value

    def release(self):
        if self._value >= self._bound:
            raise ValueError("Semaphore released too many times")
        self._value += 1


class Barrier:
    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self.parties = parties
        self._count = 0
        self._gen = 0

    @property
    def n_waiting(self):
        return self._count

    def wait(self, timeout=None):
        index = self._count
        if index + 1 >= self.parties:
            self._count = 0
            self._gen += 1
            return index
        self._count += 1
        g = self._gen
        _wait_until(lambda: self._gen != g)
        return index


class MpLock(_Shared, Lock):
    pass


class MpQueue(_Shared, Queue):
    # multiprocessing: what goes through is a pickled copy (vm/mp_pickle.rs)
    def _put(self, item):
        self._items.append(_transfer(item, None))

    def _get(self):
        return _transfer(self._items.popleft(), _my_globals())

    def close(self):
        pass

    join_thread = cancel_join_thread = close


class Value(_Shared):
    def __init__(self, typecode, value=0, lock=True):
        self.value = float(value) if typecode in ("d", "f") else value
        self._lock = RLock()

    def get_lock(self):
        return self._lock

    def acquire(self, *a):
        return self._lock.acquire(*a)

    def release(self):
        self._lock.release()


# multiprocessing: Pipe, Array, and pickling's copies (the stepper's vm/mp.rs, vm/mp_pickle.rs)
def _my_globals():
    return _S.proc_globals.get(_S.threads[_me()]["proc"], G)


def _transfer(v, g, memo=None):
    """A pickled copy of v; with g, functions found by name in g (the receiver's module)."""
    memo = {} if memo is None else memo
    if id(v) in memo:
        return memo[id(v)]
    if isinstance(v, types.FunctionType):
        if g is not None and any(v.__globals__ is pg for pg in _S.proc_globals.values()):
            w = g.get(v.__name__)
            if isinstance(w, types.FunctionType):
                return w
        return v
    if isinstance(v, (_Shared, type, types.ModuleType)) or v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, list):
        out = memo[id(v)] = []
        out.extend(_transfer(x, g, memo) for x in v)
        return out
    if isinstance(v, tuple):
        return tuple(_transfer(x, g, memo) for x in v)
    if isinstance(v, dict):
        out = memo[id(v)] = {}
        for k, x in v.items():
            out[_transfer(k, g, memo)] = _transfer(x, g, memo)
        return out
    if isinstance(v, (set, frozenset)):
        return type(v)(_transfer(x, g, memo) for x in v)
    if hasattr(v, "__dict__"):
        c = memo[id(v)] = copy.copy(v)
        c.__dict__.update({k: _transfer(x, g, memo) for k, x in v.__dict__.items()})
        return c
    return copy.deepcopy(v)


class _Conn(_Shared):
    def __init__(self, rx, tx):
        self._rx, self._tx, self._closed = rx, tx, set()

    def _check(self):
        if _S.threads[_me()]["proc"] in self._closed:
            raise OSError("handle is closed")

    def send(self, obj):
        self._check()
        if self._tx is None:
            raise OSError("connection is read-only")
        self._tx.put(obj)

    def recv(self):
        self._check()
        if self._rx is None:
            raise OSError("connection is write-only")
        return self._rx.get()

    def poll(self, timeout=0.0):
        self._check()
        if self._rx is None:
            raise OSError("connection is write-only")
        if self._rx._items:
            return True
        if timeout is not None and timeout <= 0:
            return False
        return _timed_wait(lambda: len(self._rx._items) > 0, timeout)

    def close(self):
        self._closed.add(_S.threads[_me()]["proc"])


def _pipe(duplex=True):
    a = MpQueue()
    if duplex:
        b = MpQueue()
        return _Conn(a, b), _Conn(b, a)
    return _Conn(a, None), _Conn(None, a)


class _Array(_Shared):
    def __init__(self, typecode, size_or_init, lock=True):
        conv = float if typecode in ("d", "f") else int
        if isinstance(size_or_init, int):
            self._items = [conv(0)] * size_or_init
        else:
            self._items = [conv(x) for x in size_or_init]
        self._lock = RLock()

    def __getitem__(self, i):
        return self._items[i]

    def __setitem__(self, i, v):
        self._items[i] = v

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(list(self._items))

    def get_lock(self):
        return self._lock

    def acquire(self, *a):
        return self._lock.acquire(*a)

    def release(self):
        self._lock.release()


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


def _newname(prefix):
    _S.names += 1
    return f"{prefix}-{_S.names}"


class Thread:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None, _process=False):
        self._target, self._args = target, tuple(args)
        self._kwargs = dict(kwargs or {})
        self._id = None
        self._process = _process
        self._wake = None
        self._cancelled = False
        if name is not None:
            self.name = str(name)
        elif _process:
            _S.process_names += 1
            self.name = f"Process-{_S.process_names}"
        else:
            self.name = _newname("Thread")
            if target is not None and hasattr(target, "__name__"):  # stdlib: as threading.py
                self.name += f" ({target.__name__})"
        self.daemon = _S.threads[_me()]["daemon"] if daemon is None else bool(daemon)

    @property
    def ident(self):
        return None if self._id is None else IDENT_BASE + self._id

    native_id = ident

    @property
    def pid(self):
        return None if self._id is None else MAIN_PID + _S.threads[self._id]["proc"]

    def getName(self):
        return self.name

    def setName(self, name):
        self.name = name

    def isDaemon(self):
        return self.daemon

    def setDaemon(self, d):
        self.daemon = d

    def run(self):
        if self._target is not None:
            self._target(*self._args, **self._kwargs)

    def _body(self, run, me):
        if self._wake is not None:
            wake = self._wake
            _wait_until(lambda: _S.now >= wake or self._cancelled, wake)
            if self._cancelled:
                return
        run(me)

    def start(self):
        if self._id is not None:
            raise RuntimeError("threads can only be started once")
        # A subclass's run() (classes), on a fork-copied instance for a process.
        run, me = type(self).run, self
        proc = _S.threads[_me()]["proc"]
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
            _S.processes += 1
            proc = _S.processes
            _S.proc_globals[proc] = new  # multiprocessing
        self._id = len(_S.threads)
        _S.threads.append({"done": False, "daemon": self.daemon, "proc": proc})
        _S.objs[self._id] = self
        tid = self._id

        def body():
            _tls.id = tid
            _wait_turn(tid)
            try:
                self._body(run, me)
            except SystemExit:  # sys.exit() in a thread ends that thread silently
                pass
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
        if self._id == _me():
            raise RuntimeError("cannot join current thread")
        _timed_wait(lambda: _S.threads[self._id]["done"], timeout)

    def is_alive(self):
        return self._id is not None and not _S.threads[self._id]["done"]

    def __repr__(self):  # samples: threading.Thread.__repr__, with the stepper's idents
        status = "initial" if self._id is None else "stopped" if _S.threads[self._id]["done"] else "started"
        if self.daemon:
            status += " daemon"
        if self._id is not None:
            status += f" {self.ident}"
        return f"<{type(self).__name__}({self.name}, {status})>"


class Process(Thread):
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        super().__init__(group, target, name, args, kwargs, daemon=daemon, _process=True)


class Timer(Thread):
    def __init__(self, interval, function, args=None, kwargs=None):
        super().__init__(target=function, args=args or (), kwargs=kwargs)
        self.name = self.name.split(" (")[0]
        self._interval = interval

    def start(self):
        self._wake = _S.now + _ns(self._interval)
        super().start()

    def cancel(self):
        self._cancelled = True


class _Named:
    def __init__(self, name, tid, process=False):
        self.name, self._id, self.daemon = name, tid, False
        self._process = process

    ident = Thread.ident
    native_id = Thread.ident
    pid = Thread.pid
    getName = Thread.getName
    is_alive = Thread.is_alive

    def __repr__(self):
        if self._process:
            return object.__repr__(self)
        return f"<_MainThread({self.name}, started {self.ident})>"


def _current_thread():
    me = _me()
    obj = _S.objs.get(me)
    if obj is None:
        obj = _S.objs[me] = _Named("MainThread", me)
    elif obj.name is None:
        obj.name = _newname("Dummy")
    return obj


def _main_thread():
    if 0 not in _S.objs:
        _S.objs[0] = _Named("MainThread", 0)
    return _S.objs[0]


def _enumerate():
    out = [_main_thread()] if not _S.threads[0]["done"] else []
    for i, t in enumerate(_S.threads):
        obj = _S.objs.get(i)
        if i and not t["done"] and obj is not None and obj.name is not None:
            out.append(obj)
    return out


def _start_new_thread(f, args, kwargs=None):
    t = Thread(target=f, args=args, kwargs=kwargs, daemon=True)
    _S.names -= 1  # a _thread thread takes no name until current_thread() asks
    t.name = None
    t.start()
    return t.ident


_main_process = _Named("MainProcess", 0, True)


def _current_process():
    proc = _S.threads[_me()]["proc"]
    if proc == 0:
        return _main_process
    for obj in _S.objs.values():
        if getattr(obj, "_process", False) and _S.threads[obj._id]["proc"] == proc:
            return obj
    return _main_process


class _VirtualSelector(selectors.SelectSelector):
    """asyncio's selector on the virtual clock: a wait advances the clock instead."""

    def select(self, timeout=None):
        if timeout is not None and timeout > 0:
            _S.now += max(1, round(timeout * NS))
        return super().select(0)


class _VirtualLoop(_asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(_VirtualSelector())

    def run_in_executor(self, executor, fn, *args):
        return _run_in_loop(self, fn, args)

    def time(self):
        return _S.now / NS


def _async_run(coro):
    # asyncio.run's own steps (cancel the tasks left when main returns), on the virtual loop.
    with _asyncio.Runner(loop_factory=_VirtualLoop) as runner:
        return runner.run(coro)


# asyncio: the real module, with the stepper's loop (virtual clock) wherever a loop is made, and
# run_in_executor / to_thread running the function from the loop (the stepper's thread runs it
# when the awaiting task blocks), instead of on a real worker thread outside the baton.
_loops = []


def _get_event_loop():
    try:
        return _asyncio.get_running_loop()
    except RuntimeError:
        if not _loops:
            _loops.append(_VirtualLoop())
        return _loops[0]


def _new_event_loop():
    loop = _VirtualLoop()
    _loops[:] = [loop]
    return loop


def _run_in_loop(loop, fn, args):
    fut = loop.create_future()

    def run():
        try:
            fut.set_result(fn(*args))
        except BaseException as e:
            fut.set_exception(e)

    loop.call_soon(run)
    return fut


async def _to_thread(fn, *args):
    return await _run_in_loop(_asyncio.get_running_loop(), fn, args)


def _asyncio_module():
    m = _module("asyncio", **{k: getattr(_asyncio, k) for k in dir(_asyncio) if not k.startswith("_")})
    m.run, m.sleep, m.to_thread = _async_run, _sleep, _to_thread
    m.get_event_loop, m.new_event_loop = _get_event_loop, _new_event_loop
    return m


async def _sleep(delay, result=None):
    if delay <= 0:
        return result
    return await _asyncio.sleep(delay, result)


# futures: concurrent.futures is the prelude's own Python (prelude.py, section "concurrent.futures
# and Pool"), run here over the stand-ins above, so the stepper and CPython follow one rule: the
# sequential schedule, workers started as submit() finds no idle one (CPython 3.12+'s rule).
_FUTURES_HEADING = "# --- concurrent.futures and Pool ---"


def _futures_module(bi):
    import concurrent.futures as real

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "prelude.py"), encoding="utf-8") as f:
        src = f.read()
    start = src.index(_FUTURES_HEADING)
    end = src.find("\n# --- ", start + 1)
    section = src[start:] if end < 0 else src[start:end]
    counter = [0]

    def fail(msg):
        kind, _, text = msg.partition(": ")
        kind = kind.rpartition(".")[2]  # asyncio.CancelledError: the stepper's name for it
        cls = getattr(real, kind, None) or getattr(builtins, kind, RuntimeError)
        raise cls(text) if text else cls()

    def executor_number():
        counter[0] += 1
        return counter[0] - 1

    def process_number():  # multiprocessing
        _S.process_names += 1
        return _S.process_names

    ns = {"__builtins__": bi, "_fail": fail, "_executor_number": executor_number,
          "_process_number": process_number}
    exec(compile(section, "prelude.py", "exec"), ns)
    return ns, _module(
        "concurrent.futures", ThreadPoolExecutor=ns["_tpe_new"], as_completed=ns["_as_completed"],
        wait=ns["_futures_wait"], CancelledError=real.CancelledError, TimeoutError=TimeoutError,
        FIRST_COMPLETED=real.FIRST_COMPLETED, FIRST_EXCEPTION=real.FIRST_EXCEPTION,
        ALL_COMPLETED=real.ALL_COMPLETED,
    )


def _module(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(m, k, v)
    return m


def _is_simple(v, depth=0):
    if depth > 20:
        return False
    if v is None or isinstance(v, (bool, int, str, float)):
        return True
    if isinstance(v, (list, tuple)):
        return all(_is_simple(x, depth + 1) for x in v)
    if isinstance(v, dict):
        return all(_is_simple(k, depth + 1) and _is_simple(x, depth + 1) for k, x in v.items())
    return False


def _main_traceback(e):
    """An exception escaped the main thread: its traceback on stderr as `sys.excepthook` prints
    it (the program's frames only, not this harness's), and the main thread ends there. The
    other threads run on (`threading._shutdown` joins them); the process then exits with 1."""
    import traceback

    sys.stdout.flush()
    traceback.print_exception(type(e), e, e.__traceback__.tb_next)
    sys.stderr.flush()
    return True


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        src = f.read()
    fakes = {
        "threading": _module(
            "threading", Thread=Thread, Lock=Lock, RLock=RLock, Semaphore=Semaphore,
            BoundedSemaphore=BoundedSemaphore, Condition=Condition, Event=Event, Timer=Timer,
            Barrier=Barrier, local=_rt.local, current_thread=_current_thread,
            currentThread=_current_thread, main_thread=_main_thread, enumerate=_enumerate,
            active_count=lambda: len(_enumerate()), activeCount=lambda: len(_enumerate()),
            get_ident=lambda: IDENT_BASE + _me(),
        ),
        "queue": _module(
            "queue", Queue=Queue, LifoQueue=LifoQueue, PriorityQueue=PriorityQueue,
            SimpleQueue=SimpleQueue, Empty=_real_queue.Empty, Full=_real_queue.Full,
        ),
        "multiprocessing": _module(
            "multiprocessing", Process=Process, Value=Value, Queue=MpQueue, Lock=MpLock,
            current_process=_current_process, cpu_count=lambda: CPU_COUNT,
        ),
        "time": _module(
            "time", sleep=_time_sleep, time=lambda: EPOCH + _S.now / NS,
            time_ns=lambda: EPOCH * NS + _S.now, perf_counter=lambda: _S.now / NS,
            perf_counter_ns=lambda: _S.now, monotonic=lambda: _S.now / NS,
            monotonic_ns=lambda: _S.now,
        ),
        "timeit": _module("timeit", default_timer=lambda: _S.now / NS),
        "os": _module(
            "os", getpid=lambda: MAIN_PID + _S.threads[_me()]["proc"], cpu_count=lambda: CPU_COUNT,
        ),
        "_thread": _module("_thread", start_new_thread=_start_new_thread, get_ident=lambda: IDENT_BASE + _me()),
        "random": _random,
        "asyncio": _asyncio_module(),
    }
    real_import = builtins.__import__

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name in fakes:
            return fakes[name]
        return real_import(name, globals, locals, fromlist, level)

    bi = dict(vars(builtins))
    bi["__import__"] = fake_import
    ns, fakes["concurrent.futures"] = _futures_module(bi)  # futures
    fakes["multiprocessing"].Pool = ns["_pool_new"]
    fakes["multiprocessing"].JoinableQueue = MpQueue
    # multiprocessing
    fakes["multiprocessing"].Pipe = _pipe
    fakes["multiprocessing"].Array = _Array
    fakes["multiprocessing"].get_start_method = lambda allow_none=False: "fork"
    fakes["concurrent.futures"].ProcessPoolExecutor = ns["_ppe_new"]
    _S.proc_globals[0] = G
    G.update({"__name__": "__main__", "__builtins__": bi})
    _S.threads.append({"done": False, "daemon": False, "proc": 0})
    _tls.id = 0
    _random.seed(0)  # the stepper's default page seed
    failed = False
    try:
        exec(compile(src, path, "exec"), G)
    except SystemExit as e:  # sys.exit() in the main thread: its code ends, other threads go on
        if e.code is not None and not isinstance(e.code, int):
            print(e.code, file=sys.stderr)
    except BaseException as e:  # samples: as sys.excepthook, then shutdown joins the other threads
        failed = _main_traceback(e)
    _finish(0)
    with _cond:
        while _live() and not _S.over:
            _cond.wait()
    sys.stdout.flush()
    sys.stdout.write("\x1eGLOBALS\n")
    for k in sorted(G):
        v = G[k]
        if not k.startswith("__") and _is_simple(v):
            sys.stdout.write(f"{k}={v!r}\n")
    sys.stdout.flush()
    if failed:
        sys.exit(1)  # as CPython exits after an uncaught exception in the main thread


if __name__ == "__main__":
    main()
