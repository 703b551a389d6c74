//! Type objects: [`TypeData`], the layout [`Kind`]s, the builtin types and
//! singletons, class creation (`type(name, bases, ns)`), the MRO and
//! attribute lookup along it.
//!
//! Every object's payload is determined by its type's `kind`; user classes
//! inherit the kind (and so the layout) of their builtin base.

use crate::object::shape::Shape;
use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use crate::object::{ObjHeader, Payload, Value, dealloc_payload};
use crate::objects::dict::DictTable;

/// The instance layout of a type, i.e. which payload its objects carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Object,
    Type,
    Int,
    Bool,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    None,
    NotImplemented,
    Ellipsis,
    Function,
    BuiltinFunction,
    Method,
    Cell,
    Code,
    Module,
    Exception,
    Iter,
    Generator,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    DictView,
    File,
    Null,
    /// Weak references and proxies (`crate::modules::weakref`).
    WeakRef,
    /// `collections.deque` (`crate::modules::collections`).
    Deque,
    /// `_random.Random` (`crate::modules::random`).
    Random,
    /// Frame objects (`frameobj`).
    Frame,
    /// `_socket.socket` (`crate::modules::socket`).
    Socket,
    /// The `_datetime` types (`crate::modules::datetime`).
    DateTime,
    /// `_decimal`'s Decimal, Context and signal dicts
    /// (`crate::modules::decimal`): one payload, three layouts (they cannot
    /// be combined by inheritance).
    Decimal,
    DecContext,
    DecSignals,
    /// `_pickle.Pickler` and `_pickle.Unpickler` (`crate::modules::pickle`).
    Pickler,
    Unpickler,
    /// Extension objects whose whole state is a Rust value owned by the
    /// module that made their type (`crate::objects::native`): zlib's
    /// compressors, ...
    Native,
    /// `memoryview` (`crate::objects::memoryview`).
    MemoryView,
    /// `array.array` (`crate::modules::array`).
    Array,
    /// `_elementtree.Element` and `TreeBuilder`
    /// (`crate::modules::elementtree`).
    Element,
    TreeBuilder,
    XmlParser,
}

/// A type object's payload.
pub struct TypeData {
    pub name: String,
    pub qualname: RefCell<String>,
    pub kind: Kind,
    pub dealloc: unsafe fn(*mut ObjHeader),
    /// The first base (CPython's `__base__`).
    pub base: Option<Value>,
    pub bases: Vec<Value>,
    /// Method resolution order, starting with the type itself.
    pub mro: RefCell<Vec<Value>>,
    pub dict: RefCell<DictTable>,
    /// Defined by a class statement (attributes can be set).
    pub is_heap: bool,
    /// Bumped whenever the type's or a base's namespace changes (JIT guards).
    pub version: Cell<u64>,
    /// `__name__` when it is not `name`: as reassigned by the program
    /// (`cls.__name__ = ...`), or the last part of an extension type's
    /// dotted name (`extension_type`).
    pub renamed: RefCell<Option<String>>,
    /// Weak references to the classes that list this one as a base.
    pub subclasses: RefCell<Vec<Value>>,
    /// `__slots__` somewhere in the class's hierarchy (`slots`).
    pub slotted: Cell<bool>,
    /// The class declares slots of its own (besides `__dict__`).
    pub own_slots: Cell<bool>,
    /// Instances have a `__dict__` (always, unless slotted).
    pub has_dict: Cell<bool>,
    /// Instances can be weakly referenced (always, unless slotted).
    pub has_weakref: Cell<bool>,
    /// Instances need a finalizer run before they are freed (`__del__`,
    /// suspended generators): see `finalize`.
    pub has_finalizer: Cell<bool>,
    /// Instances are containers the cycle collector follows (`gc`): they
    /// are allocated behind a collector link.
    pub gc_tracked: bool,
    /// Freeing an instance needs more than its destructor: a finalizer,
    /// the collector's list or a side dict (one test on the hot path).
    pub special_dealloc: Cell<bool>,
    /// CPython's `Py_TPFLAGS_SEQUENCE`/`Py_TPFLAGS_MAPPING` bits, which
    /// `_abc` gives `collections.abc`'s classes and the classes registered
    /// with them (`match` reads them).
    pub abc_flags: Cell<i64>,
    /// For the interpreter's class calls: the `__init__` a call of this
    /// class runs inline (or none), as found at a lookup epoch.
    pub inline_init: RefCell<(u64, Option<Value>)>,
    /// For `isinstance`: whether instances may claim another `__class__`
    /// (the class overrides `__class__` or `__getattribute__`), as found at
    /// a lookup epoch.
    pub class_claim: Cell<(u64, bool)>,
    /// For `hash()` of instances of a class statement derived from a
    /// builtin type: the lookup epoch at which the class was found to
    /// define neither `__hash__` nor `__eq__` (so they hash as the builtin
    /// type does), or `u64::MAX`.
    pub builtin_hash: Cell<u64>,
}

impl Payload for TypeData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Type
    }
}

/// Payload-less singletons (None, NotImplemented, Ellipsis, the NULL marker).
pub struct Unit;
impl Payload for Unit {
    fn matches(kind: Kind) -> bool {
        matches!(
            kind,
            Kind::None | Kind::NotImplemented | Kind::Ellipsis | Kind::Null
        )
    }
}

/// An instance of a user class (and of `object`).
///
/// Its attributes are kept in one of two forms (see `object::shape`): a
/// shape and a vector of values (fresh instances), or an attribute dict
/// (once something needed one; then for good). The dict form is also what
/// other objects built on this payload use (descriptors, namespaces).
pub struct InstanceData {
    /// The attribute dict, in dict form (the `None` object before).
    dict: DictSlot,
    /// In shape form: the shape and the values; the shape is None in dict
    /// form.
    shaped: std::cell::UnsafeCell<Shaped>,
}

struct Shaped {
    shape: Option<&'static Shape>,
    values: Vec<Value>,
}

impl InstanceData {
    /// An instance in shape form, without attributes.
    #[inline]
    pub fn new_shaped() -> InstanceData {
        InstanceData {
            dict: DictSlot::new(types().none.clone()),
            shaped: std::cell::UnsafeCell::new(Shaped {
                shape: Some(Shape::root()),
                values: Vec::new(),
            }),
        }
    }

    /// An instance in dict form, with `dict` as its attribute dict.
    pub fn with_dict(dict: Value) -> InstanceData {
        InstanceData {
            dict: DictSlot::new(dict),
            shaped: std::cell::UnsafeCell::new(Shaped {
                shape: None,
                values: Vec::new(),
            }),
        }
    }

    #[inline(always)]
    fn shaped(&self) -> &Shaped {
        // SAFETY: single-threaded (the interpreter lock); the methods below
        // never keep a reference into the cell across a change of it.
        unsafe { &*self.shaped.get() }
    }

    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    fn shaped_mut(&self) -> &mut Shaped {
        // SAFETY: as in `shaped`: each caller's borrow ends before anything
        // else can reach the cell (no Python code runs meanwhile).
        unsafe { &mut *self.shaped.get() }
    }

    /// The shape, in shape form.
    #[inline(always)]
    pub fn shape(&self) -> Option<&'static Shape> {
        self.shaped().shape
    }

    /// The value at position `i` of the shape (shape form).
    #[inline(always)]
    pub fn value_at(&self, i: usize) -> Option<Value> {
        self.shaped().values.get(i).cloned()
    }

    /// Replaces the value at position `i` (shape form), returning the old
    /// one (for the caller to drop: it may be a last reference).
    #[inline(always)]
    pub fn replace_at(&self, i: usize, v: Value) -> Result<Value, Value> {
        match self.shaped_mut().values.get_mut(i) {
            Some(slot) => Ok(std::mem::replace(slot, v)),
            None => Err(v),
        }
    }

    /// Adds a value in shape form, moving from shape `from` to `to` (one
    /// name longer): Err(v) when the instance is not on `from`.
    #[inline(always)]
    pub fn push_at(&self, from: &'static Shape, to: &'static Shape, v: Value) -> Result<(), Value> {
        let s = self.shaped_mut();
        match s.shape {
            Some(sh) if std::ptr::eq(sh, from) && s.values.len() == from.len() => {
                s.values.push(v);
                s.shape = Some(to);
                Ok(())
            }
            _ => Err(v),
        }
    }

    /// The value of the attribute with text `name` in shape form: None in
    /// dict form, Some(None) when the shape lacks it.
    pub fn shaped_get_str(&self, name: &str) -> Option<Option<Value>> {
        let sh = self.shape()?;
        Some(sh.index_of_str(name).and_then(|i| self.value_at(i)))
    }

    /// Stores attribute `name` in shape form: `Err(v)` in dict form or when
    /// the instance must go to dict form first (a name that is not an exact
    /// str, a shape that cannot grow). On success, where the name is, or
    /// the transition taken.
    pub fn shaped_set(&self, name: &Value, v: Value) -> Result<Stored, Value> {
        let Some(sh) = self.shape() else {
            return Err(v);
        };
        if let Some(i) = sh.index_of(name) {
            // (The old value is dropped once the cell is no longer borrowed.)
            return self.replace_at(i, v).map(|_old| Stored::Replaced(i));
        }
        if !name.is_exact(&types().str_) {
            return Err(v);
        }
        let Some(to) = sh.with(name) else {
            return Err(v);
        };
        self.push_at(sh, to, v)?;
        Ok(Stored::Added(sh, to))
    }

    /// `shaped_set` by the name's text (a slot's descriptor has only that):
    /// the shape's own name object when it has the name.
    pub fn shaped_set_str(&self, name: &str, v: Value) -> Result<Stored, Value> {
        let Some(sh) = self.shape() else {
            return Err(v);
        };
        match sh.index_of_str(name) {
            Some(i) => self.replace_at(i, v).map(|_old| Stored::Replaced(i)),
            None => self.shaped_set(&crate::objects::str::new_str(name), v),
        }
    }

    /// The attribute dict: an instance in shape form converts to dict form
    /// here, for good (the dict holds the attributes in their order).
    #[inline]
    pub fn dict(&self) -> &Value {
        if self.shape().is_some() {
            self.materialize();
        }
        &self.dict
    }

    /// The attribute dict if the instance is in dict form.
    #[inline]
    pub fn dict_if_any(&self) -> Option<&Value> {
        if self.shape().is_some() {
            None
        } else {
            Some(&self.dict)
        }
    }

    #[cold]
    #[inline(never)]
    fn materialize(&self) {
        let s = self.shaped_mut();
        let Some(sh) = s.shape.take() else {
            return;
        };
        let values = std::mem::take(&mut s.values);
        let d = crate::objects::dict::new_instance_dict();
        {
            let dd = d
                .downcast::<crate::objects::dict::DictData>()
                .expect("dict");
            let mut t = dd.table.borrow_mut();
            for (k, v) in sh.names().iter().zip(values) {
                t.push_new_str_key(k.clone(), v);
            }
        }
        self.dict.replace(d);
    }

    /// `obj.__dict__ = d`: dict form from now on, with `d`.
    pub fn replace_dict(&self, d: Value) {
        let s = self.shaped_mut();
        s.shape = None;
        let old = std::mem::take(&mut s.values);
        self.dict.replace(d);
        drop(old);
    }

    /// Calls `visit` with the values in shape form (for the collector).
    pub fn visit_values(&self, visit: &mut dyn FnMut(&Value)) {
        self.shaped().values.iter().for_each(visit);
    }

    /// Drops the values in shape form (the collector breaking a cycle):
    /// the instance is left on the empty shape.
    pub fn clear_values(&self) {
        let s = self.shaped_mut();
        if s.shape.is_some() {
            s.shape = Some(Shape::root());
            let old = std::mem::take(&mut s.values);
            drop(old);
        }
    }
}

/// What `InstanceData::shaped_set` did.
pub enum Stored {
    /// Replaced the value at this position.
    Replaced(usize),
    /// Added the name: the shape moved from the first to the second.
    Added(&'static Shape, &'static Shape),
}

/// Where an instance keeps its attribute dict: read as a `Value` (through
/// `Deref`), replaced by `obj.__dict__ = d` (`replace`).
pub struct DictSlot(std::cell::UnsafeCell<Value>);

impl DictSlot {
    pub fn new(v: Value) -> DictSlot {
        DictSlot(std::cell::UnsafeCell::new(v))
    }

    /// Puts `v` in the slot. The dict it held is not dropped here but kept
    /// until the interpreter's next safe point (`retire`): native code may
    /// still be working on it.
    pub fn replace(&self, v: Value) {
        // SAFETY: single-threaded (the interpreter lock); the old value is
        // moved out and kept alive, so references to the dict object stay
        // valid, and nothing holds a reference into the slot across this
        // call (readers clone or finish before running Python code).
        let old = unsafe { std::ptr::replace(self.0.get(), v) };
        retire(old);
    }
}

impl std::ops::Deref for DictSlot {
    type Target = Value;
    #[inline]
    fn deref(&self) -> &Value {
        // SAFETY: see `replace`; the slot always holds a valid value.
        unsafe { &*self.0.get() }
    }
}

impl From<Value> for DictSlot {
    fn from(v: Value) -> DictSlot {
        DictSlot::new(v)
    }
}

crate::gil_local! {
    /// Attribute dicts replaced since the last safe point.
    static RETIRED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

fn retire(v: Value) {
    RETIRED.with(|r| r.borrow_mut().push(v));
}

/// Drops the attribute dicts replaced since the last call (at a safe point:
/// no native code is working on them).
pub fn drop_retired() {
    let batch = RETIRED.with(|r| std::mem::take(&mut *r.borrow_mut()));
    drop(batch);
}
impl Payload for InstanceData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Object
    }
}

/// The builtin types and singletons, created once at start-up.
pub struct Builtins {
    pub object: Value,
    pub type_: Value,
    pub int: Value,
    pub bool_: Value,
    pub float: Value,
    pub complex: Value,
    pub str_: Value,
    pub bytes: Value,
    pub bytearray: Value,
    pub list: Value,
    pub tuple: Value,
    pub dict: Value,
    pub set: Value,
    pub frozenset: Value,
    pub range: Value,
    pub slice: Value,
    pub none_type: Value,
    pub not_implemented_type: Value,
    pub ellipsis_type: Value,
    pub function: Value,
    pub builtin_function: Value,
    /// Methods of builtin types, unbound (`list.append`).
    pub method_descriptor: Value,
    pub method: Value,
    pub cell: Value,
    pub code: Value,
    pub module: Value,
    pub generator: Value,
    pub coroutine: Value,
    pub async_generator: Value,
    /// What `coroutine.__await__()` returns.
    pub coroutine_wrapper: Value,
    /// The awaitables of `async_generator.__anext__`/`asend` and of
    /// `athrow`/`aclose`, and the marker of values it yields.
    pub async_generator_asend: Value,
    pub async_generator_athrow: Value,
    pub async_generator_wrapped_value: Value,
    pub property: Value,
    pub staticmethod: Value,
    pub classmethod: Value,
    pub super_: Value,
    pub file: Value,
    pub null_type: Value,
    // Iterator and view types.
    pub list_iterator: Value,
    pub tuple_iterator: Value,
    pub str_iterator: Value,
    pub bytes_iterator: Value,
    pub range_iterator: Value,
    pub dict_keyiterator: Value,
    pub dict_valueiterator: Value,
    pub dict_itemiterator: Value,
    pub set_iterator: Value,
    pub enumerate: Value,
    pub zip: Value,
    pub map: Value,
    pub filter: Value,
    pub reversed: Value,
    pub iterator: Value,
    /// `types.SimpleNamespace` (the type of `sys.implementation`).
    pub simple_namespace: Value,
    pub callable_iterator: Value,
    pub dict_keys: Value,
    pub dict_values: Value,
    pub dict_items: Value,
    /// `traceback` objects (`exc.__traceback__`).
    pub traceback: Value,
    pub frame: Value,
    pub memoryview: Value,
    pub random: Value,
    pub socket: Value,
    pub pickler: Value,
    pub unpickler: Value,
    pub mappingproxy: Value,
    pub array: Value,
    pub egret_finder: Value,
    pub context_var: Value,
    pub context: Value,
    pub token: Value,
    pub struct_type: Value,
    /// `re.Pattern` and `re.Match`.
    pub sre_pattern: Value,
    pub sre_match: Value,
    /// `os.DirEntry` and the iterator `os.scandir()` returns.
    pub dir_entry: Value,
    pub scandir_iterator: Value,
    pub deque: Value,
    pub deque_iterator: Value,
    pub defaultdict: Value,
    /// `collections.OrderedDict`, its views and its iterator
    /// (`crate::modules::odict`).
    pub ordered_dict: Value,
    pub odict_keys: Value,
    pub odict_values: Value,
    pub odict_items: Value,
    pub odict_iterator: Value,
    pub weakref: Value,
    pub weakproxy: Value,
    pub weakcallableproxy: Value,
    /// Types of the attribute descriptors of builtin types
    /// (`types.GetSetDescriptorType`, `types.MemberDescriptorType`).
    pub getset_descriptor: Value,
    pub member_descriptor: Value,
    /// `types.GenericAlias` (`list[int]`) and `types.UnionType` (`int | str`).
    pub generic_alias: Value,
    pub union_type: Value,
    // Singletons.
    pub none: Value,
    pub true_: Value,
    pub false_: Value,
    pub not_implemented: Value,
    pub ellipsis: Value,
    /// The empty self slot of a call (`PUSH_NULL`); never visible to Python.
    pub null: Value,
    pub empty_tuple: Value,
    /// The one-character strs of the ASCII characters, shared as CPython
    /// shares its Latin-1 ones (indexing and iterating make many).
    pub ascii_chars: Vec<Value>,
    pub exc: crate::objects::exceptions::ExceptionTypes,
}

struct Holder(Builtins);
// SAFETY: egret runs Python on one OS thread (DESIGN.md); the builtins are
// created by and only ever touched from that thread.
unsafe impl Sync for Holder {}
unsafe impl Send for Holder {}

static BUILTINS: OnceLock<Holder> = OnceLock::new();

/// The builtin types and singletons.
#[inline]
pub fn types() -> &'static Builtins {
    &BUILTINS.get_or_init(|| Holder(bootstrap())).0
}

/// The destructor of containers allocated behind a collector link.
fn gc_dealloc_for(kind: Kind) -> unsafe fn(*mut ObjHeader) {
    use crate::object::gc::dealloc_gc_payload as d;
    use crate::objects::*;
    match kind {
        Kind::Object => d::<InstanceData>,
        Kind::Type => d::<TypeData>,
        Kind::List => d::<list::ListData>,
        Kind::Tuple => d::<tuple::TupleData>,
        Kind::Dict => d::<dict::DictData>,
        Kind::Set | Kind::FrozenSet => d::<set::SetData>,
        Kind::Function => d::<function::FunctionData>,
        Kind::Method => d::<function::MethodData>,
        Kind::Cell => d::<function::CellData>,
        Kind::Exception => d::<exceptions::ExceptionData>,
        Kind::Generator => d::<generator::GeneratorData>,
        Kind::MemoryView => d::<memoryview::MemoryViewData>,
        Kind::Element => d::<crate::modules::elementtree::ElementData>,
        other => unreachable!("{other:?} objects are not collected"),
    }
}

fn dealloc_for(kind: Kind) -> unsafe fn(*mut ObjHeader) {
    use crate::objects::*;
    match kind {
        Kind::Object => dealloc_payload::<InstanceData>,
        Kind::Type => dealloc_payload::<TypeData>,
        Kind::Int => dealloc_payload::<int::IntData>,
        Kind::Bool => dealloc_payload::<int::BoolData>,
        Kind::Float => crate::object::dealloc_float,
        Kind::Complex => dealloc_payload::<float::ComplexData>,
        Kind::Str => dealloc_payload::<str::StrData>,
        Kind::Bytes | Kind::ByteArray => dealloc_payload::<bytes::BytesData>,
        Kind::List => dealloc_payload::<list::ListData>,
        Kind::Tuple => dealloc_payload::<tuple::TupleData>,
        Kind::Dict => dealloc_payload::<dict::DictData>,
        Kind::Set | Kind::FrozenSet => dealloc_payload::<set::SetData>,
        Kind::Range => dealloc_payload::<range::RangeData>,
        Kind::Slice => dealloc_payload::<range::SliceData>,
        Kind::None | Kind::NotImplemented | Kind::Ellipsis | Kind::Null => dealloc_payload::<Unit>,
        Kind::Function => dealloc_payload::<function::FunctionData>,
        Kind::BuiltinFunction => dealloc_payload::<function::BuiltinFunctionData>,
        Kind::Method => dealloc_payload::<function::MethodData>,
        Kind::Cell => dealloc_payload::<function::CellData>,
        Kind::Code => dealloc_payload::<function::CodeData>,
        Kind::Module => dealloc_payload::<module::ModuleData>,
        Kind::Exception => dealloc_payload::<exceptions::ExceptionData>,
        Kind::Iter => dealloc_payload::<iter::IterData>,
        Kind::Generator => dealloc_payload::<generator::GeneratorData>,
        Kind::Property => dealloc_payload::<descr::PropertyData>,
        Kind::StaticMethod | Kind::ClassMethod => dealloc_payload::<descr::WrapperData>,
        Kind::Super => dealloc_payload::<descr::SuperData>,
        Kind::DictView => dealloc_payload::<dict::DictViewData>,
        Kind::File => dealloc_payload::<file::FileData>,
        Kind::WeakRef => dealloc_payload::<crate::objects::weakref::WeakrefData>,
        Kind::Deque => dealloc_payload::<crate::modules::collections::DequeData>,
        Kind::Random => dealloc_payload::<crate::modules::random::RandomData>,
        Kind::Socket => dealloc_payload::<crate::modules::socket::SocketData>,
        Kind::DateTime => dealloc_payload::<crate::modules::datetime::DtData>,
        Kind::Decimal | Kind::DecContext | Kind::DecSignals => {
            dealloc_payload::<crate::modules::decimal::DecData>
        }
        Kind::Pickler => dealloc_payload::<crate::modules::pickle::PicklerData>,
        Kind::Unpickler => dealloc_payload::<crate::modules::pickle::UnpicklerData>,
        Kind::Native => dealloc_payload::<crate::objects::native::NativeData>,
        Kind::Frame => dealloc_payload::<frameobj::FrameObjData>,
        Kind::MemoryView => dealloc_payload::<crate::objects::memoryview::MemoryViewData>,
        Kind::Array => dealloc_payload::<crate::modules::array::ArrayData>,
        Kind::Element => dealloc_payload::<crate::modules::elementtree::ElementData>,
        Kind::TreeBuilder => dealloc_payload::<crate::modules::elementtree::TreeBuilderData>,
        Kind::XmlParser => dealloc_payload::<crate::modules::elementtree::XmlParserData>,
    }
}

fn new_type_data(name: &str, kind: Kind, base: Option<&Value>, is_heap: bool) -> TypeData {
    let gc_tracked = crate::object::gc::tracks(kind, is_heap);
    TypeData {
        name: name.to_string(),
        qualname: RefCell::new(name.to_string()),
        kind,
        dealloc: if gc_tracked {
            gc_dealloc_for(kind)
        } else {
            dealloc_for(kind)
        },
        gc_tracked,
        abc_flags: Cell::new(0),
        inline_init: RefCell::new((0, None)),
        class_claim: Cell::new((u64::MAX, false)),
        builtin_hash: Cell::new(u64::MAX),
        special_dealloc: Cell::new(
            gc_tracked
                || is_heap
                    && !matches!(
                        kind,
                        Kind::Object | Kind::Exception | Kind::Module | Kind::Type
                    ),
        ),
        base: base.cloned(),
        bases: base.into_iter().cloned().collect(),
        mro: RefCell::new(Vec::new()),
        dict: RefCell::new(DictTable::new()),
        is_heap,
        version: Cell::new(0),
        renamed: RefCell::new(None),
        subclasses: RefCell::new(Vec::new()),
        slotted: Cell::new(false),
        own_slots: Cell::new(false),
        has_dict: Cell::new(true),
        has_weakref: Cell::new(true),
        has_finalizer: Cell::new(false),
    }
}

/// Creates an immortal builtin type.
pub(crate) fn builtin_type(name: &str, kind: Kind, base: Option<&Value>, meta: &Value) -> Value {
    builtin_type_impl(name, kind, base, meta, false)
}

/// A type written in Rust whose instances behave like those of a class
/// statement: plain objects with a dict, their special methods looked up in
/// the type like user-defined ones (`types.SimpleNamespace`, `GenericAlias`).
fn native_class(name: &str, object: &Value, meta: &Value) -> Value {
    builtin_type_impl(name, Kind::Object, Some(object), meta, true)
}

/// A type CPython defines in an extension module, whose `tp_name` is
/// dotted: error messages show `collections.OrderedDict`, while
/// `__name__` and `__qualname__` are the last part. Its special methods
/// override its base's, as a class statement's do (`is_heap`); its
/// `__module__` is set by the module that defines it.
pub(crate) fn extension_type(dotted: &str, kind: Kind, base: &Value, meta: &Value) -> Value {
    let t = builtin_type_impl(dotted, kind, Some(base), meta, true);
    let short = dotted.rsplit('.').next().unwrap_or(dotted).to_string();
    let td = t.type_data_of_type();
    *td.qualname.borrow_mut() = short.clone();
    *td.renamed.borrow_mut() = Some(short);
    t
}

fn builtin_type_impl(
    name: &str,
    kind: Kind,
    base: Option<&Value>,
    meta: &Value,
    is_heap: bool,
) -> Value {
    let t = Value::alloc_immortal(Some(meta), new_type_data(name, kind, base, is_heap));
    // Native types other than plain-object ones (deque, weakref) give their
    // instances no `__dict__`, as in CPython; classes derived from them get
    // one. (defaultdict keeps `default_factory` in its side dict.)
    if is_heap && kind != Kind::Object && kind != Kind::Dict {
        t.type_data_of_type().has_dict.set(false);
    }
    let mut mro = vec![t.clone()];
    if let Some(b) = base {
        mro.extend(b.type_data_of_type().mro.borrow().iter().cloned());
    }
    *t.type_data_of_type().mro.borrow_mut() = mro;
    lookup_cache::invalidate();
    t
}

fn bootstrap() -> Builtins {
    // `type` is its own type; `object` is the root.
    let type_ = Value::alloc_immortal(None, new_type_data("type", Kind::Type, None, false));
    type_.set_type_immortal(&type_);
    let object = builtin_type("object", Kind::Object, None, &type_);
    // `type`'s base is object: rebuild its data now that object exists.
    let type_mro = vec![type_.clone(), object.clone()];
    *type_.type_data_of_type().mro.borrow_mut() = type_mro;
    lookup_cache::invalidate();
    let t = |name: &str, kind: Kind| builtin_type(name, kind, Some(&object), &type_);
    let int = t("int", Kind::Int);
    let bool_ = builtin_type("bool", Kind::Bool, Some(&int), &type_);
    let none_type = t("NoneType", Kind::None);
    let not_implemented_type = t("NotImplementedType", Kind::NotImplemented);
    let ellipsis_type = t("ellipsis", Kind::Ellipsis);
    let null_type = t("NULL", Kind::Null);
    let tuple = t("tuple", Kind::Tuple);
    let exc = crate::objects::exceptions::ExceptionTypes::create(&object, &type_);
    let empty_tuple = Value::alloc_immortal(
        Some(&tuple),
        crate::objects::tuple::TupleData::new(Vec::new()),
    );
    let dict = t("dict", Kind::Dict);
    let dict_keys = t("dict_keys", Kind::DictView);
    let dict_values = t("dict_values", Kind::DictView);
    let dict_items = t("dict_items", Kind::DictView);
    // Native types whose special methods override their base's, looked up
    // like a class statement's (`is_heap`).
    let native_sub = |name: &str, kind: Kind, base: &Value| {
        builtin_type_impl(name, kind, Some(base), &type_, true)
    };
    let mut b = Builtins {
        float: t("float", Kind::Float),
        complex: t("complex", Kind::Complex),
        ascii_chars: Vec::new(),
        str_: t("str", Kind::Str),
        bytes: t("bytes", Kind::Bytes),
        bytearray: t("bytearray", Kind::ByteArray),
        list: t("list", Kind::List),
        dict: dict.clone(),
        set: t("set", Kind::Set),
        frozenset: t("frozenset", Kind::FrozenSet),
        range: t("range", Kind::Range),
        slice: t("slice", Kind::Slice),
        function: t("function", Kind::Function),
        builtin_function: t("builtin_function_or_method", Kind::BuiltinFunction),
        method_descriptor: t("method_descriptor", Kind::BuiltinFunction),
        method: t("method", Kind::Method),
        cell: t("cell", Kind::Cell),
        code: t("code", Kind::Code),
        module: t("module", Kind::Module),
        generator: t("generator", Kind::Generator),
        coroutine: t("coroutine", Kind::Generator),
        async_generator: t("async_generator", Kind::Generator),
        coroutine_wrapper: t("coroutine_wrapper", Kind::Iter),
        async_generator_asend: t("async_generator_asend", Kind::Iter),
        async_generator_athrow: t("async_generator_athrow", Kind::Iter),
        async_generator_wrapped_value: t("async_generator_wrapped_value", Kind::Cell),
        property: t("property", Kind::Property),
        staticmethod: t("staticmethod", Kind::StaticMethod),
        classmethod: t("classmethod", Kind::ClassMethod),
        super_: t("super", Kind::Super),
        file: t("TextIOWrapper", Kind::File),
        list_iterator: t("list_iterator", Kind::Iter),
        tuple_iterator: t("tuple_iterator", Kind::Iter),
        str_iterator: t("str_ascii_iterator", Kind::Iter),
        bytes_iterator: t("bytes_iterator", Kind::Iter),
        range_iterator: t("range_iterator", Kind::Iter),
        dict_keyiterator: t("dict_keyiterator", Kind::Iter),
        dict_valueiterator: t("dict_valueiterator", Kind::Iter),
        dict_itemiterator: t("dict_itemiterator", Kind::Iter),
        set_iterator: t("set_iterator", Kind::Iter),
        enumerate: t("enumerate", Kind::Iter),
        zip: t("zip", Kind::Iter),
        map: t("map", Kind::Iter),
        filter: t("filter", Kind::Iter),
        reversed: t("reversed", Kind::Iter),
        iterator: t("iterator", Kind::Iter),
        simple_namespace: native_class("SimpleNamespace", &object, &type_),
        callable_iterator: t("callable_iterator", Kind::Iter),
        odict_keys: native_sub("odict_keys", Kind::DictView, &dict_keys),
        odict_values: native_sub("odict_values", Kind::DictView, &dict_values),
        odict_items: native_sub("odict_items", Kind::DictView, &dict_items),
        dict_keys,
        dict_values,
        dict_items,
        traceback: t("traceback", Kind::Object),
        frame: t("frame", Kind::Frame),
        memoryview: builtin_type_impl("memoryview", Kind::MemoryView, Some(&object), &type_, true),
        random: builtin_type_impl("Random", Kind::Random, Some(&object), &type_, true),
        mappingproxy: native_class("mappingproxy", &object, &type_),
        array: extension_type("array.array", Kind::Array, &object, &type_),
        egret_finder: native_class("EgretFinder", &object, &type_),
        context_var: native_class("ContextVar", &object, &type_),
        context: native_class("Context", &object, &type_),
        token: native_class("Token", &object, &type_),
        struct_type: native_class("Struct", &object, &type_),
        sre_pattern: native_class("Pattern", &object, &type_),
        sre_match: native_class("Match", &object, &type_),
        dir_entry: native_class("DirEntry", &object, &type_),
        scandir_iterator: native_class("ScandirIterator", &object, &type_),
        deque: builtin_type_impl("deque", Kind::Deque, Some(&object), &type_, true),
        deque_iterator: t("_deque_iterator", Kind::Iter),
        defaultdict: builtin_type_impl("defaultdict", Kind::Dict, Some(&dict), &type_, true),
        ordered_dict: extension_type("collections.OrderedDict", Kind::Dict, &dict, &type_),
        socket: extension_type("_socket.socket", Kind::Socket, &object, &type_),
        pickler: extension_type("_pickle.Pickler", Kind::Pickler, &object, &type_),
        unpickler: extension_type("_pickle.Unpickler", Kind::Unpickler, &object, &type_),
        odict_iterator: t("odict_iterator", Kind::Iter),
        weakref: builtin_type_impl("weakref", Kind::WeakRef, Some(&object), &type_, true),
        weakproxy: builtin_type_impl("weakproxy", Kind::WeakRef, Some(&object), &type_, true),
        weakcallableproxy: builtin_type_impl(
            "weakcallableproxy",
            Kind::WeakRef,
            Some(&object),
            &type_,
            true,
        ),
        getset_descriptor: t("getset_descriptor", Kind::Object),
        member_descriptor: t("member_descriptor", Kind::Object),
        generic_alias: native_class("GenericAlias", &object, &type_),
        union_type: native_class("UnionType", &object, &type_),
        none: Value::alloc_immortal(Some(&none_type), Unit),
        true_: Value::alloc_immortal(Some(&bool_), crate::objects::int::BoolData(true)),
        false_: Value::alloc_immortal(Some(&bool_), crate::objects::int::BoolData(false)),
        not_implemented: Value::alloc_immortal(Some(&not_implemented_type), Unit),
        ellipsis: Value::alloc_immortal(Some(&ellipsis_type), Unit),
        null: Value::alloc_immortal(Some(&null_type), Unit),
        empty_tuple,
        object,
        type_,
        int,
        bool_,
        tuple,
        none_type,
        not_implemented_type,
        ellipsis_type,
        null_type,
        exc,
    };
    b.ascii_chars = (0..128u8)
        .map(|c| {
            let text = [c];
            let text = std::str::from_utf8(&text).unwrap_or("");
            Value::alloc_immortal(Some(&b.str_), crate::objects::str::StrData::new(text))
        })
        .collect();
    b
}

/// Creates a class: `type(name, bases, namespace)`.
pub fn new_class(
    meta: &Value,
    name: &str,
    bases: Vec<Value>,
    namespace: DictTable,
) -> Result<Value, String> {
    let b = types();
    let bases = if bases.is_empty() {
        vec![b.object.clone()]
    } else {
        bases
    };
    for base in &bases {
        if base.downcast::<TypeData>().is_none() {
            return Err("bases must be types".into());
        }
    }
    let first = bases[0].clone();
    // The instance layout comes from the one base that is not plain object.
    let mut kind = Kind::Object;
    for base in &bases {
        let bt = base.type_data_of_type();
        if !subclassable(bt.kind) {
            return Err(format!("type '{}' is not an acceptable base type", bt.name));
        }
        if bt.kind == Kind::Object || bt.kind == kind {
            continue;
        }
        if kind != Kind::Object {
            return Err("multiple bases have instance lay-out conflict".into());
        }
        kind = bt.kind;
    }
    let mut data = new_type_data(name, kind, Some(&first), true);
    data.bases = bases.clone();
    let mut namespace = namespace;
    // As in CPython: __init_subclass__ and __class_getitem__ are implicitly
    // class methods, __new__ a static method.
    for (name, wrap_ty) in [
        ("__init_subclass__", &types().classmethod),
        ("__class_getitem__", &types().classmethod),
        ("__new__", &types().staticmethod),
    ] {
        if let Some(f) = namespace.get_str(name)
            && f.kind() == Kind::Function
        {
            namespace.set_str(
                name,
                Value::alloc(wrap_ty, crate::objects::descr::WrapperData { func: f }),
            );
        }
    }
    // As in CPython, a class without a docstring has __doc__ None.
    if namespace.get_str("__doc__").is_none() {
        namespace.set_str("__doc__", types().none.clone());
    }
    // __qualname__ lives in the type, not in its namespace.
    if let Some(q) = namespace.get_str("__qualname__")
        && let Some(q) = crate::objects::str::as_str(&q)
    {
        *data.qualname.borrow_mut() = q.to_string();
        namespace.del_str("__qualname__");
    }
    // Defining __eq__ without __hash__ makes instances unhashable.
    if namespace.get_str("__eq__").is_some() && namespace.get_str("__hash__").is_none() {
        namespace.set_str("__hash__", types().none.clone());
    }
    *data.dict_mut() = namespace;
    let cls = Value::alloc(meta, data);
    let mro = compute_mro(&cls, &bases)?;
    let has_del = mro.iter().any(|c| {
        let td = c.type_data_of_type();
        td.has_finalizer.get() && td.is_heap || td.dict.borrow().get_str("__del__").is_some()
    });
    cls.type_data_of_type().set_has_finalizer(has_del);
    *cls.type_data_of_type().mro.borrow_mut() = mro;
    lookup_cache::invalidate();
    Ok(cls)
}

/// Whether classes may derive from builtin types of this kind.
fn subclassable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Object
            | Kind::Exception
            | Kind::Type
            | Kind::Int
            | Kind::Float
            | Kind::Complex
            | Kind::Str
            | Kind::Bytes
            | Kind::ByteArray
            | Kind::Tuple
            | Kind::List
            | Kind::Dict
            | Kind::Set
            | Kind::FrozenSet
            | Kind::Property
            | Kind::StaticMethod
            | Kind::ClassMethod
            | Kind::WeakRef
            | Kind::Deque
            | Kind::Array
            | Kind::Random
            | Kind::Socket
            | Kind::DateTime
            | Kind::Decimal
            | Kind::DecContext
            | Kind::DecSignals
            | Kind::Pickler
            | Kind::Unpickler
            | Kind::Element
            | Kind::TreeBuilder
            | Kind::XmlParser
            | Kind::Module
    )
}

/// The builtin type a class's instances are laid out as (`int` for a
/// `class C(int)`, `object` for plain classes).
pub fn builtin_base(ty: &Value) -> Value {
    let td = ty.type_data_of_type();
    for t in td.mro.borrow().iter() {
        if !t.type_data_of_type().is_heap {
            return t.clone();
        }
    }
    types().object.clone()
}

/// C3 linearization.
fn compute_mro(cls: &Value, bases: &[Value]) -> Result<Vec<Value>, String> {
    let mut seqs: Vec<Vec<Value>> = bases
        .iter()
        .map(|b| b.type_data_of_type().mro.borrow().clone())
        .collect();
    seqs.push(bases.to_vec());
    let mut out = vec![cls.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let mut chosen = None;
        for s in &seqs {
            let cand = &s[0];
            if !seqs.iter().any(|t| t[1..].iter().any(|x| x.is(cand))) {
                chosen = Some(cand.clone());
                break;
            }
        }
        let Some(c) = chosen else {
            let names: Vec<String> = bases
                .iter()
                .map(|b| b.type_data_of_type().name.clone())
                .collect();
            return Err(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            ));
        };
        for s in seqs.iter_mut() {
            if s[0].is(&c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

crate::gil_local! {
    static UNTRACKED_FINALIZERS: Cell<bool> = const { Cell::new(false) };
}

/// Whether some type whose instances the cycle collector does not track
/// (`class C(int)` with `__del__`, epoll objects) has a finalizer: if not,
/// every object with a finalizer is on the collector's lists.
pub fn untracked_finalizers_exist() -> bool {
    UNTRACKED_FINALIZERS.with(Cell::get)
}

impl TypeData {
    /// Records whether instances need a finalizer run before being freed.
    pub fn set_has_finalizer(&self, v: bool) {
        self.has_finalizer.set(v);
        if v {
            self.special_dealloc.set(true);
            if !self.gc_tracked {
                UNTRACKED_FINALIZERS.with(|f| f.set(true));
            }
        }
    }

    /// Looks `name` up along the MRO (no descriptors applied).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        self.lookup_hashed(name, crate::objects::str::hash_str(name))
    }

    /// `lookup` of a string literal (its hash is memoised).
    #[inline]
    pub fn lookup_static(&self, name: &'static str) -> Option<Value> {
        self.lookup_hashed(name, crate::objects::str::name_hash_static(name))
    }

    /// `lookup` with the name's hash already computed (answered from the
    /// lookup cache when it can be).
    #[inline]
    pub fn lookup_hashed(&self, name: &str, hash: i64) -> Option<Value> {
        lookup_cache::cached(self, lookup_cache::Name::Text(name), hash, false, || {
            self.lookup_uncached(name, hash)
        })
    }

    /// The special method `name` as defined by a class statement (what a
    /// user-defined special method lookup sees), cached like `lookup`.
    /// None when the MRO reaches a builtin type that defines it first: the
    /// builtin behaviour applies.
    pub fn lookup_heap_static(&self, name: &'static str) -> Option<Value> {
        let hash = crate::objects::str::name_hash_static(name);
        lookup_cache::cached(self, lookup_cache::Name::Static(name), hash, true, || {
            for t in self.mro.borrow().iter() {
                let t = t.type_data_of_type();
                let found = t.dict.borrow().get_str_hashed(name, hash);
                if let Some(v) = found {
                    return t.is_heap.then_some(v);
                }
            }
            None
        })
    }

    /// The type's own dict, for changing it: every change invalidates the
    /// lookup cache (a subclass's lookups depend on this dict too).
    pub fn dict_mut(&self) -> std::cell::RefMut<'_, DictTable> {
        lookup_cache::invalidate();
        self.dict.borrow_mut()
    }

    fn lookup_uncached(&self, name: &str, hash: i64) -> Option<Value> {
        for t in self.mro.borrow().iter() {
            if let Some(v) = t
                .type_data_of_type()
                .dict
                .borrow()
                .get_str_hashed(name, hash)
            {
                return Some(v);
            }
        }
        None
    }

    /// `lookup` of a str object (its hash is cached).
    #[inline]
    pub fn lookup_value(&self, name: &Value) -> Option<Value> {
        let s = name.downcast::<crate::objects::str::StrData>()?;
        let (text, hash) = (s.as_str(), s.hash());
        lookup_cache::cached(self, lookup_cache::Name::Object(name), hash, false, || {
            self.lookup_uncached(text, hash)
        })
    }

    /// Whether `other` (a type) is in this type's MRO.
    pub fn is_subtype(&self, other: &Value) -> bool {
        self.mro.borrow().iter().any(|t| t.is(other))
    }

    pub fn set_attr(&self, name: &str, v: Value) {
        self.dict_mut().set_str(name, v);
        self.version.set(self.version.get() + 1);
    }
}

/// A cache of attribute lookups along MROs, keyed by (type, name). Any
/// change to any type's dict or MRO, and the creation of any type (whose
/// address may be a freed type's), empties it at once by advancing the
/// epoch its entries are stamped with.
/// Forgets every cached attribute lookup (a class namespace changed).
pub fn invalidate_lookup_cache() {
    lookup_cache::invalidate();
}

/// The lookup cache's epoch: it advances whenever any type's dict or MRO
/// changes or a type is created, so what a lookup found stays true while
/// the epoch stays the same.
#[inline]
pub fn lookup_epoch() -> u64 {
    lookup_cache::epoch()
}

mod lookup_cache {
    use std::cell::Cell;

    use super::TypeData;
    use crate::object::Value;

    const SLOTS: usize = 2048;

    /// A looked-up name: a literal is identified by its address and length
    /// (it is never freed), any other text by its contents.
    #[derive(Clone, Copy)]
    pub(super) enum Name<'a> {
        Static(&'static str),
        Text(&'a str),
        /// A str object (names in code objects are interned, so the same
        /// object comes back): identified by identity, and kept alive by
        /// the entry so that its address cannot be reused meanwhile.
        Object(&'a Value),
    }

    enum Stored {
        Static(usize, usize),
        Text(Box<str>),
        Object(Value),
    }

    struct Entry {
        epoch: u64,
        ty: usize,
        hash: i64,
        heap_only: bool,
        name: Stored,
        value: Option<Value>,
    }

    fn same_name(stored: &Stored, name: Name) -> bool {
        match (stored, name) {
            (Stored::Static(ptr, len), Name::Static(s)) => {
                *ptr == s.as_ptr() as usize && *len == s.len()
            }
            (Stored::Text(text), Name::Text(s)) => &**text == s,
            (Stored::Object(v), Name::Object(w)) => v.is(w),
            _ => false,
        }
    }

    /// The cache of one thread. It lives as long as the thread (it is
    /// leaked: a thread-local without a destructor is reached without the
    /// lazy-initialization checks Rust adds for ones that need dropping).
    struct State {
        entries: Vec<Option<Entry>>,
        /// Slots filled since the last invalidation: emptied by it, so
        /// that stale entries do not keep their values alive.
        filled: Vec<usize>,
    }

    crate::gil_local! {
        static STATE: Cell<*mut State> = const { Cell::new(std::ptr::null_mut()) };
        /// Kept apart from the state: attribute caches read it on every
        /// access, and a constant-initialized cell is one load.
        static EPOCH: Cell<u64> = const { Cell::new(1) };
    }

    #[inline]
    fn state() -> *mut State {
        STATE.with(|s| {
            let mut p = s.get();
            if p.is_null() {
                p = Box::into_raw(Box::new(State {
                    entries: Vec::new(),
                    filled: Vec::new(),
                }));
                s.set(p);
            }
            p
        })
    }

    #[inline]
    pub(super) fn epoch() -> u64 {
        EPOCH.with(Cell::get)
    }

    pub(super) fn invalidate() {
        let p = state();
        // SAFETY: the state belongs to this thread, and nothing else uses it
        // while this runs (no code runs until the entries are dropped below).
        let dropped: Vec<Entry> = unsafe {
            let st = &mut *p;
            EPOCH.with(|e| e.set(e.get() + 1));
            // Too many fills to list: any slot may be filled.
            if st.filled.len() >= SLOTS {
                st.filled.clear();
                st.filled.extend(0..st.entries.len());
            }
            let slots: Vec<usize> = st.filled.drain(..).collect();
            slots
                .into_iter()
                .filter_map(|slot| st.entries.get_mut(slot).and_then(Option::take))
                .collect()
        };
        // Freeing may run code that looks names up again.
        drop(dropped);
    }

    pub(super) fn cached(
        ty: &TypeData,
        name: Name,
        hash: i64,
        heap_only: bool,
        compute: impl FnOnce() -> Option<Value>,
    ) -> Option<Value> {
        let key = ty as *const TypeData as usize;
        let slot = ((key >> 4) ^ (hash as usize) ^ usize::from(heap_only)) & (SLOTS - 1);
        let p = state();
        // SAFETY (each block below): the state belongs to this thread and no
        // reference into it outlives the block; `compute` (which may look
        // names up again) runs between blocks.
        let epoch = epoch();
        let hit = unsafe {
            let st = &*p;
            match st.entries.get(slot) {
                Some(Some(e))
                    if e.epoch == epoch
                        && e.ty == key
                        && e.hash == hash
                        && e.heap_only == heap_only
                        && same_name(&e.name, name) =>
                {
                    Some(e.value.clone())
                }
                _ => None,
            }
        };
        if let Some(v) = hit {
            return v;
        }
        let value = compute();
        // Only an unchanged epoch makes the answer cacheable.
        // SAFETY: as above; `compute` has returned, so no other reference
        // into the state is live.
        let old = unsafe {
            let st = &mut *p;
            if self::epoch() != epoch {
                return value;
            }
            if st.entries.is_empty() {
                st.entries.resize_with(SLOTS, || None);
            }
            if st.filled.len() < SLOTS {
                st.filled.push(slot);
            }
            st.entries[slot].replace(Entry {
                epoch,
                ty: key,
                hash,
                heap_only,
                name: match name {
                    Name::Static(s) => Stored::Static(s.as_ptr() as usize, s.len()),
                    Name::Text(s) => Stored::Text(s.into()),
                    Name::Object(v) => Stored::Object(v.clone()),
                },
                value: value.clone(),
            })
        };
        drop(old);
        value
    }
}

/// Whether `v` is an instance of `ty` (subclasses included).
pub fn isinstance(v: &Value, ty: &Value) -> bool {
    if v.is_exact(ty) {
        return true;
    }
    v.type_data().is_subtype(ty)
}

/// Whether `v` is a type object.
pub fn is_type(v: &Value) -> bool {
    v.downcast::<TypeData>().is_some()
}
