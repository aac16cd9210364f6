# A shared config: threads that copy it deeply keep their own, the shallow copy shares lists.
import threading
import copy

config = {"retries": 3, "hosts": ["a", "b"], "limits": {"cpu": 2}}
shallow = copy.copy(config)
deep = copy.deepcopy(config)


def admin():
    config["hosts"].append("c")
    config["limits"]["cpu"] = 8
    config["retries"] = 5


t = threading.Thread(target=admin)
t.start()
t.join()
print("original:", config)
print("shallow: ", shallow)
print("deep:    ", deep)
print(shallow["hosts"] is config["hosts"], deep["hosts"] is config["hosts"])

row = [0, 0]
board = [row, row]
twin = copy.deepcopy(board)
twin[0][0] = 1
print("shared row stays shared:", twin, board)
same = twin[0] is twin[1]
