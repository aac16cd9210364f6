# One Pipe per worker: each worker sends its partial sum back to the parent.
import multiprocessing


def partial_sum(conn, numbers):
    conn.send(sum(numbers))
    conn.close()


if __name__ == "__main__":
    data = list(range(1, 13))
    chunks = [data[0:4], data[4:8], data[8:12]]
    pipes = []
    procs = []
    for chunk in chunks:
        parent_end, child_end = multiprocessing.Pipe()
        p = multiprocessing.Process(target=partial_sum, args=(child_end, chunk))
        p.start()
        pipes.append(parent_end)
        procs.append(p)
    partials = [c.recv() for c in pipes]
    for p in procs:
        p.join()
    print("partials:", partials, "total:", sum(partials))
