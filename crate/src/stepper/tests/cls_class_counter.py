# A class attribute shared by every thread, protected by a class-level lock.
import threading


class Visits:
    total = 0
    lock = threading.Lock()

    def __init__(self, page):
        self.page = page
        self.mine = 0

    def visit(self, times):
        for i in range(times):
            with Visits.lock:
                Visits.total += 1
            self.mine += 1


pages = [Visits("home"), Visits("about"), Visits("blog")]
threads = [threading.Thread(target=p.visit, args=(k + 2,)) for k, p in enumerate(pages)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("total visits", Visits.total)
print([(p.page, p.mine) for p in pages])
total = Visits.total
