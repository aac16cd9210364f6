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
    # A native builtin given a generator: the generator runs here, then the builtin.
    return function(*[[x for x in a] if _isgen(a) else a for a in args], **kw)


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
