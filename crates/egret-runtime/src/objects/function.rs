//! Functions, builtin functions, bound methods, cells and run-time code
//! objects ([`CodeRt`]: a bytecode code object plus its constants as values,
//! its feedback slots and its JIT counters).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use egret_bytecode::{CodeObject, Const};

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::vm::{PyResult, Vm};

/// What an instruction has seen: a bit per type class.
pub mod feedback {
    pub const INT: u16 = 1;
    pub const FLOAT: u16 = 2;
    pub const BOOL: u16 = 4;
    pub const NONE: u16 = 8;
    pub const STR: u16 = 16;
    pub const LIST: u16 = 32;
    pub const TUPLE: u16 = 64;
    pub const DICT: u16 = 128;
    pub const INSTANCE: u16 = 256;
    pub const FUNCTION: u16 = 512;
    pub const BIGINT: u16 = 1024;
    pub const OTHER: u16 = 0x8000;
}

/// The feedback bit for a value.
pub fn feedback_bit(v: &Value) -> u16 {
    use feedback::*;
    if v.is_small() {
        return INT;
    }
    match v.kind() {
        Kind::Int => BIGINT,
        Kind::Float => FLOAT,
        Kind::Bool => BOOL,
        Kind::None => NONE,
        Kind::Str => STR,
        Kind::List => LIST,
        Kind::Tuple => TUPLE,
        Kind::Dict => DICT,
        Kind::Object => INSTANCE,
        Kind::Function => FUNCTION,
        _ => OTHER,
    }
}

/// A code object ready to run.
pub struct CodeRt {
    pub code: Rc<CodeObject>,
    /// `code.name` (interned) and `code.qualname` as str objects: the
    /// initial `__name__` and `__qualname__` of functions made from it.
    pub name: Value,
    pub qualname: Value,
    /// The instructions (shared with `code.code`, kept here for fast dispatch).
    pub ops: Rc<[egret_bytecode::Op]>,
    pub consts: Vec<Value>,
    /// `code.names` as interned str objects.
    pub names: Vec<Value>,
    pub varnames: Vec<Value>,
    /// One slot per instruction: the type classes seen there.
    pub feedback: Vec<Cell<u16>>,
    pub calls: Cell<u32>,
    pub backedges: Cell<u32>,
    /// Per name: the globals' and builtins' stamps and the value found
    /// then, borrowed (as raw bits): while both stamps are unchanged, the
    /// dict that held it still holds it. Not owned, so that a cached global
    /// does not outlive its binding (`__del__`, weak references).
    pub global_cache: std::cell::RefCell<Vec<Option<(u64, u64, u64)>>>,
    /// Whether frames need cells (the code has cell or free variables).
    pub has_cells: bool,
    /// Compiled code attached by the JIT.
    pub jitted: std::cell::RefCell<Option<Rc<dyn crate::interp::jit::CompiledCode>>>,
    /// The interpreter's attribute caches for a function's code, one per
    /// name (`LOAD_ATTR`/`LOAD_METHOD` of that name), made at first use.
    attr_sites: std::cell::OnceCell<Box<[crate::protocols::attr::AttrSite]>>,
    /// The same for `STORE_ATTR` (what a store may skip differs).
    store_sites: std::cell::OnceCell<Box<[crate::protocols::attr::AttrSite]>>,
}

impl CodeRt {
    pub fn new(vm: &mut Vm, code: Rc<CodeObject>) -> Rc<CodeRt> {
        let consts = code.consts.iter().map(|c| const_value(vm, c)).collect();
        let names = code
            .names
            .iter()
            .map(|n| {
                let rc: Rc<str> = n.as_str().into();
                vm.intern(&rc)
            })
            .collect();
        let varnames = code
            .varnames
            .iter()
            .map(|n| {
                let rc: Rc<str> = n.as_str().into();
                vm.intern(&rc)
            })
            .collect();
        let feedback = (0..code.code.len()).map(|_| Cell::new(0)).collect();
        // Sized at the first `LOAD_GLOBAL` (most code never runs).
        let global_cache = std::cell::RefCell::new(Vec::new());
        let has_cells = !code.cellvars.is_empty() || !code.freevars.is_empty();
        let name = vm.intern(&Rc::from(code.name.as_str()));
        let qualname = if code.qualname == code.name {
            name.clone()
        } else {
            crate::objects::str::new_str(&code.qualname)
        };
        Rc::new(CodeRt {
            name,
            qualname,
            jitted: std::cell::RefCell::new(None),
            ops: code.code.clone(),
            global_cache,
            has_cells,
            code,
            consts,
            names,
            varnames,
            feedback,
            calls: Cell::new(0),
            backedges: Cell::new(0),
            attr_sites: std::cell::OnceCell::new(),
            store_sites: std::cell::OnceCell::new(),
        })
    }

    /// The attribute cache for `names[i]`, in a function's code (module
    /// and class bodies mostly run once: they have none).
    #[inline]
    pub fn attr_site(&self, i: usize) -> Option<&crate::protocols::attr::AttrSite> {
        self.site_in(&self.attr_sites, i)
    }

    /// The `STORE_ATTR` cache for `names[i]`, as `attr_site`.
    #[inline]
    pub fn store_site(&self, i: usize) -> Option<&crate::protocols::attr::AttrSite> {
        self.site_in(&self.store_sites, i)
    }

    #[inline]
    fn site_in<'a>(
        &self,
        sites: &'a std::cell::OnceCell<Box<[crate::protocols::attr::AttrSite]>>,
        i: usize,
    ) -> Option<&'a crate::protocols::attr::AttrSite> {
        if self.code.flags & egret_bytecode::flags::OPTIMIZED == 0 {
            return None;
        }
        sites
            .get_or_init(|| self.names.iter().map(|_| Default::default()).collect())
            .get(i)
    }

    /// Number of fast-local slots.
    pub fn nlocals(&self) -> usize {
        self.code.varnames.len()
    }

    pub fn ncells(&self) -> usize {
        self.code.cellvars.len() + self.code.freevars.len()
    }
}

/// Converts a compile-time constant to a value.
pub fn const_value(vm: &mut Vm, c: &Const) -> Value {
    let t = types();
    match c {
        Const::None => t.none.clone(),
        Const::Bool(b) => crate::vm::py_bool(*b),
        Const::Int(i) => crate::objects::int::from_i64(*i),
        Const::BigInt(b) => crate::objects::int::from_bigint(b.clone()),
        Const::Float(f) => crate::objects::float::new_float(*f),
        Const::Complex(r, i) => crate::objects::float::new_complex(*r, *i),
        // Identifier-like constants are interned, as in CPython (they are
        // attribute and keyword names); other text (docstrings, messages)
        // is not kept alive by the intern table.
        Const::Str(s) if is_name_like(s) => vm.intern(s),
        Const::Str(s) => crate::objects::str::new_str(s),
        Const::Bytes(b) => crate::objects::bytes::new_bytes(b.to_vec()),
        Const::Tuple(items) => {
            let vals = items.iter().map(|c| const_value(vm, c)).collect();
            crate::objects::tuple::new_tuple(vals)
        }
        Const::Code(code) => {
            let rt = CodeRt::new(vm, code.clone());
            Value::alloc(&t.code, CodeData { code: rt })
        }
        Const::Ellipsis => t.ellipsis.clone(),
    }
}

/// Whether a string constant is interned: ASCII letters, digits and
/// underscores only (CPython's rule for code constants).
fn is_name_like(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

pub struct CodeData {
    pub code: Rc<CodeRt>,
}
impl Payload for CodeData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Code
    }
}

/// A Python function.
pub struct FunctionData {
    pub code: Rc<CodeRt>,
    pub globals: Value,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    pub defaults: RefCell<Option<Value>>,
    pub kwdefaults: RefCell<Option<Value>>,
    /// Tuple of cells for the code's free variables.
    pub closure: Option<Value>,
    pub dict: RefCell<Option<Value>>,
    pub module: Value,
    pub doc: RefCell<Value>,
    /// `__annotations__`, created on first use when the def had none.
    pub annotations: RefCell<Option<Value>>,
    /// Code flags set by assigning `__code__` a copy of the code with
    /// other flags (`types.coroutine` adds ITERABLE_COROUTINE).
    pub extra_flags: Cell<u32>,
}
impl Payload for FunctionData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Function
    }
}

/// Builtin functions take positional arguments (self first, for methods)
/// and keyword arguments as (name, value) pairs.
pub type NativeFn = fn(&mut Vm, &[Value], &[(Value, Value)]) -> PyResult;

pub struct BuiltinFunctionData {
    pub name: &'static str,
    pub func: NativeFn,
    /// The bound receiver (`[].append`), prepended to the arguments.
    pub bound: Option<Value>,
    /// For method descriptors: the type that defines the method.
    pub owner: Option<&'static str>,
    /// For functions of a native module: the module's name (`__module__`).
    pub module: Option<std::rc::Rc<str>>,
    /// For method descriptors of a builtin type: that type. An unbound
    /// call checks its receiver against it (the native code relies on it).
    pub owner_type: Option<Value>,
    /// A method that takes no arguments besides its receiver (`dict.keys`):
    /// the call checks, with CPython's messages (see `add_noarg_methods`).
    pub no_args: bool,
}
impl Payload for BuiltinFunctionData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::BuiltinFunction
    }
}

pub fn new_builtin(name: &'static str, func: NativeFn) -> Value {
    Value::alloc(
        &types().builtin_function,
        BuiltinFunctionData {
            name,
            func,
            bound: None,
            owner: None,
            module: None,
            owner_type: None,
            no_args: false,
        },
    )
}

/// A function of the native module `module`.
pub fn new_module_function(name: &'static str, func: NativeFn, module: std::rc::Rc<str>) -> Value {
    Value::alloc(
        &types().builtin_function,
        BuiltinFunctionData {
            name,
            func,
            bound: None,
            owner: None,
            module: Some(module),
            owner_type: None,
            no_args: false,
        },
    )
}

pub fn new_method_descr(owner: &'static str, name: &'static str, func: NativeFn) -> Value {
    Value::alloc(
        &types().method_descriptor,
        BuiltinFunctionData {
            name,
            func,
            bound: None,
            owner: Some(owner),
            module: None,
            owner_type: None,
            no_args: false,
        },
    )
}

/// A method descriptor of the builtin type `ty` (named `owner`): unbound
/// calls check that the receiver is an instance of `ty`.
pub fn new_checked_method_descr(
    ty: &Value,
    owner: &'static str,
    name: &'static str,
    func: NativeFn,
) -> Value {
    Value::alloc(
        &types().method_descriptor,
        BuiltinFunctionData {
            name,
            func,
            bound: None,
            owner: Some(owner),
            module: None,
            owner_type: Some(ty.clone()),
            no_args: false,
        },
    )
}

/// A bound method: a function and its `self`.
pub struct MethodData {
    pub func: Value,
    pub receiver: Value,
}
impl Payload for MethodData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Method
    }
}

pub fn new_method(func: Value, receiver: Value) -> Value {
    Value::alloc(&types().method, MethodData { func, receiver })
}

/// A cell holding a captured variable.
pub struct CellData {
    pub value: RefCell<Option<Value>>,
}
impl Payload for CellData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Cell
    }
}

pub fn new_cell(v: Option<Value>) -> Value {
    Value::alloc(
        &types().cell,
        CellData {
            value: RefCell::new(v),
        },
    )
}
