//! `_blake2.blake2b` and `_blake2.blake2s`: the BLAKE2 state (RustCrypto's
//! `blake2` cores with their own block buffer, so that a key, a salt, a
//! personalization and any digest size can be given together) and
//! CPython's constructor with its keyword arguments and their checks.
//!
//! The crate builds only the sequential-mode parameter block: the tree
//! hashing parameters (`fanout`, `depth`, `leaf_size`, `node_offset`,
//! `node_depth`, `inner_size`, `last_node`) are checked as CPython checks
//! them, and any value but the default raises NotImplementedError rather
//! than give a digest that ignores it.

use blake2::digest::Output;
use blake2::digest::core_api::{Buffer, UpdateCore, VariableOutputCore};
use blake2::{Blake2bVarCore, Blake2sVarCore};
use num_bigint::BigInt;

use super::hashlib::{Alg, Hasher, constructor_args, hash_data, type_of};
use crate::object::Value;
use crate::objects::dict::DictTable;
use crate::objects::int::from_i64;
use crate::objects::native::new_native;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm};

#[derive(Clone)]
enum Core {
    B(Blake2bVarCore, Buffer<Blake2bVarCore>),
    S(Blake2sVarCore, Buffer<Blake2sVarCore>),
}

/// A BLAKE2 hash in progress.
#[derive(Clone)]
pub(crate) struct Blake2 {
    core: Core,
    digest_size: usize,
}

/// The sizes of one variant: (max digest and key size, salt and person size).
fn sizes(alg: Alg) -> (usize, usize) {
    if alg == Alg::Blake2b {
        (64, 16)
    } else {
        (32, 8)
    }
}

impl Blake2 {
    /// A new state; the sizes must have been checked against `sizes`.
    fn new(alg: Alg, digest_size: usize, key: &[u8], salt: &[u8], person: &[u8]) -> Blake2 {
        let mut b = if alg == Alg::Blake2b {
            Blake2 {
                core: Core::B(
                    Blake2bVarCore::new_with_params(salt, person, key.len(), digest_size),
                    Default::default(),
                ),
                digest_size,
            }
        } else {
            Blake2 {
                core: Core::S(
                    Blake2sVarCore::new_with_params(salt, person, key.len(), digest_size),
                    Default::default(),
                ),
                digest_size,
            }
        };
        if !key.is_empty() {
            // A keyed hash starts with the key padded to a whole block.
            let block = alg.block_size_bytes();
            let mut padded = vec![0u8; block];
            padded[..key.len()].copy_from_slice(key);
            b.update(&padded);
        }
        b
    }

    pub(crate) fn default_b() -> Blake2 {
        Blake2::new(Alg::Blake2b, 64, &[], &[], &[])
    }

    pub(crate) fn default_s() -> Blake2 {
        Blake2::new(Alg::Blake2s, 32, &[], &[], &[])
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        match &mut self.core {
            Core::B(core, buf) => buf.digest_blocks(data, |blocks| core.update_blocks(blocks)),
            Core::S(core, buf) => buf.digest_blocks(data, |blocks| core.update_blocks(blocks)),
        }
    }

    /// The digest so far; the state goes on.
    pub(crate) fn digest(&self) -> Vec<u8> {
        match self.core.clone() {
            Core::B(mut core, mut buf) => {
                let mut out = Output::<Blake2bVarCore>::default();
                core.finalize_variable_core(&mut buf, &mut out);
                out[..self.digest_size].to_vec()
            }
            Core::S(mut core, mut buf) => {
                let mut out = Output::<Blake2sVarCore>::default();
                core.finalize_variable_core(&mut buf, &mut out);
                out[..self.digest_size].to_vec()
            }
        }
    }

    pub(crate) fn digest_size(&self) -> usize {
        self.digest_size
    }
}

impl Alg {
    fn block_size_bytes(self) -> usize {
        if self == Alg::Blake2b { 128 } else { 64 }
    }
}

/// `SALT_SIZE`, `PERSON_SIZE`, `MAX_KEY_SIZE` and `MAX_DIGEST_SIZE` on the type.
pub(crate) fn add_class_attrs(alg: Alg, d: &mut DictTable) {
    let (max, salt) = sizes(alg);
    d.set_str("SALT_SIZE", from_i64(salt as i64));
    d.set_str("PERSON_SIZE", from_i64(salt as i64));
    d.set_str("MAX_KEY_SIZE", from_i64(max as i64));
    d.set_str("MAX_DIGEST_SIZE", from_i64(max as i64));
}

/// The module's `BLAKE2B_SALT_SIZE`, ... constants.
pub(crate) fn module_constants() -> Vec<(&'static str, Value)> {
    let int = |n: usize| from_i64(n as i64);
    vec![
        ("BLAKE2B_SALT_SIZE", int(16)),
        ("BLAKE2B_PERSON_SIZE", int(16)),
        ("BLAKE2B_MAX_KEY_SIZE", int(64)),
        ("BLAKE2B_MAX_DIGEST_SIZE", int(64)),
        ("BLAKE2S_SALT_SIZE", int(8)),
        ("BLAKE2S_PERSON_SIZE", int(8)),
        ("BLAKE2S_MAX_KEY_SIZE", int(32)),
        ("BLAKE2S_MAX_DIGEST_SIZE", int(32)),
    ]
}

const KEYWORDS: [&str; 12] = [
    "digest_size",
    "key",
    "salt",
    "person",
    "fanout",
    "depth",
    "leaf_size",
    "node_offset",
    "node_depth",
    "inner_size",
    "last_node",
    "usedforsecurity",
];

fn int_param(vm: &mut Vm, v: &Option<Value>, default: i64) -> PyResult<BigInt> {
    match v {
        Some(v) => {
            let i = vm.index_int(v)?;
            Ok(crate::objects::int::to_bigint(&i).unwrap_or_default())
        }
        None => Ok(BigInt::from(default)),
    }
}

/// A byte-sized parameter in `lo..=255`.
fn byte_param(vm: &mut Vm, v: &Option<Value>, default: i64, lo: i64, what: &str) -> PyResult<()> {
    let n = int_param(vm, v, default)?;
    if n < BigInt::from(lo) || n > BigInt::from(255) {
        return Err(vm.value_error(format!("{what} must be between {lo} and 255")));
    }
    Ok(())
}

/// A bytes-like parameter (key, salt, person) of at most `max` bytes.
fn bytes_param(vm: &mut Vm, v: &Option<Value>, max: usize, what: &str) -> PyResult<Vec<u8>> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let Some(b) = super::hashlib::buffer_bytes(vm, v)? else {
        return Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_data().name
        )));
    };
    if b.len() > max {
        return Err(vm.value_error(format!("maximum {what} length is {max} bytes")));
    }
    Ok(b)
}

/// `blake2b(data=b'', /, *, digest_size=64, key=b'', salt=b'', person=b'',
/// fanout=1, depth=1, leaf_size=0, node_offset=0, node_depth=0,
/// inner_size=0, last_node=False, usedforsecurity=True)`, and blake2s.
pub(crate) fn blake2_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let Some(ty) = a.first() else {
        return Err(vm.type_error("__new__(): not enough arguments"));
    };
    let alg = if type_of(Alg::Blake2s).is(ty) {
        Alg::Blake2s
    } else {
        Alg::Blake2b
    };
    let name = alg.name();
    let (max, salt_size) = sizes(alg);
    let (data, kw) = constructor_args(vm, name, &a[1..], k, None, &KEYWORDS)?;
    let digest_size = int_param(vm, &kw[0], max as i64)?;
    if digest_size < BigInt::from(1) || digest_size > BigInt::from(max) {
        return Err(vm.value_error(format!("digest_size must be between 1 and {max} bytes")));
    }
    let key = bytes_param(vm, &kw[1], max, "key")?;
    let salt = bytes_param(vm, &kw[2], salt_size, "salt")?;
    let person = bytes_param(vm, &kw[3], salt_size, "person")?;
    // The tree parameters, checked in CPython's order and words.
    byte_param(vm, &kw[4], 1, 0, "fanout")?;
    byte_param(vm, &kw[5], 1, 1, "depth")?;
    let leaf = int_param(vm, &kw[6], 0)?;
    if leaf < BigInt::from(0) {
        return Err(vm.value_error("value must be positive"));
    }
    if leaf > BigInt::from(u32::MAX) {
        return Err(vm.overflow_error("leaf_size is too large"));
    }
    let offset = int_param(vm, &kw[7], 0)?;
    if offset < BigInt::from(0) {
        return Err(vm.value_error("value must be positive"));
    }
    let max_offset = if alg == Alg::Blake2b {
        BigInt::from(u64::MAX)
    } else {
        BigInt::from((1u64 << 48) - 1)
    };
    if offset > max_offset {
        return Err(vm.overflow_error(if alg == Alg::Blake2b {
            "int too big to convert"
        } else {
            "node_offset is too large"
        }));
    }
    byte_param(vm, &kw[8], 0, 0, "node_depth")?;
    let inner = int_param(vm, &kw[9], 0)?;
    if inner < BigInt::from(0) || inner > BigInt::from(max) {
        return Err(vm.value_error(format!("inner_size must be between 0 and is {max}")));
    }
    let last_node = match &kw[10] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let tree_default = [(&kw[4], 1), (&kw[5], 1), (&kw[8], 0)]
        .into_iter()
        .all(|(v, d)| v.as_ref().is_none_or(|v| v.as_small() == Some(d)))
        && leaf == BigInt::from(0)
        && offset == BigInt::from(0)
        && inner == BigInt::from(0)
        && !last_node;
    if !tree_default {
        return Err(vm.not_implemented(format!(
            "{name}() tree hashing (fanout, depth, leaf_size, node_offset, node_depth, inner_size, last_node)"
        )));
    }
    let digest_size = usize::try_from(&digest_size).unwrap_or(max);
    let mut b = Blake2::new(alg, digest_size, &key, &salt, &person);
    if let Some(d) = data {
        let d = hash_data(vm, &d)?;
        b.update(&d);
    }
    Ok(new_native(&type_of(alg), Hasher::blake2(alg, b)))
}

#[cfg(test)]
mod tests {
    use super::{Alg, Blake2};

    fn hex(b: &Blake2) -> String {
        b.digest().iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn known_digests() {
        let mut b = Blake2::default_b();
        b.update(b"abc");
        assert!(hex(&b).starts_with("ba80a53f981c4d0d6a2797b69f12f6e9"));
        let s = Blake2::default_s();
        assert!(hex(&s).starts_with("69217a3079908094e11121d042354a7c"));
        // A key with nothing hashed still gives a block to finish.
        let k = Blake2::new(Alg::Blake2b, 16, b"key", &[], &[]);
        assert_eq!(k.digest().len(), 16);
    }
}
