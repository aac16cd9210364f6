//! The map step: the filters themselves, on one window of RGBA pixels.
//!
//! Every filter is integer arithmetic, so an output pixel depends only on the
//! source pixels around it — never on which worker computed it, how the image
//! was tiled or in what order: the three ways and both twins agree to the bit.
//! A pixel outside the window is read as the nearest pixel inside it (clamped
//! edges). A window is its tile plus a halo of [`Filter::halo`] pixels on every
//! side, clipped to the image, so clamping to the window is clamping to the
//! image: a tile filtered alone equals the same tile of the whole image.

/// A filter and its setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// The book's `cv2.threshold(gray, level, 255, THRESH_BINARY)`: 255 where
    /// the grey value is above `level`, else 0.
    Threshold { level: u8 },
    /// Luminance, `(77 R + 150 G + 29 B + 128) >> 8`.
    Grayscale,
    /// Mean of the `(2r+1)²` square around each pixel, per channel.
    Box { radius: usize },
    /// Binomial (Gaussian-like) weights `C(2r, k)` along each axis.
    Gaussian { radius: usize },
}

/// Largest blur radius (the Gaussian's weights then sum to 16⁸ = 2³²).
pub const MAX_RADIUS: usize = 8;
/// Filter names, in the order the page lists them (its schema's `values`).
pub const NAMES: [&str; 4] = ["threshold", "grayscale", "box", "gaussian"];

impl Filter {
    /// The filter called `name` with its setting (`radius` for the blurs,
    /// `level` for the threshold); the message names what is wrong.
    pub fn parse(name: &str, radius: u32, level: u32) -> Result<Self, String> {
        let radius = crate::labs::in_range("radius", radius as usize, 1..=MAX_RADIUS)?;
        let level = crate::labs::in_range("level", level, 0..=255)? as u8;
        match name {
            "threshold" => Ok(Filter::Threshold { level }),
            "grayscale" => Ok(Filter::Grayscale),
            "box" => Ok(Filter::Box { radius }),
            "gaussian" => Ok(Filter::Gaussian { radius }),
            _ => Err(format!(
                "filter must be one of {} (got \"{name}\")",
                NAMES.join(", ")
            )),
        }
    }

    /// Neighbouring pixels each side a tile needs besides its own.
    pub fn halo(self) -> usize {
        match self {
            Filter::Box { radius } | Filter::Gaussian { radius } => radius,
            _ => 0,
        }
    }
}

/// The grey value of an RGBA pixel (weights sum to 256, so grey stays grey).
#[inline]
pub fn luma(p: &[u8]) -> u8 {
    ((77 * p[0] as u32 + 150 * p[1] as u32 + 29 * p[2] as u32 + 128) >> 8) as u8
}

/// A rectangle of pixels: `x, y` its top-left corner, `w × h` its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: usize,
    pub y: usize,
    pub w: usize,
    pub h: usize,
}

/// RGBA pixels, `width × height`, rows one after another.
#[derive(Clone, Copy)]
pub struct Window<'a> {
    pub data: &'a [u8],
    pub width: usize,
    pub height: usize,
}

impl Window<'_> {
    #[inline]
    fn px(&self, x: usize, y: usize) -> &[u8] {
        let i = (y * self.width + x) * 4;
        &self.data[i..i + 4]
    }
}

/// Axis weights of a blur: all 1 (box) or `C(2r, k)` (Gaussian).
fn weights(f: Filter) -> Vec<u64> {
    match f {
        Filter::Box { radius } => vec![1; 2 * radius + 1],
        Filter::Gaussian { radius } => {
            let n = 2 * radius;
            let mut w = vec![1u64; n + 1];
            for k in 1..n {
                w[k] = w[k - 1] * (n - k + 1) as u64 / k as u64;
            }
            w
        }
        _ => vec![1],
    }
}

/// Filters `rect` of `src` (coordinates inside the window) and hands each
/// output row, `rect.w × 4` bytes, to `row(y, bytes)` with `y` from 0. Returns
/// early (false) when `stop()` says so between rows.
pub fn filter_rect(
    f: Filter,
    src: Window,
    rect: Rect,
    row: &mut dyn FnMut(usize, &[u8]),
    stop: &dyn Fn() -> bool,
) -> bool {
    let mut out = vec![0u8; rect.w * 4];
    match f {
        Filter::Threshold { .. } | Filter::Grayscale => {
            for dy in 0..rect.h {
                if stop() {
                    return false;
                }
                for dx in 0..rect.w {
                    let p = src.px(rect.x + dx, rect.y + dy);
                    let g = luma(p);
                    let v = match f {
                        Filter::Threshold { level } => {
                            if g > level {
                                255
                            } else {
                                0
                            }
                        }
                        _ => g,
                    };
                    out[dx * 4..dx * 4 + 4].copy_from_slice(&[v, v, v, p[3]]);
                }
                row(dy, &out);
            }
        }
        Filter::Box { radius: r } | Filter::Gaussian { radius: r } => {
            let w = weights(f);
            let total: u64 = w.iter().sum::<u64>().pow(2);
            // Horizontal pass over every source row the tile's rows need
            // (clamped), three channels, kept unrounded so nothing depends on
            // where a tile starts.
            let y0 = rect.y.saturating_sub(r);
            let y1 = (rect.y + rect.h + r).min(src.height);
            let mut horiz = vec![0u64; (y1 - y0) * rect.w * 3];
            let last_x = src.width - 1;
            for y in y0..y1 {
                if stop() {
                    return false;
                }
                for dx in 0..rect.w {
                    let x = rect.x + dx;
                    let mut acc = [0u64; 3];
                    for (k, wk) in w.iter().enumerate() {
                        let sx = (x + k).saturating_sub(r).min(last_x);
                        let p = src.px(sx, y);
                        for c in 0..3 {
                            acc[c] += wk * p[c] as u64;
                        }
                    }
                    let i = ((y - y0) * rect.w + dx) * 3;
                    horiz[i..i + 3].copy_from_slice(&acc);
                }
            }
            let last_y = src.height - 1;
            for dy in 0..rect.h {
                if stop() {
                    return false;
                }
                let y = rect.y + dy;
                for dx in 0..rect.w {
                    let mut acc = [0u64; 3];
                    for (k, wk) in w.iter().enumerate() {
                        let sy = (y + k).saturating_sub(r).min(last_y);
                        let i = ((sy - y0) * rect.w + dx) * 3;
                        for c in 0..3 {
                            acc[c] += wk * horiz[i + c];
                        }
                    }
                    let a = src.px(rect.x + dx, y)[3];
                    let o = &mut out[dx * 4..dx * 4 + 4];
                    for c in 0..3 {
                        // Rounded to nearest: the same division everywhere.
                        o[c] = ((acc[c] + total / 2) / total) as u8;
                    }
                    o[3] = a;
                }
                row(dy, &out);
            }
        }
    }
    true
}

/// The histogram of grey values of RGBA pixels: `bins[v]` pixels of grey `v`.
pub fn histogram(pixels: &[u8]) -> [u32; 256] {
    let mut bins = [0u32; 256];
    for p in pixels.chunks_exact(4) {
        bins[luma(p) as usize] += 1;
    }
    bins
}
