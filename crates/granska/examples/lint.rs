fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    match granska::Pack::from_path(&path) {
        Ok(p) => println!("ok: {} requirements", p.requirements().len()),
        Err(e) => print!("{}", e.render(false)),
    }
}
