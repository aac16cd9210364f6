# A list passed to a child is the child's own copy: appending there leaves
# the parent's list as it was, under fork, spawn and forkserver alike.
import multiprocessing


def extend(items, out):
    items.append("from the child")
    out.put(len(items))


if __name__ == "__main__":
    items = ["a", "b"]
    out = multiprocessing.Queue()
    p = multiprocessing.Process(target=extend, args=(items, out))
    p.start()
    p.join()
    print("child saw", out.get(), "items; parent has", items)
