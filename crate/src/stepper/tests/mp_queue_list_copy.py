# A list sent through a multiprocessing.Queue arrives as a copy: the receiver's changes stay its own.
import multiprocessing


def collector(q, out):
    batch = q.get()
    batch.append("added by child")
    print("child sees", batch)
    out.put(len(batch))


if __name__ == "__main__":
    q = multiprocessing.Queue()
    out = multiprocessing.Queue()
    p = multiprocessing.Process(target=collector, args=(q, out))
    p.start()
    items = ["a", "b"]
    q.put(items)
    p.join()
    items.append("added by parent")
    print("parent has", items)
    print("child counted", out.get())
