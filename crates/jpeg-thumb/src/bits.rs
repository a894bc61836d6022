//! The entropy-coded bit stream: bytes are taken most significant bit first, 0xFF 0x00 is one
//! 0xFF byte, and any other marker ends the data (zeros follow, as libjpeg does) until a restart.

pub(crate) struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Unread bits, left-aligned.
    buffer: u64,
    count: u32,
    at_marker: bool,
}

impl<'a> BitReader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        BitReader {
            data,
            pos: 0,
            buffer: 0,
            count: 0,
            at_marker: false,
        }
    }

    /// Makes at least 32 bits available (refilling to 57 or more when under 32, so the
    /// refill runs once every few codes, not for each).
    #[inline]
    pub fn fill(&mut self) {
        if self.count >= 32 {
            return;
        }
        // Fast path: eight bytes with no 0xFF among them go in with one load.
        if !self.at_marker
            && let Some(chunk) = self.data.get(self.pos..self.pos + 8)
        {
            let word = u64::from_be_bytes([
                chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
            ]);
            if !has_ff_byte(word) {
                let take = (64 - self.count) / 8;
                self.buffer |= (word >> (64 - 8 * take)) << (64 - 8 * take - self.count);
                self.pos += take as usize;
                self.count += 8 * take;
                return;
            }
        }
        while self.count <= 56 {
            let byte = self.next_byte();
            self.buffer |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
    }

    fn next_byte(&mut self) -> u8 {
        if self.at_marker {
            return 0;
        }
        match self.data.get(self.pos) {
            None => {
                self.at_marker = true;
                0
            }
            Some(0xFF) if self.data.get(self.pos + 1) == Some(&0) => {
                self.pos += 2;
                0xFF
            }
            Some(0xFF) => {
                self.at_marker = true;
                0
            }
            Some(&byte) => {
                self.pos += 1;
                byte
            }
        }
    }

    /// The next `n` (≤ 16) bits without consuming them; call `fill` first.
    #[inline]
    pub fn peek(&self, n: u32) -> u32 {
        (self.buffer >> (64 - n)) as u32
    }

    #[inline]
    pub fn consume(&mut self, n: u32) {
        self.buffer <<= n;
        self.count -= n;
    }

    /// `n` ≤ 16 bits as an unsigned number.
    #[inline]
    pub fn bits(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        self.fill();
        let value = self.peek(n);
        self.consume(n);
        value
    }

    /// Discards `n` bits.
    #[inline]
    pub fn skip(&mut self, mut n: u32) {
        while n > 0 {
            self.fill();
            let step = n.min(32);
            self.consume(step);
            n -= step;
        }
    }

    #[inline]
    pub fn bit(&mut self) -> bool {
        if self.count == 0 {
            self.fill();
        }
        let set = self.buffer >> 63 != 0;
        self.consume(1);
        set
    }

    /// `n` bits read as a JPEG "extended" signed value (F.2.2.1).
    #[inline]
    pub fn signed(&mut self, n: u32) -> i32 {
        if n == 0 {
            return 0;
        }
        extend(self.bits(n), n)
    }

    /// `n` (1–16) bits as an "extended" signed value, without refilling: for use straight
    /// after a Huffman decode, whose refill left at least 16 bits.
    #[inline(always)]
    pub fn signed_after_code(&mut self, n: u32) -> i32 {
        debug_assert!((1..=16).contains(&n) && self.count >= n);
        let value = self.peek(n);
        self.consume(n);
        extend(value, n)
    }

    /// Drops buffered bits and steps over the next restart marker; corrupt data before it is
    /// skipped the way libjpeg resynchronises.
    pub fn restart(&mut self) {
        self.buffer = 0;
        self.count = 0;
        self.at_marker = false;
        let mut at = self.pos;
        while let Some(offset) = self
            .data
            .get(at..)
            .and_then(|rest| memchr::memchr(0xFF, rest))
        {
            let ff = at + offset;
            match self.data.get(ff + 1) {
                Some(0xD0..=0xD7) => {
                    self.pos = ff + 2;
                    return;
                }
                Some(_) => at = ff + 1,
                None => break,
            }
        }
        self.pos = self.data.len();
    }
}

/// The `n` (1–16) bits `raw` as a JPEG "extended" signed value (F.2.2.1): below half the range
/// they stand for a negative number.
#[inline(always)]
pub(crate) fn extend(raw: u32, n: u32) -> i32 {
    let value = raw as i32;
    let negative = value < 1 << (n - 1);
    value - (i32::from(negative) << n) + i32::from(negative)
}

/// True when any byte of `word` is 0xFF.
#[inline]
fn has_ff_byte(word: u64) -> bool {
    let inverted = !word;
    (inverted.wrapping_sub(0x0101_0101_0101_0101) & !inverted & 0x8080_8080_8080_8080) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unstuffs_ff00_and_stops_at_a_marker() {
        let mut r = BitReader::new(&[0b1010_0000, 0xFF, 0x00, 0x12, 0xFF, 0xD9, 0x55]);
        assert_eq!(r.bits(3), 0b101);
        assert_eq!(r.bits(5), 0);
        assert_eq!(r.bits(8), 0xFF);
        assert_eq!(r.bits(8), 0x12);
        // the marker ends the data: zeros follow
        assert_eq!(r.bits(16), 0);
    }

    #[test]
    fn restart_skips_to_after_the_marker() {
        let mut r = BitReader::new(&[0xAB, 0xFF, 0xD0, 0xCD]);
        assert_eq!(r.bits(4), 0xA);
        r.restart();
        assert_eq!(r.bits(8), 0xCD);
    }

    #[test]
    fn fast_fill_matches_byte_by_byte() {
        let data: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37)).collect();
        let mut r = BitReader::new(&data);
        for &byte in &data {
            assert_eq!(r.bits(8), u32::from(byte));
        }
    }

    #[test]
    fn finds_ff_bytes() {
        assert!(has_ff_byte(0x00FF_0000_0000_0000));
        assert!(has_ff_byte(0x0000_0000_0000_00FF));
        assert!(!has_ff_byte(0xFEFE_FEFE_FEFE_FEFE));
        assert!(!has_ff_byte(0x7F80_0001_0203_0405));
    }

    #[test]
    fn extends_signed_values() {
        let mut r = BitReader::new(&[0b0011_0000]);
        assert_eq!(r.signed(2), -3); // 00 → -3
        assert_eq!(r.signed(2), 3); // 11 → 3
        let mut r = BitReader::new(&[0b0011_0100, 0b1000_0000]);
        r.fill();
        assert_eq!(r.signed_after_code(2), -3);
        assert_eq!(r.signed_after_code(2), 3);
        assert_eq!(r.signed_after_code(1), -1); // 0 → -1
        assert_eq!(r.signed_after_code(4), 9); // 1001 → 9
    }
}
