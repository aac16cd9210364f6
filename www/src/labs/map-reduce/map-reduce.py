"""Map and reduce on an image, in pure Python (the lab `map-reduce`'s twin).

Map: a box blur over the tiles of a generated grey image, on a
multiprocessing.Pool — each tile travels to its worker with its halo (copied,
pickled) and comes back filtered (copied again). Reduce: each worker's tile
histograms are combined pairwise through queues, as the book's reduction
operators do: log2(W) rounds. With Python 3.14 or later the same map runs on
subinterpreters (InterpreterPoolExecutor). Small on purpose: CI runs it.
"""
import multiprocessing as mp
import sys

W, H, TILE, R, WORKERS = 96, 64, 16, 2, 4


def generate(w, h):
    """A grey image with a gradient, a disc and some noise (deterministic)."""
    s, img = 0x2545F491, []
    for y in range(h):
        row = []
        for x in range(w):
            s ^= (s << 13) & 0xFFFFFFFF
            s ^= s >> 17
            s ^= (s << 5) & 0xFFFFFFFF
            disc = (x - 40) ** 2 + (y - 30) ** 2 < 300
            row.append(220 if disc else (x * 255 // w + (s & 31)) % 256)
        img.append(row)
    return img


def tiles(w, h, side):
    return [(x, y, min(side, w - x), min(side, h - y)) for y in range(0, h, side) for x in range(0, w, side)]


def window(img, t, r):
    """The tile plus its halo of r pixels, clipped to the image (a copy)."""
    x, y, w, h = t
    x0, y0 = max(0, x - r), max(0, y - r)
    x1, y1 = min(len(img[0]), x + w + r), min(len(img), y + h + r)
    return (x - x0, y - y0, w, h), [row[x0:x1] for row in img[y0:y1]]


def blur_tile(job):
    """The map step: box-blur the tile inside its window (edges clamped)."""
    (ix, iy, w, h), win = job
    wh, ww = len(win), len(win[0])
    n = (2 * R + 1) ** 2
    out = []
    for dy in range(h):
        row = []
        for dx in range(w):
            s = 0
            for ky in range(-R, R + 1):
                yy = min(max(iy + dy + ky, 0), wh - 1)
                for kx in range(-R, R + 1):
                    s += win[yy][min(max(ix + dx + kx, 0), ww - 1)]
            row.append((s + n // 2) // n)
        out.append(row)
    return out


def histogram(rows):
    h = [0] * 256
    for row in rows:
        for v in row:
            h[v] += 1
    return h


def combine(left, right, out):
    """One node of the reduction tree: add two partial histograms."""
    a, b = left.get(), right.get()
    out.put([x + y for x, y in zip(a, b)])


def tree_reduce(parts):
    """Pairwise through queues, one process per addition, round by round."""
    level = []
    for p in parts:
        q = mp.Queue()
        q.put(p)
        level.append(q)
    rounds = 0
    while len(level) > 1:
        nxt, procs = [], []
        for i in range(0, len(level) - 1, 2):
            out = mp.Queue()
            procs.append(mp.Process(target=combine, args=(level[i], level[i + 1], out)))
            nxt.append(out)
        if len(level) % 2:
            nxt.append(level[-1])
        for p in procs:
            p.start()
        level = nxt
        for p in procs:
            p.join()
        rounds += 1
    return level[0].get(), rounds


def assemble(results, ts):
    img = [[0] * W for _ in range(H)]
    for out, (x, y, w, h) in zip(results, ts):
        for dy in range(h):
            img[y + dy][x:x + w] = out[dy]
    return img


if __name__ == "__main__":
    img = generate(W, H)
    ts = tiles(W, H, TILE)
    jobs = [window(img, t, R) for t in ts]
    whole = blur_tile(((0, 0, W, H), img))  # one worker, no tiles

    with mp.Pool(WORKERS) as pool:
        results = pool.map(blur_tile, jobs, chunksize=-(-len(jobs) // WORKERS))
    blurred = assemble(results, ts)
    print(f"processes: {len(ts)} tiles on {WORKERS} workers; same pixels as one worker: {blurred == whole}")

    # Each worker's partial histogram (its chunk of tiles), reduced as a tree.
    per = -(-len(ts) // WORKERS)
    parts = [histogram([row for out in results[i * per:(i + 1) * per] for row in out]) for i in range(WORKERS)]
    total, rounds = tree_reduce(parts)
    single = [sum(col) for col in zip(*parts)]
    print(f"tree: {rounds} rounds; same as one combiner: {total == single}; same as the whole image: {total == histogram(whole)}")

    means = [sum(map(sum, out)) / (255 * len(out) * len(out[0])) for out in results]
    import struct
    f32 = lambda v: struct.unpack("f", struct.pack("f", v))[0]
    l2r = 0.0
    for m in means:
        l2r = f32(l2r + f32(m))
    r2l = 0.0
    for m in reversed(means):
        r2l = f32(r2l + f32(m))
    print(f"float32 sums of tile means: left to right {l2r!r}, right to left {r2l!r}")

    if sys.version_info >= (3, 14):
        from concurrent.futures import InterpreterPoolExecutor
        with InterpreterPoolExecutor(WORKERS) as ex:
            on_interps = list(ex.map(blur_tile, jobs))
        print(f"interpreters: same pixels as one worker: {assemble(on_interps, ts) == whole}")
    else:
        print(f"interpreters: InterpreterPoolExecutor needs Python 3.14 or later (this is {sys.version.split()[0]}); skipped")
