//! The protocols every object takes part in: truth, comparison and binary
//! operators, subscription, iteration, attribute access, calls, `repr` and
//! formatting. They dispatch on the object's type to `crate::objects`.

pub mod args;
pub mod attr;
pub mod call;
pub mod format;
pub mod items;
pub mod matching;
pub mod ops;
pub mod repr;
pub mod seqops;
pub mod subclass;
