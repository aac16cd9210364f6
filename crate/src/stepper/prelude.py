# ThreadLab's prelude: the builtins that call the program's functions, written in Python and
# run by the stepper one bytecode at a time like the program's own code (see
# compile/prelude.rs). Each behaves as CPython's does; names starting with `_` are the
# machine's own entry points. Only the prelude's functions and the builtins are visible here.


def map(function, iterable, *iterables):
    if iterables:
        for args in zip(iterable, *iterables):
            yield function(*args)
    else:
        for x in iterable:
            yield function(x)


def filter(function, iterable):
    for x in iterable:
        if function is None:
            if x:
                yield x
        elif function(x):
            yield x


def reduce(function, iterable, *initial):
    if len(initial) > 1:
        _fail("TypeError: reduce expected at most 3 arguments, got " + str(len(initial) + 2))
    started = False
    acc = None
    if initial:
        acc = initial[0]
        started = True
    for x in iterable:
        if started:
            acc = function(acc, x)
        else:
            acc = x
            started = True
    if not started:
        _fail("TypeError: reduce() of empty iterable with no initial value")
    return acc


def _sorted(iterable, key=None, reverse=False):
    # Decorated with the position (negated when reversed) so that equal keys keep their
    # order and the items themselves are never compared: a stable sort, key called once each.
    deco = []
    i = 0
    for x in iterable:
        k = x if key is None else key(x)
        deco.append((k, -i if reverse else i, x))
        i += 1
    return [t[2] for t in sorted(deco, reverse=reverse)]


def _list_sort(items, *, key=None, reverse=False):
    result = _sorted(items, key, reverse)
    items.clear()
    items.extend(result)


def _pick(name, smaller, args, kw):
    for k in kw:
        if k != "key" and k != "default":
            _fail("TypeError: " + name + "() got an unexpected keyword argument '" + k + "'")
    key = kw.get("key")
    if not args:
        _fail("TypeError: " + name + " expected at least 1 argument, got 0")
    if len(args) == 1:
        items = args[0]
    else:
        if "default" in kw:
            _fail("TypeError: Cannot specify a default for " + name + "() with multiple positional arguments")
        items = args
    found = False
    best = None
    best_key = None
    for x in items:
        k = x if key is None else key(x)
        if not found:
            best, best_key, found = x, k, True
        elif (k < best_key) if smaller else (k > best_key):
            best, best_key = x, k
    if not found:
        if "default" in kw:
            return kw["default"]
        _fail("ValueError: " + name + "() iterable argument is empty")
    return best


def _min(*args, **kw):
    return _pick("min", True, args, kw)


def _max(*args, **kw):
    return _pick("max", False, args, kw)


def _any(iterable):
    for x in iterable:
        if x:
            return True
    return False


def _all(iterable):
    for x in iterable:
        if not x:
            return False
    return True


def _with_lists(function, *args, **kw):
    # A native builtin given a generator (or an iterable instance): it runs here, then the builtin.
    return function(*[[x for x in a] if _isgen(a) or _kind(a) is None else a for a in args], **kw)


def _thread_run(target, args, kwargs):
    # Thread.run(): the target called with its arguments.
    target(*args, **kwargs)


# --- collections, itertools, copy, functools ---
# itertools as generators, as the itertools documentation's "roughly equivalent" code; they
# pull from their inputs only as far as CPython's do (count() and cycle() never end).


def _steps(iterable):
    # An iterator over anything iterable: (True, x) for each item, then (False, None) forever.
    for x in iterable:
        yield (True, x)
    while True:
        yield (False, None)


def _it_count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step


def _it_repeat(object, times=None):
    if times is None:
        while True:
            yield object
    else:
        for i in range(times):
            yield object


def _it_chain(*iterables):
    for it in iterables:
        for x in it:
            yield x


def _it_chain_from_iterable(iterables):
    for it in iterables:
        for x in it:
            yield x


def _it_islice(iterable, *args):
    if len(args) < 1 or len(args) > 3:
        _fail("TypeError: islice expected at most 4 arguments, got " + str(len(args) + 1))
    start, stop, step = 0, None, 1
    if len(args) == 1:
        stop = args[0]
    else:
        start = 0 if args[0] is None else args[0]
        stop = args[1]
        if len(args) == 3 and args[2] is not None:
            step = args[2]
    if stop is not None and (type(stop) is not int or stop < 0):
        _fail("ValueError: Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    if type(start) is not int or start < 0:
        _fail("ValueError: Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    if type(step) is not int or step < 1:
        _fail("ValueError: Step for islice() must be a positive integer or None.")
    # Checked at the call, as CPython's islice() does; the items are pulled lazily.
    return _islice_gen(iterable, start, stop, step)


def _islice_gen(iterable, start, stop, step):
    it = _steps(iterable)
    i = 0
    want = start
    while stop is None or want < stop:
        while i <= want:
            ok, x = next(it)
            if not ok:
                return
            i += 1
        yield x
        want += step
    while i < stop:
        ok, x = next(it)
        if not ok:
            return
        i += 1


def _it_cycle(iterable):
    saved = []
    for x in iterable:
        yield x
        saved.append(x)
    if saved:
        while True:
            for x in saved:
                yield x


def _it_product(*iterables, repeat=1):
    # Like CPython's, product(), permutations() and combinations() read their inputs at once.
    return _product_gen([tuple(pool) for pool in iterables] * repeat)


def _product_gen(pools):
    result = [()]
    for pool in pools:
        result = [x + (y,) for x in result for y in pool]
    for prod in result:
        yield prod


def _it_permutations(iterable, r=None):
    return _permutations_gen(tuple(iterable), r)


def _permutations_gen(pool, r):
    n = len(pool)
    r = n if r is None else r
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple([pool[i] for i in indices[:r]])
    while n:
        done = True
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1 :] + indices[i : i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple([pool[i] for i in indices[:r]])
                done = False
                break
        if done:
            return


def _it_combinations(iterable, r):
    return _combinations_gen(tuple(iterable), r)


def _combinations_gen(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(r))
    yield tuple([pool[i] for i in indices])
    while True:
        found = -1
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                found = i
                break
        if found < 0:
            return
        i = found
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple([pool[i] for i in indices])


def _it_accumulate(iterable, func=None, *, initial=None):
    total = initial
    started = initial is not None
    if started:
        yield total
    for x in iterable:
        if not started:
            total = x
            started = True
        elif func is None:
            total = total + x
        else:
            total = func(total, x)
        yield total


def _it_groupby(iterable, key=None):
    # Each group is materialised before it is handed out (CPython's groups are lazy views
    # of the shared iterator; a program that walks each group in order sees the same items).
    group = []
    k = None
    started = False
    for x in iterable:
        kx = x if key is None else key(x)
        if started and kx == k:
            group.append(x)
        else:
            if started:
                yield (k, _steps_of(group))
            k, group, started = kx, [x], True
    if started:
        yield (k, _steps_of(group))


def _steps_of(items):
    for x in items:
        yield x


def _it_zip_longest(*iterables, fillvalue=None):
    its = [_steps(it) for it in iterables]
    if not its:
        return
    while True:
        row = []
        alive = False
        for it in its:
            ok, x = next(it)
            if ok:
                alive = True
                row.append(x)
            else:
                row.append(fillvalue)
        if not alive:
            return
        yield tuple(row)


# copy: as the copy module does for the built-in containers and for plain instances (a new
# object of the same class, no __init__, its attributes copied); deepcopy keeps a memo so
# that an object reached twice is copied once and cycles end.


def _copy_copy(x):
    t = _kind(x)
    if t == "list":
        return [v for v in x]
    if t == "dict":
        return {k: v for k, v in x.items()}
    if t == "set":
        return set(x)
    attrs = _inst_attrs(x)
    if attrs is not None:
        y = _inst_new(x)
        for k, v in attrs:
            setattr(y, k, v)
        return y
    return x


def _copy_deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    return _deep(x, memo, [])


def _deep(x, memo, keep):
    # `keep` is the memo: (original, copy) pairs compared by identity, as deepcopy's memo
    # keyed by id().
    for pair in keep:
        if pair[0] is x:
            return pair[1]
    t = _kind(x)
    if t == "list":
        y = []
        keep.append((x, y))
        for v in x:
            y.append(_deep(v, memo, keep))
        return y
    if t == "dict":
        y = {}
        keep.append((x, y))
        for k, v in x.items():
            y[_deep(k, memo, keep)] = _deep(v, memo, keep)
        return y
    if t == "set":
        y = set([_deep(v, memo, keep) for v in x])
        keep.append((x, y))
        return y
    if t == "tuple":
        y = tuple([_deep(v, memo, keep) for v in x])
        same = True
        for i in range(len(x)):
            if y[i] is not x[i]:
                same = False
        return x if same else y
    attrs = _inst_attrs(x)
    if attrs is not None:
        y = _inst_new(x)
        keep.append((x, y))
        for k, v in attrs:
            setattr(y, k, _deep(v, memo, keep))
        return y
    return x


# functools


def _ft_partial(func, *args, **keywords):
    def partial(*fargs, **fkeywords):
        kw = {}
        for k in keywords:
            kw[k] = keywords[k]
        for k in fkeywords:
            kw[k] = fkeywords[k]
        return func(*(args + fargs), **kw)

    return partial


def _ft_wraps(wrapped, assigned=None, updated=None):
    # The subset has no function attributes (__name__, __doc__, __wrapped__) to copy: the
    # wrapper is returned as it is, and calls through it behave as CPython's.
    def decorating(wrapper):
        return wrapper

    return decorating


def _ft_lru_cache(maxsize=128, typed=False):
    if maxsize is None or type(maxsize) is int:
        def decorating(function):
            return _ft_cached(function, maxsize)

        return decorating
    return _ft_cached(maxsize, 128)


def _ft_cache(function):
    return _ft_cached(function, None)


def _ft_cached(function, maxsize):
    results = {}

    def cached(*args, **kw):
        key = args
        if kw:
            key = args + (None,) + tuple(sorted(kw.items()))
        if key in results:
            value = results.pop(key)
            results[key] = value
            return value
        value = function(*args, **kw)
        if maxsize is not None and maxsize <= 0:
            return value
        results[key] = value
        if maxsize is not None and len(results) > maxsize:
            for oldest in results:
                results.pop(oldest)
                break
        return value

    return cached


def _zip(*iterables):
    # zip() given a generator: lazy as CPython's, so zip(names, itertools.count()) ends with
    # the shortest input, pulling from later inputs only while the earlier ones have items.
    its = [_steps(x) for x in iterables]
    if not its:
        return
    while True:
        row = []
        for it in its:
            ok, x = next(it)
            if not ok:
                return
            row.append(x)
        yield tuple(row)
# --- concurrent.futures and Pool ---
# CPython's concurrent/futures/_base.py and thread.py, in the stepper's subset. The prelude has
# no globals, so the classes are made by `_futures_classes` for each executor and every piece of
# shared state hangs off the executor or the future. Workers are daemon threads (CPython joins
# them at exit instead; a program that ends without shutdown() or `with` leaves its pending jobs).


def _futures_classes():
    class Future:
        def __init__(self):
            import threading
            self._condition = threading.Condition()
            self._state = "PENDING"
            self._result = None
            self._exception = None
            self._waiters = []
            self._done_callbacks = []

        def cancel(self):
            return _future_cancel(self)

        def cancelled(self):
            return self._state == "CANCELLED" or self._state == "CANCELLED_AND_NOTIFIED"

        def running(self):
            return self._state == "RUNNING"

        def done(self):
            return self._state == "CANCELLED" or self._state == "CANCELLED_AND_NOTIFIED" or self._state == "FINISHED"

        def result(self, timeout=None):
            return _future_result(self, timeout, True)

        def exception(self, timeout=None):
            return _future_result(self, timeout, False)

        def add_done_callback(self, fn):
            _future_add_callback(self, fn)

        def set_result(self, result):
            _future_finish(self, result, None)

        def set_exception(self, exception):
            _future_finish(self, None, exception)

        def set_running_or_notify_cancel(self):
            return _future_set_running(self)

    class ThreadPoolExecutor:
        def submit(self, fn, *args, **kwargs):
            return _tpe_submit(self, fn, args, kwargs)

        def map(self, fn, *iterables, timeout=None, chunksize=1):
            return _tpe_map(self, fn, iterables, timeout)

        def shutdown(self, wait=True, *, cancel_futures=False):
            _tpe_shutdown(self, wait, cancel_futures)

        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc_val, exc_tb):
            _tpe_shutdown(self, True, False)
            return False

    return Future, ThreadPoolExecutor


def _tpe_new(*args, **kw):
    max_workers, thread_name_prefix, initializer, initargs = _futures_args(
        "ThreadPoolExecutor", args, kw, ("max_workers", "thread_name_prefix", "initializer", "initargs"),
        (None, "", None, ()))
    import threading
    import queue
    import os
    if max_workers is None:
        max_workers = min(32, os.cpu_count() + 4)
    if max_workers <= 0:
        _fail("ValueError: max_workers must be greater than 0")
    Future, ThreadPoolExecutor = _futures_classes()
    ex = ThreadPoolExecutor()
    ex._Future = Future
    ex._max_workers = max_workers
    ex._work_queue = queue.Queue()
    ex._idle_semaphore = threading.Semaphore(0)
    ex._threads = []
    ex._shutdown = False
    ex._shutdown_lock = threading.Lock()
    ex._thread_name_prefix = thread_name_prefix
    ex._initializer = initializer
    ex._initargs = initargs
    return ex


def _tpe_submit(ex, fn, args, kwargs):
    with ex._shutdown_lock:
        if ex._shutdown:
            _fail("RuntimeError: cannot schedule new futures after shutdown")
        f = ex._Future()
        ex._work_queue.put((f, fn, args, kwargs))
        _tpe_adjust_thread_count(ex)
        return f


def _tpe_adjust_thread_count(ex):
    # CPython's rule: an idle worker takes the job; otherwise a new worker starts, up to max_workers.
    import threading
    if ex._idle_semaphore.acquire(timeout=0):
        return
    num_threads = len(ex._threads)
    if num_threads < ex._max_workers:
        if not ex._thread_name_prefix:
            ex._thread_name_prefix = "ThreadPoolExecutor-" + str(_executor_number())
        t = threading.Thread(name=ex._thread_name_prefix + "_" + str(num_threads), target=_tpe_worker,
                             args=(ex,), daemon=True)
        t.start()
        ex._threads.append(t)


def _tpe_worker(ex):
    if ex._initializer is not None:
        ex._initializer(*ex._initargs)
    q = ex._work_queue
    while True:
        if q.empty():
            # CPython 3.12+: a worker counts itself idle only when it finds the queue empty.
            ex._idle_semaphore.release()
        item = q.get()
        if item is None:
            q.put(None)
            return
        f, fn, args, kwargs = item
        if _future_set_running(f):
            try:
                r = fn(*args, **kwargs)
            except BaseException as e:
                _future_finish(f, None, e)
            else:
                _future_finish(f, r, None)


def _tpe_map(ex, fn, iterables, timeout):
    fs = [_tpe_submit(ex, fn, args, {}) for args in zip(*iterables)]
    return _futures_results(fs, timeout)


def _futures_results(fs, timeout):
    # Submitted eagerly by map(); the results come in submission order.
    for f in fs:
        yield f.result(timeout)


def _tpe_shutdown(ex, wait, cancel_futures):
    with ex._shutdown_lock:
        ex._shutdown = True
        if cancel_futures:
            while not ex._work_queue.empty():
                item = ex._work_queue.get()
                if item is not None:
                    item[0].cancel()
        ex._work_queue.put(None)
    if wait:
        for t in ex._threads:
            t.join()


def _future_cancel(f):
    with f._condition:
        if f._state == "RUNNING" or f._state == "FINISHED":
            return False
        if f._state == "CANCELLED" or f._state == "CANCELLED_AND_NOTIFIED":
            return True
        f._state = "CANCELLED"
        f._condition.notify_all()
    _future_callbacks(f)
    return True


def _future_set_running(f):
    with f._condition:
        if f._state == "CANCELLED":
            f._state = "CANCELLED_AND_NOTIFIED"
            for w in f._waiters:
                _waiter_add(w, f)
            return False
        f._state = "RUNNING"
        return True


def _future_result(f, timeout, want_result):
    with f._condition:
        for attempt in range(2):
            if f._state == "CANCELLED" or f._state == "CANCELLED_AND_NOTIFIED":
                _fail("asyncio.CancelledError")
            if f._state == "FINISHED":
                if not want_result:
                    return f._exception
                if f._exception is not None:
                    raise f._exception
                return f._result
            if attempt == 0:
                f._condition.wait(timeout)
        _fail("TimeoutError")


def _future_finish(f, result, exception):
    with f._condition:
        if f._state == "CANCELLED" or f._state == "CANCELLED_AND_NOTIFIED" or f._state == "FINISHED":
            _fail("asyncio.InvalidStateError: " + f._state)
        f._result = result
        f._exception = exception
        f._state = "FINISHED"
        for w in f._waiters:
            _waiter_add(w, f)
        f._condition.notify_all()
    _future_callbacks(f)


def _future_add_callback(f, fn):
    with f._condition:
        if not (f._state == "CANCELLED" or f._state == "CANCELLED_AND_NOTIFIED" or f._state == "FINISHED"):
            f._done_callbacks.append(fn)
            return
    fn(f)


def _future_callbacks(f):
    for fn in f._done_callbacks:
        fn(f)


def _waiter_add(w, f):
    # A waiter of as_completed / wait: {"event", "finished", "pending" (ALL_COMPLETED's count)}.
    with w["lock"]:
        w["finished"].append(f)
        w["pending"] -= 1
        if w["pending"] <= 0 or not w["all"] or (w["stop"] and f._exception is not None):
            w["event"].set()


def _futures_has(fs, f):
    for g in fs:
        if g is f:
            return True
    return False


def _futures_unique(fs):
    out = []
    for f in fs:
        if not _futures_has(out, f):
            out.append(f)
    return out


def _futures_waiter(fs, all_completed, stop_on_exception):
    import threading
    w = {"lock": threading.Lock(), "event": threading.Event(), "finished": [], "pending": len(fs),
         "all": all_completed, "stop": stop_on_exception}
    for f in fs:
        with f._condition:
            f._waiters.append(w)
    return w


def _futures_unwait(fs, w):
    for f in fs:
        with f._condition:
            f._waiters = [x for x in f._waiters if x is not w]


def _is_done(f):
    return f._state == "CANCELLED_AND_NOTIFIED" or f._state == "FINISHED"


def _futures_args(name, args, kw, names, defaults):
    # Binds a library call's arguments (prelude functions have no defaults of their own).
    if len(args) > len(names):
        _fail("TypeError: " + name + "() takes at most " + str(len(names)) + " arguments (" + str(len(args)) + " given)")
    out = list(defaults)
    for i in range(len(args)):
        out[i] = args[i]
    for k in kw:
        if k not in names:
            _fail("TypeError: " + name + "() got an unexpected keyword argument '" + k + "'")
        for i in range(len(names)):
            if names[i] == k:
                out[i] = kw[k]
    return out


def _as_completed(*args, **kw):
    fs, timeout = _futures_args("as_completed", args, kw, ("fs", "timeout"), (None, None))
    return _as_completed_gen(fs, timeout)


def _as_completed_gen(fs, timeout):
    fs = _futures_unique(fs)
    finished = [f for f in fs if _is_done(f)]
    pending = [f for f in fs if not _is_done(f)]
    w = _futures_waiter(pending, False, False)
    for f in finished:
        yield f
    while pending:
        if not w["event"].wait(timeout):
            _futures_unwait(fs, w)
            _fail("TimeoutError: " + str(len(pending)) + " (of " + str(len(fs)) + ") futures unfinished")
        with w["lock"]:
            finished = w["finished"]
            w["finished"] = []
            w["event"].clear()
        for f in finished:
            pending = [g for g in pending if g is not f]
            yield f
    _futures_unwait(fs, w)


def _futures_wait(*args, **kw):
    fs, timeout, return_when = _futures_args("wait", args, kw, ("fs", "timeout", "return_when"),
                                             (None, None, "ALL_COMPLETED"))
    fs = _futures_unique(fs)
    done = [f for f in fs if _is_done(f)]
    failed = [f for f in done if f._exception is not None]
    if ((return_when == "FIRST_COMPLETED" and done) or (return_when == "FIRST_EXCEPTION" and failed)
            or len(done) == len(fs)):
        return (set(done), set([f for f in fs if not _is_done(f)]))
    pending = [f for f in fs if not _is_done(f)]
    w = _futures_waiter(pending, return_when != "FIRST_COMPLETED", return_when == "FIRST_EXCEPTION")
    w["event"].wait(timeout)
    _futures_unwait(fs, w)
    for f in w["finished"]:
        if not _futures_has(done, f):
            done.append(f)
    return (set(done), set([f for f in fs if not _futures_has(done, f)]))


# multiprocessing.Pool and concurrent.futures.ProcessPoolExecutor: the workers are processes
# (multiprocessing.Process, named as CPython names them: ForkPoolWorker-N, SpawnProcess-N, ...),
# each with its own memory. A job (function by name, arguments) and its result travel through
# multiprocessing queues, so both are pickled copies. An executor's manager thread in the parent
# finishes each job's Future (as CPython's does); a Pool's parent takes the results itself while it
# waits for one (CPython has a _handle_results thread for that; one thread fewer to interleave).
def _pool_classes():
    class Pool:
        def map(self, func, iterable, chunksize=None):
            return [r.get() for r in _pool_submit_all(self, func, iterable, False)]

        def starmap(self, func, iterable, chunksize=None):
            return [r.get() for r in _pool_submit_all(self, func, iterable, True)]

        def imap(self, func, iterable, chunksize=1):
            return _pool_results(_pool_submit_all(self, func, iterable, False))

        def apply(self, func, args=(), kwds=None):
            return _pool_apply_async(self, func, args, kwds, None, None).get()

        def apply_async(self, func, args=(), kwds=None, callback=None, error_callback=None):
            return _pool_apply_async(self, func, args, kwds, callback, error_callback)

        def close(self):
            _pool_close(self)

        def terminate(self):
            _pool_close(self)
            _pool_join(self)

        def join(self):
            _pool_join(self)

        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc_val, exc_tb):
            # CPython's terminate(): the workers stop (here: after their current task) and are joined.
            _pool_close(self)
            _pool_join(self)
            return False

    class AsyncResult:
        def get(self, timeout=None):
            _pool_wait(self._pool, self._future)
            return self._future.result(timeout)

        def wait(self, timeout=None):
            _pool_wait(self._pool, self._future)

        def ready(self):
            _pool_take_ready(self._pool)
            return self._future.done()

        def successful(self):
            _pool_take_ready(self._pool)
            if not self._future.done():
                _fail("ValueError: " + "<AsyncResult> not ready")
            return self._future.exception() is None

    return Pool, AsyncResult


def _mp_name(kind):
    import multiprocessing
    m = multiprocessing.get_start_method()
    prefix = "Fork" if m == "fork" else ("Spawn" if m == "spawn" else "ForkServer")
    return prefix + kind + "-" + str(_process_number())


def _mp_worker(inq, outq, initializer, initargs):
    # A worker process: runs jobs until the None sentinel.
    if initializer is not None:
        initializer(*initargs)
    while True:
        job = inq.get()
        if job is None:
            return
        job_id, fn, args, kwargs = job
        try:
            r = fn(*args, **kwargs)
        except BaseException as e:
            outq.put((job_id, False, e))
        else:
            outq.put((job_id, True, r))


def _mp_handle_results(pool):
    # An executor's manager thread in the parent: each result finishes its job's Future,
    # until the None sentinel.
    while True:
        item = pool._outq.get()
        if item is None:
            return
        _mp_finish(pool, item)


def _mp_finish(pool, item):
    job_id, ok, value = item
    f = pool._jobs[job_id]
    del pool._jobs[job_id]
    if ok:
        _future_finish(f, value, None)
    else:
        _future_finish(f, None, value)


def _pool_wait(pool, f):
    # A Pool's parent takes results as it waits for one (CPython's result-handler thread
    # does it there; here the parent does, so the explorer interleaves fewer threads).
    while not f.done():
        _mp_finish(pool, pool._outq.get())


def _pool_take_ready(pool):
    while not pool._outq.empty():
        _mp_finish(pool, pool._outq.get())


def _mp_start(pool, count, kind, handler):
    # The worker processes, then (for an executor) the parent's result handler.
    import multiprocessing
    import threading
    for i in range(count):
        p = multiprocessing.Process(target=_mp_worker, name=_mp_name(kind), daemon=True,
                                    args=(pool._inq, pool._outq, pool._initializer, pool._initargs))
        p.start()
        pool._procs.append(p)
    if not handler:
        return
    pool._handler = threading.Thread(target=_mp_handle_results, args=(pool,), daemon=True,
                                     name="Thread (_handle_results)" if kind == "PoolWorker" else "Thread (_ExecutorManagerThread)")
    pool._handler.start()


def _mp_submit(pool, fn, args, kwargs):
    f = pool._Future()
    _future_set_running(f)
    job_id = pool._next_job
    pool._next_job += 1
    pool._jobs[job_id] = f
    try:
        pool._inq.put((job_id, fn, args, kwargs))
    except BaseException:
        del pool._jobs[job_id]
        raise
    return f


def _mp_stop(pool, wait):
    # One sentinel per worker; once they have ended, one for the result handler.
    for p in pool._procs:
        pool._inq.put(None)
    if wait:
        for p in pool._procs:
            p.join()
        if pool._handler is not None:
            pool._outq.put(None)
            pool._handler.join()


def _mp_state(obj, initializer, initargs):
    import multiprocessing
    obj._Future = _futures_classes()[0]
    obj._inq = multiprocessing.Queue()
    obj._outq = multiprocessing.Queue()
    obj._jobs = {}
    obj._next_job = 0
    obj._procs = []
    obj._handler = None
    obj._initializer = initializer
    obj._initargs = initargs


def _pool_new(*args, **kw):
    processes, initializer, initargs = _futures_args("Pool", args, kw, ("processes", "initializer", "initargs"),
                                                     (None, None, ()))
    import os
    if processes is None:
        processes = os.cpu_count()
    if processes < 1:
        _fail("ValueError: Number of processes must be at least 1")
    Pool, AsyncResult = _pool_classes()
    pool = Pool()
    pool._AsyncResult = AsyncResult
    _mp_state(pool, initializer, initargs)
    pool._state = "RUN"
    # CPython starts every worker with the pool.
    _mp_start(pool, processes, "PoolWorker", False)
    return pool


def _pool_apply_async(pool, func, args, kwds, callback, error_callback):
    if pool._state != "RUN":
        _fail("ValueError: Pool not running")
    r = pool._AsyncResult()
    r._pool = pool
    r._future = _mp_submit(pool, func, args, {} if kwds is None else kwds)
    if callback is not None or error_callback is not None:
        r._future.add_done_callback(lambda f: _pool_callback(f, callback, error_callback))
    return r
def _pool_callback(f, callback, error_callback):
    if f.exception() is None:
        if callback is not None:
            callback(f.result())
    elif error_callback is not None:
        error_callback(f.exception())


def _pool_submit_all(pool, func, iterable, star):
    out = []
    for x in iterable:
        out.append(_pool_apply_async(pool, func, tuple(x) if star else (x,), {}, None, None))
    return out


def _pool_results(rs):
    for r in rs:
        yield r.get()


def _pool_close(pool):
    if pool._state == "RUN":
        pool._state = "CLOSE"
        _mp_stop(pool, False)


def _pool_join(pool):
    if pool._state == "RUN":
        _fail("ValueError: Pool is still running")
    if pool._state == "CLOSE":
        pool._state = "JOINED"
        for p in pool._procs:
            p.join()
        _pool_take_ready(pool)


def _ppe_classes():
    class ProcessPoolExecutor:
        def submit(self, fn, *args, **kwargs):
            return _ppe_submit(self, fn, args, kwargs)

        def map(self, fn, *iterables, timeout=None, chunksize=1):
            fs = [_ppe_submit(self, fn, args, {}) for args in zip(*iterables)]
            return _futures_results(fs, timeout)

        def shutdown(self, wait=True, *, cancel_futures=False):
            _ppe_shutdown(self, wait)

        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc_val, exc_tb):
            _ppe_shutdown(self, True)
            return False

    return ProcessPoolExecutor


def _ppe_new(*args, **kw):
    max_workers, mp_context, initializer, initargs = _futures_args(
        "ProcessPoolExecutor", args, kw, ("max_workers", "mp_context", "initializer", "initargs"),
        (None, None, None, ()))
    import os
    if max_workers is None:
        max_workers = os.cpu_count()
    if max_workers <= 0:
        _fail("ValueError: max_workers must be greater than 0")
    ex = _ppe_classes()()
    _mp_state(ex, initializer, initargs)
    ex._max_workers = max_workers
    ex._shutdown = False
    return ex


def _ppe_submit(ex, fn, args, kwargs):
    if ex._shutdown:
        _fail("RuntimeError: cannot schedule new futures after shutdown")
    if ex._handler is None:
        # CPython 3.11 (fork) starts every worker at the first submit.
        _mp_start(ex, ex._max_workers, "Process", True)
    return _mp_submit(ex, fn, args, kwargs)


def _ppe_shutdown(ex, wait):
    if not ex._shutdown:
        ex._shutdown = True
        _mp_stop(ex, wait)


# --- collections: iterating instances, defaultdict's factory ---


def _call0(f):
    # A defaultdict's default_factory that is not a built-in class, called for a missing key.
    return f()


def _iter(obj):
    # iter(obj), and how the machine iterates an instance: its __iter__ (a generator, or an
    # object with __next__ until StopIteration), else __getitem__ from 0 until IndexError.
    if _kind(obj) is None:
        if hasattr(obj, "__iter__"):
            it = obj.__iter__()
            if _kind(it) is None:
                if not hasattr(it, "__next__"):
                    _fail("TypeError: iter() returned non-iterator of type '" + type(it).__name__ + "'")
                return _it_next_gen(it)
            if _isgen(it):
                return it
            return _it_items_gen(it)
        if hasattr(obj, "__getitem__"):
            return _it_getitem_gen(obj)
        _fail("TypeError: '" + type(obj).__name__ + "' object is not iterable")
    if _isgen(obj):
        return obj
    return _it_items_gen(obj)


def _it_items_gen(xs):
    for x in xs:
        yield x


def _it_next_gen(it):
    while True:
        try:
            x = it.__next__()
        except StopIteration:
            return
        yield x


def _it_getitem_gen(obj):
    i = 0
    while True:
        try:
            x = obj[i]
        except IndexError:
            return
        yield x
        i += 1


def _obj_list(obj):
    # The items of an iterable instance, for unpacking.
    return [x for x in _iter(obj)]


def _coll_lists(function, *args, **kw):
    # A native call given a generator or an iterable instance: its items first.
    return function(*[[x for x in a] if _isgen(a) or _kind(a) is None else a for a in args], **kw)


def _next_default(it, default):
    try:
        return it.__next__()
    except StopIteration:
        return default


def _sum(iterable, start=0):
    # sum() over objects: their __add__ / __radd__.
    total = start
    for x in iterable:
        total = total + x
    return total


def _sorted_objs(iterable, key=None, reverse=False):
    # sorted() over objects, compared by their own __lt__: a stable merge sort in Python.
    items = [(x if key is None else key(x), x) for x in iterable]
    n = len(items)
    width = 1
    while width < n:
        merged = []
        for lo in range(0, n, 2 * width):
            left = items[lo:lo + width]
            right = items[lo + width:lo + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if (left[i][0] < right[j][0]) if reverse else not (right[j][0] < left[i][0]):
                    merged.append(left[i])
                    i += 1
                else:
                    merged.append(right[j])
                    j += 1
            merged.extend(left[i:])
            merged.extend(right[j:])
        items = merged
        width *= 2
    return [p[1] for p in items]


def _bool(x):
    # bool(obj): its __bool__ or __len__ (the machine's truth test calls them back).
    return True if x else False
# --- asyncio ---
# A task that runs an awaitable which is not a coroutine in the stepper (`asyncio.sleep(1)`,
# `asyncio.wait_for(...)`, `event.wait()`), as CPython's create_task / gather run those coroutines.


async def _aio_await(awaitable):
    return await awaitable


async def _aio_cond_wait_for(cond, predicate):
    # asyncio.Condition.wait_for, as CPython writes it.
    result = predicate()
    while not result:
        await cond.wait()
        result = predicate()
    return result
