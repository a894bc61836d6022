//! Which MCUs a centre-square decode of a sequential file needs, and where their pixels lie.

use crate::frame::Frame;
use crate::image::Region;
use crate::sequential::McuWindow;

/// Pixels (at the decoded scale) a resize may read around the centred square: more than a
/// Lanczos3 filter reaches when shrinking to at least half size, which DCT scaling ensures.
const MARGIN: usize = 16;

/// The MCUs to decode: all of them, or with `centre_only` those covering the centred square
/// (as wide as the short side, centred, rounding left and up) and `MARGIN` pixels around it.
pub(crate) fn mcu_window(frame: &Frame, denominator: u32, centre_only: bool) -> McuWindow {
    let all = McuWindow {
        x0: 0,
        x1: frame.mcus_x,
        y0: 0,
        y1: frame.mcus_y,
    };
    if !centre_only {
        return all;
    }
    let side = frame.width.min(frame.height);
    let (left, top) = ((frame.width - side) / 2, (frame.height - side) / 2);
    let side = side as usize;
    let margin = MARGIN * denominator as usize;
    let span = |start: u32, mcu: usize, count: usize| {
        let start = start as usize;
        let first = start.saturating_sub(margin) / mcu;
        let end = (start + side + margin).div_ceil(mcu).min(count);
        (first, end)
    };
    let (x0, x1) = span(left, 8 * frame.h_max, frame.mcus_x);
    let (y0, y1) = span(top, 8 * frame.v_max, frame.mcus_y);
    McuWindow { x0, x1, y0, y1 }
}

/// Where the window's pixels lie in the `width`×`height` image decoded at 1/`denominator`.
pub(crate) fn region_of(
    window: &McuWindow,
    frame: &Frame,
    denominator: u32,
    width: u32,
    height: u32,
) -> Region {
    let mcu_w = (8 * frame.h_max as u32 / denominator).max(1);
    let mcu_h = (8 * frame.v_max as u32 / denominator).max(1);
    let (x, y) = (window.x0 as u32 * mcu_w, window.y0 as u32 * mcu_h);
    Region {
        x,
        y,
        width: (window.x1 as u32 * mcu_w).min(width) - x,
        height: (window.y1 as u32 * mcu_h).min(height) - y,
    }
}
