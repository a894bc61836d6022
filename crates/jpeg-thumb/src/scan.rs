//! Decoding the progressive scans (JPEG Annex G.1.2) into compact coefficient storage.
//!
//! A block keeps only the coefficients the reduced-scale IDCT reads (its top-left kx×ky corner)
//! plus one bit per zig-zag position saying "non-zero so far": the refinement scans need to know
//! which coefficients already have a value, but never the value of one that is thrown away.
//! At half scale that is 40 bytes a block instead of 128.

use super::bits::BitReader;
use super::frame::{Frame, Scan};
use super::huffman::HuffmanTable;
use super::zigzag::ZIGZAG_TO_NATURAL;
use crate::error::{Error, corrupt};

const DROPPED: u8 = u8::MAX;

/// The AC coefficients of one component.
pub(crate) struct AcBlocks {
    /// Kept corner of each block: kx columns, ky rows.
    pub kx: usize,
    pub ky: usize,
    /// Blocks stored per row and rows stored (whole MCUs).
    pub stride: usize,
    pub rows: usize,
    /// `kx * ky` values a block, row-major; slot 0 (the DC) stays unused here.
    pub values: Vec<i16>,
    /// Bit k set: zig-zag coefficient k is non-zero.
    pub nonzero: Vec<u64>,
    /// Zig-zag position → slot in `values`, or DROPPED.
    slot_of: [u8; 64],
    /// Zig-zag positions 1–63 that are kept.
    pub kept: u64,
}

impl AcBlocks {
    pub fn new(stride: usize, rows: usize, kx: usize, ky: usize) -> Self {
        let mut slot_of = [DROPPED; 64];
        let mut kept = 0u64;
        for (k, &natural) in ZIGZAG_TO_NATURAL.iter().enumerate().skip(1) {
            let (row, col) = (usize::from(natural) / 8, usize::from(natural) % 8);
            if row < ky && col < kx {
                slot_of[k] = (row * kx + col) as u8;
                kept |= 1 << k;
            }
        }
        let blocks = stride * rows;
        AcBlocks {
            kx,
            ky,
            stride,
            rows,
            values: vec![0; blocks * kx * ky],
            nonzero: vec![0; blocks],
            slot_of,
            kept,
        }
    }

    pub fn slots(&self) -> usize {
        self.kx * self.ky
    }
}

/// Counts MCUs and performs the restart a DRI interval asks for.
pub(crate) struct Restarts {
    interval: usize,
    seen: usize,
}

impl Restarts {
    pub fn new(interval: usize) -> Self {
        Restarts { interval, seen: 0 }
    }

    /// True when a restart marker precedes this MCU.
    pub fn before_next(&mut self) -> bool {
        let restart = self.interval > 0 && self.seen > 0 && self.seen.is_multiple_of(self.interval);
        self.seen += 1;
        restart
    }
}

pub(crate) fn table(
    tables: &[Option<std::sync::Arc<HuffmanTable>>],
    i: usize,
) -> Result<&HuffmanTable, Error> {
    tables
        .get(i)
        .and_then(|t| t.as_deref())
        .ok_or_else(|| corrupt("a scan uses a Huffman table that was never defined"))
}

/// A DC scan (first pass or refinement), interleaved or not. `dc[c]` holds component c's DCs.
pub(crate) fn decode_dc(
    scan: &Scan,
    frame: &Frame,
    data: &[u8],
    dc: &mut [Vec<i16>],
) -> Result<(), Error> {
    let mut reader = BitReader::new(data);
    let mut restarts = Restarts::new(scan.restart_interval);
    let mut predictors = [0i32; 4];
    let first = scan.ah == 0;
    let al = u32::from(scan.al);
    let tables: Vec<Option<&HuffmanTable>> = (0..scan.components.len())
        .map(|i| table(&scan.dc_tables, i).ok())
        .collect();
    let block = |reader: &mut BitReader,
                 i: usize,
                 value: &mut i16,
                 predictors: &mut [i32; 4]|
     -> Result<(), Error> {
        if first {
            let table = tables[i].ok_or_else(|| corrupt("a DC Huffman table is missing"))?;
            let size = table.decode(reader)?;
            if size > 15 {
                return Err(corrupt("a DC difference is too large"));
            }
            predictors[i] = predictors[i].wrapping_add(reader.signed(u32::from(size)));
            *value = predictors[i].wrapping_shl(al) as i16;
        } else if reader.bit() {
            *value |= 1 << al;
        }
        Ok(())
    };

    if scan.components.len() == 1 {
        let c = scan.components[0];
        let (used_w, used_h) = frame.used_blocks(c);
        let stride = frame.stored_blocks(c).0;
        for by in 0..used_h {
            for bx in 0..used_w {
                if restarts.before_next() {
                    reader.restart();
                    predictors = [0; 4];
                }
                block(
                    &mut reader,
                    0,
                    &mut dc[c][by * stride + bx],
                    &mut predictors,
                )?;
            }
        }
        return Ok(());
    }
    for my in 0..frame.mcus_y {
        for mx in 0..frame.mcus_x {
            if restarts.before_next() {
                reader.restart();
                predictors = [0; 4];
            }
            for (i, &c) in scan.components.iter().enumerate() {
                let (h, v) = (frame.components[c].h, frame.components[c].v);
                let stride = frame.mcus_x * h;
                for y in 0..v {
                    for x in 0..h {
                        let index = (my * v + y) * stride + mx * h + x;
                        block(&mut reader, i, &mut dc[c][index], &mut predictors)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// An AC scan of one component, first pass or refinement.
pub(crate) fn decode_ac(
    scan: &Scan,
    frame: &Frame,
    data: &[u8],
    blocks: &mut AcBlocks,
) -> Result<(), Error> {
    let c = scan.components[0];
    let table = table(&scan.ac_tables, 0)?;
    let (used_w, used_h) = frame.used_blocks(c);
    let mut reader = BitReader::new(data);
    let mut restarts = Restarts::new(scan.restart_interval);
    let mut eob_run = 0u32;
    let slots = blocks.slots();
    let band = Band {
        ss: scan.ss,
        se: scan.se,
        al: u32::from(scan.al),
        slot_of: blocks.slot_of,
        kept: blocks.kept,
    };
    for by in 0..used_h {
        for bx in 0..used_w {
            if restarts.before_next() {
                reader.restart();
                eob_run = 0;
            }
            let index = by * blocks.stride + bx;
            let values = &mut blocks.values[index * slots..(index + 1) * slots];
            let nonzero = &mut blocks.nonzero[index];
            if scan.ah == 0 {
                band.first(&mut reader, table, values, nonzero, &mut eob_run)?;
            } else {
                band.refine(&mut reader, table, values, nonzero, &mut eob_run)?;
            }
        }
    }
    Ok(())
}

struct Band {
    ss: usize,
    se: usize,
    al: u32,
    slot_of: [u8; 64],
    kept: u64,
}

impl Band {
    /// G.1.2.2: the first pass over a spectral band.
    #[inline]
    fn first(
        &self,
        reader: &mut BitReader,
        table: &HuffmanTable,
        values: &mut [i16],
        nonzero: &mut u64,
        eob_run: &mut u32,
    ) -> Result<(), Error> {
        if *eob_run > 0 {
            *eob_run -= 1;
            return Ok(());
        }
        let mut k = self.ss;
        while k <= self.se {
            let symbol = table.decode(reader)?;
            let (run, size) = (u32::from(symbol >> 4), u32::from(symbol & 15));
            if size != 0 {
                k += run as usize;
                if k > self.se {
                    return Err(corrupt("an AC run passes the end of its band"));
                }
                let value = reader.signed(size).wrapping_shl(self.al);
                *nonzero |= 1 << k;
                if let Some(slot) = values.get_mut(usize::from(self.slot_of[k])) {
                    *slot = value as i16;
                }
                k += 1;
            } else if run == 15 {
                k += 16;
            } else {
                *eob_run = (1 << run) - 1 + reader.bits(run);
                break;
            }
        }
        Ok(())
    }

    /// G.1.2.3: one more bit of precision for the band, and coefficients that become non-zero.
    /// Runs are found with bit masks rather than by walking the band one position at a time.
    #[inline]
    fn refine(
        &self,
        reader: &mut BitReader,
        table: &HuffmanTable,
        values: &mut [i16],
        nonzero: &mut u64,
        eob_run: &mut u32,
    ) -> Result<(), Error> {
        let plus: i16 = 1 << self.al;
        let mut k = self.ss;
        if *eob_run == 0 {
            while k <= self.se {
                let symbol = table.decode(reader)?;
                let (run, size) = (symbol >> 4, symbol & 15);
                let mut value = 0i16;
                if size == 1 {
                    value = if reader.bit() { plus } else { -plus };
                } else if size != 0 {
                    return Err(corrupt(
                        "a refinement scan codes a coefficient wider than 1 bit",
                    ));
                } else if run != 15 {
                    *eob_run = (1 << run) + reader.bits(u32::from(run));
                    break;
                }
                // Skip `run` coefficients that are still zero, stopping at the next one; every
                // non-zero coefficient passed on the way gets a correction bit.
                let band = band_mask(k, self.se);
                let mut zeros = !*nonzero & band;
                for _ in 0..run {
                    zeros &= zeros.wrapping_sub(1);
                }
                let stop = if zeros == 0 {
                    self.se + 1
                } else {
                    zeros.trailing_zeros() as usize
                };
                self.corrections(reader, values, *nonzero & band & below(stop), plus);
                k = stop;
                if value != 0 {
                    if k > self.se {
                        return Err(corrupt("a refinement run passes the end of its band"));
                    }
                    *nonzero |= 1 << k;
                    if let Some(slot) = values.get_mut(usize::from(self.slot_of[k])) {
                        *slot = value;
                    }
                }
                k += 1;
            }
        }
        if *eob_run > 0 {
            if k <= self.se {
                self.corrections(reader, values, *nonzero & band_mask(k, self.se), plus);
            }
            *eob_run -= 1;
        }
        Ok(())
    }

    /// Reads one correction bit for each position in `positions` (ascending), applying those
    /// for kept coefficients and skipping the rest in bulk.
    #[inline]
    fn corrections(&self, reader: &mut BitReader, values: &mut [i16], positions: u64, plus: i16) {
        let mut kept = positions & self.kept;
        let mut handled = 0u64;
        while kept != 0 {
            let position = kept.trailing_zeros() as usize;
            let up_to = below(position);
            reader.skip((positions & up_to & !handled).count_ones());
            if reader.bit() {
                self.correct(values, position, plus);
            }
            handled = up_to | 1 << position;
            kept &= kept - 1;
        }
        reader.skip((positions & !handled).count_ones());
    }

    #[inline]
    fn correct(&self, values: &mut [i16], k: usize, plus: i16) {
        if let Some(value) = values.get_mut(usize::from(self.slot_of[k]))
            && *value & plus == 0
        {
            *value = if *value >= 0 {
                value.wrapping_add(plus)
            } else {
                value.wrapping_sub(plus)
            };
        }
    }
}

/// Bits below `n` (n ≤ 64) set.
#[inline]
fn below(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

/// Bits `from..=to` set.
fn band_mask(from: usize, to: usize) -> u64 {
    let upper = if to >= 63 {
        u64::MAX
    } else {
        (1u64 << (to + 1)) - 1
    };
    upper & !((1u64 << from) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_top_left_corner_only() {
        let half = AcBlocks::new(1, 1, 4, 4);
        assert_eq!(half.kept.count_ones(), 15);
        // zig-zag 1 is (0,1), 2 is (1,0), 24 is (3,3), 6 is (0,3); 14 is (0,4): dropped.
        assert_eq!(half.slot_of[1], 1);
        assert_eq!(half.slot_of[2], 4);
        assert_eq!(half.slot_of[24], 15);
        assert_eq!(half.slot_of[6], 3);
        assert_eq!(half.slot_of[14], DROPPED);
        let wide = AcBlocks::new(1, 1, 8, 4);
        assert_eq!(wide.kept.count_ones(), 31);
    }

    #[test]
    fn band_masks() {
        assert_eq!(band_mask(1, 5), 0b11_1110);
        assert_eq!(band_mask(0, 63), u64::MAX);
        assert_eq!(band_mask(63, 63), 1 << 63);
    }
}
