# A job's exception travels to whoever asks for its result.
from concurrent.futures import ThreadPoolExecutor


def divide(a, b):
    return a / b


with ThreadPoolExecutor(max_workers=2) as executor:
    good = executor.submit(divide, 10, 4)
    bad = executor.submit(divide, 1, 0)
    print("good:", good.result())
    print("exception:", repr(bad.exception()))
    try:
        bad.result()
    except ZeroDivisionError as e:
        print("caught:", e)
    print("done?", good.done(), bad.done())
caught = 1
