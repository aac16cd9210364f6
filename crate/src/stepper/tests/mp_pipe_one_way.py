# Pipe(duplex=False): the first end only receives, the second only sends.
import multiprocessing


def producer(send_end, count):
    for i in range(count):
        send_end.send({"seq": i, "square": i * i})
    send_end.send(None)


if __name__ == "__main__":
    recv_end, send_end = multiprocessing.Pipe(duplex=False)
    p = multiprocessing.Process(target=producer, args=(send_end, 4))
    p.start()
    received = []
    while True:
        msg = recv_end.recv()
        if msg is None:
            break
        received.append(msg["square"])
    p.join()
    print("squares:", received)
    try:
        recv_end.send("oops")
    except OSError as e:
        print("OSError:", e)
