# poll() says whether something is waiting; poll(timeout) waits at most that long.
import multiprocessing
import time


def slow_sender(conn):
    time.sleep(2)
    conn.send("late news")


if __name__ == "__main__":
    a, b = multiprocessing.Pipe()
    print("anything yet?", a.poll())
    p = multiprocessing.Process(target=slow_sender, args=(b,))
    p.start()
    print("after 1s:", a.poll(1))
    print("after 5 more:", a.poll(5))
    print(a.recv())
    p.join()
    a.close()
    try:
        a.recv()
    except OSError as e:
        print("closed:", e)
