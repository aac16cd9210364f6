# Two polite spouses share one spoon. A hungry spouse waits for the spoon,
# but hands it over at once if the other one is hungry too. When both are
# hungry they pass the spoon back and forth forever: a livelock -- both keep
# running, neither ever eats. (Run it one thread after another and it ends.)
import threading

spoon = "husband"
hungry = {"husband": False, "wife": False}
meals = 0


def dine(me, spouse):
    global spoon, meals
    hungry[me] = True
    while hungry[me]:
        if spoon != me:
            continue  # wait for the spoon
        if hungry[spouse]:
            spoon = spouse  # "you eat first, dear"
            continue
        meals += 1
        hungry[me] = False
        spoon = spouse


husband = threading.Thread(target=dine, args=("husband", "wife"))
wife = threading.Thread(target=dine, args=("wife", "husband"))
husband.start()
wife.start()
husband.join()
wife.join()
print("meals:", meals, "spoon with", spoon)
