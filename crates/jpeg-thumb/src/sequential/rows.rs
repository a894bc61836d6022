//! The part of a sequential JPEG a decode keeps: the window of MCUs the caller needs, what each
//! component keeps of a block, and the MCU-row buffers that carry coefficients from the entropy
//! decoder to the IDCT.

use crate::zigzag::ZIGZAG_TO_NATURAL;

/// The MCUs the caller needs: columns `x0..x1`, rows `y0..y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct McuWindow {
    pub x0: usize,
    pub x1: usize,
    pub y0: usize,
    pub y1: usize,
}

/// What one component keeps of each block, and where.
pub(crate) struct Layout {
    pub h: usize,
    pub v: usize,
    pub kx: usize,
    pub ky: usize,
    /// Kept values a block, plus one last slot that takes every dropped coefficient, so the
    /// decoding loop stores without asking whether a coefficient is kept.
    pub slots: usize,
    /// Zig-zag position → slot.
    pub slot_of: [u8; 64],
    /// Zig-zag position → 1 + its row in the block when kept, else 0.
    pub row_of: [u8; 64],
    /// Blocks across the window.
    pub blocks_across: usize,
}

impl Layout {
    pub(crate) fn new(h: usize, v: usize, (kx, ky): (usize, usize), window: &McuWindow) -> Self {
        let trash = (kx * ky) as u8;
        let mut slot_of = [trash; 64];
        let mut row_of = [0u8; 64];
        for (k, &natural) in ZIGZAG_TO_NATURAL.iter().enumerate() {
            let (row, col) = (usize::from(natural) / 8, usize::from(natural) % 8);
            if row < ky && col < kx {
                slot_of[k] = (row * kx + col) as u8;
                row_of[k] = row as u8 + 1;
            }
        }
        Layout {
            h,
            v,
            kx,
            ky,
            slots: kx * ky + 1,
            slot_of,
            row_of,
            blocks_across: (window.x1 - window.x0) * h,
        }
    }

    pub(crate) fn blocks_in_row(&self) -> usize {
        self.blocks_across * self.v
    }
}

/// One MCU row of the window's coefficients, per component.
pub(crate) struct Row {
    pub my: usize,
    pub values: Vec<Vec<i16>>,
    /// Per block: how many coefficient rows may be non-zero past the DC (0: flat block).
    pub used_rows: Vec<Vec<u8>>,
}

impl Row {
    pub(crate) fn new(layouts: &[Layout]) -> Self {
        Row {
            my: 0,
            values: layouts
                .iter()
                .map(|l| vec![0; l.blocks_in_row() * l.slots])
                .collect(),
            used_rows: layouts.iter().map(|l| vec![0; l.blocks_in_row()]).collect(),
        }
    }
}
