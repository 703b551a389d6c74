//! The hash modules `hashlib` uses when `_hashlib` (OpenSSL) is absent:
//! `_md5`, `_sha1`, `_sha256` (sha224, sha256), `_sha512` (sha384,
//! sha512), `_sha3` (sha3_224 ... sha3_512, shake_128, shake_256) and
//! `_blake2` (blake2b, blake2s; its parameters are in `blake2.rs`), over
//! the RustCrypto crates. Every hash object is a native object of its own
//! type (`_md5.md5`, ...) holding a `Hasher`, with `update`, `digest`,
//! `hexdigest`, `copy`, `name`, `digest_size` and `block_size`; the
//! shake objects' `digest` and `hexdigest` take the length wanted.
//! `usedforsecurity` is accepted and ignored, as CPython's builtin hashes
//! do.

use sha2::digest::{ExtendableOutput, FixedOutput, Update, XofReader};

use super::blake2::Blake2;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::str::new_str;
use crate::protocols::args::{Kw, check_args, no_kwargs};
use crate::vm::{PyResult, Vm};

/// The bytes of a buffer-exporting object (bytes, bytearray, memoryview,
/// array), or None for anything else.
pub(crate) fn buffer_bytes(vm: &mut Vm, v: &Value) -> PyResult<Option<Vec<u8>>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(Some(b.data.borrow().clone()));
    }
    let t = types();
    if crate::object::types::isinstance(v, &t.memoryview)
        || crate::object::types::isinstance(v, &t.array)
    {
        let b = vm.call_method(v, "tobytes", &[])?;
        if let Some(b) = b.downcast::<BytesData>() {
            return Ok(Some(b.data.borrow().clone()));
        }
    }
    Ok(None)
}

/// The data to hash: any buffer, and CPython's two TypeErrors otherwise.
pub(crate) fn hash_data(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if v.kind() == Kind::Str {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    buffer_bytes(vm, v)?.ok_or_else(|| vm.type_error("object supporting the buffer API required"))
}

/// The algorithms, one Python type each.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alg {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
    Shake128,
    Shake256,
    Blake2b,
    Blake2s,
}

const ALGS: [Alg; 14] = [
    Alg::Md5,
    Alg::Sha1,
    Alg::Sha224,
    Alg::Sha256,
    Alg::Sha384,
    Alg::Sha512,
    Alg::Sha3_224,
    Alg::Sha3_256,
    Alg::Sha3_384,
    Alg::Sha3_512,
    Alg::Shake128,
    Alg::Shake256,
    Alg::Blake2b,
    Alg::Blake2s,
];

impl Alg {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Alg::Md5 => "md5",
            Alg::Sha1 => "sha1",
            Alg::Sha224 => "sha224",
            Alg::Sha256 => "sha256",
            Alg::Sha384 => "sha384",
            Alg::Sha512 => "sha512",
            Alg::Sha3_224 => "sha3_224",
            Alg::Sha3_256 => "sha3_256",
            Alg::Sha3_384 => "sha3_384",
            Alg::Sha3_512 => "sha3_512",
            Alg::Shake128 => "shake_128",
            Alg::Shake256 => "shake_256",
            Alg::Blake2b => "blake2b",
            Alg::Blake2s => "blake2s",
        }
    }

    /// The module whose type this is (the type is `module.name`).
    fn module(self) -> &'static str {
        match self {
            Alg::Md5 => "_md5",
            Alg::Sha1 => "_sha1",
            Alg::Sha224 | Alg::Sha256 => "_sha256",
            Alg::Sha384 | Alg::Sha512 => "_sha512",
            Alg::Blake2b | Alg::Blake2s => "_blake2",
            _ => "_sha3",
        }
    }

    fn block_size(self) -> i64 {
        match self {
            Alg::Md5 | Alg::Sha1 | Alg::Sha224 | Alg::Sha256 | Alg::Blake2s => 64,
            Alg::Sha384 | Alg::Sha512 | Alg::Blake2b => 128,
            Alg::Sha3_224 => 144,
            Alg::Sha3_256 | Alg::Shake256 => 136,
            Alg::Sha3_384 => 104,
            Alg::Sha3_512 => 72,
            Alg::Shake128 => 168,
        }
    }

    fn is_xof(self) -> bool {
        matches!(self, Alg::Shake128 | Alg::Shake256)
    }

    fn is_sha3(self) -> bool {
        matches!(
            self,
            Alg::Sha3_224
                | Alg::Sha3_256
                | Alg::Sha3_384
                | Alg::Sha3_512
                | Alg::Shake128
                | Alg::Shake256
        )
    }
}

/// The running state of one hash object.
#[derive(Clone)]
enum State {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2(Blake2),
}

#[derive(Clone)]
pub(crate) struct Hasher {
    alg: Alg,
    state: State,
}

impl Hasher {
    /// A fresh hasher of a fixed-parameter algorithm (not blake2).
    fn new(alg: Alg) -> Hasher {
        let state = match alg {
            Alg::Md5 => State::Md5(Default::default()),
            Alg::Sha1 => State::Sha1(Default::default()),
            Alg::Sha224 => State::Sha224(Default::default()),
            Alg::Sha256 => State::Sha256(Default::default()),
            Alg::Sha384 => State::Sha384(Default::default()),
            Alg::Sha512 => State::Sha512(Default::default()),
            Alg::Sha3_224 => State::Sha3_224(Default::default()),
            Alg::Sha3_256 => State::Sha3_256(Default::default()),
            Alg::Sha3_384 => State::Sha3_384(Default::default()),
            Alg::Sha3_512 => State::Sha3_512(Default::default()),
            Alg::Shake128 => State::Shake128(Default::default()),
            Alg::Shake256 => State::Shake256(Default::default()),
            Alg::Blake2b => State::Blake2(Blake2::default_b()),
            Alg::Blake2s => State::Blake2(Blake2::default_s()),
        };
        Hasher { alg, state }
    }

    pub(crate) fn blake2(alg: Alg, b: Blake2) -> Hasher {
        Hasher {
            alg,
            state: State::Blake2(b),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Md5(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha224(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha512(h) => h.update(data),
            State::Sha3_224(h) => h.update(data),
            State::Sha3_256(h) => h.update(data),
            State::Sha3_384(h) => h.update(data),
            State::Sha3_512(h) => h.update(data),
            State::Shake128(h) => h.update(data),
            State::Shake256(h) => h.update(data),
            State::Blake2(h) => h.update(data),
        }
    }

    /// The digest of what was hashed so far (the state goes on); `len`
    /// bytes of it for the shakes.
    fn digest(&self, len: usize) -> Vec<u8> {
        fn xof(r: impl ExtendableOutput, len: usize) -> Vec<u8> {
            let mut out = vec![0u8; len];
            r.finalize_xof().read(&mut out);
            out
        }
        match &self.state {
            State::Md5(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha1(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha224(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha256(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha384(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha512(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha3_224(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha3_256(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha3_384(h) => h.clone().finalize_fixed().to_vec(),
            State::Sha3_512(h) => h.clone().finalize_fixed().to_vec(),
            State::Shake128(h) => xof(h.clone(), len),
            State::Shake256(h) => xof(h.clone(), len),
            State::Blake2(h) => h.digest(),
        }
    }

    fn digest_size(&self) -> usize {
        match (&self.state, self.alg) {
            (State::Blake2(b), _) => b.digest_size(),
            (_, Alg::Md5) => 16,
            (_, Alg::Sha1) => 20,
            (_, Alg::Sha224 | Alg::Sha3_224) => 28,
            (_, Alg::Sha256 | Alg::Sha3_256) => 32,
            (_, Alg::Sha384 | Alg::Sha3_384) => 48,
            (_, Alg::Sha512 | Alg::Sha3_512) => 64,
            _ => 0,
        }
    }
}

struct Types {
    /// One per `ALGS` entry, in that order.
    types: Vec<Value>,
}

crate::gil_local! {
    static TYPES: std::cell::RefCell<Option<std::rc::Rc<Types>>> = const { std::cell::RefCell::new(None) };
}

fn module_types() -> std::rc::Rc<Types> {
    TYPES.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let types = ALGS.iter().map(|&alg| make_type(alg)).collect();
                std::rc::Rc::new(Types { types })
            })
            .clone()
    })
}

/// The Python type of `alg`.
pub(crate) fn type_of(alg: Alg) -> Value {
    let i = ALGS.iter().position(|&a| a == alg).unwrap_or(0);
    module_types().types[i].clone()
}

fn make_type(alg: Alg) -> Value {
    let ty = native_type(&format!("{}.{}", alg.module(), alg.name()));
    let owner: &'static str = alg.name();
    crate::objects::str_methods::add_methods(&ty, owner, COMMON_METHODS);
    let digests = if alg.is_xof() {
        XOF_METHODS
    } else {
        FIXED_METHODS
    };
    crate::objects::str_methods::add_methods(&ty, owner, digests);
    let getter = crate::objects::descr::getter;
    let td = ty.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "name",
        getter("name", |vm, a, _| {
            state(vm, &a[0], |h| new_str(h.alg.name()))
        }),
    );
    d.set_str(
        "digest_size",
        getter("digest_size", |vm, a, _| {
            state(vm, &a[0], |h| from_i64(h.digest_size() as i64))
        }),
    );
    d.set_str(
        "block_size",
        getter("block_size", |vm, a, _| {
            state(vm, &a[0], |h| from_i64(h.alg.block_size()))
        }),
    );
    if alg.is_sha3() {
        let capacity = 1600 - alg.block_size() * 8;
        d.set_str("_capacity_bits", from_i64(capacity));
        d.set_str("_rate_bits", from_i64(alg.block_size() * 8));
        let suffix: u8 = if alg.is_xof() { 0x1f } else { 0x06 };
        d.set_str("_suffix", new_bytes(vec![suffix]));
    }
    if matches!(alg, Alg::Blake2b | Alg::Blake2s) {
        super::blake2::add_class_attrs(alg, &mut d);
    }
    drop(d);
    if alg.is_sha3() || matches!(alg, Alg::Blake2b | Alg::Blake2s) {
        // These types are their own constructors.
        let new: NativeFn = match alg {
            Alg::Blake2b | Alg::Blake2s => super::blake2::blake2_new,
            _ => sha3_new,
        };
        crate::objects::native::set_new(&ty, new);
    }
    ty
}

fn state<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut Hasher) -> R) -> PyResult<R> {
    with_state(vm, v, "hash object", f)
}

fn hex(d: &[u8]) -> Value {
    let mut s = String::with_capacity(d.len() * 2);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    crate::objects::str::new_string(s)
}

/// `name.method` for argument errors (`md5.update() takes ...`).
fn method_name(vm: &Vm, v: &Value, method: &str) -> PyResult<String> {
    let n = state(vm, v, |h| h.alg.name())?;
    Ok(format!("{n}.{method}"))
}

const COMMON_METHODS: &[(&str, NativeFn)] = &[
    ("update", |vm, a, k| {
        let name = method_name(vm, &a[0], "update")?;
        no_kwargs(vm, &name, k)?;
        check_args(vm, &name, &a[1..], 1, 1)?;
        let data = hash_data(vm, &a[1])?;
        state(vm, &a[0], |h| h.update(&data))?;
        Ok(vm.none())
    }),
    ("copy", |vm, a, k| {
        let alg = state(vm, &a[0], |h| h.alg)?;
        if matches!(
            alg,
            Alg::Md5 | Alg::Sha1 | Alg::Sha224 | Alg::Sha256 | Alg::Sha384 | Alg::Sha512
        ) {
            // md5, sha1 and the sha2 family word it without the type.
            if a.len() > 1 || !k.is_empty() {
                return Err(vm.type_error("copy() takes no arguments"));
            }
        }
        let name = method_name(vm, &a[0], "copy")?;
        no_kwargs(vm, &name, k)?;
        check_args(vm, &name, &a[1..], 0, 0)?;
        let h = state(vm, &a[0], |h| h.clone())?;
        Ok(new_native(&a[0].class(), h))
    }),
];

const FIXED_METHODS: &[(&str, NativeFn)] = &[
    ("digest", |vm, a, k| {
        let name = method_name(vm, &a[0], "digest")?;
        no_kwargs(vm, &name, k)?;
        check_args(vm, &name, &a[1..], 0, 0)?;
        Ok(new_bytes(state(vm, &a[0], |h| h.digest(0))?))
    }),
    ("hexdigest", |vm, a, k| {
        let name = method_name(vm, &a[0], "hexdigest")?;
        no_kwargs(vm, &name, k)?;
        check_args(vm, &name, &a[1..], 0, 0)?;
        Ok(hex(&state(vm, &a[0], |h| h.digest(0))?))
    }),
];

/// The `length` argument of a shake's `digest`/`hexdigest`.
fn xof_length(vm: &mut Vm, a: &[Value], k: Kw, method: &str) -> PyResult<usize> {
    let name = method_name(vm, &a[0], method)?;
    no_kwargs(vm, &name, k)?;
    check_args(vm, &name, &a[1..], 1, 1)?;
    let v = &a[1];
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(vm.type_error("an integer is required"));
    }
    let n = crate::objects::int::to_bigint(v).unwrap_or_default();
    if n < num_bigint::BigInt::from(0) {
        return Err(vm.value_error("value must be positive"));
    }
    let Ok(n) = u64::try_from(&n) else {
        return Err(vm.overflow_error("Python int too large to convert to C unsigned long"));
    };
    if n >= 1 << 29 {
        return Err(vm.value_error("length is too large"));
    }
    Ok(n as usize)
}

const XOF_METHODS: &[(&str, NativeFn)] = &[
    ("digest", |vm, a, k| {
        let n = xof_length(vm, a, k, "digest")?;
        Ok(new_bytes(state(vm, &a[0], |h| h.digest(n))?))
    }),
    ("hexdigest", |vm, a, k| {
        let n = xof_length(vm, a, k, "hexdigest")?;
        Ok(hex(&state(vm, &a[0], |h| h.digest(n))?))
    }),
];

/// The arguments of a constructor: the data (positional, or by keyword
/// `data_kw` when there is one) and the keyword-only `keywords`; any
/// other keyword is an error. Returns the data and the keyword values in
/// the order of `keywords`.
pub(crate) fn constructor_args(
    vm: &Vm,
    fname: &str,
    a: &[Value],
    k: Kw,
    data_kw: Option<&str>,
    keywords: &[&str],
) -> PyResult<(Option<Value>, Vec<Option<Value>>)> {
    if a.len() > 1 {
        return Err(vm.type_error(format!(
            "{fname}() takes at most 1 positional argument ({} given)",
            a.len()
        )));
    }
    let mut data = a.first().cloned();
    let mut out = vec![None; keywords.len()];
    for (key, v) in k {
        let key = crate::objects::str::as_str(key).unwrap_or_default();
        if Some(key) == data_kw {
            if data.is_some() {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{key}') and position (1)"
                )));
            }
            data = Some(v.clone());
        } else if let Some(i) = keywords.iter().position(|&n| n == key) {
            out[i] = Some(v.clone());
        } else {
            return Err(vm.type_error(format!(
                "'{key}' is an invalid keyword argument for {fname}()"
            )));
        }
    }
    Ok((data, out))
}

/// A new hash object of `alg`, fed with the data argument if there is one.
fn new_hash(vm: &mut Vm, alg: Alg, data: Option<Value>) -> PyResult {
    let mut h = Hasher::new(alg);
    if let Some(d) = data {
        let d = hash_data(vm, &d)?;
        h.update(&d);
    }
    Ok(new_native(&type_of(alg), h))
}

/// A module-level constructor (`_md5.md5(string=b'', *, usedforsecurity=True)`).
fn constructor(vm: &mut Vm, alg: Alg, a: &[Value], k: Kw) -> PyResult {
    let (data, _) = constructor_args(vm, alg.name(), a, k, Some("string"), &["usedforsecurity"])?;
    new_hash(vm, alg, data)
}

/// `_sha3.sha3_224(data=b'', /, *, usedforsecurity=True)` and the others:
/// the types are their own constructors.
fn sha3_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let Some(ty) = a.first() else {
        return Err(vm.type_error("__new__(): not enough arguments"));
    };
    let Some(&alg) = ALGS
        .iter()
        .find(|&&alg| alg.is_sha3() && type_of(alg).is(ty))
    else {
        return Err(vm.type_error("__new__(X): X is not a sha3 type"));
    };
    // CPython 3.11 names every sha3 and shake constructor `sha3_224` in
    // its argument errors.
    let (data, _) = constructor_args(vm, "sha3_224", &a[1..], k, None, &["usedforsecurity"])?;
    new_hash(vm, alg, data)
}

pub fn make_md5(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[("md5", |vm, a, k| constructor(vm, Alg::Md5, a, k))];
    super::make_module("_md5", funcs, vec![("MD5Type", type_of(Alg::Md5))])
}

pub fn make_sha1(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] =
        &[("sha1", |vm, a, k| constructor(vm, Alg::Sha1, a, k))];
    super::make_module("_sha1", funcs, vec![("SHA1Type", type_of(Alg::Sha1))])
}

pub fn make_sha256(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("sha224", |vm, a, k| constructor(vm, Alg::Sha224, a, k)),
        ("sha256", |vm, a, k| constructor(vm, Alg::Sha256, a, k)),
    ];
    super::make_module(
        "_sha256",
        funcs,
        vec![
            ("SHA224Type", type_of(Alg::Sha224)),
            ("SHA256Type", type_of(Alg::Sha256)),
        ],
    )
}

pub fn make_sha512(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("sha384", |vm, a, k| constructor(vm, Alg::Sha384, a, k)),
        ("sha512", |vm, a, k| constructor(vm, Alg::Sha512, a, k)),
    ];
    // CPython 3.11 registers both types under the one name `SHA384Type`,
    // the second (sha512) winning.
    super::make_module("_sha512", funcs, vec![("SHA384Type", type_of(Alg::Sha512))])
}

pub fn make_sha3(_vm: &mut Vm) -> Value {
    let mut values: Vec<(&str, Value)> = ALGS
        .iter()
        .filter(|a| a.is_sha3())
        .map(|&a| (a.name(), type_of(a)))
        .collect();
    values.push(("implementation", new_str("RustCrypto sha3")));
    values.push(("keccakopt", from_i64(0)));
    super::make_module("_sha3", &[], values)
}

pub fn make_blake2(_vm: &mut Vm) -> Value {
    let mut values = vec![
        ("blake2b", type_of(Alg::Blake2b)),
        ("blake2s", type_of(Alg::Blake2s)),
    ];
    values.extend(super::blake2::module_constants());
    super::make_module("_blake2", &[], values)
}

#[cfg(test)]
mod tests {
    use super::{Alg, Hasher};

    fn hex_of(alg: Alg, data: &[u8], len: usize) -> String {
        let mut h = Hasher::new(alg);
        h.update(data);
        h.digest(len).iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn known_digests() {
        assert_eq!(hex_of(Alg::Md5, b"", 0), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex_of(Alg::Sha1, b"abc", 0),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex_of(Alg::Sha256, b"abc", 0),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex_of(Alg::Shake128, b"", 2), "7f9c");
    }

    #[test]
    fn digest_keeps_the_state() {
        let mut h = Hasher::new(Alg::Sha512);
        h.update(b"ab");
        let first = h.digest(0);
        assert_eq!(first, h.digest(0));
        h.update(b"c");
        let mut whole = Hasher::new(Alg::Sha512);
        whole.update(b"abc");
        assert_eq!(h.digest(0), whole.digest(0));
    }
}
