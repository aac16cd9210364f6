# A duplex Pipe: parent and child take turns sending on their own end.
import multiprocessing


def child(conn):
    for _ in range(3):
        n = conn.recv()
        print("child got", n)
        conn.send(n + 1)
    conn.close()


if __name__ == "__main__":
    parent_end, child_end = multiprocessing.Pipe()
    p = multiprocessing.Process(target=child, args=(child_end,))
    p.start()
    n = 0
    for _ in range(3):
        parent_end.send(n)
        n = parent_end.recv()
        print("parent got", n)
    p.join()
    print("final", n)
