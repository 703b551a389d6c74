//! The object model's foundation: the one-word [`Value`], the `#[repr(C)]`
//! object header, allocation, reference counting and downcasting.
//!
//! Layout (the JIT takes its offsets, masks and tags from [`layout`]):
//! - A `Value` is 64 bits. If bit 0 is set, the value is a small int stored
//!   inline as `i << 1 | 1` (range [`SMALL_MIN`, `SMALL_MAX`]). Otherwise it
//!   is a non-null pointer to a heap object.
//! - A heap object is a [`PyObj<T>`]: an [`ObjHeader`] (reference count at
//!   offset 0, type pointer at offset 8) followed by the type's payload `T`.
//!
//! The `unsafe` code of values (raw bits, reference counts, downcasts)
//! lives in this file; the collector (`gc.rs`) and the type attribute cache
//! (`types.rs`) have the rest of the object model's. Outside them, values
//! are handled through safe methods: `clone` increments the reference
//! count, `drop` decrements it and frees the object at zero.

pub mod finalize;
pub mod gc;
pub mod layout;
pub mod shape;
pub mod slots;
pub mod types;

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::object::types::{Kind, TypeData};

/// Hashes object ids (addresses), for maps and sets keyed by identity: a
/// multiply spreads their bits (SipHash would cost more than the lookup).
#[derive(Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// The hasher of [`IdHasher`] maps and sets.
pub type IdBuildHasher = std::hash::BuildHasherDefault<IdHasher>;

/// Smallest int stored inline.
pub const SMALL_MIN: i64 = -(1 << 62);
/// Largest int stored inline.
pub const SMALL_MAX: i64 = (1 << 62) - 1;

/// A bit of the reference count: set once a weak reference to the object
/// has been made, so that freeing it clears those references (the count
/// proper is the word without this bit).
const WEAKLY_REFERENCED: usize = 1 << 62;

/// A bit of the reference count: the object's finalizer has run (or been
/// queued), so that it runs at most once (PEP 442).
const FINALIZED: usize = 1 << 61;

/// The reference count proper, without the flag bits.
const COUNT: usize = !(WEAKLY_REFERENCED | FINALIZED);

/// The header every heap object starts with.
#[repr(C)]
pub struct ObjHeader {
    /// Offset 0: the reference count.
    refcnt: Cell<usize>,
    /// Offset 8: the object's type; a strong reference.
    ty: Cell<*const PyObj<TypeData>>,
}

/// A heap object: header, then payload.
#[repr(C)]
pub struct PyObj<T> {
    pub header: ObjHeader,
    pub data: T,
}

/// A payload type and the kinds of object that carry it.
pub trait Payload: Sized + 'static {
    fn matches(kind: Kind) -> bool;
}

/// A Python value: a small int or a counted reference to a heap object.
#[repr(transparent)]
pub struct Value {
    bits: NonNull<ObjHeader>,
    _not_send: PhantomData<*const ()>,
}

impl Value {
    #[inline]
    fn raw(&self) -> usize {
        self.bits.as_ptr() as usize
    }

    /// The raw 64-bit representation (for the JIT and `id()`).
    #[inline]
    pub fn to_bits(&self) -> u64 {
        self.raw() as u64
    }

    /// The value whose raw representation is `bits`, borrowed: no
    /// reference is taken, and none is given up when the result is dropped.
    ///
    /// # Safety
    /// `bits` must come from [`Value::to_bits`] of a value that stays alive
    /// while the result is used.
    #[inline]
    pub unsafe fn borrow_bits(bits: u64) -> std::mem::ManuallyDrop<Value> {
        std::mem::ManuallyDrop::new(Value {
            // SAFETY: a live value's bits are never zero.
            bits: unsafe { NonNull::new_unchecked(bits as usize as *mut ObjHeader) },
            _not_send: PhantomData,
        })
    }

    /// A small int if it fits the inline range.
    #[inline]
    pub fn small(i: i64) -> Option<Value> {
        if (SMALL_MIN..=SMALL_MAX).contains(&i) {
            let bits = ((i << 1) | 1) as usize;
            // SAFETY: bit 0 is set, so the word is non-null; it is never dereferenced.
            Some(Value {
                bits: unsafe { NonNull::new_unchecked(bits as *mut ObjHeader) },
                _not_send: PhantomData,
            })
        } else {
            None
        }
    }

    #[inline]
    pub fn is_small(&self) -> bool {
        self.raw() & 1 == 1
    }

    #[inline]
    pub fn as_small(&self) -> Option<i64> {
        if self.is_small() {
            Some((self.raw() as i64) >> 1)
        } else {
            None
        }
    }

    #[inline]
    fn header(&self) -> Option<&ObjHeader> {
        if self.is_small() {
            None
        } else {
            // SAFETY: a non-small value always points to a live object that
            // this reference keeps alive.
            Some(unsafe { self.bits.as_ref() })
        }
    }

    /// Allocates a new object of type `ty` (a type object) with payload `data`.
    pub fn alloc<T: Payload>(ty: &Value, data: T) -> Value {
        if ty.type_data_of_type().gc_tracked {
            return Self::alloc_gc(ty, data);
        }
        let tptr = ty.bits.as_ptr() as *const PyObj<TypeData>;
        ty.incref();
        let boxed = Box::new(PyObj {
            header: ObjHeader {
                refcnt: Cell::new(1),
                ty: Cell::new(tptr),
            },
            data,
        });
        let p = Box::into_raw(boxed) as *mut ObjHeader;
        // SAFETY: Box::into_raw never returns null.
        Value {
            bits: unsafe { NonNull::new_unchecked(p) },
            _not_send: PhantomData,
        }
    }

    /// Allocates a container the cycle collector follows: behind a
    /// [`crate::object::gc::GcLink`] that puts it on the collector's list.
    pub fn alloc_gc<T: Payload>(ty: &Value, data: T) -> Value {
        Self::alloc_gc_with(ty, data, true)
    }

    /// Allocates a container with a collector link that is not put on the
    /// collector's list yet (see `gc::track`).
    pub fn alloc_gc_untracked<T: Payload>(ty: &Value, data: T) -> Value {
        Self::alloc_gc_with(ty, data, false)
    }

    fn alloc_gc_with<T: Payload>(ty: &Value, data: T, track: bool) -> Value {
        let tptr = ty.bits.as_ptr() as *const PyObj<TypeData>;
        ty.incref();
        let boxed = Box::new(crate::object::gc::GcBox {
            link: crate::object::gc::GcLink::new(),
            obj: PyObj {
                header: ObjHeader {
                    refcnt: Cell::new(1),
                    ty: Cell::new(tptr),
                },
                data,
            },
        });
        let b = Box::into_raw(boxed);
        // SAFETY: the box is live; its link is linked at most once, here.
        unsafe {
            if track {
                crate::object::gc::link(&raw mut (*b).link);
            }
            let p = &raw mut (*b).obj as *mut ObjHeader;
            Value {
                bits: NonNull::new_unchecked(p),
                _not_send: PhantomData,
            }
        }
    }

    /// Allocates an object that is never freed (builtin types, singletons).
    /// It has a collector link (never put on the list), so that every
    /// object of a collected type has one, whichever way it was made.
    pub fn alloc_immortal<T: Payload>(ty: Option<&Value>, data: T) -> Value {
        let tptr = ty.map_or(std::ptr::null(), |t| {
            t.bits.as_ptr() as *const PyObj<TypeData>
        });
        let boxed = Box::new(crate::object::gc::GcBox {
            link: crate::object::gc::GcLink::new(),
            obj: PyObj {
                header: ObjHeader {
                    refcnt: Cell::new(1 << 40),
                    ty: Cell::new(tptr),
                },
                data,
            },
        });
        let b = Box::into_raw(boxed);
        // SAFETY: Box::into_raw never returns null.
        unsafe {
            let p = &raw mut (*b).obj as *mut ObjHeader;
            Value {
                bits: NonNull::new_unchecked(p),
                _not_send: PhantomData,
            }
        }
    }

    /// Makes `ty` the object's type (`obj.__class__ = ty`, layouts checked
    /// by the caller).
    pub fn set_class(&self, ty: &Value) {
        if let Some(h) = self.header() {
            ty.incref();
            let old = h.ty.replace(ty.bits.as_ptr() as *const PyObj<TypeData>);
            // SAFETY: the object held a strong reference to its old type.
            drop(Value {
                bits: unsafe { NonNull::new_unchecked(old as *mut ObjHeader) },
                _not_send: PhantomData,
            });
        }
    }

    /// Points an immortal object's type at `ty` (bootstrapping `type`/`object`).
    pub fn set_type_immortal(&self, ty: &Value) {
        if let Some(h) = self.header() {
            h.ty.set(ty.bits.as_ptr() as *const PyObj<TypeData>);
        }
    }

    #[inline]
    fn incref(&self) {
        if let Some(h) = self.header() {
            h.refcnt.set(h.refcnt.get() + 1);
        }
    }

    /// Records that a weak reference to this object exists (see
    /// `modules::weakref`): its death will be reported.
    pub fn mark_weakly_referenced(&self) {
        if let Some(h) = self.header() {
            h.refcnt.set(h.refcnt.get() | WEAKLY_REFERENCED);
        }
    }

    /// Whether the object's finalizer has run (or been queued).
    pub fn is_finalized(&self) -> bool {
        self.header()
            .is_some_and(|h| h.refcnt.get() & FINALIZED != 0)
    }

    /// Records that the object's finalizer has run.
    pub fn mark_finalized(&self) {
        if let Some(h) = self.header() {
            h.refcnt.set(h.refcnt.get() | FINALIZED);
        }
    }

    /// The current reference count (small ints report a large constant).
    pub fn refcount(&self) -> usize {
        self.header().map_or(1 << 30, |h| h.refcnt.get() & COUNT)
    }

    /// The type's data. Small ints answer the int type.
    #[inline]
    pub fn type_data(&self) -> &TypeData {
        match self.header() {
            // SAFETY: an object's type pointer is a strong reference to a live type object.
            Some(h) => unsafe { &(*h.ty.get()).data },
            None => crate::object::types::types().int.type_data_of_type(),
        }
    }

    /// For a type object: its own type data (the payload, not its metatype's).
    #[inline]
    pub fn type_data_of_type(&self) -> &TypeData {
        self.downcast::<TypeData>()
            .expect("type_data_of_type called on an object that is not a type")
    }

    #[inline]
    pub fn kind(&self) -> Kind {
        if self.is_small() {
            Kind::Int
        } else {
            self.type_data().kind
        }
    }

    /// The identity of the object's class (`class().to_bits()`, without
    /// taking a reference): what attribute caches key on.
    #[inline]
    pub fn class_id(&self) -> u64 {
        match self.header() {
            Some(h) => h.ty.get() as u64,
            None => crate::object::types::types().int.to_bits(),
        }
    }

    /// The object's class, as a value.
    pub fn class(&self) -> Value {
        match self.header() {
            Some(h) => {
                let p = h.ty.get() as *mut ObjHeader;
                // SAFETY: the type pointer is non-null for every reachable object
                // and points to a live type object; we take a new reference.
                let v = Value {
                    bits: unsafe { NonNull::new_unchecked(p) },
                    _not_send: PhantomData,
                };
                v.incref();
                v
            }
            None => crate::object::types::types().int.clone(),
        }
    }

    /// Whether the class of `self` is exactly `ty`.
    #[inline]
    pub fn is_exact(&self, ty: &Value) -> bool {
        match self.header() {
            Some(h) => h.ty.get() as usize == ty.raw(),
            None => ty.raw() == crate::object::types::types().int.raw(),
        }
    }

    /// Identity (`is`).
    #[inline]
    pub fn is(&self, other: &Value) -> bool {
        self.raw() == other.raw()
    }

    /// The payload, if this object carries a `T`.
    #[inline]
    pub fn downcast<T: Payload>(&self) -> Option<&T> {
        let h = self.header()?;
        // SAFETY: the type pointer is live (see `type_data`).
        let kind = unsafe { (*h.ty.get()).data.kind };
        if T::matches(kind) {
            // SAFETY: objects whose type has a kind matching `T` were
            // allocated as `PyObj<T>` (types.rs keeps kind and payload paired),
            // and the header is the first field of the `#[repr(C)]` struct.
            let obj = self.bits.as_ptr() as *const PyObj<T>;
            Some(unsafe { &(*obj).data })
        } else {
            None
        }
    }

    /// An id stable for the object's lifetime.
    pub fn id(&self) -> i64 {
        self.raw() as i64
    }
}

impl Clone for Value {
    #[inline]
    fn clone(&self) -> Value {
        self.incref();
        Value {
            bits: self.bits,
            _not_send: PhantomData,
        }
    }
}

impl Drop for Value {
    #[inline]
    fn drop(&mut self) {
        if let Some(h) = self.header() {
            let n = h.refcnt.get() - 1;
            h.refcnt.set(n);
            if n & COUNT == 0 {
                self.dealloc();
            }
        }
    }
}

crate::gil_local! {
    /// How deep deallocations are nested (freeing an object frees what it
    /// holds), and the objects whose freeing was put off because the nesting
    /// got too deep: CPython's "trashcan". Freeing a million nested lists
    /// thus uses a bounded native stack.
    static DEALLOC_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static DEALLOC_LATER: std::cell::RefCell<Vec<NonNull<ObjHeader>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Deallocations nested deeper than this are put off until the outermost
/// one finishes.
const MAX_DEALLOC_DEPTH: u32 = 100;

impl Value {
    /// The count just reached zero: frees the object now, or (nested too
    /// deep) when the outermost deallocation in progress is done.
    #[cold]
    fn dealloc(&self) {
        let p = self.bits.as_ptr();
        // SAFETY: the count just reached zero, so nothing else refers to the
        // object; its type (held strongly) knows the payload's destructor.
        unsafe {
            let ty = (*p).ty.get();
            // An object that holds no references frees nothing else: no
            // nesting to bound (floats are freed constantly).
            if !(*ty).data.special_dealloc.get()
                && matches!(
                    (*ty).data.kind,
                    Kind::Float | Kind::Int | Kind::Complex | Kind::Str | Kind::Bytes
                )
            {
                if (*p).refcnt.get() & WEAKLY_REFERENCED != 0 {
                    crate::objects::weakref::target_dying(p as usize);
                }
                ((*ty).data.dealloc)(p);
                drop(Value {
                    bits: NonNull::new_unchecked(ty as *mut ObjHeader),
                    _not_send: PhantomData,
                });
                return;
            }
        }
        self.dealloc_nesting();
    }

    /// `dealloc` of an object that may free others: bounded nesting.
    #[inline(never)]
    fn dealloc_nesting(&self) {
        let depth = DEALLOC_DEPTH.with(std::cell::Cell::get);
        if depth >= MAX_DEALLOC_DEPTH {
            DEALLOC_LATER.with(|l| l.borrow_mut().push(self.bits));
            return;
        }
        DEALLOC_DEPTH.with(|d| d.set(depth + 1));
        self.dealloc_now();
        if depth == 0 {
            // The outermost deallocation frees what was put off, each one
            // again nesting at most MAX_DEALLOC_DEPTH deep.
            while let Some(bits) = DEALLOC_LATER.with(|l| l.borrow_mut().pop()) {
                // SAFETY: an object put off above: its count is zero and
                // nothing refers to it; this borrow frees it and is not
                // dropped.
                let v = std::mem::ManuallyDrop::new(Value {
                    bits,
                    _not_send: PhantomData,
                });
                v.dealloc_now();
            }
        }
        DEALLOC_DEPTH.with(|d| d.set(depth));
    }

    /// Frees the object (whose count is zero) and releases its type.
    fn dealloc_now(&self) {
        let p = self.bits.as_ptr();
        // SAFETY: the count just reached zero, so nothing else refers to the
        // object; its type (held strongly) knows the payload's destructor.
        unsafe {
            let ty = (*p).ty.get();
            if (*ty).data.special_dealloc.get() {
                self.dealloc_special(p, ty);
                return;
            }
            if (*p).refcnt.get() & WEAKLY_REFERENCED != 0 {
                crate::objects::weakref::target_dying(p as usize);
            }
            let dealloc = (*ty).data.dealloc;
            dealloc(p);
            // Release the reference the object held on its type.
            drop(Value {
                bits: NonNull::new_unchecked(ty as *mut ObjHeader),
                _not_send: PhantomData,
            });
        }
    }

    /// Freeing an object with a finalizer, a collector link or a side dict.
    ///
    /// # Safety
    /// As for `dealloc`: the count of `p` (whose type is `ty`) just reached zero.
    #[cold]
    unsafe fn dealloc_special(&self, p: *mut ObjHeader, ty: *const PyObj<TypeData>) {
        // SAFETY: guaranteed by the caller.
        unsafe {
            let count = (*p).refcnt.get();
            if (*ty).data.has_finalizer.get()
                && count & FINALIZED == 0
                && crate::object::finalize::wants(self)
            {
                // Kept alive until its finalizer has run.
                (*p).refcnt.set(count | FINALIZED | 1);
                crate::object::finalize::defer(Value {
                    bits: self.bits,
                    _not_send: PhantomData,
                });
                return;
            }
            if (*ty).data.gc_tracked {
                crate::object::gc::unlink(p);
            }
            if (*ty).data.is_heap
                && !matches!(
                    (*ty).data.kind,
                    Kind::Object | Kind::Exception | Kind::Module | Kind::Type
                )
            {
                crate::protocols::attr::drop_side_dict(p as usize);
            }
            if (*p).refcnt.get() & WEAKLY_REFERENCED != 0 {
                crate::objects::weakref::target_dying(p as usize);
            }
            let dealloc = (*ty).data.dealloc;
            dealloc(p);
            // Release the reference the object held on its type.
            drop(Value {
                bits: NonNull::new_unchecked(ty as *mut ObjHeader),
                _not_send: PhantomData,
            });
        }
    }
}

crate::gil_local! {
    /// Freed float objects kept for reuse (floats are allocated constantly).
    static FLOAT_FREELIST: std::cell::RefCell<Vec<*mut ObjHeader>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Allocates a float object, reusing a freed one when possible.
#[inline]
pub fn alloc_float(ty: &Value, f: f64) -> Value {
    let reused = FLOAT_FREELIST.with(|l| l.borrow_mut().pop());
    match reused {
        Some(p) => {
            ty.incref();
            // SAFETY: `p` came from `dealloc_float`: a `PyObj<FloatData>` box
            // whose last reference is gone; we re-initialise it completely.
            unsafe {
                let obj = p as *mut PyObj<crate::objects::float::FloatData>;
                (*obj).header.refcnt.set(1);
                (*obj)
                    .header
                    .ty
                    .set(ty.bits.as_ptr() as *const PyObj<TypeData>);
                (*obj).data.0 = f;
                Value {
                    bits: NonNull::new_unchecked(p),
                    _not_send: PhantomData,
                }
            }
        }
        None => Value::alloc(ty, crate::objects::float::FloatData(f)),
    }
}

/// Deallocates a float by putting it on the free list.
///
/// # Safety
/// `p` must be a `PyObj<FloatData>` from [`Value::alloc`] or [`alloc_float`]
/// with no references left.
pub unsafe fn dealloc_float(p: *mut ObjHeader) {
    let kept = FLOAT_FREELIST.with(|l| {
        let mut l = l.borrow_mut();
        if l.len() < 1024 {
            l.push(p);
            true
        } else {
            false
        }
    });
    if !kept {
        // SAFETY: guaranteed by the caller.
        unsafe { dealloc_payload::<crate::objects::float::FloatData>(p) }
    }
}

/// Frees an object allocated as `PyObj<T>`.
///
/// # Safety
/// `p` must come from [`Value::alloc`] with payload `T` and have no references left.
pub unsafe fn dealloc_payload<T: Payload>(p: *mut ObjHeader) {
    // SAFETY: guaranteed by the caller.
    unsafe { drop(Box::from_raw(p as *mut PyObj<T>)) }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.as_small() {
            Some(i) => write!(f, "Value({i})"),
            None => write!(
                f,
                "Value(<{} object at {:#x}>)",
                self.type_data().name,
                self.raw()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_ints_round_trip() {
        for i in [0, 1, -1, SMALL_MIN, SMALL_MAX, 12345] {
            assert_eq!(Value::small(i).and_then(|v| v.as_small()), Some(i));
        }
        assert!(Value::small(SMALL_MAX + 1).is_none());
        assert!(Value::small(SMALL_MIN - 1).is_none());
    }

    #[test]
    fn header_layout_is_fixed() {
        assert_eq!(std::mem::size_of::<ObjHeader>(), 16);
        assert_eq!(std::mem::offset_of!(ObjHeader, refcnt), 0);
        assert_eq!(std::mem::offset_of!(ObjHeader, ty), 8);
        assert_eq!(std::mem::size_of::<Value>(), 8);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 8);
    }
}
