# submit passes positional and keyword arguments; lambdas work as jobs too.
from concurrent.futures import ThreadPoolExecutor


def greet(name, greeting="Hello", punctuation="!"):
    return greeting + ", " + name + punctuation


with ThreadPoolExecutor() as executor:
    a = executor.submit(greet, "Ada")
    b = executor.submit(greet, "Linus", greeting="Hi")
    c = executor.submit(greet, "Guido", punctuation="?", greeting="Hey")
    d = executor.submit(lambda x, y: x * y, 6, 7)
    messages = [f.result() for f in (a, b, c)]
    product = d.result()
for m in messages:
    print(m)
print("product:", product)
