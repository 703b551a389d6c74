//! The arithmetic context: precision, rounding mode, exponent limits,
//! clamping, and the accumulated condition flags.  This module owns
//! [`Context`], [`Rounding`] and [`Flags`] plus the limits CPython's
//! 64-bit `_decimal` build enforces.

/// Largest precision CPython accepts on 64-bit builds.
pub const MAX_PREC: u64 = 999_999_999_999_999_999;
/// Largest `Emax` CPython accepts on 64-bit builds.
pub const MAX_EMAX: i64 = 999_999_999_999_999_999;
/// Smallest `Emin` CPython accepts on 64-bit builds.
pub const MIN_EMIN: i64 = -999_999_999_999_999_999;
/// Smallest exponent a number may have (`MIN_EMIN - MAX_PREC + 1`).
pub const MIN_ETINY: i64 = MIN_EMIN - (MAX_PREC as i64) + 1;

/// Longest coefficient (in digits) an operation will build.  Operations
/// that would need more (possible only with enormous precisions or
/// exponent spreads) return NaN and raise
/// [`Flags::INSUFFICIENT_STORAGE`] instead of allocating; CPython raises
/// `MemoryError` in such cases.
pub const MAX_WORK_DIGITS: u64 = 100_000_000;

/// The eight rounding modes of the specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// Round toward zero (`ROUND_DOWN`).
    Down,
    /// Round to nearest, ties away from zero (`ROUND_HALF_UP`).
    HalfUp,
    /// Round to nearest, ties to even (`ROUND_HALF_EVEN`).
    HalfEven,
    /// Round toward +Infinity (`ROUND_CEILING`).
    Ceiling,
    /// Round toward -Infinity (`ROUND_FLOOR`).
    Floor,
    /// Round away from zero (`ROUND_UP`).
    Up,
    /// Round to nearest, ties toward zero (`ROUND_HALF_DOWN`).
    HalfDown,
    /// Round toward zero unless the last kept digit would be 0 or 5, in
    /// which case round away from zero (`ROUND_05UP`).
    Up05,
}

/// A set of the specification's exceptional conditions.  The fine-grained
/// conditions are kept distinct; [`Flags::to_signals`] collapses them onto
/// the signals Python exposes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flags(pub u32);

impl Flags {
    /// No conditions.
    pub const EMPTY: Flags = Flags(0);
    /// An exponent was altered to fit the limits (`Clamped`).
    pub const CLAMPED: Flags = Flags(1 << 0);
    /// A string was not a valid number (Python: `InvalidOperation`).
    pub const CONVERSION_SYNTAX: Flags = Flags(1 << 1);
    /// A finite nonzero number was divided by zero.
    pub const DIVISION_BY_ZERO: Flags = Flags(1 << 2);
    /// Integer division result too long (Python: `InvalidOperation`).
    pub const DIVISION_IMPOSSIBLE: Flags = Flags(1 << 3);
    /// Zero divided by zero (Python: `InvalidOperation`).
    pub const DIVISION_UNDEFINED: Flags = Flags(1 << 4);
    /// The result is not exact.
    pub const INEXACT: Flags = Flags(1 << 5);
    /// Invalid context (Python: `InvalidOperation`).
    pub const INVALID_CONTEXT: Flags = Flags(1 << 6);
    /// An invalid operation was attempted.
    pub const INVALID_OPERATION: Flags = Flags(1 << 7);
    /// The exponent of a result exceeded Emax.
    pub const OVERFLOW: Flags = Flags(1 << 8);
    /// Digits were discarded (possibly zeros).
    pub const ROUNDED: Flags = Flags(1 << 9);
    /// The result is subnormal (adjusted exponent below Emin).
    pub const SUBNORMAL: Flags = Flags(1 << 10);
    /// The result is subnormal and inexact.
    pub const UNDERFLOW: Flags = Flags(1 << 11);
    /// The result would need more than [`MAX_WORK_DIGITS`] digits of
    /// storage (libmpdec's `Malloc_error`; Python raises `MemoryError`).
    pub const INSUFFICIENT_STORAGE: Flags = Flags(1 << 12);

    /// Condition names in the spelling used by the decTest files (plus
    /// `insufficient_storage`).
    pub const NAMES: [(Flags, &'static str); 13] = [
        (Flags::CLAMPED, "clamped"),
        (Flags::CONVERSION_SYNTAX, "conversion_syntax"),
        (Flags::DIVISION_BY_ZERO, "division_by_zero"),
        (Flags::DIVISION_IMPOSSIBLE, "division_impossible"),
        (Flags::DIVISION_UNDEFINED, "division_undefined"),
        (Flags::INEXACT, "inexact"),
        (Flags::INVALID_CONTEXT, "invalid_context"),
        (Flags::INVALID_OPERATION, "invalid_operation"),
        (Flags::OVERFLOW, "overflow"),
        (Flags::ROUNDED, "rounded"),
        (Flags::SUBNORMAL, "subnormal"),
        (Flags::UNDERFLOW, "underflow"),
        (Flags::INSUFFICIENT_STORAGE, "insufficient_storage"),
    ];

    /// True when every condition in `other` is set.
    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when any condition in `other` is set.
    pub fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    /// Adds the conditions in `other`.
    pub fn insert(&mut self, other: Flags) {
        self.0 |= other.0;
    }

    /// Removes the conditions in `other`.
    pub fn remove(&mut self, other: Flags) {
        self.0 &= !other.0;
    }

    /// True when no condition is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Collapses the InvalidOperation sub-conditions (ConversionSyntax,
    /// DivisionImpossible, DivisionUndefined, InvalidContext) onto
    /// `INVALID_OPERATION`, giving the set of Python signals raised.
    pub fn to_signals(self) -> Flags {
        let sub = Flags::CONVERSION_SYNTAX.0
            | Flags::DIVISION_IMPOSSIBLE.0
            | Flags::DIVISION_UNDEFINED.0
            | Flags::INVALID_CONTEXT.0;
        if self.0 & sub != 0 {
            Flags((self.0 & !sub) | Flags::INVALID_OPERATION.0)
        } else {
            self
        }
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}

/// An arithmetic context.  Operations read the precision, rounding and
/// exponent limits from it and add the conditions they raise to `flags`.
/// Trap handling is the wrapper's job: it inspects `flags` after each call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// Precision in digits, `1..=MAX_PREC`.
    pub prec: u64,
    /// Rounding mode.
    pub rounding: Rounding,
    /// Largest adjusted exponent (`0..=MAX_EMAX`).
    pub emax: i64,
    /// Smallest adjusted exponent of a normal number (`MIN_EMIN..=0`).
    pub emin: i64,
    /// IEEE clamping: when true, exponents are limited to `Etop`.
    pub clamp: bool,
    /// Accumulated conditions.
    pub flags: Flags,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            prec: 28,
            rounding: Rounding::HalfEven,
            emax: 999_999,
            emin: -999_999,
            clamp: false,
            flags: Flags::EMPTY,
        }
    }
}

impl Context {
    /// A context with the given precision and rounding and CPython's default
    /// exponent limits.
    pub fn new(prec: u64, rounding: Rounding) -> Self {
        Context {
            prec,
            rounding,
            ..Context::default()
        }
    }

    /// The widest context CPython supports (`MAX_PREC`, `MAX_EMAX`,
    /// `MIN_EMIN`), useful for exact conversions.
    pub fn max_context() -> Self {
        Context {
            prec: MAX_PREC,
            rounding: Rounding::HalfEven,
            emax: MAX_EMAX,
            emin: MIN_EMIN,
            clamp: false,
            flags: Flags::EMPTY,
        }
    }

    /// True when the fields are within CPython's limits (`1 <= prec <=
    /// MAX_PREC`, `0 <= emax <= MAX_EMAX`, `MIN_EMIN <= emin <= 0`).
    /// Operations assume a valid context.
    pub fn is_valid(&self) -> bool {
        (1..=MAX_PREC).contains(&self.prec)
            && (0..=MAX_EMAX).contains(&self.emax)
            && (MIN_EMIN..=0).contains(&self.emin)
    }

    /// `Emin - prec + 1`: the smallest exponent of a subnormal result.
    pub fn etiny(&self) -> i64 {
        self.emin - self.prec as i64 + 1
    }

    /// `Emax - prec + 1`: the largest exponent when clamping.
    pub fn etop(&self) -> i64 {
        self.emax - self.prec as i64 + 1
    }

    /// Records a condition.
    pub fn raise(&mut self, f: Flags) {
        self.flags.insert(f);
    }

    /// Clears all flags.
    pub fn clear_flags(&mut self) {
        self.flags = Flags::EMPTY;
    }
}
