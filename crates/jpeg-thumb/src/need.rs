//! What the caller needs from a decode, and the DCT scale that still delivers it.

/// What the caller needs from the decode; the image is scaled down no further than it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Only the centred square (as wide as the short side) is used, and it must keep at least
    /// this many pixels across; the decoder may leave out what lies well outside it.
    CentreSquare(u32),
    /// The whole image is fitted, its long side keeping at least this many pixels.
    LongSide(u32),
}

impl Need {
    /// The fewest pixels the short side of a `width`×`height` image may keep (at least 1, at
    /// most the short side itself).
    pub fn short_side_for(self, width: u32, height: u32) -> u32 {
        let (short, long) = (width.min(height), width.max(height));
        let wanted = match self {
            Need::CentreSquare(n) => n,
            Need::LongSide(n) => {
                (u64::from(n) * u64::from(short)).div_ceil(u64::from(long).max(1)) as u32
            }
        };
        wanted.clamp(1, short)
    }

    /// The largest of 8, 4, 2, 1 whose 1/n scale still keeps what is needed of the image.
    pub(crate) fn scale_denominator(self, width: u32, height: u32) -> u32 {
        let short = width.min(height);
        let short_side = self.short_side_for(width, height);
        [8, 4, 2]
            .into_iter()
            .find(|&d| short.div_ceil(d) >= short_side)
            .unwrap_or(1)
    }
}
