//! The object layout compiled code depends on, in one place: the JIT takes
//! every offset, mask and tag it emits from here, and the definitions are
//! checked against the structures at compile time.

use std::mem::offset_of;

use super::{FINALIZED, ObjHeader, PyObj, WEAKLY_REFERENCED};

pub use super::{SMALL_MAX, SMALL_MIN};

/// Offset of the reference count in a heap object.
pub const REFCNT_OFFSET: i32 = 0;
/// Offset of the type pointer in a heap object.
pub const TYPE_OFFSET: i32 = 8;
/// The reference count proper within the reference-count word (without
/// the flag bits).
pub const REFCOUNT_MASK: i64 = !((WEAKLY_REFERENCED | FINALIZED) as i64);
/// A small int is stored as `i << SMALL_SHIFT | SMALL_TAG`; a pointer has
/// the tag bit clear.
pub const SMALL_TAG: i64 = 1;
/// See [`SMALL_TAG`].
pub const SMALL_SHIFT: i64 = 1;

/// The offset of the payload `T` in its heap object.
pub fn payload_offset<T>() -> i32 {
    offset_of!(PyObj<T>, data) as i32
}

const _: () = {
    assert!(offset_of!(PyObj<u8>, header) == 0);
    assert!(offset_of!(ObjHeader, refcnt) == REFCNT_OFFSET as usize);
    assert!(offset_of!(ObjHeader, ty) == TYPE_OFFSET as usize);
};
