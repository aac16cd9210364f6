# Two threads politely printing forever, as the book's polite spouses do: no state repeats (the
# output grows), so every run is cut at the step limit, wherever the prints fell. It never ends,
# so it lives apart from the tests/*.py programs that CPython runs (tests/cpython.rs).
import threading


def talker(name):
    while True:
        for i in range(400):
            pass
        print(name, "after you")


for name in ("a", "b"):
    threading.Thread(target=talker, args=(name,)).start()
