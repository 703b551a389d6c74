//! `egret-decimal`: a standalone decimal arithmetic kernel implementing the
//! General Decimal Arithmetic specification with the semantics of CPython
//! 3.11's `decimal` module.  It owns the number representation
//! ([`Decimal`]), the arithmetic context ([`Context`], [`Rounding`],
//! [`Flags`]) and every operation; it knows nothing about Python objects.

mod arith;
mod coeff;
mod context;
mod decimal;
mod misc;
mod string;
mod transcend;

pub use coeff::Coeff;
pub use context::{Context, Flags, MAX_EMAX, MAX_PREC, MIN_EMIN, MIN_ETINY, Rounding};
pub use decimal::{Decimal, Kind};
