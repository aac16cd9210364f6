# String methods on log lines produced by threads.
import threading

logs = []
lock = threading.Lock()


def worker(i):
    with lock:
        logs.append(f"  INFO worker-{i}: processed {i * 10} items  ")
        if i % 2:
            logs.append(f"WARN worker-{i}: slow disk")


ts = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()

for line in logs:
    clean = line.strip()
    level, _, message = clean.partition(" ")
    who, text = message.split(": ", 1)
    print(level.lower().ljust(5), who.upper().rjust(10), text.title(), text.count("s"), text.find("items"))
warnings = [l for l in logs if l.lstrip().startswith("WARN")]
print(len(warnings), [w.replace("worker", "w") for w in warnings])
print("a,b,,c".split(","), " a  b ".split(), "a-b-c".rsplit("-", 1), "x".join(["1", "2", "3"]), "abc".center(9, "*"))
print("42".zfill(6), "-3".zfill(4), "hello".capitalize(), "Hello World".swapcase(), "ab12".isalnum(), "123".isdigit(), " ".isspace())
print("hello".index("l"), "hello".rindex("l"), "hello".rfind("z"), "banana".count("an"), "banana".replace("a", "o", 2))
print("report.txt".endswith((".txt", ".md")), "report.txt".removesuffix(".txt"), "v1.2.3".removeprefix("v").split("."))
print("ell" in "hello", "xyz" not in "hello", "Hello".lower() == "hello", "ABC".isupper(), "abc".islower(), "a\nb\nc".splitlines())
print("Title Case".istitle(), "a b".title(), "they're".title(), "  x  ".rstrip() + "|", "xxhixx".strip("x"))
