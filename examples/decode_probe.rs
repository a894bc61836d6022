use std::time::Instant;
fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap();
        for req in [1u16, 800, 1024, 4000] {
            let mut best = f64::MAX;
            for _ in 0..3 {
                let t = Instant::now();
                let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(&bytes));
                d.read_info().unwrap();
                let info = d.info().unwrap();
                let r = if info.width <= info.height { (req, u16::MAX) } else { (u16::MAX, req) };
                let (w, h) = d.scale(r.0, r.1).unwrap();
                let _px = d.decode().unwrap();
                best = best.min(t.elapsed().as_secs_f64() * 1000.0);
                if best < 0.0 { println!("{w}{h}"); }
            }
            println!("{p} req {req}: {best:.0} ms");
        }
    }
}
