//! The serial half of a sequential decode (JPEG Annex F.2.2): Huffman-decoding every MCU in file
//! order, storing the kept corner of the blocks inside the window and only stepping over the rest.

use super::rows::{Layout, McuWindow, Row};
use crate::bits::BitReader;
use crate::error::{Error, corrupt};
use crate::huffman::{AcLookup, END_OF_BLOCK, HuffmanTable};
use crate::scan::Restarts;

/// The entropy decoder's state across MCUs.
pub(crate) struct Entropy<'a> {
    pub reader: BitReader<'a>,
    pub restarts: Restarts,
    pub predictors: [i32; 4],
    /// In scan order.
    pub tables: Vec<Tables<'a>>,
    /// Scan order → frame component.
    pub order: Vec<usize>,
}

/// The Huffman tables one scan component decodes with.
pub(crate) struct Tables<'a> {
    pub dc: &'a HuffmanTable,
    pub ac: &'a HuffmanTable,
    /// `ac` with the value bits folded in.
    pub fast: AcLookup,
}

impl Entropy<'_> {
    /// Decodes the next MCU row; blocks inside the window go to `row` when there is one.
    pub(crate) fn row(
        &mut self,
        mcus_x: usize,
        window: &McuWindow,
        layouts: &[Layout],
        mut row: Option<&mut Row>,
    ) -> Result<(), Error> {
        for mx in 0..mcus_x {
            if self.restarts.before_next() {
                self.reader.restart();
                self.predictors = [0; 4];
            }
            let inside = mx >= window.x0 && mx < window.x1;
            for (i, &c) in self.order.iter().enumerate() {
                let layout = &layouts[c];
                let tables = &self.tables[i];
                for y in 0..layout.v {
                    for x in 0..layout.h {
                        let predictor = &mut self.predictors[i];
                        match row.as_deref_mut() {
                            Some(row) if inside => {
                                let block =
                                    y * layout.blocks_across + (mx - window.x0) * layout.h + x;
                                let values = &mut row.values[c]
                                    [block * layout.slots..(block + 1) * layout.slots];
                                row.used_rows[c][block] = decode_block(
                                    &mut self.reader,
                                    tables,
                                    predictor,
                                    values,
                                    layout,
                                )?;
                            }
                            _ => skip_block(&mut self.reader, tables, predictor)?,
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// F.2.2.1: the DC difference, added to the component's predictor; returns the new DC.
#[inline(always)]
fn decode_dc(reader: &mut BitReader, dc: &HuffmanTable, predictor: &mut i32) -> Result<i32, Error> {
    let size = u32::from(dc.decode(reader)?);
    if size > 11 {
        return Err(corrupt("a DC difference is too large"));
    }
    if size > 0 {
        *predictor = predictor.wrapping_add(reader.signed_after_code(size));
    }
    Ok(*predictor)
}

/// F.2.2: one block's DC difference and AC run/size codes, storing the kept corner.
#[inline(always)]
fn decode_block(
    reader: &mut BitReader,
    tables: &Tables,
    predictor: &mut i32,
    values: &mut [i16],
    layout: &Layout,
) -> Result<u8, Error> {
    values.fill(0);
    values[0] = decode_dc(reader, tables.dc, predictor)? as i16;
    let mut used = 0u8;
    let mut k = 1usize;
    while k < 64 {
        reader.fill();
        if let Some((length, run, value)) = tables.fast.get(reader) {
            reader.consume(length);
            if run == END_OF_BLOCK {
                break;
            }
            k += run as usize;
            if value != 0 {
                if k > 63 {
                    return Err(corrupt("an AC run passes the end of its block"));
                }
                if let Some(slot) = values.get_mut(usize::from(layout.slot_of[k])) {
                    *slot = value as i16;
                }
                used = used.max(layout.row_of[k]);
            }
            k += 1;
            continue;
        }
        let symbol = tables.ac.decode(reader)?;
        let (run, size) = (usize::from(symbol >> 4), u32::from(symbol & 15));
        if size != 0 {
            k += run;
            if k > 63 {
                return Err(corrupt("an AC run passes the end of its block"));
            }
            let value = reader.signed_after_code(size);
            if let Some(slot) = values.get_mut(usize::from(layout.slot_of[k])) {
                *slot = value as i16;
            }
            used = used.max(layout.row_of[k]);
            k += 1;
        } else if run == 15 {
            k += 16;
        } else {
            break;
        }
    }
    Ok(used)
}

/// The same walk for a block nobody will look at: only the DC predictor is kept up to date.
#[inline(always)]
fn skip_block(reader: &mut BitReader, tables: &Tables, predictor: &mut i32) -> Result<(), Error> {
    decode_dc(reader, tables.dc, predictor)?;
    let mut k = 1usize;
    while k < 64 {
        reader.fill();
        if let Some((length, run, _)) = tables.fast.get(reader) {
            reader.consume(length);
            if run == END_OF_BLOCK {
                break;
            }
            k += run as usize + 1;
            continue;
        }
        let symbol = tables.ac.decode(reader)?;
        let (run, size) = (usize::from(symbol >> 4), u32::from(symbol & 15));
        if size != 0 {
            reader.consume(size);
            k += run + 1;
        } else if run == 15 {
            k += 16;
        } else {
            break;
        }
    }
    Ok(())
}
