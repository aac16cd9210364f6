# finally runs on every way out: return, break, continue and exceptions.
log = []


def first_even(xs):
    for x in xs:
        try:
            if x % 2 == 0:
                return x
        finally:
            log.append("checked " + str(x))
    return None


print(first_even([1, 3, 4, 5]))

for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        log.append("body " + str(i))
    finally:
        log.append("finally " + str(i))


def nested():
    try:
        try:
            return "inner"
        finally:
            log.append("inner finally")
    finally:
        log.append("outer finally")


print(nested())


def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"


print(swallow())
for line in log:
    print(line)
