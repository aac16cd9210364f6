# Arguments given to a Process are copies in the child: its changes never reach the parent.
import multiprocessing


class Account:
    def __init__(self, owner):
        self.owner = owner
        self.history = []


def spend(account, ledger, results):
    account.history.append("spent 5")
    ledger["spent"] = ledger.get("spent", 0) + 5
    results.put((len(account.history), ledger["spent"]))


if __name__ == "__main__":
    acct = Account("ana")
    ledger = {}
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=spend, args=(acct, ledger, results))
    p.start()
    p.join()
    print("child saw", results.get())
    print("parent history", acct.history, "ledger", ledger)
