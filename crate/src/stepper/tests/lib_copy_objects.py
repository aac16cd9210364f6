# Each thread works on its own copy of a template object.
import threading
import copy


class Job:
    def __init__(self, name, tags):
        self.name = name
        self.tags = tags
        self.done = False

    def __repr__(self):
        return "Job(" + self.name + ", " + str(self.tags) + ", done=" + str(self.done) + ")"


template = Job("template", ["base"])
jobs = []


def run(i):
    j = copy.deepcopy(template)
    j.name = "job" + str(i)
    j.tags.append("t" + str(i))
    j.done = True
    jobs.append(j)


threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(template)
for j in sorted(jobs, key=lambda j: j.name):
    print(j)
s = copy.copy(template)
s.tags.append("shared")
print(template.tags, s.tags is template.tags, isinstance(s, Job))
