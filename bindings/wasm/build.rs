//! Compiles the built-in pack (`rules/granska.yaml` and what it includes) into a compiled
//! pack file in `OUT_DIR`, which the runtime module (built without the `authoring` feature)
//! embeds as `Pack.builtin()`: the browser then loads it without YAML, pest or the checker.
//! It is written without the pack's YAML files (`to_compiled_without_sources`: the same pack
//! and content hash, a quarter of the bytes), which only parameters files and rendered
//! warnings need, and the runtime has neither. The authoring module loads the built-in YAML
//! instead, and gets an empty file.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin.gpack");
    println!("cargo:rerun-if-changed=../../rules");
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_AUTHORING");
    let bytes = if std::env::var_os("CARGO_FEATURE_AUTHORING").is_some() {
        vec![]
    } else {
        match granska::Pack::builtin() {
            Ok(pack) => pack.to_compiled_without_sources(),
            Err(e) => {
                eprintln!("{}", e.render(false));
                panic!("the built-in pack does not load: {e}");
            }
        }
    };
    if let Err(e) = std::fs::write(&out, bytes) {
        panic!("cannot write {}: {e}", out.display());
    }
}
