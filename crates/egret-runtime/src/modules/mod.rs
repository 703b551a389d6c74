//! Native modules: what CPython writes in C, egret writes in Rust.

pub mod abc;
pub mod array;
pub mod ast;
pub mod ast_compile;
pub mod ast_parse;
pub mod atexit;
pub mod binascii;
pub mod blake2;
pub mod bytesio;
pub mod codecs;
pub mod collections;
pub mod contextvars;
pub mod csv;
pub mod datetime;
pub mod decimal;
pub mod elementtree;
pub mod errno;
pub mod gcmod;
pub mod hashlib;
pub mod heapq_bisect;
pub mod imp;
pub mod io;
pub mod itertools;
pub mod json;
pub mod marshal;
pub mod math;
pub mod mmap;
pub mod multiprocessing;
pub mod odict;
pub mod operator;
pub mod pickle;
pub mod posix;
pub mod posix_proc;
pub mod posixsubprocess;
pub mod pyexpat;
pub mod queue;
pub mod random;
pub mod select;
pub mod signal;
pub mod small;
pub mod socket;
pub mod sqlite;
pub mod sre;
pub mod ssl;
pub mod string;
pub mod stringio;
pub mod structmod;
pub mod sys;
pub mod thread;
pub mod time;
pub mod unicodedata;
mod unicodedata_norm;
#[rustfmt::skip]
mod unicodedata_tables;
pub mod weakref;
pub mod zlib;

use crate::object::Value;
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::vm::Vm;

/// A module with the given functions and values.
pub fn make_module(
    name: &str,
    funcs: &[(&'static str, NativeFn)],
    values: Vec<(&str, Value)>,
) -> Value {
    let d = new_dict(DictTable::new());
    {
        let dd = d.downcast::<DictData>().expect("dict");
        let mut t = dd.table.borrow_mut();
        let module: std::rc::Rc<str> = name.into();
        for (n, f) in funcs {
            t.set_str(
                n,
                crate::objects::function::new_module_function(n, *f, module.clone()),
            );
        }
        for (n, v) in values {
            t.set_str(n, v);
        }
    }
    crate::objects::module::new_module(name, d)
}

/// The native module called `name`, created on first import.
/// Whether `native_module` makes a module of this name.
pub fn is_native(name: &str) -> bool {
    name != "sys" && name != "builtins" && imp::BUILTIN_NAMES.contains(&name)
}

/// The file names the Python layers of native modules are compiled under.
/// Their frames stay out of tracebacks, as a C module's calls leave none
/// in CPython's.
pub const LAYER_FILENAMES: &[&str] = &[
    "<mmap>",
    "<pyexpat>",
    "<_decimal>",
    "<_ssl>",
    "<_sqlite3>",
    "<_io.StringIO>",
    "<_io.BytesIO>",
];

/// Runs a native module's Python layer, `source` compiled under
/// `filename` (one of `LAYER_FILENAMES`), in the namespace `ns`.
pub fn run_layer(vm: &mut Vm, source: &str, filename: &str, ns: &Value) -> crate::vm::PyResult<()> {
    debug_assert!(LAYER_FILENAMES.contains(&filename));
    let code = match egret_compiler::compile_module(source, filename) {
        Ok(c) => c,
        Err(e) => return Err(crate::exceptions_syntax(vm, &e)),
    };
    let rt = crate::objects::function::CodeRt::new(vm, code);
    vm.run_code(rt, ns.clone(), None)?;
    Ok(())
}

/// The native modules with a Python layer (compiled into them at first
/// import, which may fail): None for any other name.
pub fn layered_module(vm: &mut Vm, name: &str) -> Option<crate::vm::PyResult> {
    match name {
        "pyexpat" => Some(pyexpat::load(vm)),
        "_decimal" => Some(decimal::load(vm)),
        "_ssl" => Some(ssl::load(vm)),
        "mmap" => Some(mmap::load(vm)),
        "_sqlite3" => Some(sqlite::load(vm)),
        _ => None,
    }
}

pub fn native_module(vm: &mut Vm, name: &str) -> Option<Value> {
    match name {
        "math" => Some(math::make(vm)),
        "gc" => Some(gcmod::make(vm)),
        "time" => Some(time::make(vm)),
        "itertools" => Some(itertools::make(vm)),
        "_thread" => Some(thread::make(vm)),
        "_multiprocessing" => Some(multiprocessing::make(vm)),
        "_queue" => Some(queue::make(vm)),
        "_json" => Some(json::make(vm)),
        "_abc" => Some(abc::make(vm)),
        "_pickle" => Some(pickle::make(vm)),
        "_heapq" => Some(heapq_bisect::make_heapq(vm)),
        "_bisect" => Some(heapq_bisect::make_bisect(vm)),
        "_collections" => Some(collections::make(vm)),
        "_elementtree" => Some(elementtree::make(vm)),
        "posix" => Some(posix::make(vm)),
        "_sre" => Some(sre::make(vm)),
        "_codecs" => Some(codecs::make(vm)),
        "_string" => Some(string::make(vm)),
        "errno" => Some(errno::make(vm)),
        "_ast" => Some(ast::make(vm)),
        "_contextvars" => Some(contextvars::make(vm)),
        "_struct" => Some(structmod::make(vm)),
        "_random" => Some(random::make(vm)),
        "_md5" => Some(hashlib::make_md5(vm)),
        "_sha1" => Some(hashlib::make_sha1(vm)),
        "_sha256" => Some(hashlib::make_sha256(vm)),
        "_sha512" => Some(hashlib::make_sha512(vm)),
        "_sha3" => Some(hashlib::make_sha3(vm)),
        "_blake2" => Some(hashlib::make_blake2(vm)),
        "_operator" => Some(operator::make(vm)),
        "_weakref" => Some(weakref::make(vm)),
        "_imp" => Some(imp::make_imp(vm)),
        "atexit" => Some(atexit::make(vm)),
        "_signal" => Some(signal::make(vm)),
        "array" => Some(array::make(vm)),
        "binascii" => Some(binascii::make(vm)),
        "zlib" => Some(zlib::make(vm)),
        "_csv" => Some(csv::make(vm)),
        "_statistics" => Some(small::make_statistics(vm)),
        "_typing" => Some(small::make_typing(vm)),
        "_socket" => Some(socket::make(vm)),
        "_datetime" => Some(datetime::make(vm)),
        "_warnings" => Some(imp::make_warnings(vm)),
        "marshal" => Some(marshal::make(vm)),
        "select" => Some(select::make(vm)),
        "_posixsubprocess" => Some(posixsubprocess::make(vm)),
        "unicodedata" => Some(unicodedata::make(vm)),
        _ => None,
    }
}
