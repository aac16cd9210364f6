# Errors the interpreter raises, caught by class, with CPython's messages.
def attempt(what, n):
    try:
        if what == "index":
            return [1, 2, 3][n]
        if what == "key":
            return {"a": 1}[n]
        if what == "int":
            return int(n)
        if what == "add":
            return n + "!"
        if what == "name":
            return undefined_name
        if what == "div":
            return 10 // n
    except IndexError as e:
        return "IndexError: " + str(e)
    except KeyError as e:
        return "KeyError: " + str(e)
    except ValueError as e:
        return "ValueError: " + str(e)
    except TypeError as e:
        return "TypeError: " + str(e)
    except NameError as e:
        return "NameError: " + str(e)
    except ArithmeticError as e:
        return "ArithmeticError: " + type(e).__name__


for what, n in [("index", 7), ("key", "b"), ("int", "4x"), ("add", 3), ("name", 0), ("div", 0), ("index", 1)]:
    print(what, "->", attempt(what, n))
try:
    assert 1 > 2, "math is broken"
except AssertionError as e:
    print("assert:", e)
