//! The reduced-size inverse DCT: the top-left kx×ky coefficients of an 8×8 block give kx×ky
//! pixels, each the average of the (8/kx)×(8/ky) pixels it stands for — libjpeg's DCT scaling.
//!
//! With orthonormal bases the k-point inverse of an 8-point transform's first k terms needs
//! only the same ½·c(u)·cos((2x+1)uπ/2k) weights for every k, so one formula serves 1, 2, 4, 8.

use super::scan::AcBlocks;
use super::zigzag::ZIGZAG_TO_NATURAL;

/// One component's samples at its decoded scale, padded to whole blocks.
pub(crate) struct Plane {
    pub width: usize,
    pub height: usize,
    pub samples: Vec<u8>,
}

/// Calls `$f::<KX, KY>($args)` for the runtime corner size `$corner`: each size gets its own
/// compiled loops.
macro_rules! with_corner {
    ($corner:expr, $f:ident $(, $arg:expr)*) => {
        match $corner {
            (1, 1) => $f::<1, 1>($($arg),*),
            (1, 2) => $f::<1, 2>($($arg),*),
            (1, 4) => $f::<1, 4>($($arg),*),
            (1, 8) => $f::<1, 8>($($arg),*),
            (2, 1) => $f::<2, 1>($($arg),*),
            (2, 2) => $f::<2, 2>($($arg),*),
            (2, 4) => $f::<2, 4>($($arg),*),
            (2, 8) => $f::<2, 8>($($arg),*),
            (4, 1) => $f::<4, 1>($($arg),*),
            (4, 2) => $f::<4, 2>($($arg),*),
            (4, 4) => $f::<4, 4>($($arg),*),
            (4, 8) => $f::<4, 8>($($arg),*),
            (8, 1) => $f::<8, 1>($($arg),*),
            (8, 2) => $f::<8, 2>($($arg),*),
            (8, 4) => $f::<8, 4>($($arg),*),
            (8, 8) => $f::<8, 8>($($arg),*),
            _ => unreachable!("block corners are 1, 2, 4 or 8 wide"),
        }
    };
}

type Basis = [[f32; 8]; 8];

/// `basis[x][u]` for a k-point inverse transform.
fn basis(k: usize) -> Basis {
    let mut b = [[0f32; 8]; 8];
    for (x, row) in b.iter_mut().enumerate().take(k) {
        for (u, weight) in row.iter_mut().enumerate().take(k) {
            let c = if u == 0 {
                std::f64::consts::FRAC_1_SQRT_2
            } else {
                1.0
            };
            let angle = (2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / (2 * k) as f64;
            *weight = (0.5 * c * angle.cos()) as f32;
        }
    }
    b
}

/// Turns a component's coefficients into samples.
pub(crate) fn render(blocks: &AcBlocks, dc: &[i16], quant: &[u16; 64]) -> Plane {
    with_corner!((blocks.kx, blocks.ky), render_sized, blocks, dc, quant)
}

fn render_sized<const KX: usize, const KY: usize>(
    blocks: &AcBlocks,
    dc: &[i16],
    quant: &[u16; 64],
) -> Plane {
    let width = blocks.stride * KX;
    let height = blocks.rows * KY;
    let mut samples = vec![0u8; width * height];
    let q = Dequantiser::new(quant, KX, KY);
    let slots = KX * KY;
    for by in 0..blocks.rows {
        let band = &mut samples[by * KY * width..(by + 1) * KY * width];
        for bx in 0..blocks.stride {
            let index = by * blocks.stride + bx;
            let out = &mut band[bx * KX..];
            let nonzero = blocks.nonzero[index] & blocks.kept;
            // Coefficient rows below the last non-zero one add nothing: most blocks, chroma
            // especially, have only their first one to three rows.
            let mut pending = nonzero;
            let mut last = 0;
            while pending != 0 {
                last =
                    last.max(usize::from(ZIGZAG_TO_NATURAL[pending.trailing_zeros() as usize]) / 8);
                pending &= pending - 1;
            }
            let used_rows = if nonzero == 0 { 0 } else { last + 1 };
            let values = &blocks.values[index * slots..(index + 1) * slots];
            q.block::<KX, KY>(dc[index], values, used_rows, out, width);
        }
    }
    Plane {
        width,
        height,
        samples,
    }
}

/// Renders one row of blocks laid out `slots` values apart, DC in each block's slot 0.
pub(crate) type BlockRowFn = fn(&Dequantiser, &[i16], &[u8], usize, &mut [u8], usize);

/// The block-row renderer for a kx×ky corner.
pub(crate) fn block_row_fn(kx: usize, ky: usize) -> BlockRowFn {
    fn sized<const KX: usize, const KY: usize>() -> BlockRowFn {
        block_row::<KX, KY>
    }
    with_corner!((kx, ky), sized)
}

fn block_row<const KX: usize, const KY: usize>(
    dequantiser: &Dequantiser,
    values: &[i16],
    used_rows: &[u8],
    slots: usize,
    out: &mut [u8],
    stride: usize,
) {
    for (b, (block, &used)) in values.chunks_exact(slots).zip(used_rows).enumerate() {
        dequantiser.block::<KX, KY>(
            block[0],
            block,
            usize::from(used),
            &mut out[b * KX..],
            stride,
        );
    }
}

/// Dequantisation and the reduced IDCT of single blocks, with tables built once per component.
pub(crate) struct Dequantiser {
    q: [f32; 64],
    bx_basis: Basis,
    by_basis: Basis,
}

impl Dequantiser {
    pub fn new(quant: &[u16; 64], kx: usize, ky: usize) -> Self {
        let mut q = [0f32; 64];
        for v in 0..ky {
            for u in 0..kx {
                q[v * 8 + u] = f32::from(quant[v * 8 + u]);
            }
        }
        Dequantiser {
            q,
            bx_basis: basis(kx),
            by_basis: basis(ky),
        }
    }

    /// Writes the KX×KY samples of one block at `out` (rows `stride` apart). `values` is the
    /// kept corner, row-major, its slot 0 ignored (the DC comes apart); only its first
    /// `used_rows` rows may hold non-zero values (0: the block is flat).
    #[inline]
    pub fn block<const KX: usize, const KY: usize>(
        &self,
        dc: i16,
        values: &[i16],
        used_rows: usize,
        out: &mut [u8],
        stride: usize,
    ) {
        let q = &self.q;
        let dc_value = f32::from(dc) * q[0];
        if used_rows == 0 {
            let flat = (dc_value / 8.0 + 128.5) as u8;
            for y in 0..KY {
                out[y * stride..y * stride + KX].fill(flat);
            }
            return;
        }
        let used_rows = used_rows.min(KY);
        let mut coef = [0f32; 64];
        for v in 0..used_rows {
            for u in 0..KX {
                coef[v * 8 + u] = f32::from(values[v * KX + u]) * q[v * 8 + u];
            }
        }
        coef[0] = dc_value;
        // Rows first (u → x), then columns (v → y).
        let mut rows = [[0f32; 8]; 8];
        for (row, coef) in rows.iter_mut().zip(coef.chunks_exact(8)).take(used_rows) {
            for (value, basis) in row.iter_mut().zip(&self.bx_basis).take(KX) {
                let mut sum = 0.0;
                for u in 0..KX {
                    sum += coef[u] * basis[u];
                }
                *value = sum;
            }
        }
        for y in 0..KY {
            let line = &mut out[y * stride..y * stride + KX];
            let basis = &self.by_basis[y];
            for (x, sample) in line.iter_mut().enumerate() {
                let mut sum = 128.5;
                for (weight, row) in basis.iter().zip(&rows).take(used_rows) {
                    sum += weight * row[x];
                }
                // `as` saturates: below 0 → 0, above 255 → 255.
                *sample = sum as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward 2-D formula, for comparison.
    fn reference(coef: &[f32; 64], k: usize) -> Vec<f32> {
        let b = basis(k);
        let mut out = vec![0f32; k * k];
        for y in 0..k {
            for x in 0..k {
                let mut s = 0.0;
                for v in 0..k {
                    for u in 0..k {
                        s += b[y][v] * b[x][u] * coef[v * 8 + u];
                    }
                }
                out[y * k + x] = s + 128.0;
            }
        }
        out
    }

    #[test]
    fn full_size_matches_the_textbook_idct_of_a_flat_block() {
        // A flat block of value 100 has DC = 8 × (100 − 128) and nothing else.
        let mut coef = [0f32; 64];
        coef[0] = 8.0 * (100.0 - 128.0);
        for k in [1, 2, 4, 8] {
            for sample in reference(&coef, k) {
                assert!((sample - 100.0).abs() < 1e-3, "k={k}: {sample}");
            }
        }
    }

    #[test]
    fn a_scaled_block_averages_what_it_stands_for() {
        // Left half 200, right half 50: at 2×2 the columns average 4 pixels each → 200 and 50
        // exactly is not expected (low-pass), but left stays brighter and the mean is kept.
        let mut pixels = [0f32; 64];
        for y in 0..8 {
            for x in 0..8 {
                pixels[y * 8 + x] = if x < 4 { 200.0 } else { 50.0 } - 128.0;
            }
        }
        // Forward 8×8 DCT with the same orthonormal basis.
        let b = basis(8);
        let mut coef = [0f32; 64];
        for v in 0..8 {
            for u in 0..8 {
                let mut s = 0.0;
                for y in 0..8 {
                    for x in 0..8 {
                        s += b[y][v] * b[x][u] * pixels[y * 8 + x];
                    }
                }
                coef[v * 8 + u] = s;
            }
        }
        let two = reference(&coef, 2);
        let mean: f32 = two.iter().sum::<f32>() / 4.0;
        assert!((mean - 125.0).abs() < 0.5, "{mean}");
        assert!(two[0] > 180.0 && two[1] < 70.0, "{two:?}");
        assert!((two[0] - two[2]).abs() < 1e-3);
        let eight = reference(&coef, 8);
        assert!((eight[0] - 200.0).abs() < 0.01 && (eight[7] - 50.0).abs() < 0.01);
    }

    #[test]
    fn render_agrees_with_the_reference() {
        let mut blocks = AcBlocks::new(1, 1, 4, 4);
        let quant = [2u16; 64];
        // natural (0,1) = slot 1 and (1,1) = slot 5, zig-zag 1 and 4
        blocks.values[1] = 10;
        blocks.values[5] = -7;
        blocks.nonzero[0] = 1 << 1 | 1 << 4;
        let plane = render(&blocks, &[-30], &quant);
        let mut coef = [0f32; 64];
        coef[0] = -60.0;
        coef[1] = 20.0;
        coef[9] = -14.0;
        let expected = reference(&coef, 4);
        for (got, want) in plane.samples.iter().zip(expected) {
            assert!(
                (f32::from(*got) - want).abs() <= 0.5 + 1e-3,
                "{got} vs {want}"
            );
        }
    }
}
