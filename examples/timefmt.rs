fn main() {
    let f = std::env::args().nth(1).unwrap();
    let src = std::fs::read(&f).unwrap();
    let mb = src.len() as f64 / 1e6;
    let t = std::time::Instant::now();
    let parsed = alloy_lint::syntax::parse(&src).unwrap();
    let tp = t.elapsed().as_secs_f64();
    let t2 = std::time::Instant::now();
    let out = alloy_lint::format::print(&parsed, src.len());
    let tpr = t2.elapsed().as_secs_f64();
    let parsed2 = alloy_lint::syntax::parse(out.as_bytes()).unwrap();
    let out2 = alloy_lint::format::print(&parsed2, out.len());
    println!("pass2 equal: {}", out2 == out);
    let t3 = std::time::Instant::now();
    let full = alloy_lint::format::format_source(&src).unwrap();
    let tf = t3.elapsed().as_secs_f64();
    println!("parse {:.3}s {:.1} MB/s; print {:.3}s; format_source {:.3}s {:.1} MB/s; out {} {}", tp, mb/tp, tpr, tf, mb/tf, out.len(), full.len());
}
