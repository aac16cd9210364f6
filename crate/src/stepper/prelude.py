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
