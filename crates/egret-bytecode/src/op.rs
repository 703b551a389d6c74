//! The instruction table: every opcode written once.
//!
//! Each line of the [`ops!`] table below gives an instruction's variant and
//! operands, its name as in CPython's `dis` (where CPython has one), its stack
//! effect, how control leaves it, how the JIT treats it and what feedback it
//! records. The macro turns the table into [`Op`] and the methods that answer
//! those questions, so the compiler's stack-depth analysis, the disassembler
//! and the JIT's coverage test read the same facts. It does not say what an
//! instruction does: the interpreter (egret-runtime's `interp.rs`) is the
//! specification.
//!
//! A line reads
//!
//! ```text
//! Variant(operand: Type, ..) = "NAME", pops => pushes, flow, jit, feedback;
//! ```
//!
//! `pops` counts the items the instruction reads from the stack (including
//! ones it leaves in place: `Copy(n)` pops `n` and pushes `n + 1`) and
//! `pushes` the items there in their place afterwards; both may use the
//! operands. `flow` is one of [`Flow`]: `Branch(target)` also names the
//! operand holding the jump target, and `Branch(target => k)` says the taken
//! branch pushes `k` items instead of `pushes` (as CPython's
//! `stack_effect(op, arg, jump)`).

use crate::{BinOp, CmpOp};

/// How control leaves an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// To the next instruction.
    Next,
    /// To the jump target or the next instruction.
    Branch,
    /// To the jump target only.
    Goto,
    /// Out of the frame (return) or to the exception handler (raise).
    Stop,
}

/// How the JIT (egret-jit's `specialize`) treats an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jit {
    /// A typed rule: numbers unboxed in registers (boxed values take the
    /// generic rule where there is one).
    Typed,
    /// Only the generic rule: boxed values, runtime helpers.
    Generic,
    /// Not compiled: compiled code leaves for the interpreter before it.
    Leaves,
}

/// What an instruction records in its feedback slot for the JIT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feedback {
    Nothing,
    /// The types of its operands (`function::feedback` bits).
    OperandTypes,
    /// The kind of callee.
    Callee,
}

macro_rules! ops {
    ($(
        $(#[$doc:meta])*
        $variant:ident $(( $($field:ident: $ty:ty),+ ))? = $name:literal,
        $pops:expr => $pushes:expr,
        $flow:ident $(( $target:ident $(=> $jump_pushes:expr)? ))?,
        $jit:ident, $feedback:ident;
    )*) => {
        /// One instruction. Stack effects are written `[before] -> [after]`, top of
        /// stack rightmost; "JIT" notes how compiled code treats it. What it
        /// records as feedback is the table's last column ([`Op::feedback`]).
        #[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum Op {
            $( $(#[$doc])* $variant $(( $($ty),+ ))?, )*
        }

        impl Op {
            /// The instruction's name (CPython's where it has one).
            pub fn name(self) -> &'static str {
                match self {
                    $( Op::$variant { .. } => $name, )*
                }
            }

            /// How many items the instruction reads from the stack.
            pub fn pops(self) -> u32 {
                match self {
                    $( Op::$variant $(( $($field),+ ))? => {
                        $($( let _ = $field; )+)?
                        $pops
                    } )*
                }
            }

            /// How many items it leaves in their place, on the taken branch
            /// of a jump if `jump`.
            pub fn pushes(self, jump: bool) -> u32 {
                match self {
                    $( Op::$variant $(( $($field),+ ))? => {
                        $($( let _ = $field; )+)?
                        let _ = jump;
                        $($( if jump { $jump_pushes } else )?)? { $pushes }
                    } )*
                }
            }

            /// How control leaves the instruction.
            pub fn flow(self) -> Flow {
                match self {
                    $( Op::$variant { .. } => Flow::$flow, )*
                }
            }

            /// How the JIT treats the instruction.
            pub fn jit(self) -> Jit {
                match self {
                    $( Op::$variant { .. } => Jit::$jit, )*
                }
            }

            /// What the instruction records in its feedback slot.
            pub fn feedback(self) -> Feedback {
                match self {
                    $( Op::$variant { .. } => Feedback::$feedback, )*
                }
            }

            /// The jump target, for instructions that have one.
            pub fn jump_target(self) -> Option<u32> {
                match self {
                    $($( Op::$variant($target) => Some($target), )?)*
                    _ => None,
                }
            }

            /// Replaces the jump target (used when the compiler patches labels).
            pub fn with_target(self, t: u32) -> Op {
                match self {
                    $($( Op::$variant($target) => {
                        let _ = $target;
                        Op::$variant(t)
                    } )?)*
                    other => other,
                }
            }

            /// One instruction of each kind (operands at their defaults),
            /// for tests that must cover every opcode.
            pub fn examples() -> Vec<Op> {
                vec![ $( Op::$variant $(( $( <$ty>::default() ),+ ))?, )* ]
            }
        }
    };
}

ops! {
    /// `[] -> []`.
    Nop = "NOP", 0 => 0, Next, Typed, Nothing;
    /// `[a] -> []`.
    PopTop = "POP_TOP", 1 => 0, Next, Typed, Nothing;
    /// `[.. a(n-th)] -> [.. a(n-th) a]`: push a copy of the n-th item (1 = top).
    Copy(n: u32) = "COPY", n => n + 1, Next, Typed, Nothing;
    /// `[.. a(n-th) .. b] -> [.. b .. a]`: swap top and n-th item.
    Swap(n: u32) = "SWAP", n => n, Next, Typed, Nothing;
    /// `[] -> [const]`.
    LoadConst(i: u32) = "LOAD_CONST", 0 => 1, Next, Typed, Nothing;
    /// `[] -> [local]`; UnboundLocalError if unset.
    LoadFast(i: u32) = "LOAD_FAST", 0 => 1, Next, Typed, Nothing;
    /// `[v] -> []`.
    StoreFast(i: u32) = "STORE_FAST", 1 => 0, Next, Typed, Nothing;
    /// `[] -> []`: unbind a local (UnboundLocalError if unset).
    DeleteFast(i: u32) = "DELETE_FAST", 0 => 0, Next, Generic, Nothing;
    /// `[] -> [v]`: global, then builtins. JIT: guarded by the globals version.
    LoadGlobal(i: u32) = "LOAD_GLOBAL", 0 => 1, Next, Typed, Nothing;
    /// `[v] -> []`.
    StoreGlobal(i: u32) = "STORE_GLOBAL", 1 => 0, Next, Leaves, Nothing;
    /// `[] -> []`: unbind a global (NameError if unset).
    DeleteGlobal(i: u32) = "DELETE_GLOBAL", 0 => 0, Next, Leaves, Nothing;
    /// `[] -> [v]`: locals mapping, globals, builtins (module and class bodies).
    LoadName(i: u32) = "LOAD_NAME", 0 => 1, Next, Generic, Nothing;
    /// `[v] -> []`: into the locals mapping (the globals in a module body).
    StoreName(i: u32) = "STORE_NAME", 1 => 0, Next, Generic, Nothing;
    /// `[] -> []`: unbind a name of the locals mapping (NameError if unset).
    DeleteName(i: u32) = "DELETE_NAME", 0 => 0, Next, Leaves, Nothing;
    /// `[] -> [cell contents]`; index into cellvars ++ freevars.
    LoadDeref(i: u32) = "LOAD_DEREF", 0 => 1, Next, Generic, Nothing;
    /// `[v] -> []`: into the cell.
    StoreDeref(i: u32) = "STORE_DEREF", 1 => 0, Next, Generic, Nothing;
    /// `[] -> []`: empty the cell (an error if it is empty).
    DeleteDeref(i: u32) = "DELETE_DEREF", 0 => 0, Next, Leaves, Nothing;
    /// `[] -> [v]` in a class body: the class namespace first, then the cell.
    LoadClassDeref(i: u32) = "LOAD_CLASSDEREF", 0 => 1, Next, Leaves, Nothing;
    /// `[] -> [cell]`: the cell object itself, to build a closure.
    LoadClosure(i: u32) = "LOAD_CLOSURE", 0 => 1, Next, Generic, Nothing;
    /// `[obj] -> [obj.name]`. The interpreter caches the lookup per site.
    LoadAttr(i: u32) = "LOAD_ATTR", 1 => 1, Next, Generic, Nothing;
    /// `[v obj] -> []`: `obj.name = v`.
    StoreAttr(i: u32) = "STORE_ATTR", 2 => 0, Next, Generic, Nothing;
    /// `[obj] -> []`.
    DeleteAttr(i: u32) = "DELETE_ATTR", 1 => 0, Next, Leaves, Nothing;
    /// `[obj] -> [func self]` when `name` is a plain function on the type,
    /// else `[attr NULL]`. Pairs with `Call`.
    LoadMethod(i: u32) = "LOAD_METHOD", 1 => 2, Next, Generic, Nothing;
    /// `[] -> [NULL]`: the empty self slot of a plain call.
    PushNull = "PUSH_NULL", 0 => 1, Next, Generic, Nothing;
    /// `[func self|NULL a1..an] -> [result]`. Feedback: callee.
    Call(n: u32) = "CALL", n + 2 => 1, Next, Generic, Callee;
    /// `[func self|NULL a1..an names] -> [result]`: the last `len(names)`
    /// arguments are keyword arguments named by the tuple `names`.
    CallKw(n: u32) = "CALL_KW", n + 3 => 1, Next, Generic, Nothing;
    /// `[func NULL args_tuple kwargs_dict?] -> [result]`; arg = 1 if kwargs present.
    CallEx(kw: u32) = "CALL_FUNCTION_EX", 3 + u32::from(kw != 0) => 1, Next, Leaves, Nothing;
    /// `[a b] -> [a op b]`. Feedback: operand types. arg: operator, in-place flag.
    BinaryOp(op: BinOp, inplace: bool) = "BINARY_OP", 2 => 1, Next, Typed, OperandTypes;
    /// `[a] -> [-a]`.
    UnaryNegative = "UNARY_NEGATIVE", 1 => 1, Next, Typed, Nothing;
    /// `[a] -> [+a]`.
    UnaryPositive = "UNARY_POSITIVE", 1 => 1, Next, Generic, Nothing;
    /// `[a] -> [~a]`.
    UnaryInvert = "UNARY_INVERT", 1 => 1, Next, Generic, Nothing;
    /// `[a] -> [not a]`.
    UnaryNot = "UNARY_NOT", 1 => 1, Next, Typed, Nothing;
    /// `[a b] -> [a op b]`. Feedback: operand types.
    CompareOp(op: CmpOp) = "COMPARE_OP", 2 => 1, Next, Typed, OperandTypes;
    /// `[a b] -> [a is b]` (arg 1: `is not`).
    IsOp(invert: bool) = "IS_OP", 2 => 1, Next, Generic, Nothing;
    /// `[a b] -> [a in b]` (arg 1: `not in`).
    ContainsOp(invert: bool) = "CONTAINS_OP", 2 => 1, Next, Generic, Nothing;
    /// `[container key] -> [container[key]]`.
    BinarySubscr = "BINARY_SUBSCR", 2 => 1, Next, Typed, Nothing;
    /// `[v container key] -> []`.
    StoreSubscr = "STORE_SUBSCR", 3 => 0, Next, Typed, Nothing;
    /// `[container key] -> []`.
    DeleteSubscr = "DELETE_SUBSCR", 2 => 0, Next, Leaves, Nothing;
    /// `[start stop (step)] -> [slice]`, arg 2 or 3.
    BuildSlice(n: u32) = "BUILD_SLICE", n => 1, Next, Generic, Nothing;
    /// `[v1 .. vn] -> [tuple]`.
    BuildTuple(n: u32) = "BUILD_TUPLE", n => 1, Next, Generic, Nothing;
    /// `[v1 .. vn] -> [list]`.
    BuildList(n: u32) = "BUILD_LIST", n => 1, Next, Generic, Nothing;
    /// `[v1 .. vn] -> [set]`.
    BuildSet(n: u32) = "BUILD_SET", n => 1, Next, Generic, Nothing;
    /// `[k1 v1 .. kn vn] -> [dict]`.
    BuildMap(n: u32) = "BUILD_MAP", 2 * n => 1, Next, Generic, Nothing;
    /// `[s1 .. sn] -> [s1 + .. + sn]` (f-strings).
    BuildString(n: u32) = "BUILD_STRING", n => 1, Next, Generic, Nothing;
    /// `[list .. v] -> [list ..]`: `list.append(v)` where list is the n-th item under v.
    ListAppend(n: u32) = "LIST_APPEND", n + 1 => n, Next, Generic, Nothing;
    /// `[set .. v] -> [set ..]`: `set.add(v)` where set is the n-th item under v.
    SetAdd(n: u32) = "SET_ADD", n + 1 => n, Next, Generic, Nothing;
    /// `[dict .. k v] -> [dict ..]`.
    MapAdd(n: u32) = "MAP_ADD", n + 2 => n, Next, Generic, Nothing;
    /// `[list .. it] -> [list ..]`: `list.extend(it)`.
    ListExtend(n: u32) = "LIST_EXTEND", n + 1 => n, Next, Leaves, Nothing;
    /// `[set .. it] -> [set ..]`: `set.update(it)`.
    SetUpdate(n: u32) = "SET_UPDATE", n + 1 => n, Next, Leaves, Nothing;
    /// `[dict .. m] -> [dict ..]`: `dict.update(m)` (dict displays with `**`).
    DictUpdate(n: u32) = "DICT_UPDATE", n + 1 => n, Next, Leaves, Nothing;
    /// Like `DictUpdate` but duplicate keys are a TypeError (calls with `**`).
    DictMerge(n: u32) = "DICT_MERGE", n + 1 => n, Next, Leaves, Nothing;
    /// `[list] -> [tuple]`.
    ListToTuple = "LIST_TO_TUPLE", 1 => 1, Next, Leaves, Nothing;
    /// `[v (spec)] -> [str]`: arg bits 0-1 conversion (0 none, 1 str, 2 repr, 3 ascii), bit 2 spec present.
    FormatValue(fl: u32) = "FORMAT_VALUE", 1 + u32::from(fl & 4 != 0) => 1, Next, Generic, Nothing;
    /// `[seq] -> [vn .. v1]`: exactly n items.
    UnpackSequence(n: u32) = "UNPACK_SEQUENCE", 1 => n, Next, Typed, Nothing;
    /// `[seq] -> [after.. list before..]`: arg = before | after << 8.
    UnpackEx(arg: u32) = "UNPACK_EX", 1 => (arg & 0xff) + (arg >> 8) + 1, Next, Leaves, Nothing;
    /// `[obj] -> [iter(obj)]`.
    GetIter = "GET_ITER", 1 => 1, Next, Generic, Nothing;
    /// `[obj] -> [iterator]` for `yield from`: generators are kept as they are.
    GetYieldFromIter = "GET_YIELD_FROM_ITER", 1 => 1, Next, Leaves, Nothing;
    /// `[obj] -> [iterator]` for `await obj`: a coroutine itself, or what
    /// `obj.__await__()` returns. The argument names the source for error
    /// messages: 0 an `await`, 1 `__aenter__`, 2 `__aexit__`.
    GetAwaitable(source: u32) = "GET_AWAITABLE", 1 => 1, Next, Leaves, Nothing;
    /// `[v] -> [aiter]`: `type(v).__aiter__(v)` for `async for`.
    GetAIter = "GET_AITER", 1 => 1, Next, Leaves, Nothing;
    /// `[aiter] -> [aiter awaitable]`: the awaitable of `__anext__()`.
    GetANext = "GET_ANEXT", 1 => 2, Next, Leaves, Nothing;
    /// `[aiter exc] -> []` when exc is StopAsyncIteration (the loop ends);
    /// re-raises exc otherwise.
    EndAsyncFor = "END_ASYNC_FOR", 2 => 0, Next, Leaves, Nothing;
    /// `[mgr] -> [aexit awaitable]`: `async with` entry.
    BeforeAsyncWith = "BEFORE_ASYNC_WITH", 1 => 2, Next, Leaves, Nothing;
    /// `[v] -> [wrapped]`: marks a value an async generator yields (as
    /// opposed to one an `await` in its body passes through).
    AsyncGenWrap = "ASYNC_GEN_WRAP", 1 => 1, Next, Leaves, Nothing;
    /// `[sub sent] -> [sub yielded]`: sends `sent` into the delegated-to
    /// iterator `sub` (`yield from`); when it finishes, `[sub sent] -> [result]`
    /// and jump to the target.
    Send(target: u32) = "SEND", 2 => 2, Branch(target => 1), Leaves, Nothing;
    /// `[it] -> [it next]`, or pops `it` and jumps to target when exhausted.
    /// JIT: `range` iterators become counted loops.
    ForIter(target: u32) = "FOR_ITER", 1 => 2, Branch(target => 0), Typed, Nothing;
    /// Unconditional forward jump.
    Jump(target: u32) = "JUMP_FORWARD", 0 => 0, Goto(target), Typed, Nothing;
    /// Backward jump closing a loop: counts back-edges (JIT: OSR entry point).
    JumpBackward(target: u32) = "JUMP_BACKWARD", 0 => 0, Goto(target), Typed, Nothing;
    /// `[v] -> []`, jump if falsy.
    PopJumpIfFalse(target: u32) = "POP_JUMP_IF_FALSE", 1 => 0, Branch(target), Typed, Nothing;
    /// `[v] -> []`, jump if truthy.
    PopJumpIfTrue(target: u32) = "POP_JUMP_IF_TRUE", 1 => 0, Branch(target), Typed, Nothing;
    /// `[v] -> [v]` and jump if falsy, else `[v] -> []`.
    JumpIfFalseOrPop(target: u32) = "JUMP_IF_FALSE_OR_POP", 1 => 0, Branch(target => 1),
        Generic, Nothing;
    /// `[v] -> [v]` and jump if truthy, else `[v] -> []`.
    JumpIfTrueOrPop(target: u32) = "JUMP_IF_TRUE_OR_POP", 1 => 0, Branch(target => 1),
        Generic, Nothing;
    /// `[v] -> []`, leave the frame with v.
    ReturnValue = "RETURN_VALUE", 1 => 0, Stop, Typed, Nothing;
    /// `[v] -> [sent]`: suspend the generator's frame, handing v to the caller;
    /// resumes with the value sent in (None for `next`).
    YieldValue = "YIELD_VALUE", 1 => 1, Next, Leaves, Nothing;
    /// `[defaults? kwdefaults? annotations? closure? code] -> [function]`; arg bits:
    /// 1 defaults tuple, 2 kwdefaults dict, 4 annotations, 8 closure tuple.
    MakeFunction(fl: u32) = "MAKE_FUNCTION", (fl & 15).count_ones() + 1 => 1, Next, Generic,
        Nothing;
    /// `[] -> [__build_class__]`.
    LoadBuildClass = "LOAD_BUILD_CLASS", 0 => 1, Next, Leaves, Nothing;
    /// `[level fromlist] -> [module]`.
    ImportName(i: u32) = "IMPORT_NAME", 2 => 1, Next, Leaves, Nothing;
    /// `[module] -> [module attr]`.
    ImportFrom(i: u32) = "IMPORT_FROM", 1 => 2, Next, Leaves, Nothing;
    /// `[module] -> []`: `from m import *`.
    ImportStar = "IMPORT_STAR", 1 => 0, Next, Leaves, Nothing;
    /// `[exc? cause?] -> !`: arg 0 re-raises the handled exception, 1 raises exc, 2 raises exc from cause.
    RaiseVarargs(n: u32) = "RAISE_VARARGS", n => 0, Stop, Leaves, Nothing;
    /// `[exc] -> !`: re-raise without adding a traceback entry.
    Reraise = "RERAISE", 1 => 0, Stop, Leaves, Nothing;
    /// `[exc] -> [prev_handled exc]`: start handling exc (sys.exc_info()).
    PushExcInfo = "PUSH_EXC_INFO", 1 => 2, Next, Leaves, Nothing;
    /// `[prev_handled] -> []`: stop handling, restore the previous one.
    PopExcept = "POP_EXCEPT", 1 => 0, Next, Leaves, Nothing;
    /// `[exc type] -> [exc bool]`.
    CheckExcMatch = "CHECK_EXC_MATCH", 2 => 2, Next, Leaves, Nothing;
    /// `[] -> [AssertionError]`.
    LoadAssertionError = "LOAD_ASSERTION_ERROR", 0 => 1, Next, Leaves, Nothing;
    /// `[mgr] -> [exit enter_result]`: `with` entry.
    BeforeWith = "BEFORE_WITH", 1 => 2, Next, Leaves, Nothing;
    /// `[exit prev exc] -> [exit prev exc result]`: call `exit(type, exc, tb)`.
    WithExceptStart = "WITH_EXCEPT_START", 3 => 4, Next, Leaves, Nothing;
    /// `[exit] -> []`: call `exit(None, None, None)` on normal exit of a `with` body.
    WithExit = "WITH_EXIT", 1 => 0, Next, Leaves, Nothing;
    /// `[v] -> []`: show v through `sys.displayhook` (interactive statements).
    PrintExpr = "PRINT_EXPR", 1 => 0, Next, Leaves, Nothing;
    /// `[exc type] -> [rest match]`: splits what is left of the exception an
    /// `except*` handles by a clause's type (match None: no match) and
    /// makes the match the handled exception.
    CheckEgMatch = "CHECK_EG_MATCH", 2 => 2, Next, Leaves, Nothing;
    /// `[orig list] -> [exc-or-None]`: what an `except*` statement raises,
    /// from what its clauses raised and the unhandled rest.
    PrepReraiseStar = "PREP_RERAISE_STAR", 2 => 1, Next, Leaves, Nothing;
    /// `[subject] -> [subject bool]`: is the subject a sequence for `match`?
    MatchSequence = "MATCH_SEQUENCE", 1 => 2, Next, Leaves, Nothing;
    /// `[subject] -> [subject bool]`: is the subject a mapping for `match`?
    MatchMapping = "MATCH_MAPPING", 1 => 2, Next, Leaves, Nothing;
    /// `[v] -> [v len(v)]`.
    GetLen = "GET_LEN", 1 => 2, Next, Leaves, Nothing;
    /// `[subject keys] -> [subject keys values-or-None]`: look up a tuple of
    /// keys in a mapping pattern's subject.
    MatchKeys = "MATCH_KEYS", 2 => 3, Next, Leaves, Nothing;
    /// `[subject cls names] -> [attrs-or-None]`: a class pattern with this
    /// many positional sub-patterns and the keyword names in `names`.
    MatchClass(npos: u32) = "MATCH_CLASS", 3 => 1, Next, Leaves, Nothing;
    /// `[] -> []`: raise NotImplementedError naming a construct the
    /// compiler accepted but egret cannot run yet (const index of the message).
    NotImplemented(i: u32) = "NOT_IMPLEMENTED", 0 => 0, Stop, Leaves, Nothing;
}

impl Op {
    /// The change in stack depth, on the taken branch of a jump if `jump`.
    pub fn stack_effect(self, jump: bool) -> i32 {
        self.pushes(jump) as i32 - self.pops() as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opcode_is_described() {
        let ops = Op::examples();
        let mut names: Vec<&str> = ops.iter().map(|op| op.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ops.len(), "opcode names are unique");
        for op in ops {
            assert!(!op.name().is_empty(), "{op:?} has a name");
            let jumps = matches!(op.flow(), Flow::Branch | Flow::Goto);
            assert_eq!(op.jump_target().is_some(), jumps, "{op:?}: jump target");
            if !jumps {
                assert_eq!(op.pushes(true), op.pushes(false), "{op:?}: one effect");
            }
            if op.feedback() != Feedback::Nothing {
                assert_ne!(op.jit(), Jit::Leaves, "{op:?}: feedback nobody reads");
            }
        }
    }

    #[test]
    fn stack_effects_follow_the_operands() {
        assert_eq!(Op::BuildTuple(3).stack_effect(false), -2);
        assert_eq!(Op::Call(2).stack_effect(false), -3);
        assert_eq!(Op::CallKw(1).stack_effect(false), -3);
        assert_eq!(Op::CallEx(1).stack_effect(false), -3);
        assert_eq!(Op::BuildMap(2).stack_effect(false), -3);
        assert_eq!(Op::MakeFunction(1 | 8).stack_effect(false), -2);
        assert_eq!(Op::UnpackEx(2 | 1 << 8).stack_effect(false), 3);
        assert_eq!(Op::FormatValue(4).stack_effect(false), -1);
        assert_eq!(Op::ForIter(0).stack_effect(false), 1);
        assert_eq!(Op::ForIter(0).stack_effect(true), -1);
        assert_eq!(Op::JumpIfTrueOrPop(0).stack_effect(true), 0);
        assert_eq!(Op::JumpIfTrueOrPop(0).stack_effect(false), -1);
        assert_eq!(Op::Send(0).stack_effect(true), -1);
        assert_eq!(Op::Copy(2).stack_effect(false), 1);
    }
}
