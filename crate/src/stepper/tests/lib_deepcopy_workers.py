# Each worker gets a deep copy of the shared state; the original is untouched.
import threading
import copy

state = {"balance": 100, "history": [("open", 100)]}
finals = {}


def simulate(name, amounts):
    mine = copy.deepcopy(state)
    for a in amounts:
        mine["balance"] += a
        mine["history"].append(("move", a))
    finals[name] = mine


ts = [
    threading.Thread(target=simulate, args=("up", [10, 20])),
    threading.Thread(target=simulate, args=("down", [-50])),
]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("original:", state)
for k in sorted(finals):
    print(k, finals[k]["balance"], len(finals[k]["history"]))
balance = state["balance"]
