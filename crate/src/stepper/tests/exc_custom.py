# User-defined exceptions: a hierarchy, extra attributes, args, str and repr, raise … from.
class BankError(Exception):
    pass


class InsufficientFunds(BankError):
    def __init__(self, needed, available):
        super().__init__(f"need {needed}, have {available}")
        self.needed = needed
        self.available = available


class AccountLocked(BankError):
    pass


def withdraw(balance, amount, locked=False):
    if locked:
        raise AccountLocked("account is locked")
    if amount > balance:
        raise InsufficientFunds(amount, balance)
    return balance - amount


for amount, locked in [(30, False), (500, False), (10, True)]:
    try:
        print("left:", withdraw(100, amount, locked))
    except InsufficientFunds as e:
        print("short by", e.needed - e.available, "-", e, "-", e.args)
    except BankError as e:
        print(type(e).__name__, repr(e), isinstance(e, Exception))

try:
    try:
        withdraw(5, 50)
    except InsufficientFunds as e:
        raise RuntimeError("transfer failed") from e
except RuntimeError as e:
    print(e, "caused by", type(e.__cause__).__name__)

err = ValueError("a", 2)
print(str(err), repr(err), err.args, repr(KeyError("k")), str(KeyError("k")))
shortfall = InsufficientFunds(9, 4).needed
