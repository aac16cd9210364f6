import threading


class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(f"need {needed}, have {available}")
        self.needed = needed


class Wallet:
    def __init__(self, money):
        self.money = money
        self.lock = threading.Lock()

    def spend(self, amount):
        with self.lock:
            if amount > self.money:
                raise InsufficientFunds(amount, self.money)
            self.money -= amount


wallet = Wallet(50)
refused = []


def shopper(amount):
    try:
        wallet.spend(amount)
    except InsufficientFunds as e:
        refused.append((amount, e.needed, str(e)))


shoppers = [threading.Thread(target=shopper, args=(a,)) for a in [30, 40, 15]]
for s in shoppers:
    s.start()
for s in shoppers:
    s.join()
left = wallet.money
print("left:", left, "refused:", refused)
