# Re-raising: bare raise keeps the exception, an outer handler catches it; else and finally order.
trail = []


def inner(n):
    try:
        if n > 1:
            raise LookupError("n=" + str(n))
        trail.append("inner ok " + str(n))
    except LookupError:
        trail.append("inner saw it")
        raise
    finally:
        trail.append("inner finally")


def outer(n):
    try:
        inner(n)
    except Exception as e:
        trail.append("outer caught " + repr(e))
    else:
        trail.append("outer else")
    finally:
        trail.append("outer finally")


outer(0)
outer(5)
try:
    raise NotImplementedError
except RuntimeError as e:
    trail.append("NotImplementedError is a RuntimeError: " + type(e).__name__ + repr(e.args))
for t in trail:
    print(t)
