fn main() {
    for f in std::env::args().skip(1) {
        let src = std::fs::read(&f).unwrap();
        match alloy_lint::syntax::parse(&src) {
            Ok(_) => println!("{f}: ok"),
            Err(e) => println!("{f}: {}", e.first()),
        }
    }
}
