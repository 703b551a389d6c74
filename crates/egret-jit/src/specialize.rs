//! Abstract interpretation of a code object for given argument types.
//!
//! Walks the bytecode as a control-flow graph, tracking the type of every
//! local and operand-stack slot (Psyco's "virtual" values: ints, floats and
//! bools that live unboxed). The result, a [`Plan`], says which type each
//! local has, which instructions are block starts, and the state before every
//! instruction (what a deoptimization exit there must write back). A code
//! object the compiler cannot handle yet is rejected with the reason, and
//! stays interpreted.

use egret_bytecode::{BinOp, CodeObject, Op, flags};

/// A type the compiled code keeps unboxed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A small int (the inline range of `Value`), as i64.
    Int,
    /// A float compiled code computed, as f64: a temporary of the operand
    /// stack, used once, and boxed (once) where it leaves the compiled
    /// arithmetic. A float object that already exists (an argument, a
    /// constant, a list item, a local) stays boxed (`Obj`) and is unboxed,
    /// guarded, where arithmetic uses it: unboxing it and boxing it again
    /// would make a different object, and `is`, `id()` and the identity
    /// shortcut of `in` and `==` would see the difference.
    Float,
    /// A bool, as 0/1 in an i64.
    Bool,
    /// The iterator of `range(...)` created at the given `GET_ITER` offset:
    /// its state lives in variables of that loop, not on the stack.
    RangeIter(u32),
    /// A list (exactly `list`), borrowed: the caller's arguments or the
    /// interpreter frame keep it alive. Its elements were of the given kind
    /// when the code was compiled; every read checks it again.
    List(Elem),
    /// A tuple (exactly `tuple`), borrowed like a list; immutable.
    Tuple(Elem),
    /// Any Python value, boxed: the bits of a `Value` the compiled code owns
    /// (one reference, given up when the value is consumed), or 0 for NULL
    /// (an unbound local, the NULL of a call). Operations on it go through
    /// runtime helpers (helpers.rs) and exist only in generic plans.
    Obj,
}

/// The element kind a list was specialized for (floats are items with an
/// identity: see `Ty::Float`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem {
    Int,
}

impl Elem {
    pub fn ty(self) -> Ty {
        match self {
            Elem::Int => Ty::Int,
        }
    }
}

impl Ty {
    /// Int, float or bool: a number compiled code computes with.
    pub fn is_scalar(self) -> bool {
        matches!(self, Ty::Int | Ty::Float | Ty::Bool)
    }
}

/// Where the constant operands come from (the runtime decides their types).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ConstVal {
    Int(i64),
    Bool(bool),
    /// Any other constant: the bits of the code object's own value (the
    /// code keeps it alive). Generic plans only.
    Obj(u64),
}

impl ConstVal {
    pub fn ty(self) -> Ty {
        match self {
            ConstVal::Int(_) => Ty::Int,
            ConstVal::Bool(_) => Ty::Bool,
            ConstVal::Obj(_) => Ty::Obj,
        }
    }
}

/// How a code object is analysed.
#[derive(Clone, Debug, Default)]
pub struct Opts {
    /// Generic plan: values of any type (`Ty::Obj`) and operations through
    /// runtime helpers that may run arbitrary Python code. Global names are
    /// then never read as constants and no call is direct (the code it calls
    /// could rebind them); `range` and the inline builtins are checked where
    /// they are used.
    pub generic: bool,
    /// Locals widened to `Ty::Obj` (they held values of different types).
    pub forced: Vec<bool>,
    /// The interpreter's feedback per instruction (`function::feedback`
    /// bits): the operand types arithmetic and comparisons have seen. A
    /// boxed operand of one that only saw numbers is unboxed, guarded.
    pub feedback: Vec<u16>,
}

impl Opts {
    /// The type a boxed operand of the instruction at `pc` is unboxed to,
    /// going by the feedback (None: it stays boxed).
    pub fn guess(&self, pc: usize, t: Ty) -> Option<Ty> {
        use egret_runtime::objects::function::feedback::{FLOAT, INT};
        if t != Ty::Obj || !self.generic {
            return None;
        }
        match self.feedback.get(pc).copied().unwrap_or(0) {
            INT => Some(Ty::Int),
            f if f & FLOAT != 0 && f & !(INT | FLOAT) == 0 => Some(Ty::Float),
            _ => None,
        }
    }
}

/// Records the operands of the instruction at `pc` that are unboxed.
fn note_unboxed(unboxed: &mut Vec<(u32, [Option<Ty>; 2])>, pc: usize, which: [Option<Ty>; 2]) {
    unboxed.retain(|(p, _)| *p as usize != pc);
    if which.iter().any(Option::is_some) {
        unboxed.push((pc as u32, which));
    }
}

/// Why analysis failed, and whether widening a local would help.
#[derive(Debug)]
pub struct Reject {
    pub msg: String,
    /// Retry with this local widened to `Ty::Obj`.
    pub widen: Option<usize>,
}

impl From<&str> for Reject {
    fn from(msg: &str) -> Reject {
        Reject {
            msg: msg.to_string(),
            widen: None,
        }
    }
}

impl From<String> for Reject {
    fn from(msg: String) -> Reject {
        Reject { msg, widen: None }
    }
}

/// A `Reject` with a formatted message.
macro_rules! reject {
    ($($t:tt)*) => {
        Reject::from(format!($($t)*))
    };
}

fn widen(i: usize) -> Reject {
    Reject {
        msg: format!("local {i} changes type"),
        widen: Some(i),
    }
}

/// The abstract state before an instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub locals: Vec<Option<Ty>>,
    pub stack: Vec<Ty>,
}

/// Everything lowering needs.
#[derive(Debug)]
pub struct Plan {
    /// Where compiled code starts (0, or a loop header for OSR).
    pub entry_pc: usize,
    /// The state compiled code is entered in (what the entry loads).
    pub entry_state: State,
    /// Entered by on-stack replacement: no restarts, exact exits only.
    pub osr: bool,
    pub arg_types: Vec<Ty>,
    /// The single type of each local (None: never assigned).
    pub local_types: Vec<Option<Ty>>,
    /// State before each reachable instruction.
    pub states: Vec<Option<State>>,
    /// Instructions that start a basic block.
    pub block_starts: Vec<bool>,
    pub return_type: Ty,
    /// Constants, resolved.
    pub consts: Vec<Option<ConstVal>>,
    /// Whether the function calls itself (through the global `self_name`).
    pub self_calls: bool,
    pub self_name: String,
    /// `GET_ITER` offsets of `for ... in range(...)` loops (the global
    /// `range` must be the builtin).
    pub range_sites: Vec<u32>,
    /// Step of each range loop (a constant, so the loop test is known).
    pub range_steps: Vec<(u32, i64)>,
    /// Offsets outside a loop compiled alone: reaching one leaves compiled code.
    pub region_exits: Vec<bool>,
    /// Calls of other compiled functions (through globals).
    pub calls: Vec<Callee>,
    /// Builtin functions computed inline, by the offset of their
    /// LOAD_GLOBAL (the global name must still mean the builtin).
    pub builtins: Vec<(u32, Builtin)>,
    /// Whether the code changes anything outside its own locals (stores
    /// into a list). Such code is never re-run: a caller's direct call of
    /// it could not be repeated by the interpreter after a failure inside.
    pub has_effects: bool,
    /// Globals read as constants (numbers), by LOAD_GLOBAL offset.
    pub global_consts: Vec<(u32, ConstVal)>,
    /// A generic plan (see [`Opts::generic`]): it needs the context
    /// argument, and `range` and inline builtins are checked at run time.
    pub generic: bool,
    /// Offsets where a generic plan leaves for the interpreter before an
    /// instruction it does not compile.
    pub bail: Vec<bool>,
    /// Offsets of the instructions compiled by the generic rules.
    pub generic_at: Vec<bool>,
    /// Every local is boxed: the widest version of a function.
    pub all_boxed: bool,
    /// Boxed operands of arithmetic and comparisons unboxed (guarded) by
    /// the feedback: by offset, the type of the left and right operand.
    pub unboxed: Vec<(u32, [Option<Ty>; 2])>,
    /// The types of the words compiled code is entered with, per local
    /// (a widened local boxes its word at entry).
    pub entry_types: Vec<Option<Ty>>,
}

/// A builtin function compiled inline on unboxed arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `abs(x)` of an int or float.
    Abs,
    /// `min(a, b)` of two ints or two floats.
    Min,
    /// `max(a, b)` of two ints or two floats.
    Max,
    /// `len(list)`.
    Len,
}

impl Builtin {
    /// The builtin a global name means, if it is one compiled inline.
    pub fn named(name: &str) -> Option<Builtin> {
        match name {
            "abs" => Some(Builtin::Abs),
            "min" => Some(Builtin::Min),
            "max" => Some(Builtin::Max),
            "len" => Some(Builtin::Len),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Abs => "abs",
            Builtin::Min => "min",
            Builtin::Max => "max",
            Builtin::Len => "len",
        }
    }

    /// The result type for these argument types, if compiled inline.
    /// `min`/`max` of an int and a float return one of the two unchanged
    /// (of either type), so only equal types are compiled.
    pub fn result(self, args: &[Ty]) -> Option<Ty> {
        match (self, args) {
            (Builtin::Abs, [t @ (Ty::Int | Ty::Float)]) => Some(*t),
            (Builtin::Min | Builtin::Max, [a @ (Ty::Int | Ty::Float), b]) if a == b => Some(*a),
            (Builtin::Len, [Ty::List(_) | Ty::Tuple(_)]) => Some(Ty::Int),
            _ => None,
        }
    }
}

/// A call from compiled code to another compiled function.
#[derive(Clone, Debug, PartialEq)]
pub struct Callee {
    /// Offset of the LOAD_GLOBAL that starts the call.
    pub pc: u32,
    pub name: String,
    pub arg_types: Vec<Ty>,
    pub ret: Ty,
    /// Words the callee may write to its out buffer.
    pub out_words: usize,
}

impl Plan {
    /// Words an exit (or a return) may write: every local and the deepest stack.
    pub fn out_words(&self) -> usize {
        let deepest = self
            .states
            .iter()
            .flatten()
            .map(|s| s.stack.len())
            .max()
            .unwrap_or(0);
        self.local_types.len() + deepest + 2
    }
}

/// The inline small-int range (see `egret_runtime::object::layout`).
pub use egret_runtime::object::layout::{SMALL_MAX, SMALL_MIN};

fn binop_type(op: BinOp, a: Ty, b: Ty) -> Result<Ty, String> {
    use BinOp::*;
    if !a.is_scalar() || !b.is_scalar() {
        return Err(format!("{op:?} on {a:?} and {b:?}"));
    }
    // bool is an int subclass: arithmetic on it gives ints, except that
    // &, | and ^ of two bools give a bool.
    match (a, b) {
        (Ty::Bool, Ty::Bool) if matches!(op, And | Or | Xor) => Ok(Ty::Bool),
        (Ty::Int | Ty::Bool, Ty::Int | Ty::Bool) => match op {
            Add | Sub | Mul | FloorDiv | Mod | And | Or | Xor => Ok(Ty::Int),
            TrueDiv => Ok(Ty::Float),
            _ => Err(format!("int {op:?}")),
        },
        _ => match op {
            Add | Sub | Mul | TrueDiv | Pow => Ok(Ty::Float),
            _ => Err(format!("float {op:?}")),
        },
    }
}

/// A call of the function itself: `LOAD_GLOBAL self; PUSH_NULL; args; CALL n`.
fn is_self_call(code: &CodeObject, pc: usize) -> bool {
    matches!(code.code.get(pc), Some(Op::LoadGlobal(i)) if code.names[*i as usize] == code.name)
        && matches!(code.code.get(pc + 1), Some(Op::PushNull))
}

/// A call being evaluated inside another call's arguments: where its
/// LOAD_GLOBAL is, the global's name, and the argument-stack depth its
/// arguments start at.
struct Pending {
    pc: usize,
    name: String,
    depth: usize,
}

/// What nested calls resolve against, and where they are recorded.
struct NestedCalls<'a> {
    builtins: &'a mut Vec<(u32, Builtin)>,
    calls: &'a mut Vec<Callee>,
    callees: &'a mut dyn FnMut(&str, &[Ty]) -> Option<(Ty, usize)>,
}

/// Inside the arguments of a call: handles the instruction at `q` if it
/// starts (`LOAD_GLOBAL f; PUSH_NULL`) or ends (`CALL k`) a nested call of
/// an inline builtin (`len(xs)` in `range(len(xs))`) or of another compiled
/// function (`mix(a, clamp(b))`). Returns whether it did; the caller then
/// skips two instructions (a start) or one (an end).
fn nested_call(
    code: &CodeObject,
    q: usize,
    locals: &[Option<Ty>],
    sub: &mut Vec<Ty>,
    pending: &mut Vec<Pending>,
    nested: &mut NestedCalls,
    states: &mut [Option<State>],
) -> Result<bool, String> {
    let state = |sub: &Vec<Ty>| {
        Some(State {
            locals: locals.to_vec(),
            stack: sub.clone(),
        })
    };
    match code.code[q] {
        Op::Call(k)
            if pending
                .last()
                .is_some_and(|p| sub.len() == p.depth + k as usize) =>
        {
            let p = pending.pop().expect("just checked");
            states[q] = state(sub);
            let args = sub.split_off(p.depth);
            let r = if let Some(b) = Builtin::named(&p.name) {
                let r = b
                    .result(&args)
                    .ok_or_else(|| format!("{}() of {args:?} is not compiled", b.name()))?;
                if !nested.builtins.contains(&(p.pc as u32, b)) {
                    nested.builtins.push((p.pc as u32, b));
                }
                r
            } else {
                let (ret, out_words) = (nested.callees)(&p.name, &args)
                    .ok_or_else(|| format!("call of '{}', which is not compiled", p.name))?;
                if !nested.calls.iter().any(|c| c.pc as usize == p.pc) {
                    nested.calls.push(Callee {
                        pc: p.pc as u32,
                        name: p.name.clone(),
                        arg_types: args.clone(),
                        ret,
                        out_words,
                    });
                }
                ret
            };
            sub.push(r);
            Ok(true)
        }
        Op::LoadGlobal(g)
            if code.names[g as usize] != code.name
                && code.names[g as usize] != "range"
                && matches!(code.code.get(q + 1), Some(Op::PushNull)) =>
        {
            states[q] = state(sub);
            states[q + 1] = state(sub);
            pending.push(Pending {
                pc: q,
                name: code.names[g as usize].clone(),
                depth: sub.len(),
            });
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Analyses `code` for `arg_types`, assuming a self-call returns `self_ret`.
pub fn analyze(
    code: &CodeObject,
    consts: Vec<Option<ConstVal>>,
    arg_types: &[Ty],
    self_ret: Ty,
    opts: &Opts,
    callees: &mut dyn FnMut(&str, &[Ty]) -> Option<(Ty, usize)>,
    global_const: &mut dyn FnMut(&str) -> Option<ConstVal>,
) -> Result<Plan, Reject> {
    if arg_types.len() != (code.arg_count + code.kwonly_count) as usize {
        return Err("argument count".into());
    }
    if arg_types.contains(&Ty::Float) {
        // A float argument is an object with an identity (see `Ty::Float`).
        return Err("an unboxed float argument".into());
    }
    let mut locals = vec![None; code.varnames.len()];
    for (i, t) in arg_types.iter().enumerate() {
        locals[i] = Some(*t);
    }
    let entry = State {
        locals,
        stack: Vec::new(),
    };
    let mut plan = analyze_from(
        code,
        consts,
        Entry {
            pc: 0,
            state: entry,
            self_ret,
            osr: false,
            ranges: &[],
            region: None,
        },
        Env {
            opts,
            callees,
            global_const,
        },
    )?;
    plan.arg_types = arg_types.to_vec();
    Ok(plan)
}

/// Where and how an analysis enters the code.
pub struct Entry<'a> {
    /// The offset entered at: 0 for a call, a loop header for on-stack
    /// replacement.
    pub pc: usize,
    /// The types of the locals and the stack there.
    pub state: State,
    /// The type assumed for the function's own result (its self-calls).
    pub self_ret: Ty,
    /// Entered by on-stack replacement: every failure must be an exact exit
    /// (the frame already had side effects, so nothing can be re-run), and
    /// a local must never be assigned on only some paths (untracked locals
    /// keep their frame values).
    pub osr: bool,
    /// The range loops already running at the entry: (GET_ITER offset,
    /// step).
    pub ranges: &'a [(u32, i64)],
    /// For on-stack replacement of one loop: the offsets it spans.
    pub region: Option<(usize, usize)>,
}

/// What an analysis asks about the world outside the code.
pub struct Env<'a> {
    pub opts: &'a Opts,
    /// A direct call of the global `name` with arguments of these types:
    /// its result type and out-buffer size, or None when the call must not
    /// be direct.
    pub callees: &'a mut dyn FnMut(&str, &[Ty]) -> Option<(Ty, usize)>,
    /// The value of the global `name` when it may be read as a constant.
    pub global_const: &'a mut dyn FnMut(&str) -> Option<ConstVal>,
}

/// Analyses `code` from `entry`.
pub fn analyze_from(
    code: &CodeObject,
    consts: Vec<Option<ConstVal>>,
    entry: Entry<'_>,
    env: Env<'_>,
) -> Result<Plan, Reject> {
    let Entry {
        pc: entry_pc,
        state: entry,
        self_ret,
        osr,
        ranges: entry_ranges,
        region,
    } = entry;
    let Env {
        opts,
        callees,
        global_const,
    } = env;
    let generic = opts.generic;
    let forced = |i: usize| opts.forced.get(i).copied().unwrap_or(false);
    // Generic plans call nothing directly and read no global as a constant.
    let mut no_callees = |_: &str, _: &[Ty]| None;
    let mut no_consts = |_: &str| None;
    let (callees, global_const): (
        &mut dyn FnMut(&str, &[Ty]) -> Option<(Ty, usize)>,
        &mut dyn FnMut(&str) -> Option<ConstVal>,
    ) = if generic {
        (&mut no_callees, &mut no_consts)
    } else {
        (callees, global_const)
    };
    let arg_types: Vec<Ty> = entry
        .locals
        .iter()
        .take((code.arg_count + code.kwonly_count) as usize)
        .map(|t| t.unwrap_or(Ty::Int))
        .collect();
    if code.flags & (flags::SUSPENDS | flags::VARARGS | flags::VARKEYWORDS) != 0 {
        return Err("generator or variadic function".into());
    }
    if !generic && (!code.cellvars.is_empty() || !code.freevars.is_empty()) {
        return Err("closures".into());
    }
    let n = code.code.len();
    let nlocals = code.varnames.len();
    let mut block_starts = vec![false; n + 1];
    block_starts[0] = true;
    for (pc, op) in code.code.iter().enumerate() {
        if let Some(t) = op.jump_target() {
            block_starts[t as usize] = true;
            block_starts[pc + 1] = true;
        }
        if matches!(op, Op::ReturnValue) {
            block_starts[pc + 1] = true;
        }
    }
    block_starts[entry_pc] = true;
    let mut states: Vec<Option<State>> = vec![None; n];
    // The words compiled code is entered with have the entry types; a
    // widened local holds them boxed.
    let entry_types = entry.locals.clone();
    let mut entry = entry;
    for (i, t) in entry.locals.iter_mut().enumerate() {
        if forced(i) && t.is_some() {
            *t = Some(Ty::Obj);
        }
    }
    let mut local_types: Vec<Option<Ty>> = entry.locals.clone();
    for (i, t) in local_types.iter_mut().enumerate() {
        if forced(i) {
            *t = Some(Ty::Obj);
        }
    }
    if local_types.len() != nlocals {
        return Err("local count".into());
    }
    let mut bail = vec![false; n + 1];
    let mut generic_at = vec![false; n + 1];
    let mut unboxed: Vec<(u32, [Option<Ty>; 2])> = Vec::new();
    let mut region_exits = vec![false; n + 1];
    let mut return_type: Option<Ty> = None;
    let mut self_calls = false;
    let mut calls: Vec<Callee> = Vec::new();
    let mut builtins: Vec<(u32, Builtin)> = Vec::new();
    let mut has_effects = false;
    let mut global_consts: Vec<(u32, ConstVal)> = Vec::new();
    let mut range_sites: Vec<u32> = entry_ranges.iter().map(|(s, _)| *s).collect();
    let mut range_steps: Vec<(u32, i64)> = entry_ranges.to_vec();
    let mut work = vec![(entry_pc, entry)];
    while let Some((pc, st)) = work.pop() {
        if pc >= n {
            return Err("falls off the end".into());
        }
        match &states[pc] {
            Some(old) if *old == st => continue,
            Some(old) => {
                // Merge: locals must agree where both are bound; a local bound
                // on one path only becomes unbound.
                // Values of different types meet in a generic plan: boxed
                // (lowering boxes them on the edges that bring the others).
                let merged_stack = if old.stack == st.stack {
                    old.stack.clone()
                } else if generic && old.stack.len() == st.stack.len() {
                    let mut m = Vec::with_capacity(old.stack.len());
                    for (a, b) in old.stack.iter().zip(&st.stack) {
                        match (a, b) {
                            _ if a == b => m.push(*a),
                            (Ty::RangeIter(_), _) | (_, Ty::RangeIter(_)) => {
                                return Err("range iterators differ at a merge".into());
                            }
                            _ => m.push(Ty::Obj),
                        }
                    }
                    m
                } else {
                    return Err("operand stack differs at a merge".into());
                };
                let merged: Vec<Option<Ty>> = old
                    .locals
                    .iter()
                    .zip(st.locals.iter())
                    .map(|(a, b)| if a == b { *a } else { None })
                    .collect();
                for (i, (a, b)) in old.locals.iter().zip(st.locals.iter()).enumerate() {
                    if let (Some(x), Some(y)) = (a, b)
                        && x != y
                    {
                        if generic {
                            return Err(widen(i));
                        }
                        return Err("a local changes type".into());
                    }
                    if osr && a.is_some() != b.is_some() && !forced(i) {
                        if generic {
                            return Err(widen(i));
                        }
                        return Err("a local is assigned on some paths only".into());
                    }
                }
                let m = State {
                    locals: merged,
                    stack: merged_stack,
                };
                if m == *old {
                    continue;
                }
                // Analyse again with the merged state, so that successors
                // see it too.
                states[pc] = Some(m);
            }
            None => {
                states[pc] = Some(st.clone());
            }
        }
        if let Some((lo, hi)) = region
            && !(lo..hi).contains(&pc)
        {
            // Leaving the compiled loop: an exit to the interpreter.
            region_exits[pc] = true;
            block_starts[pc] = true;
            continue;
        }
        let st = states[pc].clone().expect("just set");
        let mut locals = st.locals.clone();
        let mut stack = st.stack.clone();
        let mut next = vec![pc + 1];
        let pop = |stack: &mut Vec<Ty>| stack.pop().ok_or_else(|| "stack underflow".to_string());
        let snapshot = (generic && matches!(code.code[pc], Op::LoadGlobal(_)))
            .then(|| (states.clone(), builtins.len(), calls.len()));
        let typed = (|| -> Result<(), Reject> {
            match code.code[pc] {
                Op::Nop => {}
                Op::PopTop => {
                    pop(&mut stack)?;
                }
                Op::Copy(k) => {
                    let at = stack.len().wrapping_sub(k as usize);
                    let mut v = *stack.get(at).ok_or("bad copy")?;
                    if v == Ty::Float {
                        // Two uses of one float: boxed once, so that both
                        // see the same object.
                        if !generic {
                            return Err("a copied float".into());
                        }
                        v = Ty::Obj;
                        stack[at] = v;
                    }
                    stack.push(v);
                }
                Op::Swap(k) => {
                    let len = stack.len();
                    if (k as usize) > len {
                        return Err("bad swap".into());
                    }
                    stack.swap(len - 1, len - k as usize);
                }
                Op::LoadConst(i) => match consts.get(i as usize).copied().flatten() {
                    Some(ConstVal::Int(_)) => stack.push(Ty::Int),
                    Some(ConstVal::Bool(_)) => stack.push(Ty::Bool),
                    _ => return Err("unsupported constant".into()),
                },
                Op::LoadFast(i) => match locals[i as usize] {
                    Some(t) => stack.push(t),
                    None => return Err("a local may be unbound".into()),
                },
                Op::StoreFast(i) => {
                    let t = pop(&mut stack)?;
                    if matches!(t, Ty::RangeIter(_)) {
                        return Err("range iterator stored in a local".into());
                    }
                    if t == Ty::Float && !forced(i as usize) {
                        // A float local is boxed as it is stored (the
                        // generic rule of a widened local): it may be used
                        // more than once, and each use must see the same
                        // object.
                        return Err(widen(i as usize));
                    }
                    match local_types[i as usize] {
                        Some(old) if old != t => return Err("a local changes type".into()),
                        _ => local_types[i as usize] = Some(t),
                    }
                    locals[i as usize] = Some(t);
                }
                Op::BinaryOp(op, _) => {
                    let b = pop(&mut stack)?;
                    let a = pop(&mut stack)?;
                    let (ua, ub) = (opts.guess(pc, a), opts.guess(pc, b));
                    let r = binop_type(op, ua.unwrap_or(a), ub.unwrap_or(b))?;
                    note_unboxed(&mut unboxed, pc, [ua, ub]);
                    stack.push(r);
                }
                Op::CompareOp(_) => {
                    let b = pop(&mut stack)?;
                    let a = pop(&mut stack)?;
                    let (ua, ub) = (opts.guess(pc, a), opts.guess(pc, b));
                    let (a, b) = (ua.unwrap_or(a), ub.unwrap_or(b));
                    note_unboxed(&mut unboxed, pc, [ua, ub]);
                    if a == Ty::Bool || b == Ty::Bool {
                        return Err("comparison of bools".into());
                    }
                    if !a.is_scalar() || !b.is_scalar() {
                        return Err("comparison of containers or iterators".into());
                    }
                    stack.push(Ty::Bool);
                }
                Op::UnaryNegative => {
                    let a = pop(&mut stack)?;
                    if !matches!(a, Ty::Int | Ty::Float) {
                        return Err(reject!("negation of {a:?}"));
                    }
                    stack.push(a);
                }
                Op::UnaryNot => {
                    if !pop(&mut stack)?.is_scalar() {
                        return Err("truth of a container or iterator".into());
                    }
                    stack.push(Ty::Bool);
                }
                Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                    if !pop(&mut stack)?.is_scalar() {
                        return Err("truth of a container or iterator".into());
                    }
                    next.push(t as usize);
                }
                Op::Jump(t) | Op::JumpBackward(t) => next = vec![t as usize],
                Op::BinarySubscr => {
                    let index = pop(&mut stack)?;
                    let container = pop(&mut stack)?;
                    match (container, index) {
                        (Ty::List(e) | Ty::Tuple(e), Ty::Int) => stack.push(e.ty()),
                        _ => return Err(reject!("{container:?}[{index:?}]")),
                    }
                }
                Op::UnpackSequence(n) => match pop(&mut stack)? {
                    Ty::List(e) | Ty::Tuple(e) => {
                        for _ in 0..n {
                            stack.push(e.ty());
                        }
                    }
                    other => return Err(reject!("unpacking {other:?}")),
                },
                Op::StoreSubscr => {
                    let index = pop(&mut stack)?;
                    let container = pop(&mut stack)?;
                    let value = pop(&mut stack)?;
                    match (container, index) {
                        (Ty::List(_), Ty::Int) if value.is_scalar() => has_effects = true,
                        _ => return Err(reject!("{container:?}[{index:?}] = {value:?}")),
                    }
                }
                Op::ReturnValue => {
                    let t = pop(&mut stack)?;
                    if !t.is_scalar() {
                        return Err("returns a container or iterator".into());
                    }
                    match return_type {
                        Some(r) if r != t => return Err("returns values of different types".into()),
                        _ => return_type = Some(t),
                    }
                    next.clear();
                }
                Op::LoadGlobal(i)
                    if code.names[i as usize] == "range"
                        && matches!(code.code.get(pc + 1), Some(Op::PushNull)) =>
                {
                    // `range(args)` whose result goes straight into GET_ITER.
                    let mut sub = stack.clone();
                    let depth0 = sub.len();
                    let mut q = pc + 2;
                    let mut last_const: Option<i64> = None;
                    let mut pending: Vec<Pending> = Vec::new();
                    let nargs = loop {
                        let op = *code.code.get(q).ok_or("unterminated range call")?;
                        if nested_call(
                            code,
                            q,
                            &locals,
                            &mut sub,
                            &mut pending,
                            &mut NestedCalls {
                                builtins: &mut builtins,
                                calls: &mut calls,
                                callees: &mut *callees,
                            },
                            &mut states,
                        )? {
                            q += if matches!(op, Op::Call(_)) { 1 } else { 2 };
                            last_const = None;
                            continue;
                        }
                        if let Op::Call(k) = op
                            && (1..=3).contains(&(k as usize))
                            && sub.len() == depth0 + k as usize
                        {
                            break k as usize;
                        }
                        if op.jump_target().is_some() || block_starts[q] {
                            return Err("control flow inside range arguments".into());
                        }
                        states[q] = Some(State {
                            locals: locals.clone(),
                            stack: sub.clone(),
                        });
                        last_const = None;
                        match op {
                            Op::LoadFast(i) => sub.push(locals[i as usize].ok_or("unbound local")?),
                            Op::LoadConst(i) => match consts.get(i as usize).copied().flatten() {
                                Some(ConstVal::Int(c)) => {
                                    sub.push(Ty::Int);
                                    last_const = Some(c);
                                }
                                _ => return Err("non-int range argument".into()),
                            },
                            Op::BinaryOp(bop, _) => {
                                let b = sub.pop().ok_or("underflow")?;
                                let a = sub.pop().ok_or("underflow")?;
                                sub.push(binop_type(bop, a, b)?);
                            }
                            Op::UnaryNegative => {}
                            _ => return Err(reject!("{op:?} in range arguments")),
                        }
                        q += 1;
                    };
                    if sub[depth0..].iter().any(|t| *t != Ty::Int) {
                        return Err("non-int range arguments".into());
                    }
                    let step = if nargs == 3 {
                        match last_const {
                            Some(c) if c != 0 => c,
                            _ => return Err("range step must be a nonzero constant".into()),
                        }
                    } else {
                        1
                    };
                    if !matches!(code.code.get(q + 1), Some(Op::GetIter)) {
                        return Err("range() not iterated directly".into());
                    }
                    states[pc + 1] = Some(State {
                        locals: locals.clone(),
                        stack: stack.clone(),
                    });
                    states[q] = Some(State {
                        locals: locals.clone(),
                        stack: sub.clone(),
                    });
                    let site = (q + 1) as u32;
                    states[q + 1] = Some(State {
                        locals: locals.clone(),
                        stack: stack.clone(),
                    });
                    if !range_sites.contains(&site) {
                        range_sites.push(site);
                        range_steps.push((site, step));
                    }
                    stack.push(Ty::RangeIter(site));
                    next = vec![q + 2];
                }
                Op::ForIter(t) => {
                    match stack.last() {
                        Some(Ty::RangeIter(_)) => {}
                        _ => return Err("for loop over something other than range()".into()),
                    }
                    let mut exit_stack = stack.clone();
                    exit_stack.pop();
                    work.push((
                        t as usize,
                        State {
                            locals: locals.clone(),
                            stack: exit_stack,
                        },
                    ));
                    stack.push(Ty::Int);
                }
                Op::LoadGlobal(gi) if matches!(code.code.get(pc + 1), Some(Op::PushNull)) => {
                    let callee = code.names[gi as usize].clone();
                    let is_self = is_self_call(code, pc);
                    // Consumed together with PUSH_NULL and the CALL below.
                    // Evaluate the argument expressions: they follow PUSH_NULL and
                    // end at the matching CALL, with no control flow in between.
                    let mut sub = stack.clone();
                    let mut q = pc + 2;
                    let depth0 = sub.len();
                    let mut pending: Vec<Pending> = Vec::new();
                    loop {
                        let op = *code.code.get(q).ok_or("unterminated call")?;
                        if nested_call(
                            code,
                            q,
                            &locals,
                            &mut sub,
                            &mut pending,
                            &mut NestedCalls {
                                builtins: &mut builtins,
                                calls: &mut calls,
                                callees: &mut *callees,
                            },
                            &mut states,
                        )? {
                            q += if matches!(op, Op::Call(_)) { 1 } else { 2 };
                            continue;
                        }
                        if let Op::Call(k) = op
                            && sub.len() == depth0 + k as usize
                        {
                            break;
                        }
                        if op.jump_target().is_some() || block_starts[q] {
                            return Err("control flow inside call arguments".into());
                        }
                        // Re-analyse the argument instructions one by one.
                        let inner = State {
                            locals: locals.clone(),
                            stack: sub.clone(),
                        };
                        states[q] = Some(inner);
                        match op {
                            Op::LoadFast(i) => sub.push(locals[i as usize].ok_or("unbound local")?),
                            Op::LoadConst(i) => {
                                sub.push(match consts.get(i as usize).copied().flatten() {
                                    Some(ConstVal::Int(_)) => Ty::Int,
                                    Some(ConstVal::Bool(_)) => Ty::Bool,
                                    _ => return Err("unsupported constant".into()),
                                })
                            }
                            Op::BinaryOp(bop, _) => {
                                let b = sub.pop().ok_or("underflow")?;
                                let a = sub.pop().ok_or("underflow")?;
                                sub.push(binop_type(bop, a, b)?);
                            }
                            Op::UnaryNegative => {}
                            _ => return Err(reject!("{op:?} in self-call arguments")),
                        }
                        q += 1;
                    }
                    let call_types = sub[depth0..].to_vec();
                    let builtin = Builtin::named(&callee).filter(|_| callee != code.name);
                    let ret = if let Some(b) = builtin {
                        let ret = b.result(&call_types).ok_or_else(|| {
                            format!("{}() of {call_types:?} is not compiled", b.name())
                        })?;
                        if !builtins.contains(&(pc as u32, b)) {
                            builtins.push((pc as u32, b));
                        }
                        ret
                    } else if is_self {
                        if generic {
                            return Err("a generic plan calls itself generically".into());
                        }
                        if osr {
                            // The compiled region is the loop, not the function.
                            return Err("recursive call inside an on-stack-replaced loop".into());
                        }
                        if call_types != arg_types {
                            return Err("self-call with different argument types".into());
                        }
                        self_calls = true;
                        self_ret
                    } else {
                        let (ret, out_words) = callees(&callee, &call_types)
                            .ok_or_else(|| format!("call of '{callee}', which is not compiled"))?;
                        calls.push(Callee {
                            pc: pc as u32,
                            name: callee.clone(),
                            arg_types: call_types.clone(),
                            ret,
                            out_words,
                        });
                        ret
                    };
                    states[pc + 1] = Some(State {
                        locals: locals.clone(),
                        stack: stack.clone(),
                    });
                    states[q] = Some(State {
                        locals: locals.clone(),
                        stack: sub.clone(),
                    });
                    stack.push(ret);
                    next = vec![q + 1];
                }
                Op::LoadGlobal(gi) => {
                    // A global holding a number: a constant of the compiled code,
                    // guarded (lib.rs) by the global still holding that object.
                    let name = &code.names[gi as usize];
                    let c = global_const(name)
                        .ok_or_else(|| format!("global '{name}' is not a number"))?;
                    if !global_consts.iter().any(|(p, _)| *p as usize == pc) {
                        global_consts.push((pc as u32, c));
                    }
                    if let ConstVal::Obj(_) = c {
                        return Err("global is not a number".into());
                    }
                    stack.push(c.ty());
                }
                // No typed rule (`Jit::Generic` and `Jit::Leaves`).
                other @ (Op::DeleteFast(_)
                | Op::StoreGlobal(_)
                | Op::DeleteGlobal(_)
                | Op::LoadName(_)
                | Op::StoreName(_)
                | Op::DeleteName(_)
                | Op::LoadDeref(_)
                | Op::StoreDeref(_)
                | Op::DeleteDeref(_)
                | Op::LoadClassDeref(_)
                | Op::LoadClosure(_)
                | Op::LoadAttr(_)
                | Op::StoreAttr(_)
                | Op::DeleteAttr(_)
                | Op::LoadMethod(_)
                | Op::PushNull
                | Op::Call(_)
                | Op::CallKw(_)
                | Op::CallEx(_)
                | Op::UnaryPositive
                | Op::UnaryInvert
                | Op::IsOp(_)
                | Op::ContainsOp(_)
                | Op::DeleteSubscr
                | Op::BuildSlice(_)
                | Op::BuildTuple(_)
                | Op::BuildList(_)
                | Op::BuildSet(_)
                | Op::BuildMap(_)
                | Op::BuildString(_)
                | Op::ListAppend(_)
                | Op::SetAdd(_)
                | Op::MapAdd(_)
                | Op::ListExtend(_)
                | Op::SetUpdate(_)
                | Op::DictUpdate(_)
                | Op::DictMerge(_)
                | Op::ListToTuple
                | Op::FormatValue(_)
                | Op::UnpackEx(_)
                | Op::GetIter
                | Op::GetYieldFromIter
                | Op::GetAwaitable(_)
                | Op::GetAIter
                | Op::GetANext
                | Op::EndAsyncFor
                | Op::BeforeAsyncWith
                | Op::AsyncGenWrap
                | Op::Send(_)
                | Op::JumpIfFalseOrPop(_)
                | Op::JumpIfTrueOrPop(_)
                | Op::YieldValue
                | Op::MakeFunction(_)
                | Op::LoadBuildClass
                | Op::ImportName(_)
                | Op::ImportFrom(_)
                | Op::ImportStar
                | Op::RaiseVarargs(_)
                | Op::Reraise
                | Op::PushExcInfo
                | Op::PopExcept
                | Op::CheckExcMatch
                | Op::LoadAssertionError
                | Op::BeforeWith
                | Op::WithExceptStart
                | Op::WithExit
                | Op::PrintExpr
                | Op::CheckEgMatch
                | Op::PrepReraiseStar
                | Op::MatchSequence
                | Op::MatchMapping
                | Op::GetLen
                | Op::MatchKeys
                | Op::MatchClass(_)
                | Op::NotImplemented(_)) => {
                    return Err(reject!("{other:?} is not compiled yet"));
                }
            }
            Ok(())
        })();
        generic_at[pc] = typed.is_err();
        if let Err(e) = typed {
            if !generic || e.widen.is_some() {
                return Err(e);
            }
            // The typed rules do not apply: the generic ones do.
            if let Some((s, b, c)) = snapshot {
                states = s;
                builtins.truncate(b);
                calls.truncate(c);
            }
            locals = st.locals.clone();
            stack = st.stack.clone();
            next = vec![pc + 1];
            let mut g = Generic {
                locals: &mut locals,
                stack: &mut stack,
                next: &mut next,
                return_type: &mut return_type,
                work: &mut work,
            };
            if !g.step(code, &consts, pc, opts)? {
                // Not compiled: the interpreter takes over before it.
                bail[pc] = true;
                block_starts[pc] = true;
                next.clear();
            }
        }
        for t in next {
            work.push((
                t,
                State {
                    locals: locals.clone(),
                    stack: stack.clone(),
                },
            ));
        }
    }
    // A loop compiled alone may never return (it always leaves through an exit).
    let return_type = match return_type {
        Some(t) => t,
        None if region.is_some() => Ty::Int,
        // Every path leaves for the interpreter before returning.
        None if generic => Ty::Obj,
        None => return Err("never returns".into()),
    };
    if self_calls && has_effects {
        // A failure inside a nested activation could not be repeated.
        return Err("a recursive function with side effects".into());
    }
    if self_calls && return_type != self_ret {
        return Err("self-call result type differs".into());
    }
    Ok(Plan {
        entry_pc,
        entry_state: states[entry_pc].clone().ok_or("entry unreachable")?,
        osr,
        arg_types,
        local_types,
        states,
        block_starts,
        return_type,
        consts,
        self_calls,
        self_name: code.name.clone(),
        range_sites,
        range_steps,
        region_exits,
        calls,
        builtins,
        has_effects: has_effects || generic,
        global_consts,
        generic,
        bail,
        generic_at,
        all_boxed: false,
        unboxed,
        entry_types,
    })
}

/// The generic rules: any value as `Ty::Obj`, operations through helpers.
struct Generic<'a> {
    locals: &'a mut Vec<Option<Ty>>,
    stack: &'a mut Vec<Ty>,
    next: &'a mut Vec<usize>,
    return_type: &'a mut Option<Ty>,
    work: &'a mut Vec<(usize, State)>,
}

impl Generic<'_> {
    fn pop(&mut self, n: usize) -> Result<Vec<Ty>, Reject> {
        if self.stack.len() < n {
            return Err("stack underflow".into());
        }
        Ok(self.stack.split_off(self.stack.len() - n))
    }

    /// Applies the generic rule of the instruction at `pc`; false when
    /// there is none (the plan leaves for the interpreter there).
    fn step(
        &mut self,
        code: &CodeObject,
        consts: &[Option<ConstVal>],
        pc: usize,
        opts: &Opts,
    ) -> Result<bool, Reject> {
        let op = code.code[pc];
        let forced = |i: u32| opts.forced.get(i as usize).copied().unwrap_or(false);
        // Operands consumed by a helper are boxed; a range iterator is not
        // a value compiled code can box, and floats lose their identity.
        let consumed = op.pops() as usize;
        let top = &self.stack[self.stack.len().saturating_sub(consumed)..];
        if top.iter().any(|t| matches!(t, Ty::RangeIter(_)))
            || matches!(op, Op::IsOp(_)) && top.contains(&Ty::Float)
        {
            return Ok(false);
        }
        match op {
            Op::LoadConst(i) => match consts.get(i as usize).copied().flatten() {
                Some(c) => self.stack.push(c.ty()),
                None => return Ok(false),
            },
            Op::LoadFast(i) => {
                if !forced(i) {
                    return Err(widen(i as usize));
                }
                self.stack.push(Ty::Obj);
            }
            Op::StoreFast(i) => {
                if !forced(i) {
                    return Err(widen(i as usize));
                }
                self.pop(1)?;
                self.locals[i as usize] = Some(Ty::Obj);
            }
            Op::DeleteFast(i) => {
                if !forced(i) {
                    return Err(widen(i as usize));
                }
                self.locals[i as usize] = None;
            }
            Op::BinaryOp(..) | Op::CompareOp(_) | Op::BinarySubscr => {
                self.pop(2)?;
                self.stack.push(Ty::Obj);
            }
            Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert => {
                self.pop(1)?;
                self.stack.push(Ty::Obj);
            }
            Op::UnaryNot => {
                self.pop(1)?;
                self.stack.push(Ty::Bool);
            }
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                self.pop(1)?;
                self.next.push(t as usize);
            }
            Op::StoreSubscr => {
                self.pop(3)?;
            }
            Op::UnpackSequence(n) => {
                self.pop(1)?;
                for _ in 0..n {
                    self.stack.push(Ty::Obj);
                }
            }
            Op::ReturnValue => {
                let t = self.pop(1)?[0];
                *self.return_type = match *self.return_type {
                    Some(r) if r == t && t.is_scalar() => Some(t),
                    None if t.is_scalar() => Some(t),
                    _ => Some(Ty::Obj),
                };
                self.next.clear();
            }
            Op::LoadGlobal(_) | Op::PushNull => self.stack.push(Ty::Obj),
            Op::LoadAttr(_) | Op::GetIter => {
                self.pop(1)?;
                self.stack.push(Ty::Obj);
            }
            Op::LoadMethod(_) => {
                self.pop(1)?;
                self.stack.push(Ty::Obj);
                self.stack.push(Ty::Obj);
            }
            Op::StoreAttr(_) => {
                self.pop(2)?;
            }
            Op::Call(n) => {
                self.pop(n as usize + 2)?;
                self.stack.push(Ty::Obj);
            }
            Op::BuildTuple(n)
            | Op::BuildList(n)
            | Op::BuildString(n)
            | Op::BuildSlice(n)
            | Op::BuildSet(n) => {
                self.pop(n as usize)?;
                self.stack.push(Ty::Obj);
            }
            Op::BuildMap(n) => {
                self.pop(2 * n as usize)?;
                self.stack.push(Ty::Obj);
            }
            Op::FormatValue(fl) => {
                self.pop(1 + usize::from(fl & 4 != 0))?;
                self.stack.push(Ty::Obj);
            }
            Op::CallKw(n) => {
                self.pop(n as usize + 3)?;
                self.stack.push(Ty::Obj);
            }
            Op::LoadDeref(_) | Op::LoadClosure(_) | Op::LoadName(_) => self.stack.push(Ty::Obj),
            Op::StoreDeref(_) | Op::StoreName(_) => {
                self.pop(1)?;
            }
            Op::MakeFunction(fl) => {
                self.pop((fl & 15).count_ones() as usize + 1)?;
                self.stack.push(Ty::Obj);
            }
            Op::ListAppend(i) | Op::SetAdd(i) | Op::MapAdd(i) => {
                // The container, built by this code, must be boxed.
                let k = if matches!(op, Op::MapAdd(_)) { 2 } else { 1 };
                let at = self
                    .stack
                    .len()
                    .checked_sub(k + i as usize)
                    .ok_or("container")?;
                if self.stack[at] != Ty::Obj {
                    return Ok(false);
                }
                self.pop(k)?;
            }
            Op::IsOp(_) | Op::ContainsOp(_) => {
                self.pop(2)?;
                self.stack.push(Ty::Bool);
            }
            Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                // Jumping keeps the value; going on pops it.
                match self.stack.last() {
                    Some(Ty::RangeIter(_)) | None => return Ok(false),
                    Some(_) => {}
                }
                self.work.push((
                    t as usize,
                    State {
                        locals: self.locals.clone(),
                        stack: self.stack.clone(),
                    },
                ));
                self.pop(1)?;
            }
            Op::ForIter(t) if self.stack.last() == Some(&Ty::Obj) => {
                let mut exit_stack = self.stack.clone();
                exit_stack.pop();
                self.work.push((
                    t as usize,
                    State {
                        locals: self.locals.clone(),
                        stack: exit_stack,
                    },
                ));
                self.stack.push(Ty::Obj);
            }
            // `Jit::Leaves`, the typed-only instructions (their typed rule
            // failed) and a `for` over an iterator that is not boxed.
            Op::Nop
            | Op::PopTop
            | Op::Copy(_)
            | Op::Swap(_)
            | Op::StoreGlobal(_)
            | Op::DeleteGlobal(_)
            | Op::DeleteName(_)
            | Op::DeleteDeref(_)
            | Op::LoadClassDeref(_)
            | Op::DeleteAttr(_)
            | Op::CallEx(_)
            | Op::DeleteSubscr
            | Op::ListExtend(_)
            | Op::SetUpdate(_)
            | Op::DictUpdate(_)
            | Op::DictMerge(_)
            | Op::ListToTuple
            | Op::UnpackEx(_)
            | Op::GetYieldFromIter
            | Op::GetAwaitable(_)
            | Op::GetAIter
            | Op::GetANext
            | Op::EndAsyncFor
            | Op::BeforeAsyncWith
            | Op::AsyncGenWrap
            | Op::Send(_)
            | Op::ForIter(_)
            | Op::Jump(_)
            | Op::JumpBackward(_)
            | Op::YieldValue
            | Op::LoadBuildClass
            | Op::ImportName(_)
            | Op::ImportFrom(_)
            | Op::ImportStar
            | Op::RaiseVarargs(_)
            | Op::Reraise
            | Op::PushExcInfo
            | Op::PopExcept
            | Op::CheckExcMatch
            | Op::LoadAssertionError
            | Op::BeforeWith
            | Op::WithExceptStart
            | Op::WithExit
            | Op::PrintExpr
            | Op::CheckEgMatch
            | Op::PrepReraiseStar
            | Op::MatchSequence
            | Op::MatchMapping
            | Op::GetLen
            | Op::MatchKeys
            | Op::MatchClass(_)
            | Op::NotImplemented(_) => return Ok(false),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egret_bytecode::Jit;

    /// The generic rules cover exactly the instructions the instruction
    /// table marks `Jit::Generic` (and the typed ones that have one); the
    /// ones it marks `Jit::Leaves` have none. (The typed rules' coverage is
    /// checked by the compiler: their `match` lists every instruction.)
    #[test]
    fn generic_rules_follow_the_instruction_table() {
        let opts = Opts {
            generic: true,
            forced: vec![true],
            feedback: vec![0],
        };
        let consts = [Some(ConstVal::Obj(0))];
        for op in Op::examples() {
            let code = CodeObject {
                code: vec![op].into(),
                varnames: vec!["x".into()],
                names: vec!["x".into()],
                ..CodeObject::default()
            };
            let (mut locals, mut stack) = (vec![Some(Ty::Obj)], vec![Ty::Obj; 8]);
            let (mut next, mut return_type, mut work) = (vec![1], None, Vec::new());
            let mut g = Generic {
                locals: &mut locals,
                stack: &mut stack,
                next: &mut next,
                return_type: &mut return_type,
                work: &mut work,
            };
            let compiled = g.step(&code, &consts, 0, &opts).map_err(|e| e.msg);
            match op.jit() {
                Jit::Generic => assert_eq!(compiled, Ok(true), "{op:?}"),
                Jit::Leaves => assert_eq!(compiled, Ok(false), "{op:?}"),
                Jit::Typed => assert!(compiled.is_ok(), "{op:?}"),
            }
        }
    }
}
