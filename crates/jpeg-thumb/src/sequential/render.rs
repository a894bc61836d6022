//! The parallel half of a sequential decode: the reduced IDCT turns each finished MCU row of
//! coefficients into samples of the window's planes.

use super::rows::{Layout, McuWindow, Row};
use crate::frame::Frame;
use crate::idct::{BlockRowFn, Dequantiser, Plane, block_row_fn};

/// Turns rows of coefficients into the window's planes.
pub(crate) struct Renderer {
    window: McuWindow,
    parts: Vec<(Dequantiser, BlockRowFn, Plane)>,
}

impl Renderer {
    pub(crate) fn new(layouts: &[Layout], frame: &Frame, window: &McuWindow) -> Self {
        let rows = window.y1 - window.y0;
        let parts = layouts
            .iter()
            .zip(&frame.components)
            .map(|(layout, component)| {
                let quant = component.quant.unwrap_or([0; 64]);
                let width = layout.blocks_across * layout.kx;
                let height = rows * layout.v * layout.ky;
                let plane = Plane {
                    width,
                    height,
                    samples: vec![0; width * height],
                };
                (
                    Dequantiser::new(&quant, layout.kx, layout.ky),
                    block_row_fn(layout.kx, layout.ky),
                    plane,
                )
            })
            .collect();
        Renderer {
            window: *window,
            parts,
        }
    }

    pub(crate) fn render(&mut self, row: &Row, layouts: &[Layout]) {
        let band = row.my - self.window.y0;
        for (c, (dequantiser, block_row, plane)) in self.parts.iter_mut().enumerate() {
            let layout = &layouts[c];
            let width = plane.width;
            let band_height = layout.v * layout.ky;
            let samples = &mut plane.samples[band * band_height * width..][..band_height * width];
            for y in 0..layout.v {
                let blocks = y * layout.blocks_across..(y + 1) * layout.blocks_across;
                block_row(
                    dequantiser,
                    &row.values[c][blocks.start * layout.slots..blocks.end * layout.slots],
                    &row.used_rows[c][blocks],
                    layout.slots,
                    &mut samples[y * layout.ky * width..],
                    width,
                );
            }
        }
    }

    pub(crate) fn into_planes(self) -> Vec<Plane> {
        self.parts.into_iter().map(|(_, _, plane)| plane).collect()
    }
}
