# Pool.map hands the jobs to worker PROCESSES, each with its own memory, and
# gives the results back in the order of the inputs -- whichever worker ran
# which job, in whatever order they finished. Explore every interleaving: the
# workers' prints come in different orders, `squares` is always [1, 4], and
# `done` -- the global each worker appends to -- stays [] in the parent (each
# worker changed its own copy of it).
import multiprocessing

done = []


def square(n):
    done.append(n)
    print(multiprocessing.current_process().name, "squares", n)
    return n * n


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        squares = pool.map(square, [1, 2])
    print("squares =", squares, "done =", done)
