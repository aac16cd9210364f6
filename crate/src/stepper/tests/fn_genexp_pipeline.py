# Generator expressions and a pipeline of generators, consumed by a thread.
import threading

lines = ["10 apples", "", "3 pears", "# comment", "7 plums", "  ", "12 figs"]


def non_blank(items):
    for line in items:
        if line != "" and line != "  ":
            yield line


def not_comments(items):
    for line in items:
        if line[0] != "#":
            yield line


def counts(items):
    for line in items:
        digits = ""
        for ch in line:
            if ch in "0123456789":
                digits += ch
            else:
                break
        yield int(digits)


totals = []


def consume():
    pipeline = counts(not_comments(non_blank(lines)))
    totals.append(sum(pipeline))


t = threading.Thread(target=consume)
t.start()
t.join()
print("total fruit:", totals[0])
squares = (n * n for n in range(6))
print(sum(squares), sum(squares))
print(list(x for x in range(10) if x % 3 == 0))
print(max(len(w) for w in ["a", "abc", "ab"]), any(x > 3 for x in [1, 5]), all(x > 0 for x in [1, 0]))
print(sorted((x % 4 for x in range(10)), reverse=True))
pairs = list((i, j) for i in range(3) for j in range(3) if i < j)
print(pairs)
words = ["alpha", "beta", "gamma"]
print(", ".join(w.upper() for w in words), tuple(len(w) for w in words))
