//! Canonical Huffman decoding (JPEG Annex C/F.2.2.3) with a 9-bit lookup table for the common
//! short codes and the per-length bounds for the rest.

use super::bits::BitReader;
use super::headers::corrupt;
use crate::avatar::error::AvatarError;

const LOOKUP_BITS: u32 = 9;

#[derive(Debug)]
pub(super) struct HuffmanTable {
    /// Indexed by the next 9 bits: code length << 8 | symbol, or 0 for a longer code.
    lookup: Box<[u16; 1 << LOOKUP_BITS]>,
    /// For each length 1–16, the largest code of that length (−1 when none), and the offset
    /// from a code to its symbol's index.
    max_code: [i32; 17],
    offset: [i32; 17],
    symbols: Vec<u8>,
}

impl HuffmanTable {
    pub fn new(counts: &[u8; 16], symbols: &[u8]) -> Result<Self, AvatarError> {
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

    #[inline(always)]
    pub fn decode(&self, reader: &mut BitReader) -> Result<u8, AvatarError> {
        reader.fill();
        let entry = self.lookup[reader.peek(LOOKUP_BITS) as usize];
        if entry != 0 {
            reader.consume(u32::from(entry >> 8));
            return Ok(entry as u8);
        }
        self.decode_long(reader)
    }

    #[cold]
    fn decode_long(&self, reader: &mut BitReader) -> Result<u8, AvatarError> {
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
    fn refuses_oversubscribed_tables() {
        let mut counts = [0u8; 16];
        counts[0] = 3; // three 1-bit codes cannot exist
        assert!(HuffmanTable::new(&counts, &[1, 2, 3]).is_err());
    }
}
