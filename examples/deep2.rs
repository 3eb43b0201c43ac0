fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let stack: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let src = format!("a = {}1{}", "[".repeat(n), "]".repeat(n));
    let src2 = format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n));
    let src3 = format!("a = {}1{}", "{a = ".repeat(n), "}".repeat(n));
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            for s in [src, src2, src3] {
                match alloy_lint::format::format_source(s.as_bytes()) {
                    Ok(s) => println!("ok {} bytes", s.len()),
                    Err(e) => println!("err {}", e.first()),
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
