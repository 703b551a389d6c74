//! The global allocator: mimalloc for everything up to [`HUGE`] bytes,
//! the system allocator (glibc) beyond.
//!
//! Small objects are most of what egret allocates: mimalloc's size-class
//! pages make that cheaper, and keep objects allocated together close in
//! memory, which the cycle collector's walks profit from (a full
//! collection of 200,000 instances takes a third of the time it takes with
//! glibc's allocator). It is built without transparent huge pages
//! (`no_thp`), which would add some 20 MiB to every process's resident
//! size.
//!
//! Blocks that need no more than 8-byte alignment (nearly all) go straight
//! to `mi_malloc`/`mi_zalloc`/`mi_realloc`, which always return such
//! blocks: the crate's `GlobalAlloc` calls the aligned entry points, whose
//! fast path only covers a size class with a free block at hand and
//! otherwise takes a generic path several times longer.
//!
//! Huge blocks go to the system allocator because mimalloc reserves them
//! with `MAP_NORESERVE`: a program's `[0] * 10**12` would then "succeed"
//! and fill the machine's memory page by page, where glibc's `mmap` is
//! refused at once and the program gets its `MemoryError`.

use std::alloc::{GlobalAlloc, Layout, System};

use mimalloc::MiMalloc;

/// Alignment every mimalloc block has (see the module comment).
const PLAIN_ALIGN: usize = 8;

/// Blocks of this size and more come from the system allocator.
const HUGE: usize = 32 << 20;

pub struct Allocator;

// SAFETY: every block is freed (or grown) by the allocator that made it:
// the choice depends only on the block's size, which `dealloc` and
// `realloc` are given (the size it was allocated or last reallocated
// with); a block that crosses the boundary is moved.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe {
            if layout.size() >= HUGE {
                System.alloc(layout)
            } else if layout.align() <= PLAIN_ALIGN {
                libmimalloc_sys::mi_malloc(layout.size()) as *mut u8
            } else {
                MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe {
            if layout.size() >= HUGE {
                System.alloc_zeroed(layout)
            } else if layout.align() <= PLAIN_ALIGN {
                libmimalloc_sys::mi_zalloc(layout.size()) as *mut u8
            } else {
                MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the block came from the allocator its size selects.
        unsafe {
            if layout.size() >= HUGE {
                System.dealloc(ptr, layout)
            } else {
                MiMalloc.dealloc(ptr, layout)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let (was_huge, is_huge) = (layout.size() >= HUGE, new_size >= HUGE);
        // SAFETY: forwarded with the caller's guarantees; a block crossing
        // the boundary is copied to a new block of the other allocator.
        unsafe {
            match (was_huge, is_huge) {
                (false, false) if layout.align() <= PLAIN_ALIGN => {
                    libmimalloc_sys::mi_realloc(ptr as *mut std::ffi::c_void, new_size) as *mut u8
                }
                (false, false) => MiMalloc.realloc(ptr, layout, new_size),
                (true, true) => System.realloc(ptr, layout, new_size),
                _ => {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}
