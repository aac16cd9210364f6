# Thread.__init__(self) called explicitly, a name= given, and a bound method as a target.
import threading

results = []


class Greeter(threading.Thread):
    def __init__(self, who):
        threading.Thread.__init__(self, name="greeter-" + who)
        self.who = who

    def run(self):
        results.append("hello " + self.who + " from " + self.name)


class Tally:
    def __init__(self):
        self.count = 0

    def add(self, n):
        for i in range(n):
            self.count += 1


gs = [Greeter(w) for w in ["ann", "bob"]]
for g in gs:
    g.start()
    g.join()
tally = Tally()
t = threading.Thread(target=tally.add, args=(5,))
t.start()
t.join()
print(results)
print("tally", tally.count)
count = tally.count
