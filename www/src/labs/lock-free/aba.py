# ABA on a Treiber stack without a version tag, as threads you schedule.
# The stack holds node indices: top -> 0 -> 1 -> 2. ThreadLab's lock-free lab
# runs the same stack on real cores; here every interleaving can be explored.
import threading

nxt = [1, 2, -1]        # nxt[i]: the node under node i (-1: none)
top = 0                 # the index of the top node (-1: empty)
cas_lock = threading.Lock()   # stands for the CPU doing compare-and-swap in one step


def cas(expected, new):
    # compare-and-swap: set top to new only if it still equals expected
    global top
    with cas_lock:
        if top == expected:
            top = new
            return True
        return False


def pop():
    while True:
        a = top
        if a == -1:
            return -1
        b = nxt[a]              # the slow thread stops here: A read, B read
        if cas(a, b):           # succeeds if top is A again, even if A's next changed
            return a


def push(x):
    while True:
        t = top
        nxt[x] = t
        if cas(t, x):
            return


held_slow = -1
held_fast = -1


def slow():
    global held_slow
    held_slow = pop()


def fast():
    global held_fast
    a = pop()       # pops A (node 0)
    b = pop()       # pops B (node 1)
    push(a)         # pushes A back: top is A again, but A's next is now C (node 2)
    held_fast = b   # keeps B


t1 = threading.Thread(target=slow)
t2 = threading.Thread(target=fast)
t1.start()
t2.start()
t1.join()
t2.join()

on_stack = []
n = top
while n != -1 and len(on_stack) < 4:
    on_stack.append(n)
    n = nxt[n]
corrupt = held_slow in on_stack or held_fast in on_stack or held_slow == held_fast
print("stack", on_stack, "slow holds", held_slow, "fast holds", held_fast, "corrupt", corrupt)
