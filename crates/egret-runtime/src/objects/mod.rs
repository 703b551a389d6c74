//! The builtin types, one module per type (or family): each holds its
//! layout, constructor and methods. The protocols in `crate::protocols`
//! dispatch to them, as CPython's `abstract.c` calls `listobject.c`.

pub mod alias;
pub mod asyncgen;
pub mod buffer;
pub mod bytes;
pub mod bytes_search;
pub mod codec;
pub mod complex;
pub mod descr;
pub mod descr_methods;
pub mod dict;
pub mod dict_methods;
pub mod exceptions;
pub mod excgroup;
pub mod file;
pub mod float;
pub mod float_hex;
pub mod frameobj;
pub mod function;
pub mod generator;
pub mod int;
pub mod iter;
pub mod list;
pub mod memoryview;
pub mod module;
pub mod namespace;
pub mod native;
pub mod num_methods;
pub mod range;
pub mod seq_methods;
pub mod set;
pub mod set_methods;
pub mod str;
pub mod str_format;
pub mod str_methods;
pub mod structseq;
pub mod tuple;
pub mod unicode;
#[rustfmt::skip]
mod unicode_tables;
pub mod weakref;
