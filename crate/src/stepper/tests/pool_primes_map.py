# Prime checks spread over a Pool with map and starmap.
from multiprocessing import Pool


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def power(base, exp):
    return base ** exp


if __name__ == "__main__":
    numbers = [2, 9, 11, 15, 17, 21, 23, 25]
    with Pool(processes=3) as pool:
        flags = pool.map(is_prime, numbers)
        powers = pool.starmap(power, [(2, 3), (3, 2), (5, 2)])
    primes = [n for n, p in zip(numbers, flags) if p]
    print("primes:", primes)
    print("powers:", powers)
