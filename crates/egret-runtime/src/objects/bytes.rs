//! `bytes` and `bytearray`: byte strings (one payload; bytearray mutates it).

use std::cell::RefCell;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};

pub struct BytesData {
    pub data: RefCell<Vec<u8>>,
}

impl Payload for BytesData {
    fn matches(kind: Kind) -> bool {
        matches!(kind, Kind::Bytes | Kind::ByteArray)
    }
}

pub fn new_bytes(b: Vec<u8>) -> Value {
    Value::alloc(
        &types().bytes,
        BytesData {
            data: RefCell::new(b),
        },
    )
}

pub fn new_bytearray(b: Vec<u8>) -> Value {
    Value::alloc(
        &types().bytearray,
        BytesData {
            data: RefCell::new(b),
        },
    )
}

/// `repr(bytes)`: `b'...'` with CPython's quote choice and escapes.
pub fn bytes_repr(b: &[u8], prefix: &str) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from(prefix);
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}
