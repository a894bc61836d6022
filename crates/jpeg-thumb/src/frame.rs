//! What a JPEG's headers say about its image and its scans, as the decoder uses it.

use std::ops::Range;
use std::sync::Arc;

use super::huffman::HuffmanTable;

#[derive(Debug, Clone)]
pub(crate) struct Component {
    pub id: u8,
    pub h: usize,
    pub v: usize,
    pub quant_slot: usize,
    /// Quantisation table in natural order, latched at the component's first scan.
    pub quant: Option<[u16; 64]>,
}

#[derive(Debug)]
pub(crate) struct Frame {
    pub width: u32,
    pub height: u32,
    pub components: Vec<Component>,
    pub h_max: usize,
    pub v_max: usize,
    pub mcus_x: usize,
    pub mcus_y: usize,
    /// SOF2; otherwise a baseline or extended sequential frame (SOF0, SOF1).
    pub progressive: bool,
}

impl Frame {
    /// Blocks a component really has (a single-component scan visits exactly these).
    pub fn used_blocks(&self, c: usize) -> (usize, usize) {
        let comp = &self.components[c];
        let w = (self.width as usize * comp.h).div_ceil(self.h_max);
        let h = (self.height as usize * comp.v).div_ceil(self.v_max);
        (w.div_ceil(8), h.div_ceil(8))
    }

    /// Blocks stored for a component: whole MCUs, as interleaved scans visit them.
    pub fn stored_blocks(&self, c: usize) -> (usize, usize) {
        let comp = &self.components[c];
        (self.mcus_x * comp.h, self.mcus_y * comp.v)
    }
}

pub(crate) struct Scan {
    /// Indices into `Frame::components`, in scan order.
    pub components: Vec<usize>,
    pub dc_tables: Vec<Option<Arc<HuffmanTable>>>,
    pub ac_tables: Vec<Option<Arc<HuffmanTable>>>,
    pub ss: usize,
    pub se: usize,
    pub ah: u8,
    pub al: u8,
    pub restart_interval: usize,
    /// The entropy-coded bytes, restart markers included, up to the next other marker.
    pub data: Range<usize>,
}
