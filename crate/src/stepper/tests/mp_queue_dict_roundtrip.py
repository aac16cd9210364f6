# Dicts go to a worker process and come back changed; the parent's original never changes.
import multiprocessing


def enrich(inbox, outbox):
    while True:
        record = inbox.get()
        if record is None:
            break
        record["total"] = record["price"] * record["qty"]
        outbox.put(record)


if __name__ == "__main__":
    inbox = multiprocessing.Queue()
    outbox = multiprocessing.Queue()
    worker = multiprocessing.Process(target=enrich, args=(inbox, outbox))
    worker.start()
    orders = [{"item": "pen", "price": 3, "qty": 4}, {"item": "ink", "price": 7, "qty": 2}]
    for o in orders:
        inbox.put(o)
    inbox.put(None)
    results = [outbox.get() for _ in orders]
    worker.join()
    for r in results:
        print(r["item"], r["total"])
    print("originals unchanged:", all("total" not in o for o in orders))
    totals = [r["total"] for r in results]
