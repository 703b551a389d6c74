//! `_random`: the Mersenne Twister (MT19937) behind `random.Random`, giving
//! CPython's exact sequences for a given seed, and `_sha512` (which
//! `random.seed` uses for str and bytes seeds).

use std::cell::RefCell;

use num_bigint::{BigInt, Sign};
use num_traits::Signed;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64, to_bigint};
use crate::objects::str::new_str;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm};

const N: usize = 624;
const M: usize = 397;

pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
        };
        m.init_genrand(5489);
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let p = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(p ^ (p >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            let p = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (p ^ (p >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(*key.get(j).unwrap_or(&0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let p = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (p ^ (p >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    fn genrand(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        let mag = |y: u32| if y & 1 == 1 { 0x9908_b0df } else { 0 };
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & UPPER) | (self.state[(k + 1) % N] & LOWER);
                self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ mag(y);
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn random(&mut self) -> f64 {
        let a = self.genrand() >> 5;
        let b = self.genrand() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }
}

pub struct RandomData {
    pub mt: RefCell<Mt>,
}

impl Payload for RandomData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Random
    }
}

pub fn new_random(ty: &Value) -> Value {
    Value::alloc(
        ty,
        RandomData {
            mt: RefCell::new(Mt::new()),
        },
    )
}

fn mt_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RandomData> {
    v.downcast::<RandomData>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_random.Random' object"))
}

fn seed(vm: &mut Vm, a: &[Value]) -> PyResult {
    let r = mt_of(vm, &a[0])?;
    let arg = a.get(1).filter(|v| !v.is(&types().none));
    let key: Vec<u32> = match arg {
        None => {
            let mut buf = vec![0u8; N * 4];
            use std::io::Read;
            let ok = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf));
            if ok.is_err() {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_nanos();
                buf = t.to_le_bytes().to_vec();
            }
            buf.chunks(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c.get(3).copied().unwrap_or(0)]))
                .collect()
        }
        Some(v) => {
            let n = if matches!(v.kind(), Kind::Int | Kind::Bool) {
                to_bigint(v).unwrap_or_default().abs()
            } else {
                BigInt::from(vm.hash(v)?).abs()
            };
            let (_, mut words) = n.to_u32_digits();
            if words.is_empty() {
                words.push(0);
            }
            words
        }
    };
    let r = mt_of(vm, &a[0]).unwrap_or(r);
    r.mt.borrow_mut().init_by_array(&key);
    Ok(vm.none())
}

fn getrandbits(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "getrandbits", &a[1..], 1, 1)?;
    let k = vm.index_value(&a[1])?;
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    let r = mt_of(vm, &a[0])?;
    let mut mt = r.mt.borrow_mut();
    if k == 0 {
        return Ok(from_i64(0));
    }
    if k <= 32 {
        return Ok(from_i64(i64::from(mt.genrand() >> (32 - k))));
    }
    let words = ((k - 1) / 32 + 1) as usize;
    let mut out = Vec::with_capacity(words);
    let mut left = k;
    for _ in 0..words {
        let mut r = mt.genrand();
        if left < 32 {
            r >>= 32 - left;
        }
        out.push(r);
        left -= 32;
    }
    Ok(from_bigint(BigInt::from_slice(Sign::Plus, &out)))
}

pub fn register_types() {
    let t = types();
    let methods: &[(&'static str, NativeFn)] = &[
        ("random", |vm, a, _| {
            let r = mt_of(vm, &a[0])?;
            let x = r.mt.borrow_mut().random();
            Ok(crate::objects::float::new_float(x))
        }),
        ("seed", |vm, a, _| {
            check_args(vm, "seed", &a[1..], 0, 1)?;
            seed(vm, a)
        }),
        ("getrandbits", |vm, a, _| getrandbits(vm, a)),
        ("getstate", |vm, a, _| {
            let r = mt_of(vm, &a[0])?;
            let mt = r.mt.borrow();
            let mut items: Vec<Value> = mt.state.iter().map(|&w| from_i64(i64::from(w))).collect();
            items.push(from_i64(mt.index as i64));
            Ok(crate::objects::tuple::new_tuple(items))
        }),
        ("setstate", |vm, a, _| {
            check_args(vm, "setstate", &a[1..], 1, 1)?;
            let items = vm.iterate(&a[1])?;
            if items.len() != N + 1 {
                return Err(vm.value_error("state vector is the wrong size"));
            }
            let r = mt_of(vm, &a[0])?;
            let mut st = [0u32; N];
            for (i, x) in items[..N].iter().enumerate() {
                st[i] = vm.index_value(x)? as u32;
            }
            let idx = vm.index_value(&items[N])?;
            if !(0..=N as i64).contains(&idx) {
                return Err(vm.value_error("invalid state"));
            }
            let mut mt = r.mt.borrow_mut();
            mt.state = st;
            mt.index = idx as usize;
            Ok(vm.none())
        }),
        ("__init__", |vm, _a, _| Ok(vm.none())),
    ];
    crate::objects::str_methods::add_methods(&t.random, "Random", methods);
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| {
        let Some(cls) = a.first() else {
            return Err(vm.type_error("Random.__new__(): not enough arguments"));
        };
        let r = new_random(cls);
        let args: Vec<Value> = std::iter::once(r.clone())
            .chain(a.get(1).cloned())
            .collect();
        seed(vm, &args)?;
        Ok(r)
    });
    t.random.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    t.random
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("_random"));
    let sha_methods: &[(&'static str, NativeFn)] = &[
        ("update", |vm, a, _| {
            check_args(vm, "update", &a[1..], 1, 1)?;
            let data = bytes_like(vm, &a[1])?;
            let buf = vm.getattr_str(&a[0], "_buf")?;
            if let Some(b) = buf.downcast::<BytesData>() {
                b.data.borrow_mut().extend(data);
            }
            Ok(vm.none())
        }),
        ("digest", |vm, a, _| {
            let (data, bits) = sha_input(vm, &a[0])?;
            Ok(new_bytes(sha512(&data, bits)))
        }),
        ("hexdigest", |vm, a, _| {
            let (data, bits) = sha_input(vm, &a[0])?;
            let d = sha512(&data, bits);
            Ok(new_str(
                &d.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            ))
        }),
        ("copy", |vm, a, _| {
            let (data, bits) = sha_input(vm, &a[0])?;
            new_sha(vm, data, bits)
        }),
    ];
    crate::objects::str_methods::add_methods(&t.sha512, "sha512", sha_methods);
}

fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match crate::objects::buffer::bytes_like_opt(vm, v)? {
        Some(b) => Ok(b),
        None if v.kind() == Kind::Str => {
            Err(vm.type_error("Strings must be encoded before hashing"))
        }
        None => Err(vm.type_error(format!(
            "object supporting the buffer API required, not '{}'",
            v.type_data().name
        ))),
    }
}

fn sha_input(vm: &mut Vm, h: &Value) -> PyResult<(Vec<u8>, usize)> {
    let buf = vm.getattr_str(h, "_buf")?;
    let bits = vm.getattr_str(h, "digest_size")?;
    let bits = vm.index_value(&bits)? as usize * 8;
    Ok((
        buf.downcast::<BytesData>()
            .map(|b| b.data.borrow().clone())
            .unwrap_or_default(),
        bits,
    ))
}

fn new_sha(vm: &mut Vm, data: Vec<u8>, bits: usize) -> PyResult {
    let mut t = crate::objects::dict::DictTable::new();
    t.set_str("_buf", crate::objects::bytes::new_bytearray(data));
    t.set_str(
        "name",
        new_str(if bits == 384 { "sha384" } else { "sha512" }),
    );
    t.set_str("digest_size", from_i64((bits / 8) as i64));
    t.set_str("block_size", from_i64(128));
    let _ = vm;
    Ok(Value::alloc(
        &types().sha512,
        crate::object::types::InstanceData {
            dict: crate::objects::dict::new_dict(t).into(),
        },
    ))
}

/// SHA-512 (FIPS 180-4), or SHA-384 when `bits` is 384.
fn sha512(data: &[u8], bits: usize) -> Vec<u8> {
    const K: [u64; 80] = [
        0x428a2f98d728ae22,
        0x7137449123ef65cd,
        0xb5c0fbcfec4d3b2f,
        0xe9b5dba58189dbbc,
        0x3956c25bf348b538,
        0x59f111f1b605d019,
        0x923f82a4af194f9b,
        0xab1c5ed5da6d8118,
        0xd807aa98a3030242,
        0x12835b0145706fbe,
        0x243185be4ee4b28c,
        0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f,
        0x80deb1fe3b1696b1,
        0x9bdc06a725c71235,
        0xc19bf174cf692694,
        0xe49b69c19ef14ad2,
        0xefbe4786384f25e3,
        0x0fc19dc68b8cd5b5,
        0x240ca1cc77ac9c65,
        0x2de92c6f592b0275,
        0x4a7484aa6ea6e483,
        0x5cb0a9dcbd41fbd4,
        0x76f988da831153b5,
        0x983e5152ee66dfab,
        0xa831c66d2db43210,
        0xb00327c898fb213f,
        0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2,
        0xd5a79147930aa725,
        0x06ca6351e003826f,
        0x142929670a0e6e70,
        0x27b70a8546d22ffc,
        0x2e1b21385c26c926,
        0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df,
        0x650a73548baf63de,
        0x766a0abb3c77b2a8,
        0x81c2c92e47edaee6,
        0x92722c851482353b,
        0xa2bfe8a14cf10364,
        0xa81a664bbc423001,
        0xc24b8b70d0f89791,
        0xc76c51a30654be30,
        0xd192e819d6ef5218,
        0xd69906245565a910,
        0xf40e35855771202a,
        0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8,
        0x1e376c085141ab53,
        0x2748774cdf8eeb99,
        0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63,
        0x4ed8aa4ae3418acb,
        0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc,
        0x78a5636f43172f60,
        0x84c87814a1f0ab72,
        0x8cc702081a6439ec,
        0x90befffa23631e28,
        0xa4506cebde82bde9,
        0xbef9a3f7b2c67915,
        0xc67178f2e372532b,
        0xca273eceea26619c,
        0xd186b8c721c0c207,
        0xeada7dd6cde0eb1e,
        0xf57d4f7fee6ed178,
        0x06f067aa72176fba,
        0x0a637dc5a2c898a6,
        0x113f9804bef90dae,
        0x1b710b35131c471b,
        0x28db77f523047d84,
        0x32caab7b40c72493,
        0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6,
        0x597f299cfc657e2a,
        0x5fcb6fab3ad6faec,
        0x6c44198c4a475817,
    ];
    let mut h: [u64; 8] = if bits == 384 {
        [
            0xcbbb9d5dc1059ed8,
            0x629a292a367cd507,
            0x9159015a3070dd17,
            0x152fecd8f70e5939,
            0x67332667ffc00b31,
            0x8eb44a8768581511,
            0xdb0c2e0d64f98fa7,
            0x47b5481dbefa4fa4,
        ]
    } else {
        [
            0x6a09e667f3bcc908,
            0xbb67ae8584caa73b,
            0x3c6ef372fe94f82b,
            0xa54ff53a5f1d36f1,
            0x510e527fade682d1,
            0x9b05688c2b3e6c1f,
            0x1f83d9abfb41bd6b,
            0x5be0cd19137e2179,
        ]
    };
    let mut msg = data.to_vec();
    let len_bits = (data.len() as u128) * 8;
    msg.push(0x80);
    while msg.len() % 128 != 112 {
        msg.push(0);
    }
    msg.extend_from_slice(&len_bits.to_be_bytes());
    for block in msg.chunks(128) {
        let mut w = [0u64; 80];
        for (i, c) in block.chunks(8).enumerate() {
            w[i] = u64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        }
        for i in 16..80 {
            let s0 = w[i - 15].rotate_right(1) ^ w[i - 15].rotate_right(8) ^ (w[i - 15] >> 7);
            let s1 = w[i - 2].rotate_right(19) ^ w[i - 2].rotate_right(61) ^ (w[i - 2] >> 6);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..80 {
            let s1 = v[4].rotate_right(14) ^ v[4].rotate_right(18) ^ v[4].rotate_right(41);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(28) ^ v[0].rotate_right(34) ^ v[0].rotate_right(39);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out: Vec<u8> = h.iter().flat_map(|x| x.to_be_bytes()).collect();
    out.truncate(bits / 8);
    out
}

pub fn make(_vm: &mut Vm) -> Value {
    super::make_module("_random", &[], vec![("Random", types().random.clone())])
}

pub fn make_sha512(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("sha512", |vm, a, k| {
            let data = match a
                .first()
                .cloned()
                .or_else(|| crate::protocols::args::kwarg(k, "string"))
            {
                Some(d) => bytes_like(vm, &d)?,
                None => Vec::new(),
            };
            new_sha(vm, data, 512)
        }),
        ("sha384", |vm, a, k| {
            let data = match a
                .first()
                .cloned()
                .or_else(|| crate::protocols::args::kwarg(k, "string"))
            {
                Some(d) => bytes_like(vm, &d)?,
                None => Vec::new(),
            };
            new_sha(vm, data, 384)
        }),
    ];
    super::make_module("_sha512", funcs, vec![])
}
