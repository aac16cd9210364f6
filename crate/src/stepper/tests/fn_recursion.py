# Recursion: a recursive function, a memoised one with a dict default, a nested recursive
# closure, and recursion inside worker threads.
import threading


def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)


def fib(n, memo={}):
    if n in memo:
        return memo[n]
    result = n if n < 2 else fib(n - 1) + fib(n - 2)
    memo[n] = result
    return result


def flatten(items):
    out = []

    def walk(x):
        if type_is_list(x):
            for y in x:
                walk(y)
        else:
            out.append(x)

    walk(items)
    return out


def type_is_list(x):
    return x == [] or (x != () and str(x)[0] == "[")


def hanoi(n, source, target, spare, moves):
    if n == 0:
        return
    hanoi(n - 1, source, spare, target, moves)
    moves.append((source, target))
    hanoi(n - 1, spare, target, source, moves)


results = {}


def worker(n):
    results[n] = factorial(n)


threads = [threading.Thread(target=worker, args=(n,)) for n in [3, 5, 7]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("factorials:", results)
print("fib:", [fib(i) for i in range(15)])
print("flat:", flatten([1, [2, [3, [4]], 5], [[6]]]))
moves = []
hanoi(3, "A", "C", "B", moves)
print(len(moves), moves[0], moves[-1])
