//! `_random`: the Mersenne Twister (MT19937) behind `random.Random`, giving
//! CPython's exact sequences for a given seed.

use std::cell::RefCell;

use num_bigint::{BigInt, Sign};
use num_traits::Signed;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
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
}

pub fn make(_vm: &mut Vm) -> Value {
    super::make_module("_random", &[], vec![("Random", types().random.clone())])
}
