//! Whatever bytes arrive: the decoder refuses or decodes without panicking, at every kind of
//! need, and what it decodes has the size it says.
#![no_main]

use jpeg_thumb::{Decoder, Need};
use libfuzzer_sys::fuzz_target;

/// The decoder sets no size limit of its own; a caller checks the header first, as bloocard does.
const MAX_PIXELS: u64 = 4_000_000;

fuzz_target!(|data: &[u8]| {
    let Ok(Some(decoder)) = Decoder::new(data) else {
        return;
    };
    let (width, height) = (decoder.width(), decoder.height());
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return;
    }
    for need in [Need::CentreSquare(1), Need::CentreSquare(500), Need::LongSide(64)] {
        let Ok(image) = decoder.decode(need) else {
            continue;
        };
        assert_eq!((image.full_width, image.full_height), (width, height));
        assert!(image.width <= width && image.height <= height);
        let region = image.region;
        assert!(region.x + region.width <= image.width);
        assert!(region.y + region.height <= image.height);
        assert_eq!(
            image.rgb.len(),
            region.width as usize * region.height as usize * 3
        );
    }
});
