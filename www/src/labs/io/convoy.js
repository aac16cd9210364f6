// Lab `io`: the convoy histogram — how long an I/O thread waited for the GIL
// after its wait returned, alone and beside a CPU-bound thread, against the
// switch interval. Alone: hollow bars; beside the CPU hog: solid bars.

/** µs as ms with one decimal. */
const fmt = (/** @type {number} */ us) => (us / 1000).toFixed(1);

/**
 * @param {HTMLCanvasElement} c
 * @param {number[]} alone µs
 * @param {number[]} busy µs
 * @param {number} intervalUs
 */
export function drawConvoy(c, alone, busy, intervalUs) {
  const dpr = devicePixelRatio || 1;
  const cssW = Math.max(240, c.clientWidth || 600);
  const cssH = 220;
  c.style.height = `${cssH}px`;
  c.width = Math.round(cssW * dpr);
  c.height = Math.round(cssH * dpr);
  const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
  const css = getComputedStyle(c);
  const ink = css.getPropertyValue('--io-ink').trim() || '#1b1f24';
  const muted = css.getPropertyValue('--io-muted').trim() || '#4a5360';
  const alonec = '#0072B2';
  const busyc = '#D55E00';
  // Three intervals wide; slower wake-ups (a busy machine) land in the last bar.
  const maxUs = intervalUs * 3;
  const bins = 30;
  const width = maxUs / bins;
  const count = (/** @type {number[]} */ v) => {
    const h = new Array(bins).fill(0);
    for (const x of v) h[Math.min(bins - 1, Math.floor(x / width))]++;
    return h;
  };
  const ha = count(alone);
  const hb = count(busy);
  const top = Math.max(1, ...ha, ...hb);
  const left = 40 * dpr;
  const bottom = c.height - 26 * dpr;
  const plotW = c.width - left - 10 * dpr;
  const plotH = bottom - 10 * dpr;
  const X = (/** @type {number} */ us) => left + (us / maxUs) * plotW;
  const barW = plotW / bins;
  g.clearRect(0, 0, c.width, c.height);
  for (let b = 0; b < bins; b++) {
    const x = left + b * barW;
    const hB = (hb[b] / top) * plotH;
    g.fillStyle = busyc;
    g.fillRect(x + barW * 0.15, bottom - hB, barW * 0.7, hB);
    const hA = (ha[b] / top) * plotH;
    if (hA > 0) {
      g.strokeStyle = alonec;
      g.lineWidth = 2 * dpr;
      g.strokeRect(x + barW * 0.1, bottom - hA, barW * 0.8, hA);
    }
  }
  // The switch interval.
  g.strokeStyle = ink;
  g.lineWidth = 2 * dpr;
  g.setLineDash([5 * dpr, 4 * dpr]);
  g.beginPath();
  g.moveTo(X(intervalUs), 8 * dpr);
  g.lineTo(X(intervalUs), bottom);
  g.stroke();
  g.setLineDash([]);
  g.fillStyle = ink;
  g.font = `${12 * dpr}px system-ui, sans-serif`;
  const label = `switch interval ${intervalUs / 1000} ms`;
  const lw = g.measureText(label).width;
  g.fillText(label, Math.min(X(intervalUs) + 5 * dpr, c.width - lw - 4 * dpr), 20 * dpr);
  // Axes.
  g.fillStyle = muted;
  g.fillRect(left, bottom, plotW, dpr);
  g.font = `${11 * dpr}px system-ui, sans-serif`;
  const stepMs = [0.5, 1, 2, 5, 10, 20, 50].find((s) => maxUs / 1000 / s <= 8) ?? 100;
  for (let t = 0; t * 1000 <= maxUs; t += stepMs) {
    g.fillRect(X(t * 1000), bottom, dpr, 4 * dpr);
    g.fillText(`${t}`, X(t * 1000) + 2 * dpr, bottom + 16 * dpr);
  }
  g.fillText(`last bar: ≥ ${fmt(maxUs * (1 - 1 / bins))} ms`, c.width - g.measureText('last bar: ≥ 00.0 ms').width - 10 * dpr, 34 * dpr);
  g.fillText('ms from waking to running', c.width - g.measureText('ms from waking to running').width - 10 * dpr, bottom + 16 * dpr);
  g.fillText(String(top), 4 * dpr, 18 * dpr);
}

/** Median of a list (0 when empty). */
export function median(/** @type {number[]} */ v) {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
