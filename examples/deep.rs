fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let kind = std::env::args().nth(2).unwrap_or("[".into());
    let src = match kind.as_str() {
        "[" => format!("a = {}1{}", "[".repeat(n), "]".repeat(n)),
        "(" => format!("a = {}1{}", "(".repeat(n), ")".repeat(n)),
        "{" => format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n)),
        "+" => format!("a = 1{}", " + 1".repeat(n)),
        "." => format!("a = b{}", ".c".repeat(n)),
        _ => panic!(),
    };
    match alloy_lint::format::format_source(src.as_bytes()) {
        Ok(s) => println!("ok {} bytes", s.len()),
        Err(e) => println!("err {}", e.first()),
    }
}
