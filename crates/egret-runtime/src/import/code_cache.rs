//! egret's cache of compiled modules, so that importing the standard
//! library does not parse and compile it again on every run. (CPython's
//! `.pyc` files are never read or written.)
//!
//! One file per source path under `$EGRET_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/egret`, else `~/.cache/egret`. A file holds a header
//! (format, which egret build wrote it, a hash of the source text) and the code object
//! in bincode. A header that does not match means the entry is stale and
//! the module is compiled afresh. `EGRET_NO_CACHE=1` turns the cache off.
//! Failing to read or write the cache is never an error: it only costs
//! the compile.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::rc::Rc;

use egret_bytecode::CodeObject;

const MAGIC: &[u8; 8] = b"EGRETC01";

fn dir() -> Option<PathBuf> {
    if std::env::var_os("EGRET_NO_CACHE").is_some() {
        return None;
    }
    if let Some(d) = std::env::var_os("EGRET_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("egret"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("egret"))
}

fn hash_of(parts: &[&[u8]]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

fn entry_in(dir: &std::path::Path, path: &str) -> PathBuf {
    dir.join(format!("{:016x}.egc", hash_of(&[path.as_bytes()])))
}

/// Which build of egret wrote an entry: its version, and the size and
/// modification time of the running executable, so that a rebuilt compiler
/// never reads code an older one wrote.
pub fn build_id() -> &'static [u8] {
    static ID: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let mut id = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
        if let Ok(m) = std::env::current_exe().and_then(std::fs::metadata) {
            id.extend(m.len().to_le_bytes());
            if let Ok(t) = m.modified()
                && let Ok(d) = t.duration_since(std::time::UNIX_EPOCH)
            {
                id.extend(d.as_nanos().to_le_bytes());
            }
        }
        id
    })
}

/// The magic number of `.pyc` files this build writes (importlib's
/// `MAGIC_NUMBER`): two bytes from the build's identity, then `\r\n` as in
/// CPython's.
pub fn pyc_magic() -> [u8; 4] {
    let h = hash_of(&[build_id()]);
    let n = 0x8000 | (h as u16 & 0x7FFF);
    let [a, b] = n.to_le_bytes();
    [a, b, b'\r', b'\n']
}

fn header(path: &str, source: &[u8]) -> Vec<u8> {
    let mut h = MAGIC.to_vec();
    let id = build_id();
    h.extend((id.len() as u32).to_le_bytes());
    h.extend(id);
    h.extend(hash_of(&[path.as_bytes(), source]).to_le_bytes());
    h
}

/// The cached code for `path`, if it was compiled from exactly `source`.
pub fn load(path: &str, source: &[u8]) -> Option<Rc<CodeObject>> {
    load_in(&dir()?, path, source)
}

fn load_in(dir: &std::path::Path, path: &str, source: &[u8]) -> Option<Rc<CodeObject>> {
    let file = entry_in(dir, path);
    let data = std::fs::read(file).ok()?;
    let head = header(path, source);
    let body = data.strip_prefix(head.as_slice())?;
    bincode::deserialize::<CodeObject>(body).ok().map(Rc::new)
}

/// Records the code compiled from `source` (best effort).
pub fn store(path: &str, source: &[u8], code: &CodeObject) {
    if let Some(d) = dir() {
        store_in(&d, path, source, code);
    }
}

fn store_in(dir: &std::path::Path, path: &str, source: &[u8], code: &CodeObject) {
    let file = entry_in(dir, path);
    let Ok(body) = bincode::serialize(code) else {
        return;
    };
    let Some(parent) = file.parent() else {
        return;
    };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let mut data = header(path, source);
    data.extend(body);
    // Write then rename, so that concurrent runs never see half a file.
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, data).is_ok() && std::fs::rename(&tmp, &file).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_code_comes_back_only_for_the_same_source() {
        let dir = std::env::temp_dir().join(format!("egret-cache-test-{}", std::process::id()));
        let src = b"x = 1.5\ndef f(a, *b):\n    return (a, b, 10**30, 'text')\n";
        let code =
            egret_compiler::compile_module(std::str::from_utf8(src).unwrap(), "m.py").unwrap();
        store_in(&dir, "/some/m.py", src, &code);
        let back = load_in(&dir, "/some/m.py", src).expect("a cache hit");
        assert_eq!(back.disassemble(), code.disassemble());
        assert!(
            load_in(&dir, "/some/m.py", b"x = 2\n").is_none(),
            "a changed source misses"
        );
        assert!(
            load_in(&dir, "/other/m.py", src).is_none(),
            "another path misses"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
