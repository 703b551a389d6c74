//! Attribute access: `getattr`, `setattr`, `delattr`, the method fast path
//! behind `LOAD_METHOD`, and descriptor binding (functions become bound
//! methods; `property`, `classmethod`, `staticmethod` and user descriptors
//! with `__get__`/`__set__` are honoured).

use std::borrow::Cow;

use crate::interp::str_of;
use crate::object::Value;
use crate::object::shape::Shape;
use crate::object::types::{InstanceData, Kind, Stored, TypeData, types};
use crate::objects::descr::{PropertyData, WrapperData};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::exceptions::ExceptionData;
use crate::objects::function::{BuiltinFunctionData, FunctionData, MethodData, new_method};
use crate::objects::module::ModuleData;
use crate::objects::str::{StrData, new_str};
use crate::vm::{PyResult, Vm};

fn name_str(name: &Value) -> &str {
    name.downcast::<StrData>().map(|s| s.as_str()).unwrap_or("")
}

/// What a call site of compiled code remembers about the attributes it
/// read (see `Vm::getattr_at` and `Vm::load_method_at`).
#[derive(Default)]
pub struct AttrSite {
    /// A few types (a site may see instances of several classes).
    entries: [AttrEntry; 4],
    /// The entry the next new type replaces.
    next: std::cell::Cell<usize>,
}

#[derive(Default)]
struct AttrEntry {
    ty: std::cell::Cell<u64>,
    epoch: std::cell::Cell<u64>,
    method: std::cell::RefCell<Option<Value>>,
    /// For reads and stores: the name is a slot of the type (`__slots__`),
    /// kept in the instance's storage under that name, rather than an
    /// entry of its `__dict__`.
    slot: std::cell::Cell<bool>,
    /// Where in the dict's entries the name was last found (a guess: see
    /// `DictTable::get_name_hinted`).
    hint: std::cell::Cell<u32>,
    /// For instances in shape form: a shape and where the name is in it.
    /// (Sites are per name: LOAD_ATTR and LOAD_METHOD of one name share
    /// them.)
    shape: std::cell::Cell<Option<&'static Shape>>,
    index: std::cell::Cell<u32>,
    /// For LOAD_METHOD: a shape known not to hold the name.
    unshadowed: std::cell::Cell<Option<&'static Shape>>,
    /// For stores that add the name: the shape before and after.
    add_from: std::cell::Cell<Option<&'static Shape>>,
    add_to: std::cell::Cell<Option<&'static Shape>>,
    /// For reads on a class itself (`C.name`, keyed by [`class_key`]):
    /// how `method`, what the class's MRO holds, becomes the result.
    class_read: std::cell::Cell<ClassRead>,
}

/// How a read of `C.name` turns what `C`'s MRO holds under `name` into
/// the result, as `type_getattr` does (remembered by sites for classes).
#[derive(Clone, Copy, Default)]
enum ClassRead {
    /// The value itself (a function, property, builtin function, the
    /// function of a staticmethod, or a value of a builtin class).
    #[default]
    Plain,
    /// The value itself while its class is still this one (an instance
    /// of a class statement, whose `__class__` could be reassigned to a
    /// class with `__get__`).
    Checked(u64),
    /// A classmethod's function, bound to the class.
    BindClass,
}

/// The key a site's entry for reads on class `ty` itself has: apart from
/// the keys of entries for instances (a class's own address, which is
/// even), since one site may see `C.name` and `instance_of_C.name`.
#[inline]
fn class_key(ty: &Value) -> u64 {
    ty.to_bits() | 1
}

/// How `C.name` reads `v`, what `C`'s MRO holds under `name`: the value
/// to return (or to bind to `C`) and how, or None for a descriptor of a
/// class statement whose `__get__` runs on every read.
fn class_read_of(v: &Value) -> Option<(Value, ClassRead)> {
    match v.kind() {
        Kind::ClassMethod => Some((
            v.downcast::<WrapperData>().expect("wrapper").func.clone(),
            ClassRead::BindClass,
        )),
        Kind::StaticMethod => Some((
            v.downcast::<WrapperData>().expect("wrapper").func.clone(),
            ClassRead::Plain,
        )),
        Kind::Function | Kind::Property | Kind::BuiltinFunction => {
            Some((v.clone(), ClassRead::Plain))
        }
        _ => {
            let vt = v.type_data();
            if !vt.is_heap {
                Some((v.clone(), ClassRead::Plain))
            } else if vt.lookup_static("__get__").is_some() {
                None
            } else {
                Some((v.clone(), ClassRead::Checked(v.class_id())))
            }
        }
    }
}

/// Whether the site's remembered shape `c` is `sh`.
#[inline(always)]
fn same_shape(c: Option<&'static Shape>, sh: &'static Shape) -> bool {
    c.is_some_and(|c| std::ptr::eq(c, sh))
}

impl AttrSite {
    /// The entry for type `ty` at `epoch`, if there is one.
    #[inline]
    fn find(&self, ty: u64, epoch: u64) -> Option<&AttrEntry> {
        self.entries
            .iter()
            .find(|e| e.ty.get() == ty && e.epoch.get() == epoch)
    }

    /// Remembers `ty` at `epoch` (with the method found, for LOAD_METHOD).
    fn remember(&self, ty: u64, epoch: u64, method: Option<Value>) -> &AttrEntry {
        // Entries of an older epoch are stale: reuse one of them first.
        let slot = self
            .entries
            .iter()
            .position(|e| e.epoch.get() != epoch)
            .unwrap_or_else(|| {
                let n = self.next.get();
                self.next.set((n + 1) % self.entries.len());
                n
            });
        let e = &self.entries[slot];
        e.ty.set(ty);
        e.epoch.set(epoch);
        e.slot.set(false);
        e.shape.set(None);
        e.unshadowed.set(None);
        e.add_from.set(None);
        e.add_to.set(None);
        e.class_read.set(ClassRead::Plain);
        let old = e.method.replace(method);
        drop(old);
        e
    }
}

impl AttrSite {
    /// Remembers `ty` (at `epoch`) for reads or stores of `name` on its
    /// instance `obj` when the name is an instance attribute: no class
    /// attribute of that name (the instance dict), or a slot stored under
    /// it. (The caller has ruled out `__getattribute__`/`__setattr__`.)
    fn remember_instance_attr(&self, ty: u64, epoch: u64, obj: &Value, name: &Value) {
        match obj.type_data().lookup_value(name) {
            None => {
                self.remember(ty, epoch, None);
            }
            Some(d) if is_own_slot(&d, name) => {
                self.remember(ty, epoch, None).slot.set(true);
            }
            Some(_) => {}
        }
    }
}

/// The storage a site's entry `e` reads and writes for `obj`, an instance
/// of the entry's type: the instance's own storage for a slot or when its
/// class has no slots, else the `__dict__` it shows.
#[inline]
fn site_storage<'a>(e: &AttrEntry, obj: &'a Value) -> Option<Cow<'a, Value>> {
    if reads_own_storage(e, obj) {
        obj.downcast::<InstanceData>()
            .map(|d| Cow::Borrowed(d.dict()))
    } else {
        instance_dict(obj)
    }
}

/// A site's read of `name` through entry `e` on `obj`, an instance of the
/// entry's type: None when the storage does not hold it (the caller takes
/// the generic path). The common case (a class without slots, or a slot)
/// is a few loads: the instance's dict, the entry at the hint.
#[inline(always)]
fn site_read(e: &AttrEntry, obj: &Value, name: &Value) -> Option<Value> {
    if reads_own_storage(e, obj) {
        let d = obj.downcast::<InstanceData>()?;
        if let Some(sh) = d.shape() {
            if same_shape(e.shape.get(), sh) {
                return d.value_at(e.index.get() as usize);
            }
            return site_read_shaped(e, d, sh, name);
        }
        let dd = d.dict_if_any()?.downcast::<DictData>()?;
        return dd.table.borrow().get_name_hinted(name, &e.hint);
    }
    site_read_visible(e, obj, name)
}

/// `site_read` of an instance in shape form on another shape than the
/// site's: the name looked up in the shape, which the site remembers.
#[inline(never)]
fn site_read_shaped(
    e: &AttrEntry,
    d: &InstanceData,
    sh: &'static Shape,
    name: &Value,
) -> Option<Value> {
    let i = sh.index_of(name)?;
    e.shape.set(Some(sh));
    e.index.set(i as u32);
    d.value_at(i)
}

/// The shape of `obj` when it is an instance in shape form of a class
/// without slots: its attributes are then exactly its shape's names (a
/// slotted class's storage also holds slots, and its `__dict__` apart).
#[inline]
fn plain_shape(obj: &Value) -> Option<&'static Shape> {
    let sh = obj.downcast::<InstanceData>()?.shape()?;
    (!obj.type_data().slotted.get()).then_some(sh)
}

/// Whether instance `obj` has its own attribute `name` (one that would
/// hide a method of its class).
#[inline]
fn shadowed(obj: &Value, name: &Value) -> bool {
    if let Some(sh) = plain_shape(obj) {
        return sh.index_of(name).is_some();
    }
    if obj.is_small() {
        return false;
    }
    if !matches!(
        obj.kind(),
        Kind::Object | Kind::Exception | Kind::Module | Kind::Type
    ) && (!obj.type_data().is_heap || !has_side_dict(obj))
    {
        // An instance of a builtin type has no attributes of its own; one
        // of a subclass has none until its side dict is made.
        return false;
    }
    instance_dict(obj).is_some_and(|dict| {
        dict.downcast::<DictData>()
            .is_some_and(|dd| dd.table.borrow().get_name(name).is_some())
    })
}

/// `site_read` through the `__dict__` a slotted class shows.
#[inline(never)]
fn site_read_visible(e: &AttrEntry, obj: &Value, name: &Value) -> Option<Value> {
    let d = site_storage(e, obj)?;
    let dd = d.downcast::<DictData>()?;
    dd.table.borrow().get_name_hinted(name, &e.hint)
}

/// Whether entry `e` reads and writes `obj`'s own storage (a slot, or a
/// class without slots) rather than the `__dict__` it shows.
#[inline(always)]
fn reads_own_storage(e: &AttrEntry, obj: &Value) -> bool {
    e.slot.get() || !obj.type_data().slotted.get()
}

/// Stores `name` in the shape-form storage of instance `obj` (of a class
/// without slots): Err(v) when `obj` is in dict form (or must go to it).
fn store_shaped(obj: &Value, name: &Value, v: Value) -> Result<(), Value> {
    let Some(d) = obj.downcast::<InstanceData>() else {
        return Err(v);
    };
    if plain_shape(obj).is_none() {
        return Err(v);
    }
    match d.shaped_set(name, v) {
        Ok(_) => Ok(()),
        Err(v) => {
            // To dict form, where the caller stores it.
            d.dict();
            Err(v)
        }
    }
}

/// Whether class attribute `d` is the descriptor of a slot (`__slots__`)
/// stored under `name` itself: reading or storing `name` on an instance is
/// then reading or storing its storage's entry `name`.
fn is_own_slot(d: &Value, name: &Value) -> bool {
    d.is_exact(&types().member_descriptor)
        && crate::object::slots::slot_name(d).is_some_and(|s| s == name_str(name))
}

/// The attribute dict of an object that has one. Instances of classes
/// derived from a builtin type other than `object` (a `class C(list)`) keep
/// theirs in a side table, created on first use and dropped with the object.
#[inline]
pub fn instance_dict(obj: &Value) -> Option<Cow<'_, Value>> {
    // (Before the raw storage is asked for: an instance in shape form
    // would convert to dict form for nothing.)
    if obj.kind() == Kind::Object {
        let td = obj.type_data();
        if td.slotted.get() && !td.has_dict.get() {
            return None;
        }
    }
    let raw = raw_instance_dict(obj)?;
    crate::object::slots::visible_dict(obj, raw)
}

/// The attribute storage of an object: its `__dict__`, or for instances
/// of slotted classes the storage of the slots (see `slots`).
#[inline]
pub fn raw_instance_dict(obj: &Value) -> Option<Cow<'_, Value>> {
    match obj.kind() {
        Kind::Object => obj
            .downcast::<InstanceData>()
            .map(|d| Cow::Borrowed(d.dict())),
        Kind::Exception => obj
            .downcast::<ExceptionData>()
            .map(|d| Cow::Borrowed(&d.dict)),
        Kind::Module => obj.downcast::<ModuleData>().map(|d| Cow::Borrowed(&d.dict)),
        Kind::Type => None,
        // (Slots of such instances are kept there too.)
        _ if !obj.is_small()
            && obj.type_data().is_heap
            && (obj.type_data().has_dict.get() || obj.type_data().slotted.get()) =>
        {
            Some(Cow::Owned(side_dict_slow(obj)))
        }
        _ => None,
    }
}

crate::gil_local! {
    /// Attribute dicts of builtin-subclass instances, by object address.
    static SIDE_DICTS: std::cell::RefCell<rustc_hash::FxHashMap<usize, Value>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Whether `obj` (an instance of a subclass of a builtin type other than
/// `object`) has had its side dict made.
fn has_side_dict(obj: &Value) -> bool {
    let key = obj.id() as usize;
    SIDE_DICTS.with(|m| m.borrow().contains_key(&key))
}

#[cold]
fn side_dict_slow(obj: &Value) -> Value {
    let key = obj.id() as usize;
    if let Some(d) = SIDE_DICTS.with(|m| m.borrow().get(&key).cloned()) {
        return d;
    }
    let d = new_dict(DictTable::new());
    SIDE_DICTS.with(|m| m.borrow_mut().insert(key, d.clone()));
    d
}

/// Forgets the side dict of an object being freed (called by the object
/// model for heap types whose instances are not `InstanceData`).
pub(crate) fn drop_side_dict(addr: usize) {
    // try_with: objects may be freed while thread-locals are torn down.
    let d = SIDE_DICTS
        .try_with(|m| m.try_borrow_mut().ok().and_then(|mut m| m.remove(&addr)))
        .ok()
        .flatten();
    drop(d);
}

fn is_data_descriptor(d: &Value) -> bool {
    match d.kind() {
        Kind::Property => true,
        _ => {
            let td = d.type_data();
            td.is_heap
                && (td.lookup_static("__set__").is_some()
                    || td.lookup_static("__delete__").is_some())
        }
    }
}

impl Vm {
    /// Binds a class attribute found on `ty` to `obj` (the descriptor protocol).
    pub fn bind_descriptor(&mut self, d: &Value, obj: &Value, ty: &Value) -> PyResult {
        match d.kind() {
            Kind::Function => Ok(new_method(d.clone(), obj.clone())),
            Kind::BuiltinFunction => {
                let bf = d.downcast::<BuiltinFunctionData>().expect("builtin");
                if bf.owner.is_some() && bf.bound.is_none() {
                    Ok(Value::alloc(
                        &types().builtin_function,
                        BuiltinFunctionData {
                            name: bf.name,
                            func: bf.func,
                            bound: Some(obj.clone()),
                            owner: bf.owner,
                            module: None,
                            owner_type: None,
                            no_args: bf.no_args,
                        },
                    ))
                } else {
                    Ok(d.clone())
                }
            }
            Kind::StaticMethod => Ok(d.downcast::<WrapperData>().expect("wrapper").func.clone()),
            Kind::ClassMethod => {
                let f = d.downcast::<WrapperData>().expect("wrapper").func.clone();
                Ok(new_method(f, ty.clone()))
            }
            Kind::Property => {
                let p = d.downcast::<PropertyData>().expect("property");
                let getter = p.fget.borrow().clone();
                match getter {
                    Some(g) => self.call(&g, std::slice::from_ref(obj), &[]),
                    None => Err(self.attribute_error("property has no getter")),
                }
            }
            _ => {
                let dt = d.class();
                if dt.type_data_of_type().is_heap
                    && let Some(get) = dt.type_data_of_type().lookup_static("__get__")
                {
                    return self.call(&get, &[d.clone(), obj.clone(), ty.clone()], &[]);
                }
                Ok(d.clone())
            }
        }
    }

    pub fn getattr_str(&mut self, obj: &Value, name: &str) -> PyResult {
        let n = new_str(name);
        self.getattr(obj, &n)
    }

    /// `obj.name`.
    pub fn getattr(&mut self, obj: &Value, name: &Value) -> PyResult {
        if let Some(ga) = self.user_method(obj, "__getattribute__") {
            let r = self.call_special(&ga, obj, std::slice::from_ref(name));
            return self.maybe_getattr_hook(obj, name, r);
        }
        let r = self.generic_getattr(obj, name);
        self.maybe_getattr_hook(obj, name, r)
    }

    fn maybe_getattr_hook(&mut self, obj: &Value, name: &Value, r: PyResult) -> PyResult {
        match r {
            Err(e) if e.matches(&types().exc.attribute_error) => {
                if let Some(hook) = self.user_method(obj, "__getattr__") {
                    return self.call_special(&hook, obj, std::slice::from_ref(name));
                }
                Err(e)
            }
            other => other,
        }
    }

    /// `object.__getattribute__`.
    pub fn generic_getattr(&mut self, obj: &Value, name: &Value) -> PyResult {
        let n = name_str(name);
        match obj.kind() {
            Kind::Type => return self.type_getattr(obj, name),
            Kind::Super => {
                if let Some(v) = crate::objects::descr_methods::super_getattr(self, obj, n)? {
                    return Ok(v);
                }
                if n == "__class__" {
                    return Ok(obj.class());
                }
                return Err(self.attribute_error(format!("'super' object has no attribute '{n}'")));
            }
            Kind::WeakRef if crate::objects::weakref::is_proxy(obj) => {
                let target = crate::objects::weakref::proxy_target(self, obj)?;
                return self.getattr(&target, name);
            }
            // Plain modules: the namespace first (the `module` type has no
            // data descriptors a module's own names could be shadowed by).
            // Instances of module subclasses take the generic path below.
            Kind::Module if !obj.type_data().is_heap => {
                let md = obj.downcast::<ModuleData>().expect("module");
                if let Some(v) = md
                    .dict
                    .downcast::<DictData>()
                    .and_then(|d| d.table.borrow().get_str(n))
                {
                    return Ok(v);
                }
                match n {
                    "__dict__" => return Ok(md.dict.clone()),
                    "__class__" => return Ok(obj.class()),
                    _ => {}
                }
                let ty = obj.class();
                if let Some(d) = ty.type_data_of_type().lookup_value(name) {
                    return self.bind_descriptor(&d, obj, &ty);
                }
                return self.module_missing(obj, name);
            }
            _ => {}
        }
        let ty = obj.class();
        // The name is a str object: its hash is computed once and cached.
        let hash = name
            .downcast::<crate::objects::str::StrData>()
            .map_or_else(|| crate::objects::str::hash_str(n), |s| s.hash());
        let descr = ty.type_data_of_type().lookup_value(name);
        if let Some(d) = &descr
            && is_data_descriptor(d)
        {
            return self.bind_descriptor(d, obj, &ty);
        }
        if let Some(d) = &descr
            && let Some(slot) = crate::object::slots::slot_name(d)
        {
            return crate::object::slots::get(self, obj, &slot);
        }
        if let Some(sh) = plain_shape(obj) {
            if let Some(i) = sh.index_of(name)
                && let Some(v) = obj.downcast::<InstanceData>().and_then(|d| d.value_at(i))
            {
                return Ok(v);
            }
        } else if let Some(dict) = instance_dict(obj) {
            if let Some(v) = dict
                .downcast::<DictData>()
                .and_then(|d| d.table.borrow().get_str_hashed(n, hash))
            {
                return Ok(v);
            }
        } else if obj.kind() == Kind::Function
            && let Some(fd) = obj.downcast::<FunctionData>()
            && let Some(d) = fd.dict.borrow().as_ref()
            && let Some(v) = d
                .downcast::<DictData>()
                .and_then(|d| d.table.borrow().get_str(n))
        {
            return Ok(v);
        }
        if let Some(d) = descr {
            let t = types();
            // The descriptors of builtin data attributes stand for what
            // builtin_attr reads.
            let builtin_data = d.is_exact(&t.getset_descriptor) || d.is_exact(&t.member_descriptor);
            if !builtin_data {
                return self.bind_descriptor(&d, obj, &ty);
            }
        }
        if let Some(v) = self.builtin_attr(obj, n)? {
            return Ok(v);
        }
        if obj.kind() == Kind::Module {
            if n == "__dict__" {
                return Ok(obj.downcast::<ModuleData>().expect("module").dict.clone());
            }
            return self.module_missing(obj, name);
        }
        if n == "__doc__" {
            // Every type has a docstring, None when it has none: an
            // instance of a builtin type reads its type's.
            return self.type_getattr(&ty, name);
        }
        Err(self.attribute_error(format!(
            "'{}' object has no attribute '{}'",
            obj.type_data().name,
            n
        )))
    }

    /// A name a module's namespace lacks: the module's `__getattr__`
    /// (PEP 562), else CPython's error.
    fn module_missing(&mut self, obj: &Value, name: &Value) -> PyResult {
        let md = obj.downcast::<ModuleData>().expect("module");
        if let Some(g) = md
            .dict
            .downcast::<DictData>()
            .and_then(|d| d.table.borrow().get_str("__getattr__"))
        {
            return self.call(&g, std::slice::from_ref(name), &[]);
        }
        let mname = crate::objects::module::module_name(obj);
        Err(self.attribute_error(format!(
            "module '{mname}' has no attribute '{}'",
            name_str(name)
        )))
    }

    fn type_getattr(&mut self, ty: &Value, name: &Value) -> PyResult {
        let n = name_str(name);
        let td = ty.type_data_of_type();
        // `type.__dict__` is a data descriptor of the metatype: it wins
        // over a `__dict__` descriptor the class keeps for its instances.
        if n == "__class__" {
            return Ok(ty.class());
        }
        if n == "__dict__" {
            return Ok(crate::objects::namespace::new_mappingproxy(new_dict(
                td.dict.borrow().clone(),
            )));
        }
        let found = if name.downcast::<StrData>().is_some() {
            td.lookup_value(name)
        } else {
            td.lookup(n)
        };
        if let Some(v) = found {
            return match class_read_of(&v) {
                Some((f, ClassRead::BindClass)) => Ok(new_method(f, ty.clone())),
                Some((x, _)) => Ok(x),
                None => {
                    let get = v
                        .type_data()
                        .lookup_static("__get__")
                        .expect("class_read_of saw __get__");
                    let none = types().none.clone();
                    self.call(&get, &[v, none, ty.clone()], &[])
                }
            };
        }
        let t = types();
        match n {
            "__name__" => {
                return Ok(match &*td.renamed.borrow() {
                    Some(n) => new_str(n),
                    None => new_str(&td.name),
                });
            }
            "__qualname__" => return Ok(new_str(&td.qualname.borrow())),
            "__mro__" => return Ok(crate::objects::tuple::new_tuple(td.mro.borrow().clone())),
            "__bases__" => {
                let bases = if td.bases.is_empty() {
                    Vec::new()
                } else {
                    td.bases.clone()
                };
                return Ok(crate::objects::tuple::new_tuple(bases));
            }
            "__base__" => return Ok(td.base.clone().unwrap_or_else(|| t.none.clone())),
            "__dict__" => {
                return Ok(crate::objects::namespace::new_mappingproxy(new_dict(
                    td.dict.borrow().clone(),
                )));
            }
            "__module__" => return Ok(new_str("builtins")),
            "__doc__" => return Ok(t.none.clone()),
            "__class__" => return Ok(ty.class()),
            _ => {}
        }
        // Methods defined on the metaclass.
        let meta = ty.class();
        if let Some(m) = meta.type_data_of_type().lookup(n) {
            return self.bind_descriptor(&m, ty, &meta);
        }
        Err(self.attribute_error(format!(
            "type object '{}' has no attribute '{}'",
            td.name, n
        )))
    }

    /// Attributes that builtin objects compute rather than store.
    fn builtin_attr(&mut self, obj: &Value, n: &str) -> PyResult<Option<Value>> {
        let t = types();
        if n == "__class__" {
            return Ok(Some(obj.class()));
        }
        if n == "__dict__"
            && let Some(d) = instance_dict(obj)
        {
            // Handed out: the collector follows it on its own from now on.
            let d = d.into_owned();
            crate::object::gc::track(&d);
            return Ok(Some(d));
        }
        if n == "__weakref__" && obj.type_data().is_heap && crate::object::slots::has_weakref(obj) {
            return Ok(Some(
                crate::objects::weakref::first_ref(obj).unwrap_or_else(|| t.none.clone()),
            ));
        }
        if obj.kind() == Kind::MemoryView {
            return crate::objects::memoryview::attr(self, obj, n);
        }
        if obj.kind() == Kind::Array
            && let Some(v) = crate::modules::array::attr(obj, n)
        {
            return Ok(Some(v));
        }
        if obj.kind() == Kind::Element
            && let Some(v) = crate::modules::elementtree::attr(obj, n)
        {
            return Ok(Some(v));
        }
        if obj.kind() == Kind::XmlParser
            && let Some(v) = crate::modules::elementtree::parser_attr(obj, n)
        {
            return Ok(Some(v));
        }
        Ok(match obj.kind() {
            Kind::DictView if n == "mapping" => obj
                .downcast::<crate::objects::dict::DictViewData>()
                .map(|d| crate::objects::namespace::new_mappingproxy(d.dict.clone())),
            Kind::WeakRef if n == "__callback__" => crate::objects::weakref::callback_of(obj),
            Kind::Deque if n == "maxlen" => crate::modules::collections::maxlen_of(obj),
            Kind::Function => {
                let fd = obj.downcast::<FunctionData>().expect("function");
                match n {
                    "__name__" => Some(fd.name.borrow().clone()),
                    "__qualname__" => Some(fd.qualname.borrow().clone()),
                    "__module__" => Some(fd.module.clone()),
                    "__doc__" => Some(fd.doc.borrow().clone()),
                    "__annotations__" => Some(
                        fd.annotations
                            .borrow_mut()
                            .get_or_insert_with(|| new_dict(DictTable::new()))
                            .clone(),
                    ),
                    "__defaults__" => Some(
                        fd.defaults
                            .borrow()
                            .clone()
                            .unwrap_or_else(|| t.none.clone()),
                    ),
                    "__kwdefaults__" => Some(
                        fd.kwdefaults
                            .borrow()
                            .clone()
                            .unwrap_or_else(|| t.none.clone()),
                    ),
                    "__globals__" => Some(fd.globals.clone()),
                    "__closure__" => Some(fd.closure.clone().unwrap_or_else(|| t.none.clone())),
                    "__dict__" => {
                        let mut d = fd.dict.borrow_mut();
                        Some(d.get_or_insert_with(|| new_dict(DictTable::new())).clone())
                    }
                    "__code__" => Some(Value::alloc(
                        &t.code,
                        crate::objects::function::CodeData {
                            code: fd.code.clone(),
                        },
                    )),
                    _ => None,
                }
            }
            Kind::Method => {
                let m = obj.downcast::<MethodData>().expect("method");
                match n {
                    "__self__" => Some(m.receiver.clone()),
                    "__func__" => Some(m.func.clone()),
                    _ => {
                        let f = m.func.clone();
                        return self.getattr_str(&f, n).map(Some).or(Ok(None));
                    }
                }
            }
            Kind::BuiltinFunction => {
                let b = obj.downcast::<BuiltinFunctionData>().expect("builtin");
                match n {
                    "__name__" => Some(new_str(b.name)),
                    "__qualname__" => Some(new_str(&match b.owner {
                        Some(o) => format!("{o}.{}", b.name),
                        None => b.name.to_string(),
                    })),
                    "__self__" => Some(b.bound.clone().unwrap_or_else(|| t.none.clone())),
                    "__objclass__" if b.bound.is_none() => b.owner_type.clone(),
                    "__doc__" => Some(t.none.clone()),
                    "__module__" => Some(match (&b.owner, &b.module) {
                        (None, Some(m)) => new_str(m),
                        (None, None) => new_str("builtins"),
                        _ => t.none.clone(),
                    }),
                    _ => None,
                }
            }
            Kind::Exception => crate::objects::exceptions::exception_attr(self, obj, n)?,
            Kind::Frame => crate::objects::frameobj::attr(obj, n),
            Kind::Code => {
                let c = obj
                    .downcast::<crate::objects::function::CodeData>()
                    .expect("code");
                match n {
                    "co_name" => Some(new_str(&c.code.code.name)),
                    "co_filename" => Some(new_str(&c.code.code.filename)),
                    "co_firstlineno" => Some(crate::objects::int::from_i64(i64::from(
                        c.code.code.first_line,
                    ))),
                    "co_argcount" => Some(crate::objects::int::from_i64(i64::from(
                        c.code.code.arg_count,
                    ))),
                    "co_varnames" => Some(crate::objects::tuple::new_tuple(
                        c.code.code.varnames.iter().map(|s| new_str(s)).collect(),
                    )),
                    "co_qualname" => Some(new_str(&c.code.code.qualname)),
                    "co_posonlyargcount" => Some(crate::objects::int::from_i64(i64::from(
                        c.code.code.posonly_count,
                    ))),
                    "co_kwonlyargcount" => Some(crate::objects::int::from_i64(i64::from(
                        c.code.code.kwonly_count,
                    ))),
                    "co_flags" => Some(crate::objects::int::from_i64(i64::from(c.code.code.flags))),
                    "co_nlocals" => Some(crate::objects::int::from_i64(
                        c.code.code.varnames.len() as i64
                    )),
                    "co_stacksize" => Some(crate::objects::int::from_i64(i64::from(
                        c.code.code.max_stack,
                    ))),
                    "co_names" => Some(crate::objects::tuple::new_tuple(
                        c.code.code.names.iter().map(|s| new_str(s)).collect(),
                    )),
                    "co_cellvars" => Some(crate::objects::tuple::new_tuple(
                        c.code.code.cellvars.iter().map(|s| new_str(s)).collect(),
                    )),
                    "co_freevars" => Some(crate::objects::tuple::new_tuple(
                        c.code.code.freevars.iter().map(|s| new_str(s)).collect(),
                    )),
                    "co_consts" => Some(crate::objects::tuple::new_tuple(c.code.consts.clone())),
                    _ => None,
                }
            }
            _ => crate::builtins::value_attr(self, obj, n)?,
        })
    }

    /// `LOAD_METHOD`: `(function, true)` when `name` is a plain method found on
    /// the type (the caller passes `obj` as self), else `(attribute, false)`.
    /// `obj.name` for a call site of compiled code that remembers, in
    /// `site`, a type whose instances hold this attribute in their dict
    /// only (no class attribute of that name, no `__getattribute__`): for
    /// another instance of it, at the same lookup epoch, the dict is all
    /// there is to read.
    #[inline]
    pub fn getattr_at(&mut self, site: &AttrSite, obj: &Value, name: &Value) -> PyResult {
        // (Entries are made for classes whose instances are `Kind::Object`
        // only, so a matching class says what the object is.)
        if let Some(e) = site.find(obj.class_id(), crate::object::types::lookup_epoch())
            && let Some(v) = site_read(e, obj, name)
        {
            return Ok(v);
        }
        self.getattr_at_slow(site, obj, name)
    }

    #[inline(never)]
    fn getattr_at_slow(&mut self, site: &AttrSite, obj: &Value, name: &Value) -> PyResult {
        if obj.kind() == Kind::Element
            && let Some(v) = crate::modules::elementtree::exact_attr(obj, name_str(name))
        {
            return Ok(v);
        }
        if obj.kind() == Kind::Type {
            return match self.class_site_read(site, obj, name) {
                Some((f, true)) => Ok(new_method(f, obj.clone())),
                Some((v, false)) => Ok(v),
                None => self.getattr(obj, name),
            };
        }
        if obj.kind() == Kind::Object {
            let ty = obj.class_id();
            let epoch = crate::object::types::lookup_epoch();
            if site.find(ty, epoch).is_none() && self.user_method(obj, "__getattribute__").is_none()
            {
                site.remember_instance_attr(ty, epoch, obj, name);
            }
        }
        self.getattr(obj, name)
    }

    /// `load_method` for a call site of compiled code that remembers, in
    /// `site`, the plain method instances of a type get at a lookup epoch
    /// (still checked against the instance's dict).
    pub fn load_method_at(
        &mut self,
        site: &AttrSite,
        obj: &Value,
        name: &Value,
    ) -> PyResult<(Value, bool)> {
        // (Classes, modules and super objects answer methods through
        // their getattr; a site remembers methods of other receivers.)
        let cacheable = !matches!(obj.kind(), Kind::Type | Kind::Module | Kind::Super);
        if cacheable
            && let Some(entry) = site.find(obj.class_id(), crate::object::types::lookup_epoch())
            && let Some(m) = &*entry.method.borrow()
        {
            // An instance in shape form: its shape says whether the name
            // is shadowed, and the site remembers a shape that does not.
            if let Some(sh) = plain_shape(obj) {
                if same_shape(entry.unshadowed.get(), sh) || sh.index_of(name).is_none() {
                    entry.unshadowed.set(Some(sh));
                    return Ok((m.clone(), true));
                }
            } else if !shadowed(obj, name) {
                return Ok((m.clone(), true));
            }
        }
        self.load_method_at_slow(site, obj, name, cacheable)
    }

    /// The entry of `site` for reads of `name` on class `obj` itself,
    /// made now if the read can be remembered: the metaclass does not
    /// override `__getattribute__`, and the class's MRO holds the name
    /// (else the metaclass is asked) as something other than a
    /// descriptor with a `__get__` of its own.
    /// `C.name` for class `obj` as `site` remembers it: the value, and
    /// whether it is a classmethod's function to bind to `C`. None when
    /// the read cannot be remembered (or the remembered value's class
    /// changed): the caller takes the generic path.
    fn class_site_read(
        &mut self,
        site: &AttrSite,
        obj: &Value,
        name: &Value,
    ) -> Option<(Value, bool)> {
        let e = self.class_site_entry(site, obj, name)?;
        let v = e.method.borrow().clone()?;
        match e.class_read.get() {
            ClassRead::Plain => Some((v, false)),
            ClassRead::Checked(c) => (v.class_id() == c).then_some((v, false)),
            ClassRead::BindClass => Some((v, true)),
        }
    }

    fn class_site_entry<'s>(
        &mut self,
        site: &'s AttrSite,
        obj: &Value,
        name: &Value,
    ) -> Option<&'s AttrEntry> {
        let key = class_key(obj);
        let epoch = crate::object::types::lookup_epoch();
        if let Some(e) = site.find(key, epoch) {
            return Some(e);
        }
        if self.user_method(obj, "__getattribute__").is_some() {
            return None;
        }
        let n = name.downcast::<StrData>()?.as_str();
        if n == "__class__" || n == "__dict__" {
            return None;
        }
        let v = obj.type_data_of_type().lookup_value(name)?;
        let (v, how) = class_read_of(&v)?;
        let e = site.remember(key, epoch, Some(v));
        e.class_read.set(how);
        Some(e)
    }

    #[inline(never)]
    fn load_method_at_slow(
        &mut self,
        site: &AttrSite,
        obj: &Value,
        name: &Value,
        cacheable: bool,
    ) -> PyResult<(Value, bool)> {
        if obj.kind() == Kind::Type {
            // `C.method(...)`: a classmethod's function is called with
            // the class first, as the bound method would (none is made).
            return match self.class_site_read(site, obj, name) {
                Some(r) => Ok(r),
                None => self.load_method(obj, name),
            };
        }
        let r = self.load_method(obj, name)?;
        if cacheable && r.1 {
            site.remember(
                obj.class_id(),
                crate::object::types::lookup_epoch(),
                Some(r.0.clone()),
            );
        }
        Ok(r)
    }

    pub fn load_method(&mut self, obj: &Value, name: &Value) -> PyResult<(Value, bool)> {
        let kind = obj.kind();
        if kind != Kind::Type && kind != Kind::Module && kind != Kind::Super {
            let td = obj.type_data();
            let has_ga = td.is_heap && self.user_method(obj, "__getattribute__").is_some();
            if !has_ga {
                let _n = name_str(name);
                if let Some(d) = td.lookup_value(name) {
                    let plain = match d.kind() {
                        Kind::Function => true,
                        Kind::BuiltinFunction => d
                            .downcast::<BuiltinFunctionData>()
                            .is_some_and(|b| b.owner.is_some() && b.bound.is_none()),
                        _ => false,
                    };
                    if plain && !shadowed(obj, name) {
                        return Ok((d, true));
                    }
                }
            }
        }
        Ok((self.getattr(obj, name)?, false))
    }

    pub fn setattr_str(&mut self, obj: &Value, name: &str, v: Value) -> PyResult<()> {
        let n = new_str(name);
        self.setattr(obj, &n, v)
    }

    /// `setattr` for a site that remembers, in `site`, the types whose
    /// instances take the attribute straight into their dict (no
    /// `__setattr__` of their own, no descriptor of that name) at a lookup
    /// epoch. A site used for stores is never used for reads.
    #[inline]
    pub fn setattr_at(
        &mut self,
        site: &AttrSite,
        obj: &Value,
        name: &Value,
        v: Value,
    ) -> PyResult<()> {
        // (As in `getattr_at`: a matching class says the object's kind.)
        if let Some(e) = site.find(obj.class_id(), crate::object::types::lookup_epoch()) {
            if reads_own_storage(e, obj)
                && let Some(d) = obj.downcast::<InstanceData>()
                && let Some(sh) = d.shape()
            {
                let v = if same_shape(e.shape.get(), sh) {
                    match d.replace_at(e.index.get() as usize, v) {
                        Ok(old) => {
                            drop(old);
                            return Ok(());
                        }
                        Err(v) => v,
                    }
                } else if same_shape(e.add_from.get(), sh)
                    && let Some(to) = e.add_to.get()
                {
                    match d.push_at(sh, to, v) {
                        Ok(()) => return Ok(()),
                        Err(v) => v,
                    }
                } else {
                    v
                };
                return self.setattr_shaped(e, d, name, v);
            }
            if let Some(dict) = site_storage(e, obj)
                && let Some(dd) = dict.downcast::<DictData>()
            {
                return crate::objects::dict::set_name_hinted(self, &dd.table, name, v, &e.hint);
            }
        }
        self.setattr_at_slow(site, obj, name, v)
    }

    /// `setattr_at` of an instance in shape form that the site's shapes do
    /// not describe: the store through the shape (remembered by the site),
    /// or in dict form.
    #[inline(never)]
    fn setattr_shaped(
        &mut self,
        e: &AttrEntry,
        d: &InstanceData,
        name: &Value,
        v: Value,
    ) -> PyResult<()> {
        match d.shaped_set(name, v) {
            Ok(Stored::Replaced(i)) => {
                e.shape.set(d.shape());
                e.index.set(i as u32);
                Ok(())
            }
            Ok(Stored::Added(from, to)) => {
                e.add_from.set(Some(from));
                e.add_to.set(Some(to));
                Ok(())
            }
            Err(v) => {
                let dict = d.dict().clone();
                let dd = dict
                    .downcast::<DictData>()
                    .expect("instance dicts are dicts");
                crate::objects::dict::set_name_hinted(self, &dd.table, name, v, &e.hint)
            }
        }
    }

    #[inline(never)]
    fn setattr_at_slow(
        &mut self,
        site: &AttrSite,
        obj: &Value,
        name: &Value,
        v: Value,
    ) -> PyResult<()> {
        if obj.kind() == Kind::Object {
            let ty = obj.class_id();
            let epoch = crate::object::types::lookup_epoch();
            if site.find(ty, epoch).is_none()
                && self.user_method(obj, "__setattr__").is_none()
                && name_str(name) != "__dict__"
            {
                site.remember_instance_attr(ty, epoch, obj, name);
            }
        }
        self.setattr(obj, name, v)
    }

    /// `obj.name = v`.
    pub fn setattr(&mut self, obj: &Value, name: &Value, v: Value) -> PyResult<()> {
        if obj.kind() == Kind::WeakRef && crate::objects::weakref::is_proxy(obj) {
            let target = crate::objects::weakref::proxy_target(self, obj)?;
            return self.setattr(&target, name, v);
        }
        if let Some(sa) = self.user_method(obj, "__setattr__") {
            self.call_special(&sa, obj, &[name.clone(), v])?;
            return Ok(());
        }
        let n = name_str(name);
        if n.len() == 8
            && n == "__dict__"
            && obj
                .type_data()
                .lookup_value(name)
                .is_none_or(|d| d.is_exact(&types().getset_descriptor))
        {
            return self.set_instance_dict(obj, v);
        }
        // Fast path: a plain instance whose class has no descriptor for the name.
        if obj.kind() == Kind::Object && obj.type_data().lookup_value(name).is_none() {
            let v = match store_shaped(obj, name, v) {
                Ok(()) => return Ok(()),
                Err(v) => v,
            };
            if let Some(dict) = instance_dict(obj)
                && let Some(dd) = dict.downcast::<DictData>()
            {
                return crate::objects::dict::set(self, &dd.table, name.clone(), v);
            }
            let n = name_str(name).to_string();
            return self.generic_setattr(obj, &n, v);
        }
        let n = name_str(name).to_string();
        self.generic_setattr(obj, &n, v)
    }

    /// `object.__setattr__`.
    pub fn generic_setattr(&mut self, obj: &Value, n: &str, v: Value) -> PyResult<()> {
        if n == "__class__" && obj.kind() != Kind::Type {
            return crate::object::slots::set_class(self, obj, &v);
        }
        // `object.__setattr__(obj, '__dict__', d)`, as `obj.__dict__ = d`.
        if n == "__dict__"
            && obj.kind() != Kind::Type
            && obj
                .type_data()
                .lookup_static("__dict__")
                .is_none_or(|d| d.is_exact(&types().getset_descriptor))
        {
            return self.set_instance_dict(obj, v);
        }
        let read_only = match obj.kind() {
            Kind::Array if matches!(n, "typecode" | "itemsize") => Some("array.array"),
            Kind::MemoryView if crate::objects::memoryview::ATTRIBUTES.contains(&n) => {
                Some("memoryview")
            }
            Kind::XmlParser if crate::modules::elementtree::parser_readonly(obj, n) => {
                Some("xml.etree.ElementTree.XMLParser")
            }
            _ => None,
        };
        if let Some(owner) = read_only {
            return Err(self.attribute_error(format!(
                "attribute '{n}' of '{owner}' objects is not writable"
            )));
        }
        match obj.kind() {
            Kind::Property if n == "__doc__" => {
                let p = obj.downcast::<PropertyData>().expect("property");
                *p.doc.borrow_mut() = Some(v);
                return Ok(());
            }
            Kind::Type => {
                let td = obj.type_data_of_type();
                // Native extension types (`objects::native`) are immutable
                // as CPython's static and extension types are.
                if !td.is_heap
                    || td.kind == Kind::Native
                    || crate::modules::elementtree::is_module_type(obj)
                {
                    return Err(self.type_error(format!(
                        "cannot set '{n}' attribute of immutable type '{}'",
                        td.name
                    )));
                }
                if n == "__class__" {
                    // (A class's metaclass: object's `__class__` setter.)
                    return crate::object::slots::set_class(self, obj, &v);
                }
                if n == "__qualname__" {
                    if v.kind() != Kind::Str {
                        return Err(self.type_error(format!(
                            "can only assign string to {}.__qualname__, not '{}'",
                            td.name,
                            v.type_data().name
                        )));
                    }
                    *td.qualname.borrow_mut() = str_of(&v);
                    return Ok(());
                }
                if n == "__name__" {
                    if v.kind() != Kind::Str {
                        return Err(self.type_error(format!(
                            "can only assign string to {}.__name__, not '{}'",
                            td.name,
                            v.type_data().name
                        )));
                    }
                    *td.renamed.borrow_mut() = Some(str_of(&v));
                    return Ok(());
                }
                td.set_attr(n, v);
                if n == "__del__" {
                    crate::object::finalize::mark_class(obj);
                }
                return Ok(());
            }
            Kind::Function => {
                let fd = obj.downcast::<FunctionData>().expect("function");
                match n {
                    "__name__" => *fd.name.borrow_mut() = v,
                    "__qualname__" => *fd.qualname.borrow_mut() = v,
                    "__doc__" => *fd.doc.borrow_mut() = v,
                    "__annotations__" => *fd.annotations.borrow_mut() = Some(v),
                    "__code__" => crate::objects::complex::set_function_code(self, fd, &v)?,
                    "__defaults__" => {
                        if !v.is(&types().none) && v.kind() != Kind::Tuple {
                            return Err(
                                self.type_error("__defaults__ must be set to a tuple object")
                            );
                        }
                        *fd.defaults.borrow_mut() = if v.is(&types().none) { None } else { Some(v) }
                    }
                    "__kwdefaults__" => {
                        if !v.is(&types().none) && v.kind() != Kind::Dict {
                            return Err(
                                self.type_error("__kwdefaults__ must be set to a dict object")
                            );
                        }
                        *fd.kwdefaults.borrow_mut() =
                            if v.is(&types().none) { None } else { Some(v) }
                    }
                    _ => {
                        let d = fd
                            .dict
                            .borrow_mut()
                            .get_or_insert_with(|| new_dict(DictTable::new()))
                            .clone();
                        d.downcast::<DictData>()
                            .expect("dict")
                            .table
                            .borrow_mut()
                            .set_str(n, v);
                    }
                }
                return Ok(());
            }
            Kind::Exception
                if crate::objects::exceptions::set_exception_attr(self, obj, n, &v)? =>
            {
                return Ok(());
            }
            // (A class derived from Element may define its own descriptor.)
            Kind::Element
                if obj
                    .class()
                    .type_data_of_type()
                    .lookup(n)
                    .is_none_or(|d| d.is_exact(&types().getset_descriptor))
                    && crate::modules::elementtree::set_attr(self, obj, n, &v)? =>
            {
                return Ok(());
            }
            _ => {}
        }
        let ty = obj.class();
        if let Some(d) = ty.type_data_of_type().lookup(n) {
            if let Some(slot) = crate::object::slots::slot_name(&d) {
                return crate::object::slots::set(self, obj, &slot, v);
            }
            if let Some(p) = d.downcast::<PropertyData>() {
                let setter = p.fset.borrow().clone();
                return match setter {
                    Some(s) => {
                        self.call(&s, &[obj.clone(), v], &[])?;
                        Ok(())
                    }
                    None => Err(self.attribute_error(format!(
                        "property '{n}' of '{}' object has no setter",
                        obj.type_data().name
                    ))),
                };
            }
            let dt = d.class();
            if dt.type_data_of_type().is_heap
                && let Some(set) = dt.type_data_of_type().lookup_static("__set__")
            {
                self.call(&set, &[d.clone(), obj.clone(), v], &[])?;
                return Ok(());
            }
        }
        let key = new_str(n);
        let v = match store_shaped(obj, &key, v) {
            Ok(()) => return Ok(()),
            Err(v) => v,
        };
        match instance_dict(obj) {
            Some(dict) => {
                let dd = dict.downcast::<DictData>().expect("dict");
                crate::objects::dict::set(self, &dd.table, key, v)
            }
            None => Err(self.attribute_error(format!(
                "'{}' object has no attribute '{}'",
                obj.type_data().name,
                n
            ))),
        }
    }

    /// `obj.__dict__ = d`: the object's attributes are `d` from then on
    /// (shared with whoever else holds it, as in CPython).
    fn set_instance_dict(&mut self, obj: &Value, v: Value) -> PyResult<()> {
        let Some(dict) = instance_dict(obj).map(|d| d.into_owned()) else {
            return Err(self.attribute_error(format!(
                "'{}' object has no attribute '__dict__'",
                obj.type_data().name
            )));
        };
        if v.downcast::<DictData>().is_none() {
            return Err(self.type_error(format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                v.type_data().name
            )));
        }
        if dict.is(&v) {
            return Ok(());
        }
        if obj.type_data().slotted.get() {
            crate::object::slots::replace_slotted_dict(obj, v);
            return Ok(());
        }
        if let Some(d) = obj.downcast::<InstanceData>() {
            d.replace_dict(v);
            return Ok(());
        }
        if !matches!(obj.kind(), Kind::Exception | Kind::Module) {
            // Instances of classes derived from builtin types: side dicts.
            let key = obj.id() as usize;
            let old = SIDE_DICTS.with(|m| m.borrow_mut().insert(key, v));
            drop(old);
            return Ok(());
        }
        // Exceptions keep their dict in place: its items are replaced.
        let items = v
            .downcast::<DictData>()
            .expect("checked")
            .table
            .borrow()
            .items();
        let dd = dict
            .downcast::<DictData>()
            .expect("instance dicts are dicts");
        dd.table.borrow_mut().clear();
        for (k, val) in items {
            crate::objects::dict::set(self, &dd.table, k, val)?;
        }
        Ok(())
    }

    /// `del obj.name`.
    pub fn delattr(&mut self, obj: &Value, name: &Value) -> PyResult<()> {
        if obj.kind() == Kind::WeakRef && crate::objects::weakref::is_proxy(obj) {
            let target = crate::objects::weakref::proxy_target(self, obj)?;
            return self.delattr(&target, name);
        }
        let n = name_str(name).to_string();
        if let Some(da) = self.user_method(obj, "__delattr__") {
            self.call_special(&da, obj, std::slice::from_ref(name))?;
            return Ok(());
        }
        if obj.kind() == Kind::Type {
            let td = obj.type_data_of_type();
            if td.is_heap && td.dict_mut().del_str(&n).is_some() {
                td.version.set(td.version.get() + 1);
                return Ok(());
            }
            return Err(
                self.attribute_error(format!("type object '{}' has no attribute '{n}'", td.name))
            );
        }
        let ty = obj.class();
        if let Some(d) = ty.type_data_of_type().lookup(&n) {
            if let Some(slot) = crate::object::slots::slot_name(&d) {
                return crate::object::slots::delete(self, obj, &slot);
            }
            if let Some(p) = d.downcast::<PropertyData>() {
                let deleter = p.fdel.borrow().clone();
                return match deleter {
                    Some(dl) => {
                        self.call(&dl, std::slice::from_ref(obj), &[])?;
                        Ok(())
                    }
                    None => Err(self.attribute_error(format!(
                        "property '{n}' of '{}' object has no deleter",
                        obj.type_data().name
                    ))),
                };
            }
            let dt = d.class();
            if dt.type_data_of_type().is_heap
                && let Some(del) = dt.type_data_of_type().lookup_static("__delete__")
            {
                self.call(&del, &[d.clone(), obj.clone()], &[])?;
                return Ok(());
            }
        }
        if let Some(dict) = instance_dict(obj)
            && dict
                .downcast::<DictData>()
                .is_some_and(|d| d.table.borrow_mut().del_str(&n).is_some())
        {
            return Ok(());
        }
        Err(self.attribute_error(format!(
            "'{}' object has no attribute '{}'",
            obj.type_data().name,
            n
        )))
    }

    /// `hasattr`-style lookup: None when missing (AttributeError swallowed).
    pub fn lookup_attr(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        match self.getattr_str(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.matches(&types().exc.attribute_error) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Whether `v` is a type whose instances are `TypeData` (a class).
pub fn type_data(v: &Value) -> Option<&TypeData> {
    v.downcast::<TypeData>()
}
