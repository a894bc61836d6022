//! From component planes to packed RGB: YCbCr (JFIF, BT.601 full range), RGB or grey, with
//! linear upsampling for chroma that could not be decoded at full scale.

use super::idct::Plane;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColorModel {
    Gray,
    YCbCr,
    Rgb,
}

/// A plane and how many output pixels each of its samples covers across and down.
pub(crate) struct Source<'a> {
    pub plane: &'a Plane,
    pub step_x: usize,
    pub step_y: usize,
}

impl Source<'_> {
    /// Output row `y`, `width` samples: a plain copy at full scale, otherwise interpolated
    /// between the nearest samples (centred siting: libjpeg's "fancy" upsampling for 2×).
    fn row_into(&self, y: usize, width: usize, out: &mut Vec<u8>) {
        out.clear();
        let plane = self.plane;
        if plane.width == 0 || plane.height == 0 {
            out.resize(width, 128);
            return;
        }
        if self.step_x == 1 && self.step_y == 1 {
            let y = y.min(plane.height - 1);
            let row = &plane.samples[y * plane.width..(y + 1) * plane.width];
            out.extend_from_slice(&row[..width.min(row.len())]);
            out.resize(width, 128);
            return;
        }
        let (y0, y1, wy) = neighbours(y, self.step_y, plane.height);
        let row0 = &plane.samples[y0 * plane.width..(y0 + 1) * plane.width];
        let row1 = &plane.samples[y1 * plane.width..(y1 + 1) * plane.width];
        for x in 0..width {
            let (x0, x1, wx) = neighbours(x, self.step_x, plane.width);
            let top = f32::from(row0[x0]) * (1.0 - wx) + f32::from(row0[x1]) * wx;
            let bottom = f32::from(row1[x0]) * (1.0 - wx) + f32::from(row1[x1]) * wx;
            out.push((top * (1.0 - wy) + bottom * wy + 0.5) as u8);
        }
    }
}

/// The two samples around output position `i` when each sample covers `step` outputs, and the
/// weight of the second.
fn neighbours(i: usize, step: usize, len: usize) -> (usize, usize, f32) {
    let centre = (i as f32 + 0.5) / step as f32 - 0.5;
    let first = centre.floor().max(0.0);
    let weight = (centre - first).clamp(0.0, 1.0);
    let first = (first as usize).min(len - 1);
    (first, (first + 1).min(len - 1), weight)
}

// 16-bit fixed point, as libjpeg's jdcolor.c.
const CR_R: i32 = 91_881; // 1.402
const CB_G: i32 = -22_554; // −0.344136
const CR_G: i32 = -46_802; // −0.714136
const CB_B: i32 = 116_130; // 1.772
const HALF: i32 = 1 << 15;

#[inline]
fn clamp(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// Packs `width`×`height` RGB pixels from the planes.
pub(crate) fn to_rgb(
    model: ColorModel,
    sources: &[Source],
    width: usize,
    height: usize,
) -> Vec<u8> {
    let mut rgb = vec![0u8; width * height * 3];
    let mut rows: Vec<Vec<u8>> = sources.iter().map(|_| Vec::with_capacity(width)).collect();
    for (y, out) in rgb.chunks_exact_mut(width * 3).enumerate() {
        for (source, row) in sources.iter().zip(rows.iter_mut()) {
            source.row_into(y, width, row);
        }
        match (model, rows.as_slice()) {
            (ColorModel::Gray, [luma, ..]) => {
                for (px, &l) in out.chunks_exact_mut(3).zip(luma) {
                    px.fill(l);
                }
            }
            (ColorModel::Rgb, [r, g, b]) => {
                for (((px, &r), &g), &b) in out.chunks_exact_mut(3).zip(r).zip(g).zip(b) {
                    px.copy_from_slice(&[r, g, b]);
                }
            }
            (ColorModel::YCbCr, [luma, cb, cr]) => {
                for (((px, &l), &cb), &cr) in out.chunks_exact_mut(3).zip(luma).zip(cb).zip(cr) {
                    let l = i32::from(l) << 16;
                    let (cb, cr) = (i32::from(cb) - 128, i32::from(cr) - 128);
                    px[0] = clamp((l + CR_R * cr + HALF) >> 16);
                    px[1] = clamp((l + CB_G * cb + CR_G * cr + HALF) >> 16);
                    px[2] = clamp((l + CB_B * cb + HALF) >> 16);
                }
            }
            _ => {}
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plane(width: usize, height: usize, value: u8) -> Plane {
        Plane {
            width,
            height,
            samples: vec![value; width * height],
        }
    }

    #[test]
    fn converts_ycbcr_like_libjpeg() {
        let (y, cb, cr) = (plane(2, 1, 76), plane(2, 1, 85), plane(2, 1, 255));
        let sources = [
            Source {
                plane: &y,
                step_x: 1,
                step_y: 1,
            },
            Source {
                plane: &cb,
                step_x: 1,
                step_y: 1,
            },
            Source {
                plane: &cr,
                step_x: 1,
                step_y: 1,
            },
        ];
        let rgb = to_rgb(ColorModel::YCbCr, &sources, 2, 1);
        // pure red encodes as about (76, 85, 255)
        assert!(rgb[0] >= 250 && rgb[1] <= 5 && rgb[2] <= 5, "{rgb:?}");
    }

    #[test]
    fn upsamples_between_samples() {
        let luma = Plane {
            width: 4,
            height: 2,
            samples: vec![10, 20, 30, 40, 50, 60, 70, 80],
        };
        let chroma = Plane {
            width: 2,
            height: 1,
            samples: vec![100, 200],
        };
        let sources = [
            Source {
                plane: &luma,
                step_x: 1,
                step_y: 1,
            },
            Source {
                plane: &chroma,
                step_x: 2,
                step_y: 2,
            },
            Source {
                plane: &chroma,
                step_x: 2,
                step_y: 2,
            },
        ];
        let rgb = to_rgb(ColorModel::Rgb, &sources, 4, 2);
        // 2× with centred siting: ¾ of the near sample, ¼ of the far one, edges held.
        let g: Vec<u8> = rgb.chunks(3).map(|p| p[1]).collect();
        assert_eq!(g, [100, 125, 175, 200, 100, 125, 175, 200]);
        let r: Vec<u8> = rgb.chunks(3).map(|p| p[0]).collect();
        assert_eq!(r, [10, 20, 30, 40, 50, 60, 70, 80]);
    }
}
