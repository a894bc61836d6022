fn main() {
    println!("bloocard: not yet");
}
