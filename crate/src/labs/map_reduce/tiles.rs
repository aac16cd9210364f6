//! Cutting an image into tiles, and the window (tile + halo) each one needs.

use super::filters::Rect;

/// The tiles of a `width × height` image, `side × side` each (the last ones in
/// a row or column smaller), in row-major order: tile `t` is the `t`-th.
pub fn tiles(width: usize, height: usize, side: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    for y in (0..height).step_by(side) {
        for x in (0..width).step_by(side) {
            out.push(Rect {
                x,
                y,
                w: side.min(width - x),
                h: side.min(height - y),
            });
        }
    }
    out
}

/// How many tiles [`tiles`] makes.
pub fn tile_count(width: usize, height: usize, side: usize) -> usize {
    width.div_ceil(side) * height.div_ceil(side)
}

/// The window a worker needs for tile `t`: the tile grown by `halo` pixels on
/// every side, clipped to the image. Returns the window (in image
/// coordinates) and the tile's place inside it.
pub fn window(t: Rect, halo: usize, width: usize, height: usize) -> (Rect, Rect) {
    let x0 = t.x.saturating_sub(halo);
    let y0 = t.y.saturating_sub(halo);
    let x1 = (t.x + t.w + halo).min(width);
    let y1 = (t.y + t.h + halo).min(height);
    let win = Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    };
    let inner = Rect {
        x: t.x - x0,
        y: t.y - y0,
        w: t.w,
        h: t.h,
    };
    (win, inner)
}

/// Copies `r` out of an RGBA image `width` pixels wide (what a process is sent).
pub fn crop(image: &[u8], width: usize, r: Rect) -> Vec<u8> {
    let mut out = Vec::with_capacity(r.w * r.h * 4);
    for y in r.y..r.y + r.h {
        let i = (y * width + r.x) * 4;
        out.extend_from_slice(&image[i..i + r.w * 4]);
    }
    out
}
