# Instances of the program's own classes are pickled: the consumer gets copies.
import multiprocessing


class Job:
    def __init__(self, name, size):
        self.name = name
        self.size = size
        self.done = False

    def __repr__(self):
        return "Job(" + self.name + ", " + str(self.size) + ", done=" + str(self.done) + ")"


def consumer(q, report):
    while True:
        job = q.get()
        if job is None:
            break
        job.done = True
        report.put(job)


if __name__ == "__main__":
    q = multiprocessing.Queue()
    report = multiprocessing.Queue()
    c = multiprocessing.Process(target=consumer, args=(q, report))
    jobs = [Job("render", 3), Job("encode", 5)]
    c.start()
    for j in jobs:
        q.put(j)
    q.put(None)
    c.join()
    back = [report.get(), report.get()]
    print("sent:", jobs)
    print("back:", back)
    print("same objects?", back[0] is jobs[0], isinstance(back[0], Job))
