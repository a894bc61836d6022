//! Is the avatar drawn as a photo? A patch cut from a screenshot is compared with the card's
//! actual avatar by the correlation of their high-pass detail.
//!
//! Both pictures are shrunk to the same `SIDE`×`SIDE` grid and run through a Laplacian (each
//! pixel minus the mean of its four neighbours, per colour channel), which keeps only the fine
//! detail: the eyes, the mouth, the hair line, the rims of the background's light spots. A photo
//! drawn by a pixel protocol (sixel, kitty, iTerm2) keeps that detail where the avatar has it, so
//! the two Laplacians correlate highly. A half-block mosaic has one colour per half cell (22×22
//! colour blocks for a 22×11-cell box): its only detail is the edges of its own blocks, which do
//! not line up with the photo's. An empty box or a row of placeholder glyphs correlates with
//! nothing.
//!
//! The demo's first two numbers have different avatars (Maya, Theo) drawn in the same pose, so a
//! check that the patch matches the expected one *better than the other* also proves which card
//! is on screen.
//!
//! The patch compared is the avatar's shape fitted into what is drawn: a terminal may paint the
//! part of the box the picture leaves over (tmux 3.5 fills the rest of the last cell row under a
//! sixel with one flat colour), and a stretched comparison would misalign the fine detail. Each
//! avatar is scored at its best of three placements (start, middle, end of the longer side), so
//! neither is favoured.

use image::imageops::FilterType;
use image::{Rgb, RgbImage};

/// The grid both pictures are compared on. Fine enough to keep the eyes and the mouth of a
/// 640-pixel avatar drawn in a 176-pixel box; a half-block mosaic of that box is 22 blocks wide.
const SIDE: u32 = 64;
/// A channel above this on the terminal's black background counts as drawn.
const INK: u8 = 40;
/// What a drawn photo scores at least. Measured at 120×40 (a 22×11-cell box, 176 pixels): sixel
/// in xterm 0.98 (and through tmux 3.5a's own sixel 0.98), kitty direct placement 1.00, kitty's
/// own `icat` 0.99; half blocks 0.11–0.12 in both terminals and in tmux, kitty 0.26's empty
/// placeholder boxes −0.01–0.02, and the other demo avatar drawn as a photo −0.16–0.06.
pub const PHOTO_MIN: f64 = 0.6;
/// How much better the expected avatar must match than the other one.
pub const MARGIN: f64 = 0.2;

/// A rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// The verdict on one patch: its scores against the expected and the other avatar. The default
/// is "nothing drawn".
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Verdict {
    /// Where the drawn patch was found in the screenshot (`None`: nothing drawn in the box).
    pub patch: Option<PixelRect>,
    pub expected: f64,
    pub other: f64,
}

impl Verdict {
    /// A photo, and the expected one.
    pub fn is_photo(&self) -> bool {
        self.patch.is_some() && self.expected >= PHOTO_MIN && self.expected >= self.other + MARGIN
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.patch {
            None => write!(f, "nothing drawn in the avatar box"),
            Some(p) => write!(
                f,
                "patch {}×{} at ({}, {}): detail correlation {:.2} with the expected avatar, \
                 {:.2} with the other (a photo needs ≥ {PHOTO_MIN} and a lead of {MARGIN})",
                p.width, p.height, p.x, p.y, self.expected, self.other
            ),
        }
    }
}

/// The avatar the screen should show and the one it should not, as high-pass detail.
pub struct Expected {
    expected: Vec<f64>,
    other: Vec<f64>,
    /// The expected avatar's width over its height.
    aspect: f64,
}

impl Expected {
    /// From the two avatar files (encoded, as the demo serves them).
    pub fn new(expected: &[u8], other: &[u8]) -> Expected {
        let expected = decode(expected);
        Expected {
            aspect: f64::from(expected.width()) / f64::from(expected.height()),
            expected: detail(&expected),
            other: detail(&decode(other)),
        }
    }

    /// Compares what is drawn inside `bounds` of `shot` with both avatars.
    pub fn judge(&self, shot: &RgbImage, bounds: PixelRect) -> Verdict {
        let Some(patch) = drawn_part(shot, bounds) else {
            return Verdict {
                patch: None,
                expected: 0.0,
                other: 0.0,
            };
        };
        let scored: Vec<(PixelRect, f64, f64)> = placements(patch, self.aspect)
            .into_iter()
            .map(|at| {
                let cut = image::imageops::crop_imm(shot, at.x, at.y, at.width, at.height);
                let seen = detail(&cut.to_image());
                let expected = correlation(&seen, &self.expected);
                (at, expected, correlation(&seen, &self.other))
            })
            .collect();
        let best = |score: fn(&(PixelRect, f64, f64)) -> f64| {
            scored
                .iter()
                .copied()
                .max_by(|a, b| score(a).total_cmp(&score(b)))
                .unwrap_or((patch, 0.0, 0.0))
        };
        let (at, expected, _) = best(|s| s.1);
        let (_, _, other) = best(|s| s.2);
        Verdict {
            patch: Some(at),
            expected,
            other,
        }
    }
}

/// Where a picture of `aspect` (width over height) may sit in `drawn`: the whole of it when the
/// shapes agree within 3 %, else the largest such rectangle at the start, the middle and the end
/// of `drawn`'s longer side.
fn placements(drawn: PixelRect, aspect: f64) -> Vec<PixelRect> {
    let drawn_aspect = f64::from(drawn.width) / f64::from(drawn.height);
    if (drawn_aspect / aspect - 1.0).abs() <= 0.03 {
        return vec![drawn];
    }
    let wide = drawn_aspect > aspect;
    let (long, fitted) = if wide {
        (drawn.width, f64::from(drawn.height) * aspect)
    } else {
        (drawn.height, f64::from(drawn.width) / aspect)
    };
    let fitted = (fitted.round() as u32).min(long);
    let spare = long - fitted;
    [0, spare / 2, spare]
        .map(|shift| match wide {
            true => PixelRect {
                x: drawn.x + shift,
                width: fitted,
                ..drawn
            },
            false => PixelRect {
                y: drawn.y + shift,
                height: fitted,
                ..drawn
            },
        })
        .to_vec()
}

/// Decodes an avatar file (the test's own data: a failure here is a broken fixture).
fn decode(bytes: &[u8]) -> RgbImage {
    image::load_from_memory(bytes)
        .expect("the avatar decodes")
        .to_rgb8()
}

/// The bounding box of the pixels inside `bounds` that are not background; `None` when fewer
/// than a few rows and columns are drawn (a blank box, a cursor).
fn drawn_part(shot: &RgbImage, bounds: PixelRect) -> Option<PixelRect> {
    let x_end = (bounds.x + bounds.width).min(shot.width());
    let y_end = (bounds.y + bounds.height).min(shot.height());
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in bounds.y..y_end {
        for x in bounds.x..x_end {
            let Rgb(c) = *shot.get_pixel(x, y);
            if c.iter().any(|&v| v > INK) {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    let found = x0 != u32::MAX && x1 - x0 >= 16 && y1 - y0 >= 16;
    found.then(|| PixelRect {
        x: x0,
        y: y0,
        width: x1 - x0 + 1,
        height: y1 - y0 + 1,
    })
}

/// The Laplacian of `img` shrunk to `SIDE`×`SIDE`, every channel, as one flat list.
fn detail(img: &RgbImage) -> Vec<f64> {
    let small = image::imageops::resize(img, SIDE, SIDE, FilterType::Triangle);
    let at = |x: u32, y: u32, c: usize| f64::from(small.get_pixel(x, y).0[c]);
    let mut out = Vec::with_capacity((SIDE * SIDE * 3) as usize);
    for y in 1..SIDE - 1 {
        for x in 1..SIDE - 1 {
            for c in 0..3 {
                let around = at(x - 1, y, c) + at(x + 1, y, c) + at(x, y - 1, c) + at(x, y + 1, c);
                out.push(at(x, y, c) - around / 4.0);
            }
        }
    }
    out
}

/// Pearson correlation of two equally long lists (0 when either is flat).
fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len()) as f64;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    let (ma, mb) = (mean(a), mean(b));
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        ab += (x - ma) * (y - mb);
        aa += (x - ma) * (x - ma);
        bb += (y - mb) * (y - mb);
    }
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        ab / (aa * bb).sqrt()
    }
}

#[cfg(test)]
mod tests {
    fn rect(x: u32, y: u32, width: u32, height: u32) -> super::PixelRect {
        super::PixelRect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn a_square_is_fitted_into_a_taller_or_wider_patch_at_its_start_middle_and_end() {
        assert_eq!(
            super::placements(rect(10, 20, 176, 186), 1.0),
            [
                rect(10, 20, 176, 176),
                rect(10, 25, 176, 176),
                rect(10, 30, 176, 176)
            ]
        );
        assert_eq!(
            super::placements(rect(0, 0, 190, 176), 1.0),
            [
                rect(0, 0, 176, 176),
                rect(7, 0, 176, 176),
                rect(14, 0, 176, 176)
            ]
        );
    }

    #[test]
    fn a_patch_of_the_pictures_shape_is_taken_whole() {
        assert_eq!(
            super::placements(rect(3, 4, 176, 179), 1.0),
            [rect(3, 4, 176, 179)]
        );
    }
}
