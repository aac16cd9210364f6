# try / except / else / finally, several except clauses, a tuple of classes, `as e`.
def parse(text):
    try:
        n = int(text)
    except ValueError as e:
        print("not a number:", e)
        return None
    else:
        print("parsed", n)
        return n
    finally:
        print("done with", repr(text))


values = [parse(t) for t in ["12", "x7", "-3"]]
print(values)

data = {"a": 1}
items = [10, 20]
for key, index in [("a", 0), ("b", 1), ("a", 5)]:
    try:
        print(data[key] + items[index])
    except (KeyError, IndexError) as e:
        print(type(e).__name__, e)

caught = []
for divisor in [2, 0, 5]:
    try:
        caught.append(100 // divisor)
    except ZeroDivisionError:
        caught.append("div by zero")
    except Exception:
        caught.append("other")
print(caught)
