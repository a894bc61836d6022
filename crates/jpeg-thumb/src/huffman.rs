//! Canonical Huffman decoding (JPEG Annex C/F.2.2.3) with a 9-bit lookup table for the common
//! short codes and the per-length bounds for the rest.

use super::bits::{BitReader, extend};
use crate::error::{Error, corrupt};

const LOOKUP_BITS: u32 = 9;

#[derive(Debug)]
pub(crate) struct HuffmanTable {
    /// Indexed by the next 9 bits: code length << 8 | symbol, or 0 for a longer code.
    lookup: Box<[u16; 1 << LOOKUP_BITS]>,
    /// For each length 1–16, the largest code of that length (−1 when none), and the offset
    /// from a code to its symbol's index.
    max_code: [i32; 17],
    offset: [i32; 17],
    symbols: Vec<u8>,
}

impl HuffmanTable {
    pub fn new(counts: &[u8; 16], symbols: &[u8]) -> Result<Self, Error> {
        let mut lookup = Box::new([0u16; 1 << LOOKUP_BITS]);
        let mut max_code = [-1i32; 17];
        let mut offset = [0i32; 17];
        let mut code: u32 = 0;
        let mut index = 0usize;
        for length in 1..=16u32 {
            let count = usize::from(counts[length as usize - 1]);
            if count > 0 {
                offset[length as usize] = index as i32 - code as i32;
                for _ in 0..count {
                    if code >= 1 << length {
                        return Err(corrupt("a Huffman table has too many codes"));
                    }
                    let symbol = *symbols
                        .get(index)
                        .ok_or_else(|| corrupt("a Huffman table is short"))?;
                    if length <= LOOKUP_BITS {
                        let shift = LOOKUP_BITS - length;
                        let first = (code << shift) as usize;
                        for slot in &mut lookup[first..first + (1 << shift)] {
                            *slot = (length as u16) << 8 | u16::from(symbol);
                        }
                    }
                    code += 1;
                    index += 1;
                }
                max_code[length as usize] = code as i32 - 1;
            }
            code <<= 1;
        }
        Ok(HuffmanTable {
            lookup,
            max_code,
            offset,
            symbols: symbols.to_vec(),
        })
    }

    /// The symbol whose code starts the `LOOKUP_BITS`-bit `bits`, with its code length, when
    /// that code is short enough for the lookup table.
    fn short_code(&self, bits: usize) -> Option<(u32, u8)> {
        let entry = self.lookup[bits];
        (entry != 0).then(|| (u32::from(entry >> 8), entry as u8))
    }

    #[inline(always)]
    pub fn decode(&self, reader: &mut BitReader) -> Result<u8, Error> {
        reader.fill();
        let entry = self.lookup[reader.peek(LOOKUP_BITS) as usize];
        if entry != 0 {
            reader.consume(u32::from(entry >> 8));
            return Ok(entry as u8);
        }
        self.decode_long(reader)
    }

    #[cold]
    fn decode_long(&self, reader: &mut BitReader) -> Result<u8, Error> {
        for length in LOOKUP_BITS + 1..=16 {
            let code = reader.peek(length) as i32;
            if code <= self.max_code[length as usize] {
                reader.consume(length);
                let index = code + self.offset[length as usize];
                return usize::try_from(index)
                    .ok()
                    .and_then(|i| self.symbols.get(i).copied())
                    .ok_or_else(|| corrupt("a Huffman code is out of range"));
            }
        }
        Err(corrupt("the data holds an invalid Huffman code"))
    }
}

/// A sequential scan's AC table with the value bits folded in: for the next 9 bits, when they
/// hold a whole run/size code and its value bits, what to do in one step (libjpeg-turbo and
/// jpeg-decoder do the same). Most coefficients and end-of-blocks of a photo take this path.
pub(crate) struct AcLookup {
    /// Bits 0–7: bits consumed (0: not in the table); bits 8–15: zero run before the value, or
    /// `END_OF_BLOCK`; bits 16–31: the value (0 for a run of 16 zeros).
    entries: Box<[u32; 1 << LOOKUP_BITS]>,
}

/// What `AcLookup::get` says instead of a run for the end-of-block code.
pub(crate) const END_OF_BLOCK: u32 = 0xFF;

impl AcLookup {
    pub fn new(table: &HuffmanTable) -> Self {
        let mut entries = Box::new([0u32; 1 << LOOKUP_BITS]);
        for (bits, entry) in entries.iter_mut().enumerate() {
            let Some((length, symbol)) = table.short_code(bits) else {
                continue;
            };
            let (run, size) = (u32::from(symbol >> 4), u32::from(symbol & 15));
            *entry = match (run, size) {
                (0, 0) => length | END_OF_BLOCK << 8,
                (15, 0) => length | 15 << 8,
                (_, 0) => continue, // end-of-band runs belong to progressive scans
                _ if length + size <= LOOKUP_BITS => {
                    let raw = (bits as u32 >> (LOOKUP_BITS - length - size)) & ((1 << size) - 1);
                    (length + size) | run << 8 | (extend(raw, size) as u32) << 16
                }
                _ => continue,
            };
        }
        AcLookup { entries }
    }

    /// For the next 9 bits (call `fill` first): bits to consume, run (or `END_OF_BLOCK`) and
    /// value; `None` when the slow path must decode the code and value apart.
    #[inline(always)]
    pub fn get(&self, reader: &BitReader) -> Option<(u32, u32, i32)> {
        let entry = self.entries[reader.peek(LOOKUP_BITS) as usize];
        (entry != 0).then_some((entry & 0xFF, (entry >> 8) & 0xFF, entry as i32 >> 16))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_short_and_long_codes() {
        // Lengths: one code of 1 bit ("0" → 7), one of 2 ("10" → 8), and one of 12 bits
        // ("110000000000" → 9).
        let mut counts = [0u8; 16];
        counts[0] = 1;
        counts[1] = 1;
        counts[11] = 1;
        let table = HuffmanTable::new(&counts, &[7, 8, 9]).unwrap();
        // 0 | 10 | 110000000000 | pad with 1s
        let bits = [0b0101_1000, 0b0000_0001, 0b1111_1111, 0x00];
        let mut r = BitReader::new(&bits);
        assert_eq!(table.decode(&mut r).unwrap(), 7);
        assert_eq!(table.decode(&mut r).unwrap(), 8);
        assert_eq!(table.decode(&mut r).unwrap(), 9);
    }

    #[test]
    fn the_ac_lookup_folds_values_in_and_leaves_long_ones_to_the_slow_path() {
        // Codes: 00 → EOB, 01 → run 0 size 1, 100 → run 1 size 2, 1010 → ZRL, 1011 → size 10.
        let mut counts = [0u8; 16];
        counts[1] = 2;
        counts[2] = 1;
        counts[3] = 2;
        let table = HuffmanTable::new(&counts, &[0x00, 0x01, 0x12, 0xF0, 0x0A]).unwrap();
        let lookup = AcLookup::new(&table);
        let at = |bytes: &[u8]| {
            let mut reader = BitReader::new(bytes);
            reader.fill();
            lookup.get(&reader)
        };
        assert_eq!(at(&[0b0000_0000, 0]), Some((2, END_OF_BLOCK, 0)));
        assert_eq!(at(&[0b0100_0000, 0]), Some((3, 0, -1)));
        assert_eq!(at(&[0b0110_0000, 0]), Some((3, 0, 1)));
        assert_eq!(at(&[0b1000_1000, 0]), Some((5, 1, -2)));
        assert_eq!(at(&[0b1001_1000, 0]), Some((5, 1, 3)));
        assert_eq!(at(&[0b1010_0000, 0]), Some((4, 15, 0)));
        // 4 code bits + 10 value bits do not fit in 9.
        assert_eq!(at(&[0b1011_1111, 0xFF]), None);
    }

    #[test]
    fn refuses_oversubscribed_tables() {
        let mut counts = [0u8; 16];
        counts[0] = 3; // three 1-bit codes cannot exist
        assert!(HuffmanTable::new(&counts, &[1, 2, 3]).is_err());
    }
}
