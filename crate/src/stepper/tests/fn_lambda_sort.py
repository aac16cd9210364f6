# lambda and key functions: sorted, min, max and list.sort (stable, key called once per item).
import threading

scores = []
scores_lock = threading.Lock()


def grade(student, points):
    with scores_lock:
        scores.append((student, points))


students = [("ann", 82), ("bob", 75), ("cid", 91), ("dee", 75), ("eve", 82)]
threads = [threading.Thread(target=grade, args=s) for s in students]
for t in threads:
    t.start()
for t in threads:
    t.join()

by_points = sorted(scores, key=lambda s: s[1])
print("ascending:", by_points)
print("descending:", sorted(scores, key=lambda s: s[1], reverse=True))
print("best:", max(scores, key=lambda s: s[1]), "worst:", min(scores, key=lambda s: s[1]))
print("first alphabetically:", min(scores), "longest name:", max(["al", "bea", "cy"], key=len))
print("empty default:", max([], default="none"), min([], key=len, default=0))

calls = []


def key_len(word):
    calls.append(word)
    return len(word)


words = ["pear", "fig", "apple", "kiwi", "date"]
print(sorted(words, key=key_len), len(calls))
words.sort(key=lambda w: (len(w), w))
print(words)
words.sort(reverse=True)
print(words)
nums = [5, 3, 8, 1]
nums.sort()
print(nums)
add = lambda a, b=10: a + b
print(add(1), add(1, 2), (lambda *xs, **kw: (xs, sorted(kw)))(1, 2, k=3))
