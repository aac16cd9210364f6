from concurrent.futures import ThreadPoolExecutor


def parse(text):
    return int(text)


inputs = ["1", "22", "x", "4"]
values = []
errors = []
with ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(parse, s) for s in inputs]
    for s, f in zip(inputs, futures):
        try:
            values.append(f.result())
        except ValueError as e:
            errors.append(f"{s!r}: {e}")
print("values:", values)
print("errors:", errors)
