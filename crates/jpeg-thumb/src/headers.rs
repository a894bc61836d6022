//! Walks a JPEG's markers once: the frame, every scan with the Huffman tables and restart
//! interval in force when it starts, and where its entropy-coded bytes lie.
//!
//! Anything this decoder does not handle (arithmetic coding, lossless or hierarchical frames,
//! 12-bit samples, CMYK, unusual sampling factors) is reported as `Unsupported` so the caller can
//! hand the file to the general decoder instead.

use std::ops::Range;
use std::sync::Arc;

use super::frame::{Frame, Scan};
use super::huffman::HuffmanTable;
use super::segments::{parse_frame, parse_huffman, parse_quant, parse_scan};
use crate::error::{Error, HeaderError, corrupt};

pub(crate) struct Parsed {
    pub frame: Frame,
    pub scans: Vec<Scan>,
    /// TIFF payload of the APP1 Exif segment, for the orientation.
    pub exif: Option<Range<usize>>,
    /// Adobe APP14 colour transform flag (0 = the three components are RGB).
    pub adobe_transform: Option<u8>,
    /// The ICC profile, reassembled from its APP2 chunks.
    pub icc: Option<Vec<u8>>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Result<u8, Error> {
        let b = *self.bytes.get(self.pos).ok_or(Error::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from(self.u8()?) << 8 | u16::from(self.u8()?))
    }

    /// The payload of a length-prefixed segment.
    fn segment(&mut self) -> Result<&'a [u8], Error> {
        let len = usize::from(self.u16()?);
        if len < 2 {
            return Err(corrupt("a marker segment has a length under 2"));
        }
        let end = self.pos + len - 2;
        let body = self.bytes.get(self.pos..end).ok_or(Error::Truncated)?;
        self.pos = end;
        Ok(body)
    }

    /// Finds the next marker code, skipping fill bytes.
    fn marker(&mut self) -> Result<u8, Error> {
        if self.u8()? != 0xFF {
            return Err(corrupt("a marker was expected"));
        }
        loop {
            match self.u8()? {
                0xFF => continue,
                code => return Ok(code),
            }
        }
    }
}

/// Parses `bytes` (a JPEG, SOI already checked by the caller's sniff) through EOI.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, HeaderError> {
    let mut r = Reader { bytes, pos: 0 };
    if r.u16()? != 0xFFD8 {
        return Err(corrupt("the SOI marker is missing").into());
    }
    let mut quant: [Option<[u16; 64]>; 4] = [None; 4];
    let mut dc: [Option<Arc<HuffmanTable>>; 4] = Default::default();
    let mut ac: [Option<Arc<HuffmanTable>>; 4] = Default::default();
    let mut frame: Option<Frame> = None;
    let mut scans = Vec::new();
    let mut restart_interval = 0;
    let mut exif = None;
    let mut adobe_transform = None;
    let mut icc_chunks: Vec<(u8, &[u8])> = Vec::new();

    loop {
        let marker = r.marker()?;
        match marker {
            0xD9 => break,
            0xC0..=0xC2 => {
                if frame.is_some() {
                    return Err(corrupt("the image has two frames").into());
                }
                let mut parsed = parse_frame(r.segment()?)?;
                parsed.progressive = marker == 0xC2;
                frame = Some(parsed);
            }
            // Lossless, hierarchical and arithmetic frames: not ours.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(HeaderError::Unsupported);
            }
            0xC4 => parse_huffman(r.segment()?, &mut dc, &mut ac)?,
            0xDB => parse_quant(r.segment()?, &mut quant)?,
            0xDD => {
                let body = r.segment()?;
                if body.len() < 2 {
                    return Err(corrupt("the DRI segment is short").into());
                }
                restart_interval = usize::from(u16::from(body[0]) << 8 | u16::from(body[1]));
            }
            0xE1 => {
                let start = r.pos + 2;
                let body = r.segment()?;
                if exif.is_none() && body.starts_with(b"Exif\0\0") {
                    exif = Some(start + 6..start + body.len());
                }
            }
            0xE2 => {
                let body = r.segment()?;
                // "ICC_PROFILE\0", chunk number (from 1), chunk count, data.
                if body.len() > 14 && body.starts_with(b"ICC_PROFILE\0") {
                    icc_chunks.push((body[12], &body[14..]));
                }
            }
            0xEE => {
                let body = r.segment()?;
                if body.len() >= 12 && body.starts_with(b"Adobe") {
                    adobe_transform = Some(body[11]);
                }
            }
            0xDA => {
                let frame = frame
                    .as_mut()
                    .ok_or_else(|| corrupt("a scan comes before the frame header"))?;
                let header = r.segment()?;
                let mut scan = parse_scan(header, frame, &quant, &dc, &ac, restart_interval)?;
                let start = r.pos;
                let end = entropy_end(bytes, start).ok_or(Error::Truncated)?;
                scan.data = start..end;
                r.pos = end;
                scans.push(scan);
            }
            0xD0..=0xD7 => {} // a stray restart marker between scans carries nothing
            0x01 => {}
            _ => {
                r.segment()?;
            }
        }
    }
    let frame = frame.ok_or_else(|| corrupt("the image has no frame header"))?;
    if scans.is_empty() {
        return Err(Error::Truncated.into());
    }
    icc_chunks.sort_by_key(|&(number, _)| number);
    let icc = (!icc_chunks.is_empty()).then(|| {
        icc_chunks
            .iter()
            .flat_map(|&(_, data)| data.iter().copied())
            .collect()
    });
    Ok(Parsed {
        frame,
        scans,
        exif,
        adobe_transform,
        icc,
    })
}

/// The first marker after `start` that is neither byte stuffing nor a restart marker.
fn entropy_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    loop {
        let ff = at + memchr::memchr(0xFF, bytes.get(at..)?)?;
        match bytes.get(ff + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => at = ff + 1,
            _ => return Some(ff),
        }
    }
}
