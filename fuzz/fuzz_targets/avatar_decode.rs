//! Whatever bytes arrive as a photo or an avatar: the header check, the preview decode and the
//! pipeline refuse or succeed without panicking, and what they make is always a valid avatar.
#![no_main]

use bloocard::avatar::{PrepareOptions, inspect, prepare, preview};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = inspect(data);
    if let Ok(image) = preview(data, 64) {
        assert!(image.width() <= 64 && image.height() <= 64);
    }
    if let Ok(prepared) = prepare(data, &PrepareOptions::default()) {
        let info = inspect(&prepared.jpeg).expect("the pipeline's own output must be readable");
        assert_eq!(info.format, "JPEG");
        assert_eq!(info.width, info.height);
        assert!((500..=1024).contains(&info.width));
        assert!(prepared.jpeg.len() <= 1_000_000);
    }
});
