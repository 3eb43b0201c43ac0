//! Checks that formatting each file twice gives the same bytes and that the
//! output parses: `cargo run --release --example idempotent -- FILES...`.
fn main() {
    let (mut ok, mut bad) = (0, 0);
    for f in std::env::args().skip(1) {
        let src = std::fs::read(&f).unwrap();
        let Ok(once) = alloy_lint::format::format_source(&src) else {
            continue;
        };
        match alloy_lint::format::format_source(once.as_bytes()) {
            Ok(twice) if twice == once => ok += 1,
            Ok(_) => {
                bad += 1;
                println!("{f}: not idempotent")
            }
            Err(e) => {
                bad += 1;
                println!("{f}: output does not parse: {}", e.first())
            }
        }
    }
    println!("{ok} passed, {bad} failed");
}
